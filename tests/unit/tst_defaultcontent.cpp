#include "persona/defaultcontent.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace Qt::StringLiterals;
using zk::persona::Animal;
using zk::persona::AnimalText;
using zk::persona::GuardrailRule;
using zk::persona::RuleType;

namespace {

const QString kAnimals = u":/personas/animals.json"_s;
const QString kRules = u":/personas/guardrails.json"_s;

QJsonObject readObject(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

// Edits one animal object (by index) of a JSON root in place.
void editAnimal(QJsonObject &root, int index, const std::function<void(QJsonObject &)> &edit)
{
    QJsonArray animals = root.value(u"animals"_s).toArray();
    QJsonObject animal = animals.at(index).toObject();
    edit(animal);
    animals.replace(index, animal);
    root.insert(u"animals"_s, animals);
}

void editText(QJsonObject &root, int index, const QString &language, const std::function<void(QJsonObject &)> &edit)
{
    editAnimal(root, index, [&](QJsonObject &animal) {
        QJsonObject texts = animal.value(u"texts"_s).toObject();
        QJsonObject text = texts.value(language).toObject();
        edit(text);
        texts.insert(language, text);
        animal.insert(u"texts"_s, texts);
    });
}

void editRule(QJsonObject &root, int index, const std::function<void(QJsonObject &)> &edit)
{
    QJsonArray rules = root.value(u"rules"_s).toArray();
    QJsonObject rule = rules.at(index).toObject();
    edit(rule);
    rules.replace(index, rule);
    root.insert(u"rules"_s, rules);
}

} // namespace

class TestDefaultContent : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void loadsShippedContent();
    void sixAnimalsInOrder();
    void everyAnimalHasCompleteEnglishAndSpanish();
    void redPandaIsZara();
    void spanishTextLooksSpanish();
    void artResourcesAreSvg();
    void contentHashIsSha256OfCompactJson();
    void contentHashChangesWithContent();
    void rulesParseAndCoverAllTypes();

    void validationErrors_data();
    void validationErrors();
    void malformedJsonNamesLine();
    void missingFileIsAnError();

private:
    // Writes the real files, edited, to a temp dir and loads them.
    zk::Result<zk::persona::DefaultContent> loadEdited(const QJsonObject &animals, const QJsonObject &rules);
    bool writeJson(const QString &path, const QJsonObject &object);

    QTemporaryDir m_dir;
    QJsonObject m_animalsJson;
    QJsonObject m_rulesJson;
};

void TestDefaultContent::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    m_animalsJson = readObject(kAnimals);
    m_rulesJson = readObject(kRules);
    QVERIFY2(!m_animalsJson.isEmpty(), "animals.json is not in the resources");
    QVERIFY2(!m_rulesJson.isEmpty(), "guardrails.json is not in the resources");
}

bool TestDefaultContent::writeJson(const QString &path, const QJsonObject &object)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return file.write(QJsonDocument(object).toJson()) > 0;
}

zk::Result<zk::persona::DefaultContent> TestDefaultContent::loadEdited(const QJsonObject &animals,
                                                                      const QJsonObject &rules)
{
    const QString animalsPath = m_dir.filePath(u"animals.json"_s);
    const QString rulesPath = m_dir.filePath(u"guardrails.json"_s);
    if (!writeJson(animalsPath, animals) || !writeJson(rulesPath, rules))
        return zk::makeError(u"test could not write temp files"_s);
    return zk::persona::loadDefaultContent(animalsPath, rulesPath);
}

void TestDefaultContent::loadsShippedContent()
{
    const auto content = zk::persona::loadDefaultContent();
    QVERIFY2(content.ok(), qPrintable(content.ok() ? QString() : content.error().message));
    QVERIFY(content->contentVersion >= 1);
    QCOMPARE(content->contentVersion, m_animalsJson.value(u"contentVersion"_s).toInt());
}

