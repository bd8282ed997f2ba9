// Offline knowledge: the shipped files load and validate; seeding is
// idempotent, replaces an animal's entries when they change and keeps the FTS
// index in step; bestMatch answers real child questions with the right entry
// for every animal in English and Spanish, refuses unrelated ones, and never
// lets the visitor's text act as FTS5 syntax; OfflineAnswerer falls back to the
// emergency message. Also prints match quality and the time of one search.

#include "conversation/offlineanswerer.h"
#include "conversation/questionkey.h"
#include "persona/defaultcontent.h"
#include "persona/knowledgecontent.h"
#include "storage/database.h"
#include "storage/knowledgerepository.h"
#include "storage/repositories.h"

#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <functional>
#include <memory>
#include <tuple>

using namespace Qt::StringLiterals;
using zk::conversation::OfflineAnswerer;
using zk::persona::Animal;
using zk::persona::KnowledgeEntry;
using zk::storage::AnimalRepository;
using zk::storage::Database;
using zk::storage::KnowledgeRepository;

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

constexpr int kMinEntriesPerLanguage = 30;
const QStringList kLanguages = {u"en"_s, u"es"_s};

// A question and the entry topics that answer it ("food" or "food|nature").
struct Case
{
    QString question;
    QString topics;
};

// What children ask every animal, in their own words.
QList<Case> everyAnimal(const QString &language)
{
    if (language == u"en"_s) {
        return {
            {u"What do you eat?"_s, u"food"_s},
            {u"what's your favourite food"_s, u"food"_s},
            {u"What are you eating?"_s, u"food"_s},
            {u"WHAT DO YOU LIKE TO EAT??"_s, u"food"_s},
            {u"are you hungry"_s, u"food"_s},
            {u"Where do you live?"_s, u"habitat"_s},
            {u"where are you from"_s, u"habitat"_s},
            {u"Where do you come from?"_s, u"habitat"_s},
            {u"How long do you live?"_s, u"lifespan"_s},
            {u"how old do you get"_s, u"lifespan|nature"_s},
            {u"Do you have babies?"_s, u"family"_s},
            {u"How many babies do you have?"_s, u"family"_s},
            {u"How big are you?"_s, u"size"_s},
            {u"How much do you weigh?"_s, u"size"_s},
            {u"Where do you sleep?"_s, u"sleep"_s},
            {u"What sound do you make?"_s, u"sounds"_s},
            {u"what noises do you make"_s, u"sounds"_s},
            {u"Are you endangered?"_s, u"conservation"_s},
            {u"Are you going extinct?"_s, u"conservation"_s},
            {u"How can I help you?"_s, u"help"_s},
            {u"Hello!"_s, u"greeting"_s},
            {u"hi there 👋"_s, u"greeting"_s},
            {u"What is your name?"_s, u"greeting|identity"_s},
            {u"Are you a robot?"_s, u"identity"_s},
            {u"Are you real?"_s, u"identity"_s},
            {u"Can I pet you?"_s, u"safety"_s},
            {u"Can I feed you?"_s, u"safety"_s},
            {u"Do you poop?"_s, u"poop"_s},
            {u"Do you have any friends?"_s, u"social|family"_s},
            {u"Tell me a fun fact!"_s, u"fun"_s},
            {u"What do you like to do?"_s, u"fun"_s},
            {u"Who are your enemies?"_s, u"predators"_s},
            {u"Do you get cold?"_s, u"weather"_s},
            {u"Do you like the zoo?"_s, u"zoo"_s},
        };
    }
    return {
        {u"¿Qué comes?"_s, u"food"_s},
        {u"que comes"_s, u"food"_s},
        {u"¿Cuál es tu comida favorita?"_s, u"food"_s},
        {u"¿Qué te gusta comer?"_s, u"food"_s},
        {u"¿Tienes hambre?"_s, u"food"_s},
        {u"¿Dónde vives?"_s, u"habitat"_s},
        {u"¿De dónde eres?"_s, u"habitat"_s},
        {u"donde vives"_s, u"habitat"_s},
        {u"¿Cuántos años vives?"_s, u"lifespan"_s},
        {u"¿Tienes bebés?"_s, u"family"_s},
        {u"¿Cuántos bebés tienes?"_s, u"family"_s},
        {u"¿Qué tan grande eres?"_s, u"size"_s},
        {u"¿Cuánto pesas?"_s, u"size"_s},
        {u"¿Dónde duermes?"_s, u"sleep"_s},
        {u"¿Qué sonido haces?"_s, u"sounds"_s},
        {u"¿Qué ruidos haces?"_s, u"sounds"_s},
        {u"¿Estás en peligro de extinción?"_s, u"conservation"_s},
        {u"¿Cómo puedo ayudar?"_s, u"help"_s},
        {u"¡Hola!"_s, u"greeting"_s},
        {u"¿Cómo te llamas?"_s, u"greeting|identity"_s},
        {u"¿Eres un robot?"_s, u"identity"_s},
        {u"¿Te puedo tocar?"_s, u"safety"_s},
        {u"¿Te puedo dar de comer?"_s, u"safety|zoo"_s},
        {u"¿Haces popó?"_s, u"poop"_s},
        {u"¿Tienes amigos?"_s, u"social|family"_s},
        {u"¡Cuéntame un dato curioso!"_s, u"fun"_s},
        {u"¿Qué te gusta hacer?"_s, u"fun"_s},
        {u"¿Quiénes son tus enemigos?"_s, u"predators"_s},
        {u"¿Te gusta el zoológico?"_s, u"zoo"_s},
    };
}

