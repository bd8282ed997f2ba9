// zk_bench_firsttoken: the latency our pipeline adds between the first SSE
// byte and the first token leaving it.
//
// In one process: the local OpenAI-compatible server on 127.0.0.1 and a full
// zk::KioskCore (SQLite file in a temporary directory, QNetworkAccessManager,
// OpenAiClient, TurnPipeline). N visitor turns run one after another; for each,
// at the FIRST TurnRun::replyDelta we read std::chrono::steady_clock::now() and
// subtract StreamResult::firstByteSteadyNs, which ChatStream::onReadyRead stamps
// when the first body bytes reach it. The difference covers: readAll() of the
// first read, SSE parsing, JSON decoding of the chunk(s) before the first text,
// the ChatStream -> TurnRun -> replyDelta signal hops. It does not cover the
// kernel/Qt HTTP thread hand-over before readyRead, nor what a screen does
// with the text. It prints figures only; it never asserts on timings.
//
//   zk_bench_firsttoken [TURNS]        (default 1000)

#include "conversation/turnpipeline.h"
#include "conversation/turnrun.h"
#include "core/kioskcore.h"
#include "fakeopenaiserver.h"
#include "llm/chatstream.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

qint64 steadyNowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch()).count();
}

// A reply the size and shape of a real one: ~70 words, one delta per word.
const QString kReply =
    u"Hi there! I'm Zara the red panda. I spend most of my day up in the trees, "
    "curled into a fluffy ball with my long striped tail wrapped around me like a "
    "blanket. I love munching fresh bamboo leaves, and sometimes a little fruit as a "
    "treat. Did you know I have a special thumb-like bone on my wrists that helps me "
    "hold bamboo? What would you like to know about me?"_s;

class Bench : public QObject
{
public:
    Bench(zk::KioskCore &core, int turns) : m_core(core), m_turns(turns) { m_samplesNs.reserve(size_t(turns)); }

    void next()
    {
        if (m_started == m_turns) {
            QCoreApplication::exit(report());
            return;
        }
        ++m_started;
        auto started = m_core.pipeline().ask({u"red_panda"_s, QString(), u"What do you like to eat?"_s, u"en"_s});
        if (!started) {
            std::fprintf(stderr, "zk_bench_firsttoken: turn rejected: %s\n", qUtf8Printable(started.error().detail));
            QCoreApplication::exit(1);
            return;
        }
        zk::conversation::TurnRun *run = started.value();
        m_sawDelta = false;
        m_streamed.clear();
        connect(run, &zk::conversation::TurnRun::replyDelta, this, [this, run](const QString &delta) {
            if (!m_sawDelta) {
                const qint64 now = steadyNowNs();
                m_sawDelta = true;
                const zk::llm::ChatStream *stream = run->currentStream();
                if (stream && stream->result().firstByteSteadyNs > 0)
                    m_samplesNs.push_back(now - stream->result().firstByteSteadyNs);
                else
                    ++m_noStream; // a local answer (no model stream): not a sample
            }
            m_streamed += delta;
        });
        connect(run, &zk::conversation::TurnRun::finished, this, [this](const zk::conversation::TurnOutcome &o) {
            if (o.turn.source != zk::storage::ReplySource::Model || m_streamed != kReply)
                ++m_bad;
            // Next turn from the event loop, once this one has fully unwound.
            QTimer::singleShot(0, this, &Bench::next);
        });
    }

private:
    int report()
    {
        std::vector<qint64> s = m_samplesNs;
        std::printf("zk_bench_firsttoken: %d turns, reply of %lld characters in %lld deltas, in-process server on "
                    "127.0.0.1\n",
                    m_turns, static_cast<long long>(kReply.size()),
                    static_cast<long long>(zk::test::FakeOpenAiServer::splitReply(kReply, 0).size()));
        std::printf("measured: steady_clock at the first TurnRun::replyDelta minus StreamResult::firstByteSteadyNs\n"
                    "          (stamped in ChatStream::onReadyRead on the first body bytes): readAll + SSE parse +\n"
                    "          JSON decode + signal hops to the first token. Excludes the Qt HTTP thread hand-off.\n");
        if (m_bad || m_noStream)
            std::printf("WARNING: %d turns did not stream the full reply from the model, %d had no stream\n", m_bad,
                        m_noStream);
        if (s.empty()) {
            std::printf("no samples\n");
            return 1;
        }
        const qint64 first = s.front();
        std::sort(s.begin(), s.end());
        const auto pct = [&](double p) {
            // nearest-rank percentile
            size_t rank = size_t(std::ceil(p / 100.0 * double(s.size())));
            rank = std::clamp<size_t>(rank, 1, s.size());
            return double(s[rank - 1]) / 1000.0;
        };
        const double mean = double(std::accumulate(s.begin(), s.end(), qint64(0))) / double(s.size()) / 1000.0;
        std::printf("count %zu  min %.1f us  p50 %.1f us  p90 %.1f us  p99 %.1f us  max %.1f us  mean %.1f us"
                    "  (first turn %.1f us)\n",
                    s.size(), double(s.front()) / 1000.0, pct(50), pct(90), pct(99), double(s.back()) / 1000.0, mean,
                    double(first) / 1000.0);
        std::printf("target p99 < 2000 us: %s\n", pct(99) < 2000.0 ? "met" : "NOT met");
        return m_bad ? 1 : 0;
    }

