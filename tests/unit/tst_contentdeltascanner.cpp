// Unit tests for ContentDeltaScanner, the fast path of ChatCompletionsDecoder.
// What it takes and what it gives are checked against the full QJsonDocument
// parse in tst_streamdecoder (chatFastPath*) and in the fuzz target; here: its
// own contract, and the known-prefix shortcut across the chunks of a stream.

#include "llm/contentdeltascanner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace zk::llm;

namespace {

const QByteArray kPrefix = R"({"id":"chatcmpl-B9MBs8","object":"chat.completion.chunk","created":1741570283,)"
                           R"("model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_06737a9306","choices":)";

QByteArray deltaChunk(QByteArrayView contentJson, QByteArrayView prefix = kPrefix)
{
    return prefix.toByteArray() + R"([{"index":0,"delta":{"content":)" + contentJson.toByteArray()
           + R"(},"logprobs":null,"finish_reason":null}],"usage":null})";
}

// The content the full parse finds, for comparison.
QString jsonContent(const QByteArray &chunk)
{
    return QJsonDocument::fromJson(chunk)
        .object()
        .value("choices"_L1)
        .toArray()
        .at(0)
        .toObject()
        .value("delta"_L1)
        .toObject()
        .value("content"_L1)
        .toString();
}

} // namespace

class TestContentDeltaScanner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ordinaryDelta();
    void modelOnlyWhenAsked();
    void declines();
    void escapesDecoded();
    void knownPrefixAcrossChunks();
    void knownPrefixNotUsedForTheModel();
    void knownPrefixChangedMidStream();
    void knownPrefixThenBrokenTail();
    void canonicalLayoutNearMisses();
};

void TestContentDeltaScanner::ordinaryDelta()
{
    ContentDeltaScanner scanner;
    ContentDeltaScanner::Result result;
    QVERIFY(scanner.scan(deltaChunk(R"(" bamboo")"), result, false));
    QCOMPARE(result.content, u" bamboo"_s);
    QVERIFY(result.model.isEmpty());

    QVERIFY(scanner.scan(deltaChunk(R"("")"), result, false));
    QVERIFY(result.content.isEmpty());
}

void TestContentDeltaScanner::modelOnlyWhenAsked()
{
    ContentDeltaScanner scanner;
    ContentDeltaScanner::Result result;
    QVERIFY(scanner.scan(deltaChunk(R"("a")"), result, true));
    QCOMPARE(result.model, u"gpt-4o-mini-2024-07-18"_s);
    QVERIFY(scanner.scan(deltaChunk(R"("b")"), result, false));
    QVERIFY(result.model.isEmpty());
    QCOMPARE(result.content, u"b"_s);
}

void TestContentDeltaScanner::declines()
{
    ContentDeltaScanner scanner;
    ContentDeltaScanner::Result result;
    const QByteArray role = kPrefix + R"([{"index":0,"delta":{"role":"assistant","content":""},)"
                                      R"("logprobs":null,"finish_reason":null}],"usage":null})";
    QVERIFY(!scanner.scan(role, result, false));
    const QByteArray finish = kPrefix + R"([{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null})";
    QVERIFY(!scanner.scan(finish, result, false));
    const QByteArray usage = kPrefix + R"([],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}})";
    QVERIFY(!scanner.scan(usage, result, false));
    QVERIFY(!scanner.scan(R"({"error":{"message":"x"}})", result, false));
    QVERIFY(!scanner.scan(deltaChunk(R"("x")").chopped(1), result, false));
    QVERIFY(!scanner.scan("[DONE]", result, false));
    QVERIFY(!scanner.scan({}, result, false));
}

void TestContentDeltaScanner::escapesDecoded()
{
    const QList<QByteArray> contents = {
        R"("\"\\\/\b\f\n\r\t")", R"("caf\u00e9 \u00C9")", R"("\ud83d\udc3c")", "\"\xF0\x9F\x90\xBC \xC3\xB1\"",
        R"("\u0000")", "\"\xE2\x82\xAC\\u20ac\"",
    };
    for (const QByteArray &content : contents) {
        ContentDeltaScanner scanner;
        ContentDeltaScanner::Result result;
        const QByteArray chunk = deltaChunk(content);
        QVERIFY2(scanner.scan(chunk, result, false), content.constData());
        QCOMPARE(result.content, jsonContent(chunk));
    }
    ContentDeltaScanner scanner;
    ContentDeltaScanner::Result result;
    QVERIFY(scanner.scan(deltaChunk(R"("\ud83d\udc3c")"), result, false));
    QCOMPARE(result.content, u"🐼"_s);
}

