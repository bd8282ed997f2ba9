// Proves the local OpenAI-compatible test server itself speaks the wire format:
// raw bytes over a plain QTcpSocket (framing, headers, exact chunk JSON) and
// QNetworkAccessManager for what a real HTTP client sees.

#include "fakeopenaiserver.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using zk::test::FakeOpenAiServer;
using zk::test::ModerationScript;
using zk::test::RateLimits;
using zk::test::Script;

namespace {

const QByteArray ApiKey = "sk-test-zookiosk-0123456789"_ba;

// --- a strict HTTP/1.1 response reader for raw bytes -------------------------------

struct RawResponse
{
    int status = 0;
    QByteArray statusLine;
    QList<std::pair<QByteArray, QByteArray>> headers;   // as sent (case kept)
    QByteArray body;            // de-chunked
    QList<QByteArray> chunks;   // chunk payloads as framed on the wire
    bool chunked = false;
    bool terminated = false;    // the 0-size last chunk arrived
    QByteArray header(QByteArrayView name) const
    {
        for (const auto &[key, value] : headers)
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        return {};
    }
    bool hasHeader(QByteArrayView name) const
    {
        for (const auto &[key, value] : headers)
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return true;
        return false;
    }
};

enum class Parsed { Incomplete, Complete, Invalid };

// Parses one response starting at pos. A chunked body must be framed exactly:
// "<hex>\r\n<payload>\r\n" ... "0\r\n\r\n". With partialOk, an unterminated
// chunked body is returned as far as it goes (Incomplete).
Parsed parseResponse(const QByteArray &raw, qsizetype &pos, RawResponse &out, bool eof)
{
    out = RawResponse();
    const qsizetype headEnd = raw.indexOf("\r\n\r\n", pos);
    if (headEnd < 0)
        return Parsed::Incomplete;
    QList<QByteArray> lines = raw.mid(pos, headEnd + 2 - pos).split('\n');   // every line keeps its CR
    lines.removeLast();
    out.statusLine = lines.first().trimmed();
    const QList<QByteArray> parts = out.statusLine.split(' ');
    if (parts.size() < 3 || parts.first() != "HTTP/1.1")
        return Parsed::Invalid;
    out.status = parts.at(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        if (!lines.at(i).endsWith('\r'))
            return Parsed::Invalid;
        const QByteArray line = lines.at(i).chopped(1);
        const qsizetype colon = line.indexOf(": ");
        if (colon <= 0)
            return Parsed::Invalid;
        out.headers.append({line.left(colon), line.mid(colon + 2)});
    }
    qsizetype p = headEnd + 4;
    if (out.header("transfer-encoding") == "chunked") {
        out.chunked = true;
        for (;;) {
            const qsizetype lineEnd = raw.indexOf("\r\n", p);
            if (lineEnd < 0)
                return Parsed::Incomplete;
            bool ok = false;
            const qsizetype size = raw.mid(p, lineEnd - p).toLongLong(&ok, 16);
            if (!ok)
                return Parsed::Invalid;
            if (raw.size() < lineEnd + 2 + size + 2)
                return Parsed::Incomplete;
            if (raw.mid(lineEnd + 2 + size, 2) != "\r\n")
                return Parsed::Invalid;
            p = lineEnd + 2 + size + 2;
            if (size == 0) {
                out.terminated = true;
                break;
            }
            out.chunks.append(raw.mid(lineEnd + 2, size));
            out.body.append(out.chunks.last());
        }
    } else if (out.hasHeader("content-length")) {
        const qsizetype length = out.header("content-length").toLongLong();
        if (raw.size() < p + length)
            return Parsed::Incomplete;
        out.body = raw.mid(p, length);
        p += length;
    } else {
        out.body = raw.mid(p);
        if (!eof)
            return Parsed::Incomplete;
        p = raw.size();
    }
    pos = p;
    return Parsed::Complete;
}

struct SseEvent
{
    QByteArray event;
    QByteArray data;
};

// Splits a complete SSE body; a trailing unterminated event is dropped.
QList<SseEvent> parseSse(const QByteArray &body)
{
    QList<SseEvent> events;
    qsizetype pos = 0;
    for (;;) {
        const qsizetype end = body.indexOf("\n\n", pos);
        if (end < 0)
            break;
        SseEvent e;
        for (const QByteArray &line : body.mid(pos, end - pos).split('\n')) {
            if (line.startsWith("event: "))
                e.event = line.mid(7);
            else if (line.startsWith("data: "))
                e.data += line.mid(6);
        }
        events.append(e);
        pos = end + 2;
    }
    return events;
}

QJsonObject parseObject(const QByteArray &json, bool *ok = nullptr)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (ok)
        *ok = error.error == QJsonParseError::NoError && document.isObject();
    return document.object();
}

// A plain TCP client that records every byte and each readyRead.
class RawClient
{
public:
    explicit RawClient(quint16 port)
    {
        QObject::connect(&m_socket, &QTcpSocket::readyRead, &m_socket, [this] {
            const QByteArray piece = m_socket.readAll();
            reads.append(piece);
            data.append(piece);
        });
        m_socket.connectToHost(QHostAddress::LocalHost, port);
    }
    bool waitConnected() { return QTest::qWaitFor([this] { return connected(); }, 3000); }
    bool connected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    void send(const QByteArray &bytes)
    {
        m_socket.write(bytes);
        m_socket.flush();
    }
    // Waits until one complete response is available (or the peer closed).
    bool readResponse(RawResponse &out, int timeoutMs = 5000)
    {
        Parsed result = Parsed::Incomplete;
        [[maybe_unused]] const bool settled = QTest::qWaitFor(
            [&] {
                qsizetype pos = m_consumed;
                result = parseResponse(data, pos, out, !connected());
                if (result == Parsed::Complete)
                    m_consumed = pos;
                return result != Parsed::Incomplete;
            },
            timeoutMs);
        return result == Parsed::Complete;
    }
    void close() { m_socket.abort(); }

    QByteArray data;
    QList<QByteArray> reads;

private:
    QTcpSocket m_socket;
    qsizetype m_consumed = 0;
};

QByteArray httpRequest(const QByteArray &method, const QByteArray &path, const QByteArray &body,
                       const QByteArray &key = ApiKey, const QByteArray &extraHeaders = {})
{
    QByteArray request = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    if (!key.isEmpty())
        request += "Authorization: Bearer " + key + "\r\n";
    if (!body.isEmpty())
        request += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
    request += extraHeaders + "\r\n" + body;
    return request;
}

QJsonObject chatBody(bool stream, bool includeUsage = true)
{
    QJsonObject body{{u"model"_s, u"gpt-4o-mini"_s},
                     {u"messages"_s,
                      QJsonArray{QJsonObject{{u"role"_s, u"system"_s}, {u"content"_s, u"You are Rosie."_s}},
                                 QJsonObject{{u"role"_s, u"user"_s}, {u"content"_s, u"Hello Rosie, what do you eat?"_s}}}}};
    if (stream) {
        body.insert(u"stream"_s, true);
        if (includeUsage)
            body.insert(u"stream_options"_s, QJsonObject{{u"include_usage"_s, true}});
    }
    return body;
}

QByteArray compact(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }

const QString PromptText = u"You are Rosie.Hello Rosie, what do you eat?"_s;

// The content (or refusal) deltas of a chat stream, in order.
QString chatText(const QList<SseEvent> &events, const char *key = "content")
{
    QString text;
    for (const SseEvent &e : events) {
        const QJsonArray choices = parseObject(e.data).value("choices"_L1).toArray();
        if (!choices.isEmpty())
            text += choices.first().toObject().value("delta"_L1).toObject().value(QLatin1StringView(key)).toString();
    }
    return text;
}

} // namespace

class TestFakeServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void listensOnLoopback();
    void chatStreamWireFormat();
    void chatStreamWithoutUsageOption();
    void chatStreamRespectsScriptUsageSwitch();
    void chatNonStream();
    void responsesStream();
    void responsesNonStream();
    void moderationDefault();
    void moderationFlagged();
    void moderationQueueAndFaults();
    void modelsList();
    void authentication_data();
    void authentication();
    void anyKeyWhenNoneExpected();
    void routingErrors();
    void httpErrorFault_data();
    void httpErrorFault();
    void rateLimitErrorHeaders();
    void htmlErrorFault();
    void noFirstByte();
    void stallAfterChunks();
    void dropAfterChunks();
    void dropWithoutChunkedEncoding();
    void malformedChunk();
    void errorMidStream();
    void errorMidStreamResponses();
    void contentFilter();
    void refusalDelta();
    void writeSplitCutsMidLineAndMidUtf8();
    void interChunkDelay();
    void splitReply_data();
    void splitReply();
    void twentyThousandChunks();
    void keepAliveTwoRequests();
    void pipelinedRequests();
    void connectionCloseRequested();
    void splitRequestReads();
    void chunkedRequestBodyAndExpectContinue();
    void recording();
    void scriptQueues();
    void rateLimitHeaders();
    void formatDuration();
    void standaloneExecutable();

private:
    QNetworkReply *post(const QString &path, const QJsonObject &body, const QByteArray &key = ApiKey);
    QNetworkReply *get(const QString &path, const QByteArray &key = ApiKey);
    static bool waitFinished(QNetworkReply *reply, int timeoutMs = 10000);
    RawResponse rawExchange(const QByteArray &request);

    std::unique_ptr<FakeOpenAiServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_nam;
};

void TestFakeServer::init()
{
    m_server = std::make_unique<FakeOpenAiServer>();
    QVERIFY(m_server->listen());
    m_server->setExpectedApiKey(QString::fromUtf8(ApiKey));
    m_nam = std::make_unique<QNetworkAccessManager>();
}

void TestFakeServer::cleanup()
{
    m_nam.reset();
    m_server.reset();
}

QNetworkReply *TestFakeServer::post(const QString &path, const QJsonObject &body, const QByteArray &key)
{
    QNetworkRequest request(QUrl(m_server->baseUrl().toString() + path));
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    if (!key.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + key);
    return m_nam->post(request, compact(body));
}

QNetworkReply *TestFakeServer::get(const QString &path, const QByteArray &key)
{
    QNetworkRequest request(QUrl(m_server->baseUrl().toString() + path));
    request.setRawHeader("Authorization", "Bearer " + key);
    return m_nam->get(request);
}

bool TestFakeServer::waitFinished(QNetworkReply *reply, int timeoutMs)
{
    return QTest::qWaitFor([reply] { return reply->isFinished(); }, timeoutMs);
}

RawResponse TestFakeServer::rawExchange(const QByteArray &request)
{
    RawClient client(m_server->port());
    RawResponse response;
    if (!client.waitConnected())
        return response;
    client.send(request);
    client.readResponse(response);
    return response;
}

void TestFakeServer::listensOnLoopback()
{
    QVERIFY(m_server->isListening());
    QVERIFY(m_server->port() > 0);
    QCOMPARE(m_server->baseUrl(), QUrl(u"http://127.0.0.1:%1/v1"_s.arg(m_server->port())));
    FakeOpenAiServer other;
    QVERIFY(other.listen());
    QVERIFY(other.port() != m_server->port());
}

void TestFakeServer::chatStreamWireFormat()
{
    const QString reply = u"Bamboo is my favourite — I eat it all day 🐼!"_s;
    m_server->enqueue(Script::text(reply));
    const RawResponse r = rawExchange(httpRequest("POST", "/v1/chat/completions", compact(chatBody(true))));

    QCOMPARE(r.statusLine, "HTTP/1.1 200 OK"_ba);
    QCOMPARE(r.header("content-type"), "text/event-stream; charset=utf-8"_ba);
    QCOMPARE(r.header("transfer-encoding"), "chunked"_ba);
    QVERIFY(!r.hasHeader("content-length"));
    QCOMPARE(r.header("connection"), "keep-alive"_ba);
    QCOMPARE(r.header("openai-version"), "2020-10-01"_ba);
    QVERIFY(QRegularExpression(u"^\\d+$"_s).match(QString::fromLatin1(r.header("openai-processing-ms"))).hasMatch());
    QVERIFY(QRegularExpression(u"^req_[0-9a-f]{32}$"_s).match(QString::fromLatin1(r.header("x-request-id"))).hasMatch());
    QCOMPARE(r.header("x-request-id"), m_server->lastRequest().requestId);
    QCOMPARE(r.header("x-ratelimit-limit-requests"), "5000"_ba);
    QCOMPARE(r.header("x-ratelimit-limit-tokens"), "800000"_ba);
    QCOMPARE(r.header("x-ratelimit-remaining-requests"), "4999"_ba);
    QVERIFY(r.hasHeader("x-ratelimit-remaining-tokens"));
    QCOMPARE(r.header("x-ratelimit-reset-requests"), "12ms"_ba);
    QVERIFY(r.hasHeader("x-ratelimit-reset-tokens"));

    // Chunked framing: terminated, and (writeSplit 0) every chunk is exactly one SSE event.
    QVERIFY(r.terminated);
    for (const QByteArray &chunk : r.chunks) {
        QVERIFY2(chunk.startsWith("data: ") && chunk.endsWith("\n\n") && chunk.count("\n\n") == 1, chunk.constData());
    }

    const QList<SseEvent> events = parseSse(r.body);
    const QStringList deltas = FakeOpenAiServer::splitReply(reply, 0);
    QCOMPARE(deltas.size(), 11);
    QCOMPARE(events.size(), 1 + deltas.size() + 1 + 1 + 1);   // role, deltas, finish, usage, [DONE]
    QCOMPARE(r.chunks.size(), events.size());

    const QString head = u"^\\{\"id\":\"(chatcmpl-[A-Za-z0-9]{29})\",\"object\":\"chat.completion.chunk\","
                         u"\"created\":(\\d+),\"model\":\"gpt-4o-mini\",\"system_fingerprint\":\"(fp_[0-9a-f]{10})\","
                         u"\"choices\":\\["_s;
    const QRegularExpression role(head + u"\\{\"index\":0,\"delta\":\\{\"role\":\"assistant\",\"content\":\"\","
                                         u"\"refusal\":null\\},\"logprobs\":null,\"finish_reason\":null\\}\\],"
                                         u"\"usage\":null\\}$"_s);
    const QRegularExpression content(head + u"\\{\"index\":0,\"delta\":\\{\"content\":\"(.*)\"\\},\"logprobs\":null,"
                                            u"\"finish_reason\":null\\}\\],\"usage\":null\\}$"_s);
    const QRegularExpression finish(head + u"\\{\"index\":0,\"delta\":\\{\\},\"logprobs\":null,"
                                           u"\"finish_reason\":\"stop\"\\}\\],\"usage\":null\\}$"_s);
    const QRegularExpression usage(head + u"\\],\"usage\":\\{\"prompt_tokens\":(\\d+),\"completion_tokens\":(\\d+),"
                                          u"\"total_tokens\":(\\d+),\"prompt_tokens_details\":\\{\"cached_tokens\":0,"
                                          u"\"audio_tokens\":0\\},\"completion_tokens_details\":\\{\"reasoning_tokens\":0,"
                                          u"\"audio_tokens\":0,\"accepted_prediction_tokens\":0,"
                                          u"\"rejected_prediction_tokens\":0\\}\\}\\}$"_s);

    const auto match = [](const QRegularExpression &re, const QByteArray &data) {
        const QRegularExpressionMatch m = re.match(QString::fromUtf8(data));
        if (!m.hasMatch())
            qWarning("no match: %s", data.constData());
        return m;
    };
    const QRegularExpressionMatch first = match(role, events.at(0).data);
    QVERIFY(first.hasMatch());
    const QString id = first.captured(1);
    const QString created = first.captured(2);
    QVERIFY(qAbs(created.toLongLong() - QDateTime::currentSecsSinceEpoch()) < 60);
    for (qsizetype i = 0; i < deltas.size(); ++i) {
        const QRegularExpressionMatch m = match(content, events.at(1 + i).data);
        QVERIFY(m.hasMatch());
        QCOMPARE(m.captured(1), id);
        QCOMPARE(m.captured(2), created);
        QCOMPARE(m.captured(3), first.captured(3));
        // Raw UTF-8 on the wire, no \u escapes.
        QCOMPARE(parseObject(events.at(1 + i).data)["choices"_L1][0]["delta"_L1]["content"_L1].toString(), deltas.at(i));
    }
    QVERIFY(events.at(5).data.contains("\"content\":\" —\""));   // em dash stays raw UTF-8
    QVERIFY(match(finish, events.at(events.size() - 3).data).hasMatch());
    const QRegularExpressionMatch u = match(usage, events.at(events.size() - 2).data);
    QVERIFY(u.hasMatch());
    QCOMPARE(u.captured(4).toInt(), FakeOpenAiServer::estimateTokens(PromptText));
    QCOMPARE(u.captured(5).toInt(), FakeOpenAiServer::estimateTokens(reply));
    QCOMPARE(u.captured(6).toInt(), u.captured(4).toInt() + u.captured(5).toInt());
    QCOMPARE(events.last().data, "[DONE]"_ba);
    QCOMPARE(r.chunks.last(), "data: [DONE]\n\n"_ba);
    QCOMPARE(chatText(events), reply);
}

