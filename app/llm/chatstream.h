#pragma once

#include "llm/llmtypes.h"
#include "llm/sseparser.h"
#include "llm/streamdecoder.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <memory>

class QNetworkReply;

namespace zk::llm {

struct ClientSettings;

// One streamed model call in flight. Emits textReceived() with the text as it
// arrives (the deltas that came in one network read joined into one
// emission) and exactly one finished() with the typed result, then
// deletes itself (deleteLater). abort() ends it at once, also before the first
// byte, and finished() reports ErrorKind::Cancelled.
class ChatStream : public QObject
{
    Q_OBJECT

public:
    ChatStream(QNetworkReply *reply, ApiFlavor api, const ClientSettings &settings, QObject *parent);
    ~ChatStream() override;

    void abort();
    bool isFinished() const { return m_finished; }
    const StreamResult &result() const { return m_result; }

Q_SIGNALS:
    void textReceived(const QString &delta);
    void finished(const zk::llm::StreamResult &result);

private:
    void onRequestSent();
    void onMetaDataChanged();
    void onReadyRead();
    void onReplyFinished();
    void readSlice();
    void completeAfterReply();
    void onTimeout();
    void handleUpdates(const QList<SseEvent> &events);
    void finish(ErrorKind kind = ErrorKind::None, const QString &detail = {});
    void finishWith(const LlmError &error);

    QNetworkReply *m_reply;
    std::unique_ptr<StreamDecoder> m_decoder;
    SseParser m_parser;
    StreamResult m_result;
    QTimer m_timer;                  // connect, first-byte and between-chunk watchdog
    enum class Phase { Connecting, AwaitingFirstByte, Streaming } m_phase = Phase::Connecting;
    int m_firstByteTimeoutMs;
    int m_betweenChunksTimeoutMs;
    QElapsedTimer m_clock;
    qint64 m_lastBytesMs = 0;        // m_clock time of the last body bytes
    int m_httpStatus = 0;
    QByteArray m_errorBody;          // body of an HTTP error, read whole
    bool m_sawError = false;
    bool m_finished = false;
    bool m_sliceQueued = false;      // a readSlice() is posted: more body bytes wait
    bool m_replyEnded = false;       // the reply finished; complete once its bytes are read
};

} // namespace zk::llm
