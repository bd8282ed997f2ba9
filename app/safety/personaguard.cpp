#include "safety/personaguard.h"

#include "safety/textnormalizer.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace zk::safety {

namespace {

QStringList foldedWords(const QString &text)
{
    return TextNormalizer().normalize(text).words;
}

QSet<QString> runsOf(const QStringList &words, int length)
{
    QSet<QString> runs;
    for (qsizetype i = 0; i + length <= words.size(); ++i)
        runs.insert(words.mid(i, length).join(u' '));
    return runs;
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

} // namespace

PersonaGuard::PersonaGuard(const QString &systemPrompt, const QStringList &publicText)
{
    QSet<QString> publicRuns;
    for (const QString &text : publicText)
        publicRuns.unite(runsOf(foldedWords(text), kLeakRunWords));
    m_secretRuns = runsOf(foldedWords(systemPrompt), kLeakRunWords);
    m_secretRuns.subtract(publicRuns);
    for (const QString &run : std::as_const(m_secretRuns))
        m_secretFirstWords.insert(run.left(run.indexOf(u' ')));
}

PersonaFinding PersonaGuard::check(const QString &reply) const
{
    return check(TextNormalizer().normalize(reply));
}

PersonaFinding PersonaGuard::check(const NormalizedText &n) const
{
    if (const auto m = personaDrop().match(n.joined); m.hasMatch())
        return {true, u"persona_drop"_s, m.captured(0)};
    if (const auto m = leakTalk().match(n.joined); m.hasMatch())
        return {true, u"prompt_leak"_s, m.captured(0)};
    QString run; // reused: this runs on every sentence of every reply
    for (qsizetype i = 0; i + kLeakRunWords <= n.words.size(); ++i) {
        if (!m_secretFirstWords.contains(n.words.at(i)))
            continue;
        run.clear();
        for (qsizetype k = i; k < i + kLeakRunWords; ++k) {
            if (k > i)
                run += u' ';
            run += n.words.at(k);
        }
        if (m_secretRuns.contains(run))
            return {true, u"prompt_leak"_s, run};
    }
    return {};
}

} // namespace zk::safety
