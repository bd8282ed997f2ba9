#pragma once

#include "core/result.h"
#include "llm/moderationresult.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

class QNetworkReply;

namespace zk::llm {

// One POST {base}/moderations in flight (not streamed). Emits exactly one
// finished() with the typed result, then deletes itself (deleteLater), like
// ChatStream. The whole call, from send to the last body byte, must fit in
// `timeoutMs`; otherwise it is aborted and fails with ConnectTimeout,
// FirstByteTimeout or StreamStalled (where it was when time ran out).
// abort() ends it at once, also before the first byte, with
// ErrorKind::Cancelled. HTTP errors, HTML pages, malformed or truncated JSON
// and dropped connections all end in a failed result, never in a crash.
class ModerationCall : public QObject
{
    Q_OBJECT

public:
    // Takes ownership of `reply`.
    ModerationCall(QNetworkReply *reply, int timeoutMs, QObject *parent);
    ~ModerationCall() override;

    void abort();
    bool isFinished() const { return m_finished; }
    const ModerationResult &result() const { return m_result; }

    // Pure: reads the JSON body of a 2xx answer into flagged, scores,
    // flaggedCategories, appliedInputTypes, id and model. Fails when the body
    // is not a moderation object (no results, a result without
    // category_scores, no numeric score at all). Several results (one per
    // input string) are merged: the highest score per category, the union of
    // the flags.
    static Result<ModerationResult> parseBody(const QByteArray &body);

    // Bodies larger than this are not moderation objects (one is ~1.5 KB).
    static constexpr qsizetype MaxBodyBytes = 256 * 1024;

Q_SIGNALS:
    void finished(const zk::llm::ModerationResult &result);

private:
    void onRequestSent();
    void onMetaDataChanged();
    void onReadyRead();
    void onReplyFinished();
    void onTimeout();
    void fail(ErrorKind kind, const QString &detail);
    void finishWith(const LlmError &error);

    QNetworkReply *m_reply;
    ModerationResult m_result;
    QTimer m_timer;                  // the total timeout
    QElapsedTimer m_clock;
    enum class Phase { Connecting, AwaitingFirstByte, Reading } m_phase = Phase::Connecting;
    QByteArray m_body;               // read whole, bounded by MaxBodyBytes
    bool m_tooLarge = false;
    bool m_finished = false;
};

} // namespace zk::llm
