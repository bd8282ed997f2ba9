// Database: opening, PRAGMAs, versioned migrations from qrc, refusal of newer
// files, recovery of damaged files, connection lifetime and ScopedTransaction.

#include "core/builtincontent.h"
#include "storage/database.h"
#include "storage/repositories.h"
#include "storage/settingsrepository.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace zk::storage;
using zk::persona::Animal;
using zk::persona::AnimalText;
using zk::persona::GuardrailRule;
using zk::persona::RuleType;

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

QVariant scalar(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql) || !q.next()) {
        qWarning().noquote() << sql << "->" << q.lastError().text();
        return {};
    }
    return q.value(0);
}

bool exec(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql)) {
        qWarning().noquote() << sql << "->" << q.lastError().text();
        return false;
    }
    return true;
}

bool hasTable(const QSqlDatabase &db, const QString &name)
{
    QSqlQuery q(db);
    q.prepare(u"SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"_s);
    q.addBindValue(name);
    return q.exec() && q.next();
}

bool hasIndex(const QSqlDatabase &db, const QString &name)
{
    QSqlQuery q(db);
    q.prepare(u"SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?"_s);
    q.addBindValue(name);
    return q.exec() && q.next();
}

QByteArray fileHash(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex();
}

QStringList corruptFiles(const QString &dirPath)
{
    return QDir(dirPath).entryList({u"*.corrupt-*"_s}, QDir::Files);
}

Animal sampleAnimal()
{
    Animal a;
    a.id = u"red_panda"_s;
    a.art = u":/art/red_panda.svg"_s;
    a.sortOrder = 1;
    a.contentHash = u"seed-v1"_s;
    AnimalText en;
    en.language = u"en"_s;
    en.name = u"Zara"_s;
    en.title = u"Zara the Red Panda"_s;
    en.species = u"Red Panda"_s;
    en.personality = u"Curious and a little shy."_s;
    en.facts = {u"I sleep up to 15 hours a day."_s, u"My striped tail helps me balance."_s};
    en.conservationStatus = u"Endangered (IUCN Red List)"_s;
    en.suggestedQuestions = {u"What do you eat?"_s};
    en.emergencyMessage = u"Our animal ambassadors are taking a short break."_s;
    AnimalText es = en;
    es.language = u"es"_s;
    es.title = u"Zara, la panda roja"_s;
    es.personality = u"Curiosa y un poco tímida. ¡Me encanta el bambú! 🎋"_s;
    a.texts = {en, es};
    return a;
}

// Fills an open database with realistic rows through the repositories.
// Returns the conversation id.
QString populate(Database &db)
{
    AnimalRepository animals(db);
    GuardrailRepository rules(db);
    ConversationRepository conversations(db);
    EventRepository events(db);

    if (!animals.seedDefault(sampleAnimal()).ok())
        return {};
    GuardrailRule rule;
    rule.type = RuleType::Never;
    rule.text = u"Never give medical advice."_s;
    rule.seedKey = u"global.no_medical"_s;
    if (!rules.seedDefault(rule).ok())
        return {};
    auto conversation = conversations.create(u"red_panda"_s, u"es"_s);
    if (!conversation.ok())
        return {};
    // The turn and its usage row as a version-1 kiosk wrote them (raw SQL: the
    // current repository also maintains tables that version 1 did not have).
    QSqlQuery q(db.connection());
    q.prepare(u"INSERT INTO turns (id, conversation_id, seq, visitor_text, reply, source, status, model, "
              "prompt_version, prompt_tokens, completion_tokens, first_token_ms, latency_ms, created_at, finished_at) "
              "VALUES (?, ?, 1, ?, ?, 'model', 'completed', 'gpt-4o-mini', 'abc123', 420, 38, 310, 1200, ?, ?)"_s);
    const QString turnId = u"turn-v1-0001"_s;
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    for (const QVariant &v : {QVariant(turnId), QVariant(conversation->id), QVariant(u"¿Qué comes?"_s),
                              QVariant(u"¡Bambú, sobre todo! 🎋"_s), QVariant(now), QVariant(now)})
        q.addBindValue(v);
    if (!q.exec())
        return {};
    q.prepare(u"INSERT INTO usage (turn_id, conversation_id, model, purpose, prompt_tokens, completion_tokens, "
              "created_at) VALUES (?, ?, 'gpt-4o-mini', 'reply', 420, 38, ?)"_s);
    for (const QVariant &v : {QVariant(turnId), QVariant(conversation->id), QVariant(now)})
        q.addBindValue(v);
    if (!q.exec())
        return {};
    Event event;
    event.severity = Severity::Warning;
    event.category = u"alert"_s;
    event.kind = u"budget_80"_s;
    event.message = u"80% of the daily budget used"_s;
    if (!events.record(event).ok())
        return {};
    return conversation->id;
}

