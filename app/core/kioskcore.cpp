#include "core/kioskcore.h"
#include "core/builtincontent.h"

#include "central/centralsync.h"
#include "central/centralurl.h"
#include "central/fleetbudget.h"
#include "central/kioskid.h"
#include "conversation/offlineanswerer.h"
#include "conversation/turnpipeline.h"
#include "cost/budgetguard.h"
#include "cost/modelrouter.h"
#include "cost/pricetable.h"
#include "llm/circuitbreaker.h"
#include "llm/ratelimiter.h"
#include "llm/retrypolicy.h"
#include "llm/moderationclient.h"
#include "persona/knowledgecontent.h"
#include "safety/injectiondetector.h"
#include "safety/inputscreen.h"
#include "safety/localmoderator.h"
#include "safety/moderationpolicy.h"
#include "safety/piiredactor.h"
#include "safety/safetyreplies.h"
#include "storage/breakerrepository.h"
#include "storage/cacherepository.h"
#include "storage/knowledgerepository.h"
#include "storage/usagerepository.h"
#include "admin/apikeystore.h"
#include "admin/pinvault.h"
#include "admin/secretbox.h"
#include "core/logging.h"
#include "llm/connectivitycheck.h"
#include "core/resources.h"
#include "llm/openaiclient.h"
#include "persona/defaultcontent.h"
#include "storage/database.h"
#include "storage/failedrequestrepository.h"
#include "storage/outboxrepository.h"
#include "storage/repositories.h"
#include "storage/settingsrepository.h"

#include <QDateTime>
#include <QTimer>
#include <QDir>
#include <QFile>
#include <QNetworkAccessManager>
#include <QSslCertificate>

using namespace Qt::StringLiterals;

