#include "fakeopenaiserver.h"

#include "httpconnection.h"
#include "openaiwire.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLocale>
#include <QPointer>
#include <QRandomGenerator>
#include <QSslCipher>
#include <QSslConfiguration>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>

#include <algorithm>
#include <cmath>

Q_LOGGING_CATEGORY(lcFakeServer, "zk.test.fakeserver", QtInfoMsg)

using namespace Qt::StringLiterals;

namespace zk::test {

// --- Script / ModerationScript factories ------------------------------------------

Script Script::text(const QString &reply, int chunks)
{
    Script s;
    s.reply = reply;
    s.chunks = chunks;
    return s;
}

Script Script::httpError(int status, const QMap<QByteArray, QByteArray> &headers, const QByteArray &body)
{
    Script s;
    s.fault = Fault::HttpError;
    s.status = status;
    s.headers = headers;
    s.errorBody = body;
    return s;
}

Script Script::htmlError(int status)
{
    Script s;
    s.fault = Fault::HtmlError;
    s.status = status;
    return s;
}

Script Script::noFirstByte()
{
    Script s;
    s.fault = Fault::NoFirstByte;
    return s;
}

Script Script::stallAfter(int chunks)
{
    Script s;
    s.fault = Fault::StallAfterChunks;
    s.faultAfterChunks = chunks;
    return s;
}

Script Script::dropAfter(int chunks)
{
    Script s;
    s.fault = Fault::DropAfterChunks;
    s.faultAfterChunks = chunks;
    return s;
}

Script Script::malformedChunk(int afterChunks)
{
    Script s;
    s.fault = Fault::MalformedChunk;
    s.faultAfterChunks = afterChunks;
    return s;
}

Script Script::errorMidStream(int afterChunks, const QByteArray &payload)
{
    Script s;
    s.fault = Fault::ErrorMidStream;
    s.faultAfterChunks = afterChunks;
    s.errorBody = payload;
    return s;
}

Script Script::contentFilter()
{
    Script s;
    s.fault = Fault::ContentFilter;
    return s;
}

Script Script::refusalDelta(const QString &refusal)
{
    Script s;
    s.fault = Fault::RefusalDelta;
    s.refusal = refusal.isEmpty() ? u"I'm sorry, but I can't help with that."_s : refusal;
    return s;
}

ModerationScript ModerationScript::flagging(const QStringList &categories, const QString &onlyWhenInputContains)
{
    ModerationScript m;
    m.flagged = categories;
    m.onlyWhenInputContains = onlyWhenInputContains;
    return m;
}

// --- wire helpers -----------------------------------------------------------------

namespace {

using HeaderList = QList<std::pair<QByteArray, QByteArray>>;

enum class Framing { Chunked, ContentLength, CloseDelimited };

QByteArray httpDate()
{
    return QLocale::c().toString(QDateTime::currentDateTimeUtc(), u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s).toLatin1();
}

// Status line and headers in the order the API's edge sends them: Date,
// Content-Type, framing, Connection, then the API's own headers, then the
// script's extra headers (which replace same-named ones).
QByteArray buildHead(int status, const QByteArray &contentType, Framing framing, qsizetype contentLength,
                     bool keepAlive, const HeaderList &apiHeaders, const QMap<QByteArray, QByteArray> &extra)
{
    HeaderList headers;
    headers.emplaceBack("Date", httpDate());
    headers.emplaceBack("Content-Type", contentType);
    if (framing == Framing::Chunked)
        headers.emplaceBack("Transfer-Encoding", "chunked");
    else if (framing == Framing::ContentLength)
        headers.emplaceBack("Content-Length", QByteArray::number(contentLength));
    headers.emplaceBack("Connection", keepAlive ? "keep-alive" : "close");
    headers.append(apiHeaders);
    for (auto it = extra.cbegin(); it != extra.cend(); ++it) {
        bool replaced = false;
        for (auto &[name, value] : headers) {
            if (name.compare(it.key(), Qt::CaseInsensitive) == 0) {
                value = it.value();
                replaced = true;
            }
        }
        if (!replaced)
            headers.emplaceBack(it.key(), it.value());
    }
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + ' ' + wire::reasonPhrase(status) + "\r\n";
    for (const auto &[name, value] : std::as_const(headers))
        head += name + ": " + value + "\r\n";
    head += "\r\n";
    return head;
}

QByteArray bearerKey(const HttpRequest &request)
{
    const QByteArray auth = request.header("authorization");
    if (auth.left(7).compare("bearer ", Qt::CaseInsensitive) != 0)
        return {};
    return auth.mid(7).trimmed();
}

int requestedMaxTokens(const QJsonObject &body, int fallback)
{
    for (const auto key : {"max_completion_tokens"_L1, "max_tokens"_L1, "max_output_tokens"_L1})
        if (body.value(key).isDouble())
            return body.value(key).toInt();
    return fallback;
}

} // namespace

// --- server -------------------------------------------------------------------------

FakeOpenAiServer::FakeOpenAiServer(QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
    , m_models({u"gpt-4o-mini"_s, u"gpt-4o"_s, u"gpt-4.1-mini"_s, u"gpt-4.1-nano"_s, u"omni-moderation-latest"_s})
{
    m_rateClock.start();
    // pendingConnectionAvailable, not newConnection: a QSslServer queues a
    // socket only once its handshake is done, newConnection comes before that.
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, &FakeOpenAiServer::acceptConnections);
}

FakeOpenAiServer::~FakeOpenAiServer()
{
    close();
}

bool FakeOpenAiServer::listen(quint16 port)
{
    return startListening(m_tls ? new QTcpServer(this) : m_server, port);
}

bool FakeOpenAiServer::listenTls(const TlsCredentials &credentials, quint16 port)
{
    return listenTls(credentials.certificate(), credentials.privateKey(), port);
}

bool FakeOpenAiServer::listenTls(const QSslCertificate &certificate, const QSslKey &key, quint16 port)
{
    if (!QSslSocket::supportsSsl()) {
        qCWarning(lcFakeServer) << "listenTls: this Qt has no TLS backend";
        return false;
    }
    if (certificate.isNull() || key.isNull()) {
        qCWarning(lcFakeServer) << "listenTls: null certificate or key";
        return false;
    }
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(certificate);
    tls.setPrivateKey(key);
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);   // no client certificates
    // The server speaks HTTP/1.1 only: a client offering h2 (QNetworkAccessManager
    // does by default) gets http/1.1 selected, as from an HTTP/1.1-only edge.
    tls.setAllowedNextProtocols({QSslConfiguration::NextProtocolHttp1_1});

