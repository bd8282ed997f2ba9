// zk_bench_remoteload: many staff consoles polling one kiosk's remote
// management endpoint (app/fleet) at a steady rate, and how fast it answers.
//
// Opens N console connections (zk::fleet::RemoteClient, the same class as
// `zookioskctl remote`: challenge, HMAC-SHA256 login with the shared token)
// to the given ws:// URL, all at once. Once every connection is logged in (or
// has failed), each one sends R requests per second for D seconds, paced by
// its own precise timer (the N timers are spread evenly over one period, so
// the kiosk sees N * R requests a second, not N at the same instant), cycling
// through the read-only console calls
//   status.get {}, animals.list {language: en}, guardrails.list {animal:
//   red_panda}, usage.get {days: 7}, history.query {limit: 20}
// (connection i starts at call i mod 5, so the mix is even at every moment).
// Requests are pipelined: a connection does not wait for a reply before its
// next request. A request's latency is from just before sendTextMessage to
// the arrival of the reply with its id, as seen by this process (its own
// event loop is single-threaded: the lag of a 10 ms probe timer is printed,
// so a busy client can be told from a slow kiosk). After D seconds it stops
// sending and waits up to --drain seconds for the replies still due; those
// that never come are "lost".
//
// Prints one "RESULT key=value ..." line on stdout and a summary on stderr:
// login times, requests sent / answered / refused (by JSON-RPC error code) /
// lost, connections closed by the kiosk, throughput, latency p50 / p90 / p99 /
// max overall, per method and per 10 s of the run (a kiosk that slows down
// under load shows it there). Figures only; it never asserts on timings.
// Exit 0 when at least one connection logged in and sent requests; 1 when none
// did (wrong token, nothing listening); 2 for bad arguments.
//
//   ZOOKIOSK_REMOTE_TOKEN=... zk_bench_remoteload --url ws://127.0.0.1:PORT
//       [--connections 50] [--rate 10] [--seconds 60] [--drain 10]
//
// The kiosk limits each connection to 20 frames a second (bursts of 40:
// beyond that an error, then the connection is closed) and to 64 connections
// (more are refused); those are the defaults of zk::fleet::SessionSettings and
// RemoteServerSettings, printed beside the figures. A rate or a connection
// count over them is run anyway (to see the refusals) with a warning.

#include "fleet/remoteclient.h"
#include "fleet/remoteserver.h"
#include "fleet/remotesession.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QHash>
#include <QJsonObject>
#include <QMap>
#include <QSslConfiguration>
#include <QSysInfo>
#include <QTimer>
#include <QUrl>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

struct Method
{
    QString name;
    QJsonObject params;
};

const std::vector<Method> &methods()
{
    static const std::vector<Method> list = {
        {u"status.get"_s, {}},
        {u"animals.list"_s, {{u"language"_s, u"en"_s}}},
        {u"guardrails.list"_s, {{u"animal"_s, u"red_panda"_s}}},
        {u"usage.get"_s, {{u"days"_s, 7}}},
        {u"history.query"_s, {{u"limit"_s, 20}}},
    };
    return list;
}

struct Sample
{
    qint64 sentNs;
    qint64 latencyNs;
    int method;
};

struct Pending
{
    qint64 sentNs;
    int method;
};

struct Connection
{
    int index = 0;
    std::unique_ptr<zk::fleet::RemoteClient> client;
    QTimer *timer = nullptr;
    std::function<void()> sendNext;
    QHash<qint64, Pending> pending;
    int nextMethod = 0;
    qint64 openedNs = 0;
    qint64 loginNs = -1;      // open -> loggedIn
    bool failedLogin = false;
    bool failureCounted = false;  // RemoteClient may report one refusal twice (error frame, then the close)
    bool closed = false;
    bool closedDuringLoad = false;
    QString closeReason;
};

double ms(qint64 ns)
{
    return double(ns) / 1e6;
}

// Nearest rank of a sorted list.
qint64 rank(const std::vector<qint64> &sorted, double p)
{
    if (sorted.empty())
        return 0;
    const auto i = std::clamp<qsizetype>(qsizetype(std::ceil(p * double(sorted.size()))) - 1, 0,
                                         qsizetype(sorted.size()) - 1);
    return sorted[size_t(i)];
}