namespace zk {

KioskCore::KioskCore(Config config, QObject *parent)
    : QObject(parent), m_config(std::move(config))
{
    ensureResources();
}

KioskCore::~KioskCore()
{
    // The pipeline and client are QObject children; delete them before the
    // services and repositories they refer to.
    delete m_pipeline;
    delete m_moderation;
    delete m_client;
    // Their last requests (settlements, a batch in flight) finish first.
    m_fleetBudget.reset();
    m_centralSync.reset();
    if (m_breaker)
        m_breaker->onStateChanged = nullptr;
    if (m_events)
        m_events->onRecorded = nullptr;
}

bool KioskCore::online() const
{
    return m_client && m_client->hasApiKey();
}

namespace {
const QString kDatabaseTemplate = u":/db/template.db"_s;
}

Status KioskCore::open()
{
    m_database = std::make_unique<storage::Database>(m_config.databasePath());
    // The programs that ship link the database template in (app/CMakeLists.txt,
    // zk_db_template); test programs make a new database statement by statement.
    if (QFile::exists(kDatabaseTemplate))
        m_database->setTemplate(kDatabaseTemplate);
    if (const Status s = m_database->open(); !s)
        return s;
    m_animals = std::make_unique<storage::AnimalRepository>(*m_database);
    m_rules = std::make_unique<storage::GuardrailRepository>(*m_database);
    m_conversations = std::make_unique<storage::ConversationRepository>(*m_database);
    m_events = std::make_unique<storage::EventRepository>(*m_database);
    m_events->onRecorded = [this](const storage::Event &event) { Q_EMIT eventRecorded(event); };
    m_failedRequests = std::make_unique<storage::FailedRequestRepository>(*m_database);
    m_settings = std::make_unique<storage::SettingsRepository>(*m_database);
    m_secretBox = std::make_unique<admin::SecretBox>(QDir(m_config.dataDir).filePath(u"secret.key"_s));
    m_apiKeys = std::make_unique<admin::ApiKeyStore>(*m_settings, *m_secretBox);
    m_pins = std::make_unique<admin::PinVault>(*m_settings, *m_events);
    applyStaffSettings();
    m_usage = std::make_unique<storage::UsageRepository>(*m_database);
    m_cache = std::make_unique<storage::AnswerCacheRepository>(*m_database);
    m_knowledge = std::make_unique<storage::KnowledgeRepository>(*m_database);
    m_breakerStore = std::make_unique<storage::BreakerRepository>(*m_database);
    if (const Status s = seedDefaults(); !s)
        return s;
    recoverInterruptedTurns();
    purgeOldTurns();
    m_purgeTimer = new QTimer(this);
    m_purgeTimer->setInterval(std::chrono::hours(1)); // purgeOldTurns() itself runs once a day
    connect(m_purgeTimer, &QTimer::timeout, this, &KioskCore::purgeOldTurns);
    m_purgeTimer->start();
    if (const auto purged = m_cache->purgeExpired(QDateTime::currentDateTimeUtc()); purged && purged.value() > 0)
        qCInfo(lcApp) << "removed" << purged.value() << "expired cached answers";

    resolveApiKey();

    m_network = new QNetworkAccessManager(this);
    m_network->setAutoDeleteReplies(false);
    llm::ClientSettings clientSettings{m_config.baseUrl, m_config.apiKey, m_config.connectTimeoutMs,
                                       m_config.firstByteTimeoutMs, m_config.betweenChunksTimeoutMs};
    if (!m_config.caCertificatesFile.isEmpty()) {
        clientSettings.extraCaCertificates = QSslCertificate::fromPath(m_config.caCertificatesFile, QSsl::Pem);
        if (clientSettings.extraCaCertificates.isEmpty())
            qCWarning(lcApp).noquote() << "no CA certificate could be read from" << m_config.caCertificatesFile;
    }
    if (!ConfigLoader::checkBaseUrl(m_config.baseUrl).isEmpty())
        clientSettings.apiKey.clear(); // never send the key to a refused URL
    m_client = new llm::OpenAiClient(m_network, clientSettings, this);
    if (!m_client->hasApiKey())
        qCInfo(lcApp) << "no OpenAI API key: the animals answer with their resting message";

    setUpResilience();
    if (const Status s = setUpSafety(); !s)
        return s;
    if (const Status s = setUpCentral(); !s)
        return s;
    if (m_client->hasApiKey() && m_config.moderationRemote)
        m_moderation = new llm::ModerationClient(m_network, clientSettings, m_config.moderationTimeoutMs,
                                                 m_config.moderationModel, this);

    conversation::PipelineSettings settings;
    settings.modelChain = m_config.modelChain;
    settings.api = m_config.api;
    settings.temperature = m_config.temperature;
    settings.maxOutputTokens = m_config.maxOutputTokens;
    settings.turnDeadlineMs = m_config.turnDeadlineMs;
    settings.summaryMaxWords = m_config.summaryMaxWords;
    settings.cacheEnabled = m_config.cacheEnabled;
    settings.cacheTtlHours = m_config.cacheTtlHours;
    settings.context = {m_config.contextMaxTurns, m_config.contextTokenBudget, m_config.summaryThresholdTokens,
                        m_config.turnsAfterSummary};
    conversation::TurnServices services{*m_conversations, *m_events, *m_failedRequests, *m_cache, *m_offline,
                                        m_client, *m_retry, *m_breaker, *m_rateLimiter, *m_budget, *m_prices,
                                        *m_router, *m_inputScreen, *m_moderator, *m_safetyReplies,
                                        *m_moderationPolicy, m_moderation, [this] { return emergencyMode(); },
                                        [this] { saveBreaker(); }, m_fleetBudget.get()};
    m_pipeline = new conversation::TurnPipeline(*m_animals, *m_rules, services, settings, this);
    return {};
}

namespace {
const QString kStaffSettingPrefix = u"config:"_s;
const QString kLastPurgeKey = u"history_last_purge"_s;
}

void KioskCore::purgeOldTurns()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const auto last = m_settings->value(kLastPurgeKey);
    if (last && last.value()) {
        const QDateTime at = QDateTime::fromString(*last.value(), Qt::ISODateWithMs);
        if (at.isValid() && at <= now && at.secsTo(now) < 24 * 3600)
            return;
    }
    const auto removed = m_conversations->purgeOlderThan(now.addDays(-m_config.retentionDays));
    if (!removed) {
        qCWarning(lcDb).noquote() << "old turns could not be purged:" << removed.error().message;
        return;
    }
    // The events log keeps the same period (staff actions, security events,
    // remote calls): without it a console polling all day would grow it
    // without bound.
    const auto removedEvents = m_events->purgeOlderThan(now.addDays(-m_config.retentionDays));
    if (!removedEvents)
        qCWarning(lcDb).noquote() << "old events could not be purged:" << removedEvents.error().message;
    // Rows the central store never got (it was unreachable all that time)
    // keep to the same period: the outbox holds the visitors' words too.
    storage::OutboxRepository outbox(m_database->connection());
    if (const auto expired = outbox.purgeOlderThan(now.addDays(-m_config.retentionDays)); !expired)
        qCWarning(lcDb).noquote() << "old outbox rows could not be purged:" << expired.error().message;
    else if (expired.value() > 0)
        qCWarning(lcDb) << expired.value() << "outbox rows older than the retention period were deleted unshipped";
    (void)m_settings->setValue(kLastPurgeKey, now.toString(Qt::ISODateWithMs));
    if (removed.value() > 0 || removedEvents.valueOr(0) > 0) {
        storage::Event event;
        event.category = u"system"_s;
        event.kind = u"history_purged"_s;
        event.message = u"%1 turns and %2 events older than %3 days were deleted (retention)."_s
                            .arg(removed.value())
                            .arg(removedEvents.valueOr(0))
                            .arg(m_config.retentionDays);
        (void)m_events->record(event);
    }
}

