#include "llm/chatstream.h"

#include "core/logging.h"
#include "llm/errorclassifier.h"
#include "llm/openaiclient.h"

#include <QNetworkReply>

#include <chrono>
#include <utility>

using namespace Qt::StringLiterals;

namespace zk::llm {

ChatStream::ChatStream(QNetworkReply *reply, ApiFlavor api, const ClientSettings &settings, QObject *parent)
    : QObject(parent)
    , m_reply(reply)
    , m_firstByteTimeoutMs(settings.firstByteTimeoutMs)
    , m_betweenChunksTimeoutMs(settings.betweenChunksTimeoutMs)
{
    if (api == ApiFlavor::Responses)
        m_decoder = std::make_unique<ResponsesDecoder>();
    else
        m_decoder = std::make_unique<ChatCompletionsDecoder>();
    m_clock.start();
    m_reply->setParent(this);

    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &ChatStream::onTimeout);
    m_timer.start(settings.connectTimeoutMs);

    connect(m_reply, &QNetworkReply::requestSent, this, &ChatStream::onRequestSent);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, &ChatStream::onMetaDataChanged);
    connect(m_reply, &QNetworkReply::readyRead, this, &ChatStream::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &ChatStream::onReplyFinished);
}

ChatStream::~ChatStream()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
    }
}

void ChatStream::abort()
{
    finish(ErrorKind::Cancelled, u"cancelled by the caller"_s);
}

void ChatStream::onRequestSent()
{
    if (m_phase == Phase::Connecting) {
        m_phase = Phase::AwaitingFirstByte;
        m_timer.start(m_firstByteTimeoutMs);
    }
}

void ChatStream::onMetaDataChanged()
{
    m_httpStatus = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    m_result.requestId = QString::fromLatin1(m_reply->rawHeader("x-request-id"));
    m_result.responseHeaders = m_reply->rawHeaderPairs();
}

void ChatStream::onReadyRead()
{
    if (m_finished)
        return;
    if (m_phase != Phase::Streaming) {
        m_phase = Phase::Streaming;
        m_result.firstByteMs = m_clock.elapsed();
        m_result.firstByteSteadyNs = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                         std::chrono::steady_clock::now().time_since_epoch()).count();
        m_timer.start(m_betweenChunksTimeoutMs);
    }
    // The between-chunks watchdog is not restarted for every read (a read comes
    // every few chunks, and restarting a timer costs far more than reading the
    // clock): onTimeout() looks at how long the stream has really been quiet.
    m_lastBytesMs = m_clock.elapsed();
    if (!m_sliceQueued)
        readSlice();
}

// At most this many body bytes are parsed per turn of the event loop. A reply
// that arrives all at once (a fast network, a burst after a stall) is parsed in
// slices, so whoever shares the thread (the kiosk screen) keeps painting while
// it is read, and no read buffers a whole reply.
static constexpr qint64 kSliceBytes = 32 * 1024;

void ChatStream::readSlice()
{
    m_sliceQueued = false;
    if (m_finished)
        return;
    const QByteArray bytes = m_reply->read(kSliceBytes);
    if (m_httpStatus >= 400 || (m_httpStatus >= 300 && m_httpStatus < 400)) {
        // An error body: keep it whole (bounded) and classify it when the reply ends.
        if (m_errorBody.size() < 64 * 1024)
            m_errorBody += bytes.left(64 * 1024 - m_errorBody.size());
    } else {
        handleUpdates(m_parser.feed(bytes));
    }
    if (m_finished)
        return;
    if (m_reply->bytesAvailable() > 0) {
        m_lastBytesMs = m_clock.elapsed(); // bytes are waiting: the stream is not quiet
        m_sliceQueued = true;
        QMetaObject::invokeMethod(this, &ChatStream::readSlice, Qt::QueuedConnection);
    } else if (m_replyEnded) {
        completeAfterReply();
    }
}

