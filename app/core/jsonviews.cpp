#include "core/jsonviews.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace zk {

namespace {

QJsonValue nullable(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

QJsonValue nullable(const std::optional<qint64> &v)
{
    return v ? QJsonValue(double(*v)) : QJsonValue(QJsonValue::Null);
}

} // namespace

QJsonObject turnResultJson(const storage::Turn &t)
{
    return QJsonObject{
        {u"reply"_s, t.reply},
        {u"source"_s, storage::replySourceName(t.source)},
        {u"model"_s, nullable(t.model)},
        {u"blocked"_s, t.blocked},
        {u"riskScore"_s, t.riskScore},
        {u"conversationId"_s, t.conversationId},
        {u"turnId"_s, t.id},
        {u"usage"_s, QJsonObject{{u"promptTokens"_s, t.promptTokens}, {u"completionTokens"_s, t.completionTokens}}},
        {u"firstTokenMs"_s, nullable(t.firstTokenMs)},
        {u"latencyMs"_s, double(t.latencyMs)},
    };
}

QJsonObject turnHistoryJson(const storage::Turn &t)
{
    QJsonObject o = turnResultJson(t);
    o.insert(u"seq"_s, t.seq);
    o.insert(u"visitorText"_s, t.visitorText);
    o.insert(u"status"_s, storage::turnStatusName(t.status));
    o.insert(u"promptVersion"_s, t.promptVersion);
    o.insert(u"usageEstimated"_s, t.usageEstimated);
    o.insert(u"errorKind"_s, nullable(t.errorKind));
    o.insert(u"requestId"_s, nullable(t.requestId));
    o.insert(u"createdAt"_s, t.createdAt);
    o.insert(u"finishedAt"_s, t.finishedAt);
    // What the safety layer recorded: blocked or escalated, by which check.
    auto list = [](const QString &csv) { return QJsonArray::fromStringList(csv.split(u',', Qt::SkipEmptyParts)); };
    o.insert(u"escalated"_s, t.escalated);
    o.insert(u"categories"_s, list(t.blockCategories));
    o.insert(u"blockLayer"_s, nullable(t.blockLayer));
    o.insert(u"personalData"_s, list(t.personalData));
    return o;
}

QJsonObject animalJson(const persona::Animal &a, const QString &language)
{
    QJsonObject o{{u"id"_s, a.id}, {u"active"_s, a.active}, {u"art"_s, a.art}, {u"language"_s, language}};
    if (const persona::AnimalText *t = a.text(language)) {
        o.insert(u"name"_s, t->name);
        o.insert(u"title"_s, t->title);
        o.insert(u"species"_s, t->species);
        o.insert(u"personality"_s, t->personality);
        o.insert(u"conservationStatus"_s, t->conservationStatus);
        o.insert(u"emergencyMessage"_s, t->emergencyMessage);
        o.insert(u"facts"_s, QJsonArray::fromStringList(t->facts));
        o.insert(u"suggestedQuestions"_s, QJsonArray::fromStringList(t->suggestedQuestions));
    }
    return o;
}

QJsonObject eventJson(const storage::Event &e)
{
    QJsonObject o{{u"id"_s, double(e.id)},
                  {u"createdAt"_s, e.createdAt},
                  {u"severity"_s, storage::severityName(e.severity)},
                  {u"category"_s, e.category},
                  {u"kind"_s, e.kind},
                  {u"message"_s, e.message},
                  {u"conversationHash"_s, nullable(e.conversationHash)},
                  {u"requestId"_s, nullable(e.requestId)}};
    const QJsonDocument details = QJsonDocument::fromJson(e.detailsJson.toUtf8());
    o.insert(u"details"_s, details.isObject() ? QJsonValue(details.object()) : QJsonValue(QJsonValue::Null));
    return o;
}

QJsonObject failedRequestJson(const storage::FailedRequest &f)
{
    return QJsonObject{{u"id"_s, double(f.id)},
                       {u"createdAt"_s, f.createdAt},
                       {u"turnId"_s, nullable(f.turnId)},
                       {u"conversationHash"_s, nullable(f.conversationHash)},
                       {u"api"_s, f.api},
                       {u"model"_s, f.model},
                       {u"errorKind"_s, f.errorKind},
                       {u"httpStatus"_s, f.httpStatus},
                       {u"requestId"_s, nullable(f.requestId)},
                       {u"replayedAt"_s, nullable(f.replayedAt)},
                       {u"replayResult"_s, nullable(f.replayResult)}};
}

QJsonObject guardrailJson(const persona::GuardrailRule &r)
{
    return QJsonObject{{u"id"_s, r.id},
                       {u"type"_s, persona::ruleTypeName(r.type)},
                       {u"animal"_s, r.animalId.isEmpty() ? QJsonValue() : QJsonValue(r.animalId)},
                       {u"text"_s, r.text},
                       {u"active"_s, r.active},
                       {u"default"_s, !r.seedKey.isEmpty()}};
}

QJsonObject breakerJson(const llm::BreakerSnapshot &snap, const QString &endpoint)
{
    return QJsonObject{{u"endpoint"_s, endpoint},
                       {u"state"_s, llm::breakerStateName(snap.state)},
                       {u"consecutiveFailures"_s, snap.consecutiveFailures},
                       {u"recentCalls"_s, snap.recent.size()},
                       {u"recentFailures"_s, int(snap.recent.count(u'0'))},
                       {u"openedAt"_s, snap.openedAt ? QJsonValue(snap.openedAt->toString(Qt::ISODateWithMs))
                                                     : QJsonValue(QJsonValue::Null)}};
}

} // namespace zk
