#include "storage/breakerrepository.h"

#include "core/ids.h"
#include "core/logging.h"
#include "storage/sqlstatement.h"

using namespace Qt::StringLiterals;

namespace zk::storage {

namespace {

using llm::BreakerSnapshot;
using llm::BreakerState;

const QString kColumns = u"endpoint, state, consecutive_failures, recent, opened_at"_s;

QVariant isoTime(const std::optional<QDateTime> &time)
{
    if (!time || !time->isValid())
        return QVariant(QMetaType::fromType<QString>());
    return time->toUTC().toString(Qt::ISODateWithMs);
}

std::optional<QDateTime> parseIsoTime(const QString &text)
{
    if (text.isEmpty())
        return std::nullopt;
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid()) {
        qCWarning(lcDb).noquote() << "breaker_state.opened_at is not an ISO-8601 time:" << text;
        return std::nullopt;
    }
    return time.toUTC();
}

BreakerSnapshot readRow(const Statement &q)
{
    BreakerSnapshot s;
    const QString state = q.text(1);
    if (const auto parsed = llm::breakerStateFromName(state)) {
        s.state = *parsed;
    } else {
        // The CHECK constraint keeps this out; a closed breaker is the safe reading.
        qCWarning(lcDb).noquote() << "breaker_state.state is unknown:" << state;
    }
    s.consecutiveFailures = std::max(0, q.integer(2));
    s.recent = q.text(3);
    s.openedAt = parseIsoTime(q.text(4));
    return s;
}

} // namespace

Result<std::optional<llm::BreakerSnapshot>> BreakerRepository::load(const QString &endpoint) const
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    Statement q(*db, u"SELECT "_s + kColumns + u" FROM breaker_state WHERE endpoint = ?"_s);
    q.bind(sqlText(endpoint));
    if (!q.exec())
        return q.error(u"Cannot read the circuit breaker of %1"_s.arg(endpoint));
    if (!q.next())
        return std::optional<BreakerSnapshot>();
    return std::optional<BreakerSnapshot>(readRow(q));
}

Status BreakerRepository::save(const QString &endpoint, const llm::BreakerSnapshot &snapshot)
{
    if (endpoint.isEmpty())
        return makeError(u"A circuit breaker needs an endpoint name"_s);
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    Statement q(*db, u"INSERT INTO breaker_state (endpoint, state, consecutive_failures, recent, opened_at, updated_at) "
                     "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (endpoint) DO UPDATE SET state = excluded.state, "
                     "consecutive_failures = excluded.consecutive_failures, recent = excluded.recent, "
                     "opened_at = excluded.opened_at, updated_at = excluded.updated_at"_s);
    q.bind(endpoint)
        .bind(llm::breakerStateName(snapshot.state))
        .bind(std::max(0, snapshot.consecutiveFailures))
        .bind(sqlText(snapshot.recent))
        .bind(isoTime(snapshot.openedAt))
        .bind(isoNow());
    if (!q.exec())
        return q.error(u"Cannot store the circuit breaker of %1"_s.arg(endpoint));
    return {};
}

Result<QList<QPair<QString, llm::BreakerSnapshot>>> BreakerRepository::all() const
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    Statement q(*db, u"SELECT "_s + kColumns + u" FROM breaker_state ORDER BY endpoint"_s);
    if (!q.exec())
        return q.error(u"Cannot read the circuit breakers"_s);
    QList<QPair<QString, BreakerSnapshot>> rows;
    while (q.next())
        rows.append({q.text(0), readRow(q)});
    return rows;
}

} // namespace zk::storage
