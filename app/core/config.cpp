#include "core/config.h"

#include "core/logging.h"
#include "core/openinghours.h"
#include "central/centralurl.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QHostAddress>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>

#include <functional>

using namespace Qt::StringLiterals;

namespace zk {

namespace {

// One setting: its key, and how to apply a text value to the Config.
// apply() returns an empty string on success, or why the value is malformed.
using Apply = std::function<QString(Config &, const QString &)>;
using Get = std::function<QString(const Config &)>;

// How a setting is read from text and shown as text (get: the effective
// value for `zookioskctl config get` and the admin panel's Settings page).
struct Accessor
{
    Apply apply;
    Get get;
    Accessor(Apply a, Get g) : apply(std::move(a)), get(std::move(g)) {}
};

// Why a value is refused, in the language of the kiosk's translator when one
// is installed (the admin panel shows it next to the field); the CLI and the
// logs have none and keep the English text.
QString reason(const char *text)
{
    return QCoreApplication::translate("zk::ConfigLoader", text);
}

struct Setting
{
    QString key;
    Accessor access;
};

Accessor intSetting(int Config::*field, int min, int max)
{
    return {[=](Config &c, const QString &text) -> QString {
        bool ok = false;
        const int value = text.trimmed().toInt(&ok);
        if (!ok || value < min || value > max)
            return reason(QT_TRANSLATE_NOOP("zk::ConfigLoader", "expected a whole number from %1 to %2")).arg(min).arg(max);
        c.*field = value;
        return {};
    },
            [=](const Config &c) { return QString::number(c.*field); }};
}

Accessor doubleSetting(double Config::*field, double min, double max)
{
    return {[=](Config &c, const QString &text) -> QString {
        bool ok = false;
        const double value = text.trimmed().toDouble(&ok);
        if (!ok || value < min || value > max)
            return reason(QT_TRANSLATE_NOOP("zk::ConfigLoader", "expected a number from %1 to %2")).arg(min).arg(max);
        c.*field = value;
        return {};
    },
            [=](const Config &c) { return QString::number(c.*field); }};
}

Accessor boolSetting(bool Config::*field)
{
    return {[=](Config &c, const QString &text) -> QString {
        const QString v = text.trimmed().toLower();
        if (v == u"true" || v == u"1" || v == u"on" || v == u"yes")
            c.*field = true;
        else if (v == u"false" || v == u"0" || v == u"off" || v == u"no")
            c.*field = false;
        else
            return reason(QT_TRANSLATE_NOOP("zk::ConfigLoader", "expected true or false"));
        return {};
    },
            [=](const Config &c) { return c.*field ? u"true"_s : u"false"_s; }};
}

// A text setting: trimmed; `required` refuses an empty value with `problem`.
Accessor textSetting(QString Config::*field, bool required, const char *problem)
{
    return {[=](Config &c, const QString &text) -> QString {
                if (required && text.trimmed().isEmpty())
                    return reason(problem);
                c.*field = text.trimmed();
                return {};
            },
            [=](const Config &c) { return c.*field; }};
}

const QList<Setting> &settings()
{
    static const QList<Setting> table = {
        {u"openai/base_url"_s, {[](Config &c, const QString &text) -> QString {
             const QUrl url(text.trimmed(), QUrl::StrictMode);
             if (!url.isValid() || url.host().isEmpty())
                 return reason(QT_TRANSLATE_NOOP("zk::ConfigLoader", "expected a URL such as https://api.openai.com/v1"));
             c.baseUrl = url;
             return {};
         },
         [](const Config &c) { return c.baseUrl.toString(); }}},
        {u"openai/api"_s, {[](Config &c, const QString &text) -> QString {
             const QString v = text.trimmed().toLower();
             if (v == u"chat" || v == u"chat_completions")
                 c.api = llm::ApiFlavor::ChatCompletions;
             else if (v == u"responses")
                 c.api = llm::ApiFlavor::Responses;
             else
                 return reason(QT_TRANSLATE_NOOP("zk::ConfigLoader", "expected \"chat\" or \"responses\""));
             return {};
         },
         [](const Config &c) { return c.api == llm::ApiFlavor::Responses ? u"responses"_s : u"chat"_s; }}},
        {u"openai/ca_file"_s, {[](Config &c, const QString &text) -> QString {
             const QFileInfo info(text.trimmed());
             if (!info.isFile() || !info.isReadable())
                 return reason(QT_TRANSLATE_NOOP("zk::ConfigLoader", "expected a readable PEM file of CA certificates"));
             c.caCertificatesFile = info.absoluteFilePath();
             return {};
         },
         [](const Config &c) { return c.caCertificatesFile; }}},
        {u"models/chain"_s, {[](Config &c, const QString &text) -> QString {
             QStringList models;
             for (const QString &m : text.split(u',', Qt::SkipEmptyParts))
                 if (!m.trimmed().isEmpty())
                     models << m.trimmed();
             if (models.isEmpty())
                 return reason(QT_TRANSLATE_NOOP("zk::ConfigLoader", "expected a comma-separated list of model names, primary first"));
             c.modelChain = models;
             return {};
         },
         [](const Config &c) { return c.modelChain.join(u','); }}},
        {u"generation/temperature"_s, {[](Config &c, const QString &text) -> QString {
             bool ok = false;
             const double v = text.trimmed().toDouble(&ok);
             if (!ok || v < 0.0 || v > 2.0)
                 return reason(QT_TRANSLATE_NOOP("zk::ConfigLoader", "expected a number from 0 to 2"));
             c.temperature = v;
             return {};
         },
         [](const Config &c) { return QString::number(c.temperature); }}},
        {u"generation/max_output_tokens"_s, intSetting(&Config::maxOutputTokens, 16, 4096)},
        {u"timeouts/connect_ms"_s, intSetting(&Config::connectTimeoutMs, 100, 120000)},
        {u"timeouts/first_byte_ms"_s, intSetting(&Config::firstByteTimeoutMs, 100, 300000)},
        {u"timeouts/between_chunks_ms"_s, intSetting(&Config::betweenChunksTimeoutMs, 100, 300000)},
        {u"timeouts/turn_deadline_ms"_s, intSetting(&Config::turnDeadlineMs, 500, 600000)},
        {u"context/max_turns"_s, intSetting(&Config::contextMaxTurns, 0, 100)},
        {u"context/token_budget"_s, intSetting(&Config::contextTokenBudget, 100, 100000)},
        {u"context/summary_threshold_tokens"_s, intSetting(&Config::summaryThresholdTokens, 100, 100000)},
        {u"context/turns_after_summary"_s, intSetting(&Config::turnsAfterSummary, 0, 50)},
        {u"context/summary_max_words"_s, intSetting(&Config::summaryMaxWords, 20, 1000)},
        {u"input/max_chars"_s, intSetting(&Config::maxInputChars, 10, 10000)},
        {u"kiosk/language"_s, {[](Config &c, const QString &text) -> QString {
             const QString v = text.trimmed().toLower();
             if (v != u"en" && v != u"es")
                 return reason(QT_TRANSLATE_NOOP("zk::ConfigLoader", "expected \"en\" or \"es\""));
             c.language = v;
             return {};
         },
         [](const Config &c) { return c.language; }}},
        {u"retry/max_per_model"_s, intSetting(&Config::retryMaxPerModel, 0, 10)},
        {u"retry/base_delay_ms"_s, intSetting(&Config::retryBaseDelayMs, 0, 60000)},
        {u"retry/max_delay_ms"_s, intSetting(&Config::retryMaxDelayMs, 0, 600000)},
        {u"breaker/consecutive_failures"_s, intSetting(&Config::breakerConsecutiveFailures, 1, 1000)},
        {u"breaker/window"_s, intSetting(&Config::breakerWindow, 2, 1000)},
        {u"breaker/failure_ratio"_s, doubleSetting(&Config::breakerFailureRatio, 0.01, 1.0)},
        {u"breaker/open_ms"_s, intSetting(&Config::breakerOpenMs, 1000, 86400000)},
        {u"ratelimit/requests_per_minute"_s, intSetting(&Config::rateRequestsPerMinute, 1, 1000000)},
        {u"ratelimit/tokens_per_minute"_s, intSetting(&Config::rateTokensPerMinute, 100, 100000000)},
        {u"budget/daily_usd"_s, doubleSetting(&Config::budgetDailyUsd, 0.0, 1e6)},
        {u"budget/monthly_usd"_s, doubleSetting(&Config::budgetMonthlyUsd, 0.0, 1e7)},
        {u"budget/alert_ratio"_s, doubleSetting(&Config::budgetAlertRatio, 0.05, 1.0)},
        {u"cache/enabled"_s, boolSetting(&Config::cacheEnabled)},
        {u"cache/ttl_hours"_s, intSetting(&Config::cacheTtlHours, 0, 24 * 365)},
        {u"kiosk/emergency_mode"_s, boolSetting(&Config::emergencyMode)},
        {u"history/retention_days"_s, intSetting(&Config::retentionDays, 1, 3650)},
        {u"kiosk/idle_ms"_s, intSetting(&Config::kioskIdleMs, 1000, 3600000)},
        {u"kiosk/idle_countdown_ms"_s, intSetting(&Config::kioskIdleCountdownMs, 1000, 120000)},
        {u"kiosk/hide_cursor"_s, boolSetting(&Config::kioskHideCursor)},
        {u"kiosk/opening_hours"_s, {[](Config &c, const QString &text) -> QString {
             const auto hours = OpeningHours::parse(text);
             if (!hours)
                 return hours.error().message;
             c.kioskOpeningHours = hours->toString();
             return {};
         },
         [](const Config &c) { return c.kioskOpeningHours; }}},
        {u"routing/enabled"_s, boolSetting(&Config::routingEnabled)},
        {u"routing/simple_model"_s, textSetting(&Config::routingSimpleModel, true, QT_TRANSLATE_NOOP("zk::ConfigLoader", "expected a model name"))},
        {u"moderation/remote"_s, boolSetting(&Config::moderationRemote)},
        {u"moderation/model"_s, textSetting(&Config::moderationModel, true,
                                             QT_TRANSLATE_NOOP("zk::ConfigLoader",
                                                               "expected a moderation model name such as omni-moderation-latest"))},
        {u"moderation/timeout_ms"_s, intSetting(&Config::moderationTimeoutMs, 100, 30000)},
        {u"safety/self_harm_reply_en"_s, textSetting(&Config::selfHarmReplyEn, false, nullptr)},
        {u"safety/self_harm_reply_es"_s, textSetting(&Config::selfHarmReplyEs, false, nullptr)},
        {u"remote/listen"_s, {[](Config &c, const QString &text) -> QString {
             // HOST:PORT, [IPv6]:PORT; the TLS rule is checked at start (fleet::ListenSpec).
             static const QRegularExpression form(u"^(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+):(\\d{1,5})$"_s);
             const QRegularExpressionMatch m = form.match(text.trimmed());
             if (!text.trimmed().isEmpty() && (!m.hasMatch() || m.captured(2).toInt() > 65535))
                 return reason(QT_TRANSLATE_NOOP("zk::ConfigLoader", "expected HOST:PORT, e.g. 127.0.0.1:8765 or [::1]:8765 (empty: off)"));
             c.remoteListen = text.trimmed();
             return {};
         },
         [](const Config &c) { return c.remoteListen; }}},
        {u"remote/tls_cert"_s, textSetting(&Config::remoteTlsCert, false, nullptr)},
        {u"remote/tls_key"_s, textSetting(&Config::remoteTlsKey, false, nullptr)},
        {u"central/url"_s, {[](Config &c, const QString &text) -> QString {
             if (!text.trimmed().isEmpty() && !central::CentralUrl::parse(text))
                 return reason(QT_TRANSLATE_NOOP("zk::ConfigLoader", "expected postgresql://USER:PASSWORD@HOST:PORT/DATABASE (empty: off)"));
             c.centralUrl = text.trimmed();
             return {};
         },
         [](const Config &c) { return c.centralUrl.isEmpty() ? QString() : central::CentralUrl::redact(c.centralUrl); }}},
        {u"central/kiosk_id"_s, {[](Config &c, const QString &text) -> QString {
             static const QRegularExpression form(u"^[A-Za-z0-9._-]{1,64}$"_s);
             if (!text.trimmed().isEmpty() && !form.match(text.trimmed()).hasMatch())
                 return reason(QT_TRANSLATE_NOOP("zk::ConfigLoader", "expected 1 to 64 letters, digits, dots, dashes or underscores"));
             c.centralKioskId = text.trimmed();
             return {};
         },
         [](const Config &c) { return c.centralKioskId; }}},
        {u"central/sync_interval_ms"_s, intSetting(&Config::centralSyncIntervalMs, 200, 3600000)},
        {u"central/batch_size"_s, intSetting(&Config::centralBatchSize, 1, 5000)},
        {u"central/fleet_daily_usd"_s, doubleSetting(&Config::centralFleetDailyUsd, 0.0, 1e7)},
        {u"storage/data_dir"_s, {[](Config &c, const QString &text) -> QString {
             if (text.trimmed().isEmpty())
                 return reason(QT_TRANSLATE_NOOP("zk::ConfigLoader", "expected a directory path"));
             c.dataDir = QDir::cleanPath(text.trimmed());
             return {};
         },
         [](const Config &c) { return c.dataDir; }}},
    };
    return table;
}

const QString kPricePrefix = u"prices/"_s;

// "prices/<model>" = "<input USD per 1M tokens>,<output USD per 1M tokens>"
QString applyPrice(Config &c, const QString &model, const QString &text)
{
    const QStringList parts = text.split(u',');
    bool okIn = false, okOut = false;
    const double in = parts.value(0).trimmed().toDouble(&okIn);
    const double out = parts.value(1).trimmed().toDouble(&okOut);
    if (parts.size() != 2 || !okIn || !okOut || in < 0 || out < 0 || model.isEmpty())
        return reason(QT_TRANSLATE_NOOP("zk::ConfigLoader", "expected \"<input USD per million tokens>,<output USD per million tokens>\""));
    c.priceOverrides.insert(model, {in, out});
    return {};
}

const QString kBlockPrefix = u"moderation/block/"_s;

// "moderation/block/<category>" = a score from 0 to 1 at which input or output is blocked.
QString applyBlockThreshold(Config &c, const QString &category, const QString &text)
{
    static const QRegularExpression name(u"^[a-z]+(?:[-/][a-z]+)*$"_s);
    bool ok = false;
    const double v = text.trimmed().toDouble(&ok);
    if (!name.match(category).hasMatch())
        return reason(QT_TRANSLATE_NOOP("zk::ConfigLoader", "expected a moderation category such as violence or self-harm/intent"));
    if (!ok || v < 0.0 || v > 1.0)
        return reason(QT_TRANSLATE_NOOP("zk::ConfigLoader", "expected a number from 0 to 1"));
    c.moderationBlockThresholds.insert(category, v);
    return {};
}

// Settings keyed by a prefix and a free name: prices/<model>, moderation/block/<category>.
QString applyPrefixed(Config &c, const QString &key, const QString &value)
{
    if (key.startsWith(kPricePrefix))
        return applyPrice(c, key.mid(kPricePrefix.size()), value);
    return applyBlockThreshold(c, key.mid(kBlockPrefix.size()), value);
}

bool isPrefixedKey(const QString &key)
{
    return (key.startsWith(kPricePrefix) && key.size() > kPricePrefix.size())
        || (key.startsWith(kBlockPrefix) && key.size() > kBlockPrefix.size());
}

const Setting *findSetting(const QString &key)
{
    for (const Setting &s : settings())
        if (s.key == key)
            return &s;
    return nullptr;
}

bool isLoopbackHost(const QString &host)
{
    if (host.compare(u"localhost"_s, Qt::CaseInsensitive) == 0)
        return true;
    QHostAddress address;
    return address.setAddress(host) && address.isLoopback();
}

} // namespace

QString Config::databasePath() const
{
    return QDir(dataDir).filePath(u"zookiosk.db"_s);
}

bool ConfigLoader::isKnownKey(const QString &key)
{
    return findSetting(key) || isPrefixedKey(key);
}

QStringList ConfigLoader::knownKeys()
{
    QStringList keys;
    for (const Setting &s : settings())
        keys << s.key;
    return keys;
}

QString ConfigLoader::checkBaseUrl(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    if (scheme == u"https")
        return {};
    if (scheme == u"http") {
        if (isLoopbackHost(url.host()))
            return {};
        return u"OpenAI base URL %1 uses plain http for a host that is not this machine; "
               "use https (plain http is allowed only for 127.0.0.1, ::1 and localhost)"_s
            .arg(url.toString(QUrl::RemoveUserInfo));
    }
    return u"OpenAI base URL %1 must start with https://"_s.arg(url.toString(QUrl::RemoveUserInfo));
}

bool ConfigLoader::isStaffKey(const QString &key)
{
    static const QStringList fixed = {u"openai/base_url"_s, u"openai/ca_file"_s, u"storage/data_dir"_s,
                                      u"remote/listen"_s, u"remote/tls_cert"_s, u"remote/tls_key"_s,
                                      u"central/url"_s, u"central/kiosk_id"_s, u"central/sync_interval_ms"_s,
                                      u"central/batch_size"_s, u"central/fleet_daily_usd"_s};
    return !fixed.contains(key) && isKnownKey(key);
}

QStringList ConfigLoader::staffKeys()
{
    QStringList keys;
    for (const Setting &s : settings())
        if (isStaffKey(s.key))
            keys << s.key;
    return keys;
}

QString ConfigLoader::validate(const QString &key, const QString &value)
{
    if (!isKnownKey(key))
        return reason(QT_TRANSLATE_NOOP("zk::ConfigLoader", "unknown setting \"%1\"")).arg(key);
    if (!isStaffKey(key))
        return reason(QT_TRANSLATE_NOOP("zk::ConfigLoader", "%1 is set in the config file or the environment only")).arg(key);
    Config scratch;
    const Setting *s = findSetting(key);
    return s ? s->access.apply(scratch, value) : applyPrefixed(scratch, key, value);
}

QStringList ConfigLoader::applyStaffSettings(Config &config, const QMap<QString, QString> &values)
{
    QStringList warnings;
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        if (config.explicitKeys.contains(it.key()))
            continue;
        if (const QString problem = validate(it.key(), it.value()); !problem.isEmpty()) {
            warnings << u"staff setting %1 = \"%2\" ignored: %3"_s.arg(it.key(), it.value(), problem);
            continue;
        }
        const Setting *s = findSetting(it.key());
        (void)(s ? s->access.apply(config, it.value()) : applyPrefixed(config, it.key(), it.value()));
    }
    return warnings;
}

