#include "cli/fleetcommands.h"

#include "central/centralconnection.h"
#include "central/centralschema.h"
#include "central/centralsync.h"
#include "central/fleetqueries.h"
#include "cli/ctlapp.h"
#include "core/config.h"
#include "core/kioskcore.h"
#include "fleet/remoteclient.h"
#include "fleet/remoteendpoint.h"
#include "fleet/remotetokenstore.h"

#include <QDate>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSocketNotifier>
#include <QSslCertificate>
#include <QTimer>

#include <csignal>
#include <optional>
#include <cstdio>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace zk::cli {

namespace {

void print(std::FILE *to, const QString &text)
{
    const QByteArray bytes = (text + u'\n').toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), to);
    std::fflush(to);
}

int g_stopPipe[2] = {-1, -1};
void onStopSignal(int)
{
    const char c = 1;
    [[maybe_unused]] auto n = ::write(g_stopPipe[1], &c, 1);
}

} // namespace

int fleetSetToken(KioskCore &core, const QByteArray &token)
{
    fleet::RemoteTokenStore store(fleet::RemoteTokenStore::sealedSetting(core.settings(), core.secretBox()));
    if (const Status s = store.set(token); !s) {
        print(stderr, u"zookioskctl: the fleet token was not saved: "_s + s.error().message);
        return ExitUsage;
    }
    core.recordStaffEvent(u"security"_s, u"fleet_token_set"_s,
                          u"The fleet token for remote management was replaced with zookioskctl."_s);
    print(stdout, u"Saved the fleet token, encrypted."_s);
    return ExitOk;
}

namespace {

// The central URL from the config, or a usage error printed.
std::optional<central::CentralUrl> centralUrl(const Config &config)
{
    if (config.centralUrl.isEmpty()) {
        print(stderr, u"zookioskctl: no central store: set ZOOKIOSK_CENTRAL_URL=postgresql://USER:PASSWORD@HOST:PORT/DB "
                      "or central/url in the config file"_s);
        return std::nullopt;
    }
    const auto url = central::CentralUrl::parse(config.centralUrl);
    if (!url) {
        print(stderr, u"zookioskctl: central/url: "_s + url.error().message);
        return std::nullopt;
    }
    return url.value();
}

QString usd(double amount)
{
    return u"$"_s + QString::number(amount, 'f', 4);
}

} // namespace

int fleetMigrate(const Config &config)
{
    const auto url = centralUrl(config);
    if (!url)
        return ExitUsage;
    central::CentralConnection connection(*url, u"migrate"_s);
    auto db = connection.open();
    if (!db) {
        print(stderr, u"zookioskctl: "_s + db.error().message);
        return ExitFailure;
    }
    const auto before = central::CentralSchema::currentVersion(*db);
    const auto reached = central::CentralSchema::migrate(*db);
    if (!reached) {
        print(stderr, u"zookioskctl: "_s + reached.error().message);
        return ExitFailure;
    }
    print(stdout, u"Central database %1: schema version %2 (was %3)."_s.arg(url->redacted())
                      .arg(reached.value()).arg(before.valueOr(0)));
    return ExitOk;
}

