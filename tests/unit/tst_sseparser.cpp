// Unit tests for zk::llm::SseParser (WHATWG server-sent events parsing).

#include "llm/sseparser.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using zk::llm::SseEvent;
using zk::llm::SseParser;

namespace {

// A Chat Completions stream as sent by the API (stream_options.include_usage
// on), with a proxy keep-alive comment, written with LF line ends.
const char *const kRecordedChatStream[] = {
    R"(data: {"id":"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_06737a9306","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null})",
    "",
    R"(data: {"id":"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_06737a9306","choices":[{"index":0,"delta":{"content":"¡Hola!"},"logprobs":null,"finish_reason":null}],"usage":null})",
    "",
    ": keep-alive",
    "",
    R"(data: {"id":"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_06737a9306","choices":[{"index":0,"delta":{"content":" 🐼"},"logprobs":null,"finish_reason":null}],"usage":null})",
    "",
    R"(data: {"id":"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_06737a9306","choices":[{"index":0,"delta":{"content":" ñ, soy Mei"},"logprobs":null,"finish_reason":null}],"usage":null})",
    "",
    R"(data: {"id":"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_06737a9306","choices":[{"index":0,"delta":{"content":" y como bambú."},"logprobs":null,"finish_reason":null}],"usage":null})",
    "",
    R"(data: {"id":"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_06737a9306","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null})",
    "",
    R"(data: {"id":"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_06737a9306","choices":[],"usage":{"prompt_tokens":42,"completion_tokens":12,"total_tokens":54,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}})",
    "",
    "data: [DONE]",
    "",
};

// A Responses API stream: every event has an `event:` line before its data,
// so a CR|LF taken for two line breaks would drop the event names.
const char *const kRecordedResponsesStream[] = {
    "event: response.created",
    R"(data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_67c9","object":"response","status":"in_progress","model":"gpt-4.1-mini-2025-04-14","output":[],"usage":null}})",
    "",
    "event: response.output_text.delta",
    R"(data: {"type":"response.output_text.delta","sequence_number":1,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"¡Hola! 🐼"})",
    "",
    ": keep-alive",
    "",
    "event: response.output_text.delta",
    R"(data: {"type":"response.output_text.delta","sequence_number":2,"item_id":"msg_1","output_index":0,"content_index":0,"delta":" ñ"})",
    "",
    "event: response.completed",
    R"(data: {"type":"response.completed","sequence_number":3,"response":{"id":"resp_67c9","status":"completed","model":"gpt-4.1-mini-2025-04-14","usage":{"input_tokens":37,"output_tokens":11,"total_tokens":48}}})",
    "",
};

template <std::size_t N>
QByteArray joinLines(const char *const (&lines)[N], QByteArrayView lineEnd)
{
    QByteArray out;
    for (const char *line : lines) {
        out += line;
        out += lineEnd;
    }
    return out;
}

QByteArray recordedStream(QByteArrayView lineEnd)
{
    return joinLines(kRecordedChatStream, lineEnd);
}

QByteArray recordedResponsesStream(QByteArrayView lineEnd)
{
    return joinLines(kRecordedResponsesStream, lineEnd);
}

// Feeds `bytes` split at the given ascending offsets, then finish().
QList<SseEvent> parsePieces(QByteArrayView bytes, const QList<qsizetype> &cuts)
{
    SseParser parser;
    QList<SseEvent> events;
    qsizetype from = 0;
    for (qsizetype cut : cuts) {
        events += parser.feed(bytes.sliced(from, cut - from));
        from = cut;
    }
    events += parser.feed(bytes.sliced(from));
    events += parser.finish();
    return events;
}

QList<SseEvent> parseAll(QByteArrayView bytes)
{
    return parsePieces(bytes, {});
}

