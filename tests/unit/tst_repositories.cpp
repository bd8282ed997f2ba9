// Repositories: round trips of every method (with Spanish and emoji text),
// seeding semantics, atomic writes, seq numbering, history, foreign keys.

#include "admin/historyexport.h"
#include "storage/database.h"
#include "storage/repositories.h"
#include "storage/storedtypes.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <memory>

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

AnimalText englishText()
{
    AnimalText t;
    t.language = u"en"_s;
    t.name = u"Zara"_s;
    t.title = u"Zara the Red Panda"_s;
    t.species = u"Red Panda"_s;
    t.personality = u"Curious, a little shy 🐼 and fond of \"bamboo\" & [snacks]."_s;
    t.facts = {u"I sleep up to 15 hours a day."_s, u"My tail is about 45 cm long 🐾"_s,
               u"A \"quoted\" fact, a back\\slash and a\nnew line."_s, u"Emoji in the middle: 🌿🍃!"_s};
    t.conservationStatus = u"Endangered (IUCN Red List)"_s;
    t.suggestedQuestions = {u"What do you eat?"_s, u"Why is your tail striped?"_s};
    t.emergencyMessage = u"Our animal ambassadors are taking a short break."_s;
    return t;
}

AnimalText spanishText()
{
    AnimalText t;
    t.language = u"es"_s;
    t.name = u"Zara"_s;
    t.title = u"Zara, la panda roja"_s;
    t.species = u"Panda roja"_s;
    t.personality = u"Curiosa y un poco tímida; ¡me encanta el bambú! 🎋"_s;
    t.facts = {u"Duermo hasta quince horas al día."_s, u"Vivo en las montañas del Himalaya y en el sur de China."_s,
               u"Mi pulgar falso me ayuda a sujetar el bambú — ¿a que es útil? 👍"_s};
    t.conservationStatus = u"En peligro (Lista Roja de la UICN)"_s;
    t.suggestedQuestions = {u"¿Qué comes?"_s, u"¿Por qué tu cola tiene rayas?"_s, u"¿Dónde vives?"_s};
    t.emergencyMessage = u"Nuestros embajadores animales están tomando un breve descanso. ¡Vuelve pronto!"_s;
    return t;
}

Animal redPanda()
{
    Animal a;
    a.id = u"red_panda"_s;
    a.art = u":/art/red_panda.svg"_s;
    a.active = true;
    a.sortOrder = 1;
    a.contentHash = u"sha256:seed-v1"_s;
    a.texts = {englishText(), spanishText()};
    return a;
}

Animal simpleAnimal(const QString &id, int sortOrder, bool active = true)
{
    Animal a;
    a.id = id;
    a.art = u":/art/"_s + id + u".svg"_s;
    a.active = active;
    a.sortOrder = sortOrder;
    a.contentHash = u"hash-"_s + id;
    AnimalText en;
    en.language = u"en"_s;
    en.name = id;
    en.title = id;
    en.facts = {u"fact"_s};
    a.texts = {en};
    return a;
}

void compareText(const AnimalText &actual, const AnimalText &expected)
{
    QCOMPARE(actual.language, expected.language);
    QCOMPARE(actual.name, expected.name);
    QCOMPARE(actual.title, expected.title);
    QCOMPARE(actual.species, expected.species);
    QCOMPARE(actual.personality, expected.personality);
    QCOMPARE(actual.facts, expected.facts);
    QCOMPARE(actual.conservationStatus, expected.conservationStatus);
    QCOMPARE(actual.suggestedQuestions, expected.suggestedQuestions);
    QCOMPARE(actual.emergencyMessage, expected.emergencyMessage);
}

void compareAnimal(const Animal &actual, const Animal &expected)
{
    QCOMPARE(actual.id, expected.id);
    QCOMPARE(actual.art, expected.art);
    QCOMPARE(actual.active, expected.active);
    QCOMPARE(actual.sortOrder, expected.sortOrder);
    QCOMPARE(actual.staffEdited, expected.staffEdited);
    QCOMPARE(actual.contentHash, expected.contentHash);
    QCOMPARE(actual.texts.size(), expected.texts.size());
    for (qsizetype i = 0; i < expected.texts.size(); ++i) {
        compareText(actual.texts.at(i), expected.texts.at(i));
        if (QTest::currentTestFailed())
            return;
    }
}

void compareTurn(const Turn &actual, const Turn &expected)
{
    QCOMPARE(actual.id, expected.id);
    QCOMPARE(actual.conversationId, expected.conversationId);
    QCOMPARE(actual.seq, expected.seq);
    QCOMPARE(actual.visitorText, expected.visitorText);
    QCOMPARE(actual.reply, expected.reply);
    QCOMPARE(actual.source, expected.source);
    QCOMPARE(actual.status, expected.status);
    QCOMPARE(actual.model, expected.model);
    QCOMPARE(actual.promptVersion, expected.promptVersion);
    QCOMPARE(actual.promptTokens, expected.promptTokens);
    QCOMPARE(actual.completionTokens, expected.completionTokens);
    QCOMPARE(actual.usageEstimated, expected.usageEstimated);
    QCOMPARE(actual.firstTokenMs, expected.firstTokenMs);
    QCOMPARE(actual.latencyMs, expected.latencyMs);
    QCOMPARE(actual.blocked, expected.blocked);
    QCOMPARE(actual.riskScore, expected.riskScore);
    QCOMPARE(actual.blockCategories, expected.blockCategories);
    QCOMPARE(actual.blockLayer, expected.blockLayer);
    QCOMPARE(actual.errorKind, expected.errorKind);
    QCOMPARE(actual.requestId, expected.requestId);
    QCOMPARE(actual.createdAt, expected.createdAt);
    QCOMPARE(actual.finishedAt, expected.finishedAt);
}

void compareRule(const GuardrailRule &actual, const GuardrailRule &expected)
{
    QCOMPARE(actual.id, expected.id);
    QCOMPARE(actual.animalId, expected.animalId);
    QCOMPARE(actual.type, expected.type);
    QCOMPARE(actual.text, expected.text);
    QCOMPARE(actual.active, expected.active);
    QCOMPARE(actual.seedKey, expected.seedKey);
}

GuardrailRule rule(RuleType type, const QString &text, const QString &animalId = {}, const QString &seedKey = {})
{
    GuardrailRule r;
    r.type = type;
    r.text = text;
    r.animalId = animalId;
    r.seedKey = seedKey;
    return r;
}

Turn simpleTurn(const QString &conversationId, const QString &visitorText, const QString &createdAt = {})
{
    Turn t;
    t.conversationId = conversationId;
    t.visitorText = visitorText;
    t.reply = u"reply to "_s + visitorText;
    t.model = u"gpt-4o-mini"_s;
    t.createdAt = createdAt;
    t.finishedAt = createdAt;
    return t;
}

UsageRecord usageRecord(int promptTokens, int completionTokens, const QString &purpose = u"reply"_s)
{
    UsageRecord u;
    u.model = u"gpt-4o-mini"_s;
    u.purpose = purpose;
    u.promptTokens = promptTokens;
    u.completionTokens = completionTokens;
    return u;
}

QStringList visitorTexts(const QList<Turn> &turns)
{
    QStringList texts;
    for (const Turn &t : turns)
        texts.append(t.visitorText);
    return texts;
}