// "1,2,...,N" for every migration this build ships.
QString expectedVersions()
{
    QStringList versions;
    for (int v = 1; v <= Database::latestSchemaVersion(); ++v)
        versions << QString::number(v);
    return versions.join(u',');
}

} // namespace

class TestDatabase : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void schemaFilesAreVersioned();
    void freshOpenCreatesLatestSchema();
    void migratesFromVersion1();
    void failedMigrationStepIsRolledBack();
    void reopenIsIdempotent();
    void newerSchemaIsRefused();
    void invalidTargetVersionIsRefused();
    void damagedFileIsMovedAside_data();
    void damagedFileIsMovedAside();
    void emptyFileIsInitialised();
    void uncheckpointedWalIsNotDamage();
    void closeRemovesConnection();
    void twoConnectionsShareTheFile();
    void checkpointsRunOffTheUsersThread();
    void scopedTransactionRollsBackOnDestruction();
    void scopedTransactionCommits();
    void scopedTransactionNestedIsInactive();
    void templateGivesWhatMigrationsAndSeedingGive();
    void unusableTemplateFallsBackToMigrations_data();
    void unusableTemplateFallsBackToMigrations();
    void templateNeverReplacesAnExistingFile();
};

void TestDatabase::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestDatabase::schemaFilesAreVersioned()
{
    const QStringList files = QDir(u":/schema"_s).entryList({u"*.sql"_s}, QDir::Files, QDir::Name);
    QVERIFY2(files.size() >= 2, qPrintable(files.join(u", "_s)));
    QCOMPARE(Database::latestSchemaVersion(), files.size());
    QVERIFY(files.first().startsWith(u"001-"_s));
}

