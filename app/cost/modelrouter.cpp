#include "cost/modelrouter.h"

#include <QRegularExpression>
#include <QSet>

#include <utility>

namespace zk::cost {

using namespace Qt::StringLiterals;

namespace {

constexpr int kMaxWords = 12;

// Written as they look after normalize(): lower case, no accents, no
// apostrophes, punctuation turned into spaces.
const QStringList kStarters = {
    // English
    u"what"_s, u"whats"_s, u"which"_s, u"where"_s, u"wheres"_s, u"when"_s, u"who"_s, u"whos"_s,
    u"how many"_s, u"how much"_s, u"how big"_s, u"how long"_s, u"how old"_s, u"how tall"_s,
    u"how heavy"_s, u"how fast"_s, u"how far"_s, u"how often"_s,
    u"do you"_s, u"are you"_s, u"can you"_s, u"did you"_s, u"have you"_s, u"is it"_s, u"is your"_s,
    u"does"_s, u"were you"_s,
    // Spanish
    u"que"_s, u"cual"_s, u"cuales"_s, u"donde"_s, u"adonde"_s, u"cuando"_s, u"quien"_s,
    u"cuantos"_s, u"cuantas"_s, u"cuanto"_s, u"cuanta"_s, u"como de"_s,
    u"eres"_s, u"tienes"_s, u"estas"_s, u"vives"_s, u"comes"_s, u"te gusta"_s, u"puedes"_s,
    u"sabes"_s, u"hay"_s,
};

const QStringList kComplex = {
    // English
    u"why"_s, u"explain"_s, u"tell me a story"_s, u"tell me about"_s, u"story"_s, u"imagine"_s,
    u"pretend"_s, u"compare"_s, u"difference"_s, u"describe"_s, u"what if"_s, u"what would"_s,
    u"would you rather"_s, u"poem"_s, u"song"_s, u"joke"_s, u"invent"_s,
    // Spanish
    u"por que"_s, u"porque"_s, u"explica"_s, u"explicame"_s, u"cuentame"_s, u"cuento"_s,
    u"historia"_s, u"imagina"_s, u"compara"_s, u"diferencia"_s, u"describe"_s, u"describeme"_s,
    u"que pasaria"_s, u"poema"_s, u"cancion"_s, u"chiste"_s, u"inventa"_s,
};

// A second question joined by "and"/"y": "what do you eat and where do you live".
const QStringList kJoinedQuestion = {
    u"and what"_s, u"and where"_s, u"and when"_s, u"and who"_s, u"and how"_s, u"and which"_s,
    u"and do you"_s, u"and are you"_s, u"and can you"_s,
    u"y que"_s, u"y donde"_s, u"y cuando"_s, u"y quien"_s, u"y como"_s, u"y cuanto"_s, u"y cuantos"_s,
    u"y cual"_s, u"y eres"_s, u"y tienes"_s,
};

// Lower case without accents or apostrophes; every other non-letter,
// non-digit becomes a space; single spaces, trimmed.
QString normalize(const QString &text)
{
    const QString decomposed = text.toLower().normalized(QString::NormalizationForm_D);
    QString out;
    out.reserve(decomposed.size());
    for (const QChar c : decomposed) {
        if (c.category() == QChar::Mark_NonSpacing)
            continue; // the accent of a decomposed letter
        if (c == u'\'' || c == u'\u2019')
            continue; // what's -> whats
        out.append(c.isLetterOrNumber() ? c : QChar(u' '));
    }
    return out.simplified();
}

bool containsPhrase(const QString &padded, const QString &phrase)
{
    return padded.contains(QString(u' ' + phrase + u' '));
}

// More than one sentence or question: sentence punctuation with text after it.
bool severalSentences(const QString &question)
{
    static const QRegularExpression inner(u"[?!.;¿¡]\\s*[^?!.;¿¡\\s]"_s);
    QString body = question.trimmed();
    // Leading Spanish marks and trailing punctuation belong to the one question.
    while (!body.isEmpty() && (body.front() == u'¿' || body.front() == u'¡'))
        body.remove(0, 1);
    while (!body.isEmpty() && QStringView(u"?!.;").contains(body.back()))
        body.chop(1);
    // A decimal point is not a sentence end: "1.5 metres".
    static const QRegularExpression decimal(u"(\\d)[.,](\\d)"_s);
    body.replace(decimal, u"\\1\\2"_s);
    return inner.match(body).hasMatch();
}

} // namespace

ModelRouter::ModelRouter(bool enabled, QString simpleModel)
    : m_enabled(enabled)
    , m_simpleModel(std::move(simpleModel).trimmed())
{
}

bool ModelRouter::isSimpleFactual(const QString &question)
{
    const QString text = normalize(question);
    if (text.isEmpty())
        return false;
    if (text.count(u' ') + 1 > kMaxWords)
        return false;
    if (severalSentences(question))
        return false;

    const QString padded = QString(u' ' + text + u' ');
    for (const QString &phrase : kComplex) {
        if (containsPhrase(padded, phrase))
            return false;
    }
    for (const QString &phrase : kJoinedQuestion) {
        if (containsPhrase(padded, phrase))
            return false;
    }
    for (const QString &starter : kStarters) {
        if (padded.startsWith(QString(u' ' + starter + u' ')))
            return true;
    }
    return false;
}

QStringList ModelRouter::chainFor(const QString &question, const QStringList &configuredChain) const
{
    if (!m_enabled || m_simpleModel.isEmpty() || !isSimpleFactual(question))
        return configuredChain;

    QStringList chain{m_simpleModel};
    QSet<QString> seen{m_simpleModel};
    for (const QString &model : configuredChain) {
        const QString name = model.trimmed();
        if (name.isEmpty() || seen.contains(name))
            continue;
        seen.insert(name);
        chain.append(name);
    }
    return chain;
}

} // namespace zk::cost