// A readable, comparable rendering, so QCOMPARE shows what differs.
QByteArray dump(const QList<SseEvent> &events)
{
    QByteArray out;
    for (const SseEvent &e : events)
        out += "[event=" + e.event + " id=" + e.id + " data=" + e.data + "]\n";
    return out;
}

} // namespace

class TestSseParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void recordedStreamSingleFeed();
    void lineEndingsAgree();
    void everySplitPoint_data();
    void everySplitPoint();
    void byteByByte_data();
    void byteByByte();
    void randomSplits_data();
    void randomSplits();
    void multiLineDataJoined();
    void commentsIgnored();
    void fieldWithoutColon();
    void leadingSpaceHandling();
    void eventAndIdFields();
    void unknownFieldsIgnored();
    void eventWithoutDataNotDispatched();
    void byteOrderMark();
    void byteOrderMarkSplit();
    void finishBehaviour();
    void crAtChunkEndThenLf();
    void crAtChunkEndThenOther();
    void mixedLineEndings();
    void bufferedBytesAndReset();
    void manyEventsAreCheap();
    void longLineByteByByte();
    void bigFeedEachLineEnding_data();
    void bigFeedEachLineEnding();
};

void TestSseParser::recordedStreamSingleFeed()
{
    SseParser parser;
    const QList<SseEvent> events = parser.feed(recordedStream("\n"));
    QCOMPARE(parser.bufferedBytes(), 0);
    QVERIFY(parser.finish().isEmpty());

    QCOMPARE(events.size(), 8);
    for (const SseEvent &e : events) {
        QVERIFY(e.event.isEmpty());
        QVERIFY(e.id.isEmpty());
    }
    QVERIFY(events.first().data.startsWith("{\"id\":\"chatcmpl-"));
    QVERIFY(events.at(1).data.contains("\"content\":\"¡Hola!\""));
    QVERIFY(QString::fromUtf8(events.at(2).data).contains(QStringLiteral(" \U0001F43C")));
    QVERIFY(events.at(3).data.contains("\"content\":\" ñ, soy Mei\""));
    QVERIFY(events.at(5).data.contains("\"finish_reason\":\"stop\""));
    QVERIFY(events.at(6).data.contains("\"choices\":[]"));
    QCOMPARE(events.last().data, QByteArray("[DONE]"));
}

void TestSseParser::lineEndingsAgree()
{
    const QByteArray lf = dump(parseAll(recordedStream("\n")));
    QCOMPARE(dump(parseAll(recordedStream("\r\n"))), lf);
    QCOMPARE(dump(parseAll(recordedStream("\r"))), lf);

    const QList<SseEvent> responses = parseAll(recordedResponsesStream("\r\n"));
    QCOMPARE(responses.size(), 4);
    QCOMPARE(responses.at(0).event, QByteArray("response.created"));
    QCOMPARE(responses.at(2).event, QByteArray("response.output_text.delta"));
    QCOMPARE(responses.at(3).event, QByteArray("response.completed"));
    QCOMPARE(dump(parseAll(recordedResponsesStream("\n"))), dump(responses));
    QCOMPARE(dump(parseAll(recordedResponsesStream("\r"))), dump(responses));
}

static void addLineEndingRows()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::newRow("chat LF") << recordedStream("\n");
    QTest::newRow("chat CRLF") << recordedStream("\r\n");
    QTest::newRow("chat CR") << recordedStream("\r");
    QTest::newRow("responses LF") << recordedResponsesStream("\n");
    QTest::newRow("responses CRLF") << recordedResponsesStream("\r\n");
    QTest::newRow("responses CR") << recordedResponsesStream("\r");
}

void TestSseParser::everySplitPoint_data()
{
    addLineEndingRows();
}

void TestSseParser::everySplitPoint()
{
    QFETCH(QByteArray, stream);
    const QByteArray expected = dump(parseAll(stream));
    QVERIFY(!expected.isEmpty());
    for (qsizetype cut = 0; cut <= stream.size(); ++cut) {
        const QByteArray got = dump(parsePieces(stream, {cut}));
        if (got != expected)
            QFAIL(qPrintable(QStringLiteral("split at %1 differs:\n").arg(cut) + QString::fromUtf8(got)));
    }
}

