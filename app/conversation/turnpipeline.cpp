#include "conversation/turnpipeline.h"

#include "conversation/summarizer.h"
#include "conversation/turnrun.h"
#include "llm/openaiclient.h"
#include "core/logging.h"
#include "safety/inputscreen.h"
#include "storage/repositories.h"

using namespace Qt::StringLiterals;

namespace zk::conversation {

TurnPipeline::TurnPipeline(storage::AnimalRepository &animals, storage::GuardrailRepository &rules,
                           TurnServices services, PipelineSettings settings, QObject *parent)
    : QObject(parent)
    , m_animals(animals)
    , m_rules(rules)
    , m_services(std::move(services))
    , m_settings(std::move(settings))
    , m_context(m_settings.context)
{
}

Result<persona::ComposedPrompt> TurnPipeline::composePrompt(const QString &animalId, const QString &language) const
{
    const auto animal = m_animals.find(animalId);
    if (!animal)
        return animal.error();
    if (!animal.value())
        return makeError(u"unknown animal \"%1\""_s.arg(animalId));
    const auto rules = m_rules.activeFor(animalId);
    if (!rules)
        return rules.error();
    return m_composer.compose(*animal.value(), rules.value(), language);
}

Result<TurnRun *, TurnRejected> TurnPipeline::ask(const TurnRequest &request)
{
    // 1. The message itself, through the offline safety checks: invisible
    //    characters out, length, personal data replaced, self-harm, injection,
    //    local moderation. Empty and too-long messages never start a turn; a
    //    blocked one starts a turn that the kiosk answers itself.
    const safety::InputVerdict verdict = m_services.inputScreen.screen(request.text);
    if (verdict.kind == safety::InputVerdict::Kind::Empty)
        return TurnRejected{Rejection::EmptyMessage, u"the message is empty"_s};
    if (verdict.kind == safety::InputVerdict::Kind::TooLong)
        return TurnRejected{Rejection::TooLong, u"the message has %1 characters; the limit is %2"_s.arg(verdict.length)
                                                    .arg(m_services.inputScreen.maxChars())};

    // 2. The animal, its rules and the conversation.
    const auto found = m_animals.find(request.animalId);
    if (!found)
        return TurnRejected{Rejection::Storage, found.error().message};
    if (!found.value() || !found.value()->active)
        return TurnRejected{Rejection::UnknownAnimal, u"unknown animal \"%1\""_s.arg(request.animalId)};
    const persona::Animal animal = *found.value();
    const auto rules = m_rules.activeFor(animal.id);
    if (!rules)
        return TurnRejected{Rejection::Storage, rules.error().message};

    storage::Conversation conversation;
    if (request.conversationId.isEmpty()) {
        auto created = m_services.conversations.create(animal.id, request.language);
        if (!created)
            return TurnRejected{Rejection::Storage, created.error().message};
        conversation = created.value();
    } else {
        auto existing = m_services.conversations.find(request.conversationId);
        if (!existing)
            return TurnRejected{Rejection::Storage, existing.error().message};
        if (!existing.value())
            return TurnRejected{Rejection::UnknownConversation, u"unknown conversation \"%1\""_s.arg(request.conversationId)};
        conversation = *existing.value();
        if (conversation.animalId != animal.id)
            return TurnRejected{Rejection::ConversationOfAnotherAnimal,
                                u"conversation %1 is with %2, not %3"_s.arg(conversation.id, conversation.animalId, animal.id)};
        conversation.language = request.language; // the visitor may switch language mid-conversation
    }

    // 3. Prompt and context.
    const persona::ComposedPrompt prompt = m_composer.compose(animal, rules.value(), conversation.language);
    if (const Status s = m_services.conversations.rememberPromptVersion(prompt.version, animal.id, prompt.text); !s)
        qCWarning(lcConversation).noquote() << "could not store the prompt version:" << s.error().message;
    const auto turns = m_services.conversations.turns(conversation.id);
    const auto summary = m_services.conversations.latestSummary(conversation.id);
    if (!turns || !summary)
        return TurnRejected{Rejection::Storage, !turns ? turns.error().message : summary.error().message};
    const ContextWindow::Plan context = m_context.build(turns.value(), summary.value());

    // 4. The model call, streamed, and the stored turn.
    const bool firstTurn = turns.value().isEmpty();
    auto *run = new TurnRun(m_services, m_settings, animal, prompt, conversation, context.messages, firstTurn, verdict,
                            this);
    ++m_inFlight;
    connect(run, &TurnRun::finished, this, [this, animal](const TurnOutcome &outcome) {
        Q_EMIT turnFinished(outcome);
        afterTurn(outcome, animal);
        release();
    });
    // Start from the event loop, so the caller connects to the run's signals
    // first, even when the answer is local and immediate.
    QMetaObject::invokeMethod(run, &TurnRun::start, Qt::QueuedConnection);
    return run;
}

void TurnPipeline::afterTurn(const TurnOutcome &outcome, const persona::Animal &animal)
{
    if (!outcome.stored || !m_services.client || !m_services.client->hasApiKey())
        return;
    const auto conversation = m_services.conversations.find(outcome.turn.conversationId);
    const auto turns = m_services.conversations.turns(outcome.turn.conversationId);
    const auto summary = m_services.conversations.latestSummary(outcome.turn.conversationId);
    if (!conversation || !conversation.value() || !turns || !summary)
        return;
    const std::optional<int> through = m_context.summaryDue(turns.value(), summary.value());
    if (!through)
        return;
    qCInfo(lcConversation) << "summarising the conversation through turn" << *through;
    auto *summarizer = new Summarizer(m_services.conversations, m_services.client, m_services.prices, m_settings,
                                      m_services.fleetBudget, this);
    ++m_inFlight;
    connect(summarizer, &Summarizer::finished, this, &TurnPipeline::release);
    summarizer->start(animal, *conversation.value(), turns.value(), summary.value(), *through);
}

void TurnPipeline::release()
{
    if (--m_inFlight == 0)
        Q_EMIT idle();
}

} // namespace zk::conversation