void TestDefaultContent::sixAnimalsInOrder()
{
    const auto content = zk::persona::loadDefaultContent();
    QVERIFY(content.ok());
    QStringList ids;
    QList<int> sortOrders;
    for (const Animal &a : content->animals) {
        ids << a.id;
        sortOrders << a.sortOrder;
        QVERIFY(a.active);
        QVERIFY(!a.staffEdited);
    }
    QCOMPARE(ids, (QStringList{u"red_panda"_s, u"cougar"_s, u"tiger"_s, u"lemur"_s, u"reindeer"_s, u"macaw"_s}));
    QList<int> sorted = sortOrders;
    std::sort(sorted.begin(), sorted.end());
    QCOMPARE(sortOrders, sorted);
}

void TestDefaultContent::everyAnimalHasCompleteEnglishAndSpanish()
{
    const auto content = zk::persona::loadDefaultContent();
    QVERIFY(content.ok());
    QSet<QString> titles;
    for (const Animal &a : content->animals) {
        QCOMPARE(a.art, u":/art/%1.svg"_s.arg(a.id));
        QCOMPARE(a.texts.size(), 2);
        QCOMPARE(a.texts.at(0).language, u"en"_s);
        QCOMPARE(a.texts.at(1).language, u"es"_s);
        for (const AnimalText &t : a.texts) {
            const QByteArray where = (a.id + u'/' + t.language).toUtf8();
            QVERIFY2(!t.name.isEmpty(), where.constData());
            QVERIFY2(t.title.contains(t.name), where.constData());
            QVERIFY2(!t.species.isEmpty(), where.constData());
            QVERIFY2(!t.personality.isEmpty(), where.constData());
            QVERIFY2(!t.conservationStatus.isEmpty(), where.constData());
            QVERIFY2(!t.emergencyMessage.isEmpty(), where.constData());
            // The content spec asks for 10+ facts and 5+ questions; the loader's floor is 8 and 4.
            QVERIFY2(t.facts.size() >= 10, where.constData());
            QVERIFY2(t.suggestedQuestions.size() >= 5, where.constData());
            for (const QString &f : t.facts)
                QVERIFY2(!f.trimmed().isEmpty() && f.size() < 240, where.constData());
            for (const QString &q : t.suggestedQuestions)
                QVERIFY2(q.endsWith(u'?') && q.size() <= 60, QByteArray(where + ": " + q.toUtf8()).constData());
            QVERIFY2(!titles.contains(t.title), where.constData());
            titles.insert(t.title);
        }
        // Same number of facts in both languages: they are translations of each other.
        QCOMPARE(a.texts.at(0).facts.size(), a.texts.at(1).facts.size());
        // Kind break message: no technical words reach a child.
        for (const AnimalText &t : a.texts) {
            static const QRegularExpression technical(u"\\b(error|server|network|internet|offline|API|AI|computer|model)\\b"_s);
            if (t.language == u"en")
                QVERIFY2(!technical.match(t.emergencyMessage).hasMatch(), qPrintable(a.id));
            QVERIFY2(t.emergencyMessage.contains(t.language == u"en" ? u"zookeeper"_s : u"cuidador"_s), qPrintable(a.id));
        }
        QVERIFY(a.text(u"en"_s)->conservationStatus.endsWith(u"(IUCN Red List)"_s));
        QVERIFY(a.text(u"es"_s)->conservationStatus.endsWith(u"(Lista Roja de la UICN)"_s));
    }
}

void TestDefaultContent::redPandaIsZara()
{
    const auto content = zk::persona::loadDefaultContent();
    QVERIFY(content.ok());
    const Animal &redPanda = content->animals.first();
    QCOMPARE(redPanda.text(u"en"_s)->title, u"Zara the Red Panda"_s);
    QCOMPARE(redPanda.text(u"es"_s)->title, u"Zara, la panda roja"_s);
    QCOMPARE(redPanda.displayName(u"en"_s), u"Zara the Red Panda"_s);
    QCOMPARE(redPanda.text(u"en"_s)->conservationStatus, u"Endangered (IUCN Red List)"_s);
    QVERIFY(redPanda.text(u"en"_s)->facts.join(u' ').contains(u"Ailuridae"_s));
}