struct Stats
{
    qsizetype n = 0;
    double p50 = 0, p90 = 0, p99 = 0, max = 0, mean = 0;
};

Stats stats(std::vector<qint64> values)
{
    Stats s;
    s.n = qsizetype(values.size());
    if (values.empty())
        return s;
    std::sort(values.begin(), values.end());
    double sum = 0;
    for (qint64 v : values)
        sum += double(v);
    s.p50 = ms(rank(values, 0.50));
    s.p90 = ms(rank(values, 0.90));
    s.p99 = ms(rank(values, 0.99));
    s.max = ms(values.back());
    s.mean = ms(qint64(sum / double(values.size())));
    return s;
}

long long readProcStatusKb(const char *key)
{
    QFile f(u"/proc/self/status"_s);
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(key))
            return line.mid(qsizetype(qstrlen(key))).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Load on a kiosk's remote management endpoint: N consoles, R requests a "
                                      "second each, D seconds. Token from ZOOKIOSK_REMOTE_TOKEN."_s);
    parser.addHelpOption();
    parser.addOptions({
        {u"url"_s, u"The kiosk's endpoint, ws://127.0.0.1:PORT (as `zookioskctl serve` prints it)."_s, u"url"_s},
        {u"connections"_s, u"Console connections (default 50)."_s, u"n"_s, u"50"_s},
        {u"rate"_s, u"Requests per second per connection (default 10)."_s, u"r"_s, u"10"_s},
        {u"seconds"_s, u"How long each connection sends (default 60)."_s, u"s"_s, u"60"_s},
        {u"drain"_s, u"Seconds to wait for the last replies (default 10)."_s, u"s"_s, u"10"_s},
        {u"login-timeout"_s, u"Seconds for all connections to log in (default 30)."_s, u"s"_s, u"30"_s},
    });
    parser.process(app);

    const QUrl url(parser.value(u"url"_s), QUrl::StrictMode);
    bool ok1 = false, ok2 = false, ok3 = false, ok4 = false, ok5 = false;
    const int connections = parser.value(u"connections"_s).toInt(&ok1);
    const double rate = parser.value(u"rate"_s).toDouble(&ok2);
    const double seconds = parser.value(u"seconds"_s).toDouble(&ok3);
    const double drainSeconds = parser.value(u"drain"_s).toDouble(&ok4);
    const double loginSeconds = parser.value(u"login-timeout"_s).toDouble(&ok5);
    const QByteArray token = qgetenv("ZOOKIOSK_REMOTE_TOKEN");
    if (!url.isValid() || (url.scheme() != u"ws" && url.scheme() != u"wss") || !ok1 || connections < 1 || !ok2
        || rate <= 0 || rate > 1000 || !ok3 || seconds <= 0 || !ok4 || drainSeconds < 0 || !ok5 || loginSeconds <= 0) {
        std::fprintf(stderr, "zk_bench_remoteload: needs --url ws://HOST:PORT, --connections >= 1, 0 < --rate <= 1000, "
                             "--seconds > 0, --drain >= 0\n");
        return 2;
    }
    if (token.isEmpty()) {
        std::fprintf(stderr, "zk_bench_remoteload: set ZOOKIOSK_REMOTE_TOKEN to the kiosk's fleet token\n");
        return 2;
    }

    // The kiosk's limits, as compiled in (app/fleet defaults).
    const zk::fleet::RemoteServerSettings limits;
    std::fprintf(stderr,
                 "zk_bench_remoteload: %d connections x %.1f requests/s for %.0f s to %s "
                 "(kiosk limits: %.0f frames/s per connection, bursts of %d; %d connections)\n",
                 connections, rate, seconds, qPrintable(url.toString()), limits.session.framesPerSecond,
                 limits.session.burst, limits.maxConnections);
    if (rate > limits.session.framesPerSecond)
        std::fprintf(stderr, "zk_bench_remoteload: warning: %.1f requests/s is over the kiosk's %.0f frames/s per "
                             "connection: after about %.1f s (its burst of %d used up) expect -32003 and closed "
                             "connections\n",
                     rate, limits.session.framesPerSecond,
                     limits.session.burst / (rate - limits.session.framesPerSecond), limits.session.burst);
    if (connections > limits.maxConnections)
        std::fprintf(stderr, "zk_bench_remoteload: warning: %d connections is over the kiosk's %d: expect refusals\n",
                     connections, limits.maxConnections);

    QElapsedTimer clock;
    clock.start();
    const auto now = [&clock] { return clock.nsecsElapsed(); };

    std::vector<std::unique_ptr<Connection>> conns;
    std::vector<Sample> samples;
    samples.reserve(size_t(double(connections) * rate * seconds * 1.1) + 16);
    QMap<int, qint64> errorsByCode;
    QMap<QString, int> connectionFailures;
    qint64 sent = 0;
    qint64 alerts = 0;
    bool loading = false;
    bool draining = false;
    qint64 loadStartNs = 0, loadEndNs = 0;

    QEventLoop loop;
    int waitingLogin = connections;
    const auto loginSettled = [&] {
        if (--waitingLogin == 0 && !loading)
            loop.quit();
    };
    const auto checkDrained = [&] {
        if (!draining)
            return;
        for (const auto &c : conns)
            if (!c->closed && !c->pending.isEmpty())
                return;
        loop.quit();
    };

    for (int i = 0; i < connections; ++i) {
        auto c = std::make_unique<Connection>();
        c->index = i;
        c->nextMethod = i % int(methods().size());
        c->client = std::make_unique<zk::fleet::RemoteClient>(token, QSslConfiguration::defaultConfiguration());
        c->timer = new QTimer(c->client.get());
        c->timer->setTimerType(Qt::PreciseTimer);
        c->timer->setInterval(std::max(1, int(std::lround(1000.0 / rate))));
        Connection *cp = c.get();
        cp->sendNext = [&, cp] {
            if (!loading || cp->closed)
                return;
            const Method &m = methods()[size_t(cp->nextMethod)];
            const qint64 t = now();
            const qint64 id = cp->client->call(m.name, m.params);
            cp->pending.insert(id, Pending{t, cp->nextMethod});
            cp->nextMethod = (cp->nextMethod + 1) % int(methods().size());
            ++sent;
        };
        QObject::connect(cp->timer, &QTimer::timeout, cp->client.get(), [cp] { cp->sendNext(); });
        QObject::connect(cp->client.get(), &zk::fleet::RemoteClient::loggedIn, cp->client.get(), [&, cp] {
            cp->loginNs = now() - cp->openedNs;
            loginSettled();
        });
        QObject::connect(cp->client.get(), &zk::fleet::RemoteClient::replied, cp->client.get(),
                         [&, cp](qint64 id, const QJsonValue &) {
                             const qint64 t = now();
                             const auto it = cp->pending.constFind(id);
                             if (it == cp->pending.cend())
                                 return;
                             samples.push_back(Sample{it->sentNs, t - it->sentNs, it->method});
                             cp->pending.erase(it);
                             checkDrained();
                         });
        QObject::connect(cp->client.get(), &zk::fleet::RemoteClient::failed, cp->client.get(),
                         [&, cp](qint64 id, int code, const QString &message) {
                             if (id == 0) {
                                 if (!std::exchange(cp->failureCounted, true))
                                     connectionFailures[message.left(120)] += 1;
                                 if (cp->loginNs < 0 && !cp->failedLogin) {
                                     cp->failedLogin = true;
                                     loginSettled();
                                 }
                                 return;
                             }
                             errorsByCode[code] += 1;
                             cp->pending.remove(id);
                             checkDrained();
                         });
        QObject::connect(cp->client.get(), &zk::fleet::RemoteClient::alert, cp->client.get(),
                         [&](const QJsonObject &) { ++alerts; });
        QObject::connect(cp->client.get(), &zk::fleet::RemoteClient::closed, cp->client.get(), [&, cp] {
            if (cp->closed)
                return;
            cp->closed = true;
            cp->closedDuringLoad = loading || draining;
            cp->timer->stop();
            if (cp->loginNs < 0 && !cp->failedLogin) {
                cp->failedLogin = true;
                loginSettled();
            }
            checkDrained();
        });
        conns.push_back(std::move(c));
    }

    // The event loop's own lag: a 10 ms precise timer's lateness.
    std::vector<qint64> probeLag;
    probeLag.reserve(size_t((seconds + drainSeconds + loginSeconds) * 100) + 16);
    qint64 probeLast = 0;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(10);
    QObject::connect(&probe, &QTimer::timeout, &probe, [&] {
        const qint64 t = now();
        if (probeLast > 0 && loading)
            probeLag.push_back(std::max<qint64>(0, t - probeLast - 10'000'000));
        probeLast = t;
    });
    probe.start();

    const long long rssStartKb = readProcStatusKb("VmRSS:");

    // 1. Connect and log in, all at once.
    const qint64 connectStartNs = now();
    for (const auto &c : conns) {
        c->openedNs = now();
        c->client->open(url);
    }
    QTimer loginTimeout;
    loginTimeout.setSingleShot(true);
    QObject::connect(&loginTimeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    loginTimeout.start(int(loginSeconds * 1000));
    loop.exec();
    loginTimeout.stop();
    const qint64 loginPhaseNs = now() - connectStartNs;
    std::vector<qint64> loginTimes;
    int loggedIn = 0;
    for (const auto &c : conns)
        if (c->loginNs >= 0 && !c->closed) {
            ++loggedIn;
            loginTimes.push_back(c->loginNs);
        }
    const Stats login = stats(loginTimes);
    std::fprintf(stderr, "zk_bench_remoteload: %d of %d logged in within %.0f ms (login p50 %.1f ms, max %.1f ms)\n",
                 loggedIn, connections, ms(loginPhaseNs), login.p50, login.max);
    if (loggedIn == 0) {
        for (auto it = connectionFailures.cbegin(); it != connectionFailures.cend(); ++it)
            std::fprintf(stderr, "  %d x %s\n", it.value(), qPrintable(it.key()));
        std::printf("RESULT connections=%d logged_in=0 sent=0 replies=0\n", connections);
        return 1;
    }

    // 2. The load: each logged-in connection's timer, phases spread over one period.
    const double periodMs = 1000.0 / rate;
    loading = true;
    loadStartNs = now();
    int slot = 0;
    for (const auto &c : conns) {
        if (c->loginNs < 0 || c->closed)
            continue;
        const int phase = int(std::lround(periodMs * slot++ / loggedIn));
        QTimer::singleShot(phase, Qt::PreciseTimer, c->timer, [&, cp = c.get()] {
            cp->sendNext(); // the first request at its phase, then one every period
            if (!cp->closed && loading)
                cp->timer->start();
        });
    }
    QTimer::singleShot(int(seconds * 1000), Qt::PreciseTimer, &loop, [&] {
        loading = false;
        loadEndNs = now();
        for (const auto &c : conns)
            c->timer->stop();
        draining = true;
        QTimer::singleShot(int(drainSeconds * 1000), &loop, &QEventLoop::quit);
        checkDrained();
    });
    loop.exec();
    draining = false;
    probe.stop();
    const long long rssEndKb = readProcStatusKb("VmRSS:");

    // 3. Figures.
    qint64 lost = 0;
    int closedDuringLoad = 0, stillOpen = 0;
    for (const auto &c : conns) {
        lost += c->pending.size();
        if (c->closedDuringLoad)
            ++closedDuringLoad;
        if (c->loginNs >= 0 && !c->closed)
            ++stillOpen;
    }
    qint64 errors = 0;
    for (qint64 n : errorsByCode)
        errors += n;
    const double loadSeconds = ms(loadEndNs - loadStartNs) / 1000.0;

    std::vector<qint64> all;
    all.reserve(samples.size());
    std::vector<std::vector<qint64>> byMethod(methods().size());
    const int sliceSeconds = 10;
    const int slices = std::max(1, int(std::ceil(seconds / sliceSeconds))); // as asked: the timer may end a little late
    std::vector<std::vector<qint64>> bySlice(static_cast<size_t>(slices));
    for (const Sample &s : samples) {
        all.push_back(s.latencyNs);
        byMethod[size_t(s.method)].push_back(s.latencyNs);
        const int slice = std::clamp(int((s.sentNs - loadStartNs) / (qint64(sliceSeconds) * 1'000'000'000)), 0,
                                     slices - 1);
        bySlice[size_t(slice)].push_back(s.latencyNs);
    }
    const Stats total = stats(all);
    const Stats lag = stats(probeLag);
    const double throughput = loadSeconds > 0 ? double(samples.size()) / loadSeconds : 0;

    std::printf("RESULT connections=%d logged_in=%d rate=%.1f seconds=%.1f sent=%lld replies=%lld errors=%lld "
                "lost=%lld closed=%d open_at_end=%d throughput_rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f "
                "max_ms=%.2f mean_ms=%.2f login_p50_ms=%.1f login_max_ms=%.1f client_lag_p99_ms=%.2f "
                "client_lag_max_ms=%.2f alerts=%lld\n",
                connections, loggedIn, rate, loadSeconds, sent, qlonglong(samples.size()), errors, lost,
                closedDuringLoad, stillOpen, throughput, total.p50, total.p90, total.p99, total.max, total.mean,
                login.p50, login.max, lag.p99, lag.max, alerts);
    std::fflush(stdout);

    std::fprintf(stderr, "\nzk_bench_remoteload: %s, %s; %d connections x %.1f req/s, %.1f s of load\n",
                 qPrintable(QSysInfo::prettyProductName()), qPrintable(QSysInfo::currentCpuArchitecture()), loggedIn,
                 rate, loadSeconds);
    std::fprintf(stderr, "  requests: %lld sent (%.1f/s, asked %.1f/s), %lld answered, %lld refused, %lld lost "
                         "(no reply within %.0f s of the end)\n",
                 sent, loadSeconds > 0 ? double(sent) / loadSeconds : 0.0, double(loggedIn) * rate,
                 qlonglong(samples.size()), errors, lost, drainSeconds);
    for (auto it = errorsByCode.cbegin(); it != errorsByCode.cend(); ++it)
        std::fprintf(stderr, "    error %d: %lld\n", it.key(), it.value());
    std::fprintf(stderr, "  connections: %d logged in, %d closed during the load, %d still open at the end\n",
                 loggedIn, closedDuringLoad, stillOpen);
    for (auto it = connectionFailures.cbegin(); it != connectionFailures.cend(); ++it)
        std::fprintf(stderr, "    %d x %s\n", it.value(), qPrintable(it.key()));
    std::fprintf(stderr, "  throughput: %.1f replies/s; pushed alerts received: %lld\n", throughput, alerts);
    std::fprintf(stderr, "  latency (ms)        n      p50      p90      p99      max     mean\n");
    const auto row = [](const char *label, const Stats &s) {
        std::fprintf(stderr, "    %-16s %6lld %8.2f %8.2f %8.2f %8.2f %8.2f\n", label, qlonglong(s.n), s.p50, s.p90,
                     s.p99, s.max, s.mean);
    };
    row("all", total);
    for (size_t m = 0; m < methods().size(); ++m)
        row(qPrintable(methods()[m].name), stats(byMethod[m]));
    for (int s = 0; s < slices; ++s) {
        const QByteArray label = u"sent %1-%2 s"_s.arg(s * sliceSeconds)
                                     .arg(std::min((s + 1) * sliceSeconds, int(std::lround(seconds))))
                                     .toLatin1();
        row(label.constData(), stats(bySlice[size_t(s)]));
    }
    std::fprintf(stderr, "  this client's event loop lag (10 ms probe): p99 %.2f ms, max %.2f ms; its RSS %lld -> %lld MB\n",
                 lag.p99, lag.max, rssStartKb / 1024, rssEndKb / 1024);
    for (const auto &c : conns) // no signal may reach the lambdas while the clients go away
        c->client->disconnect();
    conns.clear();
    return sent > 0 ? 0 : 1;
}