// Held out: written after the matching was tuned on the tables above and not
// tuned on since. matchQuality() prints how they fare; nothing asserts them.
QList<Case> heldOut(const QString &language)
{
    if (language == u"en"_s) {
        return {
            {u"what do you like to munch on"_s, u"food"_s}, {u"whats for dinner"_s, u"food"_s},
            {u"do you ever get hungry"_s, u"food"_s}, {u"where's your home"_s, u"habitat"_s},
            {u"what country do you live in"_s, u"habitat"_s}, {u"how many years do you live"_s, u"lifespan"_s},
            {u"do you have kids"_s, u"family"_s}, {u"are you a big animal"_s, u"size"_s},
            {u"how tall are you"_s, u"size"_s}, {u"when do you go to sleep"_s, u"sleep"_s},
            {u"do you take naps"_s, u"sleep"_s}, {u"can you make noise"_s, u"sounds"_s},
            {u"are there many of you left in the wild"_s, u"conservation"_s},
            {u"what can I do to help you"_s, u"help"_s}, {u"hey!"_s, u"greeting"_s},
            {u"who r u"_s, u"greeting"_s}, {u"are you a real animal"_s, u"identity"_s},
            {u"can i give you a hug"_s, u"safety"_s}, {u"do you go potty"_s, u"poop"_s},
            {u"are you lonely"_s, u"social"_s}, {u"tell me something cool"_s, u"fun"_s},
            {u"what animals hunt you"_s, u"predators"_s}, {u"do you like winter"_s, u"weather"_s},
            {u"is the zoo nice"_s, u"zoo"_s},
        };
    }
    return {
        {u"¿Qué te gusta comer más?"_s, u"food"_s}, {u"¿Tienes mucha hambre?"_s, u"food"_s},
        {u"¿Dónde está tu casa?"_s, u"habitat"_s}, {u"¿De qué país vienes?"_s, u"habitat"_s},
        {u"¿Cuántos años tienes?"_s, u"lifespan"_s}, {u"¿Tienes hijos?"_s, u"family"_s},
        {u"¿Eres muy grande?"_s, u"size"_s}, {u"¿Cuánto mides?"_s, u"size"_s},
        {u"¿Duermes de noche?"_s, u"sleep"_s}, {u"¿Qué ruido haces?"_s, u"sounds"_s},
        {u"¿Quedan muchos en la naturaleza?"_s, u"conservation"_s},
        {u"¿Qué puedo hacer para ayudarte?"_s, u"help"_s}, {u"hola amigo"_s, u"greeting"_s},
        {u"¿Eres real?"_s, u"identity"_s}, {u"¿Te puedo abrazar?"_s, u"safety"_s},
        {u"¿Dónde haces pipí?"_s, u"poop"_s}, {u"¿Vives solo?"_s, u"social"_s},
        {u"Dime algo interesante"_s, u"fun"_s}, {u"¿Quién te quiere comer?"_s, u"predators"_s},
        {u"¿Te gusta el invierno?"_s, u"weather"_s}, {u"¿Te gusta vivir en el zoológico?"_s, u"zoo"_s},
    };
}

// Questions about one animal in particular.
QList<Case> aboutAnimal(const QString &animalId, const QString &language)
{
    const bool en = language == u"en"_s;
    if (animalId == u"red_panda"_s) {
        if (en)
            return {{u"Do you eat bamboo?"_s, u"food"_s}, {u"Are you a bear?"_s, u"identity"_s},
                    {u"why is your tail so fluffy"_s, u"body"_s}, {u"Can you climb trees?"_s, u"movement"_s},
                    {u"Are you related to giant pandas?"_s, u"identity"_s},
                    {u"Do you like snow?"_s, u"weather"_s}};
        return {{u"¿Comes bambú?"_s, u"food"_s}, {u"¿Eres un oso?"_s, u"identity"_s},
                {u"¿Por qué tu cola tiene anillos?"_s, u"body"_s}, {u"¿Te gusta la nieve?"_s, u"weather"_s}};
    }
    if (animalId == u"cougar"_s) {
        if (en)
            return {{u"Are you a mountain lion?"_s, u"identity"_s}, {u"How high can you jump?"_s, u"movement"_s},
                    {u"Do you eat deer?"_s, u"food"_s}, {u"Can you roar?"_s, u"sounds"_s},
                    {u"Are you dangerous?"_s, u"safety"_s}};
        return {{u"¿Eres un león de montaña?"_s, u"identity"_s}, {u"¿Puedes rugir?"_s, u"sounds"_s},
                {u"¿Qué tan alto saltas?"_s, u"movement"_s}, {u"¿Comes venados?"_s, u"food"_s}};
    }
    if (animalId == u"tiger"_s) {
        if (en)
            return {{u"Why do you have stripes?"_s, u"body"_s}, {u"Can you swim?"_s, u"movement"_s},
                    {u"Can you roar?"_s, u"sounds"_s}, {u"Who would win, a tiger or a lion?"_s, u"fun"_s},
                    {u"Do you like the snow?"_s, u"weather"_s}};
        return {{u"¿Por qué tienes rayas?"_s, u"body"_s}, {u"¿Sabes nadar?"_s, u"movement"_s},
                {u"¿Puedes rugir?"_s, u"sounds"_s}, {u"¿Te gusta la nieve?"_s, u"weather"_s}};
    }
    if (animalId == u"lemur"_s) {
        if (en)
            return {{u"Are you a monkey?"_s, u"identity"_s}, {u"Why is your tail striped?"_s, u"body"_s},
                    {u"Are you King Julien?"_s, u"identity"_s}, {u"Where is Madagascar?"_s, u"habitat"_s},
                    {u"Why do you sit in the sun?"_s, u"behavior"_s}};
        return {{u"¿Eres un mono?"_s, u"identity"_s}, {u"¿Eres el rey Julien?"_s, u"identity"_s},
                {u"¿Por qué tu cola tiene rayas?"_s, u"body"_s}};
    }
    if (animalId == u"reindeer"_s) {
        if (en)
            return {{u"Do you know Santa?"_s, u"identity"_s}, {u"Are you Rudolph?"_s, u"identity"_s},
                    {u"Why do you have antlers?"_s, u"body"_s}, {u"Can you fly?"_s, u"identity"_s},
                    {u"Do you like snow?"_s, u"weather"_s}};
        return {{u"¿Conoces a Santa?"_s, u"identity"_s}, {u"¿Eres Rodolfo?"_s, u"identity"_s},
                {u"¿Puedes volar?"_s, u"identity"_s}};
    }
    if (animalId == u"macaw"_s) {
        if (en)
            return {{u"Can you talk?"_s, u"sounds"_s}, {u"Can you fly?"_s, u"movement"_s},
                    {u"Why are you so colorful?"_s, u"body"_s}, {u"Are you a parrot?"_s, u"identity"_s},
                    {u"Tell me a joke"_s, u"fun"_s}};
        return {{u"¿Puedes hablar?"_s, u"sounds"_s}, {u"¿Puedes volar?"_s, u"movement"_s},
                {u"¿Eres un loro?"_s, u"identity"_s}};
    }
    return {};
}

