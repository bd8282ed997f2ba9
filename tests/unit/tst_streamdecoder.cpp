// Unit tests for the Chat Completions and Responses stream decoders.

#include "llm/llmtypes.h"
#include "llm/sseparser.h"
#include "llm/streamdecoder.h"

#include <QElapsedTimer>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace zk::llm;

using Kind = StreamUpdate::Kind;

namespace {

SseEvent dataEvent(QByteArray data, QByteArray event = {})
{
    SseEvent e;
    e.event = std::move(event);
    e.data = std::move(data);
    return e;
}

// A chat.completion.chunk around one choice (or none when `choices` is empty).
QByteArray chunk(QByteArrayView choices, QByteArrayView usage = "null")
{
    QByteArray out = R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1741570283,)"
                     R"("model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_1","choices":)";
    out += choices;
    out += R"(,"usage":)";
    out += usage;
    out += '}';
    return out;
}

QByteArray deltaChoice(QByteArrayView delta, QByteArrayView finish = "null", int index = 0)
{
    return R"([{"index":)" + QByteArray::number(index) + R"(,"delta":)" + delta
           + R"(,"logprobs":null,"finish_reason":)" + finish + "}]";
}

QString kindName(Kind kind)
{
    switch (kind) {
    case Kind::Text: return u"Text"_s;
    case Kind::Refusal: return u"Refusal"_s;
    case Kind::Finish: return u"Finish"_s;
    case Kind::UsageReport: return u"UsageReport"_s;
    case Kind::Error: return u"Error"_s;
    case Kind::Done: return u"Done"_s;
    case Kind::Meta: return u"Meta"_s;
    case Kind::Malformed: return u"Malformed"_s;
    }
    return u"?"_s;
}

// "Kind(text)" per update, so QCOMPARE prints what differs. Malformed's
// diagnostic text is not part of the contract and is left out.
QString describe(const QList<StreamUpdate> &updates)
{
    QStringList parts;
    for (const StreamUpdate &u : updates) {
        QString s = kindName(u.kind);
        switch (u.kind) {
        case Kind::UsageReport:
            s += u'(' + QString::number(u.usage.promptTokens) + u'/'
                 + QString::number(u.usage.completionTokens) + u')';
            break;
        case Kind::Error:
            s += u'(' + errorKindName(u.error.kind) + u'|' + u.error.code + u'|' + u.error.type
                 + u'|' + u.error.message + u')';
            break;
        case Kind::Malformed:
        case Kind::Done:
            break;
        default:
            s += u'(' + u.text + u')';
        }
        parts.append(s);
    }
    return parts.join(u' ');
}

// What a stream reader would make of the updates.
struct Summary
{
    QString text;
    QString refusal;
    QString finish;
    QString model;
    int promptTokens = -1;
    int completionTokens = -1;
    int done = 0;
    int malformed = 0;
    int errors = 0;
    QString firstErrorCode;

    void add(const QList<StreamUpdate> &updates)
    {
        for (const StreamUpdate &u : updates) {
            switch (u.kind) {
            case Kind::Text: text += u.text; break;
            case Kind::Refusal: refusal += u.text; break;
            case Kind::Finish: finish = u.text; break;
            case Kind::Meta: model = u.text; break;
            case Kind::UsageReport:
                promptTokens = u.usage.promptTokens;
                completionTokens = u.usage.completionTokens;
                break;
            case Kind::Done: ++done; break;
            case Kind::Malformed: ++malformed; break;
            case Kind::Error:
                if (errors++ == 0)
                    firstErrorCode = u.error.code;
                break;
            }
        }
    }
    QString toString() const
    {
        return u"text=%1|refusal=%2|finish=%3|model=%4|usage=%5/%6|done=%7|malformed=%8|errors=%9"_s
            .arg(text, refusal, finish, model)
            .arg(promptTokens)
            .arg(completionTokens)
            .arg(done)
            .arg(malformed)
            .arg(errors);
    }
};