void TestFakeServer::chatStreamWithoutUsageOption()
{
    m_server->enqueue(Script::text(u"One two three"_s));
    const RawResponse r = rawExchange(httpRequest("POST", "/v1/chat/completions", compact(chatBody(true, false))));
    QCOMPARE(r.status, 200);
    const QList<SseEvent> events = parseSse(r.body);
    QCOMPARE(events.size(), 1 + 3 + 1 + 1);   // no usage chunk
    for (const SseEvent &e : events) {
        QVERIFY2(!e.data.contains("\"usage\""), e.data.constData());
        QVERIFY(e.data.endsWith("}]}") || e.data == "[DONE]");
    }
    QCOMPARE(chatText(events), u"One two three"_s);
}

void TestFakeServer::chatStreamRespectsScriptUsageSwitch()
{
    Script script = Script::text(u"No usage please"_s);
    script.includeUsage = false;
    m_server->enqueue(script);
    QNetworkReply *reply = post(u"/chat/completions"_s, chatBody(true, true));
    QVERIFY(waitFinished(reply));
    const QList<SseEvent> events = parseSse(reply->readAll());
    reply->deleteLater();
    QCOMPARE(events.size(), 1 + 3 + 1 + 1);
    for (const SseEvent &e : events)
        QVERIFY(!e.data.contains("\"choices\":[]"));
}

void TestFakeServer::chatNonStream()
{
    m_server->enqueue(Script::text(u"A short summary."_s));
    QNetworkReply *reply = post(u"/chat/completions"_s, chatBody(false));
    QVERIFY(waitFinished(reply));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(reply->header(QNetworkRequest::ContentTypeHeader).toString(), u"application/json"_s);
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    QVERIFY(body.startsWith("{\n  \"id\": \"chatcmpl-"));
    bool ok = false;
    const QJsonObject o = parseObject(body, &ok);
    QVERIFY(ok);
    QCOMPARE(o["object"_L1].toString(), u"chat.completion"_s);
    QCOMPARE(o["model"_L1].toString(), u"gpt-4o-mini"_s);
    const QJsonObject choice = o["choices"_L1][0].toObject();
    QCOMPARE(choice["index"_L1].toInt(), 0);
    QCOMPARE(choice["finish_reason"_L1].toString(), u"stop"_s);
    QCOMPARE(choice["message"_L1]["role"_L1].toString(), u"assistant"_s);
    QCOMPARE(choice["message"_L1]["content"_L1].toString(), u"A short summary."_s);
    QVERIFY(choice["message"_L1]["refusal"_L1].isNull());
    QCOMPARE(o["usage"_L1]["prompt_tokens"_L1].toInt(), FakeOpenAiServer::estimateTokens(PromptText));
    QCOMPARE(o["usage"_L1]["completion_tokens"_L1].toInt(), FakeOpenAiServer::estimateTokens(u"A short summary."_s));
    QVERIFY(o["system_fingerprint"_L1].toString().startsWith("fp_"_L1));
}

void TestFakeServer::responsesStream()
{
    Script script = Script::text(u"Penguins love fish"_s);
    script.model = u"gpt-4o-mini-2024-07-18"_s;
    m_server->enqueue(script);
    const QJsonObject request{{u"model"_s, u"gpt-4o-mini"_s},
                              {u"instructions"_s, u"You are Pip."_s},
                              {u"input"_s, u"What do you eat?"_s},
                              {u"stream"_s, true}};
    const RawResponse r = rawExchange(httpRequest("POST", "/v1/responses", compact(request)));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("content-type"), "text/event-stream; charset=utf-8"_ba);
    QVERIFY(r.terminated);
    const QList<SseEvent> events = parseSse(r.body);
    const QList<QByteArray> expected = {
        "response.created",           "response.in_progress",       "response.output_item.added",
        "response.content_part.added", "response.output_text.delta", "response.output_text.delta",
        "response.output_text.delta", "response.output_text.done",  "response.content_part.done",
        "response.output_item.done",  "response.completed",
    };
    QCOMPARE(events.size(), expected.size());
    QString text;
    for (qsizetype i = 0; i < events.size(); ++i) {
        QCOMPARE(events.at(i).event, expected.at(i));
        QVERIFY(events.at(i).data.startsWith(QByteArray("{\"type\":\"" + expected.at(i) + "\",")));
        QVERIFY(events.at(i).data.endsWith(QByteArray(",\"sequence_number\":" + QByteArray::number(i) + "}")));
        const QJsonObject o = parseObject(events.at(i).data);
        QCOMPARE(o["sequence_number"_L1].toInt(), int(i));
        if (events.at(i).event == "response.output_text.delta")
            text += o["delta"_L1].toString();
    }
    QCOMPARE(text, u"Penguins love fish"_s);
    const QJsonObject created = parseObject(events.first().data)["response"_L1].toObject();
    QVERIFY(created["id"_L1].toString().startsWith("resp_"_L1));
    QCOMPARE(created["status"_L1].toString(), u"in_progress"_s);
    QCOMPARE(created["instructions"_L1].toString(), u"You are Pip."_s);
    QCOMPARE(created["model"_L1].toString(), u"gpt-4o-mini-2024-07-18"_s);
    const QJsonObject done = parseObject(events.last().data)["response"_L1].toObject();
    QCOMPARE(done["status"_L1].toString(), u"completed"_s);
    QCOMPARE(done["id"_L1], created["id"_L1]);
    QCOMPARE(done["output"_L1][0]["content"_L1][0]["text"_L1].toString(), u"Penguins love fish"_s);
    QCOMPARE(done["usage"_L1]["input_tokens"_L1].toInt(), FakeOpenAiServer::estimateTokens(u"You are Pip.What do you eat?"_s));
    QCOMPARE(done["usage"_L1]["output_tokens"_L1].toInt(), FakeOpenAiServer::estimateTokens(u"Penguins love fish"_s));
    QVERIFY(!r.body.contains("[DONE]"));
}

void TestFakeServer::responsesNonStream()
{
    m_server->enqueue(Script::text(u"Summary text"_s));
    QNetworkReply *reply = post(u"/responses"_s, {{u"model"_s, u"gpt-4o-mini"_s}, {u"input"_s, u"Summarise"_s}});
    QVERIFY(waitFinished(reply));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    const QJsonObject o = parseObject(reply->readAll());
    reply->deleteLater();
    QCOMPARE(o["object"_L1].toString(), u"response"_s);
    QCOMPARE(o["status"_L1].toString(), u"completed"_s);
    QCOMPARE(o["output"_L1][0]["type"_L1].toString(), u"message"_s);
    QCOMPARE(o["output"_L1][0]["content"_L1][0]["type"_L1].toString(), u"output_text"_s);
    QCOMPARE(o["output"_L1][0]["content"_L1][0]["text"_L1].toString(), u"Summary text"_s);
}

