#pragma once

#include <QObject>
#include <QTimer>

namespace zk::ui {

// Gathers streamed reply text and hands it on at most once per frame, so a
// reply of thousands of tiny deltas costs one layout per frame, not one per delta.
class DeltaBatcher : public QObject
{
    Q_OBJECT

public:
    explicit DeltaBatcher(int intervalMs = 16, QObject *parent = nullptr);

    void add(const QString &delta);
    void flush();          // hand on what is pending now
    void clear();          // drop what is pending
    bool hasPending() const { return !m_pending.isEmpty(); }

Q_SIGNALS:
    void batchReady(const QString &text);

private:
    QString m_pending;
    QTimer m_timer;
};

} // namespace zk::ui
