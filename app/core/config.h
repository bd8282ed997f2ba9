#pragma once

#include "llm/llmtypes.h"

#include <QMap>
#include <QSet>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace zk {

// Every setting of the kiosk, with its built-in default.
struct Config
{
    QUrl baseUrl = QUrl(QStringLiteral("https://api.openai.com/v1"));
    QString apiKey;                 // from OPENAI_API_KEY only; never from argv or logs
    QString dataDir;                // holds zookiosk.db
    QString configFile;             // the INI file that was read, if any
    // Keys set on the command line or by the environment: staff settings
    // (stored in the database, see ConfigLoader::applyStaffSettings) do not
    // override them.
    QSet<QString> explicitKeys;
    QString caCertificatesFile;     // PEM file of extra CAs to trust beside the system ones (proxies, tests)

    llm::ApiFlavor api = llm::ApiFlavor::ChatCompletions;
    QStringList modelChain = {QStringLiteral("gpt-4o"), QStringLiteral("gpt-4o-mini")};
    double temperature = 0.7;
    int maxOutputTokens = 300;

    int connectTimeoutMs = 5000;
    int firstByteTimeoutMs = 10000;
    int betweenChunksTimeoutMs = 15000;
    int turnDeadlineMs = 12000;

    int contextMaxTurns = 10;
    int contextTokenBudget = 3000;
    int summaryThresholdTokens = 2000;
    int turnsAfterSummary = 5;
    int summaryMaxWords = 150;

    int maxInputChars = 500;
    QString language = QStringLiteral("en");

    // Retries (per model) with exponential backoff and jitter.
    int retryMaxPerModel = 2;
    int retryBaseDelayMs = 500;
    int retryMaxDelayMs = 8000;

    // Circuit breaker, per endpoint.
    int breakerConsecutiveFailures = 5;
    int breakerWindow = 20;
    double breakerFailureRatio = 0.5;
    int breakerOpenMs = 60000;

    // Client-side rate limits (corrected from the x-ratelimit-* headers).
    int rateRequestsPerMinute = 500;
    int rateTokensPerMinute = 30000;

    // Cost budgets in USD; alerts at budgetAlertRatio; no API calls at 100%.
    double budgetDailyUsd = 5.0;
    double budgetMonthlyUsd = 100.0;
    double budgetAlertRatio = 0.8;
    // USD per million tokens (input, output) by model, over the built-in table.
    QMap<QString, QPair<double, double>> priceOverrides;

    // First-turn answer cache.
    bool cacheEnabled = true;
    int cacheTtlHours = 24;

    // Every answer offline or emergency (also switchable with zookioskctl emergency on|off).
    bool emergencyMode = false;

    // Stored turns older than this many days are deleted once a day (usage
    // rows stay for the cost figures).
    int retentionDays = 30;

    // The kiosk screen: "Are you still there?" after kioskIdleMs without a touch,
    // then a countdown of kioskIdleCountdownMs before the visit ends.
    int kioskIdleMs = 60000;
    int kioskIdleCountdownMs = 10000;
    bool kioskHideCursor = false;   // touch-only kiosks hide the mouse cursor
    // When the zoo is open (see OpeningHours); outside it the screen is blanked. Empty: always.
    QString kioskOpeningHours;

    // Optional routing of simple factual questions to a cheaper model.
    bool routingEnabled = false;
    QString routingSimpleModel = QStringLiteral("gpt-4o-mini");

    // Safety: remote moderation of what goes in and out (POST {base}/moderations).
    // When it fails or times out the local checks' verdict stands.
    bool moderationRemote = true;
    QString moderationModel = QStringLiteral("omni-moderation-latest");
    int moderationTimeoutMs = 2500;
    // Block thresholds by moderation category ("moderation/block/<category>"),
    // over the strict built-in defaults for children.
    QMap<QString, double> moderationBlockThresholds;
    // The warm reply to self-harm signals, per language (empty: the built-in text).
    QString selfHarmReplyEn;
    QString selfHarmReplyEs;

    // The remote management endpoint (fleet/): off while empty. HOST:PORT
    // (ZOOKIOSK_REMOTE_LISTEN or remote/listen); TLS (wss) with this
    // certificate and key, required unless HOST is loopback.
    QString remoteListen;
    QString remoteTlsCert;
    QString remoteTlsKey;

    // The central store (app/central): off while centralUrl is empty.
    // postgresql://USER:PASSWORD@HOST:PORT/DATABASE (ZOOKIOSK_CENTRAL_URL or
    // central/url); its password never reaches a log, an event or `config get`.
    QString centralUrl;
    QString centralKioskId;              // empty: a generated id, kept in the database
    int centralSyncIntervalMs = 5000;    // between outbox shipments
    int centralBatchSize = 200;          // outbox rows per central transaction
    double centralFleetDailyUsd = 0.0;   // the fleet's daily budget; 0: none (local budgets only)

    QString databasePath() const;
};

// Reads the configuration with the precedence
//   command-line flag > environment > config file (INI) > built-in default.
// Flags arrive as a map of setting keys ("models/chain" = "a,b") so every
// setting can be given on the command line (zookioskctl --set KEY=VALUE).
// A malformed value is reported by key and the lower-precedence value is used.
class ConfigLoader
{
public:
    struct Outcome
    {
        Config config;
        QStringList warnings;   // malformed values, unreadable file: the program goes on
        QString fatalError;     // a setting that must not be used (plain-http remote base URL)
    };

    // Setting keys that a flag map or the INI file may contain.
    static QStringList knownKeys();
    // A known key, or "prices/<model>".
    static bool isKnownKey(const QString &key);
    static Outcome load(const QMap<QString, QString> &flags, const QProcessEnvironment &env);

    // http is accepted only for loopback hosts; https everywhere.
    static QString checkBaseUrl(const QUrl &url);

    // Staff settings: what the admin panel and `zookioskctl config set`
    // change, stored in the database. Precedence: command line >
    // environment > staff setting > config file > built-in default. Where the
    // API key may go (base URL, CA file) and the data dir stay with the
    // config file and the environment.
    static bool isStaffKey(const QString &key);
    static QStringList staffKeys();          // plus prices/<model>, moderation/block/<category>
    // Why `value` is refused for `key` (a message for staff), empty if fine.
    static QString validate(const QString &key, const QString &value);
    // Applies stored staff settings over `config`, except its explicitKeys;
    // returns warnings for values no longer valid (they are skipped).
    static QStringList applyStaffSettings(Config &config, const QMap<QString, QString> &values);
    // The effective value as text ("" for an unset optional text).
    static QString currentValue(const Config &config, const QString &key);
};

} // namespace zk
