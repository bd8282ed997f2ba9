#include "cli/fleetcommands.h"

#include "cli/ctlapp.h"
#include "core/kioskcore.h"
#include "fleet/remoteclient.h"
#include "fleet/remoteendpoint.h"
#include "fleet/remotetokenstore.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSocketNotifier>
#include <QSslCertificate>
#include <QTimer>

#include <csignal>
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
    if (!endpoint.value()) {
        print(stderr, u"zookioskctl: the remote endpoint is off: set ZOOKIOSK_REMOTE_LISTEN=HOST:PORT or "
                      "remote/listen in the config file"_s);
        return ExitUsage;
    }
    print(stdout, u"LISTENING "_s + endpoint.value()->url().toString());

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
    endpoint.value().reset();
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