// Same recording as tst_sseparser: a real gpt-4o-mini stream, include_usage on.
const char *const kChatStream =
    R"(data: {"id":"chatcmpl-B9MBs8","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_06737a9306","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null})" "\n\n"
    R"(data: {"id":"chatcmpl-B9MBs8","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_06737a9306","choices":[{"index":0,"delta":{"content":"¡Hola!"},"logprobs":null,"finish_reason":null}],"usage":null})" "\n\n"
    ": keep-alive\n\n"
    R"(data: {"id":"chatcmpl-B9MBs8","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_06737a9306","choices":[{"index":0,"delta":{"content":" 🐼"},"logprobs":null,"finish_reason":null}],"usage":null})" "\n\n"
    R"(data: {"id":"chatcmpl-B9MBs8","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_06737a9306","choices":[{"index":0,"delta":{"content":" ñ, soy Mei"},"logprobs":null,"finish_reason":null}],"usage":null})" "\n\n"
    R"(data: {"id":"chatcmpl-B9MBs8","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_06737a9306","choices":[{"index":0,"delta":{"content":" y como bambú."},"logprobs":null,"finish_reason":null}],"usage":null})" "\n\n"
    R"(data: {"id":"chatcmpl-B9MBs8","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_06737a9306","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null})" "\n\n"
    R"(data: {"id":"chatcmpl-B9MBs8","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_06737a9306","choices":[],"usage":{"prompt_tokens":42,"completion_tokens":12,"total_tokens":54,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}})" "\n\n"
    "data: [DONE]\n\n";

// A Responses API stream, as documented (output_item / content_part events included).
const char *const kResponsesStream =
    "event: response.created\n"
    R"(data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_67c9","object":"response","created_at":1741290958,"status":"in_progress","error":null,"incomplete_details":null,"model":"gpt-4.1-mini-2025-04-14","output":[],"usage":null}})" "\n\n"
    "event: response.in_progress\n"
    R"(data: {"type":"response.in_progress","sequence_number":1,"response":{"id":"resp_67c9","object":"response","status":"in_progress","model":"gpt-4.1-mini-2025-04-14","output":[],"usage":null}})" "\n\n"
    "event: response.output_item.added\n"
    R"(data: {"type":"response.output_item.added","sequence_number":2,"output_index":0,"item":{"id":"msg_1","type":"message","status":"in_progress","role":"assistant","content":[]}})" "\n\n"
    "event: response.content_part.added\n"
    R"(data: {"type":"response.content_part.added","sequence_number":3,"item_id":"msg_1","output_index":0,"content_index":0,"part":{"type":"output_text","text":"","annotations":[]}})" "\n\n"
    "event: response.output_text.delta\n"
    R"(data: {"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"¡Hola!"})" "\n\n"
    ": keep-alive\n\n"
    "event: response.output_text.delta\n"
    R"(data: {"type":"response.output_text.delta","sequence_number":5,"item_id":"msg_1","output_index":0,"content_index":0,"delta":" 🐼 ñ"})" "\n\n"
    "event: response.output_text.done\n"
    R"(data: {"type":"response.output_text.done","sequence_number":6,"item_id":"msg_1","output_index":0,"content_index":0,"text":"¡Hola! 🐼 ñ"})" "\n\n"
    "event: response.completed\n"
    R"(data: {"type":"response.completed","sequence_number":7,"response":{"id":"resp_67c9","object":"response","status":"completed","error":null,"incomplete_details":null,"model":"gpt-4.1-mini-2025-04-14","usage":{"input_tokens":37,"input_tokens_details":{"cached_tokens":0},"output_tokens":11,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":48}}})" "\n\n";

Summary runStream(StreamDecoder &decoder, QByteArrayView stream, const QList<qsizetype> &cuts)
{
    SseParser parser;
    Summary summary;
    qsizetype from = 0;
    auto consume = [&](const QList<SseEvent> &events) {
        for (const SseEvent &e : events)
            summary.add(decoder.decode(e));
    };
    for (qsizetype cut : cuts) {
        consume(parser.feed(stream.sliced(from, cut - from)));
        from = cut;
    }
    consume(parser.feed(stream.sliced(from)));
    consume(parser.finish());
    return summary;
}

} // namespace

class TestStreamDecoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Chat Completions
    void chatRoleOnlyChunk();
    void chatContentAndMetaOnce();
    void chatNullAndEmptyContent();
    void chatRefusal();
    void chatFinishReasons_data();
    void chatFinishReasons();
    void chatUsageChunkWithEmptyChoices();
    void chatMissingOrOddChoices();
    void chatOnlyChoiceZero();
    void chatErrorMidStream();
    void chatMalformedSkippedAndCounted();
    void chatDone();
    // Responses
    void responsesCreated();
    void responsesDeltas();
    void responsesCompleted();
    void responsesIncomplete_data();
    void responsesIncomplete();
    void responsesFailed();
    void responsesErrorEvent();
    void responsesTypeFallsBackToEventName();
    void responsesOtherEventsIgnored();
    void responsesMalformed();
    // Whole streams through SseParser + decoder
    void chatStreamEverySplitPoint_data();
    void chatStreamEverySplitPoint();
    void responsesStreamEverySplitPoint();
    void twentyThousandChunks();
    void errorKindNames();
};

void TestStreamDecoder::chatRoleOnlyChunk()
{
    ChatCompletionsDecoder decoder;
    const auto updates = decoder.decode(dataEvent(
        chunk(deltaChoice(R"({"role":"assistant","content":"","refusal":null})"))));
    QCOMPARE(describe(updates), u"Meta(gpt-4o-mini-2024-07-18)"_s);
}

void TestStreamDecoder::chatContentAndMetaOnce()
{
    ChatCompletionsDecoder decoder;
    QCOMPARE(describe(decoder.decode(dataEvent(chunk(deltaChoice(R"({"content":"¡Hola!"})"))))),
             u"Meta(gpt-4o-mini-2024-07-18) Text(¡Hola!)"_s);
    QCOMPARE(describe(decoder.decode(dataEvent(chunk(deltaChoice("{\"content\":\" 🐼 ñ\\n\\\"x\\\"\"}"))))),
             u"Text( 🐼 ñ\n\"x\")"_s);

    // A chunk without "model" does not hold Meta back; the first one naming a model sends it.
    ChatCompletionsDecoder late;
    QCOMPARE(describe(late.decode(dataEvent(R"({"choices":[{"index":0,"delta":{"content":"a"}}]})"))),
             u"Text(a)"_s);
    QCOMPARE(describe(late.decode(dataEvent(R"({"model":"m2","choices":[]})"))), u"Meta(m2)"_s);
    QCOMPARE(describe(late.decode(dataEvent(R"({"model":"m3","choices":[]})"))), QString());
}

void TestStreamDecoder::chatNullAndEmptyContent()
{
    ChatCompletionsDecoder decoder;
    decoder.decode(dataEvent(chunk("[]"))); // Meta out of the way
    QCOMPARE(describe(decoder.decode(dataEvent(chunk(deltaChoice(R"({"content":null})"))))), QString());
    QCOMPARE(describe(decoder.decode(dataEvent(chunk(deltaChoice(R"({"content":""})"))))), QString());
    QCOMPARE(describe(decoder.decode(dataEvent(chunk(deltaChoice("{}"))))), QString());
    QCOMPARE(describe(decoder.decode(dataEvent(chunk(deltaChoice("null"))))), QString());
    QCOMPARE(describe(decoder.decode(dataEvent(chunk(deltaChoice(R"({"content":42})"))))), QString());
    // Tool-call deltas carry no text.
    QCOMPARE(describe(decoder.decode(dataEvent(chunk(deltaChoice(
                 R"({"content":null,"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"f","arguments":""}}]})"))))),
             QString());
}