void TestFakeServer::moderationDefault()
{
    QNetworkReply *reply = post(u"/moderations"_s, {{u"model"_s, u"omni-moderation-latest"_s},
                                                   {u"input"_s, u"I love the penguins"_s}});
    QVERIFY(waitFinished(reply));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    QVERIFY(body.startsWith("{\n  \"id\": \"modr-"));
    const QJsonObject o = parseObject(body);
    QVERIFY(QRegularExpression(u"^modr-[0-9a-f]{32}$"_s).match(o["id"_L1].toString()).hasMatch());
    QCOMPARE(o["model"_L1].toString(), u"omni-moderation-latest"_s);
    const QJsonArray results = o["results"_L1].toArray();
    QCOMPARE(results.size(), 1);
    const QJsonObject result = results.first().toObject();
    QCOMPARE(result.keys().size(), 4);
    QCOMPARE(result["flagged"_L1].toBool(true), false);
    const QStringList categories = {u"harassment"_s, u"harassment/threatening"_s, u"hate"_s, u"hate/threatening"_s,
                                    u"illicit"_s, u"illicit/violent"_s, u"self-harm"_s, u"self-harm/instructions"_s,
                                    u"self-harm/intent"_s, u"sexual"_s, u"sexual/minors"_s, u"violence"_s,
                                    u"violence/graphic"_s};
    QCOMPARE(result["categories"_L1].toObject().keys(), categories);
    QCOMPARE(result["category_scores"_L1].toObject().keys(), categories);
    QCOMPARE(result["category_applied_input_types"_L1].toObject().keys(), categories);
    for (const QString &c : categories) {
        QCOMPARE(result["categories"_L1][c].toBool(true), false);
        QVERIFY(result["category_scores"_L1][c].toDouble(1) < 0.001);
        QCOMPARE(result["category_applied_input_types"_L1][c].toArray(), QJsonArray{u"text"_s});
    }
}

void TestFakeServer::moderationFlagged()
{
    ModerationScript m = ModerationScript::flagging({u"violence"_s}, u"LION"_s);
    m.scores.insert(u"violence/graphic"_s, 0.42);
    m_server->setModeration(m);
    QNetworkReply *reply = post(u"/moderations"_s, {{u"input"_s, QJsonArray{u"the lion attacks"_s, u"hello"_s}}});
    QVERIFY(waitFinished(reply));
    const QJsonObject o = parseObject(reply->readAll());
    reply->deleteLater();
    QCOMPARE(o["model"_L1].toString(), u"omni-moderation-latest"_s);
    const QJsonArray results = o["results"_L1].toArray();
    QCOMPARE(results.size(), 2);
    QCOMPARE(results[0]["flagged"_L1].toBool(), true);
    QCOMPARE(results[0]["categories"_L1]["violence"_L1].toBool(), true);
    QCOMPARE(results[0]["categories"_L1]["hate"_L1].toBool(), false);
    QVERIFY(results[0]["category_scores"_L1]["violence"_L1].toDouble() > 0.9);
    QCOMPARE(results[0]["category_scores"_L1]["violence/graphic"_L1].toDouble(), 0.42);
    QCOMPARE(results[1]["flagged"_L1].toBool(), false);
    QCOMPARE(results[1]["categories"_L1]["violence"_L1].toBool(), false);

    // Image parts: one combined result, image-capable categories report "image" too.
    reply = post(u"/moderations"_s,
                 {{u"input"_s, QJsonArray{QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, u"a lion"_s}},
                                          QJsonObject{{u"type"_s, u"image_url"_s},
                                                      {u"image_url"_s, QJsonObject{{u"url"_s, u"data:x"_s}}}}}}});
    QVERIFY(waitFinished(reply));
    const QJsonObject multi = parseObject(reply->readAll());
    reply->deleteLater();
    QCOMPARE(multi["results"_L1].toArray().size(), 1);
    QCOMPARE(multi["results"_L1][0]["flagged"_L1].toBool(), true);
    QCOMPARE(multi["results"_L1][0]["category_applied_input_types"_L1]["violence"_L1].toArray(),
             (QJsonArray{u"text"_s, u"image"_s}));
    QCOMPARE(multi["results"_L1][0]["category_applied_input_types"_L1]["hate"_L1].toArray(), QJsonArray{u"text"_s});
}

void TestFakeServer::moderationQueueAndFaults()
{
    ModerationScript error;
    error.fault = Script::Fault::HttpError;
    error.status = 503;
    m_server->enqueueModeration(error);
    ModerationScript broken;
    broken.fault = Script::Fault::MalformedChunk;
    m_server->enqueueModeration(broken);

    const QByteArray request = httpRequest("POST", "/v1/moderations", R"({"input":"hi"})"_ba);
    RawResponse r = rawExchange(request);
    QCOMPARE(r.status, 503);
    QCOMPARE(r.body, FakeOpenAiServer::defaultErrorBody(503));
    r = rawExchange(request);
    QCOMPARE(r.status, 200);
    bool ok = true;
    parseObject(r.body, &ok);
    QVERIFY(!ok);
    r = rawExchange(request);   // queue empty: the persistent (clean) answer
    parseObject(r.body, &ok);
    QVERIFY(ok);
}

void TestFakeServer::modelsList()
{
    m_server->setModels({u"gpt-4o-mini"_s, u"gpt-4.1-nano"_s});
    QNetworkReply *reply = get(u"/models"_s);
    QVERIFY(waitFinished(reply));
    const QJsonObject o = parseObject(reply->readAll());
    reply->deleteLater();
    QCOMPARE(o["object"_L1].toString(), u"list"_s);
    QCOMPARE(o["data"_L1].toArray().size(), 2);
    QCOMPARE(o["data"_L1][1]["id"_L1].toString(), u"gpt-4.1-nano"_s);
    QCOMPARE(o["data"_L1][1]["object"_L1].toString(), u"model"_s);

    reply = get(u"/models/gpt-unknown"_s);
    QVERIFY(waitFinished(reply));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 404);
    QCOMPARE(parseObject(reply->readAll())["error"_L1]["code"_L1].toString(), u"model_not_found"_s);
    reply->deleteLater();
}

void TestFakeServer::authentication_data()
{
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");   // "null" = JSON null
    QTest::addColumn<QString>("messageStart");

    QTest::newRow("missing") << QByteArray() << 401 << u"null"_s << u"You didn't provide an API key."_s;
    QTest::newRow("not bearer") << QByteArray("Basic " + ApiKey) << 401 << u"null"_s
                                << u"You didn't provide an API key."_s;
    QTest::newRow("wrong") << QByteArray("Bearer sk-wrong-key-abcdefghij") << 401 << u"invalid_api_key"_s
                           << u"Incorrect API key provided: sk-w***************ghij."_s;
    QTest::newRow("right") << QByteArray("Bearer " + ApiKey) << 200 << QString() << QString();
    QTest::newRow("lower-case scheme") << QByteArray("bearer " + ApiKey) << 200 << QString() << QString();
}

void TestFakeServer::authentication()
{
    QFETCH(QByteArray, authorization);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(QString, messageStart);

    const QByteArray extra = authorization.isEmpty() ? QByteArray() : "Authorization: " + authorization + "\r\n";
    const RawResponse r =
        rawExchange(httpRequest("POST", "/v1/chat/completions", compact(chatBody(false)), {}, extra));
    QCOMPARE(r.status, status);
    if (status == 200)
        return;
    QCOMPARE(r.statusLine, "HTTP/1.1 401 Unauthorized"_ba);
    QCOMPARE(r.header("content-type"), "application/json; charset=utf-8"_ba);
    QVERIFY(r.hasHeader("x-request-id"));
    QVERIFY(r.body.startsWith("{\n    \"error\": {\n        \"message\": "));
    QVERIFY(r.body.endsWith("\n    }\n}\n"));
    const QJsonObject error = parseObject(r.body)["error"_L1].toObject();
    QCOMPARE(error.keys(), (QStringList{u"code"_s, u"message"_s, u"param"_s, u"type"_s}));
    QCOMPARE(error["type"_L1].toString(), u"invalid_request_error"_s);
    QVERIFY(error["param"_L1].isNull());
    if (code == "null"_L1)
        QVERIFY(error["code"_L1].isNull());
    else
        QCOMPARE(error["code"_L1].toString(), code);
    QVERIFY2(error["message"_L1].toString().startsWith(messageStart), qPrintable(error["message"_L1].toString()));
    QVERIFY(!r.body.contains("sk-wrong-key-abcdefghij"));   // the key is masked
}

void TestFakeServer::anyKeyWhenNoneExpected()
{
    m_server->setExpectedApiKey({});
    QCOMPARE(rawExchange(httpRequest("GET", "/v1/models", {}, "anything")).status, 200);
    QCOMPARE(rawExchange(httpRequest("GET", "/v1/models", {}, {})).status, 401);
}

