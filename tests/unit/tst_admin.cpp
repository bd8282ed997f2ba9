// Staff secrets at rest: the PIN vault (PBKDF2, lockout) and the secret box
// (AES-256-GCM, key file 0600) that seals the API key.
#include "admin/apikeystore.h"
#include "admin/crypto.h"
#include "admin/pinvault.h"
#include "admin/secretbox.h"
#include "storage/database.h"
#include "storage/repositories.h"
#include "storage/settingsrepository.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <sys/stat.h>

using namespace Qt::StringLiterals;
using namespace zk;

class TestAdmin : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<storage::Database> m_db;
    std::unique_ptr<storage::SettingsRepository> m_settings;
    std::unique_ptr<storage::EventRepository> m_events;
    QDateTime m_now = QDateTime(QDate(2026, 11, 23), QTime(10, 0), Qt::UTC);

    std::unique_ptr<admin::PinVault> vault()
    {
        return std::make_unique<admin::PinVault>(*m_settings, *m_events, admin::PinVault::kMinIterations,
                                                 [this] { return m_now; });
    }
    QByteArray fileBytes(const QString &path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
    int securityEvents(const QString &kind)
    {
        int n = 0;
        const auto events = m_events->recent(100);
        for (const storage::Event &e : events.value())
            n += (e.category == u"security" && e.kind == kind) ? 1 : 0;
        return n;
    }

private Q_SLOTS:
    void init();
    void cleanup();
    void pbkdf2KnownAnswer();
    void pinValidation_data();
    void pinValidation();
    void pinStoredOnlyAsHash();
    void pinSaltDiffersPerInstall();
    void fiveWrongTriesLockForFiveMinutes();
    void lockSurvivesRestart();
    void rightPinResetsTheCount();
    void splitStepsMatchVerify();
    void secretBoxRoundTripAndTamper();
    void keyFileIsPrivate();
    void apiKeyStoreSealsTheKey();
    void apiKeyRefusesOddText();
};

void TestAdmin::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_db = std::make_unique<storage::Database>(m_dir->filePath(u"zookiosk.db"_s));
    QVERIFY(m_db->open().ok());
    m_settings = std::make_unique<storage::SettingsRepository>(*m_db);
    m_events = std::make_unique<storage::EventRepository>(*m_db);
}

void TestAdmin::cleanup()
{
    m_events.reset();
    m_settings.reset();
    m_db.reset();
    m_dir.reset();
}

