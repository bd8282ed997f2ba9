#include "admin/healthreport.h"

#include "core/jsonviews.h"
#include "core/kioskcore.h"
#include "llm/circuitbreaker.h"
#include "llm/ratelimiter.h"
#include "storage/database.h"
#include "storage/repositories.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace zk::admin {

QJsonObject healthReport(KioskCore &core)
{
    QJsonObject report;
    report.insert(u"version"_s, QCoreApplication::applicationVersion());
    report.insert(u"apiKey"_s, core.online());
    report.insert(u"apiKeySource"_s, core.apiKeySource());
    report.insert(u"emergencyMode"_s, core.emergencyMode());
    report.insert(u"breaker"_s, breakerJson(core.breaker().snapshot(), core.endpointName()));
    const llm::Headroom headroom = core.rateLimiter().headroom();
    report.insert(u"rateLimitHeadroom"_s, QJsonObject{{u"requests"_s, headroom.requests}, {u"tokens"_s, headroom.tokens}});

    // One COUNT query, not today's turns loaded.
    const QDate today = QDateTime::currentDateTimeUtc().date();
    const auto counts = core.conversations().countTurns(today, today);
    report.insert(u"turnsToday"_s, counts ? counts.value().turns : -1);
    report.insert(u"blocksToday"_s, counts ? counts.value().blocked : -1);

    QJsonObject bySeverity{{u"info"_s, 0}, {u"warning"_s, 0}, {u"error"_s, 0}, {u"critical"_s, 0}};
    QJsonArray recent;
    if (const auto events = core.events().recent(50)) {
        for (const storage::Event &e : events.value()) {
            const QString severity = storage::severityName(e.severity);
            bySeverity.insert(severity, bySeverity.value(severity).toInt() + 1);
            recent.append(eventJson(e));
        }
    }
    report.insert(u"eventsBySeverity"_s, bySeverity);
    report.insert(u"recentEvents"_s, recent);

    const QString path = core.config().databasePath();
    const qint64 size = QFileInfo(path).size() + QFileInfo(path + u"-wal"_s).size();
    report.insert(u"database"_s, QJsonObject{{u"path"_s, path},
                                             {u"sizeBytes"_s, size},
                                             {u"integrityOk"_s, core.database().checkIntegrity().isEmpty()}});
    return report;
}

} // namespace zk::admin
