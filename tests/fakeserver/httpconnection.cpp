#include "httpconnection.h"

#include "fakeopenaiserver.h"
#include "openaiwire.h"

#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>

namespace zk::test {

namespace {

constexpr qsizetype MaxHeadBytes = 64 * 1024;

QByteArray headerIn(const QList<std::pair<QByteArray, QByteArray>> &headers, QByteArrayView name)
{
    for (const auto &[key, value] : headers)
        if (key == name)
            return value;
    return {};
}

} // namespace

QByteArray HttpRequest::header(QByteArrayView lowerCaseName) const
{
    return headerIn(headers, lowerCaseName);
}

QByteArray RecordedRequest::header(QByteArrayView lowerCaseName) const
{
    return headerIn(headers, lowerCaseName);
}

HttpConnection::HttpConnection(QTcpSocket *socket, int id, Handler handler, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_id(id)
    , m_handler(std::move(handler))
{
    m_socket->setParent(this);
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::readIncoming);
    connect(m_socket, &QTcpSocket::disconnected, this, &HttpConnection::closed);
    // A TLS client may send its request with the end of the handshake; it can
    // already be decrypted when the socket is handed over.
    if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &HttpConnection::readIncoming, Qt::QueuedConnection);
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        QMetaObject::invokeMethod(this, &HttpConnection::closed, Qt::QueuedConnection);
}

HttpConnection::~HttpConnection() = default;

const QSslSocket *HttpConnection::tlsSocket() const
{
    return qobject_cast<const QSslSocket *>(m_socket);
}

void HttpConnection::abort()
{
    m_stalled = true;
    m_socket->abort();
}

void HttpConnection::readIncoming()
{
    m_in.append(m_socket->readAll());
    if (m_stalled) {
        m_in.clear();   // nobody will answer on this connection any more
        return;
    }
    processBuffer();
}

void HttpConnection::processBuffer()
{
    while (!m_busy && !m_stalled) {
        HttpRequest request;
        qsizetype consumed = 0;
        switch (parseRequest(request, consumed)) {
        case Parse::Incomplete:
            return;
        case Parse::Bad:
            sendBadRequest(m_in.size() > MaxHeadBytes ? 431 : 400);
            return;
        case Parse::Complete:
            m_in.remove(0, consumed);
            m_busy = true;
            m_sentContinue = false;
            m_handler(this, std::move(request));
            break;
        }
    }
}

HttpConnection::Parse HttpConnection::parseRequest(HttpRequest &out, qsizetype &consumed)
{
    qsizetype start = 0;   // tolerate stray CRLFs between pipelined requests (RFC 9112 2.2)
    while (start < m_in.size() && (m_in.at(start) == '\r' || m_in.at(start) == '\n'))
        ++start;
    qsizetype headEnd = m_in.indexOf("\r\n\r\n", start);
    qsizetype separator = 4;
    if (const qsizetype lf = m_in.indexOf("\n\n", start); lf >= 0 && (headEnd < 0 || lf < headEnd)) {
        headEnd = lf;
        separator = 2;
    }
    if (headEnd < 0)
        return m_in.size() - start > MaxHeadBytes ? Parse::Bad : Parse::Incomplete;

    const QList<QByteArray> lines = m_in.mid(start, headEnd - start).split('\n');
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine.at(2).startsWith("HTTP/1."))
        return Parse::Bad;
    out.method = requestLine.at(0);
    out.target = requestLine.at(1);
    out.version = requestLine.at(2);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return Parse::Bad;
        out.headers.append({line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed()});
    }

    const qsizetype bodyStart = headEnd + separator;
    const bool wantsContinue = out.header("expect").compare("100-continue", Qt::CaseInsensitive) == 0;
    const auto incompleteBody = [&] {
        if (wantsContinue && !m_sentContinue) {
            m_sentContinue = true;
            m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
        }
        return Parse::Incomplete;
    };

    if (out.header("transfer-encoding").toLower().contains("chunked")) {
        qsizetype pos = bodyStart;
        for (;;) {
            const qsizetype lineEnd = m_in.indexOf("\r\n", pos);
            if (lineEnd < 0)
                return incompleteBody();
            QByteArray sizeField = m_in.mid(pos, lineEnd - pos);
            if (const qsizetype semi = sizeField.indexOf(';'); semi >= 0)
                sizeField.truncate(semi);
            bool ok = false;
            const qsizetype size = sizeField.trimmed().toLongLong(&ok, 16);
            if (!ok || size < 0)
                return Parse::Bad;
            pos = lineEnd + 2;
            if (size == 0) {   // trailers until an empty line
                for (;;) {
                    const qsizetype trailerEnd = m_in.indexOf("\r\n", pos);
                    if (trailerEnd < 0)
                        return incompleteBody();
                    const bool last = trailerEnd == pos;
                    pos = trailerEnd + 2;
                    if (last)
                        break;
                }
                break;
            }
            if (m_in.size() < pos + size + 2)
                return incompleteBody();
            out.body.append(m_in.constData() + pos, size);
            pos += size + 2;
        }
        consumed = pos;
    } else {
        qsizetype length = 0;
        if (const QByteArray field = out.header("content-length"); !field.isEmpty()) {
            bool ok = false;
            length = field.toLongLong(&ok);
            if (!ok || length < 0)
                return Parse::Bad;
        }
        if (m_in.size() - bodyStart < length)
            return incompleteBody();
        out.body = m_in.mid(bodyStart, length);
        consumed = bodyStart + length;
    }

    const QByteArray connection = out.header("connection").toLower();
    out.keepAlive = out.version == "HTTP/1.0" ? connection.contains("keep-alive") : !connection.contains("close");
    return Parse::Complete;
}