// Nothing in any animal's knowledge answers these.
QStringList offTopic(const QString &language)
{
    if (language == u"en"_s)
        return {u"What's the capital of France?"_s, u"asdf qwerty"_s, u"Who won the World Cup?"_s,
                u"What is two plus two?"_s, u"Can you do my homework?"_s, u"What's your phone number?"_s,
                u"Tell me about dinosaurs"_s, u"Where is the nearest restaurant?"_s, u"zzzz"_s, u"?!?! 🐼🐼"_s};
    return {u"¿Cuál es la capital de Francia?"_s, u"asdf qwerty"_s, u"¿Quién ganó el mundial?"_s,
            u"¿Cuánto es dos más dos?"_s, u"¿Puedes hacer mi tarea?"_s, u"Háblame de los dinosaurios"_s,
            u"¿Dónde está el restaurante?"_s, u"zzzz"_s};
}

// Off topic: nothing, or an entry that still fits (the food entry).
QList<Case> fairOrNothing(const QString &language)
{
    if (language == u"en"_s)
        return {{u"Do you like pizza?"_s, u"food"_s}, {u"Do you eat pizza?"_s, u"food"_s},
                {u"What is your favorite pizza?"_s, u"food|fun"_s}};
    return {{u"¿Te gusta la pizza?"_s, u"food"_s}, {u"¿Comes pizza?"_s, u"food"_s},
            {u"¿Cuál es tu pizza favorita?"_s, u"food|fun"_s}};
}

// Known limits, printed by matchQuality() and not asserted: a word of the
// question that is also in an entry on another subject ("ice" under the
// reindeer's hooves, "helado" as freezing for the tiger) wins over the
// unknown word next to it.
QStringList knownLimits(const QString &language)
{
    if (language == u"en"_s)
        return {u"Do you like ice cream?"_s, u"What's your phone number?"_s, u"Why?"_s};
    return {u"¿Te gusta el helado?"_s, u"¿Cuál es tu número de teléfono?"_s, u"¿Por qué?"_s};
}

const QStringList &syntaxAttacks()
{
    static const QStringList attacks = {
        u"\""_s, u"\"\""_s, u"\"eat"_s, u"eat\""_s, u"*"_s, u"eat*"_s, u"**eat"_s, u":"_s,
        u"questions:eat"_s, u"answer : bamboo"_s, u"{questions keywords}: eat"_s, u"NEAR(eat bamboo)"_s,
        u"NEAR(eat bamboo, 2)"_s, u"eat NEAR bamboo"_s, u"-eat"_s, u"eat - bamboo"_s, u"(eat"_s, u"eat)"_s,
        u"((()))"_s, u"eat AND bamboo"_s, u"eat OR"_s, u"OR"_s, u"AND"_s, u"NOT"_s, u"NOT eat"_s,
        u"eat NOT bamboo"_s, u"^eat"_s, u"+eat"_s, u"'"_s, u"eat'; DROP TABLE knowledge_fts; --"_s,
        u"\\"_s, u"\"\"\"eat\"\"\""_s, u"e\u0000at"_s, u"near near near and or not"_s,
        u"animal_id:red_panda"_s, u"rowid = 1"_s, u"¿\"qué\" * comes? (NEAR) -carne"_s,
        QString(5000, u'a'), QString(2000, u'"'), u"eat "_s.repeated(400),
    };
    return attacks;
}

} // namespace

using KnowledgeEdit = std::function<void(QJsonObject &)>;
Q_DECLARE_METATYPE(KnowledgeEdit)

class TestKnowledge : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void realFilesLoad();
    void loaderRejects_data();
    void loaderRejects();
    void seedIsIdempotent();
    void seedReplacesOnChange();
    void seedSkipsUnknownAnimals();

    void childQuestions_data();
    void childQuestions();
    void offTopicGivesNothing_data();
    void offTopicGivesNothing();
    void offTopicFairOrNothing_data();
    void offTopicFairOrNothing();
    void syntaxNeverErrors_data();
    void syntaxNeverErrors();
    void otherAnimalOrLanguageNeverLeaks();

    void offlineAnswerer();
    void offlineAnswererFallsBack();

    void matchQuality();
    void bestMatchTiming();

private:
    // A fresh database with the default animals, and optionally the knowledge.
    std::unique_ptr<Database> freshDatabase(const QString &name);
    // The topic of a stored match ("" when none).
    QString topicOf(const QString &animalId, const QString &language, const QString &key) const;
    int rowsOf(Database &db, const QString &sql) const;

    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<KnowledgeRepository> m_knowledge;
    QList<Animal> m_animals;
    QList<KnowledgeEntry> m_entries;
};

std::unique_ptr<Database> TestKnowledge::freshDatabase(const QString &name)
{
    auto db = std::make_unique<Database>(m_dir.filePath(name));
    if (!db->open().ok())
        return nullptr;
    AnimalRepository animals(*db);
    for (const Animal &animal : std::as_const(m_animals)) {
        if (!animals.seedDefault(animal).ok())
            return nullptr;
    }
    return db;
}

int TestKnowledge::rowsOf(Database &db, const QString &sql) const
{
    QSqlQuery q(db.connection());
    if (!q.exec(sql) || !q.next())
        return -1;
    return q.value(0).toInt();
}

QString TestKnowledge::topicOf(const QString &animalId, const QString &language, const QString &key) const
{
    for (const KnowledgeEntry &e : m_entries) {
        if (e.animalId == animalId && e.language == language && e.key == key)
            return e.topic;
    }
    return {};
}

void TestKnowledge::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    const auto content = zk::persona::loadDefaultContent();
    ZK_VERIFY_OK(content);
    m_animals = content->animals;
    const auto entries = zk::persona::loadKnowledge();
    ZK_VERIFY_OK(entries);
    m_entries = *entries;

    m_db = freshDatabase(u"knowledge.db"_s);
    QVERIFY(m_db);
    m_knowledge = std::make_unique<KnowledgeRepository>(*m_db);
    const auto written = m_knowledge->seed(m_entries);
    ZK_VERIFY_OK(written);
    QCOMPARE(*written, int(m_entries.size()));
}