void TestDatabase::freshOpenCreatesLatestSchema()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString path = tmp.filePath(u"nested/data/zookiosk.db"_s);

    Database db(path);
    ZK_VERIFY_OK(db.open());
    QVERIFY(QFile::exists(path));
    QCOMPARE(db.schemaVersion(), Database::latestSchemaVersion());
    QVERIFY(db.recoveredFrom().isEmpty());

    const QSqlDatabase c = db.connection();
    QVERIFY(c.isOpen());
    QCOMPARE(scalar(c, u"PRAGMA journal_mode"_s).toString(), u"wal"_s);
    QCOMPARE(scalar(c, u"PRAGMA foreign_keys"_s).toInt(), 1);
    QCOMPARE(scalar(c, u"PRAGMA synchronous"_s).toInt(), 1); // NORMAL
    QCOMPARE(scalar(c, u"PRAGMA busy_timeout"_s).toInt(), 5000);
    QCOMPARE(scalar(c, u"SELECT group_concat(version) FROM (SELECT version FROM schema_version ORDER BY version)"_s)
                 .toString(),
             expectedVersions());

    for (const QString &table : {u"animals"_s, u"animal_texts"_s, u"guardrail_rules"_s, u"conversations"_s,
                                 u"turns"_s, u"summaries"_s, u"usage"_s, u"events"_s, u"settings"_s,
                                 u"prompt_versions"_s, u"pending_turns"_s, u"knowledge_entries"_s,
                                 u"knowledge_fts"_s, u"answer_cache"_s, u"breaker_state"_s, u"failed_requests"_s})
        QVERIFY2(hasTable(c, table), qPrintable(table));
    for (const QString &index : {u"turns_created"_s, u"events_created"_s, u"usage_created"_s})
        QVERIFY2(hasIndex(c, index), qPrintable(index));

    // The new directory and the file are private to the kiosk user.
    const QFileDevice::Permissions others = QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup
                                            | QFile::ReadOther | QFile::WriteOther | QFile::ExeOther;
    const QFileDevice::Permissions dirPerms = QFile::permissions(tmp.filePath(u"nested/data"_s));
    QVERIFY(dirPerms.testFlags(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    QCOMPARE(dirPerms & others, QFileDevice::Permissions());
    QCOMPARE(QFile::permissions(path) & others, QFileDevice::Permissions());

    // The schema enforces its CHECKs and foreign keys.
    QVERIFY(!exec(c, u"INSERT INTO events (created_at, severity, category, kind) VALUES ('x', 'loud', 'system', 'k')"_s));
    QVERIFY(!exec(c, u"INSERT INTO animal_texts (animal_id, language) VALUES ('nobody', 'en')"_s));
}

void TestDatabase::migratesFromVersion1()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString path = tmp.filePath(u"zookiosk.db"_s);
    QString conversationId;
    {
        Database db(path);
        ZK_VERIFY_OK(db.open(1));
        QCOMPARE(db.schemaVersion(), 1);
        QVERIFY(!hasTable(db.connection(), u"prompt_versions"_s));
        QVERIFY(!hasIndex(db.connection(), u"turns_created"_s));
        conversationId = populate(db);
        QVERIFY(!conversationId.isEmpty());
        // Version 2 features fail cleanly on a version 1 file.
        QVERIFY(!ConversationRepository(db).rememberPromptVersion(u"h"_s, u"red_panda"_s, u"prompt"_s).ok());
        db.close();
    }

    Database db(path);
    ZK_VERIFY_OK(db.open());
    QCOMPARE(db.schemaVersion(), Database::latestSchemaVersion());
    QVERIFY(db.recoveredFrom().isEmpty());
    QCOMPARE(scalar(db.connection(), u"SELECT count(*) FROM schema_version"_s).toInt(),
             Database::latestSchemaVersion());
    QVERIFY(hasIndex(db.connection(), u"turns_created"_s));

    // Rows written at version 1 are intact.
    auto animal = AnimalRepository(db).find(u"red_panda"_s);
    ZK_VERIFY_OK(animal);
    QVERIFY(animal->has_value());
    QCOMPARE((*animal)->texts.size(), 2);
    QCOMPARE((*animal)->text(u"es"_s)->personality, u"Curiosa y un poco tímida. ¡Me encanta el bambú! 🎋"_s);
    auto rules = GuardrailRepository(db).all();
    ZK_VERIFY_OK(rules);
    QCOMPARE(rules->size(), 1);
    QCOMPARE(rules->first().seedKey, u"global.no_medical"_s);
    auto turns = ConversationRepository(db).turns(conversationId);
    ZK_VERIFY_OK(turns);
    QCOMPARE(turns->size(), 1);
    QCOMPARE(turns->first().reply, u"¡Bambú, sobre todo! 🎋"_s);
    QCOMPARE(turns->first().firstTokenMs, std::optional<qint64>(310));
    QCOMPARE(scalar(db.connection(), u"SELECT count(*) FROM usage"_s).toInt(), 1);
    auto events = EventRepository(db).recent(10);
    ZK_VERIFY_OK(events);
    QCOMPARE(events->size(), 1);
    QCOMPARE(events->first().kind, u"budget_80"_s);

    // The table added by version 2 is usable.
    ConversationRepository conversations(db);
    ZK_VERIFY_OK(conversations.rememberPromptVersion(u"abc123"_s, u"red_panda"_s, u"You are Zara…"_s));
    QCOMPARE(scalar(db.connection(), u"SELECT text FROM prompt_versions WHERE hash = 'abc123'"_s).toString(),
             u"You are Zara…"_s);
}

void TestDatabase::failedMigrationStepIsRolledBack()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString path = tmp.filePath(u"zookiosk.db"_s);
    {
        Database db(path);
        ZK_VERIFY_OK(db.open(1));
        QVERIFY(!populate(db).isEmpty());
        // Makes the last statement of the version 2 script fail.
        QVERIFY(exec(db.connection(), u"CREATE INDEX usage_created ON usage (model)"_s));
        db.close();
    }
    {
        Database db(path);
        const zk::Status st = db.open();
        QVERIFY(!st.ok());
        QVERIFY2(st.error().message.contains(u"version 2"_s), qPrintable(st.error().message));
        QVERIFY(!db.connection().isValid());
        QVERIFY(db.recoveredFrom().isEmpty());
    }
    QVERIFY(corruptFiles(tmp.path()).isEmpty()); // a failed migration is not damage

    // Nothing of step 2 stuck: still version 1, no half-made tables.
    Database db(path);
    ZK_VERIFY_OK(db.open(1));
    QCOMPARE(db.schemaVersion(), 1);
    QVERIFY(!hasTable(db.connection(), u"prompt_versions"_s));
    QVERIFY(!hasIndex(db.connection(), u"turns_created"_s));
    QCOMPARE(scalar(db.connection(), u"SELECT count(*) FROM turns"_s).toInt(), 1);

    // Once the obstacle is gone the upgrade completes.
    QVERIFY(exec(db.connection(), u"DROP INDEX usage_created"_s));
    db.close();
    ZK_VERIFY_OK(db.open());
    QCOMPARE(db.schemaVersion(), Database::latestSchemaVersion());
    QVERIFY(hasTable(db.connection(), u"prompt_versions"_s));
}