void TestDefaultContent::spanishTextLooksSpanish()
{
    const auto content = zk::persona::loadDefaultContent();
    QVERIFY(content.ok());
    for (const Animal &a : content->animals) {
        const AnimalText *es = a.text(u"es"_s);
        QVERIFY(es && es->language == u"es");
        for (const QString &q : es->suggestedQuestions)
            QVERIFY2(q.startsWith(u'¿'), qPrintable(a.id + u": "_s + q));
        QVERIFY2(es->emergencyMessage.contains(u'¡'), qPrintable(a.id));
        QVERIFY(es->conservationStatus != a.text(u"en"_s)->conservationStatus
                || es->conservationStatus.startsWith(u"Vulnerable"_s));
    }
}

void TestDefaultContent::artResourcesAreSvg()
{
    const auto content = zk::persona::loadDefaultContent();
    QVERIFY(content.ok());
    for (const Animal &a : content->animals) {
        QFile file(a.art);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(a.art));
        const QByteArray svg = file.readAll();
        QVERIFY2(svg.startsWith("<svg") || svg.startsWith("<?xml"), qPrintable(a.art));
        QVERIFY2(svg.contains("viewBox=\"0 0 512 512\""), qPrintable(a.art));
        QVERIFY2(svg.trimmed().endsWith("</svg>"), qPrintable(a.art));
        QVERIFY2(svg.size() < 16 * 1024, qPrintable(a.art));
        // QtSvg renders SVG Tiny 1.2: no filters, masks or CSS style sheets.
        QVERIFY2(!svg.contains("<filter") && !svg.contains("<mask") && !svg.contains("<style"), qPrintable(a.art));
    }
}

void TestDefaultContent::contentHashIsSha256OfCompactJson()
{
    const auto content = zk::persona::loadDefaultContent();
    QVERIFY(content.ok());
    const QJsonArray animals = m_animalsJson.value(u"animals"_s).toArray();
    QCOMPARE(animals.size(), content->animals.size());
    QSet<QString> hashes;
    static const QRegularExpression hex(u"^[0-9a-f]{64}$"_s);
    for (qsizetype i = 0; i < animals.size(); ++i) {
        const QByteArray compact = QJsonDocument(animals.at(i).toObject()).toJson(QJsonDocument::Compact);
        const QString expected = QString::fromLatin1(QCryptographicHash::hash(compact, QCryptographicHash::Sha256).toHex());
        const QString &hash = content->animals.at(i).contentHash;
        QVERIFY(hex.match(hash).hasMatch());
        QCOMPARE(hash, expected);
        hashes.insert(hash);
    }
    QCOMPARE(hashes.size(), animals.size());

    // Stable: loading again gives the same hashes.
    const auto again = zk::persona::loadDefaultContent();
    QVERIFY(again.ok());
    for (qsizetype i = 0; i < again->animals.size(); ++i)
        QCOMPARE(again->animals.at(i).contentHash, content->animals.at(i).contentHash);
}

void TestDefaultContent::contentHashChangesWithContent()
{
    QJsonObject animals = m_animalsJson;
    editText(animals, 2, u"en"_s, [](QJsonObject &text) {
        QJsonArray facts = text.value(u"facts"_s).toArray();
        facts.append(u"Tigers are very good at hide and seek."_s);
        text.insert(u"facts"_s, facts);
    });
    const auto original = zk::persona::loadDefaultContent();
    const auto edited = loadEdited(animals, m_rulesJson);
    QVERIFY2(edited.ok(), qPrintable(edited.ok() ? QString() : edited.error().message));
    QVERIFY(original.ok());
    QCOMPARE(edited->animals.at(0).contentHash, original->animals.at(0).contentHash); // untouched
    QVERIFY(edited->animals.at(2).contentHash != original->animals.at(2).contentHash);

    // Formatting of the file does not matter: an indented rewrite hashes the same.
    const auto rewritten = loadEdited(m_animalsJson, m_rulesJson);
    QVERIFY(rewritten.ok());
    QCOMPARE(rewritten->animals.at(2).contentHash, original->animals.at(2).contentHash);
}