    zk::KioskCore &m_core;
    int m_turns;
    int m_started = 0;
    bool m_sawDelta = false;
    QString m_streamed;
    std::vector<qint64> m_samplesNs;
    int m_bad = 0;
    int m_noStream = 0;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    QLoggingCategory::setFilterRules(u"zk.*.info=false\nzk.*.debug=false"_s);

    int turns = 1000;
    if (argc > 1) {
        bool ok = false;
        turns = QString::fromLocal8Bit(argv[1]).toInt(&ok);
        if (!ok || turns < 1) {
            std::fprintf(stderr, "usage: zk_bench_firsttoken [TURNS]   (default 1000)\n");
            return 2;
        }
    }

    QTemporaryDir dir;
    if (!dir.isValid()) {
        std::fprintf(stderr, "zk_bench_firsttoken: no temporary directory\n");
        return 1;
    }
    zk::test::FakeOpenAiServer server;
    if (!server.listen()) {
        std::fprintf(stderr, "zk_bench_firsttoken: the local server cannot listen\n");
        return 1;
    }
    const QString key = u"sk-bench-firsttoken"_s;
    server.setExpectedApiKey(key);
    server.setDefaultScript(zk::test::Script::text(kReply, 0));
    zk::test::RateLimits noHeaders;
    noHeaders.enabled = false; // 1000 back-to-back turns would drain the (simulated) account limits
    server.setRateLimits(noHeaders);

    zk::Config config;
    config.dataDir = dir.path();
    config.baseUrl = server.baseUrl();
    config.apiKey = key;
    config.cacheEnabled = false; // every turn must stream from the server, not the answer cache
    config.budgetDailyUsd = 1e6; // and never be refused by the budget
    config.budgetMonthlyUsd = 1e6;
    config.rateRequestsPerMinute = 1000000; // nor wait on the local rate limit
    config.rateTokensPerMinute = 100000000;
    // Remote moderation runs before the first byte and after the last: outside
    // the measured window. The output gate (sentence by sentence) is inside it.
    config.moderationRemote = false;
    zk::KioskCore core(config);
    if (const zk::Status s = core.open(); !s) {
        std::fprintf(stderr, "zk_bench_firsttoken: cannot open the core: %s\n", qUtf8Printable(s.error().message));
        return 1;
    }

    Bench bench(core, turns);
    QTimer::singleShot(0, &bench, &Bench::next);
    return app.exec();
}
