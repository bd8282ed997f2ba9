#include "safety/localmoderator.h"

#include "core/logging.h"

#include <algorithm>
#include <vector>

using namespace Qt::StringLiterals;

namespace zk::safety {

namespace {

constexpr int kEvidenceWords = 8;
// Blockers ("not", "help", "with") only break short, sentence-like gaps;
// window rules ("within 12 words") look past them.
constexpr int kShortGap = 4;

// "fuuck" → "fuck": every run of a letter shortened to one.
QString squeezed(const QString &word)
{
    QString out;
    out.reserve(word.size());
    for (qsizetype i = 0; i < word.size(); ++i) {
        if (i == 0 || word.at(i) != word.at(i - 1))
            out += word.at(i);
    }
    return out;
}

bool hasDoubledLetter(const QString &word)
{
    for (qsizetype i = 1; i < word.size(); ++i) {
        if (word.at(i) == word.at(i - 1) && word.at(i).isLetter())
            return true;
    }
    return false;
}

// Runs of three or more shortened to one, doubles kept ("kiiiill" → "kill").
QString longRunsToOne(const QString &word)
{
    QString out;
    out.reserve(word.size());
    qsizetype i = 0;
    while (i < word.size()) {
        qsizetype j = i;
        while (j < word.size() && word.at(j) == word.at(i))
            ++j;
        const qsizetype run = j - i;
        out += run >= 3 ? QString(word.at(i)) : word.mid(i, run);
        i = j;
    }
    return out;
}

} // namespace

struct LocalModerator::Scan
{
    int count = 0;
    ModerationLexicon::Mode mode = ModerationLexicon::Input;
    const QStringList *words = nullptr;
    std::vector<std::vector<Span>> vocabularySpans;
    std::vector<Span> masks;
    struct TermHit
    {
        int term;
        int start;
        int end;
    };
    std::vector<TermHit> termHits;
    struct StemHit
    {
        int stem;
        int position;
        QString word;
    };
    std::vector<StemHit> stemHits;
    QList<Match> matches;

