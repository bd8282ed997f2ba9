// zk_bench_kindanswer: how long a visitor waits for a kind answer under each
// fault of the API, beside the healthy path.
//
// In one process: the local OpenAI-compatible server on 127.0.0.1 and a full
// zk::KioskCore (SQLite file in a temporary directory, QNetworkAccessManager,
// OpenAiClient, TurnPipeline). Each row (one fault) gets a fresh server, data
// directory and core, with the built-in Config defaults (timeouts, retries,
// breaker, rate limits, budgets) except: the API key, the base URL, the answer
// cache off (so it cannot hide a fault), and what the row itself changes. Its
// turns run one after another, each in a new conversation, with the row's
// scripts queued on the server before the turn. Before a turn, a breaker that
// an earlier turn of the row opened is closed again (not in "breaker open"),
// and the core is restarted on the same database when the local rate limiter
// is under half full, so that each turn meets its fault as a kiosk with a few
// questions a minute would (both are counted and printed).
//
// Per turn, from just before TurnPipeline::ask():
//   first text  the first TurnRun::replyDelta (the visitor has the first piece of
//               a kind answer: model text, or the whole local answer);
//   finished    TurnRun::finished (the turn is stored).
// Also: the source of each answer, the requests the server saw per turn, and
// the failed calls the pipeline recorded (failed_requests) per turn.
//
// It prints figures only; it never asserts on timings. The exit code is 1 when
// a turn gave the visitor no text at all.
//
//   zk_bench_kindanswer [N] [N_SLOW]   (defaults 50 and 5)
//
// N_SLOW is for the rows whose turns take seconds by design (the first-byte
// timeout, the between-chunks timeout, the retry backoff against a refused
// connection), so that the whole run stays within a few minutes.

#include "conversation/turnpipeline.h"
#include "conversation/turnrun.h"
#include "core/kioskcore.h"
#include "fakeopenaiserver.h"
#include "llm/circuitbreaker.h"
#include "llm/ratelimiter.h"
#include "storage/failedrequestrepository.h"
#include "storage/storedtypes.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QEventLoop>
#include <QFile>
#include <QLoggingCategory>
#include <QMap>
#include <QStandardPaths>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

using namespace Qt::StringLiterals;
using zk::test::FakeOpenAiServer;
using zk::test::Script;

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t0, Clock::time_point t)
{
    return std::chrono::duration<double, std::milli>(t - t0).count();
}

const QString kApiKey = u"sk-bench-kindanswer"_s;
const QString kAnimal = u"red_panda"_s;
// A question the red panda's offline knowledge answers (food), so local
// answers come from "offline"; one it cannot match would get the animal's
// emergency message (source "emergency") just as fast.
const QString kQuestion = u"What do you eat?"_s;

// A reply the size and shape of a real one: ~70 words, one delta per word.
const QString kReply =
    u"Hi there! I'm Zara the red panda. I spend most of my day up in the trees, "
    "curled into a fluffy ball with my long striped tail wrapped around me like a "
    "blanket. I love munching fresh bamboo leaves, and sometimes a little fruit as a "
    "treat. Did you know I have a special thumb-like bone on my wrists that helps me "
    "hold bamboo? What would you like to know about me?"_s;

Script reply()
{
    return Script::text(kReply);
}

Script withReply(Script s)
{
    s.reply = kReply;
    return s;
}

struct Row
{
    QString name;
    bool slow = false;                                          // N_SLOW turns instead of N
    QString expected;                                           // expected source (a mismatch is reported)
    std::function<void(zk::Config &)> configure;                // before the core opens
    std::function<bool(zk::KioskCore &, FakeOpenAiServer &)> prepare; // once, after it opened (not measured)
    std::function<void(FakeOpenAiServer &)> perTurn;            // scripts queued before each turn
    bool keepBreaker = false;                                   // do not close the breaker between turns
};

