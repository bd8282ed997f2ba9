// Unit tests for the Chat Completions and Responses stream decoders.

#include "llm/contentdeltascanner.h"
#include "llm/llmtypes.h"
#include "llm/sseparser.h"
#include "llm/streamdecoder.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
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

// The text with control characters, surrogates and non-ASCII as \uXXXX, so a
// failing comparison shows which code unit differs.
QString visible(const QString &text)
{
    QString out;
    for (QChar c : text) {
        if (c.unicode() >= 0x20 && c.unicode() < 0x7F && c != u'\\')
            out += c;
        else
            out += u"\\u"_s + QString::number(c.unicode(), 16).rightJustified(4, u'0');
    }
    return out;
}

// Every field of every update (Malformed's message included), for the
// fast-path-versus-full-parse comparisons.
QString describeExactly(const QList<StreamUpdate> &updates)
{
    QStringList parts;
    for (const StreamUpdate &u : updates) {
        parts.append(u"%1[%2|usage %3/%4/%5|error %6/%7/%8/%9/"_s
                         .arg(kindName(u.kind), visible(u.text))
                         .arg(u.usage.promptTokens)
                         .arg(u.usage.completionTokens)
                         .arg(u.usage.estimated)
                         .arg(errorKindName(u.error.kind))
                         .arg(u.error.httpStatus)
                         .arg(visible(u.error.code), visible(u.error.type))
                     + visible(u.error.message) + u'/'
                     + (u.error.retryAfterMs ? QString::number(*u.error.retryAfterMs) : u"-"_s) + u'/'
                     + (u.error.shouldRetry ? QString::number(*u.error.shouldRetry) : u"-"_s) + u']');
    }
    return parts.join(u' ');
}

// Decodes `payload` with the fast path on and with the full parse only, twice
// each on the same decoders (the second time Meta has usually gone out, and the
// fast path no longer decodes the model). Returns a description of the first
// difference, or an empty string when every update matches.
QString fastVersusFull(const QByteArray &payload)
{
    ChatCompletionsDecoder fast;
    ChatCompletionsDecoder full(ChatCompletionsDecoder::Parsing::FullOnly);
    for (int round = 1; round <= 2; ++round) {
        const SseEvent event = dataEvent(payload);
        const QString a = describeExactly(fast.decode(event));
        const QString b = describeExactly(full.decode(event));
        if (a != b)
            return u"round %1 of %2:\n  fast path: %3\n  full parse: %4"_s.arg(round)
                .arg(QString::fromLatin1(payload.toPercentEncoding(" {}[]:,\"/")), a, b);
    }
    return {};
}

bool fastPathTakes(const QByteArray &payload)
{
    ContentDeltaScanner scanner;
    ContentDeltaScanner::Result result;
    return scanner.scan(payload, result, true);
}

// An ordinary content-delta chunk whose content is the JSON string `jsonString`
// (quotes included, as it appears on the wire).
QByteArray contentChunk(QByteArrayView jsonString)
{
    return chunk(deltaChoice(QByteArray("{\"content\":" + jsonString.toByteArray() + '}')));
}

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
    // The content-delta fast path against the full QJsonDocument parse
    void chatFastPathMatchesFullParse_data();
    void chatFastPathMatchesFullParse();
    void chatFastPathGeneratedContent();
    void chatFastPathMutatedChunks();
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

