// zk_bench_localchecks: the time the kiosk's local safety checks take per
// message, over every item of the evaluation corpora and the benign
// children's questions (the same texts zk_safety_eval judges).
//
// Input screen, per message: InputScreen::screen, the very call the kiosk
// makes before anything leaves the machine (TextNormalizer::clean,
// PiiRedactor::redact of the cleaned text, TextNormalizer::normalize,
// LocalModerator::checkInput, InjectionDetector::check). Its length limit is
// set out of reach here, so that the long corpus items are screened in full
// for the "all messages" row; the kiosk refuses them before any check. The
// stage rows time the same steps one by one. Output check, per sentence of a
// reply: TextNormalizer::normalize + LocalModerator::checkOutput, over the
// sentences of the same texts (SentenceSplitter).
//
// Each message is timed on its own, REPS times (in a shuffled order each
// round, so caches and branch predictors do not see the same neighbour every
// time), twice over: the thread's CPU time (CLOCK_THREAD_CPUTIME_ID: the work
// itself, unaffected by other processes taking the core) and the wall clock
// (std::chrono::steady_clock: what a visitor waits, including preemption on a
// busy machine). Prints p50, p90, p99, max in microseconds and messages per
// second, and the slowest messages. The kiosk refuses a message over 500
// characters before any check, so the figures are also given for the messages
// within that limit. Figures only, no assertions; build in Release.
//
//   zk_bench_localchecks [--data DIR] [--reps N]     (default 20)
//                        [--messages FILE] [--findings FILE]
//                        [--loop-tail SECONDS] [--loop-longest SECONDS]
//
// --messages writes the message set as JSON (text, source, benign, within the
// 500-character limit) for the peer benchmark (peer/, localchecks_vs_peer.sh),
// so both time exactly the same texts. --findings writes, one line per message
// and per reply sentence, everything the checks return (the redacted text,
// the injection finding with its score, rule and matches, the moderation
// finding, InputScreen's verdict): a change that only makes the checks faster
// must leave this file byte for byte the same. Both files hold the offensive
// corpora: test data only, never shown to visitors. --loop-tail, after the
// figures, screens the slowest 1% of the messages again and again for a
// profiler (perf record -- zk_bench_localchecks --reps 3 --loop-tail 20; for
// valgrind see screenAgainAndAgain()); --loop-longest does the same over the
// longest 1%, the same texts whatever the timings, to compare two builds.

#include "harmfulcorpora.h"
#include "injectioncorpora.h"

#include "safety/injectiondetector.h"
#include "safety/inputscreen.h"
#include "safety/localmoderator.h"
#include "safety/piiredactor.h"
#include "safety/sentencesplitter.h"
#include "safety/textnormalizer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <limits>
#include <random>
#include <vector>

#ifndef ZK_SOURCE_DIR
#error "ZK_SOURCE_DIR must name the source tree (set by CMakeLists.txt)"
#endif

using namespace Qt::StringLiterals;
using namespace zk::safety;

namespace {

constexpr int kMaxInputChars = 500;

// Keeps the optimiser from dropping work whose result is unused.
volatile int g_sink = 0;

void out(const QString &line)
{
    std::fputs(qUtf8Printable(line), stdout);
    std::fputc('\n', stdout);
}

// Microseconds of CPU time this thread has used.
double threadCpuUs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e6 + double(t.tv_nsec) / 1e3;
}

double quantile(std::vector<double> sorted, double q)
{
    std::sort(sorted.begin(), sorted.end());
    const size_t i = std::min(sorted.size() - 1, size_t(q * double(sorted.size() - 1) + 0.5));
    return sorted.at(i);
}

// One text to screen and where it came from.
struct Message
{
    QString text;
    QString source;
    bool benign = false;
};

struct Stats
{
    QString name;
    std::vector<double> us; // one sample per timed call