    auto *server = new QSslServer(this);
    server->setSslConfiguration(tls);
    server->setHandshakeTimeout(10000);
    const auto handshakeFailed = [this](const QString &reason) {
        ++m_tlsHandshakeFailures;
        qCDebug(lcFakeServer).noquote() << "TLS handshake failed:" << reason;
        Q_EMIT tlsHandshakeFailed(reason);
    };
    // Until its handshake is done a socket belongs to the QSslServer, which
    // deletes it if the handshake fails. Count each failed socket once.
    connect(server, &QSslServer::errorOccurred, this, [handshakeFailed](QSslSocket *socket, QAbstractSocket::SocketError) {
        if (socket->isEncrypted() || socket->property("zkHandshakeFailed").toBool())
            return;
        socket->setProperty("zkHandshakeFailed", true);
        handshakeFailed(socket->errorString());
    });
    connect(server, &QSslServer::alertReceived, this,
            [](QSslSocket *, QSsl::AlertLevel, QSsl::AlertType, const QString &description) {
                qCDebug(lcFakeServer).noquote() << "TLS alert from the client:" << description;
            });
    return startListening(server, port);
}

bool FakeOpenAiServer::startListening(QTcpServer *server, quint16 port)
{
    if (server != m_server) {
        close();
        delete m_server;
        m_server = server;
        m_tls = qobject_cast<QSslServer *>(server) != nullptr;
        connect(m_server, &QTcpServer::pendingConnectionAvailable, this, &FakeOpenAiServer::acceptConnections);
    }
    if (!m_server->listen(QHostAddress::LocalHost, port)) {
        qCWarning(lcFakeServer) << "cannot listen on 127.0.0.1 port" << port << m_server->errorString();
        return false;
    }
    qCDebug(lcFakeServer) << "listening on" << baseUrl();
    return true;
}

