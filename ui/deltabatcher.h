#pragma once

#include <QObject>
#include <QTimer>

namespace zk::ui {

// Gathers streamed reply text and hands it on at most once per frame, so a
// reply of thousands of tiny deltas costs one layout per frame, not one per
// delta. With `maxChars`, a batch holds at most that many characters and the
// rest follows in the next frames: laying out text costs ~0.6 us a character,
// so a burst far faster than anyone reads (a network backlog arriving at once)
// cannot stall a frame; a model writing a few hundred characters a second
// never comes near the bound.
class DeltaBatcher : public QObject
{
    Q_OBJECT

public:
    explicit DeltaBatcher(int intervalMs = 16, int maxChars = 0, QObject *parent = nullptr);

    void add(const QString &delta);
    void flush();          // hand on the next batch now
    void clear();          // drop what is pending
    bool hasPending() const { return !m_pending.isEmpty(); }
    qsizetype pendingChars() const { return m_pending.size(); }
    int maxChars() const { return m_maxChars; }

Q_SIGNALS:
    void batchReady(const QString &text);
    // Everything added has been handed on (after a batch that emptied it).
    void drained();

private:
    QString m_pending;
    QTimer m_timer;
    int m_maxChars = 0;
};

} // namespace zk::ui