void TestDatabase::reopenIsIdempotent()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString path = tmp.filePath(u"zookiosk.db"_s);
    Database db(path);
    ZK_VERIFY_OK(db.open());
    const QString conversationId = populate(db);
    QVERIFY(!conversationId.isEmpty());
    db.close();

    for (int i = 0; i < 3; ++i) {
        ZK_VERIFY_OK(db.open());
        QCOMPARE(db.schemaVersion(), Database::latestSchemaVersion());
        QCOMPARE(scalar(db.connection(), u"SELECT count(*) FROM schema_version"_s).toInt(),
                 Database::latestSchemaVersion());
        QCOMPARE(scalar(db.connection(), u"SELECT count(*) FROM turns"_s).toInt(), 1);
        QCOMPARE(scalar(db.connection(), u"SELECT count(*) FROM animals"_s).toInt(), 1);
        QVERIFY(db.recoveredFrom().isEmpty());
        db.close();
    }
    // open() on an open Database reopens it rather than leaking a connection.
    const qsizetype connections = QSqlDatabase::connectionNames().size();
    ZK_VERIFY_OK(db.open());
    ZK_VERIFY_OK(db.open());
    QCOMPARE(QSqlDatabase::connectionNames().size(), connections + 1);
    QVERIFY(corruptFiles(tmp.path()).isEmpty());
}

void TestDatabase::newerSchemaIsRefused()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString path = tmp.filePath(u"zookiosk.db"_s);
    const int future = Database::latestSchemaVersion() + 1;
    {
        Database db(path);
        ZK_VERIFY_OK(db.open());
        QVERIFY(!populate(db).isEmpty());
        QVERIFY(exec(db.connection(),
                     u"INSERT INTO schema_version (version, applied_at) VALUES (%1, '2031-01-01T00:00:00Z')"_s.arg(future)));
        db.close();
    }
    const QByteArray before = fileHash(path);
    QVERIFY(!before.isEmpty());

    Database db(path);
    const zk::Status st = db.open();
    QVERIFY(!st.ok());
    QVERIFY2(st.error().message.contains(u"newer"_s), qPrintable(st.error().message));
    QVERIFY2(st.error().message.contains(QString::number(future)), qPrintable(st.error().message));
    QVERIFY(!db.connection().isOpen());
    QVERIFY(db.recoveredFrom().isEmpty());

    // Not damaged, not moved: the same bytes, still at the future version.
    QCOMPARE(fileHash(path), before);
    QVERIFY(corruptFiles(tmp.path()).isEmpty());
    {
        QSqlDatabase raw = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"tst-raw"_s);
        raw.setDatabaseName(path);
        QVERIFY(raw.open());
        QCOMPARE(scalar(raw, u"SELECT MAX(version) FROM schema_version"_s).toInt(), future);
        QCOMPARE(scalar(raw, u"SELECT count(*) FROM turns"_s).toInt(), 1);
        raw.close();
    }
    QSqlDatabase::removeDatabase(u"tst-raw"_s);
}

void TestDatabase::invalidTargetVersionIsRefused()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    Database db(tmp.filePath(u"zookiosk.db"_s));
    QVERIFY(!db.open(0).ok());
    QVERIFY(!db.open(Database::latestSchemaVersion() + 1).ok());
    QVERIFY(!db.connection().isValid());
}

void TestDatabase::damagedFileIsMovedAside_data()
{
    QTest::addColumn<QString>("damage");
    QTest::newRow("garbage over the whole file") << u"garbage"_s;
    QTest::newRow("garbage header") << u"header"_s;
    QTest::newRow("truncated to half") << u"truncate"_s;
    QTest::newRow("clobbered pages") << u"pages"_s;
}

