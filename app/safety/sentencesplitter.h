#pragma once

#include <QString>
#include <QStringList>

namespace zk::safety {

// Cuts a streamed reply into sentences, so each can be checked before the
// visitor sees it (the delay is at most one sentence). Pure; fed the deltas
// as they arrive. The pieces it returns, followed by takeRest(), are exactly
// the text pushed: nothing is added, dropped or reordered.
//
// A sentence ends after . ! ? or … (with any closing quotes or brackets)
// once white space follows, or at a line break. "3.5" and "¿Sabías...?" do
// not end early. A run longer than maxPendingChars with no sentence end is
// released up to its last space, so a reply without full stops still flows.
class SentenceSplitter
{
public:
    explicit SentenceSplitter(int maxPendingChars = 280) : m_maxPending(maxPendingChars) {}

    QStringList push(const QString &delta);
    QString takeRest();
    const QString &pending() const { return m_pending; }

private:
    int m_maxPending;
    QString m_pending;
};

} // namespace zk::safety
