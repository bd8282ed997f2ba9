#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

namespace zk::safety {

// The local moderator's data, parsed and normalised (every word and phrase
// already went through TextNormalizer, so it compares with a visitor's
// `NormalizedText::words`). Built from resources/safety/: categories.json
// (our lexicon: vocabularies, phrase terms, context rules), allowlist.json
// (animal and ordinary words that contain or equal listed terms) and the
// third-party word lists that categories.json names (kept byte-identical).
//
// Phrases are space-separated words. In categories.json a word ending in "~"
// stands for its English inflections ("kill~" → kill, kills, killed,
// killing, killer, killers) and a vocabulary marked "plural" adds plurals.
class ModerationLexicon
{
public:
    enum Mode { Input = 1, Output = 2, Both = 3 };

    // A named set of words and phrases that rule slots and conditions use.
    struct Vocabulary
    {
        QString name;
        QStringList phrases;
    };

    // One slot of a rule: a phrase from `vocabulary`, at most `gap` words
    // after the previous slot's phrase (ignored for the first slot).
    struct Slot
    {
        int vocabulary = -1;
        int gap = 3;
        int notBefore = -1; // vocabulary that must not end right before the phrase
        int notAfter = -1;  // vocabulary that must not start right after it
    };

    // Slots in order (or, with `anyOrder` and two slots, in either order);
    // none of `unless` anywhere in the text; no short gap (up to four words)
    // holds a blocker ("not", "stop", "help", "with", ...) and (unless
    // `negationOk`) neither of the two words before the first slot is a
    // negation ("not", "never", "no").
    struct Rule
    {
        QString id;
        QString category;
        double severity = 0.8;
        int modes = Both;
        QList<Slot> slots;
        QList<int> unless;
        bool anyOrder = false;
        bool negationOk = false;
    };

    // A whole-word term from a word list (or our own): words separated by
    // single spaces, or a symbol (an emoji) that folds to nothing and is
    // matched in the cleaned text.
    struct Term
    {
        QString text;
        QString category;
        double severity = 0.7;
        QString source; // "ldnoobw-en.txt", ...
    };

    // Substrings that are offensive inside any word ("fuck" in "fuckface"),
    // except in the listed words.
    struct Stem
    {
        QString stem;
        QString category;
        double severity = 0.9;
    };

    // A listed term is let through when one of `nearVocabulary` is within
    // `window` words, or the word right after it is in `nextVocabulary` (or
    // any word at all, with `nextAny`).
    struct ContextAllow
    {
        QSet<QString> terms;
        int nearVocabulary = -1;
        int window = 6;
        int nextVocabulary = -1;
        bool nextAny = false;
    };

    QList<Vocabulary> vocabularies;
    QList<Rule> rules;
    QList<Term> terms;
    QList<Stem> stems;
    QSet<QString> stemExceptions;
    // Words and phrases (animal names, biology terms) that never match
    // anything, whatever list contains them: "blue tit", "sperm whale".
    QStringList maskPhrases;
    QList<ContextAllow> contextAllows;
    // List terms removed through allowlist.json "exclude" (normalised).
    QSet<QString> excludedTerms;
    int gapBlockerVocabulary = -1; // "@blocker": not in a short gap (up to 4 words) between slots
    int negationVocabulary = -1;   // "@negation": not in the two words before a rule's first slot
    double flagThreshold = 0.5;

    int vocabularyIndex(const QString &name) const;

    // Parses the two JSON files; `lists` maps a file name that
    // categories.json refers to onto that file's bytes.
    static Result<ModerationLexicon> parse(const QByteArray &categoriesJson, const QByteArray &allowlistJson,
                                           const QHash<QString, QByteArray> &lists);
    // The compiled-in lexicon: ":/safety/lexicon.bin", which the build makes
    // from resources/safety with zk_lexicon_compile (so the kiosk does not
    // parse and normalise the word lists at every start).
    static Result<ModerationLexicon> fromResources();
    // The compiled form: the same fields, byte-identical for the same lexicon.
    QByteArray serialize() const;
    // Static: `bytes` live as long as the program (uncompressed qrc data), so
    // the lexicon's strings may point into them instead of being copied.
    enum class Storage { Copy, Static };
    static Result<ModerationLexicon> deserialize(QByteArrayView bytes, Storage storage = Storage::Copy);
    // The same files from a directory (tests, tools).
    static Result<ModerationLexicon> fromDirectory(const QString &dir);

    // English inflections of one word ("stab" → stabs, stabbed, stabbing, ...).
    static QStringList inflections(const QString &word);
    static QStringList plurals(const QString &word);
};

} // namespace zk::safety