void TestDatabase::damagedFileIsMovedAside()
{
    QFETCH(QString, damage);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString path = tmp.filePath(u"zookiosk.db"_s);
    {
        Database db(path);
        ZK_VERIFY_OK(db.open());
        QVERIFY(!populate(db).isEmpty());
        // Enough pages that truncation and clobbering hit real b-tree pages.
        EventRepository events(db);
        for (int i = 0; i < 300; ++i) {
            Event e;
            e.category = u"system"_s;
            e.kind = u"filler"_s;
            e.message = QString(600, QChar(u'a' + i % 26));
            QVERIFY(events.record(e).ok());
        }
        db.close();
    }
    QVERIFY(!QFile::exists(path + u"-wal"_s)); // checkpointed on close

    QFile file(path);
    const qint64 size = file.size();
    QVERIFY(size > 100 * 1024);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QRandomGenerator rng(42);
    auto garbage = [&rng](qint64 n) {
        QByteArray bytes(n, Qt::Uninitialized);
        for (char &b : bytes)
            b = char(rng.bounded(256));
        return bytes;
    };
    if (damage == u"garbage") {
        file.write(garbage(size));
    } else if (damage == u"header") {
        file.write(garbage(100));
    } else if (damage == u"truncate") {
        QVERIFY(file.resize(size / 2));
    } else if (damage == u"pages") {
        for (qint64 offset = 2 * 4096; offset < size; offset += 3 * 4096) {
            file.seek(offset);
            file.write(garbage(4096));
        }
    }
    file.close();
    if (damage == u"garbage") {
        // Stale companions of the damaged file must go with it.
        QFile wal(path + u"-wal"_s);
        QVERIFY(wal.open(QIODevice::WriteOnly));
        wal.write(garbage(4096));
        wal.close();
        QFile shm(path + u"-shm"_s);
        QVERIFY(shm.open(QIODevice::WriteOnly));
        shm.write(garbage(4096));
        shm.close();
    }
    const QByteArray damagedHash = fileHash(path);
    const QByteArray walHash = fileHash(path + u"-wal"_s);

    Database db(path);
    ZK_VERIFY_OK(db.open());
    const QString movedTo = db.recoveredFrom();
    QVERIFY2(!movedTo.isEmpty(), "the damaged file was not detected");
    QVERIFY2(movedTo.startsWith(path + u".corrupt-"_s), qPrintable(movedTo));
    QVERIFY(QFile::exists(movedTo));
    QCOMPARE(fileHash(movedTo), damagedHash); // kept as it was, for inspection
    if (damage == u"garbage") {
        // The -wal may hold the last committed transactions: kept as found.
        QCOMPARE(fileHash(movedTo + u"-wal"_s), walHash);
        QVERIFY(QFile::exists(movedTo + u"-shm"_s));
    }

    // A fresh, working database at the latest version.
    QCOMPARE(db.schemaVersion(), Database::latestSchemaVersion());
    QCOMPARE(scalar(db.connection(), u"PRAGMA integrity_check"_s).toString(), u"ok"_s);
    QCOMPARE(scalar(db.connection(), u"SELECT count(*) FROM turns"_s).toInt(), 0);
    ZK_VERIFY_OK(AnimalRepository(db).seedDefault(sampleAnimal()));

    // ... and the recovery is recorded for staff.
    auto events = EventRepository(db).recent(10);
    ZK_VERIFY_OK(events);
    QCOMPARE(events->size(), 1);
    const Event &e = events->first();
    QCOMPARE(e.kind, u"db_recovered"_s);
    QCOMPARE(e.severity, Severity::Error);
    QCOMPARE(e.category, u"system"_s);
    QVERIFY2(e.message.contains(movedTo), qPrintable(e.message));
    QVERIFY(!e.createdAt.isEmpty());

    // Reopening the recovered database is ordinary: no second recovery.
    db.close();
    ZK_VERIFY_OK(db.open());
    QVERIFY(db.recoveredFrom().isEmpty());
    const QStringList moved =
        corruptFiles(tmp.path()).filter(QRegularExpression(u"\\.db\\.corrupt-\\d{8}T\\d{6}(-\\d+)?$"_s));
    QCOMPARE(moved.size(), 1);
}

void TestDatabase::emptyFileIsInitialised()
{
    // A zero-byte file is a valid, empty SQLite database: migrated, not "recovered".
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString path = tmp.filePath(u"zookiosk.db"_s);
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.close();

    Database db(path);
    ZK_VERIFY_OK(db.open());
    QVERIFY(db.recoveredFrom().isEmpty());
    QCOMPARE(db.schemaVersion(), Database::latestSchemaVersion());
    QVERIFY(corruptFiles(tmp.path()).isEmpty());
}