// The second and later chunks of a stream skip the bytes they share with the
// last chunk taken; what follows them is still read and checked in full.
void TestContentDeltaScanner::knownPrefixAcrossChunks()
{
    ContentDeltaScanner scanner;
    ContentDeltaScanner::Result result;
    for (int i = 0; i < 100; ++i) {
        const QByteArray content = '"' + QByteArray::number(i) + R"(\n")";
        QVERIFY(scanner.scan(deltaChunk(content), result, false));
        QCOMPARE(result.content, QString::number(i) + u'\n');
    }
    // Same prefix, but the rest is not an ordinary delta: declined.
    const QByteArray finish = kPrefix + R"([{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null})";
    QVERIFY(!scanner.scan(finish, result, false));
    // ... and the next ordinary one is still taken.
    QVERIFY(scanner.scan(deltaChunk(R"("z")"), result, false));
    QCOMPARE(result.content, u"z"_s);
}

void TestContentDeltaScanner::knownPrefixNotUsedForTheModel()
{
    ContentDeltaScanner scanner;
    ContentDeltaScanner::Result result;
    QVERIFY(scanner.scan(deltaChunk(R"("a")"), result, false));
    QVERIFY(scanner.scan(deltaChunk(R"("b")"), result, true));
    QCOMPARE(result.model, u"gpt-4o-mini-2024-07-18"_s);
}

void TestContentDeltaScanner::knownPrefixChangedMidStream()
{
    ContentDeltaScanner scanner;
    ContentDeltaScanner::Result result;
    QVERIFY(scanner.scan(deltaChunk(R"("a")"), result, false));
    // A different prefix is checked in full: a broken one is declined ...
    QByteArray broken = kPrefix;
    broken.replace("\"created\":1741570283", "\"created\":1741570283.5");
    QVERIFY(!scanner.scan(deltaChunk(R"("b")", broken), result, false));
    // ... a longer prefix that starts like the known one too (a duplicate key
    // after it) ...
    const QByteArray longer = kPrefix + R"([{"index":0,"delta":{"content":"x"}}],"choices":)";
    QVERIFY(!scanner.scan(deltaChunk(R"("c")", longer), result, false));
    // ... and a good new one is taken and becomes the known prefix.
    QByteArray other = kPrefix;
    other.replace("chatcmpl-B9MBs8", "chatcmpl-XYZ");
    QVERIFY(scanner.scan(deltaChunk(R"("d")", other), result, false));
    QCOMPARE(result.content, u"d"_s);
    QVERIFY(scanner.scan(deltaChunk(R"("e")", other), result, false));
    QCOMPARE(result.content, u"e"_s);
    QVERIFY(scanner.scan(deltaChunk(R"("f")"), result, false));
    QCOMPARE(result.content, u"f"_s);
}

void TestContentDeltaScanner::knownPrefixThenBrokenTail()
{
    ContentDeltaScanner scanner;
    ContentDeltaScanner::Result result;
    QVERIFY(scanner.scan(deltaChunk(R"("a")"), result, false));
    const QList<QByteArray> tails = {
        R"([{"index":0,"delta":{"content":"x"},"logprobs":null,"finish_reason":null}],"usage":null)",
        R"([{"index":0,"delta":{"content":"x"},"logprobs":null,"finish_reason":null}],"usage":null}x)",
        R"([{"index":0,"delta":{"content":"x\q"},"logprobs":null,"finish_reason":null}],"usage":null})",
        R"([{"index":0,"delta":{"content":"x"},"logprobs":null,"finish_reason":null}],"id":"again"})",
        R"([{"index":0,"delta":{"content":"x"},"logprobs":null,"finish_reason":null}],"choices":[]})",
        R"(null,"usage":null})",
        "",
    };
    for (const QByteArray &tail : tails)
        QVERIFY2(!scanner.scan(QByteArray(kPrefix + tail), result, false), tail.constData());
    QVERIFY(scanner.scan(deltaChunk(R"("ok")"), result, false));
}

// The exact layout the API writes is compared whole; anything near it goes
// through the general walk and must come out the same.
void TestContentDeltaScanner::canonicalLayoutNearMisses()
{
    const QList<QByteArray> choices = {
        R"([{"index":0,"delta":{"content":"x"},"logprobs":null,"finish_reason":null}])",
        R"([ {"index":0,"delta":{"content":"x"},"logprobs":null,"finish_reason":null}])",
        R"([{"index":0,"delta":{"content":"x"},"finish_reason":null,"logprobs":null}])",
        R"([{"index":0,"delta":{"content":"x"},"logprobs":null}])",
        R"([{"index":0,"delta":{"content":"x"}}])",
        R"([{"delta":{"content":"x"},"index":0}])",
        R"([{"index":0,"delta":{"content": "x"},"logprobs":null,"finish_reason":null}])",
    };
    for (const QByteArray &c : choices) {
        ContentDeltaScanner scanner;
        ContentDeltaScanner::Result result;
        const QByteArray chunk = kPrefix + c + R"(,"usage":null})";
        QVERIFY2(scanner.scan(chunk, result, false), c.constData());
        QCOMPARE(result.content, u"x"_s);
    }
}

QTEST_GUILESS_MAIN(TestContentDeltaScanner)
#include "tst_contentdeltascanner.moc"
