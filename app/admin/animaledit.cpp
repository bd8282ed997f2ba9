#include "admin/animaledit.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

namespace zk::admin {

namespace {

struct Limits
{
    int maxChars;
    int minItems = 0; // lists only
    int maxItems = 0;
};

Limits limitsFor(const QString &field)
{
    if (field == u"name")
        return {40};
    if (field == u"title" || field == u"species")
        return {80};
    if (field == u"conservation")
        return {120};
    if (field == u"personality" || field == u"emergency")
        return {1000};
    if (field == u"facts")
        return {300, 1, 30};
    return {200, 1, 12}; // questions
}

Result<QStringList> parseList(const QString &field, const QString &value, const Limits &limits)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(value.toUtf8(), &error);
    if (!doc.isArray())
        return makeError(u"%1 must be a JSON array of texts, like [\"First\", \"Second\"]"_s.arg(field));
    QStringList items;
    for (const QJsonValue &v : doc.array()) {
        const QString item = v.toString().simplified();
        if (!v.isString() || item.isEmpty())
            return makeError(u"every item of %1 must be a non-empty text"_s.arg(field));
        if (item.size() > limits.maxChars)
            return makeError(u"an item of %1 is longer than %2 characters"_s.arg(field).arg(limits.maxChars));
        items << item;
    }
    if (items.size() < limits.minItems || items.size() > limits.maxItems)
        return makeError(u"%1 needs %2 to %3 items"_s.arg(field).arg(limits.minItems).arg(limits.maxItems));
    return items;
}

} // namespace

QStringList animalEditFields()
{
    return {u"name"_s,        u"title"_s,     u"species"_s, u"personality"_s,
            u"conservation"_s, u"emergency"_s, u"facts"_s,   u"questions"_s};
}

Status applyAnimalEdit(persona::Animal &animal, const QString &language, const QString &field, const QString &value)
{
    if (!animalEditFields().contains(field))
        return makeError(u"unknown field \"%1\"; one of: %2"_s.arg(field, animalEditFields().join(u", "_s)));
    if (language != u"en" && language != u"es")
        return makeError(u"the language must be en or es"_s);
    auto it = std::find_if(animal.texts.begin(), animal.texts.end(),
                           [&](const persona::AnimalText &t) { return t.language == language; });
    if (it == animal.texts.end()) {
        persona::AnimalText fresh;
        fresh.language = language;
        animal.texts << fresh;
        it = animal.texts.end() - 1;
    }
    const Limits limits = limitsFor(field);
    if (field == u"facts" || field == u"questions") {
        const auto items = parseList(field, value, limits);
        if (!items)
            return items.error();
        (field == u"facts" ? it->facts : it->suggestedQuestions) = items.value();
        return {};
    }
    const QString text = value.trimmed();
    if (text.isEmpty())
        return makeError(u"%1 cannot be empty"_s.arg(field));
    if (text.size() > limits.maxChars)
        return makeError(u"%1 is at most %2 characters"_s.arg(field).arg(limits.maxChars));
    if (field == u"name")
        it->name = text;
    else if (field == u"title")
        it->title = text;
    else if (field == u"species")
        it->species = text;
    else if (field == u"personality")
        it->personality = text;
    else if (field == u"conservation")
        it->conservationStatus = text;
    else
        it->emergencyMessage = text;
    return {};
}

} // namespace zk::admin