struct TurnSample
{
    std::optional<double> firstMs;
    double finishedMs = 0;
    int requests = 0;
    int failedCalls = 0;
    QString source;
    QString status;
    QString errorKind;
    bool kind = false;       // the visitor got text, and the stored reply is not empty
};

struct RowResult
{
    Row row;
    std::vector<TurnSample> turns;
    int breakerResets = 0;
    int restarts = 0;        // core restarted to refill the local rate limiter
    QString setupError;
};

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return std::nan("");
    std::sort(v.begin(), v.end());
    // nearest rank
    size_t rank = size_t(std::ceil(p / 100.0 * double(v.size())));
    rank = std::clamp<size_t>(rank, 1, v.size());
    return v[rank - 1];
}

// "model" when every turn agrees, else "model 48, offline 2".
QString tally(const std::vector<TurnSample> &turns, QString TurnSample::*field, const QString &emptyName = {})
{
    QMap<QString, int> counts;
    for (const TurnSample &t : turns)
        ++counts[(t.*field).isEmpty() ? emptyName : t.*field];
    if (counts.size() == 1)
        return counts.firstKey().isEmpty() ? u"-"_s : counts.firstKey();
    QStringList parts;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        parts << u"%1 %2"_s.arg(it.key().isEmpty() ? u"-"_s : it.key()).arg(it.value());
    return parts.join(u", "_s);
}

class Runner
{
public:
    explicit Runner(int n, int nSlow) : m_n(n), m_nSlow(nSlow) {}

    RowResult run(const Row &row)
    {
        RowResult result;
        result.row = row;
        QTemporaryDir dir;
        FakeOpenAiServer server;
        if (!dir.isValid() || !server.listen()) {
            result.setupError = u"no temporary directory or the server cannot listen"_s;
            return result;
        }
        server.setExpectedApiKey(kApiKey);
        server.setDefaultScript(reply());

        zk::Config config = baseConfig(dir.path(), server.baseUrl());
        if (row.configure)
            row.configure(config);
        std::unique_ptr<zk::KioskCore> core;
        const auto openCore = [&]() -> bool {
            core.reset();
            core = std::make_unique<zk::KioskCore>(config);
            if (const zk::Status s = core->open(); !s) {
                result.setupError = u"cannot open the core: "_s + s.error().message;
                return false;
            }
            return true;
        };
        if (!openCore())
            return result;
        if (row.prepare && !row.prepare(*core, server)) {
            result.setupError = u"preparation failed"_s;
            return result;
        }

        const int turns = row.slow ? m_nSlow : m_n;
        for (int i = 0; i < turns; ++i) {
            // Back-to-back turns are far denser than a kiosk's few a minute: calls
            // that fail fast spend the local token bucket (30,000/min) without a
            // usage report or x-ratelimit headers to give it back, and a 429's
            // "0 remaining" headers empty it. Start each turn with a bucket at
            // least half full, as a kiosk would have: restart the core on the
            // same database (the breaker, emergency mode and spend persist).
            const zk::llm::Headroom h = core->rateLimiter().headroom();
            if (h.requests < kRestartBelow || h.tokens < kRestartBelow) {
                if (!openCore())
                    return result;
                ++result.restarts;
            }
            if (!row.keepBreaker && core->breaker().state() != zk::llm::BreakerState::Closed) {
                (void)core->resetBreaker(u"zk_bench_kindanswer"_s);
                ++result.breakerResets;
            }
            server.clearScripts();
            server.clearRequests();
            if (row.perTurn)
                row.perTurn(server);
            result.turns.push_back(turn(*core, server));
        }
        return result;
    }

    static constexpr double kRestartBelow = 0.5;

    static zk::Config baseConfig(const QString &dataDir, const QUrl &baseUrl)
    {
        zk::Config config;
        config.dataDir = dataDir;
        config.baseUrl = baseUrl;
        config.apiKey = kApiKey;
        config.cacheEnabled = false;
        return config;
    }

