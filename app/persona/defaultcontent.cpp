#include "persona/defaultcontent.h"

#include "core/resources.h"

#include "core/logging.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>
#include <QRegularExpression>
#include <QSet>

#include <optional>

#include "persona/jsonfile.h"

using namespace Qt::StringLiterals;

namespace zk::persona {

namespace {

constexpr int kMinFacts = 8;
constexpr int kMinQuestions = 4;

// Reads typed fields of one JSON object and keeps the first problem, prefixed
// with where it was found ("animals.json: animal \"tiger\" (es)").
class ObjectReader
{
public:
    ObjectReader(const QJsonObject &object, QString where)
        : m_object(object), m_where(std::move(where))
    {
    }

    bool failed() const { return !m_error.isEmpty(); }
    const QString &error() const { return m_error; }

    void fail(const QString &message)
    {
        if (m_error.isEmpty())
            m_error = m_where + u": "_s + message;
    }

    // Rejects keys this format does not know, so a misspelt optional field
    // ("actve") is an error rather than silently ignored.
    void allowOnly(const QStringList &keys)
    {
        for (auto it = m_object.constBegin(); it != m_object.constEnd(); ++it) {
            if (!keys.contains(it.key())) {
                fail(u"unknown field %1 (expected one of: %2)"_s.arg(quoted(it.key()), keys.join(u", "_s)));
                return;
            }
        }
    }

    QJsonValue required(const QString &key)
    {
        const QJsonValue v = m_object.value(key);
        if (v.isUndefined())
            fail(u"missing field %1"_s.arg(quoted(key)));
        return v;
    }

    QString string(const QString &key)
    {
        const QJsonValue v = required(key);
        if (v.isUndefined())
            return {};
        if (!v.isString()) {
            fail(u"field %1 must be a string, not %2"_s.arg(quoted(key), jsonTypeName(v)));
            return {};
        }
        const QString s = v.toString().trimmed();
        if (s.isEmpty())
            fail(u"field %1 is empty"_s.arg(quoted(key)));
        return s;
    }

    QStringList stringList(const QString &key, int minCount)
    {
        const QJsonValue v = required(key);
        if (v.isUndefined())
            return {};
        if (!v.isArray()) {
            fail(u"field %1 must be an array of strings, not %2"_s.arg(quoted(key), jsonTypeName(v)));
            return {};
        }
        QStringList out;
        const QJsonArray array = v.toArray();
        QSet<QString> seen;
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QJsonValue item = array.at(i);
            const QString s = item.toString().trimmed();
            if (!item.isString() || s.isEmpty()) {
                fail(u"%1[%2] must be a non-empty string"_s.arg(quoted(key)).arg(i));
                return {};
            }
            if (seen.contains(s)) {
                fail(u"%1[%2] repeats an earlier entry: %3"_s.arg(quoted(key)).arg(i).arg(quoted(s)));
                return {};
            }
            seen.insert(s);
            out.append(s);
        }
        if (out.size() < minCount)
            fail(u"field %1 has %2 entries, at least %3 are required"_s.arg(quoted(key)).arg(out.size()).arg(minCount));
        return out;
    }

    std::optional<int> integer(const QString &key)
    {
        const QJsonValue v = required(key);
        if (v.isUndefined())
            return std::nullopt;
        const double d = v.toDouble(-1.0);
        if (!v.isDouble() || d != static_cast<double>(static_cast<int>(d)) || d < 0) {
            fail(u"field %1 must be a non-negative integer"_s.arg(quoted(key)));
            return std::nullopt;
        }
        return static_cast<int>(d);
    }

    bool boolean(const QString &key, bool fallback)
    {
        const QJsonValue v = m_object.value(key);
        if (v.isUndefined())
            return fallback;
        if (!v.isBool()) {
            fail(u"field %1 must be true or false, not %2"_s.arg(quoted(key), jsonTypeName(v)));
            return fallback;
        }
        return v.toBool();
    }

    QJsonObject object(const QString &key)
    {
        const QJsonValue v = required(key);
        if (v.isUndefined())
            return {};
        if (!v.isObject()) {
            fail(u"field %1 must be an object, not %2"_s.arg(quoted(key), jsonTypeName(v)));
            return {};
        }
        return v.toObject();
    }

