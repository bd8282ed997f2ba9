#include "harmfulcorpora.h"

#include <QFile>

using namespace Qt::StringLiterals;

namespace zk::safety::eval {

namespace {

Result<QString> readText(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(u"cannot read "_s + path + u": "_s + file.errorString());
    return QString::fromUtf8(file.readAll());
}

QStringList lines(const QString &text)
{
    QStringList out = text.split(u'\n');
    for (QString &line : out) {
        if (line.endsWith(u'\r'))
            line.chop(1);
    }
    return out;
}

} // namespace


Result<QList<CorpusItem>> readXsTest(const QString &csvPath)
{
    auto text = readText(csvPath);
    if (!text.ok())
        return text.error();
    const QList<QStringList> rows = parseCsv(text.value());
    if (rows.isEmpty())
        return makeError(csvPath + u": empty"_s);
    const QStringList header = rows.first();
    const qsizetype promptColumn = header.indexOf(u"prompt"_s);
    const qsizetype labelColumn = header.indexOf(u"label"_s);
    const qsizetype typeColumn = header.indexOf(u"type"_s);
    if (promptColumn < 0 || labelColumn < 0)
        return makeError(csvPath + u": no prompt or label column"_s);
    QList<CorpusItem> items;
    for (qsizetype r = 1; r < rows.size(); ++r) {
        const QStringList &row = rows.at(r);
        if (row.size() <= std::max(promptColumn, labelColumn))
            return makeError(csvPath + u": short row "_s + QString::number(r));
        const QString label = row.at(labelColumn).trimmed();
        if (label != u"safe"_s && label != u"unsafe"_s)
            return makeError(csvPath + u": unknown label "_s + label);
        CorpusItem item;
        item.text = row.at(promptColumn);
        item.harmful = label == u"unsafe"_s;
        item.corpus = u"xstest"_s;
        item.row = int(items.size());
        item.type = typeColumn >= 0 && typeColumn < row.size() ? row.at(typeColumn) : QString();
        items << item;
    }
    return items;
}

Result<QList<CorpusItem>> readHarmBench(const QString &txtPath)
{
    auto text = readText(txtPath);
    if (!text.ok())
        return text.error();
    QList<CorpusItem> items;
    for (const QString &line : lines(text.value())) {
        if (line.trimmed().isEmpty())
            continue;
        items << CorpusItem{line.trimmed(), true, u"harmbench"_s, int(items.size()), QString()};
    }
    return items;
}

Result<QList<CorpusItem>> readGptFuzzQuestions(const QString &csvPath)
{
    auto text = readText(csvPath);
    if (!text.ok())
        return text.error();
    const QList<QStringList> rows = parseCsv(text.value());
    if (rows.isEmpty() || rows.first().indexOf(u"text"_s) < 0)
        return makeError(csvPath + u": no text column"_s);
    const qsizetype textColumn = rows.first().indexOf(u"text"_s);
    QList<CorpusItem> items;
    for (qsizetype r = 1; r < rows.size(); ++r) {
        if (rows.at(r).size() <= textColumn)
            return makeError(csvPath + u": short row "_s + QString::number(r));
        items << CorpusItem{rows.at(r).at(textColumn), true, u"gptfuzz"_s, int(items.size()), QString()};
    }
    return items;
}

Result<QList<CorpusItem>> readWordList(const QString &path, const QString &corpus)
{
    auto text = readText(path);
    if (!text.ok())
        return text.error();
    QList<CorpusItem> items;
    for (const QString &line : lines(text.value())) {
        if (line.trimmed().isEmpty())
            continue;
        items << CorpusItem{line.trimmed(), true, corpus, int(items.size()), QString()};
    }
    return items;
}

Result<QList<CorpusItem>> readBenignLines(const QString &path, const QString &corpus)
{
    auto text = readText(path);
    if (!text.ok())
        return text.error();
    QList<CorpusItem> items;
    for (const QString &line : lines(text.value())) {
        const QString trimmed = line.trimmed();
        if (trimmed.isEmpty() || trimmed.startsWith(u'#'))
            continue;
        items << CorpusItem{trimmed, false, corpus, int(items.size()), QString()};
    }
    return items;
}

} // namespace zk::safety::eval
