#include "openaiwire.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <QRandomGenerator>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace zk::test::wire {

namespace {

QByteArray randomFrom(QByteArrayView alphabet, int count)
{
    QByteArray out(count, Qt::Uninitialized);
    auto *rng = QRandomGenerator::global();
    for (int i = 0; i < count; ++i)
        out[i] = alphabet[rng->bounded(int(alphabet.size()))];
    return out;
}

QByteArray num(qint64 n) { return QByteArray::number(n); }

QByteArray sseData(const QByteArray &json)
{
    QByteArray out;
    out.reserve(json.size() + 8);
    out.append("data: ").append(json).append("\n\n");
    return out;
}

QByteArray sseEvent(const QByteArray &type, const QByteArray &json)
{
    QByteArray out;
    out.reserve(json.size() + type.size() + 16);
    out.append("event: ").append(type).append("\ndata: ").append(json).append("\n\n");
    return out;
}

const QByteArray &serverErrorPayload()
{
    static const QByteArray payload =
        WireJson::object({{"error", errorObject(
                                        u"The server had an error while processing your request. Sorry about that!"_s,
                                        "server_error")}})
            .compact();
    return payload;
}

WireJson chatUsage(int prompt, int completion)
{
    return WireJson::object({
        {"prompt_tokens", prompt},
        {"completion_tokens", completion},
        {"total_tokens", prompt + completion},
        {"prompt_tokens_details", WireJson::object({{"cached_tokens", 0}, {"audio_tokens", 0}})},
        {"completion_tokens_details", WireJson::object({{"reasoning_tokens", 0},
                                                        {"audio_tokens", 0},
                                                        {"accepted_prediction_tokens", 0},
                                                        {"rejected_prediction_tokens", 0}})},
    });
}

QStringList words(const QString &reply)
{
    QStringList out;
    const qsizetype n = reply.size();
    qsizetype i = 0;
    while (i < n) {
        const qsizetype start = i;
        while (i < n && reply.at(i).isSpace())
            ++i;
        const qsizetype wordStart = i;
        while (i < n && !reply.at(i).isSpace())
            ++i;
        if (wordStart == i && !out.isEmpty())
            out.last().append(reply.mid(start));   // trailing whitespace joins the last word
        else
            out.append(reply.mid(start, i - start));
    }
    return out;
}

QList<qsizetype> codePointStarts(const QString &text)
{
    QList<qsizetype> starts;
    starts.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i).isLowSurrogate() && i > 0 && text.at(i - 1).isHighSurrogate())
            continue;
        starts.append(i);
    }
    return starts;
}

void appendText(QString &out, const QJsonValue &content)
{
    if (content.isString()) {
        out += content.toString();
    } else if (content.isArray()) {
        for (const QJsonValue &part : content.toArray()) {
            if (part.isString())
                out += part.toString();
            else
                out += part.toObject().value("text"_L1).toString();
        }
    }
}

WireJson echoOrNull(const QJsonObject &request, QLatin1StringView key)
{
    const QJsonValue v = request.value(key);
    if (v.isString())
        return WireJson(v.toString());
    if (v.isDouble())
        return v.toDouble() == double(v.toInteger()) ? WireJson(qint64(v.toInteger())) : WireJson(v.toDouble());
    return {};
}

WireJson numberOr(const QJsonObject &request, QLatin1StringView key, int fallback)
{
    const QJsonValue v = request.value(key);
    if (!v.isDouble())
        return fallback;
    return v.toDouble() == double(v.toInteger()) ? WireJson(qint64(v.toInteger())) : WireJson(v.toDouble());
}

} // namespace

// --- ids ---------------------------------------------------------------------

QByteArray randomHex(int count) { return randomFrom("0123456789abcdef", count); }
QByteArray randomAlnum(int count)
{
    return randomFrom("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", count);
}
QByteArray newRequestId() { return "req_" + randomHex(32); }
QByteArray newChatCompletionId() { return "chatcmpl-" + randomAlnum(29); }
QByteArray newResponseId() { return "resp_" + randomHex(48); }
QByteArray newMessageId() { return "msg_" + randomHex(48); }
QByteArray newModerationId() { return "modr-" + randomHex(32); }
QByteArray newFingerprint() { return "fp_" + randomHex(10); }