void TestKnowledge::cleanupTestCase()
{
    m_knowledge.reset();
    m_db.reset();
}

void TestKnowledge::realFilesLoad()
{
    // Every default animal has a knowledge file, and nothing else does.
    QSet<QString> animalIds;
    for (const Animal &a : std::as_const(m_animals))
        animalIds.insert(a.id);
    QSet<QString> withKnowledge;
    for (const KnowledgeEntry &e : std::as_const(m_entries))
        withKnowledge.insert(e.animalId);
    QCOMPARE(withKnowledge, animalIds);

    for (const Animal &a : std::as_const(m_animals)) {
        for (const QString &language : kLanguages) {
            QSet<QString> keys;
            QSet<QString> topics;
            for (const KnowledgeEntry &e : std::as_const(m_entries)) {
                if (e.animalId != a.id || e.language != language)
                    continue;
                QVERIFY(e.contentVersion >= 1);
                QVERIFY(e.questions.size() >= 2);
                QVERIFY(!e.keywords.isEmpty());
                QVERIFY(!e.answer.isEmpty());
                QVERIFY(!e.topic.isEmpty());
                keys.insert(e.key);
                topics.insert(e.topic);
            }
            QVERIFY2(keys.size() >= kMinEntriesPerLanguage,
                     qPrintable(u"%1 (%2): %3 entries"_s.arg(a.id, language).arg(keys.size())));
            // The stored copy matches.
            const auto stored = m_knowledge->count(a.id, language);
            ZK_VERIFY_OK(stored);
            QCOMPARE(*stored, int(keys.size()));
            qInfo().noquote() << a.id << language << keys.size() << "entries," << topics.size() << "topics";
        }
    }
    const auto all = m_knowledge->count(QString(), QString());
    ZK_VERIFY_OK(all);
    QCOMPARE(*all, int(m_entries.size()));
}

void TestKnowledge::loaderRejects_data()
{
    using Edit = KnowledgeEdit;
    QTest::addColumn<Edit>("edit");
    QTest::addColumn<QString>("expected");

    auto entryEdit = [](int index, const std::function<void(QJsonObject &)> &f) -> Edit {
        return [=](QJsonObject &root) {
            QJsonArray entries = root.value(u"entries"_s).toArray();
            QJsonObject entry = entries.at(index).toObject();
            f(entry);
            entries.replace(index, entry);
            root.insert(u"entries"_s, entries);
        };
    };
    auto languageEdit = [=](int index, const QString &language, const std::function<void(QJsonObject &)> &f) {
        return entryEdit(index, [=](QJsonObject &entry) {
            QJsonObject text = entry.value(language).toObject();
            f(text);
            entry.insert(language, text);
        });
    };

    QTest::newRow("missing es") << entryEdit(0, [](QJsonObject &e) { e.remove(u"es"_s); })
                                << u"red_panda.json: entry \"greeting\": missing language \"es\""_s;
    QTest::newRow("missing en") << entryEdit(1, [](QJsonObject &e) { e.remove(u"en"_s); })
                                << u"red_panda.json: entry \"real-character\": missing language \"en\""_s;
    QTest::newRow("one question")
        << languageEdit(0, u"en"_s, [](QJsonObject &t) { t.insert(u"questions"_s, QJsonArray{u"Hello!"_s}); })
        << u"red_panda.json: entry \"greeting\" (en): field \"questions\" has 1 entries, at least 2 are required"_s;
    QTest::newRow("no keywords")
        << languageEdit(0, u"es"_s, [](QJsonObject &t) { t.insert(u"keywords"_s, QJsonArray()); })
        << u"red_panda.json: entry \"greeting\" (es): field \"keywords\" has 0 entries, at least 1 are required"_s;
    QTest::newRow("empty answer")
        << languageEdit(0, u"es"_s, [](QJsonObject &t) { t.insert(u"answer"_s, u"  "_s); })
        << u"red_panda.json: entry \"greeting\" (es): field \"answer\" is empty"_s;
    QTest::newRow("missing answer")
        << languageEdit(0, u"en"_s, [](QJsonObject &t) { t.remove(u"answer"_s); })
        << u"red_panda.json: entry \"greeting\" (en): missing field \"answer\""_s;
    QTest::newRow("answer not a string")
        << languageEdit(0, u"en"_s, [](QJsonObject &t) { t.insert(u"answer"_s, 42); })
        << u"red_panda.json: entry \"greeting\" (en): field \"answer\" must be a string, not a number"_s;
    QTest::newRow("misspelt field")
        << languageEdit(0, u"en"_s, [](QJsonObject &t) { t.insert(u"anwser"_s, u"x"_s); })
        << u"red_panda.json: entry \"greeting\" (en): unknown field \"anwser\""_s;
    QTest::newRow("empty question")
        << languageEdit(0, u"en"_s, [](QJsonObject &t) { t.insert(u"questions"_s, QJsonArray{u"Hi"_s, u""_s}); })
        << u"red_panda.json: entry \"greeting\" (en): \"questions\"[1] must be a non-empty string"_s;
    QTest::newRow("repeated keyword")
        << languageEdit(0, u"en"_s, [](QJsonObject &t) { t.insert(u"keywords"_s, QJsonArray{u"hi"_s, u"Hi"_s}); })
        << u"red_panda.json: entry \"greeting\" (en): \"keywords\"[1] repeats an earlier entry: \"Hi\""_s;
    QTest::newRow("duplicate id") << entryEdit(1, [](QJsonObject &e) { e.insert(u"id"_s, u"greeting"_s); })
                                  << u"red_panda.json: entries[1]: duplicate entry id \"greeting\""_s;
    QTest::newRow("bad id") << entryEdit(2, [](QJsonObject &e) { e.insert(u"id"_s, u"Not OK"_s); })
                            << u"red_panda.json: entry \"Not OK\": id must be lower-case"_s;
    QTest::newRow("missing topic") << entryEdit(2, [](QJsonObject &e) { e.remove(u"topic"_s); })
                                   << u"red_panda.json: entry \"not-a-bear\": missing field \"topic\""_s;
    QTest::newRow("unknown entry field") << entryEdit(2, [](QJsonObject &e) { e.insert(u"topik"_s, u"x"_s); })
                                         << u"red_panda.json: entry \"not-a-bear\": unknown field \"topik\""_s;
    QTest::newRow("language not an object") << entryEdit(2, [](QJsonObject &e) { e.insert(u"es"_s, u"x"_s); })
                                            << u"red_panda.json: entry \"not-a-bear\" (es): must be an object"_s;
    QTest::newRow("entry not an object") << Edit([](QJsonObject &root) {
        QJsonArray entries = root.value(u"entries"_s).toArray();
        entries.replace(3, 7);
        root.insert(u"entries"_s, entries);
    }) << u"red_panda.json: entries[3] must be an object, not a number"_s;
    QTest::newRow("animal id mismatch") << Edit([](QJsonObject &root) { root.insert(u"animalId"_s, u"tiger"_s); })
                                        << u"red_panda.json: animalId \"tiger\" does not match the file name"_s;
    QTest::newRow("content version 0") << Edit([](QJsonObject &root) { root.insert(u"contentVersion"_s, 0); })
                                       << u"red_panda.json: field \"contentVersion\" must be an integer of at least 1"_s;
    QTest::newRow("no sources") << Edit([](QJsonObject &root) { root.remove(u"sources"_s); })
                                << u"red_panda.json: missing field \"sources\""_s;
    QTest::newRow("no entries") << Edit([](QJsonObject &root) { root.insert(u"entries"_s, QJsonArray()); })
                                << u"red_panda.json: \"entries\" is empty"_s;
    QTest::newRow("unknown top field") << Edit([](QJsonObject &root) { root.insert(u"entrys"_s, 1); })
                                       << u"red_panda.json: unknown field \"entrys\""_s;
}