QList<RuleType> ruleTypes(const QList<GuardrailRule> &rules)
{
    QList<RuleType> types;
    for (const GuardrailRule &r : rules)
        types.append(r.type);
    return types;
}

} // namespace

class TestRepositories : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void storedTypeNames();

    void animalRoundTripUnicode();
    void animalListOrderAndActiveFilter();
    void animalFindMissing();
    void animalSeedInsertsUpdatesAndRespectsStaffEdits();
    void animalSeedIsAtomic();
    void seedingManyIsOneTransaction();
    void animalSaveEditedKeepsRulesAndConversations();
    void animalWithoutIdIsRefused();

    void guardrailSeedSemantics();
    void guardrailActiveForAndOrder();
    void guardrailSaveUpdateRemove();

    void conversationLifecycle();
    void saveTurnRoundTrip();
    void historyQueryFilters();
    void historySearchIsFullText();
    void purgeKeepsUsageAndNewerTurns();
    void historyExportCsvAndJson();
    void saveTurnNumbersPerConversation();
    void saveTurnIsAtomic_data();
    void saveTurnIsAtomic();
    void saveTurnNeedsKnownConversation();
    void historyOrderAndLimit();
    void summaries();
    void promptVersions();
    void deletingConversationKeepsUsage();

    void eventsRecordAndRecent();

private:
    int count(const QString &sql) const;
    QString startConversation(const QString &language = u"en"_s);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
};

void TestRepositories::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestRepositories::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_db = std::make_unique<Database>(m_dir->filePath(u"zookiosk.db"_s));
    ZK_VERIFY_OK(m_db->open());
}

void TestRepositories::cleanup()
{
    m_db.reset();
    m_dir.reset();
}

int TestRepositories::count(const QString &sql) const
{
    QSqlQuery q(m_db->connection());
    if (!q.exec(sql) || !q.next()) {
        qWarning().noquote() << sql << "->" << q.lastError().text();
        return -1;
    }
    return q.value(0).toInt();
}

QString TestRepositories::startConversation(const QString &language)
{
    AnimalRepository animals(*m_db);
    if (!animals.seedDefault(redPanda()).ok()) {
        // Already seeded by an earlier call of this test.
        auto existing = animals.find(u"red_panda"_s);
        if (!existing.ok() || !existing->has_value())
            return {};
    }
    auto conversation = ConversationRepository(*m_db).create(u"red_panda"_s, language);
    return conversation.ok() ? conversation->id : QString();
}

// ---------------------------------------------------------------------------

void TestRepositories::storedTypeNames()
{
    const QList<std::pair<ReplySource, QString>> sources{
        {ReplySource::Model, u"model"_s},         {ReplySource::FallbackModel, u"fallback_model"_s},
        {ReplySource::Cache, u"cache"_s},         {ReplySource::Offline, u"offline"_s},
        {ReplySource::Emergency, u"emergency"_s}, {ReplySource::Blocked, u"blocked"_s}};
    for (const auto &[source, name] : sources) {
        QCOMPARE(replySourceName(source), name);
        QCOMPARE(parseReplySource(name), std::optional<ReplySource>(source));
    }
    const QList<std::pair<TurnStatus, QString>> statuses{{TurnStatus::Completed, u"completed"_s},
                                                         {TurnStatus::Partial, u"partial"_s},
                                                         {TurnStatus::Cancelled, u"cancelled"_s},
                                                         {TurnStatus::Failed, u"failed"_s}};
    for (const auto &[status, name] : statuses) {
        QCOMPARE(turnStatusName(status), name);
        QCOMPARE(parseTurnStatus(name), std::optional<TurnStatus>(status));
    }
    QCOMPARE(severityName(Severity::Info), u"info"_s);
    QCOMPARE(severityName(Severity::Warning), u"warning"_s);
    QCOMPARE(severityName(Severity::Error), u"error"_s);
    QCOMPARE(severityName(Severity::Critical), u"critical"_s);

    QVERIFY(!parseReplySource(u"Model"_s).has_value()); // names are exact
    QVERIFY(!parseReplySource(QString()).has_value());
    QVERIFY(!parseTurnStatus(u"done"_s).has_value());
}

void TestRepositories::animalRoundTripUnicode()
{
    AnimalRepository animals(*m_db);
    const Animal panda = redPanda();
    auto seeded = animals.seedDefault(panda);
    ZK_VERIFY_OK(seeded);
    QCOMPARE(*seeded, true);

    auto found = animals.find(u"red_panda"_s);
    ZK_VERIFY_OK(found);
    QVERIFY(found->has_value());
    compareAnimal(**found, panda);
    if (QTest::currentTestFailed())
        return;

    auto listed = animals.list();
    ZK_VERIFY_OK(listed);
    QCOMPARE(listed->size(), 1);
    compareAnimal(listed->first(), panda);

    // Lists are stored as JSON arrays.
    QCOMPARE(count(u"SELECT count(*) FROM animal_texts WHERE json_type(facts) = 'array' "
                   "AND json_array_length(suggested_questions) > 0"_s),
             2);
    QCOMPARE(count(u"SELECT json_array_length(facts) FROM animal_texts WHERE language = 'es'"_s), 3);
}

void TestRepositories::animalListOrderAndActiveFilter()
{
    AnimalRepository animals(*m_db);
    ZK_VERIFY_OK(animals.seedDefault(simpleAnimal(u"tiger"_s, 2)));
    ZK_VERIFY_OK(animals.seedDefault(simpleAnimal(u"macaw"_s, 1)));
    ZK_VERIFY_OK(animals.seedDefault(simpleAnimal(u"cougar"_s, 1)));
    ZK_VERIFY_OK(animals.seedDefault(simpleAnimal(u"reindeer"_s, 0, false)));

    auto active = animals.list();
    ZK_VERIFY_OK(active);
    QStringList ids;
    for (const Animal &a : *active)
        ids.append(a.id);
    QCOMPARE(ids, (QStringList{u"cougar"_s, u"macaw"_s, u"tiger"_s}));

    auto everyone = animals.list(false);
    ZK_VERIFY_OK(everyone);
    ids.clear();
    for (const Animal &a : *everyone) {
        ids.append(a.id);
        QCOMPARE(a.texts.size(), 1); // texts attached to the right animal
        QCOMPARE(a.texts.first().name, a.id);
    }
    QCOMPARE(ids, (QStringList{u"reindeer"_s, u"cougar"_s, u"macaw"_s, u"tiger"_s}));
    QVERIFY(!everyone->first().active);
}

void TestRepositories::animalFindMissing()
{
    AnimalRepository animals(*m_db);
    auto found = animals.find(u"dodo"_s);
    ZK_VERIFY_OK(found);
    QVERIFY(!found->has_value());
    auto empty = animals.find(QString());
    ZK_VERIFY_OK(empty);
    QVERIFY(!empty->has_value());
    auto listed = animals.list();
    ZK_VERIFY_OK(listed);
    QVERIFY(listed->isEmpty());
}