void TestFakeServer::routingErrors()
{
    RawResponse r = rawExchange(httpRequest("POST", "/v1/nope", "{}"));
    QCOMPARE(r.status, 404);
    QCOMPARE(parseObject(r.body)["error"_L1]["message"_L1].toString(), u"Invalid URL (POST /v1/nope)"_s);

    r = rawExchange(httpRequest("GET", "/v1/chat/completions", {}));
    QCOMPARE(r.status, 405);

    r = rawExchange(httpRequest("POST", "/v1/chat/completions", "{not json"));
    QCOMPARE(r.status, 400);
    QVERIFY(parseObject(r.body)["error"_L1]["message"_L1].toString().startsWith(
        "We could not parse the JSON body of your request."_L1));

    r = rawExchange(httpRequest("POST", "/v1/chat/completions", R"({"model":"gpt-4o-mini"})"));
    QCOMPARE(r.status, 400);
    QCOMPARE(parseObject(r.body)["error"_L1]["code"_L1].toString(), u"missing_required_parameter"_s);
    QCOMPARE(parseObject(r.body)["error"_L1]["param"_L1].toString(), u"messages"_s);

    r = rawExchange(httpRequest("POST", "/v1/chat/completions", R"({"messages":[]})"));
    QCOMPARE(r.status, 400);
    QCOMPARE(parseObject(r.body)["error"_L1]["message"_L1].toString(), u"you must provide a model parameter"_s);
}

void TestFakeServer::httpErrorFault_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("code");
    QTest::newRow("400") << 400 << u"invalid_request_error"_s << u"empty_array"_s;
    QTest::newRow("401") << 401 << u"invalid_request_error"_s << u"invalid_api_key"_s;
    QTest::newRow("403") << 403 << u"request_forbidden"_s << u"unsupported_country_region_territory"_s;
    QTest::newRow("404") << 404 << u"invalid_request_error"_s << u"model_not_found"_s;
    QTest::newRow("429") << 429 << u"requests"_s << u"rate_limit_exceeded"_s;
    QTest::newRow("500") << 500 << u"server_error"_s << QString();
    QTest::newRow("502") << 502 << u"cf_bad_gateway"_s << u"502"_s;
    QTest::newRow("503") << 503 << u"server_error"_s << QString();
    QTest::newRow("504") << 504 << u"cf_gateway_timeout"_s << u"504"_s;
}

void TestFakeServer::httpErrorFault()
{
    QFETCH(int, status);
    QFETCH(QString, type);
    QFETCH(QString, code);
    m_server->enqueue(Script::httpError(status));
    QNetworkReply *reply = post(u"/chat/completions"_s, chatBody(true));
    QVERIFY(waitFinished(reply));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), status);
    QCOMPARE(reply->rawHeader("content-type"), "application/json; charset=utf-8"_ba);
    QVERIFY(reply->hasRawHeader("x-request-id"));
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    QCOMPARE(body, FakeOpenAiServer::defaultErrorBody(status));
    const QJsonObject error = parseObject(body)["error"_L1].toObject();
    QVERIFY(!error["message"_L1].toString().isEmpty());
    QCOMPARE(error["type"_L1].toString(), type);
    QVERIFY(error.contains("param"_L1));
    if (code.isEmpty())
        QVERIFY(error["code"_L1].isNull());
    else
        QCOMPARE(error["code"_L1].toVariant().toString(), code);
}

void TestFakeServer::rateLimitErrorHeaders()
{
    m_server->enqueue(Script::httpError(
        429, {{"retry-after", "2"}, {"retry-after-ms", "1500"}, {"x-should-retry", "true"}, {"openai-processing-ms", "7"}},
        R"({"error":{"message":"custom","type":"tokens","param":null,"code":"rate_limit_exceeded"}})"));
    const RawResponse r = rawExchange(httpRequest("POST", "/v1/chat/completions", compact(chatBody(true))));
    QCOMPARE(r.statusLine, "HTTP/1.1 429 Too Many Requests"_ba);
    QCOMPARE(r.header("retry-after"), "2"_ba);
    QCOMPARE(r.header("retry-after-ms"), "1500"_ba);
    QCOMPARE(r.header("x-should-retry"), "true"_ba);
    QCOMPARE(r.header("openai-processing-ms"), "7"_ba);   // script headers replace the server's
    QCOMPARE(r.header("x-ratelimit-remaining-requests"), "0"_ba);
    QVERIFY(r.header("x-ratelimit-reset-requests").endsWith('s'));
    QCOMPARE(r.header("content-length").toInt(), int(r.body.size()));
    QCOMPARE(r.body, R"({"error":{"message":"custom","type":"tokens","param":null,"code":"rate_limit_exceeded"}})"_ba);
}

void TestFakeServer::htmlErrorFault()
{
    m_server->enqueue(Script::htmlError(502));
    m_server->enqueue(Script::htmlError(503));
    RawResponse r = rawExchange(httpRequest("POST", "/v1/chat/completions", compact(chatBody(true))));
    QCOMPARE(r.statusLine, "HTTP/1.1 502 Bad Gateway"_ba);
    QCOMPARE(r.header("content-type"), "text/html"_ba);
    QCOMPARE(r.header("server"), "cloudflare"_ba);
    QVERIFY(!r.hasHeader("x-request-id"));
    QVERIFY(r.body.startsWith("<html>"));
    QVERIFY(r.body.contains("<title>502 Bad Gateway</title>"));
    r = rawExchange(httpRequest("POST", "/v1/responses", R"({"model":"m","input":"x","stream":true})"));
    QCOMPARE(r.status, 503);
    QVERIFY(r.body.contains("503 Service Unavailable"));
}

void TestFakeServer::noFirstByte()
{
    m_server->enqueue(Script::noFirstByte());
    QSignalSpy received(m_server.get(), &FakeOpenAiServer::requestReceived);
    RawClient client(m_server->port());
    QVERIFY(client.waitConnected());
    client.send(httpRequest("POST", "/v1/chat/completions", compact(chatBody(true))));
    QVERIFY(received.wait(3000));
    QTest::qWait(300);
    QVERIFY(client.data.isEmpty());
    QVERIFY(client.connected());
    QCOMPARE(m_server->openConnections(), 1);

    // The same fault through QNetworkAccessManager: only the client's timeout ends it.
    m_server->enqueue(Script::noFirstByte());
    QNetworkRequest request(QUrl(m_server->baseUrl().toString() + u"/chat/completions"_s));
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    request.setRawHeader("Authorization", "Bearer " + ApiKey);
    request.setTransferTimeout(300);
    QNetworkReply *reply = m_nam->post(request, compact(chatBody(true)));
    QVERIFY(waitFinished(reply));
    QCOMPARE(reply->error(), QNetworkReply::OperationCanceledError);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 0);
    reply->deleteLater();
}

void TestFakeServer::stallAfterChunks()
{
    m_server->enqueue(Script::stallAfter(2));
    QSignalSpy finished(m_server.get(), &FakeOpenAiServer::responseFinished);
    RawClient client(m_server->port());
    QVERIFY(client.waitConnected());
    client.send(httpRequest("POST", "/v1/chat/completions", compact(chatBody(true))));
    RawResponse r;
    QVERIFY(!client.readResponse(r, 500));   // never completes
    QCOMPARE(finished.size(), 1);
    const qsizetype received = client.data.size();
    QTest::qWait(300);
    QCOMPARE(client.data.size(), received);
    QVERIFY(client.connected());
    QVERIFY(!client.data.contains("\r\n0\r\n\r\n"));

    // What arrived: the role chunk and exactly two deltas, each a whole chunk.
    const qsizetype bodyStart = client.data.indexOf("\r\n\r\n") + 4;
    QByteArray body;
    qsizetype p = bodyStart;
    while (p < client.data.size()) {
        const qsizetype lineEnd = client.data.indexOf("\r\n", p);
        const qsizetype size = client.data.mid(p, lineEnd - p).toLongLong(nullptr, 16);
        body += client.data.mid(lineEnd + 2, size);
        p = lineEnd + 2 + size + 2;
    }
    const QList<SseEvent> events = parseSse(body);
    QCOMPARE(events.size(), 3);
    QCOMPARE(chatText(events), FakeOpenAiServer::splitReply(Script().reply, 0).mid(0, 2).join(QString()));

    m_server->dropAllConnections();
    QVERIFY(QTest::qWaitFor([&] { return !client.connected(); }, 3000));
}