void FakeOpenAiServer::close()
{
    m_server->close();
    dropAllConnections();
}

bool FakeOpenAiServer::isListening() const { return m_server->isListening(); }
bool FakeOpenAiServer::isTls() const { return m_tls; }
quint16 FakeOpenAiServer::port() const { return m_server->serverPort(); }
int FakeOpenAiServer::tlsHandshakeFailures() const { return m_tlsHandshakeFailures; }

QUrl FakeOpenAiServer::baseUrl() const
{
    return QUrl((m_tls ? u"https://127.0.0.1:%1/v1"_s : u"http://127.0.0.1:%1/v1"_s).arg(port()));
}

void FakeOpenAiServer::setExpectedApiKey(const QString &key) { m_expectedKey = key; }
QString FakeOpenAiServer::expectedApiKey() const { return m_expectedKey; }

void FakeOpenAiServer::enqueue(const Script &script) { m_sharedQueue.enqueue(script); }
void FakeOpenAiServer::enqueue(Endpoint endpoint, const Script &script)
{
    m_endpointQueues[int(endpoint)].enqueue(script);
}
void FakeOpenAiServer::setDefaultScript(const Script &script) { m_defaultScript = script; }
Script FakeOpenAiServer::defaultScript() const { return m_defaultScript; }

int FakeOpenAiServer::pendingScripts() const
{
    qsizetype n = m_sharedQueue.size();
    for (const auto &queue : m_endpointQueues)
        n += queue.size();
    return int(n);
}

void FakeOpenAiServer::clearScripts()
{
    m_sharedQueue.clear();
    m_endpointQueues.clear();
    m_moderationQueue.clear();
}

void FakeOpenAiServer::setModeration(const ModerationScript &script) { m_moderation = script; }
void FakeOpenAiServer::enqueueModeration(const ModerationScript &script) { m_moderationQueue.enqueue(script); }
void FakeOpenAiServer::setModels(const QStringList &ids) { m_models = ids; }
void FakeOpenAiServer::setStaticRoute(const QByteArray &path, const QByteArray &contentType, const QByteArray &body)
{
    m_staticRoutes.insert(path, {contentType, body});
}
void FakeOpenAiServer::setRateLimits(const RateLimits &limits) { m_rateLimits = limits; }
RateLimits FakeOpenAiServer::rateLimits() const { return m_rateLimits; }

QList<RecordedRequest> FakeOpenAiServer::requests() const { return m_requests; }
RecordedRequest FakeOpenAiServer::lastRequest() const { return m_requests.isEmpty() ? RecordedRequest() : m_requests.last(); }
void FakeOpenAiServer::clearRequests() { m_requests.clear(); }

int FakeOpenAiServer::openConnections() const { return int(m_connections.size()); }
int FakeOpenAiServer::acceptedConnections() const { return m_nextConnectionId - 1; }

void FakeOpenAiServer::dropAllConnections()
{
    const QList<HttpConnection *> connections = m_connections.values();
    for (HttpConnection *connection : connections)
        connection->abort();
}

QStringList FakeOpenAiServer::splitReply(const QString &reply, int chunks) { return wire::splitReply(reply, chunks); }
int FakeOpenAiServer::estimateTokens(const QString &text) { return wire::estimateTokens(text); }
QByteArray FakeOpenAiServer::defaultErrorBody(int status) { return wire::defaultErrorBody(status); }
QByteArray FakeOpenAiServer::formatDuration(qint64 ms) { return wire::formatDuration(ms); }

