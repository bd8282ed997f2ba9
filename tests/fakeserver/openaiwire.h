#pragma once

#include "wirejson.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

// Pure builders for the OpenAI wire format: ids, error bodies, SSE events and
// JSON bodies, byte for byte as the documented API sends them. No sockets here;
// FakeOpenAiServer decides what to send and HttpConnection how to send it.
// Sources are listed in README.md beside this file.
namespace zk::test::wire {

// --- ids ---------------------------------------------------------------------
QByteArray randomHex(int count);
QByteArray randomAlnum(int count);
QByteArray newRequestId();          // "req_" + 32 hex
QByteArray newChatCompletionId();   // "chatcmpl-" + 29 alphanumerics
QByteArray newResponseId();         // "resp_" + 48 hex
QByteArray newMessageId();          // "msg_" + 48 hex
QByteArray newModerationId();       // "modr-" + 32 hex
QByteArray newFingerprint();        // "fp_" + 10 hex

// --- errors --------------------------------------------------------------------
QByteArray reasonPhrase(int status);
// {"message","type","param","code"} in the API's key order.
WireJson errorObject(const QString &message, const QByteArray &type, WireJson param = {},
                     WireJson code = {});
// A whole error body as the API sends it: {"error": {...}} indented by 4, "\n"-terminated.
QByteArray errorBody(const WireJson &error);
// A realistic body for an HTTP status (429 rate limit, 500, 502, 503, ...).
QByteArray defaultErrorBody(int status);
QByteArray missingApiKeyBody();
QByteArray invalidApiKeyBody(const QString &presentedKey);
QByteArray maskApiKey(const QString &key);   // "sk-t*********wxyz"
// The HTML page a fronting proxy (Cloudflare) answers with for 502/503/504.
QByteArray htmlErrorPage(int status);

// --- text helpers --------------------------------------------------------------
// Go time.Duration style, as in x-ratelimit-reset-*: "0s", "12ms", "1.5s", "6m0s", "1h2m3s".
QByteArray formatDuration(qint64 ms);
// Splits a reply into deltas whose concatenation is the reply. chunks <= 0:
// one delta per word (leading whitespace stays with its word, like tokens).
// Fewer chunks than words: words are grouped evenly. More chunks than words:
// the reply is cut into `chunks` pieces by code points, never inside a
// surrogate pair; a reply with fewer code points than `chunks` is first
// repeated (joined by a space) until it is long enough.
QStringList splitReply(const QString &reply, int chunks);
int estimateTokens(const QString &text);     // ceil(chars / 4)
// Concatenated text of chat "messages" / responses "input" + "instructions" (for token estimates).
QString promptText(const QJsonObject &request);

// --- streams -------------------------------------------------------------------
struct SseBody
{
    QList<QByteArray> events;   // one complete SSE event each ("data: ...\n\n")
    QList<int> deltaEvents;     // index into events of each text delta, in order
};

enum class StreamFault { None, MalformedChunk, ErrorMidStream };

struct Generation
{
    QByteArray model;
    QStringList deltas;             // the reply (or refusal) cut into pieces
    bool refusal = false;           // deltas are refusal text, not content
    QString finishReason = QStringLiteral("stop");
    int promptTokens = 0;
    int completionTokens = 0;
    qint64 created = 0;             // unix seconds
    StreamFault fault = StreamFault::None;
    int faultAfter = 0;             // deltas sent before the fault
    QByteArray errorPayload;        // ErrorMidStream: JSON for the data line (empty = server_error)
};

// Chat Completions stream. usageOption = the request's stream_options.include_usage:
// then every chunk carries "usage":null and a final chunk with "choices":[] and
// the usage follows the finish chunk, before "data: [DONE]".
SseBody chatCompletionStream(const Generation &g, bool usageOption);
// Non-streaming chat.completion object, indented by 2.
QByteArray chatCompletionBody(const Generation &g);

// Responses API stream: "event: <type>\ndata: {...}\n\n" with sequence_number
// from 0; ends with response.completed (or response.incomplete), no [DONE].
SseBody responsesStream(const Generation &g, const QJsonObject &request);
// Non-streaming response object, indented by 2.
QByteArray responseBody(const Generation &g, const QJsonObject &request);

// --- moderation / models ----------------------------------------------------------
// The 13 omni-moderation categories in the order the API lists them.
const QStringList &moderationCategories();
struct ModerationVerdict
{
    QStringList flagged;                 // categories set to true
    QList<std::pair<QString, double>> scores;   // score overrides
    bool hasImage = false;               // an image_url part was moderated
};
QByteArray moderationBody(const QByteArray &model, const QList<ModerationVerdict> &results);
QByteArray modelsBody(const QStringList &ids);
QByteArray modelBody(const QString &id);

} // namespace zk::test::wire