    // One turn, waited for in a local event loop. Public for the warm-up.
    static TurnSample turn(zk::KioskCore &core, FakeOpenAiServer &server)
    {
        TurnSample sample;
        QEventLoop loop;
        std::optional<zk::conversation::TurnOutcome> outcome;
        QString shown;

        const Clock::time_point t0 = Clock::now();
        auto started = core.pipeline().ask({kAnimal, QString(), kQuestion, u"en"_s});
        if (!started) {
            std::fprintf(stderr, "zk_bench_kindanswer: turn rejected: %s\n", qUtf8Printable(started.error().detail));
            sample.finishedMs = msSince(t0, Clock::now());
            return sample;
        }
        zk::conversation::TurnRun *run = started.value();
        QObject::connect(run, &zk::conversation::TurnRun::replyDelta, &loop, [&](const QString &delta) {
            if (!sample.firstMs && !delta.isEmpty())
                sample.firstMs = msSince(t0, Clock::now());
            shown += delta;
        });
        QObject::connect(run, &zk::conversation::TurnRun::finished, &loop,
                         [&](const zk::conversation::TurnOutcome &o) {
                             sample.finishedMs = msSince(t0, Clock::now());
                             outcome = o;
                             loop.quit();
                         });
        QTimer guard;
        guard.setSingleShot(true);
        QObject::connect(&guard, &QTimer::timeout, &loop, &QEventLoop::quit);
        guard.start(120000);
        loop.exec();
        if (!outcome) {
            std::fprintf(stderr, "zk_bench_kindanswer: a turn did not finish within 120 s\n");
            sample.finishedMs = msSince(t0, Clock::now());
            return sample;
        }
        // Let a background summary (none expected: one turn per conversation) finish.
        while (!core.pipeline().isIdle()) {
            QEventLoop idle;
            QObject::connect(&core.pipeline(), &zk::conversation::TurnPipeline::idle, &idle, &QEventLoop::quit);
            QTimer::singleShot(10000, &idle, &QEventLoop::quit);
            idle.exec();
        }

        const zk::storage::Turn &t = outcome->turn;
        sample.source = zk::storage::replySourceName(t.source);
        sample.status = zk::storage::turnStatusName(t.status);
        sample.errorKind = t.errorKind;
        sample.requests = int(server.requests().size());
        for (const auto &f : core.failedRequests().recent(100).valueOr({}))
            sample.failedCalls += f.turnId == t.id ? 1 : 0;
        sample.kind = sample.firstMs.has_value() && !shown.trimmed().isEmpty() && !t.reply.trimmed().isEmpty();
        return sample;
    }

private:
    int m_n;
    int m_nSlow;
};