void TestDefaultContent::rulesParseAndCoverAllTypes()
{
    const auto content = zk::persona::loadDefaultContent();
    QVERIFY(content.ok());
    QSet<int> types;
    QSet<QString> keys;
    QSet<QString> animalsWithRules;
    int global = 0;
    for (const GuardrailRule &r : content->rules) {
        types.insert(static_cast<int>(r.type));
        QVERIFY(!r.text.isEmpty());
        QVERIFY(r.active);
        QCOMPARE(r.id, 0);
        QVERIFY2(!keys.contains(r.seedKey), qPrintable(r.seedKey));
        keys.insert(r.seedKey);
        if (r.animalId.isEmpty()) {
            ++global;
            QVERIFY(r.seedKey.startsWith(u"global."_s));
        } else {
            animalsWithRules.insert(r.animalId);
            QVERIFY(r.seedKey.startsWith(r.animalId + u'.'));
        }
    }
    QCOMPARE(types.size(), 4); // Always, Never, Encourage, Discourage
    QVERIFY2(global >= 12 && global <= 18, qPrintable(QString::number(global)));
    for (const Animal &a : content->animals)
        QVERIFY2(animalsWithRules.contains(a.id), qPrintable(a.id));
    QVERIFY(keys.contains(u"global.never.personal_info"_s));
    QVERIFY(keys.contains(u"red_panda.discourage.bear"_s));
}

void TestDefaultContent::validationErrors_data()
{
    QTest::addColumn<QJsonObject>("animals");
    QTest::addColumn<QJsonObject>("rules");
    QTest::addColumn<QStringList>("expected"); // substrings of the error message

    const QJsonObject a = m_animalsJson;
    const QJsonObject r = m_rulesJson;
    QJsonObject x;

    x = a;
    editText(x, 1, u"es"_s, [](QJsonObject &t) { t.remove(u"emergencyMessage"_s); });
    QTest::newRow("missing field") << x << r
                                   << QStringList{u"animals.json"_s, u"\"cougar\""_s, u"(es)"_s,
                                                  u"missing field \"emergencyMessage\""_s};

    x = a;
    editText(x, 0, u"en"_s, [](QJsonObject &t) {
        t.insert(u"facts"_s, QJsonArray{u"One."_s, u"Two."_s, u"Three."_s});
    });
    QTest::newRow("too few facts") << x << r
                                   << QStringList{u"\"red_panda\""_s, u"(en)"_s, u"\"facts\""_s, u"3 entries"_s,
                                                  u"at least 8"_s};

    x = a;
    editText(x, 3, u"en"_s, [](QJsonObject &t) {
        t.insert(u"suggestedQuestions"_s, QJsonArray{u"Why?"_s, u"How?"_s});
    });
    QTest::newRow("too few questions") << x << r
                                       << QStringList{u"\"lemur\""_s, u"\"suggestedQuestions\""_s, u"at least 4"_s};

    x = a;
    editText(x, 4, u"en"_s, [](QJsonObject &t) { t.insert(u"title"_s, u"   "_s); });
    QTest::newRow("empty field") << x << r << QStringList{u"\"reindeer\""_s, u"\"title\" is empty"_s};

    x = a;
    editText(x, 5, u"es"_s, [](QJsonObject &t) { t.insert(u"facts"_s, u"not a list"_s); });
    QTest::newRow("wrong type") << x << r << QStringList{u"\"macaw\""_s, u"\"facts\""_s, u"array"_s};

    x = a;
    editText(x, 5, u"en"_s, [](QJsonObject &t) { t.insert(u"sugestedQuestions"_s, QJsonArray{}); });
    QTest::newRow("unknown text field") << x << r << QStringList{u"\"macaw\""_s, u"unknown field \"sugestedQuestions\""_s};

    x = a;
    editAnimal(x, 2, [](QJsonObject &animal) {
        QJsonObject texts = animal.value(u"texts"_s).toObject();
        texts.remove(u"es"_s);
        animal.insert(u"texts"_s, texts);
    });
    QTest::newRow("missing language") << x << r << QStringList{u"\"tiger\""_s, u"missing language \"es\""_s};

    x = a;
    editAnimal(x, 1, [](QJsonObject &animal) {
        animal.insert(u"id"_s, u"red_panda"_s);
        animal.insert(u"sortOrder"_s, 99);
    });
    QTest::newRow("duplicate id") << x << r << QStringList{u"duplicate animal id \"red_panda\""_s};

    x = a;
    editAnimal(x, 1, [](QJsonObject &animal) { animal.insert(u"sortOrder"_s, 1); });
    QTest::newRow("duplicate sortOrder") << x << r << QStringList{u"\"cougar\""_s, u"sortOrder"_s, u"\"red_panda\""_s};

    x = a;
    editAnimal(x, 0, [](QJsonObject &animal) { animal.remove(u"id"_s); });
    QTest::newRow("missing id") << x << r << QStringList{u"animals[0]"_s, u"missing field \"id\""_s};

    x = a;
    editAnimal(x, 0, [](QJsonObject &animal) { animal.insert(u"art"_s, u":/art/unicorn.svg"_s); });
    QTest::newRow("missing art") << x << r << QStringList{u"\"red_panda\""_s, u":/art/unicorn.svg"_s, u"does not exist"_s};

    x = a;
    x.remove(u"contentVersion"_s);
    QTest::newRow("missing contentVersion") << x << r << QStringList{u"animals.json"_s, u"\"contentVersion\""_s};

    QJsonObject y = r;
    editRule(y, 0, [](QJsonObject &rule) { rule.insert(u"type"_s, u"SOMETIMES"_s); });
    QTest::newRow("bad rule type") << a << y
                                   << QStringList{u"guardrails.json"_s, u"\"global.always.simple_short\""_s,
                                                  u"unknown rule type \"SOMETIMES\""_s};

    y = r;
    editRule(y, 1, [](QJsonObject &rule) { rule.remove(u"text"_s); });
    QTest::newRow("rule missing text") << a << y
                                       << QStringList{u"\"global.always.truthful\""_s, u"missing field \"text\""_s};

    y = r;
    editRule(y, 2, [](QJsonObject &rule) { rule.insert(u"seedKey"_s, u"global.always.simple_short"_s); });
    QTest::newRow("duplicate seedKey") << a << y << QStringList{u"duplicate seedKey \"global.always.simple_short\""_s};

    y = r;
    editRule(y, 3, [](QJsonObject &rule) {
        rule.insert(u"animalId"_s, u"unicorn"_s);
        rule.insert(u"seedKey"_s, u"unicorn.always.sparkle"_s);
    });
    QTest::newRow("unknown animalId") << a << y << QStringList{u"animalId \"unicorn\""_s};

    y = r;
    editRule(y, 3, [](QJsonObject &rule) { rule.insert(u"animalId"_s, u"tiger"_s); });
    QTest::newRow("seedKey scope") << a << y << QStringList{u"seedKey must start with \"tiger.\""_s};

    y = r;
    y.insert(u"contentVersion"_s, m_animalsJson.value(u"contentVersion"_s).toInt() + 1);
    QTest::newRow("version mismatch") << a << y << QStringList{u"guardrails.json"_s, u"does not match"_s};
}