void FakeOpenAiServer::acceptConnections()
{
    while (m_server->hasPendingConnections()) {
        QTcpSocket *socket = m_server->nextPendingConnection();
        const int id = m_nextConnectionId++;
        auto *connection = new HttpConnection(
            socket, id,
            [this](HttpConnection *c, HttpRequest &&request) { handleRequest(c, std::move(request)); }, this);
        m_connections.insert(id, connection);
        connect(connection, &HttpConnection::closed, this, [this, connection, id] {
            m_connections.remove(id);
            connection->deleteLater();
        });
        connect(connection, &HttpConnection::responseFinished, this, &FakeOpenAiServer::responseFinished);
    }
}

void FakeOpenAiServer::handleRequest(HttpConnection *connection, HttpRequest &&request)
{
    RecordedRequest record;
    record.method = request.method;
    const qsizetype question = request.target.indexOf('?');
    record.path = question < 0 ? request.target : request.target.left(question);
    record.query = question < 0 ? QByteArray() : request.target.mid(question + 1);
    record.headers = request.headers;
    record.body = request.body;
    record.json = QJsonDocument::fromJson(request.body).object();
    record.connectionId = connection->id();
    record.requestId = wire::newRequestId();
    if (const QSslSocket *tls = connection->tlsSocket()) {
        record.encrypted = tls->isEncrypted();
        record.tlsProtocol = tls->sessionCipher().protocolString();
        record.tlsCipher = tls->sessionCipher().name();
        record.alpn = tls->sslConfiguration().nextNegotiatedProtocol();
    }
    m_requests.append(record);
    const int index = int(m_requests.size() - 1);
    if (lcFakeServer().isDebugEnabled()) {
        const QString alpn = record.alpn.isEmpty() ? u"none"_s : QString::fromLatin1(record.alpn);
        const QString transport =
            record.encrypted ? u"%1 (%2, ALPN %3)"_s.arg(record.tlsProtocol, record.tlsCipher, alpn) : u"plain HTTP"_s;
        qCDebug(lcFakeServer).noquote() << "request" << index << record.method << record.path << "on connection"
                                        << record.connectionId << "over" << transport << "user-agent"
                                        << record.header("user-agent");
    }

    QPointer<HttpConnection> guard(connection);
    Q_EMIT requestReceived(index);
    ResponsePlan plan = route(request, record.requestId, index);
    if (guard)
        guard->respond(std::move(plan), index);
}

Script FakeOpenAiServer::takeScript(Endpoint endpoint)
{
    auto it = m_endpointQueues.find(int(endpoint));
    if (it != m_endpointQueues.end() && !it->isEmpty())
        return it->dequeue();
    if (!m_sharedQueue.isEmpty())
        return m_sharedQueue.dequeue();
    return m_defaultScript;
}

void FakeOpenAiServer::chargeRateLimits(int tokens)
{
    // A bucket that refills linearly over one minute, as the API's limits do.
    const double minutes = double(m_rateClock.restart()) / 60000.0;
    m_usedRequests = qMax(0.0, m_usedRequests - minutes * m_rateLimits.limitRequests) + 1;
    m_usedTokens = qMax(0.0, m_usedTokens - minutes * m_rateLimits.limitTokens) + qMax(0, tokens);
}