void TestRepositories::animalSeedInsertsUpdatesAndRespectsStaffEdits()
{
    AnimalRepository animals(*m_db);
    Animal v1 = redPanda();
    auto r = animals.seedDefault(v1);
    ZK_VERIFY_OK(r);
    QVERIFY(*r);

    // Same content again: nothing written.
    r = animals.seedDefault(v1);
    ZK_VERIFY_OK(r);
    QVERIFY(!*r);

    // New default content (hash changed), not staff-edited: replaced, texts too.
    Animal v2 = v1;
    v2.contentHash = u"sha256:seed-v2"_s;
    v2.sortOrder = 7;
    v2.art = u":/art/red_panda_v2.svg"_s;
    v2.texts = {englishText()};
    v2.texts.first().facts.append(u"A brand-new fact ✨"_s);
    r = animals.seedDefault(v2);
    ZK_VERIFY_OK(r);
    QVERIFY(*r);
    auto found = animals.find(v1.id);
    ZK_VERIFY_OK(found);
    QVERIFY(found->has_value());
    compareAnimal(**found, v2);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(count(u"SELECT count(*) FROM animal_texts WHERE animal_id = 'red_panda'"_s), 1);

    // Staff edit: marked, and later defaults never overwrite it.
    Animal edited = **found;
    edited.texts.first().name = u"Zarita 🐼"_s;
    edited.texts.append(spanishText());
    edited.active = false;
    ZK_VERIFY_OK(animals.saveEdited(edited));
    found = animals.find(v1.id);
    ZK_VERIFY_OK(found);
    QVERIFY((*found)->staffEdited);
    edited.staffEdited = true;
    compareAnimal(**found, edited);
    if (QTest::currentTestFailed())
        return;

    Animal v3 = v2;
    v3.contentHash = u"sha256:seed-v3"_s;
    v3.texts.first().name = u"Default name"_s;
    r = animals.seedDefault(v3);
    ZK_VERIFY_OK(r);
    QVERIFY(!*r);
    found = animals.find(v1.id);
    ZK_VERIFY_OK(found);
    compareAnimal(**found, edited);

    // saveEdited also creates staff-made animals.
    Animal lemur = simpleAnimal(u"lemur"_s, 3);
    ZK_VERIFY_OK(animals.saveEdited(lemur));
    found = animals.find(u"lemur"_s);
    ZK_VERIFY_OK(found);
    QVERIFY(found->has_value());
    QVERIFY((*found)->staffEdited);
}

void TestRepositories::animalSeedIsAtomic()
{
    AnimalRepository animals(*m_db);
    Animal broken = redPanda();
    broken.texts.append(englishText()); // duplicate (animal_id, language)
    auto r = animals.seedDefault(broken);
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.contains(u"UNIQUE"_s, Qt::CaseInsensitive), qPrintable(r.error().message));
    auto found = animals.find(broken.id);
    ZK_VERIFY_OK(found);
    QVERIFY(!found->has_value());
    QCOMPARE(count(u"SELECT count(*) FROM animal_texts"_s), 0);

    // An update that fails half-way keeps the previous version whole.
    ZK_VERIFY_OK(animals.seedDefault(redPanda()));
    broken.contentHash = u"sha256:seed-v2"_s;
    QVERIFY(!animals.seedDefault(broken).ok());
    found = animals.find(broken.id);
    ZK_VERIFY_OK(found);
    compareAnimal(**found, redPanda());

    // Same for staff edits.
    QVERIFY(!animals.saveEdited(broken).ok());
    found = animals.find(broken.id);
    ZK_VERIFY_OK(found);
    compareAnimal(**found, redPanda());
}

void TestRepositories::animalSaveEditedKeepsRulesAndConversations()
{
    // The upsert must not delete-and-reinsert the animal row (which would
    // cascade to its rules or trip its conversations' foreign keys).
    const QString conversationId = startConversation();
    QVERIFY(!conversationId.isEmpty());
    GuardrailRepository rules(*m_db);
    ZK_VERIFY_OK(rules.save(rule(RuleType::Always, u"Mention bamboo."_s, u"red_panda"_s)));

    AnimalRepository animals(*m_db);
    Animal edited = redPanda();
    edited.texts.first().personality = u"Bold now."_s;
    ZK_VERIFY_OK(animals.saveEdited(edited));
    ZK_VERIFY_OK(animals.seedDefault(simpleAnimal(u"cougar"_s, 2)));

    auto own = rules.activeFor(u"red_panda"_s);
    ZK_VERIFY_OK(own);
    QCOMPARE(own->size(), 1);
    auto conversation = ConversationRepository(*m_db).find(conversationId);
    ZK_VERIFY_OK(conversation);
    QVERIFY(conversation->has_value());

    // created_at survives an edit; updated_at moves.
    QCOMPARE(count(u"SELECT count(*) FROM animals WHERE id = 'red_panda' AND created_at <= updated_at"_s), 1);
}

void TestRepositories::animalWithoutIdIsRefused()
{
    AnimalRepository animals(*m_db);
    Animal nameless = redPanda();
    nameless.id.clear();
    QVERIFY(!animals.seedDefault(nameless).ok());
    QVERIFY(!animals.saveEdited(nameless).ok());
    QCOMPARE(count(u"SELECT count(*) FROM animals"_s), 0);
}

// ---------------------------------------------------------------------------

void TestRepositories::seedingManyIsOneTransaction()
{
    AnimalRepository animals(*m_db);
    Animal broken = simpleAnimal(u"tiger"_s, 2);
    broken.texts.append(broken.texts.first()); // duplicate (animal_id, language)
    auto r = animals.seedDefaults({simpleAnimal(u"macaw"_s, 1), broken, simpleAnimal(u"cougar"_s, 3)});
    QVERIFY(!r.ok());
    QCOMPARE(count(u"SELECT count(*) FROM animals"_s), 0); // the macaw before it is not left behind

    r = animals.seedDefaults({simpleAnimal(u"macaw"_s, 1), simpleAnimal(u"cougar"_s, 3)});
    ZK_VERIFY_OK(r);
    QCOMPARE(*r, 2);
    r = animals.seedDefaults({simpleAnimal(u"macaw"_s, 1), simpleAnimal(u"cougar"_s, 3)});
    ZK_VERIFY_OK(r);
    QCOMPARE(*r, 0); // already this content

    GuardrailRepository rules(*m_db);
    const QList<GuardrailRule> defaults{
        rule(RuleType::Never, u"Never give medical advice."_s, {}, u"global.no_medical"_s),
        rule(RuleType::Always, u"Always be kind."_s, {}, u"global.kind"_s),
        rule(RuleType::Encourage, u"Talk about bamboo."_s, u"macaw"_s, u"macaw.bamboo"_s)};
    auto seeded = rules.seedDefaults(defaults);
    ZK_VERIFY_OK(seeded);
    QCOMPARE(*seeded, 3);
    auto all = rules.all();
    ZK_VERIFY_OK(all);
    QCOMPARE(all->size(), 3);

    // A rule staff deleted stays deleted when the defaults are seeded again.
    ZK_VERIFY_OK(rules.remove(all->first().id));
    seeded = rules.seedDefaults(defaults);
    ZK_VERIFY_OK(seeded);
    QCOMPARE(*seeded, 0);
    QCOMPARE(count(u"SELECT count(*) FROM guardrail_rules"_s), 2);

    // One rule without a seed key refuses the whole batch before writing.
    QList<GuardrailRule> withKeyless = defaults;
    withKeyless.append(rule(RuleType::Never, u"No key."_s));
    withKeyless.prepend(rule(RuleType::Never, u"New default."_s, {}, u"global.new"_s));
    QVERIFY(!rules.seedDefaults(withKeyless).ok());
    QCOMPARE(count(u"SELECT count(*) FROM guardrail_rules"_s), 2);
}

