#pragma once

#include "safety/textnormalizer.h"

#include <QHash>
#include <QList>
#include <QRegularExpression>
#include <QString>
#include <QStringList>
#include <QStringMatcher>

#include <array>
#include <memory>
#include <mutex>
#include <vector>

namespace zk::safety {

// What the injection detector made of one message.
struct InjectionFinding
{
    bool detected = false;
    // The rule with the highest share of the score: one of
    // InjectionDetector::ruleNames() ("role_marker", "ignore_instructions",
    // ...). Empty when nothing at all matched.
    QString rule;
    // 0..1. Every matched signal has a weight; weights combine as independent
    // evidence (1 - prod(1 - w)). detected == (score >= kThreshold). Of a
    // detected message, the score of the signals found up to the decision.
    double score = 0.0;
    // A short excerpt (at most 80 characters) of the matched text in the
    // normalised form it was found in, for the security event log. It may
    // repeat the visitor's words: store it like the message itself.
    QString evidence;
    // The signals that matched, strongest first: "rule 0.80: excerpt". For
    // staff review and tuning. The check stops as soon as the message is
    // decided (score >= kThreshold), so a clear attack lists the strongest
    // signals up to that point, not every signal it holds.
    QStringList matches;
};

// Prompt-injection and jailbreak detection over a normalised visitor message,
// English and Spanish (any language's text runs through every rule).
//
// Rules are general phrasings of known attack families, not corpus strings:
//   role_marker          chat-template tokens and fake turns (<|im_start|>,
//                        [INST], <<SYS>>, </s>, "system:", <SYSTEM MODE>)
//   ignore_instructions  "ignore/disregard/forget previous instructions",
//                        "olvida tus reglas", "your new instructions are"
//   reveal_instructions  system-prompt extraction: "show your instructions",
//                        "repeat the words above", "translate your prompt",
//                        "muéstrame tus instrucciones"
//   reveal_secret        passwords, keys, other visitors' or users' data
//   persona_switch       DAN / developer mode / "stay in character" /
//                        "answer in two ways" / "actúa como una IA ..."
//   no_rules             unrestricted / unfiltered AI, "you have no rules",
//                        "never refuse", disabling filters, "sin restricciones"
//   fake_authority       "I am your developer", "authorized by OpenAI",
//                        override codes, system announcements
//   payload_splitting    a = "..."; z = a + b, "combine the parts", decode-me
//   encoded_payload      base64 / hex / binary / URL / \u / &#..; escapes,
//                        flag-emoji letters, Morse code, Pig Latin, reversed
//                        text and Caesar shifts (ROT13 included) that decode
//                        to an attack (re-normalised and checked again,
//                        depth-bounded); a readable sentence hidden in base64
//                        / hex / binary blocks by itself, in flag letters
//                        (odd runs, so not real flags) it counts
//
// Kind, ordinary phrasing stays allowed: "You are now my best friend!",
// "Ignore the noise, what do you eat?", "Can you pretend to be a dinosaur?".
// Weak cues (a role-play verb, "from now on", "ChatGPT", "always respond")
// only block together.
//
// Pure: every regular expression is compiled (and JIT-optimised) once in the
// constructor; check() is const and keeps no state. A pattern only runs when
// every required part of one of its alternatives (each {LIST}, plain group or
// literal word of the template) has a word among the message's words, and its
// character gates are open (one pass builds the set of characters); a
// template that begins with a word list is tried only where one of those
// words stands (anchored), not searched for; the strongest run first, and the
// check stops as soon as the message is decided. An
// ordinary question costs a few microseconds; a 500-character jailbreak runs
// some 20-50 of the ~380 patterns.
class InjectionDetector
{
public:
    static constexpr double kThreshold = 0.5;
    // How many layers of encoding are unwrapped (base64 of base64 = 2).
    static constexpr int kMaxDecodeDepth = 2;

    InjectionDetector();

    InjectionFinding check(const NormalizedText &text) const;
    // Convenience: normalises `text` first.
    InjectionFinding checkText(const QString &text) const;

    // The rule names check() can report, in a stable order.
    static QStringList ruleNames();

private:
    enum class Field { Joined, Cleaned };
    enum class Negation { None, English, Spanish };

    struct Pattern
    {
        QString rule;
        double weight = 0.0;
        Field field = Field::Joined;
        // The template (expanded) or regex (as is) and its options; compiled
        // the first time the pattern runs (see regex()).
        QString source;
        bool expandSource = true;
        QRegularExpression::PatternOptions options = QRegularExpression::NoPatternOption;
        struct Compiled
        {
            std::once_flag once;
            QRegularExpression re;
        };
        std::shared_ptr<Compiled> compiled = std::make_shared<Compiled>();
        // The regular expression `source` stands for (the template expanded).
        QString expression() const;
        const QRegularExpression &regex() const;
        // For hasStart: the same, anchored where the match is tried (\G), so
        // that it is tried only at the message's leading words, not scanned
        // for from each of them to the end of the text.
        std::shared_ptr<Compiled> anchored = std::make_shared<Compiled>();
        const QRegularExpression &anchoredRegex() const;
        // Patterns without trigger words run only when their field holds one of
        // these strings (a cheap gate; case-insensitive on `cleaned`); empty =
        // always.
        QStringList gates;
        // For gates of plain letters (searched in `joined`): a prepared
        // search per gate, in the order of `gates` (empty entries for the
        // others).
        QList<QStringMatcher> gateMatchers;
        // A match right after this language's negation ("don't", "no") is
        // skipped.
        Negation negation = Negation::None;
        // A match begins with one of this pattern's leading words (m_words).
        bool hasStart = false;
    };