void TestStreamDecoder::chatRefusal()
{
    ChatCompletionsDecoder decoder;
    decoder.decode(dataEvent(chunk("[]")));
    QCOMPARE(describe(decoder.decode(dataEvent(chunk(deltaChoice(R"({"content":null,"refusal":"Lo siento"})"))))),
             u"Refusal(Lo siento)"_s);
    QCOMPARE(describe(decoder.decode(dataEvent(chunk(deltaChoice(R"({"refusal":", no puedo."})", R"("stop")"))))),
             u"Refusal(, no puedo.) Finish(stop)"_s);
}

void TestStreamDecoder::chatFinishReasons_data()
{
    QTest::addColumn<QByteArray>("reason");
    QTest::newRow("stop") << "stop"_ba;
    QTest::newRow("length") << "length"_ba;
    QTest::newRow("content_filter") << "content_filter"_ba;
    QTest::newRow("tool_calls") << "tool_calls"_ba;
}

void TestStreamDecoder::chatFinishReasons()
{
    QFETCH(QByteArray, reason);
    const QByteArray quoted = '"' + reason + '"';
    ChatCompletionsDecoder decoder;
    decoder.decode(dataEvent(chunk("[]")));
    QCOMPARE(describe(decoder.decode(dataEvent(chunk(deltaChoice("{}", quoted))))),
             u"Finish(%1)"_s.arg(QString::fromLatin1(reason)));
    // Last content and the finish reason in the same chunk: text first.
    QCOMPARE(describe(decoder.decode(dataEvent(chunk(deltaChoice(R"({"content":"end."})", quoted))))),
             u"Text(end.) Finish(%1)"_s.arg(QString::fromLatin1(reason)));
}

void TestStreamDecoder::chatUsageChunkWithEmptyChoices()
{
    ChatCompletionsDecoder decoder;
    decoder.decode(dataEvent(chunk("[]")));
    QCOMPARE(describe(decoder.decode(dataEvent(chunk(
                 "[]", R"({"prompt_tokens":42,"completion_tokens":12,"total_tokens":54,"prompt_tokens_details":{"cached_tokens":0}})")))),
             u"UsageReport(42/12)"_s);
    // "usage": null on ordinary chunks reports nothing.
    QCOMPARE(describe(decoder.decode(dataEvent(chunk("[]", "null")))), QString());
}

void TestStreamDecoder::chatMissingOrOddChoices()
{
    ChatCompletionsDecoder decoder;
    QCOMPARE(describe(decoder.decode(dataEvent(R"({"id":"x","object":"chat.completion.chunk"})"))), QString());
    QCOMPARE(describe(decoder.decode(dataEvent(R"({"choices":null})"))), QString());
    QCOMPARE(describe(decoder.decode(dataEvent(R"({"choices":{}})"))), QString());
    QCOMPARE(describe(decoder.decode(dataEvent(R"({"choices":[null, 3, "x"]})"))), QString());
    QCOMPARE(describe(decoder.decode(dataEvent(R"({"choices":[{"index":0}]})"))), QString());
    QCOMPARE(describe(decoder.decode(dataEvent("{}"))), QString());
    // Usage without choices at all (some compatible servers).
    QCOMPARE(describe(decoder.decode(dataEvent(R"({"usage":{"prompt_tokens":3,"completion_tokens":4}})"))),
             u"UsageReport(3/4)"_s);
    // A choice without "index" counts by its position.
    QCOMPARE(describe(decoder.decode(dataEvent(R"({"choices":[{"delta":{"content":"p"}}]})"))), u"Text(p)"_s);
}

void TestStreamDecoder::chatOnlyChoiceZero()
{
    ChatCompletionsDecoder decoder;
    decoder.decode(dataEvent(chunk("[]")));
    QCOMPARE(describe(decoder.decode(dataEvent(chunk(deltaChoice(R"({"content":"other"})", R"("stop")", 1))))),
             QString());
    QCOMPARE(describe(decoder.decode(dataEvent(chunk(
                 R"([{"index":1,"delta":{"content":"B"}},{"index":0,"delta":{"content":"A"}}])")))),
             u"Text(A)"_s);
}