int fleetSync(KioskCore &core, int timeoutMs, bool quiet)
{
    central::CentralSync *sync = core.centralSync();
    if (!sync) {
        (void)centralUrl(core.config()); // says why
        return ExitUsage;
    }
    QEventLoop loop;
    int shipped = 0;
    std::optional<central::SyncReport> last;
    QObject::connect(sync, &central::CentralSync::cycleFinished, &loop, [&](const central::SyncReport &report) {
        shipped += report.shipped;
        last = report;
        // Rows written meanwhile (by the kiosk sharing the file): once more.
        if (report.ok && report.remaining > 0 && report.shipped > 0)
            sync->syncNow();
        else
            loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    sync->syncNow();
    loop.exec();
    if (!last || !last->ok) {
        print(stderr, u"zookioskctl: the central store was not reached: %1 (%2 rows shipped; the rest stay in "
                      "the outbox)"_s.arg(last ? last->problem : u"no answer in time"_s).arg(shipped));
        return ExitFailure;
    }
    if (!quiet)
        print(stdout, u"Shipped %1 rows to the central store as kiosk %2; %3 left in the outbox."_s.arg(shipped)
                          .arg(core.kioskId()).arg(last->remaining));
    return ExitOk;
}

int fleetUsage(const Config &config, int days, bool json)
{
    const auto url = centralUrl(config);
    if (!url)
        return ExitUsage;
    central::CentralConnection connection(*url, u"report"_s);
    central::FleetQueries queries(connection);
    const QDate today = QDate::currentDate();
    const auto rows = queries.usageByDayAndKiosk(today.addDays(1 - days), today);
    const auto budget = queries.budget(today);
    const auto totals = queries.totals();
    if (!rows || !budget || !totals) {
        print(stderr, u"zookioskctl: "_s + (!rows ? rows.error() : !budget ? budget.error() : totals.error()).message);
        return ExitFailure;
    }
    if (json) {
        QJsonArray list;
        for (const auto &r : *rows)
            list.append(QJsonObject{{u"day"_s, r.day}, {u"kioskId"_s, r.kioskId}, {u"calls"_s, r.calls},
                                    {u"promptTokens"_s, r.promptTokens}, {u"completionTokens"_s, r.completionTokens},
                                    {u"costUsd"_s, r.costUsd}, {u"turns"_s, r.turns}});
        const QJsonObject o{{u"days"_s, list},
                            {u"totals"_s, QJsonObject{{u"turns"_s, totals->turns}, {u"usageRows"_s, totals->usageRows},
                                                      {u"events"_s, totals->events}, {u"kiosks"_s, totals->kiosks}}},
                            {u"fleetBudgetToday"_s, QJsonObject{{u"committedUsd"_s, budget->committedUsd},
                                                                {u"limitUsd"_s, budget->limitUsd},
                                                                {u"openReservations"_s, budget->openReservations}}}};
        print(stdout, QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)));
        return ExitOk;
    }
    print(stdout, u"Fleet: %1 kiosks, %2 turns, %3 usage rows, %4 events in the central store."_s
                      .arg(totals->kiosks).arg(totals->turns).arg(totals->usageRows).arg(totals->events));
    print(stdout, u"Fleet budget today: %1 committed of %2 (%3 calls in flight)."_s
                      .arg(usd(budget->committedUsd), usd(budget->limitUsd)).arg(budget->openReservations));
    for (const auto &r : *rows)
        print(stdout, u"%1  %2  turns %3  calls %4  tokens %5+%6  %7"_s.arg(r.day, r.kioskId).arg(r.turns).arg(r.calls)
                          .arg(r.promptTokens).arg(r.completionTokens).arg(usd(r.costUsd)));
    return ExitOk;
}

int fleetHistory(const Config &config, int limit, bool json)
{
    const auto url = centralUrl(config);
    if (!url)
        return ExitUsage;
    central::CentralConnection connection(*url, u"report"_s);
    central::FleetQueries queries(connection);
    const auto rows = queries.recentTurns(limit);
    if (!rows) {
        print(stderr, u"zookioskctl: "_s + rows.error().message);
        return ExitFailure;
    }
    if (json) {
        QJsonArray list;
        for (const auto &r : *rows)
            list.append(QJsonObject{{u"kioskId"_s, r.kioskId}, {u"turnId"_s, r.turnId}, {u"createdAt"_s, r.createdAt},
                                    {u"animalId"_s, r.animalId}, {u"visitorText"_s, r.visitorText},
                                    {u"reply"_s, r.reply}, {u"source"_s, r.source}, {u"blocked"_s, r.blocked}});
        print(stdout, QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Compact)));
        return ExitOk;
    }
    for (const auto &r : *rows)
        print(stdout, u"%1  %2  %3  [%4]\n  Visitor: %5\n  Reply:   %6"_s.arg(r.createdAt, r.kioskId, r.animalId, r.source,
                                                                         r.visitorText, r.reply));
    return ExitOk;
}