HeaderList FakeOpenAiServer::apiHeaders(const QByteArray &requestId, bool withRateLimits, bool exhausted) const
{
    HeaderList headers;
    headers.emplaceBack("access-control-expose-headers", "X-Request-ID");
    headers.emplaceBack("openai-organization", "user-zookiosktest");
    headers.emplaceBack("openai-processing-ms", QByteArray::number(QRandomGenerator::global()->bounded(90, 480)));
    headers.emplaceBack("openai-project", "proj_zookiosktest");
    headers.emplaceBack("openai-version", "2020-10-01");
    if (withRateLimits && m_rateLimits.enabled) {
        const RateLimits &r = m_rateLimits;
        const auto remaining = [&](int override, int limit, double used) -> QByteArray {
            if (override >= 0)
                return QByteArray::number(override);
            if (exhausted)
                return "0";
            return QByteArray::number(qMax(0, limit - int(std::ceil(used))));
        };
        const auto reset = [&](const QByteArray &override, int limit, double used) -> QByteArray {
            if (!override.isEmpty())
                return override;
            const qint64 ms = limit > 0 ? qint64(std::ceil(used * 60000.0 / limit)) : 0;
            return wire::formatDuration(exhausted ? qMax<qint64>(ms, 1) : ms);
        };
        headers.emplaceBack("x-ratelimit-limit-requests", QByteArray::number(r.limitRequests));
        headers.emplaceBack("x-ratelimit-limit-tokens", QByteArray::number(r.limitTokens));
        headers.emplaceBack("x-ratelimit-remaining-requests", remaining(r.remainingRequests, r.limitRequests, m_usedRequests));
        headers.emplaceBack("x-ratelimit-remaining-tokens", remaining(r.remainingTokens, r.limitTokens, m_usedTokens));
        headers.emplaceBack("x-ratelimit-reset-requests", reset(r.resetRequests, r.limitRequests, m_usedRequests));
        headers.emplaceBack("x-ratelimit-reset-tokens", reset(r.resetTokens, r.limitTokens, m_usedTokens));
    }
    headers.emplaceBack("x-request-id", requestId);
    headers.emplaceBack("x-content-type-options", "nosniff");
    headers.emplaceBack("server", "zk-fakeopenai");
    return headers;
}

namespace {

// A complete, small body (errors, JSON objects): Content-Length, or a
// close-delimited body when the script turned chunked encoding off.
ResponsePlan wholeBody(const HttpRequest &request, int status, const QByteArray &contentType, const QByteArray &body,
                       const HeaderList &apiHeaders, const QMap<QByteArray, QByteArray> &extra,
                       Framing framing = Framing::ContentLength)
{
    ResponsePlan plan;
    const bool keepAlive = request.keepAlive && framing != Framing::CloseDelimited;
    plan.head = buildHead(status, contentType, framing, body.size(), keepAlive, apiHeaders, extra);
    plan.events = {body};
    plan.chunked = framing == Framing::Chunked;
    plan.after = keepAlive ? ResponsePlan::After::KeepAlive : ResponsePlan::After::Close;
    return plan;
}

constexpr auto JsonError = "application/json; charset=utf-8";

} // namespace