void TestFakeServer::dropAfterChunks()
{
    m_server->enqueue(Script::dropAfter(3));
    RawClient client(m_server->port());
    QVERIFY(client.waitConnected());
    client.send(httpRequest("POST", "/v1/chat/completions", compact(chatBody(true))));
    QVERIFY(QTest::qWaitFor([&] { return !client.connected(); }, 3000));
    RawResponse r;
    qsizetype pos = 0;
    QCOMPARE(parseResponse(client.data, pos, r, true), Parsed::Incomplete);   // unterminated chunked body
    QVERIFY(!client.data.contains("[DONE]"));
    QVERIFY(!client.data.endsWith("0\r\n\r\n"));
    QCOMPARE(client.data.count("data: "), 4);   // role + 3 deltas

    // QNetworkAccessManager sees a body cut short.
    m_server->enqueue(Script::dropAfter(1));
    QNetworkReply *reply = post(u"/chat/completions"_s, chatBody(true));
    QVERIFY(waitFinished(reply));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(reply->error(), QNetworkReply::RemoteHostClosedError);
    reply->deleteLater();
}

void TestFakeServer::dropWithoutChunkedEncoding()
{
    Script script = Script::dropAfter(2);
    script.chunkedEncoding = false;
    m_server->enqueue(script);
    QNetworkReply *reply = post(u"/chat/completions"_s, chatBody(true));
    QVERIFY(waitFinished(reply));
    // A close-delimited body: the transport ends cleanly, only the missing [DONE] tells.
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(reply->rawHeader("connection"), "close"_ba);
    QVERIFY(!reply->hasRawHeader("transfer-encoding"));
    QVERIFY(!reply->hasRawHeader("content-length"));
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    QCOMPARE(parseSse(body).size(), 3);
    QVERIFY(!body.contains("[DONE]"));

    // Without a fault the whole stream arrives and the server closes.
    Script plain;
    plain.chunkedEncoding = false;
    m_server->enqueue(plain);
    const RawResponse r = rawExchange(httpRequest("POST", "/v1/chat/completions", compact(chatBody(true))));
    QCOMPARE(r.header("connection"), "close"_ba);
    QVERIFY(r.body.endsWith("data: [DONE]\n\n"));
}

void TestFakeServer::malformedChunk()
{
    m_server->enqueue(Script::malformedChunk(2));
    const RawResponse r = rawExchange(httpRequest("POST", "/v1/chat/completions", compact(chatBody(true))));
    QCOMPARE(r.status, 200);
    const QList<SseEvent> events = parseSse(r.body);
    int invalid = 0;
    qsizetype invalidAt = -1;
    for (qsizetype i = 0; i < events.size(); ++i) {
        if (events.at(i).data == "[DONE]")
            continue;
        bool ok = false;
        parseObject(events.at(i).data, &ok);
        if (!ok) {
            ++invalid;
            invalidAt = i;
            QVERIFY(events.at(i).data.startsWith("{\"id\":\"chatcmpl-"));
        }
    }
    QCOMPARE(invalid, 1);
    QCOMPARE(invalidAt, 3);   // role, delta, delta, <broken>
    QCOMPARE(events.last().data, "[DONE]"_ba);
    QList<SseEvent> valid = events;
    valid.removeAt(invalidAt);
    QCOMPARE(chatText(valid), Script().reply);
}

void TestFakeServer::errorMidStream()
{
    m_server->enqueue(Script::errorMidStream(2));
    const RawResponse r = rawExchange(httpRequest("POST", "/v1/chat/completions", compact(chatBody(true))));
    QCOMPARE(r.status, 200);
    QVERIFY(r.terminated);
    const QList<SseEvent> events = parseSse(r.body);
    QCOMPARE(events.size(), 4);
    QCOMPARE(events.last().data,
             R"({"error":{"message":"The server had an error while processing your request. Sorry about that!","type":"server_error","param":null,"code":null}})"_ba);
    QVERIFY(!r.body.contains("[DONE]"));
    QVERIFY(!r.body.contains("finish_reason\":\"stop"));

    // Non-streaming requests get the equivalent HTTP 500.
    m_server->enqueue(Script::errorMidStream(2));
    QCOMPARE(rawExchange(httpRequest("POST", "/v1/chat/completions", compact(chatBody(false)))).status, 500);
}

void TestFakeServer::errorMidStreamResponses()
{
    m_server->enqueue(Script::errorMidStream(1));
    const RawResponse r =
        rawExchange(httpRequest("POST", "/v1/responses", R"({"model":"gpt-4o-mini","input":"hi","stream":true})"));
    const QList<SseEvent> events = parseSse(r.body);
    QCOMPARE(events.size(), 4 + 1 + 1);
    QCOMPARE(events.last().event, "error"_ba);
    const QJsonObject error = parseObject(events.last().data);
    QCOMPARE(error["type"_L1].toString(), u"error"_s);
    QCOMPARE(error["code"_L1].toString(), u"server_error"_s);
    QCOMPARE(error["sequence_number"_L1].toInt(), 5);
}

void TestFakeServer::contentFilter()
{
    m_server->enqueue(Script::contentFilter());
    RawResponse r = rawExchange(httpRequest("POST", "/v1/chat/completions", compact(chatBody(true, false))));
    QList<SseEvent> events = parseSse(r.body);
    QCOMPARE(parseObject(events.at(events.size() - 2).data)["choices"_L1][0]["finish_reason"_L1].toString(),
             u"content_filter"_s);

    m_server->enqueue(Script::contentFilter());
    r = rawExchange(httpRequest("POST", "/v1/responses", R"({"model":"gpt-4o-mini","input":"hi","stream":true})"));
    events = parseSse(r.body);
    QCOMPARE(events.last().event, "response.incomplete"_ba);
    const QJsonObject response = parseObject(events.last().data)["response"_L1].toObject();
    QCOMPARE(response["status"_L1].toString(), u"incomplete"_s);
    QCOMPARE(response["incomplete_details"_L1]["reason"_L1].toString(), u"content_filter"_s);
}

void TestFakeServer::refusalDelta()
{
    m_server->enqueue(Script::refusalDelta(u"I can't help with that, but ask me about otters!"_s));
    const RawResponse r = rawExchange(httpRequest("POST", "/v1/chat/completions", compact(chatBody(true))));
    const QList<SseEvent> events = parseSse(r.body);
    QCOMPARE(parseObject(events.first().data)["choices"_L1][0]["delta"_L1].toObject(),
             (QJsonObject{{u"role"_s, u"assistant"_s}, {u"content"_s, QJsonValue::Null}, {u"refusal"_s, u""_s}}));
    QCOMPARE(chatText(events, "refusal"), u"I can't help with that, but ask me about otters!"_s);
    QCOMPARE(chatText(events, "content"), QString());
    QVERIFY(r.body.contains(R"("delta":{"refusal":"I"})"));
}

void TestFakeServer::writeSplitCutsMidLineAndMidUtf8()
{
    Script script = Script::text(u"Grüße vom Zoo! 🐧🐧 Pinguine überall."_s);
    script.writeSplit = 5;
    script.splitSeed = 7;
    m_server->enqueue(script);
    RawClient client(m_server->port());
    QVERIFY(client.waitConnected());
    client.send(httpRequest("POST", "/v1/chat/completions", compact(chatBody(true))));
    RawResponse r;
    QVERIFY2(client.readResponse(r), client.data.left(2000).toPercentEncoding(" :{}\",").constData());
    QVERIFY(r.terminated);
    // Every chunk carries one write of 1..5 bytes of the SSE stream.
    QVERIFY(r.chunks.size() > r.body.size() / 5);
    bool midLine = false;
    bool midUtf8 = false;
    qsizetype offset = 0;
    for (const QByteArray &chunk : std::as_const(r.chunks)) {
        QVERIFY(chunk.size() >= 1 && chunk.size() <= 5);
        offset += chunk.size();
        if (offset < r.body.size()) {
            midLine = midLine || r.body.at(offset - 1) != '\n';
            midUtf8 = midUtf8 || (quint8(r.body.at(offset)) & 0xC0) == 0x80;   // next byte is a continuation
        }
    }
    QVERIFY(midLine);
    QVERIFY(midUtf8);
    QVERIFY(client.reads.size() > 10);   // they also arrived as separate reads
    QCOMPARE(chatText(parseSse(r.body)), script.reply);

    // Same seed, same cuts.
    m_server->enqueue(script);
    RawClient again(m_server->port());
    QVERIFY(again.waitConnected());
    again.send(httpRequest("POST", "/v1/chat/completions", compact(chatBody(true))));
    RawResponse r2;
    QVERIFY(again.readResponse(r2));
    QCOMPARE(r2.chunks.size(), r.chunks.size());
    for (qsizetype i = 0; i < r.chunks.size(); ++i)
        QCOMPARE(r2.chunks.at(i).size(), r.chunks.at(i).size());
}