    void addSpan(int vocabulary, int start, int length)
    {
        auto &spans = vocabularySpans[size_t(vocabulary)];
        for (const Span &s : spans) {
            if (s.start == start && s.length == length)
                return;
        }
        spans.push_back({start, length});
    }
    void addTerm(int term, int start, int end)
    {
        for (const TermHit &t : termHits) {
            if (t.term == term && t.start == start && t.end == end)
                return;
        }
        termHits.push_back({term, start, end});
    }
    // Inside an allowlisted phrase; `strict`: and shorter than it.
    bool masked(int start, int end, bool strict) const
    {
        for (const Span &m : masks) {
            const int mEnd = m.start + m.length;
            if (start >= m.start && end <= mEnd && (!strict || end - start < m.length))
                return true;
        }
        return false;
    }
};

LocalModerator::LocalModerator(ModerationLexicon lexicon)
    : LocalModerator(lexicon, LexiconIndex::fromOwned(LexiconIndex::build(lexicon)).value())
{
}

LocalModerator::LocalModerator(ModerationLexicon lexicon, LexiconIndex index)
    : m_lexicon(std::move(lexicon)), m_index(std::move(index))
{
    for (qsizetype t = 0; t < m_lexicon.terms.size(); ++t) {
        const QString &text = m_lexicon.terms.at(t).text;
        if (!text.isEmpty() && !text.at(0).isLetterOrNumber())
            m_symbolTerms.insert(text, int(t));
    }
    for (qsizetype s = 0; s < m_lexicon.stems.size(); ++s) {
        if (!m_lexicon.stems.at(s).stem.isEmpty())
            m_stemsByFirst[m_lexicon.stems.at(s).stem.front().unicode()].append(int(s));
    }
    m_stemsByAsciiFirst.resize(128);
    for (auto it = m_stemsByFirst.cbegin(); it != m_stemsByFirst.cend(); ++it) {
        if (it.key() < 128)
            m_stemsByAsciiFirst[it.key()] = it.value();
    }
    for (qsizetype c = 0; c < m_lexicon.contextAllows.size(); ++c) {
        for (const QString &term : std::as_const(m_lexicon.contextAllows.at(c).terms))
            m_contextAllowsByTerm[term].append(int(c));
    }
}

Result<LocalModerator> LocalModerator::fromResources()
{
    auto lexicon = ModerationLexicon::fromResources();
    if (!lexicon.ok()) {
        qCWarning(lcSafety) << "local moderation data:" << lexicon.error().message;
        return lexicon.error();
    }
    auto index = LexiconIndex::fromResources();
    if (index.ok()
        && !index.value().pointsWithin(int(lexicon.value().terms.size()), int(lexicon.value().vocabularies.size())))
        index = makeError(u"the compiled lexicon index does not belong to the compiled lexicon"_s);
    if (!index.ok()) {
        qCWarning(lcSafety) << "local moderation index:" << index.error().message;
        return index.error();
    }
    return LocalModerator(std::move(lexicon).value(), std::move(index).value());
}

ModerationFinding LocalModerator::checkInput(const NormalizedText &text) const
{
    return check(text, ModerationLexicon::Input);
}

ModerationFinding LocalModerator::checkOutput(const NormalizedText &text) const
{
    return check(text, ModerationLexicon::Output);
}

void LocalModerator::scanSequence(const QStringList &words, Scan &scan, const std::vector<char> *changed) const
{
    const int n = int(words.size());
    const int maxWords = m_index.maxPhraseWords();
    // The nearest changed word at or after each position (n: none).
    std::vector<int> nextChanged;
    if (changed) {
        nextChanged.assign(size_t(n) + 1, n);
        for (int p = n - 1; p >= 0; --p)
            nextChanged[size_t(p)] = (*changed)[size_t(p)] ? p : nextChanged[size_t(p) + 1];
    }
    // Phrases of two or more words are built in one buffer (its capacity
    // kept); a single word is looked up as it is.
    QString phrase;
    phrase.reserve(256);
    for (int p = 0; p < n; ++p) {
        // Every phrase starting here that holds no changed word was found
        // (or not) by the first scan already.
        if (changed && nextChanged[size_t(p)] - p >= maxWords)
            continue;
        for (int len = 1; len <= m_index.maxPhraseWords() && p + len <= n; ++len) {
            if (len == 2) {
                phrase.resize(0);
                phrase += words.at(p);
            }
            if (len > 1) {
                phrase += u' ';
                phrase += words.at(p + len - 1);
            }
            const QStringView key = len == 1 ? QStringView(words.at(p)) : QStringView(phrase);
            LexiconIndex::Entry entry;
            const LexiconIndex::Lookup found = m_index.findWithPrefix(key, entry);
            if (found.found) {
                for (int i = 0; i < entry.vocabularyCount; ++i)
                    scan.addSpan(entry.vocabularies[i], p, len);
                if (entry.term >= 0)
                    scan.addTerm(entry.term, p, p + len);
                if (entry.mask)
                    scan.masks.push_back({p, len});
            }
            if (!found.prefix)
                break;
        }
    }
}

void LocalModerator::scanWordForms(const QStringList &words, Scan &scan, const std::vector<char> *changed) const
{
    const int n = int(words.size());
    std::vector<int> found;
    for (int p = 0; p < n; ++p) {
        if (changed && !(*changed)[size_t(p)])
            continue; // the same word at the same place: scanned already
        const QString &word = words.at(p);
        if (word.size() >= 4 && word.endsWith(u's')) {
            // plurals of listed words ("bitches", "culos")
            for (const QStringView singular :
                 {QStringView(word).chopped(1), word.endsWith(u"es"_s) ? QStringView(word).chopped(2) : QStringView()}) {
                if (singular.isEmpty())
                    continue;
                if (LexiconIndex::Entry entry; m_index.find(singular, entry) && entry.term >= 0)
                    scan.addTerm(entry.term, p, p + 1);
            }
        }
        if (hasDoubledLetter(word)) {
            if (const int t = m_index.squeezedTerm(squeezed(word)); t >= 0)
                scan.addTerm(t, p, p + 1);
        }
        if (m_lexicon.stemExceptions.contains(word))
            continue;
        // Stems inside the word: only those starting with one of its
        // characters are compared (every message and reply sentence runs
        // this, so no loop over all stems per word). In lexicon order.
        found.clear();
        const QStringView view(word);
        for (qsizetype i = 0; i < view.size(); ++i) {
            const char16_t first = view.at(i).unicode();
            const QList<int> *stems = nullptr;
            if (first < m_stemsByAsciiFirst.size()) {
                stems = &m_stemsByAsciiFirst[first];
            } else if (const auto it = m_stemsByFirst.constFind(first); it != m_stemsByFirst.constEnd()) {
                stems = &it.value();
            }
            if (!stems || stems->isEmpty())
                continue;
            const QStringView rest = view.mid(i);
            for (const int s : *stems) {
                // Length and second character first: most stems differ there.
                const QString &stem = m_lexicon.stems.at(s).stem;
                if (stem.size() > rest.size() || (stem.size() > 1 && stem.at(1) != rest.at(1)))
                    continue;
                if (rest.startsWith(stem))
                    found.push_back(s);
            }
        }
        std::sort(found.begin(), found.end());
        found.erase(std::unique(found.begin(), found.end()), found.end());
        for (const int s : found)
            scan.stemHits.push_back({s, p, word});
    }
}

bool LocalModerator::hasVocabularyAt(const Scan &scan, int vocabulary, int start, int end) const
{
    // a phrase of `vocabulary` that starts at `start` (end < 0) or ends at `end`
    for (const Span &s : scan.vocabularySpans[size_t(vocabulary)]) {
        if (end < 0 ? s.start == start : s.start + s.length == end)
            return true;
    }
    return false;
}

bool LocalModerator::termAllowed(const Scan &scan, const QString &text, int start, int end) const
{
    const auto it = m_contextAllowsByTerm.constFind(text);
    if (it == m_contextAllowsByTerm.constEnd())
        return false;
    for (int c : it.value()) {
        const auto &context = m_lexicon.contextAllows.at(c);
        if (context.nextAny && end < scan.count)
            return true;
        if (context.nextVocabulary >= 0 && hasVocabularyAt(scan, context.nextVocabulary, end, -1))
            return true;
        if (context.nearVocabulary >= 0) {
            for (const Span &s : scan.vocabularySpans[size_t(context.nearVocabulary)]) {
                const int sEnd = s.start + s.length;
                const bool overlaps = s.start < end && sEnd > start;
                if (!overlaps && sEnd > start - context.window && s.start < end + context.window)
                    return true;
            }
        }
    }
    return false;
}

bool LocalModerator::gapClear(const Scan &scan, int vocabulary, int from, int to) const
{
    if (vocabulary < 0 || from >= to)
        return true;
    for (const Span &s : scan.vocabularySpans[size_t(vocabulary)]) {
        if (s.start >= from && s.start < to)
            return false;
    }
    return true;
}

bool LocalModerator::slotSpanOk(const Scan &scan, const ModerationLexicon::Slot &slot, const Span &span) const
{
    if (slot.notBefore >= 0 && hasVocabularyAt(scan, slot.notBefore, -1, span.start))
        return false;
    if (slot.notAfter >= 0 && hasVocabularyAt(scan, slot.notAfter, span.start + span.length, -1))
        return false;
    return true;
}

bool LocalModerator::matchSlots(const Scan &scan, const ModerationLexicon::Rule &rule, const QList<int> &order,
                                int slot, int previousEnd, int firstStart, Match &match) const
{
    if (slot == order.size()) {
        match.start = firstStart;
        match.end = previousEnd;
        return true;
    }
    const auto &spec = rule.slots.at(order.at(slot));
    // In "any order" rules the window is the second slot's gap either way.
    const int gap = rule.anyOrder ? rule.slots.at(1).gap : spec.gap;
    for (const Span &span : scan.vocabularySpans[size_t(spec.vocabulary)]) {
        if (scan.masked(span.start, span.start + span.length, true))
            continue;
        if (slot == 0) {
            if (!rule.negationOk
                && !gapClear(scan, m_lexicon.negationVocabulary, std::max(0, span.start - 2), span.start))
                continue;
        } else if (span.start < previousEnd || span.start - previousEnd > gap) {
            continue;
        } else if (gap <= kShortGap && !gapClear(scan, m_lexicon.gapBlockerVocabulary, previousEnd, span.start)) {
            continue;
        }
        if (!slotSpanOk(scan, spec, span))
            continue;
        if (matchSlots(scan, rule, order, slot + 1, span.start + span.length, slot == 0 ? span.start : firstStart,
                       match))
            return true;
    }
    return false;
}

bool LocalModerator::matchRule(const Scan &scan, const ModerationLexicon::Rule &rule, Match &match) const
{
    if (!(rule.modes & scan.mode))
        return false;
    for (const auto &slot : rule.slots) {
        if (scan.vocabularySpans[size_t(slot.vocabulary)].empty())
            return false;
    }
    for (int u : rule.unless) {
        if (!scan.vocabularySpans[size_t(u)].empty())
            return false;
    }
    static const QList<int> one = {0};
    static const QList<int> two = {0, 1};
    static const QList<int> twoReversed = {1, 0};
    static const QList<int> three = {0, 1, 2};
    QList<int> order;
    if (rule.slots.size() == 1)
        order = one;
    else if (rule.slots.size() == 2)
        order = two;
    else if (rule.slots.size() == 3)
        order = three;
    else
        for (int i = 0; i < rule.slots.size(); ++i)
            order << i;
    if (matchSlots(scan, rule, order, 0, 0, 0, match))
        return true;
    return rule.anyOrder && matchSlots(scan, rule, twoReversed, 0, 0, 0, match);
}

ModerationFinding LocalModerator::check(const NormalizedText &text, ModerationLexicon::Mode mode) const
{
    Scan scan;
    scan.mode = mode;
    scan.words = &text.words;
    scan.count = int(text.words.size());
    scan.vocabularySpans.resize(size_t(m_lexicon.vocabularies.size()));

    // The words as written, and (when a letter repeats three or more times)
    // the shortened readings of them.
    scanSequence(text.words, scan);
    scanWordForms(text.words, scan);
    bool repeated = false;
    for (const QString &w : text.words) {
        if (!TextNormalizer::repeatVariants(w).isEmpty()) {
            repeated = true;
            break;
        }
    }
    if (repeated) {
        QStringList two, one, mixed;
        for (const QString &w : text.words) {
            const QStringList variants = TextNormalizer::repeatVariants(w);
            two << (variants.isEmpty() ? w : variants.at(0));
            one << (variants.isEmpty() ? w : variants.at(1));
            mixed << (variants.isEmpty() ? w : longRunsToOne(w));
        }
        // Only the words a reading changes (and phrases holding them) are
        // looked up again: the others would add only what is there already.
        for (const QStringList *sequence : {&two, &one, &mixed}) {
            std::vector<char> changed(size_t(sequence->size()), 0);
            for (qsizetype i = 0; i < sequence->size(); ++i)
                changed[size_t(i)] = sequence->at(i) != text.words.at(i);
            scanSequence(*sequence, scan, &changed);
            scanWordForms(*sequence, scan, &changed);
        }
    }

    for (const auto &hit : scan.termHits) {
        const auto &term = m_lexicon.terms.at(hit.term);
        if (scan.masked(hit.start, hit.end, false) || termAllowed(scan, term.text, hit.start, hit.end))
            continue;
        scan.matches.append({u"list:"_s + term.source, term.category, term.severity, hit.start, hit.end});
    }
    QSet<QString> stemsSeen; // one match per stem and word position
    for (const auto &hit : scan.stemHits) {
        const auto &stem = m_lexicon.stems.at(hit.stem);
        if (scan.masked(hit.position, hit.position + 1, false)
            || termAllowed(scan, hit.word, hit.position, hit.position + 1))
            continue;
        const QString key = stem.stem + u'@' + QString::number(hit.position);
        if (stemsSeen.contains(key))
            continue;
        stemsSeen.insert(key);
        scan.matches.append({u"stem:"_s + stem.stem, stem.category, stem.severity, hit.position, hit.position + 1});
    }
    for (auto it = m_symbolTerms.constBegin(); it != m_symbolTerms.constEnd(); ++it) {
        if (text.cleaned.contains(it.key())) {
            const auto &term = m_lexicon.terms.at(it.value());
            scan.matches.append({u"list:"_s + term.source, term.category, term.severity, 0, -1});
        }
    }
    for (const auto &rule : m_lexicon.rules) {
        Match match;
        if (matchRule(scan, rule, match)) {
            match.id = rule.id;
            match.category = rule.category;
            match.severity = rule.severity;
            scan.matches.append(match);
        }
    }

    ModerationFinding finding;
    finding.layer = u"local"_s;
    QStringList evidence;
    for (const Match &m : std::as_const(scan.matches)) {
        if (m.severity < m_lexicon.flagThreshold)
            continue;
        finding.score = std::max(finding.score, m.severity);
        if (!finding.categories.contains(m.category))
            finding.categories << m.category;
        if (evidence.size() < 3) {
            QString words;
            if (m.end < 0) {
                words = u"(symbol)"_s;
            } else {
                const int end = std::min(m.end, m.start + kEvidenceWords);
                for (int i = m.start; i < end && i < scan.count; ++i)
                    words += (i == m.start ? QString() : u" "_s) + text.words.at(i);
            }
            evidence << m.category + u'/' + m.id + u": "_s + words;
        }
    }
    finding.flagged = !finding.categories.isEmpty();
    finding.categories.sort();
    finding.evidence = evidence.join(u"; "_s);
    return finding;
}

} // namespace zk::safety
