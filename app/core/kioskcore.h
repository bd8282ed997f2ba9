#pragma once

#include "core/config.h"
#include "core/result.h"
#include "storage/storedtypes.h"

#include <QMap>
#include <QObject>

#include <memory>

class QNetworkAccessManager;
class QTimer;

namespace zk::admin {
class ApiKeyStore;
class PinVault;
class SecretBox;
}
namespace zk::storage {
class Database;
class AnimalRepository;
class AnswerCacheRepository;
class BreakerRepository;
class ConversationRepository;
class EventRepository;
class FailedRequestRepository;
class GuardrailRepository;
class KnowledgeRepository;
class SettingsRepository;
class UsageRepository;
}
namespace zk::llm {
class CircuitBreaker;
class ConnectivityCheck;
class ModerationClient;
class OpenAiClient;
class RateLimiter;
class RetryPolicy;
}
namespace zk::cost {
class BudgetGuard;
class ModelRouter;
class PriceTable;
}
namespace zk::safety {
class InjectionDetector;
class InputScreen;
class LocalModerator;
class ModerationPolicy;
class PiiRedactor;
class SafetyReplies;
}
namespace zk::central {
class CentralSync;
class FleetBudget;
}
namespace zk::conversation {
class OfflineAnswerer;
class TurnPipeline;
}

namespace zk {

// The composition root shared by zookiosk and zookioskctl: opens the database,
// seeds the default content, and wires the client, the resilience services
// and the turn pipeline. Owns every service; hands out references.
class KioskCore : public QObject
{
    Q_OBJECT

public:
    explicit KioskCore(Config config, QObject *parent = nullptr);
    ~KioskCore() override;

    Status open();
    // Indexes the shipped knowledge for offline answers now (the kiosk, at
    // start); otherwise it happens before the first offline answer needs it.
    Status seedKnowledge();

    const Config &config() const { return m_config; }
    storage::Database &database() { return *m_database; }
    storage::AnimalRepository &animals() { return *m_animals; }
    storage::GuardrailRepository &rules() { return *m_rules; }
    storage::ConversationRepository &conversations() { return *m_conversations; }
    storage::EventRepository &events() { return *m_events; }
    storage::FailedRequestRepository &failedRequests() { return *m_failedRequests; }
    storage::SettingsRepository &settings() { return *m_settings; }
    admin::ApiKeyStore &apiKeys() { return *m_apiKeys; }
    admin::PinVault &pins() { return *m_pins; }
    // Seals small secrets at rest (the API key, the fleet token).
    admin::SecretBox &secretBox() { return *m_secretBox; }
    // Staff settings (ConfigLoader::applyStaffSettings): stored after the
    // same validation; they take effect when the kiosk next starts.
    Status setStaffSetting(const QString &key, const QString &value, const QString &who);
    // A staff action for the events log (info severity; category "admin" or "security").
    void recordStaffEvent(const QString &category, const QString &kind, const QString &message);
    Status clearStaffSetting(const QString &key, const QString &who);
    Result<QMap<QString, QString>> staffSettings() const;
    // A connection test against the API with this kiosk's key and TLS
    // settings (not started; the caller owns it through `parent`).
    llm::ConnectivityCheck *connectivityCheck(int timeoutMs, QObject *parent);
    // Where the API key in use came from: "environment", "stored" or "none".
    QString apiKeySource() const { return m_apiKeySource; }
    storage::UsageRepository &usage() { return *m_usage; }
    storage::AnswerCacheRepository &cache() { return *m_cache; }
    llm::CircuitBreaker &breaker() { return *m_breaker; }
    llm::RateLimiter &rateLimiter() { return *m_rateLimiter; }
    llm::OpenAiClient &client() { return *m_client; }
    cost::BudgetGuard &budget() { return *m_budget; }
    cost::PriceTable &prices() { return *m_prices; }
    conversation::TurnPipeline &pipeline() { return *m_pipeline; }
    const safety::InputScreen &inputScreen() const { return *m_inputScreen; }
    bool online() const;   // an API key is set and the base URL was accepted

