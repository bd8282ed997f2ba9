#pragma once

#include "conversation/turnservices.h"
#include "conversation/turntypes.h"
#include "core/result.h"
#include "persona/promptcomposer.h"

#include <QObject>

namespace zk::llm {
class OpenAiClient;
}
namespace zk::storage {
class AnimalRepository;
class GuardrailRepository;
class ConversationRepository;
class EventRepository;
}

namespace zk::conversation {

class TurnRun;

// The one way a visitor turn runs, for the kiosk screen and zookioskctl alike.
// ask() checks the request, loads the animal, its rules and the conversation,
// composes the prompt and context, and starts a TurnRun. After a turn, when
// the history has grown past the threshold, a summary is written in the
// background; idle() says when nothing is left in flight.
class TurnPipeline : public QObject
{
    Q_OBJECT

public:
    TurnPipeline(storage::AnimalRepository &animals, storage::GuardrailRepository &rules, TurnServices services,
                 PipelineSettings settings, QObject *parent = nullptr);

    Result<TurnRun *, TurnRejected> ask(const TurnRequest &request);
    // The composed system prompt for an animal (zookioskctl prompt, admin preview).
    Result<persona::ComposedPrompt> composePrompt(const QString &animalId, const QString &language) const;
    bool isIdle() const { return m_inFlight == 0; }
    const PipelineSettings &settings() const { return m_settings; }

Q_SIGNALS:
    void turnFinished(const zk::conversation::TurnOutcome &outcome);
    void idle();

private:
    void afterTurn(const TurnOutcome &outcome, const persona::Animal &animal);
    void release();

    storage::AnimalRepository &m_animals;
    storage::GuardrailRepository &m_rules;
    TurnServices m_services;
    PipelineSettings m_settings;
    persona::PromptComposer m_composer;
    ContextWindow m_context;
    int m_inFlight = 0;
};

} // namespace zk::conversation
