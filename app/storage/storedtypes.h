#pragma once

#include <QString>

#include <optional>

namespace zk::storage {

struct Conversation
{
    QString id;
    QString animalId;
    QString language;
    QString startedAt;   // ISO-8601 UTC
    QString endedAt;     // empty while open
};

// Where a reply came from. Names are part of the zookioskctl --json contract.
enum class ReplySource { Model, FallbackModel, Cache, Offline, Emergency, Blocked };
QString replySourceName(ReplySource source);  // "model", "fallback_model", ...
std::optional<ReplySource> parseReplySource(const QString &name);

enum class TurnStatus { Completed, Partial, Cancelled, Failed };
QString turnStatusName(TurnStatus status);    // "completed", "partial", ...
std::optional<TurnStatus> parseTurnStatus(const QString &name);

struct Turn
{
    QString id;
    QString conversationId;
    int seq = 0;                 // 1, 2, ... within the conversation; set by saveTurn
    QString visitorText;         // as stored (personal data redacted by the safety layer)
    QString reply;               // what the visitor saw
    ReplySource source = ReplySource::Model;
    TurnStatus status = TurnStatus::Completed;
    QString model;               // empty when no model answered
    QString promptVersion;       // hash of the composed system prompt
    int promptTokens = 0;
    int completionTokens = 0;
    bool usageEstimated = false;
    std::optional<qint64> firstTokenMs;
    qint64 latencyMs = 0;
    bool blocked = false;
    double riskScore = 0.0;
    QString blockCategories;     // comma-separated
    QString blockLayer;          // which check: "input-local", "output-remote", ... (safety/safetyverdict.h)
    bool escalated = false;      // allowed, but in remote moderation's middle band: for staff review
    QString personalData;        // kinds of personal data replaced before storing/sending ("phone,email")
    QString errorKind;           // errorKindName() of the last failure, empty if none
    QString requestId;           // x-request-id of the answering call
    QString createdAt;           // when the visitor asked
    QString finishedAt;
};

struct Summary
{
    qint64 id = 0;
    QString conversationId;
    int throughSeq = 0;          // covers turns 1..throughSeq
    QString text;
    QString model;
    QString createdAt;
};

struct UsageRecord
{
    QString turnId;              // empty for calls outside a turn (summaries)
    QString conversationId;
    QString model;
    QString purpose;             // "reply", "summary"
    int promptTokens = 0;
    int completionTokens = 0;
    bool estimated = false;
    QString createdAt;
    double costUsd = 0.0;        // priced when the call was made (cost::PriceTable); last, so
                                 // positional initialisers of the fields above keep compiling
};

enum class Severity { Info, Warning, Error, Critical };
QString severityName(Severity severity);      // "info", ...

struct Event
{
    qint64 id = 0;
    QString createdAt;
    Severity severity = Severity::Info;
    QString category;            // "error", "security", "alert", "system"
    QString kind;                // short machine name, e.g. "db_recovered", "llm_error"
    QString message;             // staff-facing text; never the API key or raw visitor text
    QString conversationHash;    // hashId(conversation id)
    QString requestId;
    QString detailsJson;         // optional JSON object
};

} // namespace zk::storage