llm::ConnectivityCheck *KioskCore::connectivityCheck(int timeoutMs, QObject *parent)
{
    return new llm::ConnectivityCheck(m_network, m_client->settings(), timeoutMs, parent);
}

void KioskCore::applyStaffSettings()
{
    const auto stored = m_settings->withPrefix(kStaffSettingPrefix);
    if (!stored) {
        qCWarning(lcConfig).noquote() << "staff settings cannot be read:" << stored.error().message;
        return;
    }
    for (const QString &w : ConfigLoader::applyStaffSettings(m_config, stored.value()))
        qCWarning(lcConfig).noquote() << w;
}

Result<QMap<QString, QString>> KioskCore::staffSettings() const
{
    return m_settings->withPrefix(kStaffSettingPrefix);
}

Status KioskCore::setStaffSetting(const QString &key, const QString &value, const QString &who)
{
    if (const QString problem = ConfigLoader::validate(key, value); !problem.isEmpty())
        return makeError(problem);
    if (const Status s = m_settings->setValue(kStaffSettingPrefix + key, value.trimmed()); !s)
        return s;
    // The value itself may be long staff text (the self-harm reply): the key only.
    recordStaffEvent(u"admin"_s, u"setting_changed"_s, u"Setting %1 changed by %2."_s.arg(key, who));
    return {};
}

void KioskCore::recordStaffEvent(const QString &category, const QString &kind, const QString &message)
{
    storage::Event event;
    event.category = category;
    event.kind = kind;
    event.message = message;
    (void)m_events->record(event);
}

Status KioskCore::clearStaffSetting(const QString &key, const QString &who)
{
    if (const Status s = m_settings->remove(kStaffSettingPrefix + key); !s)
        return s;
    recordStaffEvent(u"admin"_s, u"setting_cleared"_s,
                     u"Setting %1 back to the config file's value or the default (by %2)."_s.arg(key, who));
    return {};
}

// OPENAI_API_KEY in the environment wins; otherwise the key staff stored
// (sealed in the database). A stored key that no longer opens (the key file
// was lost or the database copied from another kiosk) is an event for staff,
// and the kiosk runs without the API.
void KioskCore::resolveApiKey()
{
    if (!m_config.apiKey.isEmpty()) {
        m_apiKeySource = u"environment"_s;
        return;
    }
    m_apiKeySource = u"none"_s;
    const auto stored = m_apiKeys->load();
    if (!stored) {
        qCWarning(lcApp).noquote() << "the stored API key cannot be used:" << stored.error().message;
        storage::Event event;
        event.severity = storage::Severity::Error;
        event.category = u"security"_s;
        event.kind = u"api_key_unreadable"_s;
        event.message = u"The stored OpenAI API key cannot be opened: "_s + stored.error().message
            + u". Enter it again in the admin panel or with zookioskctl set-api-key."_s;
        (void)m_events->record(event);
        return;
    }
    if (!stored.value().isEmpty()) {
        m_config.apiKey = stored.value();
        m_apiKeySource = u"stored"_s;
    }
}