void ChatStream::handleUpdates(const QList<SseEvent> &events)
{
    // The text deltas of one read leave in one textReceived(): they arrived
    // together, and each emission costs a chain of signal hops downstream
    // (ModelCall, TurnRun, the screen). The first text of the stream leaves at
    // once (time to first token), and text always leaves before what follows
    // it in the stream is acted on (finish, error).
    QString text;
    const auto emitText = [this, &text] {
        if (text.isEmpty())
            return;
        m_result.text += text;
        Q_EMIT textReceived(std::exchange(text, {}));
    };
    QList<StreamUpdate> updates;
    for (const SseEvent &event : events) {
        updates.clear();
        m_decoder->decode(event, updates);
        for (const StreamUpdate &u : std::as_const(updates)) {
            if (m_finished)
                return;
            switch (u.kind) {
            case StreamUpdate::Kind::Text:
                if (u.text.isEmpty())
                    break;
                if (text.isEmpty())
                    text = u.text; // shared, not copied
                else
                    text += u.text;
                if (m_result.firstTokenMs < 0) {
                    m_result.firstTokenMs = m_clock.elapsed();
                    emitText();
                }
                break;
            case StreamUpdate::Kind::Refusal:
                m_result.refusal += u.text;
                break;
            case StreamUpdate::Kind::Finish:
                m_result.finishReason = u.text;
                break;
            case StreamUpdate::Kind::UsageReport:
                m_result.usage = u.usage;
                break;
            case StreamUpdate::Kind::Meta:
                if (m_result.model.isEmpty())
                    m_result.model = u.text;
                break;
            case StreamUpdate::Kind::Malformed:
                ++m_result.malformedChunks;
                qCWarning(lcLlm) << "skipped a malformed stream chunk; request" << m_result.requestId;
                break;
            case StreamUpdate::Kind::Error:
                emitText();
                if (!m_finished)
                    finishWith(ErrorClassifier::fromStreamError(u.error));
                return;
            case StreamUpdate::Kind::Done:
                emitText();
                if (m_finished)
                    return;
                m_result.completed = true;
                if (m_result.finishReason == u"content_filter")
                    finish(ErrorKind::ContentFilter, u"finish_reason content_filter"_s);
                else
                    finish();
                return;
            }
        }
    }
    emitText();
}

void ChatStream::onReplyFinished()
{
    if (m_finished)
        return;
    m_replyEnded = true;
    if (m_sliceQueued)
        return; // the queued slice reads the rest, then completes
    if (m_reply->bytesAvailable() > 0) {
        onReadyRead();
        return;
    }
    completeAfterReply();
}

void ChatStream::completeAfterReply()
{
    if (m_httpStatus >= 300) {
        finishWith(ErrorClassifier::fromHttp(m_httpStatus, m_reply->rawHeaderPairs(), m_errorBody));
        return;
    }
    if (m_reply->error() != QNetworkReply::NoError && m_reply->error() != QNetworkReply::RemoteHostClosedError) {
        finishWith(ErrorClassifier::fromNetwork(m_reply->error(), m_reply->errorString()));
        return;
    }
    // The body ended: flush a last event that lacked its blank line.
    handleUpdates(m_parser.finish());
    if (!m_finished)
        finish(ErrorKind::StreamEndedEarly, u"the stream ended without [DONE]"_s);
}

void ChatStream::onTimeout()
{
    switch (m_phase) {
    case Phase::Connecting:
        finish(ErrorKind::ConnectTimeout, u"no connection within the connect timeout"_s);
        break;
    case Phase::AwaitingFirstByte:
        finish(ErrorKind::FirstByteTimeout, u"no first byte within the first-byte timeout"_s);
        break;
    case Phase::Streaming:
        if (const qint64 quiet = m_clock.elapsed() - m_lastBytesMs; quiet < m_betweenChunksTimeoutMs) {
            m_timer.start(int(m_betweenChunksTimeoutMs - quiet)); // bytes came since it was armed
            break;
        }
        finish(ErrorKind::StreamStalled, u"no bytes between chunks within the timeout"_s);
        break;
    }
}

void ChatStream::finish(ErrorKind kind, const QString &detail)
{
    LlmError error;
    error.kind = kind;
    error.message = detail;
    error.httpStatus = m_httpStatus;
    finishWith(error);
}

void ChatStream::finishWith(const LlmError &error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_timer.stop();
    m_result.error = error;
    if (error.kind != ErrorKind::None && error.kind != ErrorKind::ContentFilter)
        qCInfo(lcLlm).noquote() << "stream ended:" << errorKindName(error.kind) << "status" << error.httpStatus
                                << "request" << m_result.requestId;
    if (m_reply) {
        m_reply->disconnect(this);
        if (m_reply->isRunning())
            m_reply->abort();
        m_reply->deleteLater();
        m_reply = nullptr;
    }
    Q_EMIT finished(m_result);
    deleteLater();
}

} // namespace zk::llm
