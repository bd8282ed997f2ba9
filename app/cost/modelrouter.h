#pragma once

#include <QString>
#include <QStringList>

namespace zk::cost {

// Optional routing by question complexity (Config::routingEnabled, off by
// default): a short, simple factual question goes first to the cheaper
// Config::routingSimpleModel; every other question keeps the configured chain.
//
// The issue points to a "research document" for the routing rule; it is not
// available here, so this is a deliberately conservative heuristic of our own,
// meant to send only questions a small model answers as well as a large one:
//
//   simple factual  =  at most 12 words
//                  AND one question (no second sentence, no "... and where ...")
//                  AND it opens with a factual question form:
//                      en: what / what's / which / where / when / who /
//                          how many / how much / how big / how long / how old /
//                          how tall / how heavy / how fast / how far / how often /
//                          do you / are you / can you / did you / have you /
//                          is it / is your / does / were you
//                      es: qué / cuál / cuáles / dónde / adónde / cuándo / quién /
//                          cuántos / cuántas / cuánto / cuánta / cómo de /
//                          eres / tienes / estás / vives / comes / te gusta /
//                          puedes / sabes / hay
//                  AND nothing asks for reasoning or creativity anywhere:
//                      en: why, explain, tell me a story, tell me about, story,
//                          imagine, pretend, compare, difference, describe,
//                          what if, what would, would you rather, poem, song,
//                          joke, invent
//                      es: por qué / porque, explica / explícame, cuéntame,
//                          cuento, historia, imagina, compara, diferencia,
//                          describe / descríbeme, qué pasaría, poema, canción,
//                          chiste, inventa
// Matching ignores case, accents (a child may type "donde"), the Spanish
// opening marks and punctuation, and works on whole words.
class ModelRouter
{
public:
    explicit ModelRouter(bool enabled = false, QString simpleModel = {});

    bool enabled() const { return m_enabled; }
    QString simpleModel() const { return m_simpleModel; }

    // Enabled, a simple model set and a simple factual question: the simple
    // model first, then the configured chain without it and without repeats.
    // Otherwise the configured chain, unchanged.
    QStringList chainFor(const QString &question, const QStringList &configuredChain) const;

    static bool isSimpleFactual(const QString &question);

private:
    bool m_enabled = false;
    QString m_simpleModel;
};

} // namespace zk::cost