void TestStreamDecoder::chatFastPathMatchesFullParse_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<bool>("fast"); // whether the fast path is expected to take it

    // Ordinary content deltas: the fast path takes them.
    QTest::newRow("word") << contentChunk(R"(" bamboo")") << true;
    QTest::newRow("empty content") << contentChunk(R"("")") << true;
    QTest::newRow("escape \\n") << contentChunk(R"("a\nb")") << true;
    QTest::newRow("escape \\\"") << contentChunk(R"("say \"hi\"")") << true;
    QTest::newRow("escape \\\\") << contentChunk(R"("C:\\zoo\\")") << true;
    QTest::newRow("escape \\/") << contentChunk(R"("<\/b> and /")") << true;
    QTest::newRow("escapes \\b \\f \\r \\t") << contentChunk(R"("\b\f\r\t")") << true;
    QTest::newRow("every escape") << contentChunk(R"("\"\\\/\b\f\n\r\t\u0041")") << true;
    QTest::newRow("\\u00e9 lower hex") << contentChunk(R"("caf\u00e9")") << true;
    QTest::newRow("\\u00E9 upper hex") << contentChunk(R"("caf\u00E9")") << true;
    QTest::newRow("\\u20ac") << contentChunk(R"("\u20ac5")") << true;
    QTest::newRow("\\u0000") << contentChunk(R"("a\u0000b")") << true;
    QTest::newRow("\\u001f") << contentChunk(R"("\u001f")") << true;
    QTest::newRow("\\uffff") << contentChunk(R"("\uffff")") << true;
    QTest::newRow("\\ufeff first") << contentChunk(R"("\ufeffhi")") << true;
    QTest::newRow("surrogate pair escaped") << contentChunk(R"(" \ud83d\udc3c panda")") << true;
    QTest::newRow("surrogate pair upper hex") << contentChunk(R"("\uD83D\uDC3C")") << true;
    QTest::newRow("U+10FFFF escaped") << contentChunk(R"("\udbff\udfff")") << true;
    QTest::newRow("raw UTF-8 2-byte") << contentChunk("\"\xC2\xA1Hola! \xC3\xB1\"") << true;
    QTest::newRow("raw UTF-8 U+0080") << contentChunk("\"\xC2\x80\"") << true;
    QTest::newRow("raw UTF-8 U+07FF") << contentChunk("\"\xDF\xBF\"") << true;
    QTest::newRow("raw UTF-8 U+0800") << contentChunk("\"\xE0\xA0\x80\"") << true;
    QTest::newRow("raw UTF-8 U+D7FF") << contentChunk("\"\xED\x9F\xBF\"") << true;
    QTest::newRow("raw UTF-8 U+E000") << contentChunk("\"\xEE\x80\x80\"") << true;
    QTest::newRow("raw UTF-8 U+FEFF inside") << contentChunk("\"hi\xEF\xBB\xBF\xEF\xBB\xBF\"") << true;
    QTest::newRow("raw UTF-8 U+FFFD") << contentChunk("\"\xEF\xBF\xBD\"") << true;
    QTest::newRow("raw UTF-8 U+FFFF") << contentChunk("\"\xEF\xBF\xBF\"") << true;
    QTest::newRow("raw UTF-8 U+FDD0") << contentChunk("\"\xEF\xB7\x90\"") << true;
    QTest::newRow("raw emoji") << contentChunk("\" \xF0\x9F\x90\xBC\"") << true;
    QTest::newRow("raw U+10000") << contentChunk("\"\xF0\x90\x80\x80\"") << true;
    QTest::newRow("raw U+10FFFF") << contentChunk("\"\xF4\x8F\xBF\xBF\"") << true;
    QTest::newRow("raw CJK") << contentChunk("\"\xE7\x86\x8A\xE7\x8C\xAB\"") << true;
    QTest::newRow("mixed raw and escaped") << contentChunk("\"\xC3\xB1\\n\xF0\x9F\x90\xBC\\ud83d\\udc3c\\\"\"") << true;
    QTest::newRow("DEL") << contentChunk("\"\x7F\"") << true;
    QTest::newRow("long content") << contentChunk(QByteArray('"' + QByteArray(5000, 'z') + "\\n" + QByteArray(3000, 'y') + '"'))
                                  << true;
    QTest::newRow("whitespace between tokens")
        << QByteArray("{ \"id\" : \"c\" ,\n\"model\"\t:\r\"m\" , \"choices\" : [ { \"index\" : 0 , \"delta\" : "
                      "{ \"content\" : \"x\" } , \"logprobs\" : null , \"finish_reason\" : null } ] } \n")
        << true;
    QTest::newRow("keys reordered")
        << QByteArray(R"({"choices":[{"finish_reason":null,"delta":{"content":"x"},"logprobs":null,"index":0}],)"
                      R"("usage":null,"model":"m","created":0,"object":"chat.completion.chunk","id":"c"})")
        << true;
    QTest::newRow("minimal") << QByteArray(R"({"choices":[{"index":0,"delta":{"content":"x"}}]})") << true;
    QTest::newRow("service_tier and obfuscation")
        << QByteArray(R"({"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4o",)"
                      R"("service_tier":"default","system_fingerprint":"fp_1","choices":[{"index":0,)"
                      R"("delta":{"content":"x"},"logprobs":null,"finish_reason":null}],"obfuscation":"q8Zr"})")
        << true;
    QTest::newRow("null id and fingerprint")
        << QByteArray(R"({"id":null,"system_fingerprint":null,"model":"m","choices":[{"index":0,"delta":{"content":"x"}}]})")
        << true;
    QTest::newRow("model with escapes")
        << QByteArray(R"({"model":"gpt\u002d4o \u00e9\ud83d\udc3c","choices":[{"index":0,"delta":{"content":"x"}}]})")
        << true;
    QTest::newRow("empty model") << QByteArray(R"({"model":"","choices":[{"index":0,"delta":{"content":"x"}}]})")
                                 << true;
    QTest::newRow("no model") << QByteArray(R"({"choices":[{"index":0,"delta":{"content":"x"}}]})") << true;
    QTest::newRow("escaped fingerprint")
        << QByteArray(R"({"system_fingerprint":"f\"p\\\u00e9","choices":[{"index":0,"delta":{"content":"x"}}]})")
        << true;

    // Everything else: the full parse decides.
    QTest::newRow("role chunk") << chunk(deltaChoice(R"({"role":"assistant","content":"","refusal":null})")) << false;
    QTest::newRow("refusal delta") << chunk(deltaChoice(R"({"refusal":"I can't"})")) << false;
    QTest::newRow("content and refusal") << chunk(deltaChoice(R"({"content":"a","refusal":"b"})")) << false;
    QTest::newRow("finish stop") << chunk(deltaChoice("{}", R"("stop")")) << false;
    QTest::newRow("content with finish") << chunk(deltaChoice(R"({"content":"a"})", R"("length")")) << false;
    QTest::newRow("content_filter") << chunk(deltaChoice("{}", R"("content_filter")")) << false;
    QTest::newRow("usage chunk") << chunk("[]", R"({"prompt_tokens":3,"completion_tokens":4,"total_tokens":7})")
                                 << false;
    QTest::newRow("usage object with content") << chunk(deltaChoice(R"({"content":"a"})"), R"({"prompt_tokens":3})")
                                               << false;
    QTest::newRow("error object") << QByteArray(R"({"error":{"message":"boom","type":"server_error","code":"x"}})")
                                  << false;
    QTest::newRow("error beside choices") << QByteArray(R"({"error":"e","choices":[{"index":0,"delta":{"content":"x"}}]})")
                                          << false;
    QTest::newRow("tool call") << chunk(deltaChoice(R"({"tool_calls":[{"index":0,"id":"call_1","type":"function",)"
                                                    R"("function":{"name":"f","arguments":""}}]})"))
                               << false;
    QTest::newRow("content null") << contentChunk("null") << false;
    QTest::newRow("content number") << contentChunk("42") << false;
    QTest::newRow("content object") << contentChunk(R"({"a":1})") << false;
    QTest::newRow("index 1") << chunk(deltaChoice(R"({"content":"a"})", "null", 1)) << false;
    QTest::newRow("index 00") << QByteArray(R"({"choices":[{"index":00,"delta":{"content":"x"}}]})") << false;
    QTest::newRow("index 0.0") << QByteArray(R"({"choices":[{"index":0.0,"delta":{"content":"x"}}]})") << false;
    QTest::newRow("index 0e0") << QByteArray(R"({"choices":[{"index":0e0,"delta":{"content":"x"}}]})") << false;
    QTest::newRow("index -0") << QByteArray(R"({"choices":[{"index":-0,"delta":{"content":"x"}}]})") << false;
    QTest::newRow("index string") << QByteArray(R"({"choices":[{"index":"0","delta":{"content":"x"}}]})") << false;
    QTest::newRow("no index") << QByteArray(R"({"choices":[{"delta":{"content":"x"}}]})") << false;
    QTest::newRow("no delta") << QByteArray(R"({"choices":[{"index":0}]})") << false;
    QTest::newRow("two choices")
        << chunk(R"([{"index":0,"delta":{"content":"a"}},{"index":1,"delta":{"content":"b"}}])") << false;
    QTest::newRow("two choices, 1 first")
        << chunk(R"([{"index":1,"delta":{"content":"b"}},{"index":0,"delta":{"content":"a"}}])") << false;
    QTest::newRow("choices object") << chunk(R"({"index":0,"delta":{"content":"a"}})") << false;
    QTest::newRow("no choices") << QByteArray(R"({"id":"c","model":"m"})") << false;
    QTest::newRow("duplicate model (last wins)")
        << QByteArray(R"({"model":"a","choices":[{"index":0,"delta":{"content":"x"}}],"model":"b"})") << false;
    QTest::newRow("duplicate content")
        << QByteArray(R"({"choices":[{"index":0,"delta":{"content":"x","content":"y"}}]})") << false;
    QTest::newRow("duplicate choices")
        << QByteArray(R"({"choices":[{"index":0,"delta":{"content":"x"}}],"choices":[]})") << false;
    QTest::newRow("duplicate index")
        << QByteArray(R"({"choices":[{"index":0,"delta":{"content":"x"},"index":1}]})") << false;
    QTest::newRow("unknown top-level key") << QByteArray(R"({"x":1,"choices":[{"index":0,"delta":{"content":"x"}}]})")
                                           << false;
    QTest::newRow("unknown choice key")
        << QByteArray(R"({"choices":[{"index":0,"delta":{"content":"x"},"extra":true}]})") << false;
    QTest::newRow("escaped key") << QByteArray(R"({"choices":[{"index":0,"delta":{"\u0063ontent":"x"}}]})") << false;
    QTest::newRow("escaped top-level key")
        << QByteArray(R"({"\u006dodel":"m","choices":[{"index":0,"delta":{"content":"x"}}]})") << false;
    QTest::newRow("logprobs object")
        << QByteArray(R"({"choices":[{"index":0,"delta":{"content":"x"},"logprobs":{"content":[]}}]})") << false;
    QTest::newRow("usage empty object") << chunk(deltaChoice(R"({"content":"a"})"), "{}") << false;
    QTest::newRow("model null") << QByteArray(R"({"model":null,"choices":[{"index":0,"delta":{"content":"x"}}]})")
                                << false;
    QTest::newRow("model number") << QByteArray(R"({"model":4,"choices":[{"index":0,"delta":{"content":"x"}}]})")
                                  << false;
    QTest::newRow("created float") << QByteArray(R"({"created":1.5,"choices":[{"index":0,"delta":{"content":"x"}}]})")
                                   << false;
    QTest::newRow("created negative") << QByteArray(R"({"created":-1,"choices":[{"index":0,"delta":{"content":"x"}}]})")
                                      << false;
    QTest::newRow("created leading zero")
        << QByteArray(R"({"created":01,"choices":[{"index":0,"delta":{"content":"x"}}]})") << false;
    QTest::newRow("created exponent") << QByteArray(R"({"created":1e3,"choices":[{"index":0,"delta":{"content":"x"}}]})")
                                      << false;
    QTest::newRow("created huge")
        << QByteArray(R"({"created":123456789012345678901234567890,"choices":[{"index":0,"delta":{"content":"x"}}]})")
        << false;
    QTest::newRow("created string") << QByteArray(R"({"created":"1","choices":[{"index":0,"delta":{"content":"x"}}]})")
                                    << false;
    QTest::newRow("id number") << QByteArray(R"({"id":7,"choices":[{"index":0,"delta":{"content":"x"}}]})") << false;
    QTest::newRow("unknown escape \\a") << contentChunk(R"("\a")") << false;
    QTest::newRow("unknown escape \\x41") << contentChunk(R"("\x41")") << false;
    QTest::newRow("lone high surrogate") << contentChunk(R"("\ud83d")") << false;
    QTest::newRow("lone high surrogate, then text") << contentChunk(R"("\ud83dx")") << false;
    QTest::newRow("high surrogate, then \\n") << contentChunk(R"("\ud83d\n")") << false;
    QTest::newRow("two high surrogates") << contentChunk(R"("\ud83d\ud83d")") << false;
    QTest::newRow("lone low surrogate") << contentChunk(R"("\udc3c")") << false;
    QTest::newRow("short \\u") << contentChunk(R"("\u12")") << false;
    QTest::newRow("bad hex") << contentChunk(R"("\u12g4")") << false;
    QTest::newRow("raw tab") << contentChunk("\"a\tb\"") << false;
    QTest::newRow("raw newline") << contentChunk("\"a\nb\"") << false;
    QTest::newRow("raw NUL") << contentChunk(QByteArray("\"a\0b\"", 5)) << false;
    QTest::newRow("UTF-8 overlong 2-byte") << contentChunk("\"\xC0\x80\"") << false;
    QTest::newRow("UTF-8 overlong C1") << contentChunk("\"\xC1\xBF\"") << false;
    QTest::newRow("UTF-8 overlong 3-byte") << contentChunk("\"\xE0\x9F\xBF\"") << false;
    QTest::newRow("UTF-8 overlong 4-byte") << contentChunk("\"\xF0\x8F\xBF\xBF\"") << false;
    QTest::newRow("UTF-8 encoded surrogate") << contentChunk("\"\xED\xA0\x80\"") << false;
    QTest::newRow("UTF-8 above U+10FFFF") << contentChunk("\"\xF4\x90\x80\x80\"") << false;
    QTest::newRow("UTF-8 F5") << contentChunk("\"\xF5\x80\x80\x80\"") << false;
    QTest::newRow("UTF-8 FF") << contentChunk("\"\xFF\"") << false;
    QTest::newRow("UTF-8 stray continuation") << contentChunk("\"a\x80z\"") << false;
    QTest::newRow("UTF-8 truncated 3-byte") << contentChunk("\"\xE2\x82\"") << false;
    QTest::newRow("UTF-8 truncated 4-byte") << contentChunk("\"\xF0\x9F\x90\"") << false;
    // Qt drops a raw U+FEFF that starts a string without escapes (its UTF-8
    // storage goes through QString::fromUtf8, which skips a BOM), and keeps it
    // when the string has an escape: both left to the full parse.
    QTest::newRow("raw UTF-8 U+FEFF first") << contentChunk("\"\xEF\xBB\xBFhi\"") << false;
    QTest::newRow("raw UTF-8 U+FEFF first, escape after") << contentChunk("\"\xEF\xBB\xBFhi\\n\"") << false;
    QTest::newRow("raw U+FEFF starting the model")
        << QByteArray("{\"model\":\"\xEF\xBB\xBFm\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}]}") << false;
    QTest::newRow("Latin-1 byte") << contentChunk("\"caf\xE9\"") << false;
    QTest::newRow("invalid UTF-8 in id") << QByteArray("{\"id\":\"\xFF\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}]}")
                                         << false;
    QTest::newRow("BOM") << QByteArray("\xEF\xBB\xBF" R"({"choices":[{"index":0,"delta":{"content":"x"}}]})") << false;
    QTest::newRow("truncated") << contentChunk(R"("abc")").chopped(1) << false;
    QTest::newRow("cut in the string") << contentChunk(R"("abcdef")").left(120) << false;
    QTest::newRow("trailing garbage") << contentChunk(R"("a")") + "x" << false;
    QTest::newRow("two objects") << contentChunk(R"("a")") + contentChunk(R"("b")") << false;
    QTest::newRow("trailing comma") << QByteArray(R"({"choices":[{"index":0,"delta":{"content":"x"}}],})") << false;
    QTest::newRow("missing comma") << QByteArray(R"({"id":"c" "choices":[{"index":0,"delta":{"content":"x"}}]})")
                                   << false;
    QTest::newRow("single quotes") << QByteArray(R"({'choices':[{'index':0,'delta':{'content':'x'}}]})") << false;
    QTest::newRow("unterminated content") << QByteArray(R"({"choices":[{"index":0,"delta":{"content":"x}}]})") << false;
    QTest::newRow("array") << QByteArray(R"([{"choices":[]}])") << false;
    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("[DONE]") << QByteArray("[DONE]") << false;
    QTest::newRow("nul byte after object") << contentChunk(R"("a")") + QByteArray(1, '\0') << false;
}