void TestSseParser::byteByByte_data()
{
    addLineEndingRows();
}

void TestSseParser::byteByByte()
{
    QFETCH(QByteArray, stream);
    SseParser parser;
    QList<SseEvent> events;
    for (char c : std::as_const(stream))
        events += parser.feed(QByteArrayView(&c, 1));
    events += parser.finish();
    QCOMPARE(dump(events), dump(parseAll(stream)));
}

void TestSseParser::randomSplits_data()
{
    addLineEndingRows();
}

void TestSseParser::randomSplits()
{
    QFETCH(QByteArray, stream);
    const QByteArray expected = dump(parseAll(stream));
    QRandomGenerator rng(20240611); // fixed seed: failures reproduce
    for (int round = 0; round < 2000; ++round) {
        QList<qsizetype> cuts;
        qsizetype at = 0;
        const int maxPiece = 1 + int(rng.bounded(round % 2 ? 8 : 200));
        while ((at += rng.bounded(maxPiece + 1)) < stream.size())
            cuts.append(at);
        const QByteArray got = dump(parsePieces(stream, cuts));
        if (got != expected) {
            QString where;
            for (qsizetype cut : std::as_const(cuts))
                where += QString::number(cut) + u' ';
            QFAIL(qPrintable(QStringLiteral("round %1, cuts %2").arg(round).arg(where)));
        }
    }
}

void TestSseParser::multiLineDataJoined()
{
    const auto events = parseAll("data: first\ndata: second\ndata\ndata:   third\n\n");
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().data, QByteArray("first\nsecond\n\n  third"));

    // A JSON object pretty-printed over several data lines.
    const auto json = parseAll("data: {\ndata: \"a\": 1\ndata: }\n\n");
    QCOMPARE(json.size(), 1);
    QCOMPARE(json.first().data, QByteArray("{\n\"a\": 1\n}"));
}

void TestSseParser::commentsIgnored()
{
    QVERIFY(parseAll(": keep-alive\n\n:\n\n: data: not data\n\n").isEmpty());

    // A comment in the middle of an event neither ends it nor adds data.
    const auto events = parseAll("data: a\n: ping\ndata: b\n\n");
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().data, QByteArray("a\nb"));
}

void TestSseParser::fieldWithoutColon()
{
    // "data" alone is the data field with an empty value: the event is dispatched.
    const auto events = parseAll("data\n\n");
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().data, QByteArray());

    // "event" alone sets an empty event type.
    const auto typed = parseAll("event: x\nevent\ndata: y\n\n");
    QCOMPARE(typed.size(), 1);
    QCOMPARE(typed.first().event, QByteArray());
    QCOMPARE(typed.first().data, QByteArray("y"));
}

void TestSseParser::leadingSpaceHandling()
{
    QCOMPARE(parseAll("data:x\n\n").value(0).data, QByteArray("x"));
    QCOMPARE(parseAll("data: x\n\n").value(0).data, QByteArray("x"));
    QCOMPARE(parseAll("data:  x \n\n").value(0).data, QByteArray(" x "));
    QCOMPARE(parseAll("data:\tx\n\n").value(0).data, QByteArray("\tx"));
    QCOMPARE(parseAll("data: a:b: c\n\n").value(0).data, QByteArray("a:b: c"));
    QCOMPARE(parseAll("event:delta\ndata:1\n\n").value(0).event, QByteArray("delta"));
    // A space before the colon is part of the field name, which is then unknown.
    QVERIFY(parseAll("data : x\n\n").isEmpty());
}

