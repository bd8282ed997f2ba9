#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QLoggingCategory>
#include <QMap>
#include <QObject>
#include <QQueue>
#include <QString>
#include <QStringList>
#include <QUrl>

#include "tlscredentials.h"

#include <utility>

class QTcpServer;

Q_DECLARE_LOGGING_CATEGORY(lcFakeServer)

namespace zk::test {

class HttpConnection;
struct HttpRequest;
struct ResponsePlan;

// What the server does with the next chat-completions / responses request.
// Plain values; start from a factory (Script::stallAfter(3)) or set fields.
struct Script
{
    enum class Fault {
        None,
        HttpError,         // `status` (default 429) with `errorBody` (default: realistic JSON for the status)
        HtmlError,         // an HTML 502/503 page from a fronting proxy (status default 502)
        NoFirstByte,       // read the request, never answer, keep the socket open
        StallAfterChunks,  // send `faultAfterChunks` deltas, then go silent with the socket open
        DropAfterChunks,   // send `faultAfterChunks` deltas, then close the connection (no [DONE])
        MalformedChunk,    // one invalid-JSON data line after `faultAfterChunks` deltas, then carry on
        ErrorMidStream,    // after `faultAfterChunks` deltas: data: {"error":{...}} and the stream ends
        ContentFilter,     // finish_reason "content_filter"
        RefusalDelta,      // the reply arrives as delta.refusal (text: `refusal`, else `reply`)
    };

    QString reply = QStringLiteral("Hi there! I'm Rosie the red panda. I love bamboo, "
                                   "naps in the treetops and meeting new friends.");
    int chunks = 0;                 // deltas; 0 = one per word (see splitReply)
    QString model;                  // reported model; empty = echo the requested one
    bool includeUsage = true;       // usage chunk, only when the request asks stream_options.include_usage
    QString finishReason = QStringLiteral("stop");
    int writeSplit = 0;             // 0 = whole events; N > 0 = body re-cut into writes of 1..N bytes
    quint32 splitSeed = 1;          // seed of the writeSplit RNG (deterministic cuts)
    bool chunkedEncoding = true;    // Transfer-Encoding: chunked; false = Connection: close, raw body
    int interChunkDelayMs = 0;      // pause before every event after the first
    int firstByteDelayMs = 0;       // pause before the status line
    Fault fault = Fault::None;
    int faultAfterChunks = -1;      // n for Stall/Drop/Malformed/ErrorMidStream; -1 = half the deltas
    int status = 0;                 // HttpError / HtmlError status; 0 = 429 / 502
    QByteArray errorBody;           // HttpError body; ErrorMidStream data payload (one line)
    QMap<QByteArray, QByteArray> headers;  // extra response headers (lower-case names), replace same-named
    QString refusal;                // RefusalDelta text; empty = `reply`

    static Script text(const QString &reply, int chunks = 0);
    static Script httpError(int status, const QMap<QByteArray, QByteArray> &headers = {},
                            const QByteArray &body = {});
    static Script htmlError(int status = 502);
    static Script noFirstByte();
    static Script stallAfter(int chunks);
    static Script dropAfter(int chunks);
    static Script malformedChunk(int afterChunks = -1);
    static Script errorMidStream(int afterChunks = -1, const QByteArray &payload = {});
    static Script contentFilter();
    static Script refusalDelta(const QString &refusal = {});
};

// What the server answers to POST /v1/moderations.
struct ModerationScript
{
    QStringList flagged;                 // categories set true (e.g. "violence"); any -> "flagged": true
    QMap<QString, double> scores;        // score overrides; flagged ones default to 0.9321, others low
    QString onlyWhenInputContains;       // non-empty: flags apply only to inputs containing it (case-insensitive)
    QString model;                       // reported model; empty = echo request, else "omni-moderation-latest"
    Script::Fault fault = Script::Fault::None;  // HttpError, HtmlError, NoFirstByte, StallAfterChunks
                                                // (half the body, then silence), DropAfterChunks (half, then
                                                // close), MalformedChunk (truncated JSON)
    int status = 0;
    QByteArray errorBody;
    QMap<QByteArray, QByteArray> headers;
    int delayMs = 0;                     // before the status line
    bool chunkedEncoding = true;
    int writeSplit = 0;

    static ModerationScript flagging(const QStringList &categories, const QString &onlyWhenInputContains = {});
};

// x-ratelimit-* headers. -1 / empty = computed from the traffic the server has
// seen (a bucket refilling over one minute, like the real limits).
struct RateLimits
{
    bool enabled = true;
    int limitRequests = 5000;
    int limitTokens = 800000;
    int remainingRequests = -1;
    int remainingTokens = -1;
    QByteArray resetRequests;            // e.g. "12ms", "6m0s"
    QByteArray resetTokens;
};

struct RecordedRequest
{
    QByteArray method;
    QByteArray path;                     // without the query, e.g. "/v1/chat/completions"
    QByteArray query;
    QList<std::pair<QByteArray, QByteArray>> headers;   // names lower-case, in arrival order
    QByteArray body;
    QJsonObject json;                    // parsed body; empty if it is not a JSON object
    int connectionId = 0;                // the TCP connection that carried it (1, 2, ...)
    QByteArray requestId;                // the x-request-id the server answered with
    bool encrypted = false;              // the connection was TLS (listenTls)
    QString tlsProtocol;                 // e.g. "TLSv1.3"; empty over plain HTTP
    QString tlsCipher;                   // e.g. "TLS_AES_256_GCM_SHA384"
    QByteArray alpn;                     // negotiated ALPN protocol ("http/1.1"); empty if none