void TestRepositories::guardrailSeedSemantics()
{
    GuardrailRepository rules(*m_db);
    const GuardrailRule medical =
        rule(RuleType::Never, u"Never give medical or veterinary advice."_s, {}, u"global.no_medical"_s);

    auto r = rules.seedDefault(medical);
    ZK_VERIFY_OK(r);
    QVERIFY(*r);
    r = rules.seedDefault(medical);
    ZK_VERIFY_OK(r);
    QVERIFY(!*r);

    auto all = rules.all();
    ZK_VERIFY_OK(all);
    QCOMPARE(all->size(), 1);
    GuardrailRule stored = all->first();
    QVERIFY(stored.id > 0);
    GuardrailRule expected = medical;
    expected.id = stored.id;
    compareRule(stored, expected);

    // A changed default for the same key never overwrites.
    GuardrailRule changedDefault = medical;
    changedDefault.text = u"A newer default text."_s;
    r = rules.seedDefault(changedDefault);
    ZK_VERIFY_OK(r);
    QVERIFY(!*r);

    // Staff edit the seeded rule: kept, and the seed key stays.
    stored.text = u"Nunca des consejos médicos. 🚑"_s;
    stored.active = false;
    ZK_VERIFY_OK(rules.save(stored));
    r = rules.seedDefault(medical);
    ZK_VERIFY_OK(r);
    QVERIFY(!*r);
    all = rules.all();
    ZK_VERIFY_OK(all);
    QCOMPARE(all->size(), 1);
    compareRule(all->first(), stored);

    // Staff delete it: seeding does not bring it back.
    ZK_VERIFY_OK(rules.remove(stored.id));
    r = rules.seedDefault(medical);
    ZK_VERIFY_OK(r);
    QVERIFY(!*r);
    all = rules.all();
    ZK_VERIFY_OK(all);
    QVERIFY(all->isEmpty());
    QCOMPARE(count(u"SELECT count(*) FROM settings WHERE key = 'seeded_rule:global.no_medical'"_s), 1);

    // Other keys are independent; a default needs a key.
    r = rules.seedDefault(rule(RuleType::Encourage, u"Encourage questions."_s, {}, u"global.questions"_s));
    ZK_VERIFY_OK(r);
    QVERIFY(*r);
    QVERIFY(!rules.seedDefault(rule(RuleType::Always, u"No key"_s)).ok());
}

void TestRepositories::guardrailActiveForAndOrder()
{
    AnimalRepository animals(*m_db);
    ZK_VERIFY_OK(animals.seedDefault(redPanda()));
    ZK_VERIFY_OK(animals.seedDefault(simpleAnimal(u"cougar"_s, 2)));

    GuardrailRepository rules(*m_db);
    auto globalNever = rules.save(rule(RuleType::Never, u"Never share personal data."_s));
    auto pandaDiscourage = rules.save(rule(RuleType::Discourage, u"Discourage junk food talk."_s, u"red_panda"_s));
    auto globalAlways = rules.save(rule(RuleType::Always, u"Always stay in character."_s));
    auto pandaAlways = rules.save(rule(RuleType::Always, u"Siempre menciona el bambú 🎋"_s, u"red_panda"_s));
    auto cougarEncourage = rules.save(rule(RuleType::Encourage, u"Encourage hiking safety."_s, u"cougar"_s));
    GuardrailRule inactive = rule(RuleType::Encourage, u"Inactive global rule."_s);
    inactive.active = false;
    auto inactiveId = rules.save(inactive);
    for (const auto *id : {&globalNever, &pandaDiscourage, &globalAlways, &pandaAlways, &cougarEncourage, &inactiveId})
        ZK_VERIFY_OK(*id);

    auto panda = rules.activeFor(u"red_panda"_s);
    ZK_VERIFY_OK(panda);
    QList<qint64> ids;
    for (const GuardrailRule &r : *panda)
        ids.append(r.id);
    // By type (ALWAYS, NEVER, ENCOURAGE, DISCOURAGE), then id.
    QCOMPARE(ids, (QList<qint64>{*globalAlways, *pandaAlways, *globalNever, *pandaDiscourage}));
    QCOMPARE(panda->at(1).text, u"Siempre menciona el bambú 🎋"_s);
    QCOMPARE(panda->at(1).animalId, u"red_panda"_s);
    QVERIFY(panda->at(0).animalId.isEmpty());

    auto cougar = rules.activeFor(u"cougar"_s);
    ZK_VERIFY_OK(cougar);
    QCOMPARE(ruleTypes(*cougar), (QList<RuleType>{RuleType::Always, RuleType::Never, RuleType::Encourage}));

    auto globalOnly = rules.activeFor(QString());
    ZK_VERIFY_OK(globalOnly);
    QCOMPARE(globalOnly->size(), 2);

    auto all = rules.all();
    ZK_VERIFY_OK(all);
    QCOMPARE(all->size(), 6);
    QVERIFY(all->first().animalId.isEmpty()); // global rules first
}

void TestRepositories::guardrailSaveUpdateRemove()
{
    ZK_VERIFY_OK(AnimalRepository(*m_db).seedDefault(redPanda()));
    GuardrailRepository rules(*m_db);

    GuardrailRule r = rule(RuleType::Discourage, u"Evita hablar de mascotas exóticas 🦜"_s, u"red_panda"_s);
    auto id = rules.save(r);
    ZK_VERIFY_OK(id);
    QVERIFY(*id > 0);
    r.id = *id;
    auto all = rules.all();
    ZK_VERIFY_OK(all);
    QCOMPARE(all->size(), 1);
    compareRule(all->first(), r);

    r.type = RuleType::Never;
    r.text = u"Never recommend exotic pets."_s;
    r.animalId.clear(); // becomes global
    auto updated = rules.save(r);
    ZK_VERIFY_OK(updated);
    QCOMPARE(*updated, r.id);
    all = rules.all();
    ZK_VERIFY_OK(all);
    compareRule(all->first(), r);

    GuardrailRule ghost = r;
    ghost.id = 9999;
    QVERIFY(!rules.save(ghost).ok());

    // Foreign key: a rule for an unknown animal is refused.
    QVERIFY(!rules.save(rule(RuleType::Always, u"For nobody."_s, u"dodo"_s)).ok());
    // CHECK: an empty rule is refused.
    QVERIFY(!rules.save(rule(RuleType::Always, QString())).ok());

    ZK_VERIFY_OK(rules.remove(r.id));
    QVERIFY(!rules.remove(r.id).ok());
    all = rules.all();
    ZK_VERIFY_OK(all);
    QVERIFY(all->isEmpty());
}

// ---------------------------------------------------------------------------

