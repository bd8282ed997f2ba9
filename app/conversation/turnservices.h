#pragma once

#include <functional>

namespace zk::llm {
class CircuitBreaker;
class OpenAiClient;
class RateLimiter;
class RetryPolicy;
}
namespace zk::cost {
class BudgetGuard;
class ModelRouter;
class PriceTable;
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
    std::function<bool()> emergencyMode;  // read at the start of every turn
    std::function<void()> breakerChanged; // persist the breaker's state
};

} // namespace zk::conversation
