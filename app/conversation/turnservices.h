#pragma once

#include <functional>

namespace zk::llm {
class CircuitBreaker;
class ModerationClient;
class OpenAiClient;
class RateLimiter;
class RetryPolicy;
}
namespace zk::central {
class FleetBudget;
}
namespace zk::cost {
class BudgetGuard;
class ModelRouter;
class PriceTable;
}
namespace zk::safety {
class InputScreen;
class LocalModerator;
class ModerationPolicy;
class SafetyReplies;
}
namespace zk::storage {
class AnswerCacheRepository;
class ConversationRepository;
class EventRepository;
class FailedRequestRepository;
}

namespace zk::conversation {

class OfflineAnswerer;

// Everything a turn uses, passed in by the composition root (KioskCore).
struct TurnServices
{
    storage::ConversationRepository &conversations;
    storage::EventRepository &events;
    storage::FailedRequestRepository &failedRequests;
    storage::AnswerCacheRepository &cache;
    OfflineAnswerer &offline;
    llm::OpenAiClient *client;            // nullptr or without a key: answer locally
    llm::RetryPolicy &retry;
    llm::CircuitBreaker &breaker;
    llm::RateLimiter &rateLimiter;
    cost::BudgetGuard &budget;
    cost::PriceTable &prices;
    cost::ModelRouter &router;
    // Safety: the offline input checks, the output checks, the kind replies,
    // and remote moderation (nullptr when off or without a key).
    const safety::InputScreen &inputScreen;
    const safety::LocalModerator &outputModerator;
    const safety::SafetyReplies &safetyReplies;
    const safety::ModerationPolicy &moderationPolicy;
    llm::ModerationClient *moderation;
    std::function<bool()> emergencyMode;  // read at the start of every turn
    std::function<void()> breakerChanged; // persist the breaker's state
    // The fleet-wide daily budget in the central store: reserved before each
    // model call, settled after. nullptr: none (the local budget only).
    central::FleetBudget *fleetBudget = nullptr;
};

} // namespace zk::conversation