void TestDatabase::uncheckpointedWalIsNotDamage()
{
    // After a power cut the last transactions live only in the -wal: the
    // integrity check must see them, and the files are kept, not moved.
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString path = tmp.filePath(u"live/zookiosk.db"_s);
    const QString crashed = tmp.filePath(u"crashed.db"_s);
    {
        Database db(path);
        ZK_VERIFY_OK(db.open());
        QVERIFY(!populate(db).isEmpty());
        QVERIFY(QFile::exists(path + u"-wal"_s));
        // A copy of the files as they are while the kiosk runs.
        for (const QString &suffix : {QString(), u"-wal"_s, u"-shm"_s})
            QVERIFY(QFile::copy(path + suffix, crashed + suffix));
    }
    QVERIFY(QFileInfo(crashed + u"-wal"_s).size() > 0);

    Database db(crashed);
    ZK_VERIFY_OK(db.open());
    QVERIFY(db.recoveredFrom().isEmpty());
    QVERIFY(corruptFiles(tmp.path()).isEmpty());
    QCOMPARE(scalar(db.connection(), u"SELECT count(*) FROM turns"_s).toInt(), 1);
    QCOMPARE(scalar(db.connection(), u"SELECT count(*) FROM events"_s).toInt(), 1);
}

void TestDatabase::closeRemovesConnection()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const qsizetype before = QSqlDatabase::connectionNames().size();
    {
        Database db(tmp.filePath(u"zookiosk.db"_s));
        ZK_VERIFY_OK(db.open());
        QCOMPARE(QSqlDatabase::connectionNames().size(), before + 1);
        db.close();
        QCOMPARE(QSqlDatabase::connectionNames().size(), before);
        QVERIFY(!db.connection().isValid());
        QCOMPARE(db.schemaVersion(), 0);
        db.close(); // twice is harmless

        // Repositories on a closed database report errors instead of crashing.
        QVERIFY(!AnimalRepository(db).list().ok());
        QVERIFY(!ConversationRepository(db).create(u"red_panda"_s, u"en"_s).ok());
        QVERIFY(!EventRepository(db).recent(5).ok());

        ZK_VERIFY_OK(db.open());
        QCOMPARE(QSqlDatabase::connectionNames().size(), before + 1);
    } // the destructor closes
    QCOMPARE(QSqlDatabase::connectionNames().size(), before);
}

void TestDatabase::twoConnectionsShareTheFile()
{
    // The kiosk and zookioskctl open the same file at the same time.
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString path = tmp.filePath(u"zookiosk.db"_s);
    Database kiosk(path);
    Database ctl(path);
    ZK_VERIFY_OK(kiosk.open());
    ZK_VERIFY_OK(ctl.open());
    QVERIFY(kiosk.connection().connectionName() != ctl.connection().connectionName());

    Event e;
    e.category = u"system"_s;
    e.kind = u"started"_s;
    ZK_VERIFY_OK(EventRepository(kiosk).record(e));
    auto seen = EventRepository(ctl).recent(5);
    ZK_VERIFY_OK(seen);
    QCOMPARE(seen->size(), 1);
    QCOMPARE(seen->first().kind, u"started"_s);
}

// The kiosk's UI thread writes; the checkpoints (the writes that wait for
// the disk) run on a thread of their own. The database file itself grows
// only when a checkpoint copies the log into it: with the connection's
// automatic checkpoint off, that is the background thread's doing.
void TestDatabase::checkpointsRunOffTheUsersThread()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString path = tmp.filePath(u"zookiosk.db"_s);
    Database db(path);
    ZK_VERIFY_OK(db.open());
    QVERIFY(!db.backgroundCheckpoints());
    ZK_VERIFY_OK(db.startBackgroundCheckpoints(std::chrono::milliseconds(100)));
    QVERIFY(db.backgroundCheckpoints());
    {
        QSqlQuery q(db.connection());
        QVERIFY(q.exec(u"PRAGMA wal_autocheckpoint"_s) && q.next());
        QCOMPARE(q.value(0).toInt(), 0);
    }
    const qint64 before = QFileInfo(path).size();
    EventRepository events(db);
    for (int i = 0; i < 3000; ++i) { // ~1,500 pages of log: past SQLite's own 1,000-page checkpoint
        Event e;
        e.category = u"system"_s;
        e.kind = u"filler"_s;
        e.message = QString(400, QChar(u'a' + i % 26));
        ZK_VERIFY_OK(events.record(e));
    }
    QVERIFY(QTest::qWaitFor([&] { return QFileInfo(path).size() > before + 1000 * 1024; }, 5000));
    ZK_VERIFY_OK(EventRepository(db).recent(1));
    db.close(); // stops the thread after a last checkpoint
    Database again(path);
    ZK_VERIFY_OK(again.open());
    QSqlQuery q(again.connection());
    QVERIFY(q.exec(u"SELECT COUNT(*) FROM events WHERE kind = 'filler'"_s) && q.next());
    QCOMPARE(q.value(0).toInt(), 3000);

    Database memory(u":memory:"_s);
    ZK_VERIFY_OK(memory.open());
    QVERIFY(!memory.startBackgroundCheckpoints(std::chrono::milliseconds(100)).ok());
}