    QJsonArray array(const QString &key)
    {
        const QJsonValue v = required(key);
        if (v.isUndefined())
            return {};
        if (!v.isArray()) {
            fail(u"field %1 must be an array, not %2"_s.arg(quoted(key), jsonTypeName(v)));
            return {};
        }
        return v.toArray();
    }

private:
    QJsonObject m_object;
    QString m_where;
    QString m_error;
};

const QRegularExpression &idPattern()
{
    static const QRegularExpression re(u"^[a-z][a-z0-9_]*$"_s);
    return re;
}

const QRegularExpression &languagePattern()
{
    static const QRegularExpression re(u"^[a-z]{2}$"_s);
    return re;
}

const QRegularExpression &seedKeyPattern()
{
    static const QRegularExpression re(u"^[a-z0-9_]+(\\.[a-z0-9_]+)+$"_s);
    return re;
}

zk::Result<AnimalText> parseText(const QJsonObject &object, const QString &language, const QString &where)
{
    ObjectReader r(object, where);
    r.allowOnly({u"name"_s, u"title"_s, u"species"_s, u"personality"_s, u"facts"_s,
                 u"conservationStatus"_s, u"suggestedQuestions"_s, u"emergencyMessage"_s});
    AnimalText text;
    text.language = language;
    text.name = r.string(u"name"_s);
    text.title = r.string(u"title"_s);
    text.species = r.string(u"species"_s);
    text.personality = r.string(u"personality"_s);
    text.facts = r.stringList(u"facts"_s, kMinFacts);
    text.conservationStatus = r.string(u"conservationStatus"_s);
    text.suggestedQuestions = r.stringList(u"suggestedQuestions"_s, kMinQuestions);
    text.emergencyMessage = r.string(u"emergencyMessage"_s);
    if (r.failed())
        return makeError(r.error());
    return text;
}

zk::Result<Animal> parseAnimal(const QJsonObject &object, qsizetype index, const QString &label)
{
    const QString rawId = object.value(u"id"_s).toString();
    const QString where = rawId.isEmpty() ? u"%1: animals[%2]"_s.arg(label).arg(index)
                                          : u"%1: animal %2"_s.arg(label, quoted(rawId));
    ObjectReader r(object, where);
    r.allowOnly({u"id"_s, u"art"_s, u"sortOrder"_s, u"active"_s, u"scientificName"_s,
                 u"sourceNotes"_s, u"texts"_s});

    Animal animal;
    animal.id = r.string(u"id"_s);
    if (!r.failed() && !idPattern().match(animal.id).hasMatch())
        r.fail(u"id must be lower-case letters, digits and underscores"_s);
    animal.art = r.string(u"art"_s);
    if (!r.failed() && !QFile::exists(animal.art))
        r.fail(u"art %1 does not exist"_s.arg(quoted(animal.art)));
    animal.sortOrder = r.integer(u"sortOrder"_s).value_or(0);
    animal.active = r.boolean(u"active"_s, true);
    r.string(u"scientificName"_s);
    r.string(u"sourceNotes"_s);
    const QJsonObject texts = r.object(u"texts"_s);
    if (r.failed())
        return makeError(r.error());

    for (const QString &language : requiredContentLanguages()) {
        if (!texts.contains(language))
            return makeError(u"%1: missing language %2 in \"texts\""_s.arg(where, quoted(language)));
    }
    // Required languages first (en, es), then any others in key order.
    QStringList languages = requiredContentLanguages();
    for (const QString &key : texts.keys()) {
        if (!languages.contains(key))
            languages.append(key);
    }
    for (const QString &language : std::as_const(languages)) {
        const QString textWhere = u"%1 (%2)"_s.arg(where, language);
        if (!languagePattern().match(language).hasMatch())
            return makeError(u"%1: language code must be two lower-case letters"_s.arg(textWhere));
        const QJsonValue value = texts.value(language);
        if (!value.isObject())
            return makeError(u"%1: text must be an object, not %2"_s.arg(textWhere, jsonTypeName(value)));
        auto text = parseText(value.toObject(), language, textWhere);
        if (!text)
            return text.error();
        animal.texts.append(std::move(text).value());
    }

    animal.contentHash = QString::fromLatin1(
        QCryptographicHash::hash(QJsonDocument(object).toJson(QJsonDocument::Compact),
                                 QCryptographicHash::Sha256).toHex());
    return animal;
}

zk::Result<GuardrailRule> parseRule(const QJsonObject &object, qsizetype index, const QString &label,
                                    const QSet<QString> &animalIds)
{
    const QString rawKey = object.value(u"seedKey"_s).toString();
    const QString where = rawKey.isEmpty() ? u"%1: rules[%2]"_s.arg(label).arg(index)
                                           : u"%1: rule %2"_s.arg(label, quoted(rawKey));
    ObjectReader r(object, where);
    r.allowOnly({u"seedKey"_s, u"animalId"_s, u"type"_s, u"text"_s, u"active"_s});

    GuardrailRule rule;
    rule.seedKey = r.string(u"seedKey"_s);
    if (!r.failed() && !seedKeyPattern().match(rule.seedKey).hasMatch())
        r.fail(u"seedKey must be dot-separated lower-case words, e.g. \"global.always.kind\""_s);

    const QJsonValue animalValue = r.required(u"animalId"_s);
    if (!r.failed()) {
        if (animalValue.isNull()) {
            rule.animalId.clear();
        } else if (animalValue.isString() && animalIds.contains(animalValue.toString())) {
            rule.animalId = animalValue.toString();
        } else if (animalValue.isString()) {
            r.fail(u"animalId %1 is not one of the animals in animals.json"_s.arg(quoted(animalValue.toString())));
        } else {
            r.fail(u"animalId must be null (global) or an animal id, not %1"_s.arg(jsonTypeName(animalValue)));
        }
    }
    if (!r.failed()) {
        const QString scope = rule.animalId.isEmpty() ? u"global"_s : rule.animalId;
        if (!rule.seedKey.startsWith(scope + u'.'))
            r.fail(u"seedKey must start with %1 for this rule's animalId"_s.arg(quoted(scope + u'.')));
    }

    const QString typeName = r.string(u"type"_s);
    if (!r.failed() && !parseRuleType(typeName, &rule.type))
        r.fail(u"unknown rule type %1 (expected ALWAYS, NEVER, ENCOURAGE or DISCOURAGE)"_s.arg(quoted(typeName)));
    rule.text = r.string(u"text"_s);
    rule.active = r.boolean(u"active"_s, true);
    if (r.failed())
        return makeError(r.error());
    return rule;
}

} // namespace