void TestStreamDecoder::chatErrorMidStream()
{
    ChatCompletionsDecoder decoder;
    Summary summary;
    summary.add(decoder.decode(dataEvent(chunk(deltaChoice(R"({"content":"Hi"})")))));
    const auto updates = decoder.decode(dataEvent(
        R"({"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":"internal_error"}})"));
    QCOMPARE(describe(updates),
             u"Error(stream_error|internal_error|server_error|The server had an error while processing your request.)"_s);
    QCOMPARE(updates.first().error.kind, ErrorKind::StreamError);
    QCOMPARE(updates.first().error.httpStatus, 0);

    // code null, numeric code, a bare string: all still an Error.
    QCOMPARE(describe(decoder.decode(dataEvent(R"({"error":{"message":"m","type":"t","code":null}})"))),
             u"Error(stream_error||t|m)"_s);
    QCOMPARE(describe(decoder.decode(dataEvent(R"({"error":{"message":"busy","code":503}})"))),
             u"Error(stream_error|503||busy)"_s);
    QCOMPARE(describe(decoder.decode(dataEvent(R"({"error":"overloaded"})"))), u"Error(stream_error|||overloaded)"_s);
    // "error": null is no error.
    QCOMPARE(describe(decoder.decode(dataEvent(R"({"error":null,"choices":[{"index":0,"delta":{"content":"ok"}}]})"))),
             u"Text(ok)"_s);
    // `event: error` with a plain-text body.
    QCOMPARE(describe(decoder.decode(dataEvent("upstream timed out", "error"))),
             u"Error(stream_error|||upstream timed out)"_s);
}

void TestStreamDecoder::chatMalformedSkippedAndCounted()
{
    ChatCompletionsDecoder decoder;
    Summary summary;
    summary.add(decoder.decode(dataEvent(chunk(deltaChoice(R"({"content":"Hel"})")))));
    for (const QByteArray &bad : {R"({"choices":[{"index":0,"delta":{"content":"x"})"_ba, "42"_ba, R"("text")"_ba,
                                  "[1,2]"_ba, QByteArray(), "{\"a\":1}{"_ba, "\xff\xfe"_ba, "null"_ba}) {
        const auto updates = decoder.decode(dataEvent(bad));
        QCOMPARE(updates.size(), 1);
        QCOMPARE(updates.first().kind, Kind::Malformed);
        summary.add(updates);
    }
    summary.add(decoder.decode(dataEvent(chunk(deltaChoice(R"({"content":"lo"})", R"("stop")")))));
    summary.add(decoder.decode(dataEvent("[DONE]")));
    QCOMPARE(summary.text, u"Hello"_s);
    QCOMPARE(summary.malformed, 8);
    QCOMPARE(summary.finish, u"stop"_s);
    QCOMPARE(summary.done, 1);
}

void TestStreamDecoder::chatDone()
{
    ChatCompletionsDecoder decoder;
    QCOMPARE(describe(decoder.decode(dataEvent("[DONE]"))), u"Done"_s);
    QCOMPARE(describe(decoder.decode(dataEvent(" [DONE] "))), u"Done"_s);
    QCOMPARE(describe(decoder.decode(dataEvent("[DONE"))), u"Malformed"_s);
}

void TestStreamDecoder::responsesCreated()
{
    ResponsesDecoder decoder;
    QCOMPARE(describe(decoder.decode(dataEvent(
                 R"({"type":"response.created","sequence_number":0,"response":{"id":"resp_1","object":"response","status":"in_progress","model":"gpt-4.1-mini","output":[],"usage":null}})",
                 "response.created"))),
             u"Meta(gpt-4.1-mini)"_s);
    QCOMPARE(describe(decoder.decode(dataEvent(R"({"type":"response.created","response":{}})"))), QString());
}