void TestDatabase::scopedTransactionRollsBackOnDestruction()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    Database db(tmp.filePath(u"zookiosk.db"_s));
    ZK_VERIFY_OK(db.open());
    {
        ScopedTransaction tx(db.connection());
        QVERIFY(tx.active());
        QVERIFY(exec(db.connection(), u"INSERT INTO settings (key, value, updated_at) VALUES ('k', 'v', 'now')"_s));
        QCOMPARE(scalar(db.connection(), u"SELECT count(*) FROM settings"_s).toInt(), 1);
    }
    QCOMPARE(scalar(db.connection(), u"SELECT count(*) FROM settings"_s).toInt(), 0);
    // The connection is usable afterwards (no transaction left open).
    QVERIFY(exec(db.connection(), u"INSERT INTO settings (key, value, updated_at) VALUES ('k2', 'v', 'now')"_s));
    QVERIFY(!scalar(db.connection(), u"SELECT 1"_s).isNull());
    ScopedTransaction again(db.connection());
    QVERIFY(again.active());
}

void TestDatabase::scopedTransactionCommits()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    Database db(tmp.filePath(u"zookiosk.db"_s));
    ZK_VERIFY_OK(db.open());
    {
        ScopedTransaction tx(db.connection());
        QVERIFY(tx.active());
        QVERIFY(exec(db.connection(), u"INSERT INTO settings (key, value, updated_at) VALUES ('k', 'v', 'now')"_s));
        ZK_VERIFY_OK(tx.commit());
        QVERIFY(!tx.active());
        QVERIFY(!tx.commit().ok()); // nothing left to commit
    }
    QCOMPARE(scalar(db.connection(), u"SELECT value FROM settings WHERE key = 'k'"_s).toString(), u"v"_s);

    // On a closed database nothing starts and commit() reports it.
    ScopedTransaction closed{QSqlDatabase()};
    QVERIFY(!closed.active());
    QVERIFY(!closed.commit().ok());
}

void TestDatabase::scopedTransactionNestedIsInactive()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    Database db(tmp.filePath(u"zookiosk.db"_s));
    ZK_VERIFY_OK(db.open());
    ScopedTransaction outer(db.connection());
    QVERIFY(outer.active());
    {
        ScopedTransaction inner(db.connection());
        QVERIFY(!inner.active()); // SQLite has no nested BEGIN
        QVERIFY(!inner.commit().ok());
    } // and its destructor must not roll back the outer one
    QVERIFY(exec(db.connection(), u"INSERT INTO settings (key, value, updated_at) VALUES ('k', 'v', 'now')"_s));
    ZK_VERIFY_OK(outer.commit());
    QCOMPARE(scalar(db.connection(), u"SELECT count(*) FROM settings"_s).toInt(), 1);
}

namespace {

// Every schema object's SQL, and every row of the content tables without
// their timestamps: what two databases must share to be the same start.
QStringList dump(const QSqlDatabase &db)
{
    QStringList out;
    QSqlQuery q(db);
    q.exec(u"SELECT type, name, sql FROM sqlite_master ORDER BY type, name"_s);
    while (q.next())
        out << q.value(0).toString() + u' ' + q.value(1).toString() + u": "_s + q.value(2).toString();
    const QStringList queries = {
        u"SELECT version FROM schema_version ORDER BY version"_s,
        u"SELECT id, art, active, sort_order, staff_edited, content_hash FROM animals ORDER BY id"_s,
        u"SELECT * FROM animal_texts ORDER BY animal_id, language"_s,
        u"SELECT animal_id, type, text, active, seed_key FROM guardrail_rules ORDER BY seed_key"_s,
        u"SELECT key, value FROM settings ORDER BY key"_s};
    for (const QString &sql : queries) {
        QSqlQuery rows(db);
        if (!rows.exec(sql)) {
            out << u"FAILED "_s + sql + u": "_s + rows.lastError().text();
            continue;
        }
        while (rows.next()) {
            QStringList cells;
            for (int i = 0; i < rows.record().count(); ++i)
                cells << rows.value(i).toString();
            out << cells.join(u'|');
        }
    }
    return out;
}

// What a first start without a template makes: migrations, then seeding.
zk::Status migrateAndSeed(Database &db)
{
    if (const zk::Status st = db.open(); !st)
        return st;
    AnimalRepository animals(db);
    GuardrailRepository rules(db);
    SettingsRepository settings(db);
    return zk::seedBuiltInContent(animals, rules, settings);
}

} // namespace

