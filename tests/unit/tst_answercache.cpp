// AnswerCacheRepository: store and lookup, time to live, hit counts, purge,
// clear, and keys from questionKey() making differently typed questions one.

#include "conversation/questionkey.h"
#include "persona/defaultcontent.h"
#include "storage/cacherepository.h"
#include "storage/database.h"
#include "storage/repositories.h"

#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <tuple>

using namespace Qt::StringLiterals;
using zk::conversation::questionKey;
using zk::storage::AnswerCacheRepository;
using zk::storage::AnimalRepository;
using zk::storage::Database;

namespace {

template <typename R>
QByteArray errorOf(const R &result)
{
    return result.ok() ? QByteArray() : result.error().message.toUtf8();
}

#define ZK_VERIFY_OK(expr)                                                                                             \
    do {                                                                                                               \
        const auto &zkResult_ = (expr);                                                                                \
        QVERIFY2(zkResult_.ok(), errorOf(zkResult_).constData());                                                      \
    } while (false)

const QString kPanda = u"red_panda"_s;
const QString kTiger = u"tiger"_s;

} // namespace

class TestAnswerCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanupTestCase();

    void storeAndLookup();
    void missesOtherAnimalLanguageOrKey();
    void expiresAfterTtl();
    void countsHits();
    void storeReplacesAndResetsHits();
    void purgeExpired();
    void clear();
    void normalisedKeysShareAnEntry();
    void rejectsBadInput();

private:
    int hits(const QString &animalId, const QString &language, const QString &key) const;

    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<AnswerCacheRepository> m_cache;
    const QDateTime m_t0 = QDateTime(QDate(2025, 6, 1), QTime(10, 0), Qt::UTC);
};

void TestAnswerCache::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    m_db = std::make_unique<Database>(m_dir.filePath(u"cache.db"_s));
    ZK_VERIFY_OK(m_db->open());
    const auto content = zk::persona::loadDefaultContent();
    ZK_VERIFY_OK(content);
    AnimalRepository animals(*m_db);
    for (const auto &animal : content->animals)
        ZK_VERIFY_OK(animals.seedDefault(animal));
    m_cache = std::make_unique<AnswerCacheRepository>(*m_db);
}

void TestAnswerCache::init()
{
    ZK_VERIFY_OK(m_cache->clear());
}

void TestAnswerCache::cleanupTestCase()
{
    m_cache.reset();
    m_db.reset();
}

int TestAnswerCache::hits(const QString &animalId, const QString &language, const QString &key) const
{
    QSqlQuery q(m_db->connection());
    q.prepare(u"SELECT hits FROM answer_cache WHERE animal_id = ? AND language = ? AND question_key = ?"_s);
    q.addBindValue(animalId);
    q.addBindValue(language);
    q.addBindValue(key);
    if (!q.exec() || !q.next())
        return -1;
    return q.value(0).toInt();
}

void TestAnswerCache::storeAndLookup()
{
    const QString key = questionKey(u"What do you eat?"_s);
    const QString reply = u"I munch bamboo 🎋 — lots of it! \"Yum\"."_s;
    ZK_VERIFY_OK(m_cache->store(kPanda, u"en"_s, key, reply, u"gpt-4o"_s, u"pv1"_s, m_t0, 24));
    const auto found = m_cache->lookup(kPanda, u"en"_s, key, m_t0.addSecs(60));
    ZK_VERIFY_OK(found);
    QVERIFY(found->has_value());
    QCOMPARE(found->value(), reply);

    QSqlQuery q(m_db->connection());
    QVERIFY(q.exec(u"SELECT model, prompt_version, created_at, expires_at FROM answer_cache"_s));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), u"gpt-4o"_s);
    QCOMPARE(q.value(1).toString(), u"pv1"_s);
    QCOMPARE(q.value(2).toString(), u"2025-06-01T10:00:00.000Z"_s);
    QCOMPARE(q.value(3).toString(), u"2025-06-02T10:00:00.000Z"_s);
}

void TestAnswerCache::missesOtherAnimalLanguageOrKey()
{
    const QString key = questionKey(u"What do you eat?"_s);
    ZK_VERIFY_OK(m_cache->store(kPanda, u"en"_s, key, u"Bamboo!"_s, u"m"_s, u"p"_s, m_t0, 24));
    const QDateTime now = m_t0.addSecs(1);
    for (const auto &[animal, language, k] : {std::tuple{kTiger, u"en"_s, key}, std::tuple{kPanda, u"es"_s, key},
                                              std::tuple{kPanda, u"en"_s, questionKey(u"What do you drink?"_s)},
                                              std::tuple{kPanda, u"en"_s, QString()}}) {
        const auto found = m_cache->lookup(animal, language, k, now);
        ZK_VERIFY_OK(found);
        QVERIFY2(!found->has_value(), qPrintable(animal + u' ' + language + u' ' + k));
    }
    QCOMPARE(hits(kPanda, u"en"_s, key), 0);
}