void TestRepositories::conversationLifecycle()
{
    ZK_VERIFY_OK(AnimalRepository(*m_db).seedDefault(redPanda()));
    ConversationRepository conversations(*m_db);

    auto created = conversations.create(u"red_panda"_s, u"es"_s);
    ZK_VERIFY_OK(created);
    QVERIFY(!created->id.isEmpty());
    QVERIFY(!created->startedAt.isEmpty());
    QVERIFY(created->endedAt.isEmpty());

    auto found = conversations.find(created->id);
    ZK_VERIFY_OK(found);
    QVERIFY(found->has_value());
    QCOMPARE((*found)->id, created->id);
    QCOMPARE((*found)->animalId, u"red_panda"_s);
    QCOMPARE((*found)->language, u"es"_s);
    QCOMPARE((*found)->startedAt, created->startedAt);
    QVERIFY((*found)->endedAt.isEmpty());
    QCOMPARE(count(u"SELECT count(*) FROM conversations WHERE ended_at IS NULL"_s), 1);

    ZK_VERIFY_OK(conversations.end(created->id));
    found = conversations.find(created->id);
    ZK_VERIFY_OK(found);
    const QString endedAt = (*found)->endedAt;
    QVERIFY(!endedAt.isEmpty());
    QVERIFY(endedAt >= created->startedAt);

    ZK_VERIFY_OK(conversations.end(created->id)); // idempotent
    found = conversations.find(created->id);
    ZK_VERIFY_OK(found);
    QCOMPARE((*found)->endedAt, endedAt);

    QVERIFY(!conversations.end(u"no-such-conversation"_s).ok());
    auto missing = conversations.find(u"no-such-conversation"_s);
    ZK_VERIFY_OK(missing);
    QVERIFY(!missing->has_value());

    // Foreign key: a conversation with an unknown animal is refused.
    QVERIFY(!conversations.create(u"dodo"_s, u"en"_s).ok());
    QCOMPARE(count(u"SELECT count(*) FROM conversations"_s), 1);
}

void TestRepositories::saveTurnRoundTrip()
{
    const QString conversationId = startConversation(u"es"_s);
    QVERIFY(!conversationId.isEmpty());
    ConversationRepository conversations(*m_db);

    Turn turn;
    turn.conversationId = conversationId;
    turn.visitorText = u"¿Cuánto bambú comes al día? 🎋"_s;
    turn.reply = u"¡Muchísimo! Hasta el 30 % de mi peso — ¡ñam! 😋"_s;
    turn.source = ReplySource::FallbackModel;
    turn.status = TurnStatus::Partial;
    turn.model = u"gpt-4.1-mini"_s;
    turn.promptVersion = u"9f86d081884c7d65"_s;
    turn.promptTokens = 812;
    turn.completionTokens = 57;
    turn.usageEstimated = true;
    turn.firstTokenMs = 342;
    turn.latencyMs = 2875;
    turn.blocked = false;
    turn.riskScore = 0.125;
    turn.blockCategories = u"violence,self-harm"_s;
    turn.blockLayer = u"output"_s;
    turn.errorKind = u"timeout"_s;
    turn.requestId = u"req_abc123"_s;
    turn.createdAt = u"2025-05-01T10:00:00.000Z"_s;
    turn.finishedAt = u"2025-05-01T10:00:02.875Z"_s;

    UsageRecord usage = usageRecord(812, 57);
    usage.estimated = true;
    auto saved = conversations.saveTurn(turn, usage);
    ZK_VERIFY_OK(saved);
    QVERIFY(!saved->id.isEmpty());
    QCOMPARE(saved->seq, 1);
    Turn expected = turn;
    expected.id = saved->id;
    expected.seq = 1;
    compareTurn(*saved, expected);
    if (QTest::currentTestFailed())
        return;

    auto stored = conversations.turns(conversationId);
    ZK_VERIFY_OK(stored);
    QCOMPARE(stored->size(), 1);
    compareTurn(stored->first(), expected);
    if (QTest::currentTestFailed())
        return;

    // The usage row belongs to the turn.
    QSqlQuery q(m_db->connection());
    QVERIFY(q.exec(u"SELECT turn_id, conversation_id, model, purpose, prompt_tokens, completion_tokens, estimated "
                   "FROM usage"_s));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), saved->id);
    QCOMPARE(q.value(1).toString(), conversationId);
    QCOMPARE(q.value(2).toString(), u"gpt-4o-mini"_s);
    QCOMPARE(q.value(3).toString(), u"reply"_s);
    QCOMPARE(q.value(4).toInt(), 812);
    QCOMPARE(q.value(5).toInt(), 57);
    QCOMPARE(q.value(6).toInt(), 1);
    QVERIFY(!q.next());
    q = QSqlQuery();

    // Second turn: every source/status name is accepted, firstTokenMs absent
    // is stored as NULL, empty texts and missing timestamps are fine.
    Turn offline;
    offline.conversationId = conversationId;
    offline.visitorText = u"hola"_s;
    offline.source = ReplySource::Offline;
    offline.status = TurnStatus::Failed;
    offline.blocked = true;
    auto second = conversations.saveTurn(offline, std::nullopt);
    ZK_VERIFY_OK(second);
    QCOMPARE(second->seq, 2);
    QVERIFY(!second->createdAt.isEmpty());
    QVERIFY(!second->finishedAt.isEmpty());
    QCOMPARE(count(u"SELECT count(*) FROM turns WHERE seq = 2 AND first_token_ms IS NULL"_s), 1);
    QCOMPARE(count(u"SELECT count(*) FROM usage"_s), 1);

    stored = conversations.turns(conversationId);
    ZK_VERIFY_OK(stored);
    QCOMPARE(stored->size(), 2);
    QCOMPARE(stored->at(1).firstTokenMs, std::optional<qint64>());
    QCOMPARE(stored->at(1).source, ReplySource::Offline);
    QCOMPARE(stored->at(1).status, TurnStatus::Failed);
    QVERIFY(stored->at(1).blocked);
    QVERIFY(stored->at(1).model.isEmpty());

    for (ReplySource s : {ReplySource::Model, ReplySource::Cache, ReplySource::Emergency, ReplySource::Blocked}) {
        Turn t = simpleTurn(conversationId, replySourceName(s));
        t.source = s;
        t.status = TurnStatus::Cancelled;
        ZK_VERIFY_OK(conversations.saveTurn(t, std::nullopt));
    }
    stored = conversations.turns(conversationId);
    ZK_VERIFY_OK(stored);
    QCOMPARE(stored->size(), 6);
    QCOMPARE(stored->last().source, ReplySource::Blocked);
    QCOMPARE(stored->last().status, TurnStatus::Cancelled);
    QCOMPARE(stored->last().seq, 6);
}

void TestRepositories::saveTurnNumbersPerConversation()
{
    const QString a = startConversation();
    const QString b = startConversation();
    QVERIFY(!a.isEmpty() && !b.isEmpty() && a != b);
    ConversationRepository conversations(*m_db);

    QList<int> seqs;
    for (const QString &c : {a, a, b, a, b}) {
        auto saved = conversations.saveTurn(simpleTurn(c, u"q"_s), usageRecord(10, 5));
        ZK_VERIFY_OK(saved);
        seqs.append(saved->seq);
    }
    QCOMPARE(seqs, (QList<int>{1, 2, 1, 3, 2}));

    // A caller-supplied seq is ignored: saveTurn numbers.
    Turn t = simpleTurn(a, u"q"_s);
    t.seq = 42;
    auto saved = conversations.saveTurn(t, std::nullopt);
    ZK_VERIFY_OK(saved);
    QCOMPARE(saved->seq, 4);
    QCOMPARE(count(u"SELECT count(*) FROM usage"_s), 5);
}