void HttpConnection::respond(ResponsePlan plan, int requestIndex)
{
    m_plan = std::move(plan);
    m_requestIndex = requestIndex;
    m_event = 0;
    m_offset = 0;
    m_waited = false;
    m_rng.seed(m_plan.splitSeed);
    m_pumpClock.invalidate();
    if (m_plan.head.isEmpty()) {   // NoFirstByte: the request was read, nothing ever comes back
        m_stalled = true;
        return;
    }
    if (m_plan.headDelayMs > 0)
        QTimer::singleShot(m_plan.headDelayMs, this, &HttpConnection::sendHead);
    else
        sendHead();
}

void HttpConnection::sendHead()
{
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    if (m_plan.writeSplit <= 0) {
        pumpWhole();   // the head goes out in the same write as the first events
        return;
    }
    m_socket->write(m_plan.head);
    m_socket->flush();
    QTimer::singleShot(0, this, &HttpConnection::pumpSplit);
}

void HttpConnection::appendFramed(QByteArray &out, QByteArrayView piece) const
{
    if (piece.isEmpty())
        return;   // an empty chunk would end the body
    if (m_plan.chunked)
        out.append(QByteArray::number(piece.size(), 16)).append("\r\n").append(piece).append("\r\n");
    else
        out.append(piece);
}

void HttpConnection::pumpWhole()
{
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    // Each event is its own chunk; consecutive events without a pause share one
    // socket write, so 20,000 deltas cost the server a handful of writes.
    QByteArray block;
    if (m_event == 0 && !m_waited) {
        qsizetype total = m_plan.head.size() + 16;
        for (const QByteArray &event : std::as_const(m_plan.events))
            total += event.size() + 12;
        block.reserve(m_plan.eventDelayMs > 0 ? m_plan.head.size() + 4096 : total);
        block.append(m_plan.head);
    }
    while (m_event < m_plan.events.size()) {
        if (m_event > 0 && m_plan.eventDelayMs > 0 && !m_waited) {
            m_socket->write(block);
            m_socket->flush();
            m_waited = true;
            QTimer::singleShot(m_plan.eventDelayMs, this, &HttpConnection::pumpWhole);
            return;
        }
        m_waited = false;
        appendFramed(block, m_plan.events.at(m_event++));
    }
    if (m_plan.chunked && m_plan.terminate)
        block.append("0\r\n\r\n");
    m_socket->write(block);
    m_socket->flush();
    finishResponse();
}

void HttpConnection::pumpSplit()
{
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    if (m_event >= m_plan.events.size()) {
        if (m_plan.chunked && m_plan.terminate) {
            m_socket->write("0\r\n\r\n");
            m_socket->flush();
        }
        finishResponse();
        return;
    }
    if (m_offset == 0 && m_event > 0 && m_plan.eventDelayMs > 0 && !m_waited) {
        m_waited = true;
        QTimer::singleShot(m_plan.eventDelayMs, this, &HttpConnection::pumpSplit);
        return;
    }
    m_waited = false;
    // One piece per event-loop turn; if the loop came back late (a test
    // sleeping in QTest::qWaitFor, a busy client), catch up with one piece per
    // millisecond missed. Every piece is still its own chunk and its own flush.
    int pieces = 1;
    if (m_pumpClock.isValid())
        pieces = int(std::clamp<qint64>(m_pumpClock.elapsed(), 1, 64));
    m_pumpClock.restart();
    bool pauseNext = false;
    for (int i = 0; i < pieces && !pauseNext && m_event < m_plan.events.size(); ++i) {
        qsizetype want = m_rng.bounded(1, m_plan.writeSplit + 1);
        QByteArray piece;
        while (want > 0 && m_event < m_plan.events.size()) {
            const QByteArray &event = m_plan.events.at(m_event);
            const qsizetype take = qMin(want, event.size() - m_offset);
            piece.append(event.constData() + m_offset, take);
            want -= take;
            m_offset += take;
            if (m_offset >= event.size()) {
                ++m_event;
                m_offset = 0;
                if (m_plan.eventDelayMs > 0) {
                    pauseNext = true;   // the pause before the next event starts a fresh write
                    break;
                }
            }
        }
        QByteArray framed;
        appendFramed(framed, piece);
        m_socket->write(framed);
        m_socket->flush();
    }
    QTimer::singleShot(0, this, &HttpConnection::pumpSplit);
}

void HttpConnection::finishResponse()
{
    const int index = m_requestIndex;
    switch (m_plan.after) {
    case ResponsePlan::After::KeepAlive:
        m_busy = false;
        QMetaObject::invokeMethod(this, &HttpConnection::processBuffer, Qt::QueuedConnection);
        break;
    case ResponsePlan::After::Close:
        m_stalled = true;
        m_socket->disconnectFromHost();
        break;
    case ResponsePlan::After::Stall:
        m_stalled = true;
        break;
    }
    m_plan.events.clear();
    Q_EMIT responseFinished(index);
}

void HttpConnection::sendBadRequest(int status)
{
    const QByteArray body = wire::errorBody(wire::errorObject(
        QStringLiteral("The request could not be parsed as HTTP/1.1."), "invalid_request_error"));
    m_socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + wire::reasonPhrase(status)
                    + "\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: "
                    + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    m_stalled = true;
    m_in.clear();
    m_socket->disconnectFromHost();
}

} // namespace zk::test