// The offline checks and the kind replies; their data is compiled in, so a
// failure here is a broken build, not a visitor's problem.
Status KioskCore::setUpSafety()
{
    auto moderator = safety::LocalModerator::fromResources();
    if (!moderator)
        return makeError(u"The local safety word lists cannot be loaded: %1"_s.arg(moderator.error().message));
    auto replies = safety::SafetyReplies::fromResources();
    if (!replies)
        return makeError(u"The kind safety replies cannot be loaded: %1"_s.arg(replies.error().message));
    m_moderator = std::make_unique<safety::LocalModerator>(std::move(moderator).value());
    m_safetyReplies = std::make_unique<safety::SafetyReplies>(std::move(replies).value());
    m_safetyReplies->setOverride(safety::SafetyReply::SelfHarm, u"en"_s, m_config.selfHarmReplyEn);
    m_safetyReplies->setOverride(safety::SafetyReply::SelfHarm, u"es"_s, m_config.selfHarmReplyEs);
    m_pii = std::make_unique<safety::PiiRedactor>();
    m_injection = std::make_unique<safety::InjectionDetector>();
    m_inputScreen = std::make_unique<safety::InputScreen>(*m_injection, *m_moderator, *m_pii, m_config.maxInputChars);

    safety::ModerationThresholds thresholds = safety::ModerationPolicy::defaults();
    for (auto it = m_config.moderationBlockThresholds.cbegin(); it != m_config.moderationBlockThresholds.cend(); ++it)
        if (const Status s = thresholds.setBlockThreshold(it.key(), it.value()); !s)
            qCWarning(lcConfig).noquote() << u"moderation/block/"_s + it.key() << "ignored:" << s.error().message;
    m_moderationPolicy = std::make_unique<safety::ModerationPolicy>(thresholds);
    return {};
}

namespace {
const QString kEmergencyKey = u"emergency_mode"_s;
}

bool KioskCore::emergencyMode() const
{
    if (m_config.emergencyMode)
        return true;
    const auto stored = m_settings->value(kEmergencyKey);
    return stored && stored.value() && *stored.value() == u"on";
}

Status KioskCore::setEmergencyMode(bool on, const QString &who)
{
    if (const Status s = m_settings->setValue(kEmergencyKey, on ? u"on"_s : u"off"_s); !s)
        return s;
    storage::Event event;
    event.severity = on ? storage::Severity::Warning : storage::Severity::Info;
    event.category = u"system"_s;
    event.kind = on ? u"emergency_on"_s : u"emergency_off"_s;
    event.message = on ? u"Emergency mode switched on by %1: every answer is offline or the emergency message"_s.arg(who)
                       : u"Emergency mode switched off by %1"_s.arg(who);
    if (const auto r = m_events->record(event); !r)
        return r.error();
    return {};
}

void KioskCore::recoverInterruptedTurns()
{
    const auto recovered = m_conversations->recoverPending();
    if (!recovered) {
        qCWarning(lcApp).noquote() << "could not recover interrupted turns:" << recovered.error().message;
        return;
    }
    if (recovered.value() == 0)
        return;
    storage::Event event;
    event.severity = storage::Severity::Warning;
    event.category = u"system"_s;
    event.kind = u"turns_recovered"_s;
    event.message = u"%1 turn(s) interrupted by a crash or power loss were stored as failed, with the text the "
                    "visitor saw"_s.arg(recovered.value());
    (void)m_events->record(event);
}

QString KioskCore::endpointName() const
{
    return m_config.baseUrl.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::StripTrailingSlash);
}