void TestSseParser::eventAndIdFields()
{
    const auto events = parseAll("event: response.created\nid: 7\ndata: {}\n\n"
                                 "data: second\n\n"
                                 "id\ndata: third\n\n"
                                 "id: a\0b\ndata: fourth\n\n"_ba);
    QCOMPARE(events.size(), 4);
    QCOMPARE(events.at(0).event, QByteArray("response.created"));
    QCOMPARE(events.at(0).id, QByteArray("7"));
    QCOMPARE(events.at(0).data, QByteArray("{}"));
    // The event type resets after each dispatch; the last event id persists.
    QCOMPARE(events.at(1).event, QByteArray());
    QCOMPARE(events.at(1).id, QByteArray("7"));
    // "id" with an empty value resets it.
    QCOMPARE(events.at(2).id, QByteArray());
    // An id containing NUL is ignored.
    QCOMPARE(events.at(3).id, QByteArray());
    QCOMPARE(events.at(3).data, QByteArray("fourth"));
}

void TestSseParser::unknownFieldsIgnored()
{
    const auto events = parseAll("retry: 1000\nfoo: bar\nDATA: shout\ndata: x\n\n");
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().data, QByteArray("x"));
}

void TestSseParser::eventWithoutDataNotDispatched()
{
    const auto events = parseAll("event: ping\nid: 1\n\n\n\ndata: x\n\n");
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().event, QByteArray()); // "ping" was dropped with its event
    QCOMPARE(events.first().id, QByteArray("1"));
    QCOMPARE(events.first().data, QByteArray("x"));
}

void TestSseParser::byteOrderMark()
{
    const auto events = parseAll("\xEF\xBB\xBF" "data: x\n\n");
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().data, QByteArray("x"));

    // Only one BOM, only at the very start: a second one is part of the field name.
    QVERIFY(parseAll("\xEF\xBB\xBF\xEF\xBB\xBF" "data: x\n\n").isEmpty());
    const auto later = parseAll("data: x\n\n\xEF\xBB\xBF" "data: y\n\n");
    QCOMPARE(later.size(), 1);
    QCOMPARE(later.first().data, QByteArray("x"));

    // An incomplete BOM is not a BOM: its bytes stay in the line.
    QVERIFY(parseAll("\xEF\xBB" "data: x\n\n").isEmpty());
    SseParser parser;
    QVERIFY(parser.feed("\xEF").isEmpty());
    QVERIFY(parser.feed("d").isEmpty());
    QCOMPARE(parser.bufferedBytes(), 2);

    // A BOM inside the data is just data.
    QCOMPARE(parseAll("data: \xEF\xBB\xBFx\n\n").value(0).data, QByteArray("\xEF\xBB\xBFx"));
}

void TestSseParser::byteOrderMarkSplit()
{
    const QByteArray stream = "\xEF\xBB\xBF" "data: x\r\n\r\n";
    for (qsizetype a = 0; a <= stream.size(); ++a) {
        for (qsizetype b = a; b <= stream.size(); ++b) {
            const auto events = parsePieces(stream, {a, b});
            QCOMPARE(events.size(), 1);
            QCOMPARE(events.first().data, QByteArray("x"));
        }
    }
    // After finish() the parser starts a new stream, BOM included.
    SseParser parser;
    QCOMPARE(parser.feed("\xEF\xBB\xBF" "data: 1\n\n").size(), 1);
    QVERIFY(parser.finish().isEmpty());
    QCOMPARE(parser.feed("\xEF\xBB\xBF" "data: 2\n\n").value(0).data, QByteArray("2"));
}