void TestKnowledge::loaderRejects()
{
    using Edit = KnowledgeEdit;
    QFETCH(Edit, edit);
    QFETCH(QString, expected);

    QFile source(u":/knowledge/red_panda.json"_s);
    QVERIFY(source.open(QIODevice::ReadOnly));
    QJsonObject root = QJsonDocument::fromJson(source.readAll()).object();
    QVERIFY(!root.isEmpty());

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // The unchanged copy loads; then the edited one is refused.
    auto write = [&](const QJsonObject &object) {
        QFile out(dir.filePath(u"red_panda.json"_s));
        return out.open(QIODevice::WriteOnly | QIODevice::Truncate) && out.write(QJsonDocument(object).toJson()) > 0;
    };
    QVERIFY(write(root));
    ZK_VERIFY_OK(zk::persona::loadKnowledge(dir.path()));

    edit(root);
    QVERIFY(write(root));
    const auto loaded = zk::persona::loadKnowledge(dir.path());
    QVERIFY(!loaded.ok());
    QVERIFY2(loaded.error().message.startsWith(expected), qPrintable(loaded.error().message));
}

void TestKnowledge::seedIsIdempotent()
{
    auto db = freshDatabase(u"idempotent.db"_s);
    QVERIFY(db);
    KnowledgeRepository repo(*db);
    auto written = repo.seed(m_entries);
    ZK_VERIFY_OK(written);
    QCOMPARE(*written, int(m_entries.size()));
    const int total = int(m_entries.size());
    QCOMPARE(rowsOf(*db, u"SELECT count(*) FROM knowledge_entries"_s), total);
    QCOMPARE(rowsOf(*db, u"SELECT count(*) FROM knowledge_fts"_s), total);
    // Same rowid, animal and language in the index as in the table.
    QCOMPARE(rowsOf(*db, u"SELECT count(*) FROM knowledge_fts f JOIN knowledge_entries e ON e.id = f.rowid "
                          "AND e.animal_id = f.animal_id AND e.language = f.language AND e.answer = f.answer"_s),
             total);
    const int maxId = rowsOf(*db, u"SELECT max(id) FROM knowledge_entries"_s);

    for (int i = 0; i < 2; ++i) {
        written = repo.seed(m_entries);
        ZK_VERIFY_OK(written);
        QCOMPARE(*written, 0);
    }
    QCOMPARE(rowsOf(*db, u"SELECT count(*) FROM knowledge_entries"_s), total);
    QCOMPARE(rowsOf(*db, u"SELECT count(*) FROM knowledge_fts"_s), total);
    QCOMPARE(rowsOf(*db, u"SELECT max(id) FROM knowledge_entries"_s), maxId); // nothing rewritten
}