QString ConfigLoader::currentValue(const Config &config, const QString &key)
{
    if (const Setting *s = findSetting(key))
        return s->access.get(config);
    if (key.startsWith(kPricePrefix)) {
        const auto price = config.priceOverrides.value(key.mid(kPricePrefix.size()), {-1.0, -1.0});
        return price.first < 0 ? QString() : u"%1,%2"_s.arg(price.first).arg(price.second);
    }
    if (key.startsWith(kBlockPrefix) && config.moderationBlockThresholds.contains(key.mid(kBlockPrefix.size())))
        return QString::number(config.moderationBlockThresholds.value(key.mid(kBlockPrefix.size())));
    return {};
}

ConfigLoader::Outcome ConfigLoader::load(const QMap<QString, QString> &flags, const QProcessEnvironment &env)
{
    Outcome out;
    Config &config = out.config;

    // Applies `value` from `origin` to the config; a bad value keeps what was there.
    auto apply = [&](const QString &key, const QString &value, const QString &origin) {
        const Setting *s = findSetting(key);
        if (!s && !isPrefixedKey(key)) {
            out.warnings << u"%1: unknown setting \"%2\" ignored"_s.arg(origin, key);
            return;
        }
        const QString problem = s ? s->access.apply(config, value) : applyPrefixed(config, key, value);
        // The central URL may carry a password: never repeat it.
        const QString shown = key == u"central/url" ? central::CentralUrl::redact(value) : value;
        if (!problem.isEmpty())
            out.warnings << u"%1: setting \"%2\" has the malformed value \"%3\" (%4); it is ignored "
                            "and the default (or the config file's value) is used"_s
                                .arg(origin, key, shown, problem);
    };

    // Built-in defaults, except the data dir, which depends on the platform.
    config.dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (config.dataDir.isEmpty())
        config.dataDir = QDir::home().filePath(u".local/share/zookiosk"_s);

    // Config file: flag, then environment.
    QString file = flags.value(u"config"_s);
    if (file.isEmpty())
        file = env.value(u"ZOOKIOSK_CONFIG"_s);
    if (!file.isEmpty()) {
        const QFileInfo info(file);
        if (!info.isFile() || !info.isReadable()) {
            out.warnings << u"config file %1 cannot be read; using the built-in defaults"_s.arg(file);
        } else {
            config.configFile = info.absoluteFilePath();
            QSettings ini(config.configFile, QSettings::IniFormat);
            if (ini.status() != QSettings::NoError)
                out.warnings << u"config file %1 is not a valid INI file; using the built-in defaults"_s.arg(file);
            for (const QString &key : ini.allKeys()) {
                const QVariant raw = ini.value(key);
                // QSettings splits comma lists into string lists; join them back.
                const QString value = raw.metaType().id() == QMetaType::QStringList
                    ? raw.toStringList().join(u',')
                    : raw.toString();
                apply(key, value, u"config file %1"_s.arg(info.fileName()));
            }
        }
    }

    // Environment.
    if (env.contains(u"OPENAI_BASE_URL"_s) && !env.value(u"OPENAI_BASE_URL"_s).isEmpty()) {
        apply(u"openai/base_url"_s, env.value(u"OPENAI_BASE_URL"_s), u"environment OPENAI_BASE_URL"_s);
        config.explicitKeys.insert(u"openai/base_url"_s);
    }
    if (!env.value(u"ZOOKIOSK_DATA_DIR"_s).isEmpty()) {
        apply(u"storage/data_dir"_s, env.value(u"ZOOKIOSK_DATA_DIR"_s), u"environment ZOOKIOSK_DATA_DIR"_s);
        config.explicitKeys.insert(u"storage/data_dir"_s);
    }
    config.apiKey = env.value(u"OPENAI_API_KEY"_s).trimmed();
    if (!env.value(u"ZOOKIOSK_CENTRAL_URL"_s).isEmpty()) {
        apply(u"central/url"_s, env.value(u"ZOOKIOSK_CENTRAL_URL"_s), u"environment ZOOKIOSK_CENTRAL_URL"_s);
        config.explicitKeys.insert(u"central/url"_s);
    }
    if (!env.value(u"ZOOKIOSK_KIOSK_ID"_s).isEmpty()) {
        apply(u"central/kiosk_id"_s, env.value(u"ZOOKIOSK_KIOSK_ID"_s), u"environment ZOOKIOSK_KIOSK_ID"_s);
        config.explicitKeys.insert(u"central/kiosk_id"_s);
    }
    if (!env.value(u"ZOOKIOSK_REMOTE_LISTEN"_s).isEmpty()) {
        apply(u"remote/listen"_s, env.value(u"ZOOKIOSK_REMOTE_LISTEN"_s), u"environment ZOOKIOSK_REMOTE_LISTEN"_s);
        config.explicitKeys.insert(u"remote/listen"_s);
    }

    // Command-line flags.
    for (auto it = flags.cbegin(); it != flags.cend(); ++it) {
        if (it.key() == u"config")
            continue;
        apply(it.key(), it.value(), u"command line"_s);
        config.explicitKeys.insert(it.key());
    }

    out.fatalError = checkBaseUrl(config.baseUrl);
    for (const QString &w : std::as_const(out.warnings))
        qCWarning(lcConfig).noquote() << w;
    return out;
}

} // namespace zk