void TestRepositories::saveTurnIsAtomic_data()
{
    QTest::addColumn<QString>("fault");
    QTest::newRow("usage violates a CHECK") << u"negative tokens"_s;
    QTest::newRow("usage violates a NOT NULL/CHECK") << u"empty purpose"_s;
    QTest::newRow("usage violates a foreign key") << u"unknown turn"_s;
    QTest::newRow("turn violates a CHECK") << u"negative turn tokens"_s;
    QTest::newRow("turn id already used") << u"duplicate id"_s;
}

void TestRepositories::saveTurnIsAtomic()
{
    QFETCH(QString, fault);
    const QString conversationId = startConversation();
    QVERIFY(!conversationId.isEmpty());
    ConversationRepository conversations(*m_db);

    auto first = conversations.saveTurn(simpleTurn(conversationId, u"first"_s), usageRecord(10, 5));
    ZK_VERIFY_OK(first);

    Turn turn = simpleTurn(conversationId, u"second"_s);
    UsageRecord usage = usageRecord(100, 20);
    if (fault == u"negative tokens")
        usage.promptTokens = -1;
    else if (fault == u"empty purpose")
        usage.purpose.clear();
    else if (fault == u"unknown turn")
        usage.turnId = u"no-such-turn"_s;
    else if (fault == u"negative turn tokens")
        turn.completionTokens = -5;
    else if (fault == u"duplicate id")
        turn.id = first->id;

    auto saved = conversations.saveTurn(turn, usage);
    QVERIFY(!saved.ok());
    QVERIFY(!saved.error().message.isEmpty());

    // Nothing of the failed call is stored.
    QCOMPARE(count(u"SELECT count(*) FROM turns"_s), 1);
    QCOMPARE(count(u"SELECT count(*) FROM usage"_s), 1);
    QCOMPARE(count(u"SELECT count(*) FROM turns WHERE visitor_text = 'second'"_s), 0);

    // The connection is not left inside a transaction; numbering continues.
    auto next = conversations.saveTurn(simpleTurn(conversationId, u"third"_s), usageRecord(10, 5));
    ZK_VERIFY_OK(next);
    QCOMPARE(next->seq, 2);
    QCOMPARE(count(u"SELECT count(*) FROM usage"_s), 2);
}

void TestRepositories::saveTurnNeedsKnownConversation()
{
    ConversationRepository conversations(*m_db);
    auto saved = conversations.saveTurn(simpleTurn(u"no-such-conversation"_s, u"hi"_s), usageRecord(10, 5));
    QVERIFY(!saved.ok());
    QVERIFY2(saved.error().message.contains(u"FOREIGN KEY"_s, Qt::CaseInsensitive), qPrintable(saved.error().message));
    QVERIFY(!conversations.saveTurn(simpleTurn(QString(), u"hi"_s), std::nullopt).ok());
    QCOMPARE(count(u"SELECT count(*) FROM turns"_s), 0);
    QCOMPARE(count(u"SELECT count(*) FROM usage"_s), 0);
}

void TestRepositories::historyOrderAndLimit()
{
    const QString a = startConversation();
    const QString b = startConversation();
    QVERIFY(!a.isEmpty() && !b.isEmpty());
    ConversationRepository conversations(*m_db);

    const QList<std::tuple<QString, QString, QString>> turns{
        {a, u"A1"_s, u"2025-05-01T10:00:01.000Z"_s}, {b, u"B1"_s, u"2025-05-01T10:00:02.000Z"_s},
        {a, u"A2"_s, u"2025-05-01T10:00:03.000Z"_s}, {b, u"B2"_s, u"2025-05-01T10:00:04.000Z"_s},
        {a, u"A3"_s, u"2025-05-01T10:00:05.000Z"_s}, {b, u"B3 ¿sí? 🦊"_s, u"2025-05-01T10:00:05.000Z"_s}};
    for (const auto &[conversation, text, at] : turns)
        ZK_VERIFY_OK(conversations.saveTurn(simpleTurn(conversation, text, at), std::nullopt));

    auto h = conversations.history(QString(), 3);
    ZK_VERIFY_OK(h);
    // Newest first; the tie at :05 goes to the later insert.
    QCOMPARE(visitorTexts(*h), (QStringList{u"B3 ¿sí? 🦊"_s, u"A3"_s, u"B2"_s}));

    h = conversations.history(QString(), 100);
    ZK_VERIFY_OK(h);
    QCOMPARE(visitorTexts(*h), (QStringList{u"B3 ¿sí? 🦊"_s, u"A3"_s, u"B2"_s, u"A2"_s, u"B1"_s, u"A1"_s}));

    h = conversations.history(a, 2);
    ZK_VERIFY_OK(h);
    QCOMPARE(visitorTexts(*h), (QStringList{u"A3"_s, u"A2"_s}));
    QCOMPARE(h->first().seq, 3);

    h = conversations.history(b, 10);
    ZK_VERIFY_OK(h);
    QCOMPARE(visitorTexts(*h), (QStringList{u"B3 ¿sí? 🦊"_s, u"B2"_s, u"B1"_s}));

    h = conversations.history(QString(), 0); // no limit
    ZK_VERIFY_OK(h);
    QCOMPARE(h->size(), 6);

    h = conversations.history(u"no-such-conversation"_s, 5);
    ZK_VERIFY_OK(h);
    QVERIFY(h->isEmpty());

    auto ordered = conversations.turns(a);
    ZK_VERIFY_OK(ordered);
    QCOMPARE(visitorTexts(*ordered), (QStringList{u"A1"_s, u"A2"_s, u"A3"_s}));
}

void TestRepositories::summaries()
{
    const QString conversationId = startConversation(u"es"_s);
    QVERIFY(!conversationId.isEmpty());
    ConversationRepository conversations(*m_db);

    auto none = conversations.latestSummary(conversationId);
    ZK_VERIFY_OK(none);
    QVERIFY(!none->has_value());

    Summary s1;
    s1.conversationId = conversationId;
    s1.throughSeq = 4;
    s1.text = u"The visitor asked about food."_s;
    s1.model = u"gpt-4o-mini"_s;
    ZK_VERIFY_OK(conversations.saveSummary(s1, usageRecord(300, 40, u"summary"_s)));

    Summary s2 = s1;
    s2.throughSeq = 8;
    s2.text = u"El visitante preguntó por el bambú y la cola rayada 🐼."_s;
    s2.createdAt = u"2025-05-01T10:10:00.000Z"_s;
    ZK_VERIFY_OK(conversations.saveSummary(s2, std::nullopt));

    auto latest = conversations.latestSummary(conversationId);
    ZK_VERIFY_OK(latest);
    QVERIFY(latest->has_value());
    QVERIFY((*latest)->id > 0);
    QCOMPARE((*latest)->conversationId, conversationId);
    QCOMPARE((*latest)->throughSeq, 8);
    QCOMPARE((*latest)->text, s2.text);
    QCOMPARE((*latest)->model, s2.model);
    QCOMPARE((*latest)->createdAt, s2.createdAt);

    // The summary call's usage: no turn, this conversation.
    QCOMPARE(count(u"SELECT count(*) FROM usage WHERE purpose = 'summary' AND turn_id IS NULL "
                   "AND conversation_id IS NOT NULL AND prompt_tokens = 300"_s),
             1);

    // Atomic: a bad usage row stores no summary.
    Summary s3 = s1;
    s3.throughSeq = 12;
    QVERIFY(!conversations.saveSummary(s3, usageRecord(-1, 0, u"summary"_s)).ok());
    latest = conversations.latestSummary(conversationId);
    ZK_VERIFY_OK(latest);
    QCOMPARE((*latest)->throughSeq, 8);
    QCOMPARE(count(u"SELECT count(*) FROM summaries"_s), 2);
    QCOMPARE(count(u"SELECT count(*) FROM usage"_s), 1);

    // Foreign key: no summary for an unknown conversation.
    Summary orphan = s1;
    orphan.conversationId = u"no-such-conversation"_s;
    QVERIFY(!conversations.saveSummary(orphan, std::nullopt).ok());
}

