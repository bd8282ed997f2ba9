#include "persona/knowledgecontent.h"

#include "core/logging.h"
#include "core/resources.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
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

constexpr int kMinQuestions = 2;
constexpr int kMinKeywords = 1;

const QRegularExpression &animalIdPattern()
{
    static const QRegularExpression re(u"^[a-z][a-z0-9_]*$"_s);
    return re;
}

const QRegularExpression &entryIdPattern()
{
    static const QRegularExpression re(u"^[a-z0-9][a-z0-9_-]*$"_s);
    return re;
}

const QRegularExpression &languagePattern()
{
    static const QRegularExpression re(u"^[a-z]{2}$"_s);
    return re;
}

// Each check returns the problem (without the location) or an empty string.

QString unknownFields(const QJsonObject &object, const QStringList &allowed)
{
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!allowed.contains(it.key()))
            return u"unknown field %1 (expected one of: %2)"_s.arg(quoted(it.key()), allowed.join(u", "_s));
    }
    return {};
}

QString readString(const QJsonObject &object, const QString &key, QString *out)
{
    const QJsonValue v = object.value(key);
    if (v.isUndefined())
        return u"missing field %1"_s.arg(quoted(key));
    if (!v.isString())
        return u"field %1 must be a string, not %2"_s.arg(quoted(key), jsonTypeName(v));
    *out = v.toString().trimmed();
    if (out->isEmpty())
        return u"field %1 is empty"_s.arg(quoted(key));
    return {};
}

QString readStringList(const QJsonObject &object, const QString &key, int minCount, QStringList *out)
{
    const QJsonValue v = object.value(key);
    if (v.isUndefined())
        return u"missing field %1"_s.arg(quoted(key));
    if (!v.isArray())
        return u"field %1 must be an array of strings, not %2"_s.arg(quoted(key), jsonTypeName(v));
    const QJsonArray array = v.toArray();
    QSet<QString> seen;
    out->clear();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonValue item = array.at(i);
        const QString s = item.toString().trimmed();
        if (!item.isString() || s.isEmpty())
            return u"%1[%2] must be a non-empty string"_s.arg(quoted(key)).arg(i);
        if (seen.contains(s.toCaseFolded()))
            return u"%1[%2] repeats an earlier entry: %3"_s.arg(quoted(key)).arg(i).arg(quoted(s));
        seen.insert(s.toCaseFolded());
        out->append(s);
    }
    if (out->size() < minCount)
        return u"field %1 has %2 entries, at least %3 are required"_s.arg(quoted(key)).arg(out->size()).arg(minCount);
    return {};
}

// One language of one entry: {"questions": [...], "keywords": [...], "answer": "..."}.
zk::Result<KnowledgeEntry> parseLanguage(const QJsonValue &value, KnowledgeEntry entry, const QString &where)
{
    if (!value.isObject())
        return makeError(u"%1: must be an object, not %2"_s.arg(where, jsonTypeName(value)));
    const QJsonObject object = value.toObject();
    QString problem = unknownFields(object, {u"questions"_s, u"keywords"_s, u"answer"_s});
    if (problem.isEmpty())
        problem = readStringList(object, u"questions"_s, kMinQuestions, &entry.questions);
    if (problem.isEmpty())
        problem = readStringList(object, u"keywords"_s, kMinKeywords, &entry.keywords);
    if (problem.isEmpty())
        problem = readString(object, u"answer"_s, &entry.answer);
    if (!problem.isEmpty())
        return makeError(where + u": "_s + problem);
    return entry;
}

zk::Result<QList<KnowledgeEntry>> parseEntry(const QJsonValue &value, qsizetype index, const QString &label,
                                             const QString &animalId, int contentVersion)
{
    if (!value.isObject())
        return makeError(u"%1: entries[%2] must be an object, not %3"_s.arg(label).arg(index).arg(jsonTypeName(value)));
    const QJsonObject object = value.toObject();
    const QString rawId = object.value(u"id"_s).toString();
    const QString where = rawId.isEmpty() ? u"%1: entries[%2]"_s.arg(label).arg(index)
                                          : u"%1: entry %2"_s.arg(label, quoted(rawId));

    KnowledgeEntry base;
    base.animalId = animalId;
    base.contentVersion = contentVersion;
    QString problem = readString(object, u"id"_s, &base.key);
    if (problem.isEmpty() && !entryIdPattern().match(base.key).hasMatch())
        problem = u"id must be lower-case letters, digits, '-' and '_'"_s;
    if (problem.isEmpty())
        problem = readString(object, u"topic"_s, &base.topic);
    QStringList languages = requiredKnowledgeLanguages();
    if (problem.isEmpty()) {
        for (auto it = object.constBegin(); it != object.constEnd() && problem.isEmpty(); ++it) {
            const QString &key = it.key();
            if (key == u"id"_s || key == u"topic"_s || languages.contains(key))
                continue;
            if (!languagePattern().match(key).hasMatch())
                problem = u"unknown field %1 (expected id, topic and a two-letter language code)"_s.arg(quoted(key));
            else
                languages.append(key); // an extra language beyond the required ones
        }
    }
    if (problem.isEmpty()) {
        for (const QString &language : requiredKnowledgeLanguages()) {
            if (!object.contains(language)) {
                problem = u"missing language %1"_s.arg(quoted(language));
                break;
            }
        }
    }
    if (!problem.isEmpty())
        return makeError(where + u": "_s + problem);

    QList<KnowledgeEntry> out;
    for (const QString &language : std::as_const(languages)) {
        KnowledgeEntry entry = base;
        entry.language = language;
        auto parsed = parseLanguage(object.value(language), std::move(entry), u"%1 (%2)"_s.arg(where, language));
        if (!parsed)
            return parsed.error();
        out.append(std::move(parsed).value());
    }
    return out;
}

