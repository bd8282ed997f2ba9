#pragma once

#include "conversation/contextwindow.h"
#include "llm/llmtypes.h"
#include "storage/storedtypes.h"

#include <QString>
#include <QStringList>

namespace zk::conversation {

struct PipelineSettings
{
    QStringList modelChain = {QStringLiteral("gpt-4o"), QStringLiteral("gpt-4o-mini")};
    llm::ApiFlavor api = llm::ApiFlavor::ChatCompletions;
    double temperature = 0.7;
    int maxOutputTokens = 300;
    int turnDeadlineMs = 12000;
    int summaryMaxWords = 150;
    bool cacheEnabled = true;
    int cacheTtlHours = 24;
    ContextSettings context;
};

struct TurnRequest
{
    QString animalId;
    QString conversationId;   // empty: start a new conversation
    QString text;             // the visitor's message
    QString language = QStringLiteral("en");
};

// Why a turn could not start. The screen and the CLI choose their own words.
enum class Rejection { UnknownAnimal, UnknownConversation, ConversationOfAnotherAnimal, EmptyMessage, TooLong, Storage };

struct TurnRejected
{
    Rejection reason;
    QString detail;           // developer-facing
};

// A finished turn, exactly as stored.
struct TurnOutcome
{
    storage::Turn turn;
    bool stored = false;      // false only if the database refused the write (an event says why)
};

} // namespace zk::conversation
