#pragma once

#include "conversation/turntypes.h"
#include "persona/animal.h"

#include <QObject>
#include <QPointer>

namespace zk::llm {
class ChatStream;
class OpenAiClient;
}
namespace zk::storage {
class ConversationRepository;
}
namespace zk::cost {
class PriceTable;
}
namespace zk::central {
class FleetBudget;
class FleetReservation;
}

namespace zk::conversation {

// Folds the older turns of a conversation (and any earlier summary) into one
// short summary written by the model and kept in the database. Emits finished()
// once, whether or not a summary was stored, then deletes itself. With a fleet
// budget (`fleet`, may be null) the call reserves its most expensive case
// first, as a visitor's turn does, and settles the actual cost after; a
// refused reservation writes no summary (the context keeps the last turns).
class Summarizer : public QObject
{
    Q_OBJECT

public:
    Summarizer(storage::ConversationRepository &conversations, llm::OpenAiClient *client,
               const cost::PriceTable &prices, const PipelineSettings &settings, central::FleetBudget *fleet,
               QObject *parent);

    void start(const persona::Animal &animal, const storage::Conversation &conversation,
               const QList<storage::Turn> &turns, const std::optional<storage::Summary> &previous,
               int throughSeq);

    // The request sent to the model; public for tests.
    static llm::ChatRequest buildRequest(const persona::Animal &animal, const QString &language,
                                         const QList<storage::Turn> &turns,
                                         const std::optional<storage::Summary> &previous, int throughSeq,
                                         const PipelineSettings &settings);

Q_SIGNALS:
    void finished(bool stored);

private:
    void callModel();
    void onFinished(const llm::StreamResult &result);

    storage::ConversationRepository &m_conversations;
    llm::OpenAiClient *m_client;
    const cost::PriceTable &m_prices;
    const PipelineSettings &m_settings;
    central::FleetBudget *m_fleet;
    storage::Conversation m_conversation;
    int m_throughSeq = 0;
    QString m_model;
    llm::ChatRequest m_request;
    central::FleetReservation *m_reservation = nullptr; // settled after the call
};

} // namespace zk::conversation
