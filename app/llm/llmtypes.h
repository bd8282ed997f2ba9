#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

namespace zk::llm {

// Which OpenAI endpoint carries the conversation.
enum class ApiFlavor { ChatCompletions, Responses };

struct ChatMessage
{
    enum class Role { System, User, Assistant };
    Role role = Role::User;
    QString content;
};

struct ChatRequest
{
    QString model;
    QList<ChatMessage> messages;   // first is the system prompt
    double temperature = 0.7;
    int maxOutputTokens = 300;
    QString safetyIdentifier;      // hashed per-conversation id; never visitor text
    ApiFlavor api = ApiFlavor::ChatCompletions;
};

struct Usage
{
    int promptTokens = 0;
    int completionTokens = 0;
    bool estimated = false;        // true when no usage chunk arrived and we counted ourselves
};

// Every way a model call can fail, typed; user-facing text is chosen elsewhere.
enum class ErrorKind {
    None,
    ConnectionRefused,
    HostNotFound,
    Tls,
    ConnectTimeout,
    FirstByteTimeout,
    StreamStalled,
    Network,               // other transport failures
    BadRequest,            // 400
    ContextLengthExceeded, // 400 with code context_length_exceeded
    Unauthorized,          // 401 / 403
    ModelNotFound,         // 404 model_not_found
    RateLimited,           // 429 (not quota)
    InsufficientQuota,     // 429 insufficient_quota
    Retryable,             // 408 / 409 / 5xx
    HttpOther,             // any other status
    NonJsonErrorBody,      // HTML or plain text from a proxy
    StreamEndedEarly,      // connection closed without [DONE] / response.completed
    StreamError,           // an `error` object in the stream (or response.failed)
    ContentFilter,         // finish_reason content_filter
    Cancelled,
};

QString errorKindName(ErrorKind kind);
// A failure of the transport or the server that may pass: worth a retry, and
// counted against the endpoint by the circuit breaker.
bool isTransientFailure(ErrorKind kind);

struct LlmError
{
    ErrorKind kind = ErrorKind::None;
    int httpStatus = 0;
    QString code;          // API error code, e.g. "model_not_found"
    QString type;          // API error type, e.g. "invalid_request_error"
    QString message;       // developer-facing detail; never shown to visitors
    std::optional<qint64> retryAfterMs;
    std::optional<bool> shouldRetry; // x-should-retry
};

// One piece of news decoded from the stream.
struct StreamUpdate
{
    enum class Kind { Text, Refusal, Finish, UsageReport, Error, Done, Meta, Malformed };
    Kind kind = Kind::Text;
    QString text;          // Text / Refusal delta; Finish: finish reason; Meta: model name
    Usage usage;           // UsageReport
    LlmError error;        // Error
};

// How a stream ended.
struct StreamResult
{
    bool completed = false;      // reached [DONE] / response.completed
    QString text;                // everything streamed (text deltas joined)
    QString refusal;             // refusal text, if the model refused
    QString finishReason;        // stop / length / content_filter / ...
    QString model;               // model that answered, as reported by the API
    QString requestId;           // x-request-id header
    std::optional<Usage> usage;  // from the include_usage chunk / response.completed
    LlmError error;              // kind None when all went well
    int malformedChunks = 0;     // chunks skipped because they did not parse
    qint64 firstByteMs = -1;     // ms from send to first body byte
    qint64 firstTokenMs = -1;    // ms from send to first text delta
    QList<QPair<QByteArray, QByteArray>> responseHeaders; // as received (rate-limit headers, retry hints)
    qint64 firstByteSteadyNs = 0;// std::chrono::steady_clock time of the first body byte (benchmarks)
};

} // namespace zk::llm