ResponsePlan FakeOpenAiServer::route(const HttpRequest &request, const QByteArray &requestId, int index)
{
    const RecordedRequest &record = m_requests.at(index);
    QByteArray path = record.path;
    if (path.size() > 1 && path.endsWith('/'))
        path.chop(1);
    const auto error = [&](int status, const WireJson &errorObject) {
        return wholeBody(request, status, JsonError, wire::errorBody(errorObject), apiHeaders(requestId, false, false),
                         {});
    };

    enum class Route { Chat, Responses, Moderations, Models, Model, Unknown };
    Route routeTo = Route::Unknown;
    QByteArray method = "POST";
    if (path == "/v1/chat/completions") {
        routeTo = Route::Chat;
    } else if (path == "/v1/responses") {
        routeTo = Route::Responses;
    } else if (path == "/v1/moderations") {
        routeTo = Route::Moderations;
    } else if (path == "/v1/models") {
        routeTo = Route::Models;
        method = "GET";
    } else if (path.startsWith("/v1/models/")) {
        routeTo = Route::Model;
        method = "GET";
    }
    const QString what = QString::fromUtf8(request.method + ' ' + path);
    if (routeTo == Route::Unknown && m_staticRoutes.contains(record.path)) {
        const auto &[contentType, body] = m_staticRoutes.value(record.path);
        return wholeBody(request, 200, contentType, body, {{"cache-control", "no-store"}}, {});
    }
    if (routeTo == Route::Unknown)
        return error(404, wire::errorObject(u"Invalid URL (%1)"_s.arg(what), "invalid_request_error"));

    const QByteArray key = bearerKey(request);
    if (key.isEmpty())
        return wholeBody(request, 401, JsonError, wire::missingApiKeyBody(), apiHeaders(requestId, false, false), {});
    if (!m_expectedKey.isEmpty() && QString::fromUtf8(key) != m_expectedKey)
        return wholeBody(request, 401, JsonError, wire::invalidApiKeyBody(QString::fromUtf8(key)),
                         apiHeaders(requestId, false, false), {});

    if (request.method != method)
        return error(405, wire::errorObject(u"Invalid method for URL (%1)"_s.arg(what), "invalid_request_error"));

    if (routeTo == Route::Models) {
        chargeRateLimits(0);
        return wholeBody(request, 200, "application/json", wire::modelsBody(m_models), apiHeaders(requestId, true, false),
                         {});
    }
    if (routeTo == Route::Model) {
        const QString id = QString::fromUtf8(path.mid(int(qstrlen("/v1/models/"))));
        if (!m_models.contains(id))
            return error(404, wire::errorObject(u"The model '%1' does not exist"_s.arg(id), "invalid_request_error",
                                                "model", "model_not_found"));
        chargeRateLimits(0);
        return wholeBody(request, 200, "application/json", wire::modelBody(id), apiHeaders(requestId, true, false), {});
    }

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return error(400, wire::errorObject(
                              u"We could not parse the JSON body of your request. (HINT: This likely means you aren't "
                              u"using your HTTP library correctly. The OpenAI API expects a JSON payload, but what "
                              u"was sent was not valid JSON. If you have trouble figuring out how to fix this, please "
                              u"contact us through our help center at help.openai.com.)"_s,
                              "invalid_request_error"));
    const QJsonObject body = document.object();

    if (routeTo == Route::Moderations) {
        if (!body.contains("input"_L1))
            return error(400, wire::errorObject(u"Missing required parameter: 'input'."_s, "invalid_request_error",
                                                "input", "missing_required_parameter"));
        return moderation(request, body, requestId);
    }
    if (body.value("model"_L1).toString().isEmpty())
        return error(400, wire::errorObject(u"you must provide a model parameter"_s, "invalid_request_error"));
    if (routeTo == Route::Chat) {
        if (!body.value("messages"_L1).isArray())
            return error(400, wire::errorObject(u"Missing required parameter: 'messages'."_s, "invalid_request_error",
                                                "messages", "missing_required_parameter"));
        if (body.value("messages"_L1).toArray().isEmpty())
            return wholeBody(request, 400, JsonError, wire::defaultErrorBody(400), apiHeaders(requestId, false, false),
                             {});
        return generation(request, body, Endpoint::ChatCompletions, requestId);
    }
    return generation(request, body, Endpoint::Responses, requestId);
}

