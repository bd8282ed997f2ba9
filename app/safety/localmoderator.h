#pragma once

#include "core/result.h"
#include "safety/moderationfinding.h"
#include "safety/lexiconindex.h"
#include "safety/moderationlexicon.h"
#include "safety/textnormalizer.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QVarLengthArray>

#include <vector>

namespace zk::safety {

// The offline moderation layer: word lists (English, Spanish) and our own
// lexicon of phrases and context rules for violence, self-harm, sexual
// content, drugs and weapons, hate, harassment and other wrongdoing
// (resources/safety/). Matches whole words and phrases on the normalised
// words, so spacing, repetition, symbols, leetspeak, invisible characters,
// diacritics and look-alike letters do not hide a term, and an allowlist
// keeps animal names ("blue tit", "booby", "sperm whale") from matching.
//
// checkInput() judges a visitor's message: it also blocks a visitor's intent
// to harm an animal ("I want to kill the lemur"). checkOutput() judges one
// sentence of the model's reply, where an animal speaking of hunting, prey,
// mating or death is normal, so the rules about harming animals are skipped.
// Immutable after construction; cheap to call from any thread.
class LocalModerator
{
public:
    // Builds the lexicon's index (tests, tools); the kiosk's comes compiled.
    explicit LocalModerator(ModerationLexicon lexicon);

    // Loads ":/safety/" once; fails when the data is missing or malformed.
    static Result<LocalModerator> fromResources();

    ModerationFinding checkInput(const NormalizedText &text) const;
    ModerationFinding checkOutput(const NormalizedText &text) const;

    const ModerationLexicon &lexicon() const { return m_lexicon; }

private:
    LocalModerator(ModerationLexicon lexicon, LexiconIndex index);

    struct Span
    {
        int start = 0;
        int length = 0;
    };
    struct Match
    {
        QString id;
        QString category;
        double severity = 0.0;
        int start = 0;
        int end = 0; // exclusive; -1 for a symbol found in the cleaned text
    };
    struct Scan; // per-message working state (localmoderator.cpp)

    ModerationFinding check(const NormalizedText &text, ModerationLexicon::Mode mode) const;
    // `changed` (optional, one flag per word): a re-reading of words already
    // scanned; only what involves a changed word is looked up again (the
    // rest would find exactly what the first scan found).
    void scanSequence(const QStringList &words, Scan &scan, const std::vector<char> *changed = nullptr) const;
    void scanWordForms(const QStringList &words, Scan &scan, const std::vector<char> *changed = nullptr) const;
    bool termAllowed(const Scan &scan, const QString &text, int start, int end) const;
    bool matchRule(const Scan &scan, const ModerationLexicon::Rule &rule, Match &match) const;
    bool matchSlots(const Scan &scan, const ModerationLexicon::Rule &rule, const QList<int> &order, int slot,
                    int previousEnd, int firstStart, Match &match) const;
    bool slotSpanOk(const Scan &scan, const ModerationLexicon::Slot &slot, const Span &span) const;
    bool gapClear(const Scan &scan, int vocabulary, int from, int to) const;
    bool hasVocabularyAt(const Scan &scan, int vocabulary, int start, int end) const;

    ModerationLexicon m_lexicon;
    LexiconIndex m_index; // words and phrases, their prefixes, squeezed terms
    QHash<char16_t, QList<int>> m_stemsByFirst; // lexicon stems by their first character
    std::vector<QList<int>> m_stemsByAsciiFirst; // the same for ASCII first characters, by index
    QHash<QString, int> m_symbolTerms;   // terms that fold to nothing (emoji), by cleaned text
    QHash<QString, QList<int>> m_contextAllowsByTerm;
};

} // namespace zk::safety
