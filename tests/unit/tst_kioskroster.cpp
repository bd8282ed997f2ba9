// The staff console's kiosk list (fleet/kioskroster): what an entry must be,
// and the file with its tokens sealed beside a 0600 key.
#include "fleet/kioskroster.h"

#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using zk::fleet::EntryProblem;
using zk::fleet::KioskEntry;
using zk::fleet::KioskRoster;

class TestKioskRoster : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void entriesAreChecked()
    {
        const QByteArray token = "a-token-of-sixteen+";
        const QList<KioskEntry> others = {{u"Reptile house"_s, QUrl(u"ws://127.0.0.1:8765"_s), token}};
        QCOMPARE(KioskRoster::check({u"Aquarium"_s, QUrl(u"wss://kiosk-3.zoo.lan:8765"_s), token}, others),
                 EntryProblem::None);
        QCOMPARE(KioskRoster::check({u"  "_s, QUrl(u"ws://127.0.0.1:8765"_s), token}, others), EntryProblem::NoName);
        QCOMPARE(KioskRoster::check({u"reptile HOUSE "_s, QUrl(u"ws://127.0.0.1:1"_s), token}, others),
                 EntryProblem::DuplicateName);
        for (const QString &url : {u"http://127.0.0.1:8765"_s, u"ws://127.0.0.1"_s, u"ws://:8765"_s, u"nonsense"_s})
            QCOMPARE(KioskRoster::check({u"Aquarium"_s, QUrl(url), token}, others), EntryProblem::BadUrl);
        for (const QByteArray &bad : {QByteArray("short"), QByteArray("has a space in it, sadly"), QByteArray()})
            QCOMPARE(KioskRoster::check({u"Aquarium"_s, QUrl(u"ws://127.0.0.1:8765"_s), bad}, others),
                     EntryProblem::BadToken);
    }

    void savedListOpensAgainWithoutPlainTokens()
    {
        const QString path = m_dir.filePath(u"sub/dir/kiosks.json"_s);
        KioskRoster roster(path);
        QVERIFY(roster.load().ok());
        QVERIFY(roster.load().value().isEmpty());   // no file yet
        const QList<KioskEntry> entries = {{u"Reptile house"_s, QUrl(u"ws://127.0.0.1:8765"_s), "first-token-0123456789"},
                                           {u"Aquarium"_s, QUrl(u"wss://kiosk-3.zoo.lan:8765"_s), "second-token-0123456789"}};
        QVERIFY(roster.save(entries).ok());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(text.contains("Aquarium") && text.contains("wss://kiosk-3.zoo.lan:8765"));
        QVERIFY(!text.contains("first-token") && !text.contains("second-token"));
        QCOMPARE(QFileInfo(path).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
        QCOMPARE(QFileInfo(path + u".key"_s).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());

        const auto loaded = KioskRoster(path).load();
        QVERIFY(loaded.ok());
        QCOMPARE(loaded.value().size(), 2);
        QCOMPARE(loaded.value().at(1).name, u"Aquarium"_s);
        QCOMPARE(loaded.value().at(1).url, QUrl(u"wss://kiosk-3.zoo.lan:8765"_s));
        QCOMPARE(loaded.value().at(1).token, QByteArray("second-token-0123456789"));

        // Without its key the tokens do not open, and the error does not show them.
        QVERIFY(QFile::remove(path + u".key"_s));
        const auto keyless = KioskRoster(path).load();
        QVERIFY(!keyless.ok());
        QVERIFY(!keyless.error().message.contains(u"token-0123456789"_s));
    }
};

QTEST_GUILESS_MAIN(TestKioskRoster)
#include "tst_kioskroster.moc"