void TestAnswerCache::expiresAfterTtl()
{
    const QString key = u"what do you eat"_s;
    ZK_VERIFY_OK(m_cache->store(kPanda, u"en"_s, key, u"Bamboo!"_s, u"m"_s, u"p"_s, m_t0, 24));
    auto at = [&](const QDateTime &now) {
        const auto found = m_cache->lookup(kPanda, u"en"_s, key, now);
        return found.ok() && found->has_value();
    };
    QVERIFY(at(m_t0));
    QVERIFY(at(m_t0.addSecs(24 * 3600 - 1)));
    QVERIFY(!at(m_t0.addSecs(24 * 3600)));      // expires_at itself is expired
    QVERIFY(!at(m_t0.addDays(3)));
    // Another time zone, the same instant: judged as that instant, not by its
    // local clock (23 h later is 18:00 in Tokyo, after expiry's 10:00 UTC;
    // 25 h later is 06:00 in Bogotá, before it).
    QVERIFY(at(m_t0.addSecs(23 * 3600).toOffsetFromUtc(9 * 3600)));
    QVERIFY(!at(m_t0.addSecs(25 * 3600).toOffsetFromUtc(-5 * 3600)));

    // Stored with a local time: kept as UTC.
    ZK_VERIFY_OK(m_cache->store(kPanda, u"en"_s, u"tokyo"_s, u"Hi!"_s, u"m"_s, u"p"_s,
                                m_t0.toOffsetFromUtc(9 * 3600), 24));
    QSqlQuery q(m_db->connection());
    QVERIFY(q.exec(u"SELECT created_at, expires_at FROM answer_cache WHERE question_key = 'tokyo'"_s));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), u"2025-06-01T10:00:00.000Z"_s);
    QCOMPARE(q.value(1).toString(), u"2025-06-02T10:00:00.000Z"_s);

    // A short TTL.
    ZK_VERIFY_OK(m_cache->store(kPanda, u"en"_s, u"hello"_s, u"Hi!"_s, u"m"_s, u"p"_s, m_t0, 1));
    const auto early = m_cache->lookup(kPanda, u"en"_s, u"hello"_s, m_t0.addSecs(59 * 60));
    ZK_VERIFY_OK(early);
    QVERIFY(early->has_value());
    const auto late = m_cache->lookup(kPanda, u"en"_s, u"hello"_s, m_t0.addSecs(61 * 60));
    ZK_VERIFY_OK(late);
    QVERIFY(!late->has_value());
}

void TestAnswerCache::countsHits()
{
    const QString key = u"what do you eat"_s;
    ZK_VERIFY_OK(m_cache->store(kPanda, u"en"_s, key, u"Bamboo!"_s, u"m"_s, u"p"_s, m_t0, 24));
    QCOMPARE(hits(kPanda, u"en"_s, key), 0);
    for (int i = 1; i <= 3; ++i) {
        const auto found = m_cache->lookup(kPanda, u"en"_s, key, m_t0.addSecs(i));
        ZK_VERIFY_OK(found);
        QVERIFY(found->has_value());
        QCOMPARE(hits(kPanda, u"en"_s, key), i);
    }
    // A lookup after expiry is a miss and does not count.
    const auto expired = m_cache->lookup(kPanda, u"en"_s, key, m_t0.addDays(2));
    ZK_VERIFY_OK(expired);
    QVERIFY(!expired->has_value());
    QCOMPARE(hits(kPanda, u"en"_s, key), 3);
}

void TestAnswerCache::storeReplacesAndResetsHits()
{
    const QString key = u"what do you eat"_s;
    ZK_VERIFY_OK(m_cache->store(kPanda, u"en"_s, key, u"Old reply"_s, u"m1"_s, u"p1"_s, m_t0, 1));
    QVERIFY(m_cache->lookup(kPanda, u"en"_s, key, m_t0).ok());
    QCOMPARE(hits(kPanda, u"en"_s, key), 1);

    const QDateTime later = m_t0.addSecs(2 * 3600); // the old entry has expired by now
    ZK_VERIFY_OK(m_cache->store(kPanda, u"en"_s, key, u"New reply"_s, u"m2"_s, u"p2"_s, later, 24));
    QCOMPARE(hits(kPanda, u"en"_s, key), 0);
    const auto found = m_cache->lookup(kPanda, u"en"_s, key, later.addSecs(3600));
    ZK_VERIFY_OK(found);
    QVERIFY(found->has_value());
    QCOMPARE(found->value(), u"New reply"_s);

    QSqlQuery q(m_db->connection());
    QVERIFY(q.exec(u"SELECT count(*), max(model) FROM answer_cache"_s));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 1);
    QCOMPARE(q.value(1).toString(), u"m2"_s);
}