void TestSseParser::finishBehaviour()
{
    {
        // Server closed right after the last data line, no newline at all.
        SseParser parser;
        QVERIFY(parser.feed("data: {\"a\":1}\n\ndata: last").size() == 1);
        const auto tail = parser.finish();
        QCOMPARE(tail.size(), 1);
        QCOMPARE(tail.first().data, QByteArray("last"));
        QCOMPARE(parser.bufferedBytes(), 0);
        QVERIFY(parser.finish().isEmpty()); // nothing twice
    }
    {
        // ... or after the line but before the blank line.
        SseParser parser;
        QVERIFY(parser.feed("event: e\ndata: a\ndata: b\n").isEmpty());
        const auto tail = parser.finish();
        QCOMPARE(tail.size(), 1);
        QCOMPARE(tail.first().event, QByteArray("e"));
        QCOMPARE(tail.first().data, QByteArray("a\nb"));
    }
    {
        // Complete events are not dispatched twice; data-less events never are.
        SseParser parser;
        QCOMPARE(parser.feed("data: a\n\nevent: x\n").size(), 1);
        QVERIFY(parser.finish().isEmpty());
    }
    {
        // A trailing comment or a trailing CR is no event.
        SseParser parser;
        QCOMPARE(parser.feed("data: a\r\n\r").size(), 1);
        QVERIFY(parser.finish().isEmpty());
        QVERIFY(parser.feed(": bye").isEmpty());
        QVERIFY(parser.finish().isEmpty());
    }
}

void TestSseParser::crAtChunkEndThenLf()
{
    // CR | LF across two feeds is one line break: taking it for two would
    // see a blank line and dispatch "a" on its own.
    SseParser parser;
    QVERIFY(parser.feed("data: a\r").isEmpty());
    QVERIFY(parser.feed("\ndata: b\r").isEmpty());
    QVERIFY(parser.feed("\n").isEmpty());
    QCOMPARE(parser.bufferedBytes(), 0);
    const auto events = parser.feed("\r"); // the blank line
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().data, QByteArray("a\nb"));
    QVERIFY(parser.feed("\n").isEmpty()); // LF of that CRLF: not one more line
    QCOMPARE(parser.feed("data: c\n\n").value(0).data, QByteArray("c"));
    QVERIFY(parser.finish().isEmpty());
}

void TestSseParser::crAtChunkEndThenOther()
{
    SseParser parser;
    QVERIFY(parser.feed("data: a\r").isEmpty());
    QVERIFY(parser.feed("data: b\r").isEmpty());
    const auto events = parser.feed("\r");
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().data, QByteArray("a\nb"));

    // An empty feed between CR and LF changes nothing.
    SseParser other;
    QVERIFY(other.feed("data: c\r").isEmpty());
    QVERIFY(other.feed("").isEmpty());
    QVERIFY(other.feed("\n").isEmpty());
    QCOMPARE(other.feed("\n").value(0).data, QByteArray("c"));
}

void TestSseParser::mixedLineEndings()
{
    const auto events = parseAll("data: a\rdata: b\r\ndata: c\n\r\n"
                                 "data: d\n\r"
                                 "data: e\r\r");
    QCOMPARE(events.size(), 3);
    QCOMPARE(events.at(0).data, QByteArray("a\nb\nc"));
    QCOMPARE(events.at(1).data, QByteArray("d"));
    QCOMPARE(events.at(2).data, QByteArray("e"));
    // LF CR is two line breaks, not one.
    QCOMPARE(parseAll("data: x\n\rdata: y\n\n").size(), 2);
}

void TestSseParser::bufferedBytesAndReset()
{
    SseParser parser;
    QVERIFY(parser.feed("data: par").isEmpty());
    QCOMPARE(parser.bufferedBytes(), 9);
    QVERIFY(parser.feed("tial\n").isEmpty());
    QCOMPARE(parser.bufferedBytes(), 0);
    parser.reset(); // drops the half-built event
    QVERIFY(parser.feed("\n").isEmpty());
    QVERIFY(parser.finish().isEmpty());
    QCOMPARE(parser.feed("data: fresh\n\n").value(0).data, QByteArray("fresh"));
}