void TestKnowledge::seedReplacesOnChange()
{
    auto db = freshDatabase(u"replace.db"_s);
    QVERIFY(db);
    KnowledgeRepository repo(*db);
    ZK_VERIFY_OK(repo.seed(m_entries));
    const int total = int(m_entries.size());
    const auto countOf = [&](const QString &animalId) {
        return int(std::count_if(m_entries.cbegin(), m_entries.cend(),
                                 [&](const KnowledgeEntry &e) { return e.animalId == animalId; }));
    };
    const int tigerIds = rowsOf(*db, u"SELECT sum(id) FROM knowledge_entries WHERE animal_id = 'tiger'"_s);

    // A new content version of the red panda's file replaces only its entries.
    QList<KnowledgeEntry> bumped = m_entries;
    for (KnowledgeEntry &e : bumped) {
        if (e.animalId == u"red_panda"_s)
            e.contentVersion += 1;
    }
    auto written = repo.seed(bumped);
    ZK_VERIFY_OK(written);
    QCOMPARE(*written, countOf(u"red_panda"_s));
    QCOMPARE(rowsOf(*db, u"SELECT count(*) FROM knowledge_entries WHERE animal_id = 'red_panda' "
                          "AND content_version = "_s + QString::number(m_entries.first().contentVersion + 1)),
             countOf(u"red_panda"_s));
    QCOMPARE(rowsOf(*db, u"SELECT sum(id) FROM knowledge_entries WHERE animal_id = 'tiger'"_s), tigerIds);
    QCOMPARE(rowsOf(*db, u"SELECT count(*) FROM knowledge_fts"_s), total);
    QCOMPARE(rowsOf(*db, u"SELECT count(*) FROM knowledge_fts f JOIN knowledge_entries e ON e.id = f.rowid "
                          "AND e.animal_id = f.animal_id AND e.language = f.language"_s),
             total);
    written = repo.seed(bumped);
    ZK_VERIFY_OK(written);
    QCOMPARE(*written, 0);

    // A missing entry is restored (the whole animal is rewritten).
    QSqlQuery q(db->connection());
    QVERIFY(q.exec(u"DELETE FROM knowledge_entries WHERE animal_id = 'cougar' AND entry_key = 'diet-main' "
                   "AND language = 'es'"_s));
    written = repo.seed(bumped);
    ZK_VERIFY_OK(written);
    QCOMPARE(*written, countOf(u"cougar"_s));
    QCOMPARE(rowsOf(*db, u"SELECT count(*) FROM knowledge_entries"_s), total);
    QCOMPARE(rowsOf(*db, u"SELECT count(*) FROM knowledge_fts"_s), total);

    // A lost index row is restored too.
    QVERIFY(q.exec(u"DELETE FROM knowledge_fts WHERE rowid = (SELECT min(id) FROM knowledge_entries "
                   "WHERE animal_id = 'macaw')"_s));
    written = repo.seed(bumped);
    ZK_VERIFY_OK(written);
    QCOMPARE(*written, countOf(u"macaw"_s));
    QCOMPARE(rowsOf(*db, u"SELECT count(*) FROM knowledge_fts"_s), total);

    // A changed answer (same version) is picked up, and searchable at once.
    for (KnowledgeEntry &e : bumped) {
        if (e.animalId == u"lemur"_s && e.key == u"diet-main"_s && e.language == u"en"_s)
            e.answer = u"I love tamarinds and zorbleberries!"_s;
    }
    written = repo.seed(bumped);
    ZK_VERIFY_OK(written);
    QCOMPARE(*written, countOf(u"lemur"_s));
    QCOMPARE(rowsOf(*db, u"SELECT count(*) FROM knowledge_fts WHERE knowledge_fts MATCH 'zorbleberries'"_s), 1);
    const auto match = repo.bestMatch(u"lemur"_s, u"en"_s, u"What do you eat?"_s);
    ZK_VERIFY_OK(match);
    QVERIFY(match->has_value());
    QCOMPARE((*match)->answer, u"I love tamarinds and zorbleberries!"_s);

    // An entry removed from the shipped file disappears from the database.
    QList<KnowledgeEntry> fewer;
    for (const KnowledgeEntry &e : std::as_const(bumped)) {
        if (!(e.animalId == u"reindeer"_s && e.key == u"santa"_s))
            fewer.append(e);
    }
    written = repo.seed(fewer);
    ZK_VERIFY_OK(written);
    QCOMPARE(*written, countOf(u"reindeer"_s) - 2);
    QCOMPARE(rowsOf(*db, u"SELECT count(*) FROM knowledge_entries WHERE entry_key = 'santa'"_s), 0);
    QCOMPARE(rowsOf(*db, u"SELECT count(*) FROM knowledge_fts"_s), total - 2);
}

void TestKnowledge::seedSkipsUnknownAnimals()
{
    auto db = freshDatabase(u"unknown.db"_s);
    QVERIFY(db);
    KnowledgeRepository repo(*db);
    KnowledgeEntry unicorn;
    unicorn.animalId = u"unicorn"_s;
    unicorn.key = u"diet"_s;
    unicorn.language = u"en"_s;
    unicorn.topic = u"food"_s;
    unicorn.questions = {u"What do you eat?"_s, u"Food?"_s};
    unicorn.keywords = {u"eat"_s};
    unicorn.answer = u"Rainbows."_s;
    unicorn.contentVersion = 1;
    QList<KnowledgeEntry> entries = m_entries;
    entries.prepend(unicorn);
    const auto written = repo.seed(entries);
    ZK_VERIFY_OK(written);
    QCOMPARE(*written, int(m_entries.size()));
    const auto none = repo.count(u"unicorn"_s, QString());
    ZK_VERIFY_OK(none);
    QCOMPARE(*none, 0);

    // An empty table answers nothing, without an error.
    auto empty = freshDatabase(u"empty.db"_s);
    QVERIFY(empty);
    const auto match = KnowledgeRepository(*empty).bestMatch(u"tiger"_s, u"en"_s, u"What do you eat?"_s);
    ZK_VERIFY_OK(match);
    QVERIFY(!match->has_value());
}

void TestKnowledge::childQuestions_data()
{
    QTest::addColumn<QString>("animalId");
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("question");
    QTest::addColumn<QString>("topics");
    for (const Animal &a : std::as_const(m_animals)) {
        for (const QString &language : kLanguages) {
            for (const Case &c : everyAnimal(language) + aboutAnimal(a.id, language))
                QTest::addRow("%s %s: %s", qPrintable(a.id), qPrintable(language), qPrintable(c.question))
                    << a.id << language << c.question << c.topics;
        }
    }
}

void TestKnowledge::childQuestions()
{
    QFETCH(QString, animalId);
    QFETCH(QString, language);
    QFETCH(QString, question);
    QFETCH(QString, topics);
    const auto match = m_knowledge->bestMatch(animalId, language, question);
    ZK_VERIFY_OK(match);
    QVERIFY2(match->has_value(), "no match");
    const QString topic = topicOf(animalId, language, (*match)->key);
    QVERIFY2(topics.split(u'|').contains(topic),
             qPrintable(u"matched %1 (%2), expected %3"_s.arg((*match)->key, topic, topics)));
    QVERIFY((*match)->score > 0);
    QVERIFY(!(*match)->answer.isEmpty());
}

void TestKnowledge::offTopicGivesNothing_data()
{
    QTest::addColumn<QString>("animalId");
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("question");
    for (const Animal &a : std::as_const(m_animals)) {
        for (const QString &language : kLanguages) {
            for (const QString &q : offTopic(language))
                QTest::addRow("%s %s: %s", qPrintable(a.id), qPrintable(language), qPrintable(q))
                    << a.id << language << q;
        }
    }
}

void TestKnowledge::offTopicGivesNothing()
{
    QFETCH(QString, animalId);
    QFETCH(QString, language);
    QFETCH(QString, question);
    const auto match = m_knowledge->bestMatch(animalId, language, question);
    ZK_VERIFY_OK(match);
    QVERIFY2(!match->has_value(), qPrintable(match->has_value() ? (*match)->key : QString()));
}

