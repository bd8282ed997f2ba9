#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QRandomGenerator>

#include <functional>
#include <utility>

class QSslSocket;
class QTcpSocket;

namespace zk::test {

struct HttpRequest
{
    QByteArray method;
    QByteArray target;       // as sent: path plus optional ?query
    QByteArray version;      // "HTTP/1.1"
    QList<std::pair<QByteArray, QByteArray>> headers;   // names lower-case
    QByteArray body;
    bool keepAlive = true;   // the client lets the connection live on

    QByteArray header(QByteArrayView lowerCaseName) const;
};

// How to put one response on the wire.
struct ResponsePlan
{
    enum class After { KeepAlive, Close, Stall };

    QByteArray head;                 // status line + headers + CRLF; empty = send nothing at all
    QList<QByteArray> events;        // body pieces; with `chunked` each one is framed as its own chunk
    int eventDelayMs = 0;            // pause before every event after the first
    int headDelayMs = 0;             // pause before the head
    bool chunked = false;
    bool terminate = true;           // send the last chunk ("0\r\n\r\n") after the events (chunked)
    int writeSplit = 0;              // >0: body re-cut into writes of 1..N bytes, one per event-loop turn
    quint32 splitSeed = 1;
    After after = After::KeepAlive;
};

// One accepted TCP connection (plain, or a QSslSocket whose handshake is done):
// reads HTTP/1.1 requests (split reads, pipelining,
// Content-Length or chunked bodies, Expect: 100-continue) and writes planned
// responses. Requests on a connection are answered strictly in order.
class HttpConnection : public QObject
{
    Q_OBJECT

public:
    using Handler = std::function<void(HttpConnection *, HttpRequest &&)>;

    HttpConnection(QTcpSocket *socket, int id, Handler handler, QObject *parent = nullptr);
    ~HttpConnection() override;

    int id() const { return m_id; }
    const QSslSocket *tlsSocket() const;   // null for a plain TCP connection
    void respond(ResponsePlan plan, int requestIndex);
    void abort();

Q_SIGNALS:
    void responseFinished(int requestIndex);
    void closed();

private:
    enum class Parse { Incomplete, Complete, Bad };
    void readIncoming();
    void processBuffer();
    Parse parseRequest(HttpRequest &out, qsizetype &consumed);
    void sendHead();
    void pump();
    void pumpWhole();
    void pumpSplit();
    void appendFramed(QByteArray &out, QByteArrayView piece) const;
    void finishResponse();
    void sendBadRequest(int status);

    QTcpSocket *m_socket = nullptr;
    int m_id = 0;
    Handler m_handler;
    QByteArray m_in;
    bool m_busy = false;          // a request is being answered
    bool m_stalled = false;       // a fault left the connection silent for good
    bool m_sentContinue = false;
    ResponsePlan m_plan;
    int m_requestIndex = -1;
    qsizetype m_event = 0;        // next event to send
    qsizetype m_offset = 0;       // bytes of m_event already sent (writeSplit)
    bool m_waited = false;        // the delay before m_event has been served
    QRandomGenerator m_rng;
    QElapsedTimer m_pumpClock;    // time since the last writeSplit turn
};

} // namespace zk::test