int serve(KioskCore &core)
{
    // A long-running kiosk service: the offline answers' index now, as the kiosk does.
    if (const Status seeded = core.seedKnowledge(); !seeded)
        print(stderr, u"zookioskctl: "_s + seeded.error().message);
    auto endpoint = fleet::RemoteEndpoint::start(core);
    if (!endpoint) {
        print(stderr, u"zookioskctl: "_s + endpoint.error().message);
        return ExitFailure;
    }
    if (!endpoint.value() && !core.centralSync()) {
        print(stderr, u"zookioskctl: nothing to serve: set ZOOKIOSK_REMOTE_LISTEN=HOST:PORT or remote/listen for the "
                      "remote endpoint, or ZOOKIOSK_CENTRAL_URL or central/url for the central store"_s);
        return ExitUsage;
    }
    if (endpoint.value())
        print(stdout, u"LISTENING "_s + endpoint.value()->url().toString());
    if (core.centralSync()) {
        core.startCentralSync();
        print(stdout, u"SYNCING "_s + core.kioskId());
    }

    QEventLoop loop;
    std::unique_ptr<QSocketNotifier> notifier;
    if (::pipe(g_stopPipe) == 0) {
        notifier = std::make_unique<QSocketNotifier>(g_stopPipe[0], QSocketNotifier::Read);
        QObject::connect(notifier.get(), &QSocketNotifier::activated, &loop, [&loop] {
            char c;
            [[maybe_unused]] auto n = ::read(g_stopPipe[0], &c, 1);
            loop.quit();
        });
        std::signal(SIGINT, onStopSignal);
        std::signal(SIGTERM, onStopSignal);
    }
    loop.exec();
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    if (endpoint.value())
        endpoint.value().reset();
    // What was written since the last shipment goes before the process does
    // (when the central store is reachable; otherwise it waits in the outbox).
    if (core.centralSync())
        (void)fleetSync(core, 5000, true);
    notifier.reset();
    ::close(g_stopPipe[0]);
    ::close(g_stopPipe[1]);
    print(stderr, u"zookioskctl: stopped"_s);
    return ExitOk;
}

int remoteCall(const QString &url, const QString &method, const QString &paramsJson, const QByteArray &token,
               const QString &caFile, int timeoutMs)
{
    const QUrl target(url, QUrl::StrictMode);
    if (!target.isValid() || (target.scheme() != u"ws" && target.scheme() != u"wss") || target.host().isEmpty()) {
        print(stderr, u"zookioskctl: remote needs a ws:// or wss:// URL, e.g. wss://kiosk-3.zoo.lan:8765"_s);
        return ExitUsage;
    }
    QJsonObject params;
    if (!paramsJson.trimmed().isEmpty()) {
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(paramsJson.toUtf8(), &error);
        if (!doc.isObject()) {
            print(stderr, u"zookioskctl: the params must be one JSON object, e.g. '{\"on\": true}'"_s);
            return ExitUsage;
        }
        params = doc.object();
    }
    if (token.isEmpty()) {
        print(stderr, u"zookioskctl: no token: set ZOOKIOSK_REMOTE_TOKEN or give it on stdin"_s);
        return ExitUsage;
    }
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    if (!caFile.isEmpty()) {
        const QList<QSslCertificate> cas = QSslCertificate::fromPath(caFile, QSsl::Pem);
        if (cas.isEmpty()) {
            print(stderr, u"zookioskctl: no PEM certificate could be read from %1"_s.arg(caFile));
            return ExitUsage;
        }
        ssl.addCaCertificates(cas);
    }

    fleet::RemoteClient client(token, ssl);
    QEventLoop loop;
    int exitCode = ExitFailure;
    qint64 callId = -1;
    bool done = false;
    QObject::connect(&client, &fleet::RemoteClient::replied, &loop, [&](qint64 id, const QJsonValue &result) {
        if (id != callId || std::exchange(done, true))
            return;
        const QByteArray json = result.isObject() ? QJsonDocument(result.toObject()).toJson(QJsonDocument::Compact)
            : result.isArray()                    ? QJsonDocument(result.toArray()).toJson(QJsonDocument::Compact)
                                                  : QJsonDocument(QJsonArray{result}).toJson(QJsonDocument::Compact).mid(1).chopped(1);
        print(stdout, QString::fromUtf8(json));
        exitCode = ExitOk;
        loop.quit();
    });
    QObject::connect(&client, &fleet::RemoteClient::failed, &loop, [&](qint64 id, int code, const QString &message) {
        if ((id != 0 && id != callId) || std::exchange(done, true))
            return;
        print(stderr, u"zookioskctl: %1 (error %2)"_s.arg(message).arg(code));
        print(stdout, QString::fromUtf8(QJsonDocument(QJsonObject{{u"error"_s, QJsonObject{{u"code"_s, code},
                                                                                             {u"message"_s, message}}}})
                                            .toJson(QJsonDocument::Compact)));
        exitCode = ExitFailure;
        loop.quit();
    });
    QObject::connect(&client, &fleet::RemoteClient::closed, &loop, [&] { loop.quit(); });
    QTimer::singleShot(timeoutMs, &loop, [&] {
        if (std::exchange(done, true))
            return;
        print(stderr, u"zookioskctl: no answer from %1 within %2 s"_s.arg(url).arg(timeoutMs / 1000));
        loop.quit();
    });
    client.open(target);
    callId = client.call(method, params);
    loop.exec();
    return exitCode;
}

} // namespace zk::cli
