#include "llm/streamdecoder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>

#include <optional>

// Wire formats followed (OpenAI API reference and guides):
//  - Chat Completions: "The chat completion chunk object" (API reference,
//    Chat > Streaming) and the include_usage note of stream_options. Every
//    `data:` is a chat.completion.chunk {id, object, created, model,
//    system_fingerprint, choices[{index, delta{role, content, refusal,
//    tool_calls}, finish_reason, logprobs}], usage}; finish_reason is null
//    until the last chunk, then stop | length | content_filter | tool_calls |
//    function_call; with stream_options.include_usage the last chunk before
//    `data: [DONE]` has "choices": [] and a usage object (prompt_tokens,
//    completion_tokens, total_tokens); usage is null on the other chunks.
//    A mid-stream failure arrives as a data line {"error": {message, type,
//    param, code}}.
//  - Responses: "Streaming events" (developers.openai.com/api/reference/...
//    /responses/streaming-events) and the guide "Streaming API responses"
//    (developers.openai.com/docs/guides/streaming-responses). Each event is
//    `event: <type>` plus data JSON whose "type" repeats it, with
//    sequence_number. response.created {response{model}},
//    response.output_text.delta {item_id, output_index, content_index, delta},
//    response.refusal.delta {delta}, response.completed {response{usage{
//    input_tokens, output_tokens, total_tokens}}}, response.incomplete
//    {response{incomplete_details{reason: max_output_tokens | content_filter}}},
//    response.failed {response{error{code, message}}} and
//    error {code, message, param}. There is no `[DONE]`: the terminal events
//    end the stream.

using namespace Qt::StringLiterals;

namespace zk::llm {

namespace {

using Kind = StreamUpdate::Kind;

StreamUpdate makeUpdate(Kind kind, QString text = {})
{
    StreamUpdate update;
    update.kind = kind;
    update.text = std::move(text);
    return update;
}

// The JSON object in `data`, or a Malformed update explaining why not.
std::optional<QJsonObject> parseObject(const QByteArray &data, QList<StreamUpdate> &out)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &error);
    if (error.error != QJsonParseError::NoError) {
        out.append(makeUpdate(Kind::Malformed, error.errorString()));
        return std::nullopt;
    }
    if (!doc.isObject()) {
        out.append(makeUpdate(Kind::Malformed, u"not a JSON object"_s));
        return std::nullopt;
    }
    return doc.object();
}

// Error codes are strings in the OpenAI API; some compatible servers send numbers.
QString scalarText(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 15);
    return {};
}

StreamUpdate streamError(const QJsonValue &errorValue)
{
    StreamUpdate update = makeUpdate(Kind::Error);
    update.error.kind = ErrorKind::StreamError;
    if (errorValue.isObject()) {
        const QJsonObject error = errorValue.toObject();
        update.error.code = scalarText(error.value("code"_L1));
        update.error.type = scalarText(error.value("type"_L1));
        update.error.message = scalarText(error.value("message"_L1));
    } else {
        update.error.message = scalarText(errorValue);
    }
    return update;
}

StreamUpdate usageReport(int promptTokens, int completionTokens)
{
    StreamUpdate update = makeUpdate(Kind::UsageReport);
    update.usage.promptTokens = promptTokens;
    update.usage.completionTokens = completionTokens;
    return update;
}

bool isDoneSentinel(const QByteArray &data)
{
    return data.size() <= 16 && data.trimmed() == "[DONE]";
}

} // namespace

// ---------------------------------------------------------------------------

void ChatCompletionsDecoder::decode(const SseEvent &event, QList<StreamUpdate> &out)
{
    if (m_fastPath) {
        ContentDeltaScanner::Result delta;
        if (m_scanner.scan(event.data, delta, !m_modelReported)) {
            // What decodeFull() makes of the same chunk: Meta (once), then Text.
            if (!m_modelReported && !delta.model.isEmpty()) {
                m_modelReported = true;
                out.append(makeUpdate(Kind::Meta, std::move(delta.model)));
            }
            if (!delta.content.isEmpty())
                out.append(makeUpdate(Kind::Text, std::move(delta.content)));
            return;
        }
    }
    out.append(decodeFull(event));
}

