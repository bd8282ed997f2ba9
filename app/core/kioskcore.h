#pragma once

#include "core/config.h"
#include "core/result.h"

#include <QObject>

#include <memory>

class QNetworkAccessManager;

namespace zk::storage {
class Database;
class AnimalRepository;
class GuardrailRepository;
class ConversationRepository;
class EventRepository;
class FailedRequestRepository;
class SettingsRepository;
}
namespace zk::llm {
class OpenAiClient;
}
namespace zk::conversation {
class TurnPipeline;
}

namespace zk {

// The composition root shared by zookiosk and zookioskctl: opens the database,
// seeds the default content, and wires the client and the turn pipeline.
// Owns every service; hands out references.
class KioskCore : public QObject
{
    Q_OBJECT

public:
    explicit KioskCore(Config config, QObject *parent = nullptr);
    ~KioskCore() override;

    Status open();

    const Config &config() const { return m_config; }
    storage::Database &database() { return *m_database; }
    storage::AnimalRepository &animals() { return *m_animals; }
    storage::GuardrailRepository &rules() { return *m_rules; }
    storage::ConversationRepository &conversations() { return *m_conversations; }
    storage::EventRepository &events() { return *m_events; }
    storage::FailedRequestRepository &failedRequests() { return *m_failedRequests; }
    storage::SettingsRepository &settings() { return *m_settings; }

    // Emergency mode: every answer offline or emergency. On when the config
    // says so or staff switched it on (kept in the database).
    bool emergencyMode() const;
    Status setEmergencyMode(bool on, const QString &who);
    conversation::TurnPipeline &pipeline() { return *m_pipeline; }
    bool online() const;   // an API key is set and the base URL was accepted

private:
    Status seedDefaults();
    void recoverInterruptedTurns();

    Config m_config;
    std::unique_ptr<storage::Database> m_database;
    std::unique_ptr<storage::AnimalRepository> m_animals;
    std::unique_ptr<storage::GuardrailRepository> m_rules;
    std::unique_ptr<storage::ConversationRepository> m_conversations;
    std::unique_ptr<storage::EventRepository> m_events;
    std::unique_ptr<storage::FailedRequestRepository> m_failedRequests;
    std::unique_ptr<storage::SettingsRepository> m_settings;
    QNetworkAccessManager *m_network = nullptr;
    llm::OpenAiClient *m_client = nullptr;
    conversation::TurnPipeline *m_pipeline = nullptr;
};

} // namespace zk