void TestSseParser::manyEventsAreCheap()
{
    // 20,000 chunks, fed the way QNetworkReply hands them out (~1.4 KB reads).
    QByteArray stream;
    for (int i = 0; i < 20000; ++i) {
        stream += R"(data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"tok)";
        stream += QByteArray::number(i);
        stream += R"("},"finish_reason":null}]})";
        stream += "\n\n";
    }
    QElapsedTimer timer;
    timer.start();
    SseParser parser;
    qsizetype count = 0;
    qsizetype dataBytes = 0;
    for (qsizetype at = 0; at < stream.size(); at += 1400) {
        for (const SseEvent &e : parser.feed(QByteArrayView(stream).sliced(at, qMin<qsizetype>(1400, stream.size() - at)))) {
            ++count;
            dataBytes += e.data.size();
        }
    }
    count += parser.finish().size();
    const qint64 ms = timer.elapsed();
    QCOMPARE(count, 20000);
    QCOMPARE(dataBytes, stream.size() - 20000 * 8);
    qInfo("parsed %lld bytes, 20000 events in %lld ms", qlonglong(stream.size()), qlonglong(ms));
    QVERIFY2(ms < 1500, "SSE parsing is far slower than linear"); // ~10 ms in practice

    // The same stream in one piece gives the same events.
    QCOMPARE(parseAll(stream).size(), 20000);
}

void TestSseParser::longLineByteByByte()
{
    // One 256 KB data line trickling in byte by byte must stay linear.
    const QByteArray payload(256 * 1024, 'z');
    const QByteArray stream = "data: " + payload + "\n\n";
    QElapsedTimer timer;
    timer.start();
    SseParser parser;
    QList<SseEvent> events;
    for (char c : stream)
        events += parser.feed(QByteArrayView(&c, 1));
    QVERIFY2(timer.elapsed() < 1500, "byte-by-byte feeding is quadratic");
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().data, payload);
}

void TestSseParser::bigFeedEachLineEnding_data()
{
    QTest::addColumn<QByteArray>("lineEnd");
    QTest::newRow("LF") << QByteArray("\n");
    QTest::newRow("CR") << QByteArray("\r");
    QTest::newRow("CRLF") << QByteArray("\r\n");
}

// The parser looks for line ends with memchr, one search per character (CR,
// LF) whose answer it keeps: a 3 MB feed whose lines all end one way (so one
// of the two searches never finds anything) must still be linear, and give
// the events one feed per line gives.
void TestSseParser::bigFeedEachLineEnding()
{
    QFETCH(QByteArray, lineEnd);
    QByteArray stream;
    for (int i = 0; i < 40000; ++i) {
        const QByteArray n = QByteArray::number(i);
        stream += "event: e" + lineEnd + "id: " + n + lineEnd + "data: " + QByteArray(40, 'x') + n + lineEnd + lineEnd;
    }

    QElapsedTimer timer;
    timer.start();
    SseParser whole;
    const QList<SseEvent> events = whole.feed(stream) + whole.finish();
    qInfo("%lld bytes in one feed: %lld ms", qlonglong(stream.size()), qlonglong(timer.elapsed()));
    QVERIFY2(timer.elapsed() < 1500, "one big feed is parsed in more than linear time"); // ~60-110 ms (Debug); quadratic: seconds
    QCOMPARE(events.size(), 40000);
    QCOMPARE(events.at(12345).id, QByteArray("12345"));
    QCOMPARE(events.at(12345).event, QByteArray("e"));
    QCOMPARE(events.at(12345).data, QByteArray(40, 'x') + "12345");

    SseParser lineByLine;
    QList<SseEvent> fed;
    qsizetype from = 0;
    while (from < stream.size()) {
        const qsizetype end = qMin(stream.indexOf(lineEnd, from) + lineEnd.size(), stream.size());
        fed += lineByLine.feed(QByteArrayView(stream).sliced(from, end - from));
        from = end;
    }
    fed += lineByLine.finish();
    QCOMPARE(fed, events);
}

QTEST_GUILESS_MAIN(TestSseParser)
#include "tst_sseparser.moc"