QList<StreamUpdate> ChatCompletionsDecoder::decodeFull(const SseEvent &event)
{
    QList<StreamUpdate> out;
    if (isDoneSentinel(event.data)) {
        out.append(makeUpdate(Kind::Done));
        return out;
    }

    const std::optional<QJsonObject> parsed = parseObject(event.data, out);
    if (!parsed) {
        // `event: error` with a plain-text body (some proxies) is still an error.
        if (event.event == "error") {
            out.clear();
            out.append(streamError(QJsonValue(QString::fromUtf8(event.data.left(500)))));
        }
        return out;
    }
    const QJsonObject &chunk = *parsed;

    if (const QJsonValue error = chunk.value("error"_L1); !error.isUndefined() && !error.isNull()) {
        out.append(streamError(error));
        return out;
    }

    if (!m_modelReported) {
        if (QString model = chunk.value("model"_L1).toString(); !model.isEmpty()) {
            m_modelReported = true;
            out.append(makeUpdate(Kind::Meta, std::move(model)));
        }
    }

    // Only choice 0 is ours (n = 1); never assume the array exists or is non-empty.
    const QJsonArray choices = chunk.value("choices"_L1).toArray();
    for (qsizetype i = 0; i < choices.size(); ++i) {
        const QJsonObject choice = choices.at(i).toObject();
        const QJsonValue index = choice.value("index"_L1);
        if ((index.isDouble() ? index.toInteger(-1) : i) != 0)
            continue;

        const QJsonObject delta = choice.value("delta"_L1).toObject();
        if (QString content = delta.value("content"_L1).toString(); !content.isEmpty())
            out.append(makeUpdate(Kind::Text, std::move(content)));
        if (QString refusal = delta.value("refusal"_L1).toString(); !refusal.isEmpty())
            out.append(makeUpdate(Kind::Refusal, std::move(refusal)));
        if (QString reason = choice.value("finish_reason"_L1).toString(); !reason.isEmpty())
            out.append(makeUpdate(Kind::Finish, std::move(reason)));
        break;
    }

    if (const QJsonValue usageValue = chunk.value("usage"_L1); usageValue.isObject()) {
        const QJsonObject usage = usageValue.toObject();
        out.append(usageReport(usage.value("prompt_tokens"_L1).toInt(),
                               usage.value("completion_tokens"_L1).toInt()));
    }
    return out;
}

// ---------------------------------------------------------------------------

void ResponsesDecoder::decode(const SseEvent &event, QList<StreamUpdate> &out)
{
    out.append(decodeEvent(event));
}

QList<StreamUpdate> ResponsesDecoder::decodeEvent(const SseEvent &event)
{
    QList<StreamUpdate> out;
    // The Responses API has no [DONE]; some compatible servers add one after
    // the terminal event. It carries nothing, so it is not "malformed" either.
    if (isDoneSentinel(event.data))
        return out;

    const std::optional<QJsonObject> parsed = parseObject(event.data, out);
    if (!parsed)
        return out;
    const QJsonObject &object = *parsed;

    QString type = object.value("type"_L1).toString();
    if (type.isEmpty())
        type = QString::fromUtf8(event.event);

    if (type == "response.output_text.delta"_L1) {
        if (QString delta = object.value("delta"_L1).toString(); !delta.isEmpty())
            out.append(makeUpdate(Kind::Text, std::move(delta)));
    } else if (type == "response.refusal.delta"_L1) {
        if (QString delta = object.value("delta"_L1).toString(); !delta.isEmpty())
            out.append(makeUpdate(Kind::Refusal, std::move(delta)));
    } else if (type == "response.created"_L1) {
        const QJsonObject response = object.value("response"_L1).toObject();
        if (QString model = response.value("model"_L1).toString(); !model.isEmpty())
            out.append(makeUpdate(Kind::Meta, std::move(model)));
    } else if (type == "response.completed"_L1 || type == "response.incomplete"_L1) {
        const QJsonObject response = object.value("response"_L1).toObject();
        if (const QJsonValue usageValue = response.value("usage"_L1); usageValue.isObject()) {
            const QJsonObject usage = usageValue.toObject();
            out.append(usageReport(usage.value("input_tokens"_L1).toInt(),
                                   usage.value("output_tokens"_L1).toInt()));
        }
        QString reason = u"stop"_s;
        if (type == "response.incomplete"_L1) {
            const QString detail = response.value("incomplete_details"_L1)
                                       .toObject().value("reason"_L1).toString();
            if (detail == "max_output_tokens"_L1)
                reason = u"length"_s;
            else if (detail == "content_filter"_L1)
                reason = u"content_filter"_s;
            else
                reason = detail.isEmpty() ? u"incomplete"_s : detail;
        }
        out.append(makeUpdate(Kind::Finish, std::move(reason)));
        out.append(makeUpdate(Kind::Done));
    } else if (type == "response.failed"_L1) {
        const QJsonObject response = object.value("response"_L1).toObject();
        out.append(streamError(response.value("error"_L1)));
    } else if (type == "error"_L1) {
        // Documented shape: {"type":"error","code":..,"message":..,"param":..};
        // tolerate a nested {"error":{...}} as well.
        const QJsonValue nested = object.value("error"_L1);
        out.append(streamError(nested.isObject() ? nested : QJsonValue(object)));
        if (out.last().error.type == "error"_L1)
            out.last().error.type.clear(); // the event type, not an API error type
    } else if (type.isEmpty()) {
        // Untyped {"error": {...}} body (a proxy speaking Chat Completions style).
        if (const QJsonValue error = object.value("error"_L1); error.isObject())
            out.append(streamError(error));
    }
    // Every other event type (output_item.*, content_part.*, *.done, ...) is ignored.
    return out;
}

} // namespace zk::llm
