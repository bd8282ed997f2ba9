#include "central/fleetbudget.h"

#include "central/centralconnection.h"
#include "central/centrallogging.h"

#include <QDate>

#include <memory>
#include <optional>

using namespace Qt::StringLiterals;

namespace zk::central {

namespace {

class BudgetWorker : public QObject
{
    Q_OBJECT

public:
    explicit BudgetWorker(FleetBudgetSettings settings)
        : m_settings(std::move(settings))
    {
    }

    ~BudgetWorker() override
    {
        m_ledger.reset();
        m_central.reset(); // in this thread, which owns the connection
    }

    void reserve(quint64 ticket, double estimateUsd)
    {
        ensureLedger();
        const auto result = m_ledger->reserve(QDate::currentDate(), estimateUsd, m_settings.dailyUsd);
        if (result) {
            Q_EMIT decided(ticket, *result);
            return;
        }
        FleetDecision unavailable;
        unavailable.kind = FleetDecision::Kind::Unavailable;
        unavailable.limitUsd = m_settings.dailyUsd;
        unavailable.problem = result.error().message;
        Q_EMIT decided(ticket, unavailable);
    }

    void settle(const QString &reservationId, double actualUsd)
    {
        ensureLedger();
        const Status s = m_ledger->settle(reservationId, actualUsd);
        Q_EMIT settled(s.ok(), s ? QString() : s.error().message);
    }

Q_SIGNALS:
    void decided(quint64 ticket, const zk::central::FleetDecision &decision);
    void settled(bool ok, const QString &problem);

private:
    void ensureLedger()
    {
        if (m_ledger)
            return;
        m_central = std::make_unique<CentralConnection>(m_settings.url, u"budget"_s);
        m_ledger.emplace(*m_central, m_settings.kioskId);
    }

    FleetBudgetSettings m_settings;
    std::unique_ptr<CentralConnection> m_central;
    std::optional<FleetLedger> m_ledger;
};

} // namespace

FleetBudget::FleetBudget(FleetBudgetSettings settings, QObject *parent)
    : QObject(parent)
    , m_dailyUsd(settings.dailyUsd)
{
    qRegisterMetaType<zk::central::FleetDecision>();
    auto *worker = new BudgetWorker(std::move(settings));
    worker->moveToThread(&m_thread);
    m_worker = worker;
    connect(&m_thread, &QThread::finished, worker, &QObject::deleteLater);
    connect(worker, &BudgetWorker::decided, this, &FleetBudget::onDecided);
    connect(worker, &BudgetWorker::settled, this, &FleetBudget::onSettled);
    m_thread.setObjectName(u"zk-fleet-budget"_s);
    m_thread.start();
}

FleetBudget::~FleetBudget()
{
    flush();
    m_thread.quit();
    m_thread.wait();
}

quint64 FleetBudget::reserve(double estimateUsd)
{
    const quint64 ticket = m_nextTicket++;
    auto *worker = static_cast<BudgetWorker *>(m_worker);
    QMetaObject::invokeMethod(worker, [worker, ticket, estimateUsd] { worker->reserve(ticket, estimateUsd); },
                              Qt::QueuedConnection);
    return ticket;
}

void FleetBudget::abandon(quint64 ticket)
{
    m_abandoned.insert(ticket);
}

void FleetBudget::settle(const QString &reservationId, double actualUsd)
{
    if (reservationId.isEmpty())
        return;
    auto *worker = static_cast<BudgetWorker *>(m_worker);
    QMetaObject::invokeMethod(worker, [worker, reservationId, actualUsd] { worker->settle(reservationId, actualUsd); },
                              Qt::QueuedConnection);
}

void FleetBudget::flush()
{
    if (!m_thread.isRunning())
        return;
    // Queued calls run in order: once this empty one ran, the earlier ones have.
    QMetaObject::invokeMethod(m_worker, [] {}, Qt::BlockingQueuedConnection);
}

void FleetBudget::onDecided(quint64 ticket, const FleetDecision &decision)
{
    noteAvailability(decision.kind != FleetDecision::Kind::Unavailable, decision.problem);
    if (decision.kind == FleetDecision::Kind::Refused && m_exhaustedOn != QDate::currentDate()) {
        m_exhaustedOn = QDate::currentDate();
        Q_EMIT exhausted(decision.committedUsd, decision.limitUsd);
    }
    if (m_abandoned.remove(ticket)) {
        // Nobody waits for it any more: give a late grant back.
        if (decision.kind == FleetDecision::Kind::Granted)
            settle(decision.reservationId, 0.0);
        return;
    }
    Q_EMIT decided(ticket, decision);
}

void FleetBudget::onSettled(bool ok, const QString &problem)
{
    if (!ok)
        qCWarning(lcCentral).noquote() << "a fleet budget reservation could not be settled (it stays at its "
                                          "estimate):" << problem;
    noteAvailability(ok, problem);
}

void FleetBudget::noteAvailability(bool ok, const QString &problem)
{
    if (!ok && !m_failing) {
        m_failing = true;
        qCWarning(lcCentral).noquote() << "fleet budget unavailable:" << problem;
        Q_EMIT unreachable(problem);
    } else if (ok && m_failing) {
        m_failing = false;
        Q_EMIT recovered();
    }
}

} // namespace zk::central

#include "fleetbudget.moc"