// For each payload, the fast-path decoder and the full-parse decoder give the
// same updates, and the fast path takes exactly the payloads it should (so
// this cannot pass by never taking it).
void TestStreamDecoder::chatFastPathMatchesFullParse()
{
    QFETCH(QByteArray, payload);
    QFETCH(bool, fast);
    const QString difference = fastVersusFull(payload);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    QCOMPARE(fastPathTakes(payload), fast);
}

// Content strings assembled from pieces of every kind (plain ASCII, each
// escape, \u escapes in both cases, surrogate pairs, raw 2/3/4-byte UTF-8, and
// pieces that must make the fast path give up), with a fixed seed.
void TestStreamDecoder::chatFastPathGeneratedContent()
{
    const QList<QByteArray> pieces = {
        "a", " bamboo", "Zara", "\\n", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\r", "\\t",
        "\\u0041", "\\u00e9", "\\u00E9", "\\u20AC", "\\u0000", "\\u001F", "\\uFFFD", "\\ufeff",
        "\\ud83d\\udc3c", "\\uD83C\\uDF8B", "\\udbff\\udfff", "\\ud800\\udc00",
        "\xC3\xB1", "\xC2\xA1", "\xE2\x82\xAC", "\xE7\x86\x8A", "\xEF\xBB\xBF", "\xEF\xBF\xBF",
        "\xF0\x9F\x90\xBC", "\xF4\x8F\xBF\xBF", "\x7F", "'", "<", "}", "]", ",", ":", "{\\\"x\\\":1}",
        // Near misses: the full parse must decide these.
        "\\ud83d", "\\udc3c", "\\a", "\\u12", "\t", "\xC0\xAF", "\xED\xB0\x80", "\x80", "\xF4\x90\x80\x80",
    };
    QRandomGenerator random(20261122);
    int taken = 0;
    int declined = 0;
    for (int i = 0; i < 20000; ++i) {
        QByteArray content = "\"";
        const int count = random.bounded(0, 7);
        for (int k = 0; k < count; ++k)
            content += pieces.at(random.bounded(qsizetype(0), pieces.size()));
        content += '"';
        const QByteArray payload = contentChunk(content);
        const QString difference = fastVersusFull(payload);
        if (!difference.isEmpty())
            QFAIL(qPrintable(difference));
        ++(fastPathTakes(payload) ? taken : declined);
    }
    qInfo("generated content: fast path took %d, full parse decided %d", taken, declined);
    QVERIFY(taken > 5000);
    QVERIFY(declined > 1000);
}

