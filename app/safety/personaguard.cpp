#include "safety/personaguard.h"

#include "safety/textnormalizer.h"

#include <QHash>
#include <QRegularExpression>

#include <vector>

using namespace Qt::StringLiterals;

namespace zk::safety {

namespace {

QStringList foldedWords(const QString &text)
{
    return TextNormalizer().normalize(text).words;
}

// qHash() of each word.
std::vector<size_t> wordHashes(const QStringList &words)
{
    std::vector<size_t> hashes;
    hashes.reserve(std::size_t(words.size()));
    for (const QString &w : words)
        hashes.push_back(qHash(w));
    return hashes;
}

// Whether the `length` words of `a` from `i` are those of `b` from `j`.
bool sameRun(const QStringList &a, qsizetype i, const QStringList &b, qsizetype j, int length)
{
    for (int k = 0; k < length; ++k) {
        if (a.at(i + k) != b.at(j + k))
            return false;
    }
    return true;
}

const QRegularExpression &personaDrop()
{
    // On the folded text (lower case, no accents, symbols as spaces).
    static const QRegularExpression re(
        uR"(\b(?:as an ai\b|as a language model|(?:an? |large |ai )language model|i am an ai\b|i m an ai\b|im an ai\b|)"
        uR"(i am an artificial intelligence|i m an artificial intelligence|i am chatgpt|i m chatgpt|chatgpt|openai|)"
        uR"(i am just a (?:computer )?program|i m just a (?:computer )?program|developer mode|jailbroken|dan mode|)"
        uR"(como (?:una? )?(?:ia|inteligencia artificial|modelo de lenguaje)\b|)"
        uR"(soy (?:una? )?(?:ia|inteligencia artificial|modelo de lenguaje|programa de (?:computadora|ordenador)|programa informatico)\b|)"
        uR"(modo desarrollador))"_s);
    return re;
}

const QRegularExpression &leakTalk()
{
    static const QRegularExpression re(
        uR"(\b(?:my (?:secret |hidden |system )?instructions|system prompt|my (?:system )?prompt\b|protection rules|)"
        uR"(rules from the zoo s staff|these instructions|mis instrucciones|instrucciones del sistema|)"
        uR"(mi prompt|reglas de proteccion))"_s);
    return re;
}

// Every alternative of personaDrop() / leakTalk() contains a word that starts
// with one of these (the regexes have no closing \b on most phrases, so a
// prefix, not a whole word). Keep them in step with the patterns;
// tst_personaguard has a reply for each alternative.
const QStringList &personaDropStarts()
{
    static const QStringList starts = {u"ai"_s,        u"language"_s, u"artificial"_s, u"chatgpt"_s,
                                       u"openai"_s,    u"program"_s,  u"developer"_s,  u"jailbroken"_s,
                                       u"dan"_s,       u"ia"_s,       u"inteligencia"_s, u"modelo"_s,
                                       u"desarrollador"_s};
    return starts;
}

const QStringList &leakTalkStarts()
{
    static const QStringList starts = {u"instruc"_s, u"prompt"_s, u"protec"_s, u"rules"_s, u"reglas"_s};
    return starts;
}

// The stems of a list by their first character, so a word is compared
// with the few that could open it.
QHash<char16_t, QStringList> byFirstChar(const QStringList &starts)
{
    QHash<char16_t, QStringList> index;
    for (const QString &s : starts)
        index[s.front().unicode()] << s;
    return index;
}

bool startsWithAny(const QString &word, const QHash<char16_t, QStringList> &starts)
{
    if (word.isEmpty())
        return false;
    const auto it = starts.constFind(word.front().unicode());
    if (it == starts.constEnd())
        return false;
    for (const QString &s : it.value()) {
        if (word.startsWith(s))
            return true;
    }
    return false;
}

} // namespace

// The words of one run of kLeakRunWords, as one hash (order matters).
size_t PersonaGuard::runHash(const size_t *wordHashes)
{
    size_t h = 0;
    for (int k = 0; k < kLeakRunWords; ++k)
        h = h * 1000003u ^ wordHashes[k];
    return h;
}

PersonaGuard::PersonaGuard(const QString &systemPrompt, const QStringList &publicText)
    : m_words(foldedWords(systemPrompt))
{
    if (m_words.size() < kLeakRunWords)
        return;
    // The public text's runs by hash, to leave them out exactly.
    std::vector<QStringList> publicWords;
    publicWords.reserve(std::size_t(publicText.size()));
    QMultiHash<size_t, std::pair<qsizetype, qsizetype>> publicRuns; // hash -> (text, start)
    for (const QString &text : publicText) {
        publicWords.push_back(foldedWords(text));
        const QStringList &words = publicWords.back();
        const std::vector<size_t> hashes = wordHashes(words);
        for (qsizetype i = 0; i + kLeakRunWords <= words.size(); ++i)
            publicRuns.insert(runHash(hashes.data() + i), {qsizetype(publicWords.size()) - 1, i});
    }
    const std::vector<size_t> hashes = wordHashes(m_words);
    for (qsizetype i = 0; i + kLeakRunWords <= m_words.size(); ++i) {
        const size_t hash = runHash(hashes.data() + i);
        bool isPublic = false;
        for (auto it = publicRuns.constFind(hash); it != publicRuns.constEnd() && it.key() == hash; ++it) {
            const auto [text, start] = it.value();
            if (sameRun(m_words, i, publicWords[std::size_t(text)], start, kLeakRunWords)) {
                isPublic = true;
                break;
            }
        }
        if (!isPublic)
            m_secretRunStarts.insert(hash, i);
    }
}

PersonaFinding PersonaGuard::check(const QString &reply) const
{
    return check(TextNormalizer().normalize(reply).words);
}

PersonaFinding PersonaGuard::check(const QStringList &words) const
{
    // This runs on every sentence of every reply: the regexes only when a
    // word opens one of their phrases, the runs by hash first.
    static const QHash<char16_t, QStringList> dropStarts = byFirstChar(personaDropStarts());
    static const QHash<char16_t, QStringList> leakStarts = byFirstChar(leakTalkStarts());
    bool dropWord = false;
    bool leakWord = false;
    for (const QString &w : words) {
        dropWord = dropWord || startsWithAny(w, dropStarts);
        leakWord = leakWord || startsWithAny(w, leakStarts);
    }
    if (dropWord || leakWord) {
        const QString joined = words.join(u' ');
        if (dropWord) {
            if (const auto m = personaDrop().match(joined); m.hasMatch())
                return {true, u"persona_drop"_s, m.captured(0)};
        }
        if (leakWord) {
            if (const auto m = leakTalk().match(joined); m.hasMatch())
                return {true, u"prompt_leak"_s, m.captured(0)};
        }
    }
    if (words.size() < kLeakRunWords || m_secretRunStarts.isEmpty())
        return {};
    const std::vector<size_t> hashes = wordHashes(words);
    for (qsizetype i = 0; i + kLeakRunWords <= words.size(); ++i) {
        const size_t hash = runHash(hashes.data() + i);
        for (auto it = m_secretRunStarts.constFind(hash); it != m_secretRunStarts.constEnd() && it.key() == hash;
             ++it) {
            if (sameRun(words, i, m_words, it.value(), kLeakRunWords))
                return {true, u"prompt_leak"_s, words.mid(i, kLeakRunWords).join(u' ')};
        }
    }
    return {};
}

} // namespace zk::safety