    // Emergency mode: every answer offline or emergency. On when the config
    // says so or staff switched it on (kept in the database).
    bool emergencyMode() const;
    Status setEmergencyMode(bool on, const QString &who);
    // Staff: close the breaker and clear its counts.
    Status resetBreaker(const QString &who);
    // The breaker's endpoint name (the API base URL without credentials).
    QString endpointName() const;

    // The central store (app/central), when central/url is set: the outbox
    // shipper (not running until startCentralSync()) and the fleet budget
    // (when central/fleet_daily_usd > 0). nullptr when off.
    central::CentralSync *centralSync() { return m_centralSync.get(); }
    central::FleetBudget *fleetBudget() { return m_fleetBudget.get(); }
    void startCentralSync();
    // This kiosk's id in the central store (empty when it is off).
    QString kioskId() const { return m_kioskId; }

Q_SIGNALS:
    // Every event this process records (the events table), once stored:
    // the remote endpoint pushes alerts from here.
    void eventRecorded(const zk::storage::Event &event);

private:
    Status seedDefaults();
    void recoverInterruptedTurns();
    void setUpResilience();
    Status setUpSafety();
    void resolveApiKey();
    void applyStaffSettings();
    // Deletes turns older than the retention period, at most once a day
    // (the last run is kept in the settings table); a daily timer repeats it
    // in a kiosk that runs for days.
    void purgeOldTurns();
    void saveBreaker();
    Status setUpCentral();
    void recordCentralEvent(storage::Severity severity, const QString &kind, const QString &message);

    Config m_config;
    std::unique_ptr<storage::Database> m_database;
    std::unique_ptr<storage::AnimalRepository> m_animals;
    std::unique_ptr<storage::GuardrailRepository> m_rules;
    std::unique_ptr<storage::ConversationRepository> m_conversations;
    std::unique_ptr<storage::EventRepository> m_events;
    std::unique_ptr<storage::FailedRequestRepository> m_failedRequests;
    std::unique_ptr<storage::SettingsRepository> m_settings;
    std::unique_ptr<admin::SecretBox> m_secretBox;
    std::unique_ptr<admin::ApiKeyStore> m_apiKeys;
    std::unique_ptr<admin::PinVault> m_pins;
    QString m_apiKeySource;
    QTimer *m_purgeTimer = nullptr;
    std::unique_ptr<storage::UsageRepository> m_usage;
    std::unique_ptr<storage::AnswerCacheRepository> m_cache;
    std::unique_ptr<storage::KnowledgeRepository> m_knowledge;
    std::unique_ptr<storage::BreakerRepository> m_breakerStore;
    std::unique_ptr<conversation::OfflineAnswerer> m_offline;
    std::unique_ptr<llm::RetryPolicy> m_retry;
    std::unique_ptr<llm::CircuitBreaker> m_breaker;
    std::unique_ptr<llm::RateLimiter> m_rateLimiter;
    std::unique_ptr<cost::PriceTable> m_prices;
    std::unique_ptr<cost::BudgetGuard> m_budget;
    std::unique_ptr<cost::ModelRouter> m_router;
    std::unique_ptr<safety::PiiRedactor> m_pii;
    std::unique_ptr<safety::InjectionDetector> m_injection;
    std::unique_ptr<safety::LocalModerator> m_moderator;
    std::unique_ptr<safety::InputScreen> m_inputScreen;
    std::unique_ptr<safety::SafetyReplies> m_safetyReplies;
    std::unique_ptr<safety::ModerationPolicy> m_moderationPolicy;
    QNetworkAccessManager *m_network = nullptr;
    llm::ModerationClient *m_moderation = nullptr;
    llm::OpenAiClient *m_client = nullptr;
    conversation::TurnPipeline *m_pipeline = nullptr;
    QString m_kioskId;
    std::unique_ptr<central::CentralSync> m_centralSync;
    std::unique_ptr<central::FleetBudget> m_fleetBudget;
};

} // namespace zk