// --- errors --------------------------------------------------------------------

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return status >= 500 ? "Server Error" : status >= 400 ? "Client Error" : "OK";
    }
}

WireJson errorObject(const QString &message, const QByteArray &type, WireJson param, WireJson code)
{
    return WireJson::object({{"message", message}, {"type", type}, {"param", param}, {"code", code}});
}

QByteArray errorBody(const WireJson &error)
{
    return WireJson::object({{"error", error}}).indented(4) + '\n';
}

QByteArray defaultErrorBody(int status)
{
    switch (status) {
    case 400:
        return errorBody(errorObject(
            u"Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead."_s,
            "invalid_request_error", "messages", "empty_array"));
    case 401:
        return invalidApiKeyBody(u"sk-proj-zookiosk-revoked-key-0000wxyz"_s);
    case 403:
        return errorBody(errorObject(u"Country, region, or territory not supported"_s, "request_forbidden", {},
                                     "unsupported_country_region_territory"));
    case 404:
        return errorBody(errorObject(u"The model `gpt-zoo-unknown` does not exist or you do not have access to it."_s,
                                     "invalid_request_error", {}, "model_not_found"));
    case 408:
        return errorBody(errorObject(u"Request timed out."_s, "server_error", {}, "timeout"));
    case 409:
        return errorBody(errorObject(u"Another request is already in progress for this resource."_s,
                                     "invalid_request_error", {}, "conflict"));
    case 429:
        return errorBody(errorObject(
            u"Rate limit reached for gpt-4o-mini in organization org-zookiosktest on requests per min (RPM): "
            u"Limit 5000, Used 5000, Requested 1. Please try again in 12ms. "
            u"Visit https://platform.openai.com/account/rate-limits to learn more."_s,
            "requests", {}, "rate_limit_exceeded"));
    case 500:
        return errorBody(errorObject(u"The server had an error while processing your request. Sorry about that!"_s,
                                     "server_error"));
    case 502:
        // Cloudflare's JSON gateway errors: numeric code, keys in alphabetical order.
        return errorBody(WireJson::object(
            {{"code", 502}, {"message", "Bad gateway."}, {"param", nullptr}, {"type", "cf_bad_gateway"}}));
    case 503:
        return errorBody(errorObject(u"The server is overloaded or not ready yet."_s, "server_error"));
    case 504:
        return errorBody(WireJson::object(
            {{"code", 504}, {"message", "Gateway timeout."}, {"param", nullptr}, {"type", "cf_gateway_timeout"}}));
    default:
        if (status >= 500)
            return errorBody(errorObject(u"The server had an error while processing your request. Sorry about that!"_s,
                                         "server_error"));
        return errorBody(errorObject(u"Request failed (HTTP %1)."_s.arg(status), "invalid_request_error"));
    }
}

QByteArray missingApiKeyBody()
{
    return errorBody(errorObject(
        u"You didn't provide an API key. You need to provide your API key in an Authorization header using "
        u"Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if "
        u"you're accessing the API from your browser and are prompted for a username. You can obtain an API key "
        u"from https://platform.openai.com/account/api-keys."_s,
        "invalid_request_error"));
}

QByteArray invalidApiKeyBody(const QString &presentedKey)
{
    return errorBody(errorObject(u"Incorrect API key provided: %1. You can find your API key at "
                                 u"https://platform.openai.com/account/api-keys."_s.arg(QString::fromUtf8(maskApiKey(presentedKey))),
                                 "invalid_request_error", {}, "invalid_api_key"));
}

QByteArray maskApiKey(const QString &key)
{
    const QByteArray k = key.toUtf8();
    if (k.size() <= 8)
        return QByteArray(k.size(), '*');
    return k.left(4) + QByteArray(k.size() - 8, '*') + k.right(4);
}

QByteArray htmlErrorPage(int status)
{
    const QByteArray title = num(status) + ' ' + reasonPhrase(status);
    return "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title
        + "</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n";
}

// --- text helpers --------------------------------------------------------------