    QByteArray header(QByteArrayView lowerCaseName) const;
};

// A local OpenAI-compatible HTTP/1.1 server for tests and benchmarks. Runs in
// the thread that creates it, on that thread's event loop; listens on 127.0.0.1,
// over plain HTTP (listen) or HTTPS (listenTls: TLS 1.2 or later, ALPN
// "http/1.1" only, so clients that offer h2 fall back to HTTP/1.1).
class FakeOpenAiServer : public QObject
{
    Q_OBJECT

public:
    enum class Endpoint { ChatCompletions, Responses };

    explicit FakeOpenAiServer(QObject *parent = nullptr);
    ~FakeOpenAiServer() override;

    bool listen(quint16 port = 0);       // plain HTTP
    // HTTPS with this certificate and key (e.g. TlsCredentials::selfSigned());
    // the certificate should name IP:127.0.0.1 for clients to accept it.
    bool listenTls(const QSslCertificate &certificate, const QSslKey &key, quint16 port = 0);
    bool listenTls(const TlsCredentials &credentials, quint16 port = 0);
    void close();                        // stop listening and drop every connection
    bool isListening() const;
    bool isTls() const;                  // listening (or last listened) with listenTls
    quint16 port() const;
    QUrl baseUrl() const;                // http://127.0.0.1:PORT/v1, or https:// after listenTls
    // TLS handshakes that failed (the client rejected the certificate, spoke
    // plain HTTP to the TLS port, ...), since construction.
    int tlsHandshakeFailures() const;

    // Expected "Authorization: Bearer <key>". Empty (the default) accepts any
    // non-empty key; a missing key is always 401.
    void setExpectedApiKey(const QString &key);
    QString expectedApiKey() const;

    // Scripts are consumed one per request: the endpoint's own queue first,
    // then the shared queue (chat completions and responses), then the default.
    void enqueue(const Script &script);
    void enqueue(Endpoint endpoint, const Script &script);
    void setDefaultScript(const Script &script);
    Script defaultScript() const;
    int pendingScripts() const;
    void clearScripts();

    void setModeration(const ModerationScript &script);      // persistent answer
    void enqueueModeration(const ModerationScript &script);  // for the next request only, in order
    void setModels(const QStringList &ids);                  // GET /v1/models
    // Answers any request for `path` (outside /v1) with 200 and this body, no
    // key needed; recorded like every request. For benchmarks: a browser page
    // served from the same origin as the API (no CORS), and a place it can
    // POST its figures to. Paths not set keep their 404.
    void setStaticRoute(const QByteArray &path, const QByteArray &contentType, const QByteArray &body);
    void setRateLimits(const RateLimits &limits);
    RateLimits rateLimits() const;

    QList<RecordedRequest> requests() const;
    RecordedRequest lastRequest() const;
    void clearRequests();

    int openConnections() const;
    int acceptedConnections() const;     // since construction
    void dropAllConnections();           // e.g. to release stalled clients

    // Helpers shared with tests (see openaiwire.h).
    static QStringList splitReply(const QString &reply, int chunks);
    static int estimateTokens(const QString &text);
    static QByteArray defaultErrorBody(int status);
    static QByteArray formatDuration(qint64 ms);

Q_SIGNALS:
    void requestReceived(int index);     // a complete request was read and recorded
    void responseFinished(int index);    // its response was handed to the socket in full
    void tlsHandshakeFailed(const QString &reason);

private:
    bool startListening(QTcpServer *server, quint16 port);
    void acceptConnections();
    void handleRequest(HttpConnection *connection, HttpRequest &&request);
    ResponsePlan route(const HttpRequest &request, const QByteArray &requestId, int index);
    ResponsePlan generation(const HttpRequest &request, const QJsonObject &body, Endpoint endpoint,
                            const QByteArray &requestId);
    ResponsePlan moderation(const HttpRequest &request, const QJsonObject &body, const QByteArray &requestId);
    Script takeScript(Endpoint endpoint);
    void chargeRateLimits(int tokens);
    QList<std::pair<QByteArray, QByteArray>> apiHeaders(const QByteArray &requestId, bool withRateLimits,
                                                        bool exhausted) const;

    QTcpServer *m_server = nullptr;      // a QSslServer after listenTls
    bool m_tls = false;
    int m_tlsHandshakeFailures = 0;
    QHash<int, HttpConnection *> m_connections;
    int m_nextConnectionId = 1;
    QString m_expectedKey;
    QQueue<Script> m_sharedQueue;
    QHash<int, QQueue<Script>> m_endpointQueues;
    Script m_defaultScript;
    ModerationScript m_moderation;
    QQueue<ModerationScript> m_moderationQueue;
    QStringList m_models;
    QHash<QByteArray, std::pair<QByteArray, QByteArray>> m_staticRoutes; // path -> content type, body
    RateLimits m_rateLimits;
    double m_usedRequests = 0;
    double m_usedTokens = 0;
    QElapsedTimer m_rateClock;
    QList<RecordedRequest> m_requests;
};

} // namespace zk::test