ResponsePlan FakeOpenAiServer::generation(const HttpRequest &request, const QJsonObject &body, Endpoint endpoint,
                                          const QByteArray &requestId)
{
    using Fault = Script::Fault;
    const Script script = takeScript(endpoint);
    const bool stream = body.value("stream"_L1).toBool();

    wire::Generation g;
    g.model = (script.model.isEmpty() ? body.value("model"_L1).toString() : script.model).toUtf8();
    g.created = QDateTime::currentSecsSinceEpoch();
    g.refusal = script.fault == Fault::RefusalDelta;
    g.deltas = wire::splitReply(g.refusal && !script.refusal.isEmpty() ? script.refusal : script.reply, script.chunks);
    g.finishReason = script.fault == Fault::ContentFilter ? u"content_filter"_s : script.finishReason;
    g.promptTokens = wire::estimateTokens(wire::promptText(body));
    g.completionTokens = wire::estimateTokens(g.deltas.join(QString()));
    const int after = script.faultAfterChunks < 0 ? int(g.deltas.size() / 2)
                                                  : qMin(script.faultAfterChunks, int(g.deltas.size()));
    g.faultAfter = after;
    if (script.fault == Fault::MalformedChunk)
        g.fault = wire::StreamFault::MalformedChunk;
    else if (script.fault == Fault::ErrorMidStream && stream)
        g.fault = wire::StreamFault::ErrorMidStream;
    g.errorPayload = script.errorBody;
    chargeRateLimits(g.promptTokens + requestedMaxTokens(body, g.completionTokens));

    const Framing framing = script.chunkedEncoding ? Framing::Chunked : Framing::CloseDelimited;
    const bool keepAlive = request.keepAlive && script.chunkedEncoding;
    ResponsePlan plan;
    plan.headDelayMs = script.firstByteDelayMs;
    plan.writeSplit = script.writeSplit;
    plan.splitSeed = script.splitSeed;
    plan.eventDelayMs = script.interChunkDelayMs;

    if (script.fault == Fault::NoFirstByte) {
        plan.after = ResponsePlan::After::Stall;
        return plan;   // empty head: nothing is ever sent
    }
    const bool nonStreamError = script.fault == Fault::ErrorMidStream && !stream;
    if (script.fault == Fault::HttpError || nonStreamError) {
        const int status = nonStreamError ? 500 : script.status > 0 ? script.status : 429;
        const QByteArray errorBody =
            script.errorBody.isEmpty() || nonStreamError ? wire::defaultErrorBody(status) : script.errorBody;
        ResponsePlan errorPlan = wholeBody(request, status, JsonError, errorBody,
                                           apiHeaders(requestId, status == 429, status == 429), script.headers,
                                           script.chunkedEncoding ? Framing::ContentLength : Framing::CloseDelimited);
        errorPlan.headDelayMs = plan.headDelayMs;
        errorPlan.writeSplit = plan.writeSplit;
        errorPlan.splitSeed = plan.splitSeed;
        return errorPlan;
    }
    if (script.fault == Fault::HtmlError) {
        const int status = script.status > 0 ? script.status : 502;
        const HeaderList proxyHeaders = {{"Server", "cloudflare"}, {"CF-RAY", wire::randomHex(16) + "-AMS"}};
        ResponsePlan htmlPlan = wholeBody(request, status, "text/html", wire::htmlErrorPage(status), proxyHeaders,
                                          script.headers,
                                          script.chunkedEncoding ? Framing::ContentLength : Framing::CloseDelimited);
        htmlPlan.headDelayMs = plan.headDelayMs;
        return htmlPlan;
    }

    QByteArray contentType;
    if (stream) {
        const bool usageOption = script.includeUsage
            && body.value("stream_options"_L1).toObject().value("include_usage"_L1).toBool();
        wire::SseBody sse = endpoint == Endpoint::ChatCompletions ? wire::chatCompletionStream(g, usageOption)
                                                                  : wire::responsesStream(g, body);
        if (script.fault == Fault::StallAfterChunks || script.fault == Fault::DropAfterChunks) {
            qsizetype keep = sse.events.size();
            if (after < sse.deltaEvents.size())
                keep = sse.deltaEvents.at(after);
            else if (!sse.deltaEvents.isEmpty())
                keep = sse.deltaEvents.last() + 1;
            else
                keep = qMin<qsizetype>(1, sse.events.size());
            sse.events.resize(keep);
        }
        plan.events = std::move(sse.events);
        contentType = "text/event-stream; charset=utf-8";
    } else {
        QByteArray json = endpoint == Endpoint::ChatCompletions ? wire::chatCompletionBody(g)
                                                                : wire::responseBody(g, body);
        if (script.fault == Fault::MalformedChunk || script.fault == Fault::StallAfterChunks
            || script.fault == Fault::DropAfterChunks)
            json.truncate(json.size() / 2);   // the JSON breaks off halfway
        plan.events = {json};
        contentType = "application/json";
    }

    if (script.fault == Fault::StallAfterChunks || script.fault == Fault::DropAfterChunks) {
        plan.terminate = false;
        plan.after = script.fault == Fault::StallAfterChunks ? ResponsePlan::After::Stall : ResponsePlan::After::Close;
    } else {
        plan.after = keepAlive ? ResponsePlan::After::KeepAlive : ResponsePlan::After::Close;
    }
    plan.chunked = framing == Framing::Chunked;
    plan.head = buildHead(200, contentType, framing, 0, keepAlive, apiHeaders(requestId, true, false), script.headers);
    return plan;
}