zk::Result<QList<KnowledgeEntry>> parseFile(const QString &path)
{
    const QFileInfo info(path);
    const QString label = info.fileName();
    const auto root = readJsonObject(path, label);
    if (!root)
        return root.error();

    QString problem = unknownFields(*root, {u"animalId"_s, u"contentVersion"_s, u"sources"_s, u"comment"_s,
                                            u"entries"_s});
    QString animalId;
    if (problem.isEmpty())
        problem = readString(*root, u"animalId"_s, &animalId);
    if (problem.isEmpty() && !animalIdPattern().match(animalId).hasMatch())
        problem = u"animalId must be lower-case letters, digits and underscores"_s;
    if (problem.isEmpty() && animalId != info.completeBaseName())
        problem = u"animalId %1 does not match the file name (expected %2)"_s.arg(quoted(animalId),
                                                                               quoted(info.completeBaseName()));
    int contentVersion = 0;
    if (problem.isEmpty()) {
        const QJsonValue v = root->value(u"contentVersion"_s);
        const double d = v.toDouble(-1.0);
        if (v.isUndefined())
            problem = u"missing field \"contentVersion\""_s;
        else if (!v.isDouble() || d != static_cast<double>(static_cast<int>(d)) || d < 1)
            problem = u"field \"contentVersion\" must be an integer of at least 1"_s;
        else
            contentVersion = static_cast<int>(d);
    }
    QString sources;
    if (problem.isEmpty())
        problem = readString(*root, u"sources"_s, &sources);
    const QJsonValue entriesValue = root->value(u"entries"_s);
    if (problem.isEmpty()) {
        if (entriesValue.isUndefined())
            problem = u"missing field \"entries\""_s;
        else if (!entriesValue.isArray())
            problem = u"field \"entries\" must be an array, not %1"_s.arg(jsonTypeName(entriesValue));
        else if (entriesValue.toArray().isEmpty())
            problem = u"\"entries\" is empty"_s;
    }
    if (!problem.isEmpty())
        return makeError(label + u": "_s + problem);

    const QJsonArray entries = entriesValue.toArray();
    QList<KnowledgeEntry> out;
    QSet<QString> ids;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        auto parsed = parseEntry(entries.at(i), i, label, animalId, contentVersion);
        if (!parsed)
            return parsed.error();
        const QString &key = parsed->first().key;
        if (ids.contains(key))
            return makeError(u"%1: entries[%2]: duplicate entry id %3"_s.arg(label).arg(i).arg(quoted(key)));
        ids.insert(key);
        out.append(std::move(parsed).value());
    }
    return out;
}

} // namespace

QStringList requiredKnowledgeLanguages()
{
    return {u"en"_s, u"es"_s};
}

zk::Result<QList<KnowledgeEntry>> loadKnowledge(const QString &dir)
{
    ensureResources();

    const QDir directory(dir);
    if (!directory.exists())
        return makeError(u"knowledge: the directory %1 does not exist"_s.arg(quoted(dir)));
    const QStringList files = filesWithSuffix(dir, u".json");
    if (files.isEmpty())
        return makeError(u"knowledge: no *.json files in %1"_s.arg(quoted(dir)));

    QList<KnowledgeEntry> all;
    for (const QString &file : files) {
        auto entries = parseFile(directory.filePath(file));
        if (!entries)
            return entries.error();
        all.append(std::move(entries).value());
    }
    qCDebug(lcPersona) << "knowledge loaded:" << files.size() << "animals," << all.size() << "entries";
    return all;
}

} // namespace zk::persona
