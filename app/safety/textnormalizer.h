#pragma once

#include <QString>
#include <QStringList>

namespace zk::safety {

// A visitor's message in the forms the safety checks use. Only `cleaned` is
// ever shown, stored or sent; the folded forms exist for matching.
struct NormalizedText
{
    // Control and zero-width characters removed (newlines and tabs become
    // spaces), Unicode NFKC, runs of white space collapsed, trimmed. Case and
    // accents kept: this is the visitor's own text.
    QString cleaned;
    // For matching only: `cleaned` lower-cased; diacritics removed (ñ kept);
    // look-alike letters (Cyrillic, Greek; fullwidth via NFKC) folded to
    // Latin; leetspeak folded inside words (0→o 1→i 3→e 4→a 5→s 7→t 8→b 9→g,
    // @→a $→s !→i |→l + → t when followed by a letter or digit); every other
    // character that is not a letter, digit or white space becomes a space;
    // white space collapsed.
    QString folded;
    // `folded` split into words (runs of letters and digits). Runs of three or
    // more one-letter words are joined ("f u c k" and "f.u.c.k" → "fuck").
    QStringList words;
    // `words` joined by single spaces ("ignore previous instructions").
    QString joined;
};

// Pure and stateless; cheap enough to run on every message and every
// streamed sentence.
class TextNormalizer
{
public:
    NormalizedText normalize(const QString &text) const;
    // The same for text that is clean() output already (InputScreen cleans
    // first, to check the length): `cleaned` is taken as it is.
    NormalizedText normalizeCleaned(const QString &cleaned) const;

    // The `cleaned` form alone.
    static QString clean(const QString &text);
    // One word with runs of three or more of the same letter shortened, in the
    // two readings a repeated word can have: to two letters and to one
    // ("fuuuck" → {"fuuck", "fuck"}; "asss" → {"ass", "as"}). Empty when the
    // word has no such run (so ordinary words are matched as they are).
    static QStringList repeatVariants(const QString &word);
};

// The steps behind normalize(), for tests that compare the Latin-1 fast path
// with the general code it is built from.
namespace detail {
QString cleanGeneral(const QString &text);
QString foldLettersGeneral(const QString &cleaned);
QString foldLetters(const QString &cleaned);
} // namespace detail

} // namespace zk::safety