void TestAnswerCache::purgeExpired()
{
    ZK_VERIFY_OK(m_cache->store(kPanda, u"en"_s, u"a"_s, u"A"_s, u"m"_s, u"p"_s, m_t0, 1));
    ZK_VERIFY_OK(m_cache->store(kPanda, u"es"_s, u"b"_s, u"B"_s, u"m"_s, u"p"_s, m_t0, 2));
    ZK_VERIFY_OK(m_cache->store(kTiger, u"en"_s, u"c"_s, u"C"_s, u"m"_s, u"p"_s, m_t0, 24));

    auto purged = m_cache->purgeExpired(m_t0.addSecs(30 * 60));
    ZK_VERIFY_OK(purged);
    QCOMPARE(*purged, 0);
    purged = m_cache->purgeExpired(m_t0.addSecs(2 * 3600)); // a (1 h) and b (exactly 2 h)
    ZK_VERIFY_OK(purged);
    QCOMPARE(*purged, 2);
    QCOMPARE(hits(kPanda, u"en"_s, u"a"_s), -1);
    QCOMPARE(hits(kPanda, u"es"_s, u"b"_s), -1);
    QCOMPARE(hits(kTiger, u"en"_s, u"c"_s), 0);
    purged = m_cache->purgeExpired(m_t0.addDays(1));
    ZK_VERIFY_OK(purged);
    QCOMPARE(*purged, 1);
}

void TestAnswerCache::clear()
{
    ZK_VERIFY_OK(m_cache->store(kPanda, u"en"_s, u"a"_s, u"A"_s, u"m"_s, u"p"_s, m_t0, 24));
    ZK_VERIFY_OK(m_cache->store(kPanda, u"es"_s, u"a"_s, u"A"_s, u"m"_s, u"p"_s, m_t0, 24));
    ZK_VERIFY_OK(m_cache->store(kTiger, u"en"_s, u"a"_s, u"A"_s, u"m"_s, u"p"_s, m_t0, 24));

    ZK_VERIFY_OK(m_cache->clear(kPanda));
    QCOMPARE(hits(kPanda, u"en"_s, u"a"_s), -1);
    QCOMPARE(hits(kPanda, u"es"_s, u"a"_s), -1);
    QCOMPARE(hits(kTiger, u"en"_s, u"a"_s), 0);

    ZK_VERIFY_OK(m_cache->clear());
    QCOMPARE(hits(kTiger, u"en"_s, u"a"_s), -1);
}

void TestAnswerCache::normalisedKeysShareAnEntry()
{
    ZK_VERIFY_OK(m_cache->store(kPanda, u"en"_s, questionKey(u"What do you EAT??"_s), u"Bamboo!"_s, u"m"_s,
                                u"p"_s, m_t0, 24));
    for (const QString &asked : {u"what do you eat"_s, u"  What   do you eat 🐼"_s, u"WHAT DO YOU EAT?!"_s,
                                 u"\uFF37hat do you eat\uFF1F"_s}) {
        const auto found = m_cache->lookup(kPanda, u"en"_s, questionKey(asked), m_t0.addSecs(1));
        ZK_VERIFY_OK(found);
        QVERIFY2(found->has_value(), qPrintable(asked));
        QCOMPARE(found->value(), u"Bamboo!"_s);
    }
    QCOMPARE(hits(kPanda, u"en"_s, u"what do you eat"_s), 4);

    ZK_VERIFY_OK(m_cache->store(kPanda, u"es"_s, questionKey(u"¿Qué comes?"_s), u"¡Bambú!"_s, u"m"_s, u"p"_s,
                                m_t0, 24));
    const auto es = m_cache->lookup(kPanda, u"es"_s, questionKey(u"qué COMES"_s), m_t0.addSecs(1));
    ZK_VERIFY_OK(es);
    QVERIFY(es->has_value());
    QCOMPARE(es->value(), u"¡Bambú!"_s);
}

void TestAnswerCache::rejectsBadInput()
{
    QVERIFY(!m_cache->store(kPanda, u"en"_s, QString(), u"A"_s, u"m"_s, u"p"_s, m_t0, 24).ok());
    QVERIFY(!m_cache->store(kPanda, u"en"_s, u"k"_s, u"  "_s, u"m"_s, u"p"_s, m_t0, 24).ok());
    QVERIFY(!m_cache->store(kPanda, u"en"_s, u"k"_s, u"A"_s, u"m"_s, u"p"_s, m_t0, 0).ok());
    QVERIFY(!m_cache->store(kPanda, u"en"_s, u"k"_s, u"A"_s, u"m"_s, u"p"_s, QDateTime(), 24).ok());
    // The animal must exist (foreign key).
    QVERIFY(!m_cache->store(u"unicorn"_s, u"en"_s, u"k"_s, u"A"_s, u"m"_s, u"p"_s, m_t0, 24).ok());
    QSqlQuery q(m_db->connection());
    QVERIFY(q.exec(u"SELECT count(*) FROM answer_cache"_s));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 0);
}

QTEST_GUILESS_MAIN(TestAnswerCache)
#include "tst_answercache.moc"