void TestKnowledge::offTopicFairOrNothing_data()
{
    QTest::addColumn<QString>("animalId");
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("question");
    QTest::addColumn<QString>("topics");
    for (const Animal &a : std::as_const(m_animals)) {
        for (const QString &language : kLanguages) {
            for (const Case &c : fairOrNothing(language))
                QTest::addRow("%s %s: %s", qPrintable(a.id), qPrintable(language), qPrintable(c.question))
                    << a.id << language << c.question << c.topics;
        }
    }
}

void TestKnowledge::offTopicFairOrNothing()
{
    QFETCH(QString, animalId);
    QFETCH(QString, language);
    QFETCH(QString, question);
    QFETCH(QString, topics);
    const auto match = m_knowledge->bestMatch(animalId, language, question);
    ZK_VERIFY_OK(match);
    if (match->has_value()) {
        const QString topic = topicOf(animalId, language, (*match)->key);
        QVERIFY2(topics.split(u'|').contains(topic), qPrintable((*match)->key));
    }
}

void TestKnowledge::syntaxNeverErrors_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("question");
    for (const QString &language : kLanguages) {
        int i = 0;
        for (const QString &q : syntaxAttacks())
            QTest::addRow("%s %d: %s", qPrintable(language), i++, qPrintable(q.left(40))) << language << q;
    }
}

void TestKnowledge::syntaxNeverErrors()
{
    QFETCH(QString, language);
    QFETCH(QString, question);
    const auto match = m_knowledge->bestMatch(u"red_panda"_s, language, question);
    ZK_VERIFY_OK(match);
    // Words survive the syntax around them.
    if (language == u"en"_s && (question == u"eat AND bamboo"_s || question == u"NEAR(eat bamboo)"_s
                                || question == u"\"eat"_s || question == u"eat*"_s)) {
        QVERIFY(match->has_value());
        QCOMPARE(topicOf(u"red_panda"_s, language, (*match)->key), u"food"_s);
    }
    QCOMPARE(rowsOf(*m_db, u"SELECT count(*) FROM knowledge_fts"_s), int(m_entries.size()));
}

void TestKnowledge::otherAnimalOrLanguageNeverLeaks()
{
    // Words only another animal's knowledge has give nothing here.
    for (const auto &[animalId, question] : {std::pair{u"red_panda"_s, u"Do you have antlers?"_s},
                                             std::pair{u"tiger"_s, u"Is your tail fluffy like a red panda?"_s},
                                             std::pair{u"reindeer"_s, u"Are you King Julien?"_s},
                                             std::pair{u"macaw"_s, u"Do you eat bamboo?"_s}}) {
        const auto match = m_knowledge->bestMatch(animalId, u"en"_s, question);
        ZK_VERIFY_OK(match);
        if (match->has_value())
            QVERIFY2(topicOf(animalId, u"en"_s, (*match)->key) != QString(), qPrintable((*match)->key));
    }
    // An answer always comes from the animal and language asked for.
    for (const Animal &a : std::as_const(m_animals)) {
        for (const QString &language : kLanguages) {
            const auto match = m_knowledge->bestMatch(a.id, language,
                                                      language == u"en"_s ? u"What do you eat?"_s : u"¿Qué comes?"_s);
            ZK_VERIFY_OK(match);
            QVERIFY(match->has_value());
            const auto it = std::find_if(m_entries.cbegin(), m_entries.cend(), [&](const KnowledgeEntry &e) {
                return e.animalId == a.id && e.language == language && e.key == (*match)->key;
            });
            QVERIFY(it != m_entries.cend());
            QCOMPARE((*match)->answer, it->answer);
        }
    }
    // A Spanish question asked in English (and the reverse) does not cross over.
    const auto crossed = m_knowledge->bestMatch(u"tiger"_s, u"en"_s, u"¿Dónde duermes?"_s);
    ZK_VERIFY_OK(crossed);
    QVERIFY(!crossed->has_value());
    const auto unknownAnimal = m_knowledge->bestMatch(u"unicorn"_s, u"en"_s, u"What do you eat?"_s);
    ZK_VERIFY_OK(unknownAnimal);
    QVERIFY(!unknownAnimal->has_value());
}

void TestKnowledge::offlineAnswerer()
{
    const OfflineAnswerer answerer(*m_knowledge);
    for (const Animal &a : std::as_const(m_animals)) {
        const auto en = answerer.answer(a, u"en"_s, u"What do you eat?"_s);
        QVERIFY(en.matched);
        QCOMPARE(topicOf(a.id, u"en"_s, en.entryKey), u"food"_s);
        QVERIFY(!en.text.isEmpty());
        QVERIFY(en.text != a.text(u"en"_s)->emergencyMessage);

        const auto es = answerer.answer(a, u"es"_s, u"¿Qué comes?"_s);
        QVERIFY(es.matched);
        QCOMPARE(topicOf(a.id, u"es"_s, es.entryKey), u"food"_s);
        QVERIFY(es.text != en.text);

        for (const QString &language : kLanguages) {
            const auto none = answerer.answer(a, language, u"asdf qwerty"_s);
            QVERIFY(!none.matched);
            QVERIFY(none.entryKey.isEmpty());
            QCOMPARE(none.text, a.text(language)->emergencyMessage);
            QVERIFY(!none.text.isEmpty());
            const auto empty = answerer.answer(a, language, QString());
            QVERIFY(!empty.matched);
            QCOMPARE(empty.text, a.text(language)->emergencyMessage);
        }
    }
}

void TestKnowledge::offlineAnswererFallsBack()
{
    const Animal panda = *std::find_if(m_animals.cbegin(), m_animals.cend(),
                                       [](const Animal &a) { return a.id == u"red_panda"_s; });
    // The database cannot be read: the emergency message, not an error or nothing.
    Database closed(m_dir.filePath(u"never-opened.db"_s));
    KnowledgeRepository unreadable(closed);
    QVERIFY(!unreadable.bestMatch(panda.id, u"en"_s, u"What do you eat?"_s).ok());
    const OfflineAnswerer broken(unreadable);
    const auto answer = broken.answer(panda, u"en"_s, u"What do you eat?"_s);
    QVERIFY(!answer.matched);
    QCOMPARE(answer.text, panda.text(u"en"_s)->emergencyMessage);
    const auto es = broken.answer(panda, u"es"_s, u"¿Qué comes?"_s);
    QCOMPARE(es.text, panda.text(u"es"_s)->emergencyMessage);

    // A language the animal has no text in: its English message.
    const auto fr = broken.answer(panda, u"fr"_s, u"Que manges-tu ?"_s);
    QCOMPARE(fr.text, panda.text(u"en"_s)->emergencyMessage);

    // No emergency message at all (a damaged row): still a kind, non-empty reply.
    Animal bare = panda;
    bare.texts.clear();
    const auto bareEn = broken.answer(bare, u"en"_s, u"hi"_s);
    QVERIFY(!bareEn.matched);
    QVERIFY(!bareEn.text.trimmed().isEmpty());
    const auto bareEs = broken.answer(bare, u"es"_s, u"hola"_s);
    QVERIFY(!bareEs.text.trimmed().isEmpty());
    QVERIFY(bareEs.text != bareEn.text);
}