QList<Row> rows()
{
    const QByteArray quotaBody =
        "{\"error\":{\"message\":\"You exceeded your current quota, please check your plan and billing details.\","
        "\"type\":\"insufficient_quota\",\"param\":null,\"code\":\"insufficient_quota\"}}";
    const QByteArray modelNotFoundBody =
        "{\"error\":{\"message\":\"The model `gpt-4o` does not exist or you do not have access to it.\","
        "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"model_not_found\"}}";

    QList<Row> r;
    r << Row{u"healthy"_s, false, u"model"_s, {}, {}, [](FakeOpenAiServer &) {}};
    r << Row{u"HTTP 500, then success"_s, false, u"model"_s, {}, {},
             [](FakeOpenAiServer &s) { s.enqueue(Script::httpError(500)); }};
    r << Row{u"503 HTML (proxy), then success"_s, false, u"model"_s, {}, {},
             [](FakeOpenAiServer &s) { s.enqueue(Script::htmlError(503)); }};
    r << Row{u"429 retry-after-ms 300, then success"_s, false, u"model"_s, {}, {},
             [](FakeOpenAiServer &s) { s.enqueue(Script::httpError(429, {{"retry-after-ms", "300"}})); }};
    r << Row{u"429 retry-after 120 (next model)"_s, false, u"fallback_model"_s, {}, {},
             [](FakeOpenAiServer &s) { s.enqueue(Script::httpError(429, {{"retry-after", "120"}})); }};
    r << Row{u"401 invalid key"_s, false, u"offline"_s, {}, {},
             [](FakeOpenAiServer &s) { s.setDefaultScript(Script::httpError(401)); }};
    r << Row{u"429 insufficient_quota"_s, false, u"offline"_s, {}, {},
             [quotaBody](FakeOpenAiServer &s) { s.setDefaultScript(Script::httpError(429, {}, quotaBody)); }};
    r << Row{u"404 model_not_found (gpt-4o)"_s, false, u"fallback_model"_s, {}, {},
             [modelNotFoundBody](FakeOpenAiServer &s) { s.enqueue(Script::httpError(404, {}, modelNotFoundBody)); }};
    r << Row{u"no first byte, then success"_s, true, u"model"_s, {}, {},
             [](FakeOpenAiServer &s) { s.enqueue(Script::noFirstByte()); }};
    r << Row{u"stall after 3 chunks"_s, true, u"model"_s, {}, {},
             [](FakeOpenAiServer &s) { s.enqueue(withReply(Script::stallAfter(3))); }};
    r << Row{u"drop after 3 chunks"_s, false, u"model"_s, {}, {},
             [](FakeOpenAiServer &s) { s.enqueue(withReply(Script::dropAfter(3))); }};
    r << Row{u"error event after 3 chunks"_s, false, u"model"_s, {}, {},
             [](FakeOpenAiServer &s) { s.enqueue(withReply(Script::errorMidStream(3))); }};
    r << Row{u"malformed chunk after 3 chunks"_s, false, u"model"_s, {}, {},
             [](FakeOpenAiServer &s) { s.enqueue(withReply(Script::malformedChunk(3))); }};
    r << Row{u"content filter"_s, false, u"model"_s, {}, {},
             [](FakeOpenAiServer &s) { s.enqueue(withReply(Script::contentFilter())); }};
    r << Row{u"connection refused (port 9)"_s, true, u"offline"_s,
             [](zk::Config &c) { c.baseUrl = QUrl(u"http://127.0.0.1:9/v1"_s); }, {}, {}};
    // Opened by real traffic: one unmeasured turn against a server that
    // answers 503 to everything (5 failures in a row open it); then the server
    // is healthy again, so any request that got through would be answered.
    r << Row{u"breaker open"_s, false, u"offline"_s, {},
             [](zk::KioskCore &core, FakeOpenAiServer &s) {
                 s.setDefaultScript(Script::httpError(503));
                 (void)Runner::turn(core, s);
                 s.setDefaultScript(reply());
                 return core.breaker().state() == zk::llm::BreakerState::Open;
             },
             {}, true};
    r << Row{u"budget exhausted (daily 0 USD)"_s, false, u"offline"_s,
             [](zk::Config &c) { c.budgetDailyUsd = 0.0; }, {}, {}};
    r << Row{u"emergency mode"_s, false, u"offline"_s, {},
             [](zk::KioskCore &core, FakeOpenAiServer &) {
                 return core.setEmergencyMode(true, u"zk_bench_kindanswer"_s).ok();
             },
             {}};
    return r;
}

QString cpuModel()
{
    QFile f(u"/proc/cpuinfo"_s);
    if (f.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : f.readAll().split('\n')) {
            if (line.startsWith("model name")) {
                const int colon = line.indexOf(':');
                return QString::fromUtf8(line.mid(colon + 1).trimmed());
            }
        }
    }
    return u"unknown"_s;
}

QString loadAverage()
{
    QFile f(u"/proc/loadavg"_s);
    if (!f.open(QIODevice::ReadOnly))
        return u"?"_s;
    return QString::fromLatin1(f.readAll()).section(u' ', 0, 2);
}