// RFC 7914 section 11 / common PBKDF2-HMAC-SHA256 test vector.
void TestAdmin::pbkdf2KnownAnswer()
{
    const QByteArray key = admin::pbkdf2Sha256("passwd", "salt", 1, 64);
    QCOMPARE(key.toHex(), QByteArray("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                                     "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"));
    QVERIFY(admin::constantTimeEqual("abc", "abc"));
    QVERIFY(!admin::constantTimeEqual("abc", "abd"));
    QVERIFY(!admin::constantTimeEqual("abc", "abcd"));
    QCOMPARE(admin::randomBytes(16).size(), 16);
    QVERIFY(admin::randomBytes(16) != admin::randomBytes(16));
}

void TestAdmin::pinValidation_data()
{
    QTest::addColumn<QString>("pin");
    QTest::addColumn<bool>("ok");
    QTest::newRow("six digits") << u"482913"_s << true;
    QTest::newRow("five digits") << u"48291"_s << false;
    QTest::newRow("one digit repeated") << u"000000"_s << false;
    QTest::newRow("passphrase") << u"red panda bamboo"_s << true;
    QTest::newRow("short word") << u"panda"_s << false;
    QTest::newRow("empty") << QString() << false;
}

void TestAdmin::pinValidation()
{
    QFETCH(QString, pin);
    QFETCH(bool, ok);
    QCOMPARE(admin::PinVault::validate(pin).ok(), ok);
}

void TestAdmin::pinStoredOnlyAsHash()
{
    auto v = vault();
    QVERIFY(!v->isSet());
    QCOMPARE(v->verify(u"482913"_s).check, admin::PinVault::Check::NotSet);
    QVERIFY(v->setPin(u"482913"_s, u"test"_s).ok());
    QVERIFY(v->isSet());
    QCOMPARE(v->verify(u"482913"_s).check, admin::PinVault::Check::Accepted);
    const QString stored = m_settings->value(u"admin_pin_hash"_s).value().value();
    QVERIFY(stored.startsWith(u"pbkdf2-sha256$100000$"_s));
    QVERIFY(!stored.contains(u"482913"_s));
    m_db.reset(); // flush and close: the file itself must not hold the PIN
    m_settings.reset();
    m_events.reset();
    const QDir dir(m_dir->path());
    for (const QString &name : dir.entryList(QDir::Files)) {
        const QByteArray bytes = fileBytes(dir.filePath(name));
        QVERIFY2(!bytes.contains("482913"), qPrintable(name));
        QVERIFY2(!bytes.contains(QByteArray("482913").toBase64()), qPrintable(name));
    }
}

void TestAdmin::pinSaltDiffersPerInstall()
{
    auto v = vault();
    QVERIFY(v->setPin(u"482913"_s, u"test"_s).ok());
    const QString first = m_settings->value(u"admin_pin_hash"_s).value().value();
    QVERIFY(v->setPin(u"482913"_s, u"test"_s).ok());
    const QString second = m_settings->value(u"admin_pin_hash"_s).value().value();
    QVERIFY(first != second); // same PIN, new salt, different hash
    QCOMPARE(v->verify(u"482913"_s).check, admin::PinVault::Check::Accepted);
}

void TestAdmin::fiveWrongTriesLockForFiveMinutes()
{
    auto v = vault();
    QVERIFY(v->setPin(u"482913"_s, u"test"_s).ok());
    for (int i = 1; i <= 4; ++i) {
        const auto o = v->verify(u"111111"_s);
        QCOMPARE(o.check, admin::PinVault::Check::Wrong);
        QCOMPARE(o.triesLeft, 5 - i);
    }
    QCOMPARE(securityEvents(u"admin_pin_locked"_s), 0);
    const auto fifth = v->verify(u"111111"_s);
    QCOMPARE(fifth.check, admin::PinVault::Check::LockedOut);
    QCOMPARE(fifth.lockedUntil, m_now.addSecs(300));
    QCOMPARE(securityEvents(u"admin_pin_locked"_s), 1);
    // Even the right PIN is refused while locked.
    m_now = m_now.addSecs(299);
    QCOMPARE(v->verify(u"482913"_s).check, admin::PinVault::Check::LockedOut);
    m_now = m_now.addSecs(2);
    QCOMPARE(v->verify(u"482913"_s).check, admin::PinVault::Check::Accepted);
}

void TestAdmin::lockSurvivesRestart()
{
    {
        auto v = vault();
        QVERIFY(v->setPin(u"482913"_s, u"test"_s).ok());
        for (int i = 0; i < 5; ++i)
            (void)v->verify(u"999999"_s);
    }
    auto again = vault(); // a new vault on the same database: the kiosk restarted
    QCOMPARE(again->verify(u"482913"_s).check, admin::PinVault::Check::LockedOut);
    QVERIFY(again->lockedUntil().isValid());
}

void TestAdmin::rightPinResetsTheCount()
{
    auto v = vault();
    QVERIFY(v->setPin(u"482913"_s, u"test"_s).ok());
    for (int i = 0; i < 4; ++i)
        (void)v->verify(u"999999"_s);
    QCOMPARE(v->verify(u"482913"_s).check, admin::PinVault::Check::Accepted);
    for (int i = 0; i < 4; ++i)
        QCOMPARE(v->verify(u"999999"_s).check, admin::PinVault::Check::Wrong);
}

void TestAdmin::splitStepsMatchVerify()
{
    // The steps the admin panel runs apart (derivation off the GUI thread).
    auto v = vault();
    QCOMPARE(v->beginVerify().early.check, admin::PinVault::Check::NotSet);
    QVERIFY(!v->beginVerify().needsDerivation);
    const QString stored = admin::PinVault::hashForStorage(u"482913"_s, admin::PinVault::kMinIterations);
    QVERIFY(stored.startsWith(u"pbkdf2-sha256$100000$"_s));
    QVERIFY(!stored.contains(u"482913"_s));
    QVERIFY(!v->setHashed(u"pbkdf2-sha256$1$x$y"_s, u"test"_s).ok()); // malformed: refused
    QVERIFY(v->setHashed(stored, u"test"_s).ok());
    QCOMPARE(v->verify(u"482913"_s).check, admin::PinVault::Check::Accepted);

    auto challenge = v->beginVerify();
    QVERIFY(challenge.needsDerivation);
    QVERIFY(admin::PinVault::matches(challenge, u"482913"_s));
    QVERIFY(!admin::PinVault::matches(challenge, u"482914"_s));
    for (int i = 1; i <= 4; ++i) {
        const auto o = v->finishVerify(v->beginVerify(), false);
        QCOMPARE(o.check, admin::PinVault::Check::Wrong);
        QCOMPARE(o.triesLeft, 5 - i);
    }
    // A try that began before the lock ends locked, even when it matched.
    challenge = v->beginVerify();
    QCOMPARE(v->finishVerify(v->beginVerify(), false).check, admin::PinVault::Check::LockedOut);
    QCOMPARE(v->finishVerify(challenge, true).check, admin::PinVault::Check::LockedOut);
    QCOMPARE(v->beginVerify().early.check, admin::PinVault::Check::LockedOut);
    QCOMPARE(securityEvents(u"admin_pin_locked"_s), 1);
}

void TestAdmin::secretBoxRoundTripAndTamper()
{
    admin::SecretBox box(m_dir->filePath(u"secret.key"_s));
    const auto sealed = box.seal("sk-live-0123456789", "label-a");
    QVERIFY(sealed.ok());
    QVERIFY(sealed.value().startsWith(u"gcm1:"_s));
    QVERIFY(!sealed.value().contains(u"0123456789"_s));
    QCOMPARE(box.open(sealed.value(), "label-a").value(), QByteArray("sk-live-0123456789"));
    // Same plaintext twice: different nonces, different text.
    QVERIFY(box.seal("sk-live-0123456789", "label-a").value() != sealed.value());
    // Another label, a flipped bit, a truncation: refused, never garbage.
    QVERIFY(!box.open(sealed.value(), "label-b").ok());
    QByteArray raw = QByteArray::fromBase64(sealed.value().mid(5).toLatin1());
    raw[14] = char(raw[14] ^ 1);
    QVERIFY(!box.open(u"gcm1:"_s + QString::fromLatin1(raw.toBase64()), "label-a").ok());
    QVERIFY(!box.open(sealed.value().left(20), "label-a").ok());
    QVERIFY(!box.open(u"plain text"_s, "label-a").ok());
    // Another kiosk's key file cannot open it.
    QTemporaryDir other;
    admin::SecretBox otherBox(other.filePath(u"secret.key"_s));
    QVERIFY(otherBox.seal("x", "l").ok());
    QVERIFY(!otherBox.open(sealed.value(), "label-a").ok());
}

void TestAdmin::keyFileIsPrivate()
{
    const QString path = m_dir->filePath(u"secret.key"_s);
    admin::SecretBox box(path);
    QVERIFY(box.seal("x", "l").ok());
    struct stat st {};
    QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
    QCOMPARE(int(st.st_mode & 0777), 0600);
    QCOMPARE(QFileInfo(path).size(), 32);
    // Loosened by hand: tightened again at the next use.
    QVERIFY(::chmod(QFile::encodeName(path).constData(), 0644) == 0);
    QVERIFY(box.seal("x", "l").ok());
    QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
    QCOMPARE(int(st.st_mode & 0777), 0600);
}

void TestAdmin::apiKeyStoreSealsTheKey()
{
    admin::SecretBox box(m_dir->filePath(u"secret.key"_s));
    admin::ApiKeyStore store(*m_settings, box);
    QCOMPARE(store.load().value(), QString());
    QVERIFY(store.set(u"sk-proj-TOPSECRET-wxyz"_s).ok());
    QCOMPARE(store.load().value(), u"sk-proj-TOPSECRET-wxyz"_s);
    QCOMPARE(admin::ApiKeyStore::masked(u"sk-proj-TOPSECRET-wxyz"_s), u"\u2026wxyz"_s);
    QVERIFY(!m_settings->value(u"openai_api_key_sealed"_s).value().value().contains(u"TOPSECRET"_s));
    m_events.reset();
    m_settings.reset();
    m_db.reset();
    const QDir dir(m_dir->path());
    for (const QString &name : dir.entryList(QDir::Files))
        QVERIFY2(!fileBytes(dir.filePath(name)).contains("TOPSECRET"), qPrintable(name));
}

void TestAdmin::apiKeyRefusesOddText()
{
    admin::SecretBox box(m_dir->filePath(u"secret.key"_s));
    admin::ApiKeyStore store(*m_settings, box);
    QVERIFY(!store.set(QString()).ok());
    QVERIFY(!store.set(u"sk with space"_s).ok());
    QVERIFY(!store.set(u"sk-abc\n"_s).ok());
    QVERIFY(store.set(u"sk-abc"_s).ok());
    QVERIFY(store.clear().ok());
    QCOMPARE(store.load().value(), QString());
}

QTEST_GUILESS_MAIN(TestAdmin)
#include "tst_admin.moc"
