#pragma once

#include "llm/llmtypes.h"

#include <QMap>
#include <QString>
#include <QStringList>

namespace zk::llm {

// How one POST {base}/moderations ended. Either ok() with the classifier's
// scores, or failed with a typed error; the caller then keeps the local
// layer's verdict. Never carries the text that was checked.
struct ModerationResult
{
    bool ok() const { return error.kind == ErrorKind::None; }

    LlmError error;                        // kind None when a well-formed moderation object arrived
    // results[].flagged: the API's own verdict, at its own (adult) thresholds.
    bool flagged = false;
    // results[].category_scores: every category the API returned, by the API's
    // name ("harassment", "self-harm/intent", ...), in [0, 1].
    QMap<QString, double> scores;
    // results[].categories that were true (the API's own flags), sorted by name.
    QStringList flaggedCategories;
    // results[].category_applied_input_types ("text", "image") by category.
    QMap<QString, QStringList> appliedInputTypes;
    QString id;                            // "modr-..."
    QString model;                         // model that answered, e.g. "omni-moderation-2024-09-26"
    QString requestId;                     // x-request-id header
    int httpStatus = 0;
    qint64 latencyMs = -1;                 // from send to the end of the call (also when it failed)
};

} // namespace zk::llm