    void report() const
    {
        if (us.empty()) {
            out(u"%1  (no samples)"_s.arg(name, -52));
            return;
        }
        std::vector<double> sorted = us;
        std::sort(sorted.begin(), sorted.end());
        const auto at = [&](double q) {
            const size_t i = std::min(sorted.size() - 1, size_t(q * double(sorted.size() - 1) + 0.5));
            return sorted.at(i);
        };
        double total = 0;
        for (double v : sorted)
            total += v;
        out(u"%1 %2 %3 %4 %5 %6 %7 %8"_s.arg(name, -52)
                .arg(qulonglong(sorted.size()), 8)
                .arg(at(0.50), 8, 'f', 1)
                .arg(at(0.90), 8, 'f', 1)
                .arg(at(0.99), 8, 'f', 1)
                .arg(sorted.back(), 9, 'f', 1)
                .arg(total / double(sorted.size()), 8, 'f', 1)
                .arg(total > 0 ? double(sorted.size()) / (total / 1e6) : 0.0, 10, 'f', 0));
    }
};

QList<Message> collect(const QString &dataDir, const QString &sourceDir)
{
    QList<Message> messages;
    const auto addTexts = [&messages](const QStringList &texts, const QString &source, bool benign = false) {
        for (const QString &text : texts)
            messages << Message{text, source, benign};
    };
    const auto addItems = [&messages](const zk::Result<QList<eval::CorpusItem>> &read, const QString &source) {
        if (read) {
            for (const eval::CorpusItem &item : read.value())
                messages << Message{item.text, item.harmful || source != u"xstest"_s ? source : u"xstest_safe"_s,
                                    !item.harmful};
        }
    };
    for (const eval::Corpus &corpus : eval::injectionCorpora(dataDir))
        addTexts(corpus.items, corpus.name);
    const QDir data(dataDir);
    addItems(eval::readXsTest(data.filePath(u"harmful/xstest/xstest_prompts.csv"_s)), u"xstest"_s);
    addItems(eval::readHarmBench(data.filePath(u"harmful/harmbench/harmbench_prompts.txt"_s)), u"harmbench"_s);
    addItems(eval::readGptFuzzQuestions(data.filePath(u"harmful/gptfuzz/question_list.csv"_s)), u"gptfuzz_questions"_s);
    const auto addTerms = [&messages](const QStringList &terms, const QString &source) {
        for (const QString &term : terms)
            messages << Message{term, source} << Message{u"you are a "_s + term, source};
    };
    const auto wordList = [&](const QString &path, const QString &source) {
        QStringList terms;
        if (const auto read = eval::readWordList(data.filePath(path), source)) {
            for (const eval::CorpusItem &item : read.value())
                terms << item.text;
        }
        addTerms(terms, source);
    };
    wordList(u"profanity/en.txt"_s, u"ldnoobw-en"_s);
    wordList(u"profanity/es.txt"_s, u"ldnoobw-es"_s);
    wordList(u"profanity/dsojevic/en.txt"_s, u"dsojevic-en"_s);
    addTerms(eval::csvColumn(data.filePath(u"profanity/surge-ai/profanity_en.csv"_s), u"text"_s), u"surge-ai-en"_s);
    for (const QString &language : {u"en"_s, u"es"_s}) {
        const QString name = u"children_"_s + language;
        addItems(eval::readBenignLines(sourceDir + u"/tests/data/benign_children_"_s + language + u".txt"_s, name),
                 name);
    }
    return messages;
}

bool writeMessages(const QString &path, const QList<Message> &messages)
{
    QJsonArray array;
    for (const Message &m : messages) {
        array.append(QJsonObject{{u"text"_s, m.text},
                                 {u"source"_s, m.source},
                                 {u"benign"_s, m.benign},
                                 {u"within"_s, m.text.trimmed().size() <= kMaxInputChars}});
    }
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return file.write(QJsonDocument(array).toJson(QJsonDocument::Compact)) > 0;
}

// One line, the fields separated by " | ", line breaks escaped.
QString findingLine(const QStringList &fields)
{
    QString line = fields.join(u" | "_s);
    line.replace(u'\\', u"\\\\"_s).replace(u'\n', u"\\n"_s).replace(u'\r', u"\\r"_s);
    return line;
}

QString number(double value)
{
    return QString::number(value, 'g', 17);
}

QString describe(const NormalizedText &n)
{
    return findingLine({n.cleaned, n.folded, n.words.join(u'/'), n.joined});
}

QString describe(const InjectionFinding &f)
{
    return findingLine({f.detected ? u"detected"_s : u"-"_s, f.rule, number(f.score), f.evidence,
                        f.matches.join(u" ; "_s)});
}

QString describe(const ModerationFinding &f)
{
    return findingLine({f.flagged ? u"flagged"_s : u"-"_s, f.categories.join(u'+'), number(f.score), f.layer,
                        f.evidence});
}