QString fmt(double ms)
{
    if (std::isnan(ms))
        return u"-"_s;
    return QString::number(ms, 'f', ms < 100.0 ? 1 : 0);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    // The faults are on purpose: keep the pipeline's and the server's logs quiet.
    QLoggingCategory::setFilterRules(u"zk.*.info=false\nzk.*.debug=false\nzk.*.warning=false\n"
                                     "zk.*.critical=false\nqt.network.*=false"_s);

    int n = 50;
    int nSlow = 5;
    const auto arg = [&](int i, int &out) {
        bool ok = false;
        const int v = QString::fromLocal8Bit(argv[i]).toInt(&ok);
        if (!ok || v < 1)
            return false;
        out = v;
        return true;
    };
    if ((argc > 1 && !arg(1, n)) || (argc > 2 && !arg(2, nSlow)) || argc > 3) {
        std::fprintf(stderr, "usage: zk_bench_kindanswer [N] [N_SLOW]   (defaults 50 and 5)\n");
        return 2;
    }

    const zk::Config defaults;
    std::printf("zk_bench_kindanswer: time to a kind answer per fault, in-process server on 127.0.0.1\n");
    std::printf("date %s, nproc %d, CPU \"%s\", %s, Qt %s, load average at start %s\n",
                qUtf8Printable(QDateTime::currentDateTime().toString(Qt::ISODate)), QThread::idealThreadCount(),
                qUtf8Printable(cpuModel()), qUtf8Printable(QSysInfo::prettyProductName()), qVersion(),
                qUtf8Printable(loadAverage()));
    std::printf("config (built-in defaults): models %s; timeouts connect %d ms, first byte %d ms, between chunks "
                "%d ms, turn deadline %d ms;\n"
                "  retries %d per model, backoff base %d ms, max %d ms (x 0.75..1 jitter); breaker %d failures in a "
                "row or %.0f%% of %d, open %d ms;\n"
                "  rate limit %d req/min, %d tokens/min (corrected by the server's x-ratelimit headers); budget "
                "%.2f USD/day; answer cache OFF\n",
                qUtf8Printable(defaults.modelChain.join(u" -> "_s)), defaults.connectTimeoutMs,
                defaults.firstByteTimeoutMs, defaults.betweenChunksTimeoutMs, defaults.turnDeadlineMs,
                defaults.retryMaxPerModel, defaults.retryBaseDelayMs, defaults.retryMaxDelayMs,
                defaults.breakerConsecutiveFailures, defaults.breakerFailureRatio * 100.0, defaults.breakerWindow,
                defaults.breakerOpenMs, defaults.rateRequestsPerMinute, defaults.rateTokensPerMinute,
                defaults.budgetDailyUsd);
    std::printf("turns: N=%d per row; N_SLOW=%d for the rows marked * (each turn takes seconds by design);\n"
                "  one question (\"%s\", red panda), a new conversation per turn, a fresh server + database + core "
                "per row;\n"
                "  before a turn, the breaker is closed again if an earlier turn of the row opened it (except in "
                "\"breaker open\"),\n"
                "  and the core is restarted on the same database if the local rate limiter is under half full "
                "(back-to-back\n"
                "  turns are far denser than a kiosk's; see the README);\n"
                "  percentiles are nearest-rank: with 100 turns or fewer, p99 is the slowest turn.\n",
                n, nSlow, qUtf8Printable(kQuestion));
    std::fflush(stdout);

    // Warm the process (code, Qt plugins, SQLite) with a few unmeasured turns.
    {
        QTemporaryDir dir;
        FakeOpenAiServer server;
        if (!dir.isValid() || !server.listen()) {
            std::fprintf(stderr, "zk_bench_kindanswer: no temporary directory or the server cannot listen\n");
            return 1;
        }
        server.setExpectedApiKey(kApiKey);
        server.setDefaultScript(reply());
        zk::KioskCore core(Runner::baseConfig(dir.path(), server.baseUrl()));
        if (const zk::Status s = core.open(); !s) {
            std::fprintf(stderr, "zk_bench_kindanswer: cannot open the core: %s\n", qUtf8Printable(s.error().message));
            return 1;
        }
        for (int i = 0; i < 5; ++i)
            (void)Runner::turn(core, server);
    }

    Runner runner(n, nSlow);
    std::vector<RowResult> results;
    const Clock::time_point begin = Clock::now();
    const QList<Row> all = rows();
    for (const Row &row : all) {
        const Clock::time_point t = Clock::now();
        results.push_back(runner.run(row));
        std::fprintf(stderr, "  %-40s %6.1f s\n", qUtf8Printable(row.name), msSince(t, Clock::now()) / 1000.0);
    }
    const double totalS = msSince(begin, Clock::now()) / 1000.0;

    std::printf("\n%-40s %-16s %5s %9s %9s %9s %9s %8s %8s\n", "fault", "source", "turns", "first p50", "first p99",
                "done p50", "done p99", "req/turn", "fail/turn");
    std::printf("%-40s %-16s %5s %9s %9s %9s %9s %8s %8s\n", "", "", "", "ms", "ms", "ms", "ms", "(server)",
                "(client)");
    int noKind = 0;
    QStringList warnings;
    for (const RowResult &r : results) {
        const QString name = r.row.slow ? r.row.name + u" *"_s : r.row.name;
        if (!r.setupError.isEmpty()) {
            std::printf("%-40s SETUP FAILED: %s\n", qUtf8Printable(name), qUtf8Printable(r.setupError));
            ++noKind;
            continue;
        }
        std::vector<double> first, done;
        double requests = 0, failed = 0;
        for (const TurnSample &t : r.turns) {
            if (t.firstMs)
                first.push_back(*t.firstMs);
            done.push_back(t.finishedMs);
            requests += t.requests;
            failed += t.failedCalls;
            if (!t.kind)
                ++noKind;
        }
        const double count = double(std::max<size_t>(1, r.turns.size()));
        const QString source = tally(r.turns, &TurnSample::source);
        std::printf("%-40s %-16s %5zu %9s %9s %9s %9s %8.2f %8.2f\n", qUtf8Printable(name), qUtf8Printable(source),
                    r.turns.size(), qUtf8Printable(fmt(percentile(first, 50))),
                    qUtf8Printable(fmt(percentile(first, 99))), qUtf8Printable(fmt(percentile(done, 50))),
                    qUtf8Printable(fmt(percentile(done, 99))), requests / count, failed / count);
        if (source != r.row.expected)
            warnings << u"%1: source %2, expected %3"_s.arg(r.row.name, source, r.row.expected);
        if (first.size() != r.turns.size())
            warnings << u"%1: %2 of %3 turns gave no text"_s.arg(r.row.name).arg(r.turns.size() - first.size())
                            .arg(r.turns.size());
    }

    std::printf("\n%-40s %-22s %-26s %s\n", "fault", "turn status", "stored error kind",
                "breaker closed / core restarted");
    for (const RowResult &r : results) {
        if (!r.setupError.isEmpty())
            continue;
        std::printf("%-40s %-22s %-26s %d / %d\n", qUtf8Printable(r.row.slow ? r.row.name + u" *"_s : r.row.name),
                    qUtf8Printable(tally(r.turns, &TurnSample::status)),
                    qUtf8Printable(tally(r.turns, &TurnSample::errorKind)), r.breakerResets, r.restarts);
    }
    std::printf("\n* %d turns (N_SLOW). Whole run %.0f s (rows only), load average at end %s.\n", nSlow, totalS,
                qUtf8Printable(loadAverage()));
    for (const QString &w : std::as_const(warnings))
        std::printf("WARNING: %s\n", qUtf8Printable(w));
    if (noKind)
        std::printf("WARNING: %d turns left the visitor without a kind answer\n", noKind);
    return noKind ? 1 : 0;
}