void TestStreamDecoder::responsesDeltas()
{
    ResponsesDecoder decoder;
    QCOMPARE(describe(decoder.decode(dataEvent(
                 R"({"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"¡Hola! 🐼"})",
                 "response.output_text.delta"))),
             u"Text(¡Hola! 🐼)"_s);
    QCOMPARE(describe(decoder.decode(dataEvent(
                 R"({"type":"response.refusal.delta","sequence_number":5,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"No puedo"})",
                 "response.refusal.delta"))),
             u"Refusal(No puedo)"_s);
    QCOMPARE(describe(decoder.decode(dataEvent(R"({"type":"response.output_text.delta","delta":""})"))), QString());
    QCOMPARE(describe(decoder.decode(dataEvent(R"({"type":"response.output_text.delta"})"))), QString());
}

void TestStreamDecoder::responsesCompleted()
{
    ResponsesDecoder decoder;
    QCOMPARE(describe(decoder.decode(dataEvent(
                 R"({"type":"response.completed","sequence_number":9,"response":{"id":"resp_1","status":"completed","model":"gpt-4.1-mini","usage":{"input_tokens":37,"input_tokens_details":{"cached_tokens":0},"output_tokens":11,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":48}}})",
                 "response.completed"))),
             u"UsageReport(37/11) Finish(stop) Done"_s);
    QCOMPARE(describe(decoder.decode(dataEvent(R"({"type":"response.completed","response":{"usage":null}})"))),
             u"Finish(stop) Done"_s);
}

void TestStreamDecoder::responsesIncomplete_data()
{
    QTest::addColumn<QByteArray>("reason");
    QTest::addColumn<QString>("finish");
    QTest::newRow("max_output_tokens") << "\"max_output_tokens\""_ba << u"length"_s;
    QTest::newRow("content_filter") << "\"content_filter\""_ba << u"content_filter"_s;
    QTest::newRow("other reason") << "\"something_new\""_ba << u"something_new"_s;
    QTest::newRow("no reason") << "null"_ba << u"incomplete"_s;
}

void TestStreamDecoder::responsesIncomplete()
{
    QFETCH(QByteArray, reason);
    QFETCH(QString, finish);
    ResponsesDecoder decoder;
    const QByteArray withUsage = R"({"type":"response.incomplete","sequence_number":8,"response":{"status":"incomplete","incomplete_details":{"reason":)"
                                 + reason + R"(},"usage":{"input_tokens":20,"output_tokens":300,"total_tokens":320}}})";
    QCOMPARE(describe(decoder.decode(dataEvent(withUsage, "response.incomplete"))),
             u"UsageReport(20/300) Finish(%1) Done"_s.arg(finish));
    const QByteArray noUsage = R"({"type":"response.incomplete","response":{"incomplete_details":{"reason":)" + reason + "}}}";
    QCOMPARE(describe(decoder.decode(dataEvent(noUsage))), u"Finish(%1) Done"_s.arg(finish));
}

void TestStreamDecoder::responsesFailed()
{
    ResponsesDecoder decoder;
    const auto updates = decoder.decode(dataEvent(
        R"({"type":"response.failed","sequence_number":3,"response":{"id":"resp_1","status":"failed","error":{"code":"server_error","message":"The model failed to generate a response."},"usage":null}})",
        "response.failed"));
    QCOMPARE(describe(updates), u"Error(stream_error|server_error||The model failed to generate a response.)"_s);
    QCOMPARE(updates.first().error.kind, ErrorKind::StreamError);
    QCOMPARE(describe(decoder.decode(dataEvent(R"({"type":"response.failed","response":{"error":null}})"))),
             u"Error(stream_error|||)"_s);
}