ResponsePlan FakeOpenAiServer::moderation(const HttpRequest &request, const QJsonObject &body,
                                          const QByteArray &requestId)
{
    using Fault = Script::Fault;
    const ModerationScript m = m_moderationQueue.isEmpty() ? m_moderation : m_moderationQueue.dequeue();

    QList<std::pair<QString, bool>> inputs;   // text, has an image part
    const QJsonValue input = body.value("input"_L1);
    if (input.isString()) {
        inputs.append({input.toString(), false});
    } else if (input.isArray()) {
        const QJsonArray items = input.toArray();
        const bool multiModal = std::any_of(items.begin(), items.end(), [](const QJsonValue &v) { return v.isObject(); });
        if (multiModal) {   // one result for the whole list of parts
            QString text;
            bool image = false;
            for (const QJsonValue &part : items) {
                text += part.toObject().value("text"_L1).toString();
                image = image || part.toObject().value("type"_L1).toString() == "image_url"_L1;
            }
            inputs.append({text, image});
        } else {
            for (const QJsonValue &item : items)
                inputs.append({item.toString(), false});
        }
    }

    QList<wire::ModerationVerdict> verdicts;
    QString allText;
    for (const auto &[text, image] : std::as_const(inputs)) {
        allText += text;
        wire::ModerationVerdict verdict;
        verdict.hasImage = image;
        if (m.onlyWhenInputContains.isEmpty() || text.contains(m.onlyWhenInputContains, Qt::CaseInsensitive)) {
            verdict.flagged = m.flagged;
            for (auto it = m.scores.cbegin(); it != m.scores.cend(); ++it)
                verdict.scores.append({it.key(), it.value()});
        }
        verdicts.append(verdict);
    }
    chargeRateLimits(wire::estimateTokens(allText));

    if (m.fault == Fault::NoFirstByte) {
        ResponsePlan plan;
        plan.after = ResponsePlan::After::Stall;
        return plan;
    }
    const Framing framing = m.chunkedEncoding ? Framing::ContentLength : Framing::CloseDelimited;
    ResponsePlan plan;
    if (m.fault == Fault::HttpError || m.fault == Fault::ErrorMidStream) {
        const int status = m.status > 0 ? m.status : m.fault == Fault::HttpError ? 429 : 500;
        plan = wholeBody(request, status, JsonError, m.errorBody.isEmpty() ? wire::defaultErrorBody(status) : m.errorBody,
                         apiHeaders(requestId, status == 429, status == 429), m.headers, framing);
    } else if (m.fault == Fault::HtmlError) {
        const int status = m.status > 0 ? m.status : 502;
        plan = wholeBody(request, status, "text/html", wire::htmlErrorPage(status),
                         {{"Server", "cloudflare"}, {"CF-RAY", wire::randomHex(16) + "-AMS"}}, m.headers, framing);
    } else {
        const QString model = !m.model.isEmpty() ? m.model
            : body.value("model"_L1).toString().isEmpty() ? u"omni-moderation-latest"_s
                                                          : body.value("model"_L1).toString();
        QByteArray json = wire::moderationBody(model.toUtf8(), verdicts);
        const bool cut = m.fault == Fault::MalformedChunk || m.fault == Fault::StallAfterChunks
            || m.fault == Fault::DropAfterChunks;
        if (cut)
            json.truncate(json.size() / 2);
        const Framing okFraming = m.chunkedEncoding ? Framing::Chunked : Framing::CloseDelimited;
        plan = wholeBody(request, 200, "application/json", json, apiHeaders(requestId, true, false), m.headers,
                         okFraming);
        if (m.fault == Fault::StallAfterChunks || m.fault == Fault::DropAfterChunks) {
            plan.terminate = false;
            plan.after = m.fault == Fault::StallAfterChunks ? ResponsePlan::After::Stall : ResponsePlan::After::Close;
        }
    }
    plan.headDelayMs = m.delayMs;
    plan.writeSplit = m.writeSplit;
    return plan;
}

} // namespace zk::test
