#pragma once

#include "llm/circuitbreaker.h"
#include "persona/animal.h"
#include "storage/failedrequestrepository.h"
#include "storage/storedtypes.h"

#include <QJsonObject>

namespace zk {

// The JSON shapes of zookioskctl --json output (a contract: keep them stable).
QJsonObject turnResultJson(const storage::Turn &turn);   // the `ask --json` object
QJsonObject turnHistoryJson(const storage::Turn &turn);  // one `history --json` row
QJsonObject animalJson(const persona::Animal &animal, const QString &language);
QJsonObject eventJson(const storage::Event &event);
QJsonObject breakerJson(const llm::BreakerSnapshot &snapshot, const QString &endpoint);
QJsonObject guardrailJson(const persona::GuardrailRule &rule);  // one `guardrails list --json` row
QJsonObject failedRequestJson(const storage::FailedRequest &request);   // without the request body

} // namespace zk