void TestStreamDecoder::responsesErrorEvent()
{
    ResponsesDecoder decoder;
    QCOMPARE(describe(decoder.decode(dataEvent(
                 R"({"type":"error","code":"rate_limit_exceeded","message":"Rate limit reached","param":null,"sequence_number":2})",
                 "error"))),
             u"Error(stream_error|rate_limit_exceeded||Rate limit reached)"_s);
    // Nested form from some compatible servers.
    QCOMPARE(describe(decoder.decode(dataEvent(
                 R"({"type":"error","error":{"type":"invalid_request_error","code":"context_length_exceeded","message":"too long"}})"))),
             u"Error(stream_error|context_length_exceeded|invalid_request_error|too long)"_s);
    // Untyped Chat-Completions-style error body.
    QCOMPARE(describe(decoder.decode(dataEvent(R"({"error":{"code":"x","message":"y"}})"))),
             u"Error(stream_error|x||y)"_s);
}

void TestStreamDecoder::responsesTypeFallsBackToEventName()
{
    ResponsesDecoder decoder;
    QCOMPARE(describe(decoder.decode(dataEvent(R"({"delta":"hi"})", "response.output_text.delta"))), u"Text(hi)"_s);
    QCOMPARE(describe(decoder.decode(dataEvent(R"({"code":"c","message":"m"})", "error"))),
             u"Error(stream_error|c||m)"_s);
    // The JSON "type" wins over the event name.
    QCOMPARE(describe(decoder.decode(dataEvent(R"({"type":"response.refusal.delta","delta":"no"})",
                                               "response.output_text.delta"))),
             u"Refusal(no)"_s);
}

void TestStreamDecoder::responsesOtherEventsIgnored()
{
    ResponsesDecoder decoder;
    for (const QByteArray &type : {"response.in_progress"_ba, "response.output_item.added"_ba,
                                   "response.content_part.added"_ba, "response.output_text.done"_ba,
                                   "response.content_part.done"_ba, "response.output_item.done"_ba,
                                   "response.refusal.done"_ba, "response.function_call_arguments.delta"_ba,
                                   "response.reasoning_summary_text.delta"_ba, "something.new"_ba}) {
        const QByteArray data = R"({"type":")" + type + R"(","sequence_number":1,"delta":"x","text":"y"})";
        QCOMPARE(describe(decoder.decode(dataEvent(data, type))), QString());
    }
    QCOMPARE(describe(decoder.decode(dataEvent("[DONE]"))), QString());
}

void TestStreamDecoder::responsesMalformed()
{
    ResponsesDecoder decoder;
    QCOMPARE(describe(decoder.decode(dataEvent(R"({"type":"response.output_text.delta","delta":"x")",
                                               "response.output_text.delta"))),
             u"Malformed"_s);
    QCOMPARE(describe(decoder.decode(dataEvent("[]"))), u"Malformed"_s);
    QCOMPARE(describe(decoder.decode(dataEvent(""))), u"Malformed"_s);
    // ... and the stream goes on.
    QCOMPARE(describe(decoder.decode(dataEvent(R"({"type":"response.output_text.delta","delta":"y"})"))),
             u"Text(y)"_s);
}

void TestStreamDecoder::chatStreamEverySplitPoint_data()
{
    QTest::addColumn<QByteArray>("stream");
    const QByteArray lf = kChatStream;
    QTest::newRow("LF") << lf;
    QTest::newRow("CRLF") << QByteArray(lf).replace("\n", "\r\n");
    QTest::newRow("CR") << QByteArray(lf).replace('\n', '\r');
}

void TestStreamDecoder::chatStreamEverySplitPoint()
{
    QFETCH(QByteArray, stream);
    ChatCompletionsDecoder whole;
    const Summary expected = runStream(whole, stream, {});
    QCOMPARE(expected.text, u"¡Hola! 🐼 ñ, soy Mei y como bambú."_s);
    QCOMPARE(expected.toString(),
             u"text=¡Hola! 🐼 ñ, soy Mei y como bambú.|refusal=|finish=stop|model=gpt-4o-mini-2024-07-18"
             u"|usage=42/12|done=1|malformed=0|errors=0"_s);
    for (qsizetype cut = 0; cut <= stream.size(); ++cut) {
        ChatCompletionsDecoder decoder;
        const QString got = runStream(decoder, stream, {cut}).toString();
        if (got != expected.toString())
            QFAIL(qPrintable(u"split at %1: %2"_s.arg(cut).arg(got)));
    }
    // Byte by byte, too.
    QList<qsizetype> everyByte;
    for (qsizetype i = 1; i < stream.size(); ++i)
        everyByte.append(i);
    ChatCompletionsDecoder trickle;
    QCOMPARE(runStream(trickle, stream, everyByte).toString(), expected.toString());
}

