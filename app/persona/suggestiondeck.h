#pragma once

#include "persona/animal.h"

#include <QSet>
#include <QStringList>

namespace zk::persona {

// Which of an animal's suggested questions the kiosk offers as chips during a
// visit: the ones not asked yet, a fresh round after every reply. Questions are
// tracked by position, which is the same in every language, so a language
// switch mid-visit shows the same questions translated. When every question has
// been asked the deck starts over.
class SuggestionDeck
{
public:
    SuggestionDeck() = default;
    explicit SuggestionDeck(Animal animal);

    // Up to `count` questions in `language`, in the animal's order from the
    // start of the current round.
    QStringList current(const QString &language, int count) const;
    // The visitor asked `text` (tapped or typed): when it is one of the
    // suggested questions, in any language, it is not offered again.
    void markAsked(const QString &text);
    // After a reply: the next round starts after the questions just offered.
    void nextRound(int count);

private:
    QList<int> currentIndexes(int count) const;
    int size() const;

    Animal m_animal;
    QSet<int> m_asked;
    int m_start = 0;
};

} // namespace zk::persona