void TestKnowledge::matchQuality()
{
    // Figures for the report; the assertions are in the tests above.
    int asked = 0, right = 0, wrong = 0, missed = 0;
    QStringList misses;
    for (const Animal &a : std::as_const(m_animals)) {
        for (const QString &language : kLanguages) {
            for (const Case &c : everyAnimal(language) + aboutAnimal(a.id, language)) {
                ++asked;
                const auto match = m_knowledge->bestMatch(a.id, language, c.question);
                if (!match.ok() || !match->has_value()) {
                    ++missed;
                    misses.append(u"%1/%2 %3: none"_s.arg(a.id, language, c.question));
                } else if (c.topics.split(u'|').contains(topicOf(a.id, language, (*match)->key))) {
                    ++right;
                } else {
                    ++wrong;
                    misses.append(u"%1/%2 %3: %4"_s.arg(a.id, language, c.question, (*match)->key));
                }
            }
        }
    }
    int offAsked = 0, offRefused = 0, fairAsked = 0, fairNone = 0, fairFit = 0;
    for (const Animal &a : std::as_const(m_animals)) {
        for (const QString &language : kLanguages) {
            for (const QString &q : offTopic(language)) {
                ++offAsked;
                const auto match = m_knowledge->bestMatch(a.id, language, q);
                offRefused += (match.ok() && !match->has_value()) ? 1 : 0;
            }
            for (const Case &c : fairOrNothing(language)) {
                ++fairAsked;
                const auto match = m_knowledge->bestMatch(a.id, language, c.question);
                if (match.ok() && !match->has_value())
                    ++fairNone;
                else if (match.ok() && c.topics.split(u'|').contains(topicOf(a.id, language, (*match)->key)))
                    ++fairFit;
            }
        }
    }
    int heldAsked = 0, heldRight = 0, heldWrong = 0, heldNone = 0;
    QStringList heldMisses;
    for (const Animal &a : std::as_const(m_animals)) {
        for (const QString &language : kLanguages) {
            for (const Case &c : heldOut(language)) {
                ++heldAsked;
                const auto match = m_knowledge->bestMatch(a.id, language, c.question);
                if (!match.ok() || !match->has_value()) {
                    ++heldNone;
                    heldMisses.append(u"%1/%2 %3: none"_s.arg(a.id, language, c.question));
                } else if (c.topics.split(u'|').contains(topicOf(a.id, language, (*match)->key))) {
                    ++heldRight;
                } else {
                    ++heldWrong;
                    heldMisses.append(u"%1/%2 %3: %4"_s.arg(a.id, language, c.question, (*match)->key));
                }
            }
        }
    }
    QStringList limits;
    for (const Animal &a : std::as_const(m_animals)) {
        for (const QString &language : kLanguages) {
            for (const QString &q : knownLimits(language)) {
                const auto match = m_knowledge->bestMatch(a.id, language, q);
                if (match.ok() && match->has_value())
                    limits.append(u"%1/%2 %3: %4"_s.arg(a.id, language, q, (*match)->key));
            }
        }
    }
    qInfo("child questions: %d asked, %d right entry, %d wrong entry, %d no match", asked, right, wrong, missed);
    qInfo("off-topic: %d of %d refused; 'do you like pizza'-style: %d none, %d fitting entry, of %d", offRefused,
          offAsked, fairNone, fairFit, fairAsked);
    for (const QString &m : std::as_const(misses))
        qInfo().noquote() << "  miss:" << m;
    qInfo("held-out questions: %d asked, %d right entry, %d wrong entry, %d no match", heldAsked, heldRight,
          heldWrong, heldNone);
    for (const QString &m : std::as_const(heldMisses))
        qInfo().noquote() << "  held-out miss:" << m;
    for (const QString &m : std::as_const(limits))
        qInfo().noquote() << "  known limit, answered:" << m;
}

void TestKnowledge::bestMatchTiming()
{
    // 1000 searches over every animal, language and question of the tables.
    QList<std::tuple<QString, QString, QString>> queries;
    for (const Animal &a : std::as_const(m_animals)) {
        for (const QString &language : kLanguages) {
            for (const Case &c : everyAnimal(language) + aboutAnimal(a.id, language))
                queries.append({a.id, language, c.question});
            for (const QString &q : offTopic(language))
                queries.append({a.id, language, q});
        }
    }
    QList<qint64> nanos;
    nanos.reserve(1000);
    qint64 slowest = 0;
    QString slowestQuery;
    QElapsedTimer timer;
    for (int i = 0; i < 1000; ++i) {
        const auto &[animalId, language, question] = queries.at(i % queries.size());
        timer.start();
        const auto match = m_knowledge->bestMatch(animalId, language, question);
        const qint64 elapsed = timer.nsecsElapsed();
        nanos.append(elapsed);
        if (elapsed > slowest) {
            slowest = elapsed;
            slowestQuery = animalId + u'/' + language + u' ' + question;
        }
        QVERIFY(match.ok());
    }
    std::sort(nanos.begin(), nanos.end());
    qInfo("bestMatch over %lld entries: p50 %.3f ms, p99 %.3f ms, max %.3f ms (1000 queries)",
          qlonglong(m_entries.size()), nanos.at(499) / 1e6, nanos.at(989) / 1e6, nanos.last() / 1e6);
    qInfo().noquote() << "  slowest:" << slowestQuery;
}

QTEST_GUILESS_MAIN(TestKnowledge)
#include "tst_knowledge.moc"
