#include "core/kioskcore.h"

#include "conversation/turnpipeline.h"
#include "core/logging.h"
#include "core/resources.h"
#include "llm/openaiclient.h"
#include "persona/defaultcontent.h"
#include "storage/database.h"
#include "storage/failedrequestrepository.h"
#include "storage/repositories.h"
#include "storage/settingsrepository.h"

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
    // repositories they refer to.
    delete m_pipeline;
    delete m_client;
}

bool KioskCore::online() const
{
    return m_client && m_client->hasApiKey();
}

Status KioskCore::open()
{
    m_database = std::make_unique<storage::Database>(m_config.databasePath());
    if (const Status s = m_database->open(); !s)
        return s;
    m_animals = std::make_unique<storage::AnimalRepository>(*m_database);
    m_rules = std::make_unique<storage::GuardrailRepository>(*m_database);
    m_conversations = std::make_unique<storage::ConversationRepository>(*m_database);
    m_events = std::make_unique<storage::EventRepository>(*m_database);
    m_failedRequests = std::make_unique<storage::FailedRequestRepository>(*m_database);
    m_settings = std::make_unique<storage::SettingsRepository>(*m_database);
    if (const Status s = seedDefaults(); !s)
        return s;
    recoverInterruptedTurns();

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

    conversation::PipelineSettings settings;
    settings.modelChain = m_config.modelChain;
    settings.api = m_config.api;
    settings.temperature = m_config.temperature;
    settings.maxOutputTokens = m_config.maxOutputTokens;
    settings.turnDeadlineMs = m_config.turnDeadlineMs;
    settings.maxInputChars = m_config.maxInputChars;
    settings.summaryMaxWords = m_config.summaryMaxWords;
    settings.context = {m_config.contextMaxTurns, m_config.contextTokenBudget, m_config.summaryThresholdTokens,
                        m_config.turnsAfterSummary};
    m_pipeline = new conversation::TurnPipeline(
        conversation::TurnPipeline::Deps{*m_animals, *m_rules, *m_conversations, *m_events, m_client}, settings, this);
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

Status KioskCore::seedDefaults()
{
    const auto content = persona::loadDefaultContent();
    if (!content)
        return makeError(u"the built-in animal content is damaged: "_s + content.error().message);
    for (const persona::Animal &animal : content->animals) {
        if (const auto r = m_animals->seedDefault(animal); !r)
            return r.error();
    }
    for (const persona::GuardrailRule &rule : content->rules) {
        if (const auto r = m_rules->seedDefault(rule); !r)
            return r.error();
    }
    return {};
}

} // namespace zk