void TestFakeServer::interChunkDelay()
{
    Script script = Script::text(u"one two three four"_s);
    script.interChunkDelayMs = 40;
    script.firstByteDelayMs = 50;
    m_server->enqueue(script);
    QElapsedTimer timer;
    timer.start();
    QNetworkReply *reply = post(u"/chat/completions"_s, chatBody(true, false));
    QVERIFY(QTest::qWaitFor([&] { return reply->bytesAvailable() > 0 || reply->isFinished(); }, 5000));
    const qint64 firstByte = timer.elapsed();
    QVERIFY(waitFinished(reply));
    const qint64 total = timer.elapsed();
    reply->deleteLater();
    QVERIFY2(firstByte >= 45, qPrintable(QString::number(firstByte)));
    // role, 4 deltas, finish, [DONE]: six pauses of 40 ms after the first event.
    QVERIFY2(total >= 50 + 6 * 40 - 10, qPrintable(QString::number(total)));
}

void TestFakeServer::splitReply_data()
{
    QTest::addColumn<QString>("reply");
    QTest::addColumn<int>("chunks");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("words") << u"Hi there,  friend! "_s << 0 << QStringList{u"Hi"_s, u" there,"_s, u"  friend! "_s};
    QTest::newRow("same as words") << u"a b c"_s << 3 << QStringList{u"a"_s, u" b"_s, u" c"_s};
    QTest::newRow("grouped") << u"a b c d"_s << 2 << QStringList{u"a b"_s, u" c d"_s};
    QTest::newRow("chars") << u"abcdef"_s << 3 << QStringList{u"ab"_s, u"cd"_s, u"ef"_s};
    QTest::newRow("surrogates") << u"🐼🐧"_s << 2 << QStringList{u"🐼"_s, u"🐧"_s};
    QTest::newRow("repeat") << u"ab"_s << 5 << QStringList{u"a"_s, u"b"_s, u" "_s, u"a"_s, u"b"_s};
    QTest::newRow("empty") << QString() << 3 << QStringList{};
}

void TestFakeServer::splitReply()
{
    QFETCH(QString, reply);
    QFETCH(int, chunks);
    QFETCH(QStringList, expected);
    QCOMPARE(FakeOpenAiServer::splitReply(reply, chunks), expected);

    // Large counts: exact count, no empty piece, never half a surrogate pair.
    const QString text = u"Otters 🦦 hold hands while they sleep so they don't drift apart."_s;
    for (int n : {7, 20, 64, 20000}) {
        const QStringList pieces = FakeOpenAiServer::splitReply(text, n);
        QCOMPARE(pieces.size(), n);
        for (const QString &piece : pieces) {
            QVERIFY(!piece.isEmpty());
            QVERIFY(!piece.front().isLowSurrogate());
            QVERIFY(!piece.back().isHighSurrogate());
        }
        if (n <= text.toUcs4().size())
            QCOMPARE(pieces.join(QString()), text);
        else
            QVERIFY(pieces.join(QString()).startsWith(text + u' ' + text));
    }
}

void TestFakeServer::twentyThousandChunks()
{
    Script script = Script::text(u"Elephants can recognise themselves in a mirror."_s, 20000);
    m_server->enqueue(script);
    QElapsedTimer timer;
    timer.start();
    QNetworkReply *reply = post(u"/chat/completions"_s, chatBody(true));
    QVERIFY(waitFinished(reply, 30000));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    const qint64 elapsed = timer.elapsed();
    const QList<SseEvent> events = parseSse(body);
    QCOMPARE(events.size(), 20000 + 4);
    QCOMPARE(events.last().data, "[DONE]"_ba);
    qInfo("20000 deltas (%lld bytes) served and received in %lld ms", qint64(body.size()), elapsed);
    QVERIFY2(elapsed < 10000, qPrintable(QString::number(elapsed)));
}

void TestFakeServer::keepAliveTwoRequests()
{
    RawClient client(m_server->port());
    QVERIFY(client.waitConnected());
    client.send(httpRequest("POST", "/v1/chat/completions", compact(chatBody(true))));
    RawResponse first;
    QVERIFY(client.readResponse(first));
    QCOMPARE(first.header("connection"), "keep-alive"_ba);
    client.send(httpRequest("POST", "/v1/responses", R"({"model":"gpt-4o-mini","input":"again"})"));
    RawResponse second;
    QVERIFY(client.readResponse(second));
    QCOMPARE(second.status, 200);
    QCOMPARE(parseObject(second.body)["object"_L1].toString(), u"response"_s);
    QCOMPARE(m_server->requests().size(), 2);
    QCOMPARE(m_server->requests().at(0).connectionId, m_server->requests().at(1).connectionId);
    QCOMPARE(m_server->acceptedConnections(), 1);

    // QNetworkAccessManager reuses the connection too.
    m_server->clearRequests();
    for (int i = 0; i < 2; ++i) {
        QNetworkReply *reply = post(u"/chat/completions"_s, chatBody(true));
        QVERIFY(waitFinished(reply));
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        reply->deleteLater();
    }
    QCOMPARE(m_server->requests().size(), 2);
    QCOMPARE(m_server->requests().at(0).connectionId, m_server->requests().at(1).connectionId);
}

void TestFakeServer::pipelinedRequests()
{
    m_server->enqueue(Script::text(u"first"_s));
    m_server->enqueue(Script::text(u"second"_s));
    RawClient client(m_server->port());
    QVERIFY(client.waitConnected());
    client.send(httpRequest("POST", "/v1/chat/completions", compact(chatBody(false)))
                + httpRequest("POST", "/v1/chat/completions", compact(chatBody(false))));
    RawResponse a;
    RawResponse b;
    QVERIFY(client.readResponse(a));
    QVERIFY(client.readResponse(b));
    QCOMPARE(parseObject(a.body)["choices"_L1][0]["message"_L1]["content"_L1].toString(), u"first"_s);
    QCOMPARE(parseObject(b.body)["choices"_L1][0]["message"_L1]["content"_L1].toString(), u"second"_s);
}

void TestFakeServer::connectionCloseRequested()
{
    RawClient client(m_server->port());
    QVERIFY(client.waitConnected());
    client.send(httpRequest("POST", "/v1/chat/completions", compact(chatBody(true)), ApiKey, "Connection: close\r\n"));
    RawResponse r;
    QVERIFY(client.readResponse(r));
    QCOMPARE(r.header("connection"), "close"_ba);
    QVERIFY(r.terminated);
    QVERIFY(QTest::qWaitFor([&] { return !client.connected(); }, 3000));
}

void TestFakeServer::splitRequestReads()
{
    const QByteArray request = httpRequest("POST", "/v1/chat/completions", compact(chatBody(true)));
    RawClient client(m_server->port());
    QVERIFY(client.waitConnected());
    QSignalSpy received(m_server.get(), &FakeOpenAiServer::requestReceived);
    for (qsizetype i = 0; i < request.size(); i += 3) {
        client.send(request.mid(i, 3));
        if (i % 30 == 0)
            QTest::qWait(1);   // let the server read a partial request
    }
    RawResponse r;
    QVERIFY(client.readResponse(r));
    QCOMPARE(r.status, 200);
    QCOMPARE(received.size(), 1);
    QCOMPARE(m_server->lastRequest().body, compact(chatBody(true)));
}

