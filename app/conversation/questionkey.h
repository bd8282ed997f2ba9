#pragma once

#include <QString>
#include <QStringList>

namespace zk::conversation {

// The normalised form of a visitor's question, used as the answer-cache key:
// Unicode NFKC, case-folded, punctuation and symbols (Unicode categories P*
// and S*, so also ¿ ¡ and emoji, with their joiners, variation selectors and
// enclosing marks) removed, whitespace collapsed and trimmed. Apostrophes join
// the letters around them ("what's" -> "whats"); any other punctuation or
// symbol separates words ("hi,there" -> "hi there"), so the same words give the
// same key however they were punctuated.
//   questionKey(u"  ¿Qué   COMES?? 🐼 ") == u"qué comes"
//   questionKey(u"Ｗｈａｔ do you EAT?!") == u"what do you eat"
QString questionKey(const QString &text);

// The words worth searching for in `text` (language "en" or "es"; any other
// language gets no stop words): the words of questionKey(text) with
// diacritics removed (NFD, combining marks dropped), minus the language's
// stop words, at least two characters long, deduplicated, in order of first
// appearance.
//   searchTerms(u"¿Qué comes en invierno?", u"es") == {u"comes", u"invierno"}
//   searchTerms(u"What do you eat?", u"en") == {u"eat"}
QStringList searchTerms(const QString &text, const QString &language);

} // namespace zk::conversation
