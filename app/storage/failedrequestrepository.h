#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace zk::storage {

class Database;

// A model call that failed, kept so staff can see it and replay it.
struct FailedRequest
{
    qint64 id = 0;
    QString createdAt;
    QString turnId;
    QString conversationHash;
    QString api;              // "chat" or "responses"
    QString model;
    QByteArray requestJson;   // the body that was sent; never the API key
    QString errorKind;
    int httpStatus = 0;
    QString requestId;
    QString replayedAt;
    QString replayResult;
};

class FailedRequestRepository
{
public:
    explicit FailedRequestRepository(Database &db) : m_db(db) {}

    Result<qint64> record(FailedRequest request);
    Result<QList<FailedRequest>> recent(int limit) const;     // newest first
    Result<std::optional<FailedRequest>> find(qint64 id) const;
    Status markReplayed(qint64 id, const QString &result);

private:
    Database &m_db;
};

} // namespace zk::storage