void TestStreamDecoder::responsesStreamEverySplitPoint()
{
    const QByteArray stream = kResponsesStream;
    ResponsesDecoder whole;
    const Summary expected = runStream(whole, stream, {});
    QCOMPARE(expected.toString(),
             u"text=¡Hola! 🐼 ñ|refusal=|finish=stop|model=gpt-4.1-mini-2025-04-14|usage=37/11|done=1|malformed=0|errors=0"_s);
    for (qsizetype cut = 0; cut <= stream.size(); ++cut) {
        ResponsesDecoder decoder;
        const QString got = runStream(decoder, stream, {cut}).toString();
        if (got != expected.toString())
            QFAIL(qPrintable(u"split at %1: %2"_s.arg(cut).arg(got)));
    }
}

void TestStreamDecoder::twentyThousandChunks()
{
    QByteArray stream;
    for (int i = 0; i < 20000; ++i)
        stream += "data: " + chunk(deltaChoice(R"({"content":"x"})")) + "\n\n";
    stream += "data: " + chunk("[]", R"({"prompt_tokens":10,"completion_tokens":20000})") + "\n\ndata: [DONE]\n\n";

    QElapsedTimer timer;
    timer.start();
    ChatCompletionsDecoder decoder;
    SseParser parser;
    Summary summary;
    for (qsizetype at = 0; at < stream.size(); at += 4096)
        for (const SseEvent &e : parser.feed(QByteArrayView(stream).sliced(at, qMin<qsizetype>(4096, stream.size() - at))))
            summary.add(decoder.decode(e));
    const qint64 ms = timer.elapsed();
    qInfo("20000 chunks parsed and decoded in %lld ms", qlonglong(ms));
    QCOMPARE(summary.text.size(), 20000);
    QCOMPARE(summary.completionTokens, 20000);
    QCOMPARE(summary.done, 1);
    QVERIFY2(ms < 3000, "decoding is far slower than expected"); // ~45 ms here
}

void TestStreamDecoder::errorKindNames()
{
    const std::pair<ErrorKind, const char *> expected[] = {
        {ErrorKind::ConnectionRefused, "connection_refused"},
        {ErrorKind::HostNotFound, "host_not_found"},
        {ErrorKind::Tls, "tls"},
        {ErrorKind::ConnectTimeout, "connect_timeout"},
        {ErrorKind::FirstByteTimeout, "first_byte_timeout"},
        {ErrorKind::StreamStalled, "stream_stalled"},
        {ErrorKind::Network, "network"},
        {ErrorKind::BadRequest, "bad_request"},
        {ErrorKind::ContextLengthExceeded, "context_length_exceeded"},
        {ErrorKind::Unauthorized, "unauthorized"},
        {ErrorKind::ModelNotFound, "model_not_found"},
        {ErrorKind::RateLimited, "rate_limited"},
        {ErrorKind::InsufficientQuota, "insufficient_quota"},
        {ErrorKind::Retryable, "retryable"},
        {ErrorKind::HttpOther, "http_other"},
        {ErrorKind::NonJsonErrorBody, "non_json_error_body"},
        {ErrorKind::StreamEndedEarly, "stream_ended_early"},
        {ErrorKind::StreamError, "stream_error"},
        {ErrorKind::ContentFilter, "content_filter"},
        {ErrorKind::Cancelled, "cancelled"},
        {ErrorKind::None, "none"},
    };
    for (const auto &[kind, name] : expected)
        QCOMPARE(errorKindName(kind), QLatin1StringView(name));
}

QTEST_GUILESS_MAIN(TestStreamDecoder)
#include "tst_streamdecoder.moc"