void KioskCore::setUpResilience()
{
    m_offline = std::make_unique<conversation::OfflineAnswerer>(*m_knowledge);
    m_retry = std::make_unique<llm::RetryPolicy>(
        llm::RetrySettings{m_config.retryMaxPerModel, m_config.retryBaseDelayMs, m_config.retryMaxDelayMs});
    m_rateLimiter = std::make_unique<llm::RateLimiter>(
        llm::RateLimitSettings{m_config.rateRequestsPerMinute, m_config.rateTokensPerMinute},
        [] { return QDateTime::currentMSecsSinceEpoch(); });
    m_prices = std::make_unique<cost::PriceTable>(cost::PriceTable::defaults());
    m_prices->setOverrides(m_config.priceOverrides);
    for (const QString &model : std::as_const(m_config.modelChain))
        if (!m_prices->isKnown(model))
            qCWarning(lcApp).noquote() << "no price is known for model" << model
                                       << "- its calls are counted at the highest known price; set prices/" << model;
    m_budget = std::make_unique<cost::BudgetGuard>(
        *m_usage, *m_events,
        cost::BudgetSettings{m_config.budgetDailyUsd, m_config.budgetMonthlyUsd, m_config.budgetAlertRatio});
    m_router = std::make_unique<cost::ModelRouter>(m_config.routingEnabled, m_config.routingSimpleModel);

    // The breaker remembers its state across restarts; every change is an event.
    m_breaker = std::make_unique<llm::CircuitBreaker>(
        endpointName(),
        llm::BreakerSettings{m_config.breakerConsecutiveFailures, m_config.breakerWindow,
                             m_config.breakerFailureRatio, m_config.breakerOpenMs},
        [] { return QDateTime::currentDateTimeUtc(); });
    if (const auto stored = m_breakerStore->load(endpointName()); stored && stored.value())
        m_breaker->restore(*stored.value());
    m_breaker->onStateChanged = [this](llm::BreakerState from, llm::BreakerState to) {
        storage::Event event;
        event.severity = to == llm::BreakerState::Open ? storage::Severity::Error : storage::Severity::Info;
        event.category = u"alert"_s;
        event.kind = u"breaker_"_s + llm::breakerStateName(to);
        event.message = u"Circuit breaker for %1: %2 -> %3%4"_s.arg(
            endpointName(), llm::breakerStateName(from), llm::breakerStateName(to),
            to == llm::BreakerState::Open ? u" (no API calls for a while; answers come from the cache and offline)"_s
                                          : QString());
        (void)m_events->record(event);
        saveBreaker();
    };
}

// The central store: off without central/url. Its outages and recoveries
// are events (one per transition); the sync starts with startCentralSync().
Status KioskCore::setUpCentral()
{
    if (m_config.centralUrl.isEmpty())
        return {};
    const auto url = central::CentralUrl::parse(m_config.centralUrl);
    if (!url)
        return makeError(u"central/url is unusable: "_s + url.error().message);
    const auto kioskId = central::resolveKioskId(*m_settings, m_config.centralKioskId);
    if (!kioskId)
        return makeError(u"the kiosk id for the central store cannot be kept: "_s + kioskId.error().message);
    m_kioskId = kioskId.value();
    // From now on every turn, usage row and event is also written to the
    // outbox (the triggers of schema 7 look at this setting).
    if (const Status s = m_settings->setValue(u"central_outbox"_s, u"on"_s); !s)
        return makeError(u"the central outbox cannot be switched on: "_s + s.error().message);

    central::SyncSettings sync{*url, m_kioskId, m_config.databasePath(), m_config.centralBatchSize,
                               m_config.centralSyncIntervalMs};
    m_centralSync = std::make_unique<central::CentralSync>(sync);
    connect(m_centralSync.get(), &central::CentralSync::unreachable, this, [this](const QString &problem) {
        recordCentralEvent(storage::Severity::Warning, u"central_unreachable"_s,
                           u"The central store cannot be reached; turns, usage and events wait in the outbox and "
                           "are shipped when it is back (%1)"_s.arg(problem));
    });
    connect(m_centralSync.get(), &central::CentralSync::recovered, this, [this](int failedCycles) {
        recordCentralEvent(storage::Severity::Info, u"central_recovered"_s,
                           u"The central store can be reached again after %1 failed attempts; the outbox is "
                           "being shipped"_s.arg(failedCycles));
    });

    if (m_config.centralFleetDailyUsd > 0.0) {
        m_fleetBudget = std::make_unique<central::FleetBudget>(
            central::FleetBudgetSettings{*url, m_kioskId, m_config.centralFleetDailyUsd});
        connect(m_fleetBudget.get(), &central::FleetBudget::unreachable, this, [this](const QString &problem) {
            recordCentralEvent(storage::Severity::Warning, u"fleet_budget_unreachable"_s,
                               u"The fleet budget in the central store cannot be reached: this kiosk keeps to its "
                               "own budget until it can (%1)"_s.arg(problem));
        });
        connect(m_fleetBudget.get(), &central::FleetBudget::recovered, this, [this] {
            recordCentralEvent(storage::Severity::Info, u"fleet_budget_recovered"_s,
                               u"The fleet budget in the central store can be reached again"_s);
        });
        connect(m_fleetBudget.get(), &central::FleetBudget::exhausted, this, [this](double committed, double limit) {
            recordCentralEvent(storage::Severity::Error, u"fleet_budget_100"_s,
                               u"The fleet's daily API budget is used up ($%1 of $%2 committed): no API calls "
                               "until tomorrow; answers come from the cache and offline."_s
                                   .arg(QString::number(committed, 'f', 2), QString::number(limit, 'f', 2)));
        });
    }
    qCInfo(lcApp).noquote() << "central store" << url->redacted() << "as kiosk" << m_kioskId
                            << (m_fleetBudget ? "with a fleet budget" : "");
    return {};
}