// Every one-byte change (deleted, replaced by a byte of JSON syntax or a byte
// class at the edge of UTF-8, or duplicated) of a few real chunks, and every
// prefix of them: whatever the fast path takes, it must decode as the full
// parse does.
void TestStreamDecoder::chatFastPathMutatedChunks()
{
    const QList<QByteArray> bases = {
        contentChunk(R"(" bamboo")"),
        contentChunk("\"\xC2\xA1Hola! \\ud83d\\udc3c \xF0\x9F\x90\xBC\\n\\\"x\\\" \\u00e9\""),
        QByteArray(R"({"id":"c","model":"gpt-4o","service_tier":"default","choices":[{"index":0,)"
                   R"("delta":{"content":"\/\\"},"finish_reason":null}],"obfuscation":"Ab"})"),
        chunk(deltaChoice(R"({"role":"assistant","content":"","refusal":null})")),
        chunk(deltaChoice("{}", R"("stop")")),
        chunk("[]", R"({"prompt_tokens":3,"completion_tokens":4})"),
    };
    static constexpr char kReplacements[] = "\"\\{}[],: \t\n0123456789-.eEnulaxu\x7F\x80\xBF\xC2\xE0\xED\xF0\xF4\xFF";
    const QByteArray replacements(kReplacements, sizeof kReplacements - 1);
    int checked = 0;
    int taken = 0;
    for (const QByteArray &base : bases) {
        QList<QByteArray> variants;
        for (qsizetype i = 0; i <= base.size(); ++i)
            variants.append(base.left(i));
        for (qsizetype i = 0; i < base.size(); ++i) {
            variants.append(QByteArray(base).remove(i, 1));
            variants.append(QByteArray(base).insert(i, base.at(i)));
            for (char c : replacements) {
                if (c != base.at(i)) {
                    QByteArray changed = base;
                    changed[i] = c;
                    variants.append(changed);
                }
            }
        }
        for (const QByteArray &payload : std::as_const(variants)) {
            const QString difference = fastVersusFull(payload);
            if (!difference.isEmpty())
                QFAIL(qPrintable(difference));
            ++checked;
            if (fastPathTakes(payload))
                ++taken;
        }
    }
    qInfo("mutated chunks: %d checked, fast path took %d", checked, taken);
    QVERIFY(taken > 1000);
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