void TestRepositories::promptVersions()
{
    ConversationRepository conversations(*m_db);
    const QString prompt = u"You are Zara, a red panda. Responde en español si te hablan en español. 🐼"_s;
    ZK_VERIFY_OK(conversations.rememberPromptVersion(u"9f86d081"_s, u"red_panda"_s, prompt));
    ZK_VERIFY_OK(conversations.rememberPromptVersion(u"9f86d081"_s, u"red_panda"_s, u"other text"_s)); // once per hash
    ZK_VERIFY_OK(conversations.rememberPromptVersion(u"aaaa"_s, u"cougar"_s, u"You are a cougar."_s));
    QCOMPARE(count(u"SELECT count(*) FROM prompt_versions"_s), 2);

    QSqlQuery q(m_db->connection());
    QVERIFY(q.exec(u"SELECT text, animal_id FROM prompt_versions WHERE hash = '9f86d081'"_s));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), prompt);
    QCOMPARE(q.value(1).toString(), u"red_panda"_s);
    q = QSqlQuery();

    QVERIFY(!conversations.rememberPromptVersion(QString(), u"red_panda"_s, prompt).ok());
}

void TestRepositories::deletingConversationKeepsUsage()
{
    // Purging a conversation removes its turns and summaries but keeps the
    // cost records (turn_id becomes NULL).
    const QString conversationId = startConversation();
    QVERIFY(!conversationId.isEmpty());
    ConversationRepository conversations(*m_db);
    ZK_VERIFY_OK(conversations.saveTurn(simpleTurn(conversationId, u"q"_s), usageRecord(10, 5)));
    Summary s;
    s.conversationId = conversationId;
    s.throughSeq = 1;
    s.text = u"summary"_s;
    ZK_VERIFY_OK(conversations.saveSummary(s, std::nullopt));

    QSqlQuery q(m_db->connection());
    QVERIFY(q.prepare(u"DELETE FROM conversations WHERE id = ?"_s));
    q.addBindValue(conversationId);
    QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
    q = QSqlQuery();
    QCOMPARE(count(u"SELECT count(*) FROM turns"_s), 0);
    QCOMPARE(count(u"SELECT count(*) FROM summaries"_s), 0);
    QCOMPARE(count(u"SELECT count(*) FROM usage WHERE turn_id IS NULL AND prompt_tokens = 10"_s), 1);
}

// ---------------------------------------------------------------------------

void TestRepositories::eventsRecordAndRecent()
{
    EventRepository events(*m_db);

    Event old;
    old.createdAt = u"2024-01-01T00:00:00.000Z"_s;
    old.severity = Severity::Info;
    old.category = u"system"_s;
    old.kind = u"started"_s;
    old.message = u"Kiosk started"_s;
    auto oldId = events.record(old);
    ZK_VERIFY_OK(oldId);

    Event security;
    security.severity = Severity::Critical;
    security.category = u"security"_s;
    security.kind = u"injection_attempt"_s;
    security.message = u"Intento de inyección bloqueado — «ignora tus reglas» 🚫"_s;
    security.conversationHash = u"0123456789abcdef"_s;
    security.requestId = u"req_42"_s;
    security.detailsJson = u"{\"layer\":\"input\",\"score\":0.97,\"nota\":\"señal\"}"_s;
    auto securityId = events.record(security);
    ZK_VERIFY_OK(securityId);

    Event warning;
    warning.severity = Severity::Warning;
    warning.category = u"alert"_s;
    warning.kind = u"budget_80"_s;
    auto warningId = events.record(warning);
    ZK_VERIFY_OK(warningId);
    QVERIFY(*oldId < *securityId && *securityId < *warningId);

    Event error;
    error.severity = Severity::Error;
    error.category = u"error"_s;
    error.kind = u"llm_error"_s;
    error.createdAt = u"2024-06-01T00:00:00.000Z"_s;
    ZK_VERIFY_OK(events.record(error));

    auto recent = events.recent(2);
    ZK_VERIFY_OK(recent);
    QCOMPARE(recent->size(), 2);
    QCOMPARE(recent->at(0).id, *warningId);
    QCOMPARE(recent->at(1).id, *securityId);

    const Event &stored = recent->at(1);
    QVERIFY(!stored.createdAt.isEmpty()); // filled in
    QCOMPARE(stored.severity, Severity::Critical);
    QCOMPARE(stored.category, security.category);
    QCOMPARE(stored.kind, security.kind);
    QCOMPARE(stored.message, security.message);
    QCOMPARE(stored.conversationHash, security.conversationHash);
    QCOMPARE(stored.requestId, security.requestId);
    QCOMPARE(stored.detailsJson, security.detailsJson);
    QCOMPARE(recent->at(0).severity, Severity::Warning);
    QVERIFY(recent->at(0).detailsJson.isEmpty());

    auto all = events.recent(0);
    ZK_VERIFY_OK(all);
    QCOMPARE(all->size(), 4);
    QCOMPARE(all->at(2).severity, Severity::Error); // 2024-06 before 2024-01
    QCOMPARE(all->at(3).id, *oldId);
    QCOMPARE(all->at(3).createdAt, old.createdAt);

    // details must be JSON.
    Event bad = warning;
    bad.detailsJson = u"{not json"_s;
    QVERIFY(!events.record(bad).ok());
    QCOMPARE(count(u"SELECT count(*) FROM events"_s), 4);
}

