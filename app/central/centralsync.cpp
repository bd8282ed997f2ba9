#include "central/centralsync.h"

#include "central/centralconnection.h"
#include "central/centrallogging.h"
#include "central/outboxshipper.h"
#include "storage/outboxrepository.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>
#include <QUuid>

#include <optional>

using namespace Qt::StringLiterals;

namespace zk::central {

namespace {

constexpr int kFirstBackoffMs = 1000;

// The worker: created in the caller's thread, moved to the sync thread, where
// it opens its connections on first use and is deleted when the thread ends.
class SyncWorker : public QObject
{
    Q_OBJECT

public:
    SyncWorker(SyncSettings settings, std::shared_ptr<std::atomic<bool>> stopping)
        : m_settings(std::move(settings))
        , m_stopping(std::move(stopping))
        , m_sqliteName(u"zk-outbox-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
    {
    }

    ~SyncWorker() override
    {
        m_shipper.reset();
        m_outbox.reset();
        m_central.reset();
        if (QSqlDatabase::contains(m_sqliteName)) {
            {
                QSqlDatabase db = QSqlDatabase::database(m_sqliteName, false);
                db.close();
            }
            QSqlDatabase::removeDatabase(m_sqliteName);
        }
    }

    void startPeriodic()
    {
        m_periodic = true;
        runCycle();
    }

    void runCycle()
    {
        if (!m_timer) {
            m_timer = new QTimer(this);
            m_timer->setSingleShot(true);
            connect(m_timer, &QTimer::timeout, this, &SyncWorker::runCycle);
        }
        m_timer->stop();
        const SyncReport report = cycle();
        if (report.ok) {
            m_backoffMs = 0;
        } else {
            m_backoffMs = m_backoffMs == 0 ? kFirstBackoffMs : std::min(m_backoffMs * 2, m_settings.maxBackoffMs);
        }
        if (m_periodic && !m_stopping->load())
            m_timer->start(report.ok ? m_settings.intervalMs : m_backoffMs);
        Q_EMIT cycleFinished(report);
    }

Q_SIGNALS:
    void cycleFinished(const zk::central::SyncReport &report);

private:
    Status openSqlite()
    {
        if (m_outbox)
            return {};
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_sqliteName);
        db.setDatabaseName(m_settings.databaseFile);
        if (!db.open())
            return makeError(u"Cannot open %1 for the central sync: %2"_s.arg(m_settings.databaseFile,
                                                                               db.lastError().text()));
        QSqlQuery q(db);
        if (!q.exec(u"PRAGMA busy_timeout = 5000"_s))
            return makeError(u"Cannot configure the sync's database connection: "_s + q.lastError().text());
        m_outbox.emplace(db);
        m_central = std::make_unique<CentralConnection>(m_settings.url, u"sync"_s);
        m_shipper.emplace(*m_outbox, *m_central, m_settings.kioskId, m_settings.batchSize);
        return {};
    }

    SyncReport cycle()
    {
        SyncReport report;
        if (const Status s = openSqlite(); !s) {
            report.ok = false;
            report.problem = s.error().message;
            return report;
        }
        while (!m_stopping->load()) {
            const auto batch = m_shipper->shipBatch();
            if (!batch) {
                report.ok = false;
                report.problem = batch.error().message;
                break;
            }
            report.shipped += batch->shipped;
            if (!batch->more)
                break;
        }
        report.remaining = m_outbox->pendingCount().valueOr(-1);
        return report;
    }

    SyncSettings m_settings;
    std::shared_ptr<std::atomic<bool>> m_stopping;
    QString m_sqliteName;
    std::optional<storage::OutboxRepository> m_outbox;
    std::unique_ptr<CentralConnection> m_central;
    std::optional<OutboxShipper> m_shipper;
    QTimer *m_timer = nullptr;
    bool m_periodic = false;
    int m_backoffMs = 0;
};

} // namespace

CentralSync::CentralSync(SyncSettings settings, QObject *parent)
    : QObject(parent)
    , m_stopping(std::make_shared<std::atomic<bool>>(false))
{
    qRegisterMetaType<zk::central::SyncReport>();
    auto *worker = new SyncWorker(std::move(settings), m_stopping);
    worker->moveToThread(&m_thread);
    m_worker = worker;
    connect(&m_thread, &QThread::finished, worker, &QObject::deleteLater);
    connect(worker, &SyncWorker::cycleFinished, this, &CentralSync::onCycle);
    m_thread.setObjectName(u"zk-central-sync"_s);
    m_thread.start();
}

CentralSync::~CentralSync()
{
    m_stopping->store(true);
    m_thread.quit();
    m_thread.wait();
}

void CentralSync::start()
{
    QMetaObject::invokeMethod(static_cast<SyncWorker *>(m_worker), &SyncWorker::startPeriodic, Qt::QueuedConnection);
}

void CentralSync::syncNow()
{
    QMetaObject::invokeMethod(static_cast<SyncWorker *>(m_worker), &SyncWorker::runCycle, Qt::QueuedConnection);
}

void CentralSync::onCycle(const SyncReport &report)
{
    if (!report.ok) {
        ++m_failedCycles;
        if (!m_failing) {
            m_failing = true;
            qCWarning(lcCentral).noquote() << "central sync failing:" << report.problem;
            Q_EMIT unreachable(report.problem);
        }
    } else if (m_failing) {
        m_failing = false;
        qCInfo(lcCentral) << "central sync works again after" << m_failedCycles << "failed attempts";
        Q_EMIT recovered(std::exchange(m_failedCycles, 0));
    }
    Q_EMIT cycleFinished(report);
}

} // namespace zk::central

#include "centralsync.moc"