void TestDefaultContent::validationErrors()
{
    QFETCH(QJsonObject, animals);
    QFETCH(QJsonObject, rules);
    QFETCH(QStringList, expected);

    const auto content = loadEdited(animals, rules);
    QVERIFY2(!content.ok(), "broken content was accepted");
    const QString message = content.error().message;
    for (const QString &part : expected)
        QVERIFY2(message.contains(part), qPrintable(u"expected \"%1\" in: %2"_s.arg(part, message)));
}

void TestDefaultContent::malformedJsonNamesLine()
{
    const QString path = m_dir.filePath(u"broken.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write("{\n  \"contentVersion\": 1,\n  \"animals\": [ { \"id\": \"red_panda\", }\n");
    file.close();
    const auto content = zk::persona::loadDefaultContent(path, kRules);
    QVERIFY(!content.ok());
    QVERIFY2(content.error().message.startsWith(u"broken.json: invalid JSON at line 3"_s),
             qPrintable(content.error().message));
}

void TestDefaultContent::missingFileIsAnError()
{
    const auto content = zk::persona::loadDefaultContent(kAnimals, m_dir.filePath(u"nope.json"_s));
    QVERIFY(!content.ok());
    QVERIFY2(content.error().message.contains(u"nope.json: cannot open"_s), qPrintable(content.error().message));
}

QTEST_GUILESS_MAIN(TestDefaultContent)
#include "tst_defaultcontent.moc"