void TestDatabase::templateGivesWhatMigrationsAndSeedingGive()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString templatePath = tmp.filePath(u"template.db"_s);
    ZK_VERIFY_OK(zk::writeDatabaseTemplate(templatePath));
    QVERIFY(!QFile::exists(templatePath + u"-wal"_s)); // one self-contained file
    QVERIFY(!zk::writeDatabaseTemplate(templatePath).ok()); // never over an existing file

    Database made(tmp.filePath(u"made/zookiosk.db"_s));
    ZK_VERIFY_OK(migrateAndSeed(made));
    QVERIFY(!made.createdFromTemplate());

    Database copied(tmp.filePath(u"copied/zookiosk.db"_s));
    copied.setTemplate(templatePath);
    ZK_VERIFY_OK(migrateAndSeed(copied));
    QVERIFY(copied.createdFromTemplate());
    QCOMPARE(copied.schemaVersion(), Database::latestSchemaVersion());
    QCOMPARE(QFile::permissions(copied.filePath()) & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());
    QVERIFY(QDir(tmp.filePath(u"copied"_s)).entryList({u"*.new-*"_s}, QDir::Files).isEmpty());

    const QStringList expected = dump(made.connection());
    QVERIFY(expected.size() > 100);
    QCOMPARE(dump(copied.connection()), expected);
    QCOMPARE(scalar(copied.connection(), u"SELECT count(*) FROM animals"_s).toInt(), 6);

    // It is an ordinary database from then on: written, reopened, sound.
    QVERIFY(exec(copied.connection(), u"INSERT INTO settings (key, value, updated_at) VALUES ('k', 'v', 'now')"_s));
    copied.close();
    ZK_VERIFY_OK(copied.open());
    QVERIFY(!copied.createdFromTemplate());
    QCOMPARE(copied.checkIntegrity(), QString());
}

void TestDatabase::unusableTemplateFallsBackToMigrations_data()
{
    QTest::addColumn<QByteArray>("bytes"); // empty: no template file at all
    QTest::newRow("missing") << QByteArray();
    QTest::newRow("not a database") << QByteArray("this is not an SQLite file").repeated(200);
    QByteArray truncated = QByteArray("SQLite format 3", 16);
    truncated.append(QByteArray(4096 - 16, '\0'));
    QTest::newRow("damaged") << truncated;
}

void TestDatabase::unusableTemplateFallsBackToMigrations()
{
    QFETCH(QByteArray, bytes);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString templatePath = tmp.filePath(u"template.db"_s);
    if (!bytes.isEmpty()) {
        QFile f(templatePath);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(bytes);
    }
    Database db(tmp.filePath(u"zookiosk.db"_s));
    db.setTemplate(templatePath);
    ZK_VERIFY_OK(migrateAndSeed(db));
    QVERIFY(!db.createdFromTemplate());
    QCOMPARE(db.schemaVersion(), Database::latestSchemaVersion());
    QCOMPARE(scalar(db.connection(), u"SELECT count(*) FROM animals"_s).toInt(), 6);
    QCOMPARE(db.checkIntegrity(), QString());
    QVERIFY(corruptFiles(tmp.path()).isEmpty());
    QCOMPARE(QDir(tmp.path()).entryList({u"zookiosk.db.new-*"_s}, QDir::Files), QStringList());
}

void TestDatabase::templateNeverReplacesAnExistingFile()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString templatePath = tmp.filePath(u"template.db"_s);
    ZK_VERIFY_OK(zk::writeDatabaseTemplate(templatePath));
    const QString path = tmp.filePath(u"zookiosk.db"_s);
    {
        Database db(path);
        ZK_VERIFY_OK(db.open());
        QVERIFY(exec(db.connection(), u"INSERT INTO settings (key, value, updated_at) VALUES ('mine', 'v', 'now')"_s));
    }
    Database db(path);
    db.setTemplate(templatePath);
    ZK_VERIFY_OK(db.open());
    QVERIFY(!db.createdFromTemplate());
    QCOMPARE(scalar(db.connection(), u"SELECT count(*) FROM settings WHERE key = 'mine'"_s).toInt(), 1);
    QCOMPARE(scalar(db.connection(), u"SELECT count(*) FROM animals"_s).toInt(), 0);
}

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
