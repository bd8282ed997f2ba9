#include "safety/sentencesplitter.h"

using namespace Qt::StringLiterals;

namespace zk::safety {

namespace {

bool isEnder(QChar c)
{
    return c == u'.' || c == u'!' || c == u'?' || c == u'…' || c == u'。';
}

bool isCloser(QChar c)
{
    return c == u'"' || c == u'\'' || c == u'”' || c == u'’' || c == u')' || c == u'»' || c == u']';
}

} // namespace

QStringList SentenceSplitter::push(const QString &delta)
{
    m_pending += delta;
    QStringList sentences;
    qsizetype start = 0;
    qsizetype i = 0;
    const qsizetype n = m_pending.size();
    while (i < n) {
        const QChar c = m_pending.at(i);
        if (c == u'\n') {
            sentences << m_pending.mid(start, i + 1 - start);
            start = ++i;
            continue;
        }
        if (!isEnder(c)) {
            ++i;
            continue;
        }
        qsizetype end = i + 1;
        while (end < n && (isEnder(m_pending.at(end)) || isCloser(m_pending.at(end))))
            ++end;
        if (end == n)
            break; // wait: the next delta tells whether the sentence ended
        if (m_pending.at(end).isSpace()) {
            sentences << m_pending.mid(start, end - start);
            start = end;
        }
        i = end;
    }
    m_pending.remove(0, start);

    if (m_pending.size() > m_maxPending) {
        const qsizetype space = m_pending.lastIndexOf(u' ');
        const qsizetype cut = space > 0 ? space : m_pending.size(); // one endless word: let it go
        sentences << m_pending.left(cut);
        m_pending.remove(0, cut);
    }
    return sentences;
}

QString SentenceSplitter::takeRest()
{
    return std::exchange(m_pending, QString());
}

} // namespace zk::safety