void KioskCore::startCentralSync()
{
    if (m_centralSync)
        m_centralSync->start();
}

void KioskCore::recordCentralEvent(storage::Severity severity, const QString &kind, const QString &message)
{
    storage::Event event;
    event.severity = severity;
    event.category = u"alert"_s;
    event.kind = kind;
    event.message = message;
    (void)m_events->record(event);
}

void KioskCore::saveBreaker()
{
    if (const Status s = m_breakerStore->save(endpointName(), m_breaker->snapshot()); !s)
        qCWarning(lcApp).noquote() << "could not save the breaker state:" << s.error().message;
}

Status KioskCore::resetBreaker(const QString &who)
{
    const llm::BreakerState before = m_breaker->state();
    m_breaker->reset();
    saveBreaker();
    storage::Event event;
    event.severity = storage::Severity::Info;
    event.category = u"alert"_s;
    event.kind = u"breaker_reset"_s;
    event.message = u"Circuit breaker for %1 reset by %2 (was %3)"_s.arg(endpointName(), who,
                                                                       llm::breakerStateName(before));
    if (const auto r = m_events->record(event); !r)
        return r.error();
    return {};
}

namespace {

const QString kSeededKnowledgeKey = u"seeded_knowledge_fingerprint"_s;

} // namespace

Status KioskCore::seedDefaults()
{
    // The knowledge for offline answers is indexed before it is first read,
    // or when the kiosk starts (seedKnowledge()).
    m_knowledge->seedBeforeFirstRead([this] { return seedKnowledge(); });

    return seedBuiltInContent(*m_animals, *m_rules, *m_settings);
}

Status KioskCore::seedKnowledge()
{
    // It compares ~500 entries with what is stored: skipped when the same
    // shipped knowledge was seeded before.
    const QString fingerprint = builtInFingerprint(u":/knowledge"_s);
    const auto seeded = m_settings->value(kSeededKnowledgeKey);
    if (!fingerprint.isEmpty() && seeded && seeded.value() && *seeded.value() == fingerprint)
        return {};
    const auto knowledge = persona::loadKnowledge();
    if (!knowledge)
        return makeError(u"the built-in knowledge base is damaged: "_s + knowledge.error().message);
    if (const auto r = m_knowledge->seed(knowledge.value()); !r)
        return r.error();
    if (!fingerprint.isEmpty())
        (void)m_settings->setValue(kSeededKnowledgeKey, fingerprint);
    return {};
}

} // namespace zk
