#include "persona/suggestiondeck.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace zk::persona {

namespace {

// "¿Eres un oso?" and "eres un oso" are the same question.
QString questionKey(const QString &text)
{
    QString key;
    for (const QChar c : text.normalized(QString::NormalizationForm_C).toCaseFolded())
        if (c.isLetterOrNumber() || c.isSpace())
            key += c;
    return key.simplified();
}

} // namespace

SuggestionDeck::SuggestionDeck(Animal animal) : m_animal(std::move(animal)) {}

int SuggestionDeck::size() const
{
    int n = 0;
    for (const AnimalText &t : m_animal.texts)
        n = std::max(n, int(t.suggestedQuestions.size()));
    return n;
}

QList<int> SuggestionDeck::currentIndexes(int count) const
{
    QList<int> out;
    const int n = size();
    for (int step = 0; step < n && out.size() < count; ++step) {
        const int i = (m_start + step) % n;
        if (!m_asked.contains(i))
            out << i;
    }
    return out;
}

QStringList SuggestionDeck::current(const QString &language, int count) const
{
    QStringList out;
    const AnimalText *text = m_animal.text(language);
    if (!text)
        return out;
    for (const int i : currentIndexes(count))
        if (i < text->suggestedQuestions.size())
            out << text->suggestedQuestions.at(i);
    return out;
}

void SuggestionDeck::markAsked(const QString &text)
{
    const QString key = questionKey(text);
    if (key.isEmpty())
        return;
    for (const AnimalText &t : std::as_const(m_animal.texts))
        for (int i = 0; i < t.suggestedQuestions.size(); ++i)
            if (questionKey(t.suggestedQuestions.at(i)) == key)
                m_asked.insert(i);
}

void SuggestionDeck::nextRound(int count)
{
    const int n = size();
    if (n == 0)
        return;
    if (m_asked.size() >= n)
        m_asked.clear(); // everything asked: start over
    const QList<int> shown = currentIndexes(count);
    if (!shown.isEmpty())
        m_start = (shown.last() + 1) % n;
}

} // namespace zk::persona