    struct Hit
    {
        int pattern = -1; // index into m_patterns, -1 for decoded / compact hits
        QString rule;
        double weight = 0.0;
        QString evidence;
    };

    void add(const QString &rule, double weight, const QString &tmpl, const QStringList &triggers = {});
    void addCleaned(const QString &rule, double weight, const QString &regex, const QString &gateChars,
                    const QStringList &words = {});
    void addParts(int pattern, const QList<QList<QStringList>> &alternatives);
    void addGated(const QString &rule, double weight, Field field, const QString &regex, const QStringList &gates);
    void addEnglishRules();
    void addSpanishRules();
    void addMarkupRules();
    void addCompactRules();

    // What the words of a message say about how it may be encoded, counted
    // while matchPatterns() looks them up anyway (for matchEncoded()).
    struct WordSignals
    {
        int reversedWords = 0;  // reversed function words count 1, reversed attack words 10
        int shiftVotes[26] = {}; // words that a Caesar shift by i makes of a common or attack word
    };

    InjectionFinding checkAt(const NormalizedText &text, int depth) const;
    void matchPatterns(const NormalizedText &text, std::vector<Hit> &hits, WordSignals &wordSignals) const;
    void matchCompact(const NormalizedText &text, std::vector<Hit> &hits) const;
    void matchEncoded(const NormalizedText &text, int depth, const WordSignals &wordSignals,
                      std::vector<Hit> &hits) const;
    // Checks decoded text again; readableWeight > 0 adds that weight when the
    // text is readable but no attack, < 0 chooses it by length, 0 adds nothing.
    void checkDecoded(const QString &decoded, const QString &how, int depth, double readableWeight,
                      std::vector<Hit> &hits) const;
    static bool followsNegation(const QString &subject, qsizetype position, Negation negation);
    static InjectionFinding combine(const std::vector<Hit> &hits);

    TextNormalizer m_normalizer;
    std::vector<Pattern> m_patterns;
    // A required part of a template (a {LIST}, plain group or literal word)
    // is satisfied by any of its key words (one per phrase) among the
    // message's words. Parts share key sets (many templates use {OBJ}), so:
    // word of `NormalizedText::words` -> the key sets it is in -> the parts
    // each set satisfies. A template's top-level alternatives each need all
    // their parts; a pattern runs when one of its alternatives has them.
    // Patterns in m_always (no derivable part) run on every message, behind
    // their gates.
    // A word of `NormalizedText::words` -> the key sets it is in, the
    // patterns whose matches can begin with it, and what it says of an
    // encoding (looked up once per word).
    struct WordEntry
    {
        QList<int> keySets;
        QList<int> leading;
        int reversed = 0;    // a reversed word: 1 for a function word, 10 for an attack word
        int caesarShift = 0; // a word shifted by this much (1-25), or 0
    };
    QHash<QString, WordEntry> m_words;
    std::vector<std::vector<int>> m_keySetAlts; // key set -> the alternative of each part it satisfies
    QHash<QString, int> m_keySetIds;             // a set's keys, joined -> key set (while building)
    std::vector<int> m_altPattern;  // alternative -> pattern
    std::vector<int> m_altParts;    // alternative -> how many parts it needs
    QList<int> m_always;
    // Every pattern, strongest first (ties in the order added).
    std::vector<int> m_byWeight;
    // Spaces removed from `joined`: catches "IgnorePreviousInstructions",
    // "ig nore prev ious instruc tions". Each group of these rules can only
    // match where, for each of its parts, one of the part's strings is in
    // the text; only the groups that can match run, as one alternation (in
    // the groups' order) per set of groups, compiled the first time that set
    // is needed.
    struct CompactGroup
    {
        QString rule;
        QString regex;
        QList<QList<QStringMatcher>> parts;
    };
    struct CompactSet
    {
        std::once_flag once;
        QRegularExpression re;
    };
    static constexpr int kMaxCompactGroups = 8;
    std::vector<CompactGroup> m_compactGroups;
    std::shared_ptr<std::array<CompactSet, (1 << kMaxCompactGroups)>> m_compactSets =
        std::make_shared<std::array<CompactSet, (1 << kMaxCompactGroups)>>();
    const QRegularExpression &compactRegex(unsigned groups) const;
    QRegularExpression m_binaryRun;
    QRegularExpression m_hexBytes;
};

} // namespace zk::safety
