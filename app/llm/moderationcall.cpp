#include "llm/moderationcall.h"

#include "core/logging.h"
#include "llm/errorclassifier.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace zk::llm {

ModerationCall::ModerationCall(QNetworkReply *reply, int timeoutMs, QObject *parent)
    : QObject(parent), m_reply(reply)
{
    m_clock.start();
    m_reply->setParent(this);

    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &ModerationCall::onTimeout);
    m_timer.start(std::max(1, timeoutMs));

    connect(m_reply, &QNetworkReply::requestSent, this, &ModerationCall::onRequestSent);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, &ModerationCall::onMetaDataChanged);
    connect(m_reply, &QNetworkReply::readyRead, this, &ModerationCall::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &ModerationCall::onReplyFinished);
}

ModerationCall::~ModerationCall()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
    }
}

void ModerationCall::abort()
{
    fail(ErrorKind::Cancelled, u"cancelled by the caller"_s);
}

void ModerationCall::onRequestSent()
{
    if (m_phase == Phase::Connecting)
        m_phase = Phase::AwaitingFirstByte;
}

void ModerationCall::onMetaDataChanged()
{
    m_result.httpStatus = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    m_result.requestId = QString::fromLatin1(m_reply->rawHeader("x-request-id"));
    m_phase = Phase::Reading;
}

void ModerationCall::onReadyRead()
{
    if (m_finished)
        return;
    m_phase = Phase::Reading;
    const QByteArray bytes = m_reply->readAll();
    if (m_body.size() + bytes.size() > MaxBodyBytes) {
        m_tooLarge = true;
        m_body += bytes.left(MaxBodyBytes - m_body.size());
        return;
    }
    m_body += bytes;
}

void ModerationCall::onReplyFinished()
{
    if (m_finished)
        return;
    if (m_reply->bytesAvailable() > 0)
        onReadyRead();
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 0)
        m_result.httpStatus = status;
    const QNetworkReply::NetworkError networkError = m_reply->error();

    if (m_result.httpStatus >= 300) {
        finishWith(ErrorClassifier::fromHttp(m_result.httpStatus, m_reply->rawHeaderPairs(), m_body));
        return;
    }
    // RemoteHostClosedError after a status line: the body decides (a complete
    // JSON object is a complete answer; a cut one fails to parse below).
    if (networkError != QNetworkReply::NoError
        && (networkError != QNetworkReply::RemoteHostClosedError || m_result.httpStatus == 0)) {
        LlmError e = ErrorClassifier::fromNetwork(networkError, m_reply->errorString());
        e.httpStatus = m_result.httpStatus;
        finishWith(e);
        return;
    }
    if (m_result.httpStatus < 200) {
        fail(ErrorKind::Network, u"no HTTP status in the answer"_s);
        return;
    }
    if (m_tooLarge) {
        fail(ErrorKind::NonJsonErrorBody, u"the moderation body exceeds %1 bytes"_s.arg(MaxBodyBytes));
        return;
    }
    Result<ModerationResult> parsed = parseBody(m_body);
    if (!parsed) {
        fail(networkError == QNetworkReply::RemoteHostClosedError ? ErrorKind::StreamEndedEarly
                                                                   : ErrorKind::NonJsonErrorBody,
             parsed.error().message);
        return;
    }
    ModerationResult &r = parsed.value();
    r.httpStatus = m_result.httpStatus;
    r.requestId = m_result.requestId;
    m_result = std::move(r);
    finishWith(LlmError{});
}

void ModerationCall::onTimeout()
{
    switch (m_phase) {
    case Phase::Connecting:
        fail(ErrorKind::ConnectTimeout, u"moderation: not connected within the timeout"_s);
        break;
    case Phase::AwaitingFirstByte:
        fail(ErrorKind::FirstByteTimeout, u"moderation: no answer within the timeout"_s);
        break;
    case Phase::Reading:
        fail(ErrorKind::StreamStalled, u"moderation: the body did not complete within the timeout"_s);
        break;
    }
}

void ModerationCall::fail(ErrorKind kind, const QString &detail)
{
    LlmError error;
    error.kind = kind;
    error.message = detail;
    error.httpStatus = m_result.httpStatus;
    finishWith(error);
}

void ModerationCall::finishWith(const LlmError &error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_timer.stop();
    m_result.error = error;
    m_result.latencyMs = m_clock.elapsed();
    if (!m_result.ok()) {
        // Scores from a failed call must never be read as a verdict.
        m_result.flagged = false;
        m_result.scores.clear();
        m_result.flaggedCategories.clear();
        m_result.appliedInputTypes.clear();
        qCInfo(lcLlm).noquote() << "moderation failed:" << errorKindName(error.kind) << "status" << error.httpStatus
                                << "request" << m_result.requestId << "after" << m_result.latencyMs << "ms";
    }
    if (m_reply) {
        m_reply->disconnect(this);
        if (m_reply->isRunning())
            m_reply->abort();
        m_reply->deleteLater();
        m_reply = nullptr;
    }
    Q_EMIT finished(m_result);
    deleteLater();
}

Result<ModerationResult> ModerationCall::parseBody(const QByteArray &body)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return makeError(u"moderation body is not JSON (%1 bytes): %2"_s.arg(body.size()).arg(parseError.errorString()));
    if (!doc.isObject())
        return makeError(u"moderation body is not a JSON object"_s);
    const QJsonObject root = doc.object();
    const QJsonArray results = root.value(u"results"_s).toArray();
    if (results.isEmpty())
        return makeError(u"moderation body has no results"_s);

    ModerationResult r;
    r.id = root.value(u"id"_s).toString();
    r.model = root.value(u"model"_s).toString();
    for (const QJsonValue &value : results) {
        if (!value.isObject())
            return makeError(u"a moderation result is not an object"_s);
        const QJsonObject result = value.toObject();
        const QJsonValue scoresValue = result.value(u"category_scores"_s);
        if (!scoresValue.isObject())
            return makeError(u"a moderation result has no category_scores"_s);
        const QJsonObject scores = scoresValue.toObject();
        int numeric = 0;
        for (auto it = scores.begin(); it != scores.end(); ++it) {
            if (!it.value().isDouble())
                continue; // null for a category this model does not score
            ++numeric;
            const double score = it.value().toDouble();
            auto existing = r.scores.find(it.key());
            if (existing == r.scores.end())
                r.scores.insert(it.key(), score);
            else
                *existing = std::max(*existing, score);
        }
        if (numeric == 0)
            return makeError(u"a moderation result has no numeric category score"_s);

        // QJsonObject iterates in key order, so the flags come sorted by name.
        const QJsonObject categories = result.value(u"categories"_s).toObject();
        bool anyFlag = false;
        for (auto it = categories.begin(); it != categories.end(); ++it) {
            if (it.value().toBool(false)) {
                anyFlag = true;
                if (!r.flaggedCategories.contains(it.key()))
                    r.flaggedCategories.append(it.key());
            }
        }
        const QJsonValue flagged = result.value(u"flagged"_s);
        r.flagged = r.flagged || (flagged.isBool() ? flagged.toBool() : anyFlag);

        const QJsonObject applied = result.value(u"category_applied_input_types"_s).toObject();
        for (auto it = applied.begin(); it != applied.end(); ++it) {
            QStringList &types = r.appliedInputTypes[it.key()];
            for (const QJsonValue &type : it.value().toArray())
                if (type.isString() && !types.contains(type.toString()))
                    types.append(type.toString());
        }
    }
    return r;
}

} // namespace zk::llm