void TestFakeServer::chunkedRequestBodyAndExpectContinue()
{
    const QByteArray json = compact(chatBody(false));
    QByteArray request = "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + ApiKey
        + "\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n";
    RawClient client(m_server->port());
    QVERIFY(client.waitConnected());
    client.send(request);
    QVERIFY(QTest::qWaitFor([&] { return client.data.startsWith("HTTP/1.1 100 Continue\r\n\r\n"); }, 3000));
    client.data.clear();
    client.send(QByteArray::number(20, 16) + "\r\n" + json.left(20) + "\r\n");
    client.send(QByteArray::number(json.size() - 20, 16) + ";ext=1\r\n" + json.mid(20) + "\r\n0\r\n\r\n");
    RawResponse r;
    QVERIFY(client.readResponse(r));
    QCOMPARE(r.status, 200);
    QCOMPARE(m_server->lastRequest().body, json);
}

void TestFakeServer::recording()
{
    QSignalSpy received(m_server.get(), &FakeOpenAiServer::requestReceived);
    QSignalSpy finished(m_server.get(), &FakeOpenAiServer::responseFinished);
    QNetworkRequest request(QUrl(m_server->baseUrl().toString() + u"/chat/completions?trace=1"_s));
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    request.setRawHeader("Authorization", "Bearer " + ApiKey);
    request.setRawHeader("X-Kiosk-ID", "kiosk-7");
    const QByteArray body = compact(chatBody(true));
    QNetworkReply *reply = m_nam->post(request, body);
    QVERIFY(waitFinished(reply));
    const QByteArray requestId = reply->rawHeader("x-request-id");
    reply->deleteLater();

    QCOMPARE(received.size(), 1);
    QCOMPARE(received.first().first().toInt(), 0);
    QVERIFY(QTest::qWaitFor([&] { return finished.size() == 1; }, 1000));
    const QList<zk::test::RecordedRequest> requests = m_server->requests();
    QCOMPARE(requests.size(), 1);
    const zk::test::RecordedRequest &r = requests.first();
    QCOMPARE(r.method, "POST"_ba);
    QCOMPARE(r.path, "/v1/chat/completions"_ba);
    QCOMPARE(r.query, "trace=1"_ba);
    QCOMPARE(r.header("x-kiosk-id"), "kiosk-7"_ba);
    QCOMPARE(r.header("authorization"), "Bearer " + ApiKey);
    QCOMPARE(r.header("content-type"), "application/json"_ba);
    for (const auto &[name, value] : r.headers)
        QCOMPARE(name, name.toLower());
    QCOMPARE(r.body, body);
    QCOMPARE(r.json, chatBody(true));
    QCOMPARE(r.connectionId, 1);
    QCOMPARE(requestId, r.requestId);

    m_server->clearRequests();
    QVERIFY(m_server->requests().isEmpty());
}

void TestFakeServer::scriptQueues()
{
    m_server->setDefaultScript(Script::text(u"default"_s));
    m_server->enqueue(Script::text(u"A"_s));
    m_server->enqueue(Script::text(u"B"_s));
    m_server->enqueue(FakeOpenAiServer::Endpoint::Responses, Script::text(u"R"_s));
    QCOMPARE(m_server->pendingScripts(), 3);
    const auto chat = [&] {
        const RawResponse r = rawExchange(httpRequest("POST", "/v1/chat/completions", compact(chatBody(false))));
        return parseObject(r.body)["choices"_L1][0]["message"_L1]["content"_L1].toString();
    };
    const auto responses = [&] {
        const RawResponse r = rawExchange(httpRequest("POST", "/v1/responses", R"({"model":"m","input":"x"})"));
        return parseObject(r.body)["output"_L1][0]["content"_L1][0]["text"_L1].toString();
    };
    QCOMPARE(chat(), u"A"_s);
    QCOMPARE(responses(), u"R"_s);
    QCOMPARE(responses(), u"B"_s);
    QCOMPARE(chat(), u"default"_s);
    QCOMPARE(m_server->pendingScripts(), 0);
}

void TestFakeServer::rateLimitHeaders()
{
    const QRegularExpression duration(u"^(0s|\\d+ms|(\\d+h)?(\\d+m)?\\d+(\\.\\d+)?s)$"_s);
    RateLimits slow;   // one request per second refills: no refill between two quick requests
    slow.limitRequests = 60;
    slow.limitTokens = 6000;
    m_server->setRateLimits(slow);
    RawResponse first = rawExchange(httpRequest("POST", "/v1/chat/completions", compact(chatBody(true))));
    RawResponse second = rawExchange(httpRequest("POST", "/v1/chat/completions", compact(chatBody(true))));
    QCOMPARE(first.header("x-ratelimit-remaining-requests"), "59"_ba);
    QCOMPARE(second.header("x-ratelimit-remaining-requests"), "58"_ba);
    QCOMPARE(first.header("x-ratelimit-reset-requests"), "1s"_ba);
    QVERIFY(second.header("x-ratelimit-remaining-tokens").toInt() < first.header("x-ratelimit-remaining-tokens").toInt());
    for (const RawResponse *r : {&first, &second}) {
        QVERIFY(duration.match(QString::fromLatin1(r->header("x-ratelimit-reset-requests"))).hasMatch());
        QVERIFY(duration.match(QString::fromLatin1(r->header("x-ratelimit-reset-tokens"))).hasMatch());
    }

    RateLimits limits;
    limits.limitRequests = 30;
    limits.remainingTokens = 12;
    limits.resetTokens = "6m0s";
    m_server->setRateLimits(limits);
    const RawResponse r = rawExchange(httpRequest("GET", "/v1/models", {}));
    QCOMPARE(r.header("x-ratelimit-limit-requests"), "30"_ba);
    QCOMPARE(r.header("x-ratelimit-remaining-tokens"), "12"_ba);
    QCOMPARE(r.header("x-ratelimit-reset-tokens"), "6m0s"_ba);

    limits.enabled = false;
    m_server->setRateLimits(limits);
    QVERIFY(!rawExchange(httpRequest("GET", "/v1/models", {})).hasHeader("x-ratelimit-limit-requests"));
}

void TestFakeServer::formatDuration()
{
    QCOMPARE(FakeOpenAiServer::formatDuration(0), "0s"_ba);
    QCOMPARE(FakeOpenAiServer::formatDuration(12), "12ms"_ba);
    QCOMPARE(FakeOpenAiServer::formatDuration(1000), "1s"_ba);
    QCOMPARE(FakeOpenAiServer::formatDuration(1500), "1.5s"_ba);
    QCOMPARE(FakeOpenAiServer::formatDuration(360000), "6m0s"_ba);
    QCOMPARE(FakeOpenAiServer::formatDuration(3723004), "1h2m3.004s"_ba);
}

void TestFakeServer::standaloneExecutable()
{
#ifndef ZK_FAKEOPENAI_PATH
    QSKIP("zk_fakeopenai path not configured");
#else
    QProcess process;
    process.start(QStringLiteral(ZK_FAKEOPENAI_PATH),
                  {u"--port"_s, u"0"_s, u"--reply"_s, u"Hola desde el zoo 🦜"_s, u"--chunks"_s, u"3"_s,
                   u"--api-key"_s, u"sk-exe"_s, u"--write-split"_s, u"4"_s});
    QVERIFY2(process.waitForStarted(5000), qPrintable(process.errorString()));
    QVERIFY(QTest::qWaitFor([&] { return process.canReadLine(); }, 10000));
    const QByteArray line = process.readLine();
    const QRegularExpressionMatch m = QRegularExpression(u"^PORT (\\d+)\\n$"_s).match(QString::fromUtf8(line));
    QVERIFY2(m.hasMatch(), line.constData());
    const int port = m.captured(1).toInt();

    QNetworkRequest request(QUrl(u"http://127.0.0.1:%1/v1/chat/completions"_s.arg(port)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    request.setRawHeader("Authorization", "Bearer sk-exe");
    QNetworkReply *reply = m_nam->post(request, compact(chatBody(true)));
    QVERIFY(waitFinished(reply));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    const QList<SseEvent> events = parseSse(reply->readAll());
    reply->deleteLater();
    QCOMPARE(events.size(), 1 + 3 + 1 + 1 + 1);
    QCOMPARE(chatText(events), u"Hola desde el zoo 🦜"_s);

    process.terminate();   // SIGTERM: clean exit
    QVERIFY(process.waitForFinished(5000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
#endif
}

QTEST_GUILESS_MAIN(TestFakeServer)
#include "tst_fakeserver.moc"
