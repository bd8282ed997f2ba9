#pragma once

#include "csv.h"

// Readers for the public safety evaluation corpora under
// ../shared/data/safety/ (see its README.md). Test data only: the rows are
// offensive and must never be shown to visitors or put into prompts.

#include "core/result.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace zk::safety::eval {

struct CorpusItem
{
    QString text;
    bool harmful = false; // true: the filter must block it; false: it must pass
    QString corpus;       // "xstest", "harmbench", "gptfuzz", "ldnoobw-en", "benign-en", ...
    int row = 0;          // 0-based position among the corpus's items
    QString type;         // XSTest's type column ("homonyms", "contrast_homonyms", ...), else empty

    // Rules are tuned on even rows only; odd rows are the held-out check.
    bool isDev() const { return row % 2 == 0; }
};


// xstest/xstest_prompts.csv: label "unsafe" → harmful, "safe" → benign.
Result<QList<CorpusItem>> readXsTest(const QString &csvPath);
// harmbench/harmbench_prompts.txt: one harmful request per line.
Result<QList<CorpusItem>> readHarmBench(const QString &txtPath);
// gptfuzz/question_list.csv (index,text): all harmful.
Result<QList<CorpusItem>> readGptFuzzQuestions(const QString &csvPath);
// A word list (one term per line), every term harmful: profanity/en.txt, es.txt.
Result<QList<CorpusItem>> readWordList(const QString &path, const QString &corpus);
// Benign lines (one per line, '#' starts a comment line): tests/data/benign_children_*.txt.
Result<QList<CorpusItem>> readBenignLines(const QString &path, const QString &corpus);

} // namespace zk::safety::eval