// Staff filters on the stored conversations: animal, dates, source, blocked.
void TestRepositories::historyQueryFilters()
{
    zk::persona::Animal tiger = redPanda();
    tiger.id = u"tiger"_s;
    ZK_VERIFY_OK(AnimalRepository(*m_db).seedDefault(redPanda()));
    ZK_VERIFY_OK(AnimalRepository(*m_db).seedDefault(tiger));
    ConversationRepository conversations(*m_db);
    const QString panda = conversations.create(u"red_panda"_s, u"en"_s).value().id;
    const QString stripes = conversations.create(u"tiger"_s, u"es"_s).value().id;
    ZK_VERIFY_OK(conversations.saveTurn(simpleTurn(panda, u"old question"_s, u"2026-10-01T10:00:00.000Z"_s), std::nullopt));
    Turn blocked = simpleTurn(panda, u"rude words"_s, u"2026-11-20T10:00:00.000Z"_s);
    blocked.blocked = true;
    blocked.source = ReplySource::Blocked;
    ZK_VERIFY_OK(conversations.saveTurn(blocked, std::nullopt));
    Turn offline = simpleTurn(stripes, u"how fast"_s, u"2026-11-21T23:59:59.000Z"_s);
    offline.source = ReplySource::Offline;
    ZK_VERIFY_OK(conversations.saveTurn(offline, std::nullopt));

    HistoryFilter all;
    auto rows = conversations.query(all);
    ZK_VERIFY_OK(rows);
    QCOMPARE(rows->size(), 3);
    QCOMPARE(rows->first().turn.visitorText, u"how fast"_s); // newest first
    QCOMPARE(rows->first().animalId, u"tiger"_s);
    QCOMPARE(rows->first().language, u"es"_s);

    HistoryFilter byAnimal;
    byAnimal.animalId = u"red_panda"_s;
    QCOMPARE(conversations.query(byAnimal)->size(), 2);

    HistoryFilter byDates; // both ends included, whole days
    byDates.from = QDate(2026, 11, 20);
    byDates.to = QDate(2026, 11, 21);
    QCOMPARE(conversations.query(byDates)->size(), 2);
    byDates.to = QDate(2026, 11, 20);
    QCOMPARE(conversations.query(byDates)->size(), 1);

    HistoryFilter bySource;
    bySource.source = ReplySource::Offline;
    QCOMPARE(conversations.query(bySource)->size(), 1);

    HistoryFilter onlyBlocked;
    onlyBlocked.blockedOnly = true;
    rows = conversations.query(onlyBlocked);
    QCOMPARE(rows->size(), 1);
    QCOMPARE(rows->first().turn.visitorText, u"rude words"_s);

    HistoryFilter limited;
    limited.limit = 2;
    QCOMPARE(conversations.query(limited)->size(), 2);
}

void TestRepositories::historySearchIsFullText()
{
    ZK_VERIFY_OK(AnimalRepository(*m_db).seedDefault(redPanda()));
    ConversationRepository conversations(*m_db);
    const QString c = conversations.create(u"red_panda"_s, u"es"_s).value().id;
    ZK_VERIFY_OK(conversations.saveTurn(simpleTurn(c, u"¿Qué comes en el árbol?"_s), std::nullopt));
    Turn t = simpleTurn(c, u"Do you like snow?"_s);
    t.reply = u"I love bamboo and cold mountain forests."_s;
    ZK_VERIFY_OK(conversations.saveTurn(t, std::nullopt));

    const auto search = [&](const QString &words) {
        HistoryFilter f;
        f.search = words;
        return int(conversations.query(f).value().size());
    };
    QCOMPARE(search(u"bamboo"_s), 1);        // in the reply
    QCOMPARE(search(u"bamb"_s), 1);          // the last word is a prefix
    QCOMPARE(search(u"SNOW"_s), 1);          // any case
    QCOMPARE(search(u"arbol"_s), 1);         // without the accent
    QCOMPARE(search(u"snow bamboo"_s), 1);   // every word, anywhere in the turn
    QCOMPARE(search(u"snow giraffe"_s), 0);
    QCOMPARE(search(u"bamboo\""_s), 1);          // a stray quote is no FTS5 syntax error
    HistoryFilter syntax;
    syntax.search = u"\"bamboo OR NEAR("_s;      // read as the words bamboo, or, near
    QVERIFY(conversations.query(syntax).ok());
    QCOMPARE(search(u"!!!"_s), 0);
}

void TestRepositories::purgeKeepsUsageAndNewerTurns()
{
    ZK_VERIFY_OK(AnimalRepository(*m_db).seedDefault(redPanda()));
    ConversationRepository conversations(*m_db);
    const QString old = conversations.create(u"red_panda"_s, u"en"_s).value().id;
    const QString recent = conversations.create(u"red_panda"_s, u"en"_s).value().id;
    ZK_VERIFY_OK(conversations.saveTurn(simpleTurn(old, u"ancient bamboo"_s, u"2026-09-01T10:00:00.000Z"_s),
                                        usageRecord(10, 5)));
    ZK_VERIFY_OK(conversations.saveTurn(simpleTurn(recent, u"fresh bamboo"_s, u"2026-11-22T10:00:00.000Z"_s),
                                        usageRecord(10, 5)));
    QSqlQuery started(m_db->connection());
    QVERIFY(started.exec(u"UPDATE conversations SET started_at = '2026-09-01T09:59:00.000Z' WHERE id = '%1'"_s.arg(old)));
    auto removed = conversations.purgeOlderThan(QDateTime(QDate(2026, 10, 24), QTime(0, 0), Qt::UTC));
    ZK_VERIFY_OK(removed);
    QCOMPARE(removed.value(), 1);
    HistoryFilter f;
    f.search = u"bamboo"_s;
    const auto rows = conversations.query(f);
    QCOMPARE(rows->size(), 1);
    QCOMPARE(rows->first().turn.visitorText, u"fresh bamboo"_s);
    QSqlQuery q(m_db->connection());
    QVERIFY(q.exec(u"SELECT count(*), count(turn_id) FROM usage"_s) && q.next());
    QCOMPARE(q.value(0).toInt(), 2); // both usage rows stay for the cost figures
    QCOMPARE(q.value(1).toInt(), 1); // the purged turn's is detached
    QVERIFY(q.exec(u"SELECT count(*) FROM turns_fts"_s) && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
    QVERIFY(!conversations.find(old)->has_value()); // emptied and old: gone
    QVERIFY(conversations.find(recent)->has_value());
}

void TestRepositories::historyExportCsvAndJson()
{
    ZK_VERIFY_OK(AnimalRepository(*m_db).seedDefault(redPanda()));
    ConversationRepository conversations(*m_db);
    const QString c = conversations.create(u"red_panda"_s, u"es"_s).value().id;
    Turn t = simpleTurn(c, u"=HYPERLINK(\"x\"), ¿sí?"_s);
    t.reply = u"line one\nline \"two\""_s;
    ZK_VERIFY_OK(conversations.saveTurn(t, std::nullopt));
    const auto rows = conversations.query(HistoryFilter{});
    const QByteArray bytes = zk::admin::historyCsv(rows.value());
    QVERIFY(bytes.startsWith("\xEF\xBB\xBF")); // UTF-8 BOM for spreadsheets
    const QString csv = QString::fromUtf8(bytes.mid(3));
    const QStringList lines = csv.split(u"\r\n"_s);
    QVERIFY(lines.first().startsWith(u"created_at,conversation_id,"_s));
    // The formula is defused and quoted; the reply keeps its line break and quotes.
    QVERIFY2(csv.contains(u"\"'=HYPERLINK(\"\"x\"\"), ¿sí?\""_s), qPrintable(csv));
    QVERIFY(csv.contains(u"\"line one\nline \"\"two\"\"\""_s));
    QVERIFY(csv.contains(u",red_panda,es,"_s));
    const QJsonArray json = QJsonDocument::fromJson(zk::admin::historyJson(rows.value())).array();
    QCOMPARE(json.size(), 1);
    QCOMPARE(json.first().toObject().value(u"visitorText"_s).toString(), t.visitorText);
    QCOMPARE(json.first().toObject().value(u"animal"_s).toString(), u"red_panda"_s);
}

QTEST_GUILESS_MAIN(TestRepositories)
#include "tst_repositories.moc"
