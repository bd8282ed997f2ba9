#include "conversation/replytext.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace zk::conversation {

QString untilLastSentence(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return {};
    static const QString enders = u".!?…"_s;
    static const QString closers = u"\"'”’)»"_s;
    for (qsizetype i = trimmed.size() - 1; i >= 0; --i) {
        if (!enders.contains(trimmed.at(i)))
            continue;
        // A full stop inside a number ("3.5") does not end a sentence.
        if (trimmed.at(i) == u'.' && i + 1 < trimmed.size() && trimmed.at(i + 1).isDigit())
            continue;
        qsizetype end = i + 1;
        while (end < trimmed.size() && (enders.contains(trimmed.at(end)) || closers.contains(trimmed.at(end))))
            ++end;
        return trimmed.left(end);
    }
    return trimmed + u"…"_s;
}

QString limitWords(const QString &text, int maxWords)
{
    static const QRegularExpression space(u"\\s+"_s);
    const QStringList words = text.simplified().split(space, Qt::SkipEmptyParts);
    if (words.size() <= maxWords)
        return words.join(u' ');
    return words.mid(0, maxWords).join(u' ') + u"…"_s;
}

} // namespace zk::conversation