QByteArray formatDuration(qint64 ms)
{
    if (ms <= 0)
        return "0s";
    if (ms < 1000)
        return num(ms) + "ms";
    const qint64 hours = ms / 3'600'000;
    const qint64 minutes = (ms / 60'000) % 60;
    const qint64 secMs = ms % 60'000;
    QByteArray out;
    if (hours > 0)
        out += num(hours) + 'h';
    if (hours > 0 || minutes > 0)
        out += num(minutes) + 'm';
    out += num(secMs / 1000);
    if (const qint64 frac = secMs % 1000; frac != 0) {
        QByteArray f = QByteArray::number(frac).rightJustified(3, '0');
        while (f.endsWith('0'))
            f.chop(1);
        out += '.' + f;
    }
    out += 's';
    return out;
}

QStringList splitReply(const QString &reply, int chunks)
{
    if (reply.isEmpty())
        return {};
    const QStringList natural = words(reply);
    if (chunks <= 0 || chunks == natural.size())
        return natural;
    if (chunks < natural.size()) {
        QStringList out;
        out.reserve(chunks);
        const qsizetype n = natural.size();
        for (int k = 0; k < chunks; ++k) {
            QString piece;
            for (qsizetype w = k * n / chunks; w < (k + 1) * n / chunks; ++w)
                piece += natural.at(w);
            out.append(piece);
        }
        return out;
    }
    QString text = reply;
    QList<qsizetype> starts = codePointStarts(text);
    if (starts.size() < chunks) {
        const qsizetype per = starts.size() + 1;
        const qsizetype repeats = (chunks - starts.size() + per - 1) / per;
        text.reserve(text.size() + repeats * (reply.size() + 1));
        for (qsizetype r = 0; r < repeats; ++r)
            text += u' ' + reply;
        starts = codePointStarts(text);
    }
    QStringList out;
    out.reserve(chunks);
    const qsizetype points = starts.size();
    for (int k = 0; k < chunks; ++k) {
        const qsizetype from = starts.at(qsizetype(k) * points / chunks);
        const qsizetype to = k + 1 == chunks ? text.size() : starts.at(qsizetype(k + 1) * points / chunks);
        out.append(text.mid(from, to - from));
    }
    return out;
}

int estimateTokens(const QString &text) { return int((text.size() + 3) / 4); }

QString promptText(const QJsonObject &request)
{
    QString out;
    for (const QJsonValue &m : request.value("messages"_L1).toArray())
        appendText(out, m.toObject().value("content"_L1));
    appendText(out, request.value("instructions"_L1));
    const QJsonValue input = request.value("input"_L1);
    if (input.isString()) {
        out += input.toString();
    } else {
        for (const QJsonValue &item : input.toArray()) {
            if (item.isString())
                out += item.toString();
            else if (item.toObject().contains("content"_L1))
                appendText(out, item.toObject().value("content"_L1));
            else
                out += item.toObject().value("text"_L1).toString();
        }
    }
    return out;
}

// --- chat completions ------------------------------------------------------------

SseBody chatCompletionStream(const Generation &g, bool usageOption)
{
    const QByteArray prefix = "{\"id\":\"" + newChatCompletionId()
        + "\",\"object\":\"chat.completion.chunk\",\"created\":" + num(g.created)
        + ",\"model\":" + WireJson::quoted(QString::fromUtf8(g.model)) + ",\"system_fingerprint\":\""
        + newFingerprint() + "\",\"choices\":[";
    const QByteArray suffix = usageOption ? "],\"usage\":null}" : "]}";
    const auto chunk = [&](QByteArrayView delta, QByteArrayView finish) {
        QByteArray json;
        json.reserve(prefix.size() + delta.size() + 96);
        json.append(prefix)
            .append("{\"index\":0,\"delta\":")
            .append(delta)
            .append(",\"logprobs\":null,\"finish_reason\":")
            .append(finish)
            .append('}')
            .append(suffix);
        return sseData(json);
    };

    SseBody body;
    body.events.reserve(g.deltas.size() + 5);
    body.deltaEvents.reserve(g.deltas.size());
    body.events.append(chunk(g.refusal ? "{\"role\":\"assistant\",\"content\":null,\"refusal\":\"\"}"
                                       : "{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}",
                             "null"));
    const QByteArray deltaKey = g.refusal ? "{\"refusal\":" : "{\"content\":";
    for (qsizetype i = 0; i <= g.deltas.size(); ++i) {
        if (g.fault != StreamFault::None && i == qMin<qsizetype>(g.faultAfter, g.deltas.size())) {
            if (g.fault == StreamFault::ErrorMidStream) {
                body.events.append(sseData(g.errorPayload.isEmpty() ? serverErrorPayload() : g.errorPayload));
                return body;   // the API ends the stream after an error event
            }
            // A chunk cut off in the middle: "data: {...,"choices"" with no value or closing brace.
            body.events.append(sseData(prefix.left(prefix.size() - 2)));
        }
        if (i == g.deltas.size())
            break;
        QByteArray delta = deltaKey;
        WireJson::appendQuoted(delta, g.deltas.at(i).toUtf8());
        delta.append('}');
        body.deltaEvents.append(int(body.events.size()));
        body.events.append(chunk(delta, "null"));
    }
    body.events.append(chunk("{}", WireJson::quoted(g.finishReason)));
    if (usageOption)
        body.events.append(
            sseData(prefix + "],\"usage\":" + chatUsage(g.promptTokens, g.completionTokens).compact() + '}'));
    body.events.append("data: [DONE]\n\n");
    return body;
}

QByteArray chatCompletionBody(const Generation &g)
{
    const QString text = g.deltas.join(QString());
    WireJson message = WireJson::object({{"role", "assistant"}});
    message.insert("content", g.refusal ? WireJson() : WireJson(text));
    message.insert("refusal", g.refusal ? WireJson(text) : WireJson());
    message.insert("annotations", WireJson::array());
    return WireJson::object({
               {"id", newChatCompletionId()},
               {"object", "chat.completion"},
               {"created", g.created},
               {"model", g.model},
               {"choices", WireJson::array({WireJson::object({
                               {"index", 0},
                               {"message", message},
                               {"logprobs", nullptr},
                               {"finish_reason", g.finishReason},
                           })})},
               {"usage", chatUsage(g.promptTokens, g.completionTokens)},
               {"service_tier", "default"},
               {"system_fingerprint", newFingerprint()},
           })
        .indented(2);
}

// --- responses -------------------------------------------------------------------

namespace {

struct ResponseShape
{
    QByteArray id;
    QByteArray messageId;
    const Generation *g = nullptr;
    const QJsonObject *request = nullptr;
};

QByteArray incompleteReason(const QString &finishReason)
{
    if (finishReason == "length"_L1)
        return "max_output_tokens";
    if (finishReason == "content_filter"_L1)
        return "content_filter";
    return {};
}

WireJson contentPart(const Generation &g, const QString &text)
{
    if (g.refusal)
        return WireJson::object({{"type", "refusal"}, {"refusal", text}});
    return WireJson::object({{"type", "output_text"}, {"text", text}, {"annotations", WireJson::array()}});
}

WireJson messageItem(const ResponseShape &s, QByteArrayView status, bool withContent)
{
    const QString text = s.g->deltas.join(QString());
    return WireJson::object({
        {"id", s.messageId},
        {"status", status.toByteArray()},
        {"type", "message"},
        {"role", "assistant"},
        {"content", withContent ? WireJson::array({contentPart(*s.g, text)}) : WireJson::array()},
    });
}

WireJson responseObject(const ResponseShape &s, QByteArrayView status, bool finished)
{
    const Generation &g = *s.g;
    const QJsonObject &req = *s.request;
    const QByteArray reason = incompleteReason(g.finishReason);
    const bool incomplete = finished && !reason.isEmpty();
    WireJson metadata = WireJson::raw("{}");
    if (req.value("metadata"_L1).isObject())
        metadata = WireJson::raw(QJsonDocument(req.value("metadata"_L1).toObject()).toJson(QJsonDocument::Compact));
    WireJson usage;
    if (finished)
        usage = WireJson::object({
            {"input_tokens", g.promptTokens},
            {"input_tokens_details", WireJson::object({{"cached_tokens", 0}})},
            {"output_tokens", g.completionTokens},
            {"output_tokens_details", WireJson::object({{"reasoning_tokens", 0}})},
            {"total_tokens", g.promptTokens + g.completionTokens},
        });
    return WireJson::object({
        {"id", s.id},
        {"object", "response"},
        {"created_at", g.created},
        {"status", status.toByteArray()},
        {"error", nullptr},
        {"incomplete_details", incomplete ? WireJson::object({{"reason", reason}}) : WireJson()},
        {"instructions", echoOrNull(req, "instructions"_L1)},
        {"max_output_tokens", echoOrNull(req, "max_output_tokens"_L1)},
        {"model", g.model},
        {"output", finished ? WireJson::array({messageItem(s, incomplete ? "incomplete" : "completed", true)})
                            : WireJson::array()},
        {"parallel_tool_calls", true},
        {"previous_response_id", echoOrNull(req, "previous_response_id"_L1)},
        {"reasoning", WireJson::object({{"effort", nullptr}, {"summary", nullptr}})},
        {"store", req.value("store"_L1).toBool(true)},
        {"temperature", numberOr(req, "temperature"_L1, 1)},
        {"text", WireJson::object({{"format", WireJson::object({{"type", "text"}})}})},
        {"tool_choice", "auto"},
        {"tools", WireJson::array()},
        {"top_p", numberOr(req, "top_p"_L1, 1)},
        {"truncation", "disabled"},
        {"usage", usage},
        {"user", echoOrNull(req, "user"_L1)},
        {"metadata", metadata},
    });
}

} // namespace

SseBody responsesStream(const Generation &g, const QJsonObject &request)
{
    const ResponseShape s{newResponseId(), newMessageId(), &g, &request};
    SseBody body;
    int seq = 0;
    // {"type":..., <payload members>, "sequence_number":N}: "type" first and
    // "sequence_number" last, as in the API reference examples.
    const auto add = [&](const QByteArray &type, const WireJson &payload) {
        QByteArray json = "{\"type\":\"" + type + '"';
        const QByteArray inner = payload.compact();   // "{...}" or "{}"
        if (inner.size() > 2)
            json += ',' + inner.mid(1, inner.size() - 2);
        json += ",\"sequence_number\":" + num(seq++) + '}';
        body.events.append(sseEvent(type, json));
    };
    const QByteArray partType = g.refusal ? "response.refusal" : "response.output_text";
    const QString text = g.deltas.join(QString());
    const QByteArray reason = incompleteReason(g.finishReason);

    add("response.created", WireJson::object({{"response", responseObject(s, "in_progress", false)}}));
    add("response.in_progress", WireJson::object({{"response", responseObject(s, "in_progress", false)}}));
    add("response.output_item.added",
        WireJson::object({{"output_index", 0}, {"item", messageItem(s, "in_progress", false)}}));
    add("response.content_part.added", WireJson::object({{"item_id", s.messageId},
                                                         {"output_index", 0},
                                                         {"content_index", 0},
                                                         {"part", contentPart(g, QString())}}));
    for (qsizetype i = 0; i <= g.deltas.size(); ++i) {
        if (g.fault != StreamFault::None && i == qMin<qsizetype>(g.faultAfter, g.deltas.size())) {
            if (g.fault == StreamFault::ErrorMidStream) {
                QByteArray json = g.errorPayload;
                if (json.isEmpty())
                    json = "{\"type\":\"error\",\"code\":\"server_error\",\"message\":\"The server had an error while "
                           "processing your request. Sorry about that!\",\"param\":null,\"sequence_number\":"
                        + num(seq++) + '}';
                body.events.append(sseEvent("error", json));
                return body;
            }
            body.events.append(sseEvent(partType + ".delta", "{\"type\":\"" + partType + ".delta\",\"item_id\":\""
                                                                 + s.messageId + "\",\"output_index\":0,\"conte"));
        }
        if (i == g.deltas.size())
            break;
        body.deltaEvents.append(int(body.events.size()));
        WireJson delta = WireJson::object({{"item_id", s.messageId},
                                           {"output_index", 0},
                                           {"content_index", 0},
                                           {"delta", g.deltas.at(i)}});
        if (!g.refusal)
            delta.insert("logprobs", WireJson::array());
        add(partType + ".delta", delta);
    }
    WireJson done = WireJson::object({{"item_id", s.messageId}, {"output_index", 0}, {"content_index", 0}});
    if (g.refusal) {
        done.insert("refusal", text);
    } else {
        done.insert("text", text);
        done.insert("logprobs", WireJson::array());
    }
    add(partType + ".done", done);
    add("response.content_part.done", WireJson::object({{"item_id", s.messageId},
                                                        {"output_index", 0},
                                                        {"content_index", 0},
                                                        {"part", contentPart(g, text)}}));
    add("response.output_item.done",
        WireJson::object({{"output_index", 0},
                          {"item", messageItem(s, reason.isEmpty() ? "completed" : "incomplete", true)}}));
    if (reason.isEmpty())
        add("response.completed", WireJson::object({{"response", responseObject(s, "completed", true)}}));
    else
        add("response.incomplete", WireJson::object({{"response", responseObject(s, "incomplete", true)}}));
    return body;
}

QByteArray responseBody(const Generation &g, const QJsonObject &request)
{
    const ResponseShape s{newResponseId(), newMessageId(), &g, &request};
    return responseObject(s, incompleteReason(g.finishReason).isEmpty() ? "completed" : "incomplete", true).indented(2);
}

// --- moderation / models ----------------------------------------------------------

const QStringList &moderationCategories()
{
    static const QStringList categories = {
        u"sexual"_s,           u"sexual/minors"_s,   u"harassment"_s,      u"harassment/threatening"_s,
        u"hate"_s,             u"hate/threatening"_s, u"illicit"_s,         u"illicit/violent"_s,
        u"self-harm"_s,        u"self-harm/intent"_s, u"self-harm/instructions"_s, u"violence"_s,
        u"violence/graphic"_s,
    };
    return categories;
}

QByteArray moderationBody(const QByteArray &model, const QList<ModerationVerdict> &results)
{
    // Low, varied scores for clean text (same order as moderationCategories()).
    static constexpr double cleanScores[] = {
        1.2443325e-05, 3.0240411e-07, 2.4214349e-05, 6.3333371e-07, 4.1335397e-06, 1.4738567e-07, 1.2322295e-05,
        4.4609647e-06, 7.3442514e-06, 2.1444130e-06, 1.4738567e-07, 3.2628796e-05, 5.2543519e-06,
    };
    static const QStringList imageCapable = {u"self-harm"_s, u"self-harm/intent"_s, u"self-harm/instructions"_s,
                                             u"sexual"_s,    u"violence"_s,         u"violence/graphic"_s};
    WireJson out = WireJson::array();
    for (const ModerationVerdict &v : results) {
        WireJson categories = WireJson::object();
        WireJson scores = WireJson::object();
        WireJson applied = WireJson::object();
        const QStringList &all = moderationCategories();
        for (qsizetype i = 0; i < all.size(); ++i) {
            const QString &name = all.at(i);
            const bool flagged = v.flagged.contains(name);
            double score = flagged ? 0.9321 : cleanScores[i];
            for (const auto &[cat, s] : v.scores)
                if (cat == name)
                    score = s;
            categories.insert(name.toUtf8(), flagged);
            scores.insert(name.toUtf8(), score);
            WireJson types = WireJson::array({"text"});
            if (v.hasImage && imageCapable.contains(name))
                types.append("image");
            applied.insert(name.toUtf8(), types);
        }
        out.append(WireJson::object({{"flagged", !v.flagged.isEmpty()},
                                     {"categories", categories},
                                     {"category_scores", scores},
                                     {"category_applied_input_types", applied}}));
    }
    return WireJson::object({{"id", newModerationId()}, {"model", model}, {"results", out}}).indented(2);
}

QByteArray modelBody(const QString &id)
{
    return WireJson::object({{"id", id}, {"object", "model"}, {"created", 1721172741}, {"owned_by", "system"}})
        .indented(2);
}

QByteArray modelsBody(const QStringList &ids)
{
    WireJson data = WireJson::array();
    for (const QString &id : ids)
        data.append(WireJson::object(
            {{"id", id}, {"object", "model"}, {"created", 1721172741}, {"owned_by", "system"}}));
    return WireJson::object({{"object", "list"}, {"data", data}}).indented(2);
}

} // namespace zk::test::wire