QStringList requiredContentLanguages()
{
    return {u"en"_s, u"es"_s};
}

zk::Result<DefaultContent> loadDefaultContent(const QString &animalsPath, const QString &rulesPath)
{
    ensureResources();

    const QString animalsLabel = QFileInfo(animalsPath).fileName();
    const QString rulesLabel = QFileInfo(rulesPath).fileName();

    DefaultContent content;

    // animals.json
    const auto animalsRoot = readJsonObject(animalsPath, animalsLabel);
    if (!animalsRoot)
        return animalsRoot.error();
    {
        ObjectReader r(*animalsRoot, animalsLabel);
        r.allowOnly({u"contentVersion"_s, u"comment"_s, u"animals"_s});
        content.contentVersion = r.integer(u"contentVersion"_s).value_or(0);
        if (!r.failed() && content.contentVersion < 1)
            r.fail(u"contentVersion must be at least 1"_s);
        const QJsonArray animals = r.array(u"animals"_s);
        if (!r.failed() && animals.isEmpty())
            r.fail(u"\"animals\" is empty"_s);
        if (r.failed())
            return makeError(r.error());

        QSet<QString> ids;
        QHash<int, QString> sortOrders;
        for (qsizetype i = 0; i < animals.size(); ++i) {
            if (!animals.at(i).isObject())
                return makeError(u"%1: animals[%2] must be an object"_s.arg(animalsLabel).arg(i));
            auto animal = parseAnimal(animals.at(i).toObject(), i, animalsLabel);
            if (!animal)
                return animal.error();
            if (ids.contains(animal->id))
                return makeError(u"%1: duplicate animal id %2"_s.arg(animalsLabel, quoted(animal->id)));
            if (sortOrders.contains(animal->sortOrder))
                return makeError(u"%1: animal %2 has the same sortOrder (%3) as %4"_s
                                     .arg(animalsLabel, quoted(animal->id))
                                     .arg(animal->sortOrder)
                                     .arg(quoted(sortOrders.value(animal->sortOrder))));
            ids.insert(animal->id);
            sortOrders.insert(animal->sortOrder, animal->id);
            content.animals.append(std::move(animal).value());
        }
    }

    // guardrails.json
    const auto rulesRoot = readJsonObject(rulesPath, rulesLabel);
    if (!rulesRoot)
        return rulesRoot.error();
    {
        ObjectReader r(*rulesRoot, rulesLabel);
        r.allowOnly({u"contentVersion"_s, u"comment"_s, u"rules"_s});
        const int version = r.integer(u"contentVersion"_s).value_or(0);
        if (!r.failed() && version != content.contentVersion)
            r.fail(u"contentVersion %1 does not match %2 contentVersion %3 (bump both together)"_s
                       .arg(version).arg(animalsLabel).arg(content.contentVersion));
        const QJsonArray rules = r.array(u"rules"_s);
        if (!r.failed() && rules.isEmpty())
            r.fail(u"\"rules\" is empty"_s);
        if (r.failed())
            return makeError(r.error());

        QSet<QString> animalIds;
        for (const Animal &a : std::as_const(content.animals))
            animalIds.insert(a.id);
        QSet<QString> seedKeys;
        for (qsizetype i = 0; i < rules.size(); ++i) {
            if (!rules.at(i).isObject())
                return makeError(u"%1: rules[%2] must be an object"_s.arg(rulesLabel).arg(i));
            auto rule = parseRule(rules.at(i).toObject(), i, rulesLabel, animalIds);
            if (!rule)
                return rule.error();
            if (seedKeys.contains(rule->seedKey))
                return makeError(u"%1: duplicate seedKey %2"_s.arg(rulesLabel, quoted(rule->seedKey)));
            seedKeys.insert(rule->seedKey);
            content.rules.append(std::move(rule).value());
        }
    }

    qCDebug(lcPersona) << "default content version" << content.contentVersion << "loaded:"
                       << content.animals.size() << "animals," << content.rules.size() << "rules";
    return content;
}

} // namespace zk::persona