// --loop-tail: `texts` screened in turn until `seconds` have passed; returns
// how many were screened. A function of its own so that a profiler can count
// this loop alone, e.g. instructions per message, independent of the load:
//   valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*screenAgainAndAgain*'
//       zk_bench_localchecks --reps 1 --loop-tail 5
[[gnu::noinline]] long long screenAgainAndAgain(const InputScreen &screen, const QStringList &texts, double seconds)
{
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    long long screened = 0;
    while (std::chrono::steady_clock::now() < until) {
        for (const QString &text : texts)
            g_sink = g_sink + int(screen.screen(text).kind);
        screened += texts.size();
    }
    return screened;
}

QString describe(const InputVerdict &v)
{
    static const char *const kinds[] = {"pass", "empty", "too-long", "blocked"};
    return findingLine({QString::fromLatin1(kinds[int(v.kind)]), v.outgoing, v.personalData.join(u'+'),
                        number(v.riskScore), v.block.layer, v.block.categories.join(u'+'), number(v.block.riskScore),
                        QString::number(int(v.block.reply)), v.block.evidence});
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Time per message of the kiosk's local safety checks."_s);
    parser.addHelpOption();
    const QString defaultData = QDir::cleanPath(QStringLiteral(ZK_SOURCE_DIR) + u"/tests/data/safety"_s);
    const QCommandLineOption dataOption(u"data"_s, u"The shared safety data directory."_s, u"DIR"_s, defaultData);
    const QCommandLineOption repsOption(u"reps"_s, u"Timed rounds over all messages (default 20)."_s, u"N"_s,
                                        u"20"_s);
    const QCommandLineOption messagesOption(
        u"messages"_s, u"Write the message set as JSON to FILE (for the peer benchmark)."_s, u"FILE"_s);
    const QCommandLineOption findingsOption(
        u"findings"_s, u"Write every check's result per message and sentence to FILE, then exit."_s, u"FILE"_s);
    const QCommandLineOption loopOption(
        u"loop-tail"_s, u"After the figures, screen the slowest 1% of messages <= 500 chars for SECONDS (for a "
                        "profiler)."_s, u"SECONDS"_s);
    const QCommandLineOption loopLongestOption(
        u"loop-longest"_s, u"The same over the longest 1% of messages <= 500 chars (the same texts in every "
                           "build)."_s, u"SECONDS"_s);
    parser.addOptions({dataOption, repsOption, messagesOption, findingsOption, loopOption, loopLongestOption});
    parser.process(app);
    const int reps = std::max(1, parser.value(repsOption).toInt());

    const QList<Message> messages = collect(parser.value(dataOption), QStringLiteral(ZK_SOURCE_DIR));
    const auto benignCount = std::count_if(messages.cbegin(), messages.cend(), [](const Message &m) { return m.benign; });
    if (messages.size() == benignCount) {
        std::fprintf(stderr, "zk_bench_localchecks: no corpus items under %s (pass --data DIR)\n",
                     qUtf8Printable(parser.value(dataOption)));
        return 1;
    }
    if (parser.isSet(messagesOption) && !writeMessages(parser.value(messagesOption), messages)) {
        std::fprintf(stderr, "zk_bench_localchecks: cannot write %s\n", qUtf8Printable(parser.value(messagesOption)));
        return 1;
    }

    const auto construct0 = std::chrono::steady_clock::now();
    const TextNormalizer normalizer;
    const PiiRedactor redactor;
    const InjectionDetector injection;
    auto loaded = LocalModerator::fromResources();
    if (!loaded) {
        std::fprintf(stderr, "zk_bench_localchecks: %s\n", qUtf8Printable(loaded.error().message));
        return 1;
    }
    const LocalModerator moderator = std::move(loaded).value();
    const InputScreen inputScreen(injection, moderator, redactor, std::numeric_limits<int>::max());
    const double constructMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - construct0).count();

    // Sentences for the output check: the same texts cut as a streamed reply is.
    QStringList sentences;
    for (const Message &m : messages) {
        SentenceSplitter splitter;
        for (const QString &s : splitter.push(m.text)) {
            if (!s.trimmed().isEmpty())
                sentences << s;
        }
        if (const QString rest = splitter.takeRest(); !rest.trimmed().isEmpty())
            sentences << rest;
    }

    if (parser.isSet(findingsOption)) {
        QFile file(parser.value(findingsOption));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) {
            std::fprintf(stderr, "zk_bench_localchecks: cannot write %s\n",
                         qUtf8Printable(parser.value(findingsOption)));
            return 1;
        }
        QTextStream stream(&file);
        for (qsizetype i = 0; i < messages.size(); ++i) {
            const QString &text = messages.at(i).text;
            const NormalizedText normalized = normalizer.normalize(text);
            const Redaction redaction = redactor.redact(normalized.cleaned);
            const NormalizedText screened = redaction.changed ? normalizer.normalize(redaction.text) : normalized;
            stream << u"message %1 %2\n"_s.arg(i).arg(messages.at(i).source);
            stream << u"  normalized   "_s << describe(normalized) << u'\n';
            stream << u"  redaction    "_s
                   << findingLine({redaction.changed ? u"changed"_s : u"-"_s, QString::number(redaction.count),
                                   redaction.kindNames().join(u'+'), redaction.text})
                   << u'\n';
            if (redaction.changed)
                stream << u"  screened     "_s << describe(screened) << u'\n';
            stream << u"  injection    "_s << describe(injection.check(screened)) << u'\n';
            stream << u"  checkInput   "_s << describe(moderator.checkInput(screened)) << u'\n';
            if (redaction.changed) {
                stream << u"  injection/0  "_s << describe(injection.check(normalized)) << u'\n';
                stream << u"  checkInput/0 "_s << describe(moderator.checkInput(normalized)) << u'\n';
            }
            stream << u"  screen       "_s << describe(inputScreen.screen(text)) << u'\n';
        }
        for (qsizetype i = 0; i < sentences.size(); ++i) {
            const NormalizedText normalized = normalizer.normalize(sentences.at(i));
            stream << u"sentence %1\n  normalized   "_s.arg(i) << describe(normalized) << u'\n';
            stream << u"  checkOutput  "_s << describe(moderator.checkOutput(normalized)) << u'\n';
        }
        return 0;
    }

    const auto screen = [&](const QString &message) {
        const InputVerdict verdict = inputScreen.screen(message);
        g_sink = g_sink + int(verdict.kind) + int(verdict.outgoing.size());
    };
    const auto outputCheck = [&](const QString &sentence) {
        const ModerationFinding mod = moderator.checkOutput(normalizer.normalize(sentence));
        g_sink = g_sink + (mod.flagged ? 1 : 0);
    };

    Stats cpuAll{u"input screen, all messages"_s, {}};
    Stats cpuWithin{u"input screen, messages <= 500 chars"_s, {}};
    Stats cpuBenign{u"input screen, benign questions (XSTest, children)"_s, {}};
    Stats cpuChildren{u"input screen, children's questions"_s, {}};
    Stats wallAll{u"input screen, all messages"_s, {}};
    Stats wallWithin{u"input screen, messages <= 500 chars"_s, {}};
    Stats wallChildren{u"input screen, children's questions"_s, {}};
    Stats stageClean{u"  clean"_s, {}};
    Stats stageRedact{u"  PII redact"_s, {}};
    Stats stageNormalize{u"  normalize"_s, {}};
    Stats stageModeration{u"  moderation checkInput"_s, {}};
    Stats stageInjection{u"  injection check"_s, {}};
    Stats output{u"output check per sentence (normalize + checkOutput)"_s, {}};
    std::vector<std::vector<double>> perMessageCpu(size_t(messages.size()));

    std::vector<int> order(size_t(messages.size()));
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = int(i);
    std::mt19937 rng(42);
    using Clock = std::chrono::steady_clock;
    const auto wallUs = [](Clock::time_point a, Clock::time_point b) {
        return std::chrono::duration<double, std::micro>(b - a).count();
    };

    // One untimed warm-up round.
    for (const Message &m : messages)
        screen(m.text);

    for (int round = 0; round < reps; ++round) {
        std::shuffle(order.begin(), order.end(), rng);
        for (const int i : order) {
            const Message &m = messages.at(i);
            const auto w0 = Clock::now();
            const double c0 = threadCpuUs();
            screen(m.text);
            const double cpu = threadCpuUs() - c0;
            const double wall = wallUs(w0, Clock::now());
            const bool within = m.text.trimmed().size() <= kMaxInputChars;
            const bool child = m.source.startsWith(u"children_"_s);
            perMessageCpu[size_t(i)].push_back(cpu);
            cpuAll.us.push_back(cpu);
            wallAll.us.push_back(wall);
            if (within) {
                cpuWithin.us.push_back(cpu);
                wallWithin.us.push_back(wall);
            }
            if (m.benign)
                cpuBenign.us.push_back(cpu);
            if (child) {
                cpuChildren.us.push_back(cpu);
                wallChildren.us.push_back(wall);
            }
        }
    }
    // The stages on their own (CPU time), for the messages the kiosk accepts,
    // in InputScreen's order.
    std::vector<std::array<std::vector<double>, 5>> perMessageStages(size_t(messages.size()));
    for (int round = 0; round < reps; ++round) {
        std::shuffle(order.begin(), order.end(), rng);
        for (const int i : order) {
            const QString &m = messages.at(i).text;
            if (m.trimmed().size() > kMaxInputChars)
                continue;
            const double t0 = threadCpuUs();
            const QString cleaned = TextNormalizer::clean(m);
            const double t1 = threadCpuUs();
            const Redaction r = redactor.redact(cleaned);
            const double t2 = threadCpuUs();
            const NormalizedText n = normalizer.normalizeCleaned(cleaned);
            const double t3 = threadCpuUs();
            const ModerationFinding mod = moderator.checkInput(n);
            const double t4 = threadCpuUs();
            const InjectionFinding inj = injection.check(n);
            const double t5 = threadCpuUs();
            g_sink = g_sink + int(r.count) + (inj.detected ? 1 : 0) + (mod.flagged ? 1 : 0);
            const double stageUs[5] = {t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4};
            Stats *const stageStats[5] = {&stageClean, &stageRedact, &stageNormalize, &stageModeration,
                                          &stageInjection};
            for (size_t s = 0; s < 5; ++s) {
                stageStats[s]->us.push_back(stageUs[s]);
                perMessageStages[size_t(i)][s].push_back(stageUs[s]);
            }
        }
    }
    std::vector<int> sentenceOrder(size_t(sentences.size()));
    for (size_t i = 0; i < sentenceOrder.size(); ++i)
        sentenceOrder[i] = int(i);
    for (const QString &s : std::as_const(sentences))
        outputCheck(s);
    for (int round = 0; round < reps; ++round) {
        std::shuffle(sentenceOrder.begin(), sentenceOrder.end(), rng);
        for (const int i : sentenceOrder) {
            const double t0 = threadCpuUs();
            outputCheck(sentences.at(i));
            output.us.push_back(threadCpuUs() - t0);
        }
    }

    int longest = 0;
    for (const Message &m : messages)
        longest = std::max(longest, int(m.text.size()));
    out(u"zk_bench_localchecks: %1 messages (%2 benign; longest %3 chars), %4 reply sentences, %5 rounds; the "
        "checks are constructed in %6 ms (InjectionDetector regexes, LocalModerator from :/safety/)"_s
            .arg(messages.size())
            .arg(benignCount)
            .arg(longest)
            .arg(sentences.size())
            .arg(reps)
            .arg(constructMs, 0, 'f', 1));
    const QString header = u"%1 %2 %3 %4 %5 %6 %7 %8"_s.arg(QString(), -52)
                               .arg(u"samples"_s, 8)
                               .arg(u"p50"_s, 8)
                               .arg(u"p90"_s, 8)
                               .arg(u"p99"_s, 8)
                               .arg(u"max"_s, 9)
                               .arg(u"mean"_s, 8)
                               .arg(u"msgs/s"_s, 10);
    out(QString());
    out(u"CPU TIME PER CALL, microseconds (this thread only)"_s);
    out(header);
    for (const Stats *s : {&cpuAll, &cpuWithin, &cpuBenign, &cpuChildren})
        s->report();
    out(u"stages, messages <= 500 chars:"_s);
    for (const Stats *s : {&stageClean, &stageRedact, &stageNormalize, &stageModeration, &stageInjection})
        s->report();
    output.report();
    out(QString());
    out(u"WALL-CLOCK TIME PER CALL, microseconds (includes preemption by other processes)"_s);
    out(header);
    for (const Stats *s : {&wallAll, &wallWithin, &wallChildren})
        s->report();
    out(QString());

    // The slowest messages by their median CPU time; the text is shown for the
    // benign ones only (the others are offensive by design).
    std::vector<std::pair<double, int>> medians;
    for (size_t i = 0; i < perMessageCpu.size(); ++i)
        medians.emplace_back(quantile(perMessageCpu[i], 0.5), int(i));
    std::sort(medians.begin(), medians.end(), std::greater<>());
    const auto slowest = [&](const QString &title, auto keep) {
        out(title);
        int shown = 0;
        for (const auto &[median, i] : medians) {
            const Message &m = messages.at(i);
            if (!keep(m))
                continue;
            out(u"  %1 us  %2 chars  %3%4"_s.arg(median, 8, 'f', 1)
                    .arg(m.text.size(), 6)
                    .arg(m.source, -16)
                    .arg(m.benign ? u"  "_s + m.text.left(100) : QString()));
            if (++shown == 5)
                break;
        }
    };
    slowest(u"SLOWEST MESSAGES <= 500 chars (median CPU time)"_s,
            [](const Message &m) { return m.text.trimmed().size() <= kMaxInputChars; });
    slowest(u"SLOWEST BENIGN MESSAGES (median CPU time)"_s, [](const Message &m) { return m.benign; });

    // Where the p99 comes from: the slowest 1% of the messages the kiosk
    // accepts, by their median time, and the mean of their stage medians.
    std::vector<int> tail;
    const auto within = std::count_if(messages.cbegin(), messages.cend(), [](const Message &m) {
        return m.text.trimmed().size() <= kMaxInputChars;
    });
    for (const auto &[median, i] : medians) {
        if (tail.size() >= size_t((within + 99) / 100))
            break;
        if (messages.at(i).text.trimmed().size() <= kMaxInputChars)
            tail.push_back(i);
    }
    if (!tail.empty()) {
        double sum[5] = {};
        double chars = 0;
        double whole = 0;
        for (const int i : tail) {
            chars += double(messages.at(i).text.size());
            whole += quantile(perMessageCpu[size_t(i)], 0.5);
            for (size_t s = 0; s < 5; ++s)
                sum[s] += quantile(perMessageStages[size_t(i)][s], 0.5);
        }
        const double n = double(tail.size());
        out(u"THE SLOWEST 1% OF MESSAGES <= 500 chars (%1 messages, mean %2 chars): mean of medians, us"_s
                .arg(tail.size())
                .arg(chars / n, 0, 'f', 0));
        out(u"  whole screen %1   clean %2   PII redact %3   normalize %4   checkInput %5   injection %6"_s
                .arg(whole / n, 0, 'f', 1)
                .arg(sum[0] / n, 0, 'f', 1)
                .arg(sum[1] / n, 0, 'f', 1)
                .arg(sum[2] / n, 0, 'f', 1)
                .arg(sum[3] / n, 0, 'f', 1)
                .arg(sum[4] / n, 0, 'f', 1));
    }
    out(QString());
    out(u"(msgs/s = 1 / mean time, one thread. Target for the input screen: p99 under 100 us per message.)"_s);

    // For a profiler (perf record, valgrind): screen the slowest 1% over and
    // over, or the longest 1% (the same texts whatever the timings, so that
    // two builds can be compared by instructions per message).
    const auto loop = [&](const QCommandLineOption &option, const QString &which, const std::vector<int> &picked) {
        const double seconds = parser.value(option).toDouble();
        if (seconds <= 0 || picked.empty())
            return;
        QStringList texts;
        for (const int i : picked)
            texts << messages.at(i).text;
        const long long screened = screenAgainAndAgain(inputScreen, texts, seconds);
        out(u"screened the %1 1% %2 times in %3 s"_s.arg(which).arg(screened).arg(seconds));
    };
    loop(loopOption, u"slowest"_s, tail);
    std::vector<int> longestFirst;
    for (qsizetype i = 0; i < messages.size(); ++i) {
        if (messages.at(i).text.trimmed().size() <= kMaxInputChars)
            longestFirst.push_back(int(i));
    }
    std::stable_sort(longestFirst.begin(), longestFirst.end(),
                     [&messages](int a, int b) { return messages.at(a).text.size() > messages.at(b).text.size(); });
    longestFirst.resize(std::min(longestFirst.size(), tail.size()));
    loop(loopLongestOption, u"longest"_s, longestFirst);
    return 0;
}
