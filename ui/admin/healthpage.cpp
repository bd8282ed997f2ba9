#include "admin/healthpage.h"

#include "admin/admintouch.h"
#include "core/kioskcore.h"
#include "llm/circuitbreaker.h"
#include "llm/connectivitycheck.h"
#include "llm/ratelimiter.h"
#include "storage/database.h"
#include "storage/repositories.h"

#include <QDateTime>
#include <QFileInfo>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace zk::ui {

namespace {

QColor severityColour(storage::Severity s)
{
    switch (s) {
    case storage::Severity::Critical: return QColor(0xa3, 0x3a, 0x2a);
    case storage::Severity::Error: return QColor(0xc0, 0x4a, 0x2a);
    case storage::Severity::Warning: return QColor(0xa0, 0x52, 0x1b);
    case storage::Severity::Info: break;
    }
    return QColor(0x1f, 0x2a, 0x24);
}

} // namespace

HealthPage::HealthPage(KioskCore &core, QWidget *parent) : AdminPage(parent), m_core(core)
{
    setObjectName(u"healthPage"_s);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    admintouch::makeKinetic(scroll);
    outer->addWidget(scroll);
    auto *content = new QWidget(scroll);
    auto *grid = new QGridLayout(content);
    grid->setColumnStretch(1, 1);
    int row = 0;
    auto heading = [&](const QString &text) {
        auto *label = new QLabel(text, content);
        label->setProperty("zkRole", u"heading"_s);
        grid->addWidget(label, row, 0);
    };

    heading(tr("Connection"));
    m_key = new QLabel(content);
    m_key->setObjectName(u"healthKey"_s);
    grid->addWidget(m_key, row++, 1);
    m_connection = new QLabel(content);
    m_connection->setObjectName(u"healthConnection"_s);
    m_connection->setWordWrap(true);
    grid->addWidget(m_connection, row, 1);
    m_test = admintouch::touchButton(tr("Test connection"), content, u"healthTest"_s);
    connect(m_test, &QPushButton::clicked, this, &HealthPage::testConnection);
    grid->addWidget(m_test, row++, 2);

    heading(tr("Circuit breaker"));
    m_breaker = new QLabel(content);
    m_breaker->setObjectName(u"healthBreaker"_s);
    m_breaker->setWordWrap(true);
    grid->addWidget(m_breaker, row, 1);
    m_reset = admintouch::touchButton(tr("Reset breaker"), content, u"healthResetBreaker"_s);
    connect(m_reset, &QPushButton::clicked, this, &HealthPage::resetBreaker);
    grid->addWidget(m_reset, row++, 2);

    heading(tr("Rate-limit headroom"));
    m_requests = new QProgressBar(content);
    m_requests->setObjectName(u"healthRequests"_s);
    m_tokens = new QProgressBar(content);
    m_tokens->setObjectName(u"healthTokens"_s);
    m_requests->setFormat(tr("Requests: %p% left"));
    m_tokens->setFormat(tr("Tokens: %p% left"));
    grid->addWidget(m_requests, row++, 1, 1, 2);
    grid->addWidget(m_tokens, row++, 1, 1, 2);

    heading(tr("Today"));
    m_today = new QLabel(content);
    m_today->setObjectName(u"healthToday"_s);
    grid->addWidget(m_today, row++, 1, 1, 2);

    heading(tr("Database"));
    m_database = new QLabel(content);
    m_database->setObjectName(u"healthDatabase"_s);
    m_database->setWordWrap(true);
    grid->addWidget(m_database, row++, 1, 1, 2);
    m_integrity = new QLabel(content);
    m_integrity->setObjectName(u"healthIntegrity"_s);
    grid->addWidget(m_integrity, row, 1);
    m_integrityButton = admintouch::touchButton(tr("Check integrity"), content, u"healthCheckIntegrity"_s);
    connect(m_integrityButton, &QPushButton::clicked, this, &HealthPage::checkIntegrity);
    grid->addWidget(m_integrityButton, row++, 2);

    heading(tr("Last 50 events"));
    m_severity = new QLabel(content);
    m_severity->setObjectName(u"healthSeverity"_s);
    grid->addWidget(m_severity, row++, 1, 1, 2);
    m_events = new QTableWidget(0, 4, content);
    m_events->setObjectName(u"healthEvents"_s);
    m_events->setHorizontalHeaderLabels({tr("When"), tr("Severity"), tr("What"), tr("Message")});
    m_events->horizontalHeader()->setStretchLastSection(true);
    m_events->verticalHeader()->setVisible(false);
    m_events->verticalHeader()->setDefaultSectionSize(admintouch::kTouchPx);
    m_events->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_events->setMinimumHeight(420);
    m_events->setWordWrap(false);
    admintouch::makeKinetic(m_events);
    grid->addWidget(m_events, row++, 0, 1, 3);
    scroll->setWidget(content);
}

void HealthPage::refresh()
{
    m_key->setText(!m_core.online() ? tr("No API key: the animals answer offline.")
                   : m_core.apiKeySource() == u"environment" ? tr("API key set (from the environment).")
                                                              : tr("API key set (stored, encrypted)."));

    const llm::BreakerSnapshot snap = m_core.breaker().snapshot();
    QString state;
    switch (snap.state) {
    case llm::BreakerState::Closed: state = tr("closed (calls go out)"); break;
    case llm::BreakerState::Open: state = tr("OPEN (answers offline until a probe succeeds)"); break;
    case llm::BreakerState::HalfOpen: state = tr("half-open (one probe call decides)"); break;
    }
    m_breaker->setText(tr("%1: %2; %3 failures in a row, %4 of the last %5 calls failed.")
                           .arg(m_core.endpointName(), state)
                           .arg(snap.consecutiveFailures)
                           .arg(snap.recent.count(u'0'))
                           .arg(snap.recent.size()));
    m_breaker->setProperty("breakerState", llm::breakerStateName(snap.state));

    const llm::Headroom headroom = m_core.rateLimiter().headroom();
    m_requests->setValue(qRound(headroom.requests * 100));
    m_tokens->setValue(qRound(headroom.tokens * 100));

    const QDate today = QDateTime::currentDateTimeUtc().date();
    const auto counts = m_core.conversations().countTurns(today, today);
    m_today->setText(counts ? tr("%1 turns, %2 blocked (UTC day).").arg(counts.value().turns).arg(counts.value().blocked)
                            : tr("Today's turns could not be counted."));

    const QString path = m_core.config().databasePath();
    const qint64 size = QFileInfo(path).size() + QFileInfo(path + u"-wal"_s).size();
    m_database->setText(tr("%1 (%2 KiB)").arg(path).arg(size / 1024));

    const auto events = m_core.events().recent(50);
    int counts4[4] = {0, 0, 0, 0};
    m_events->setRowCount(events ? int(events.value().size()) : 0);
    if (events) {
        for (int i = 0; i < events.value().size(); ++i) {
            const storage::Event &e = events.value().at(i);
            ++counts4[int(e.severity)];
            const QStringList cells = {e.createdAt.left(19).replace(u'T', u' '), storage::severityName(e.severity),
                                       e.category + u'/' + e.kind, e.message};
            for (int c = 0; c < cells.size(); ++c) {
                auto *item = new QTableWidgetItem(cells.at(c));
                item->setForeground(severityColour(e.severity));
                m_events->setItem(i, c, item);
            }
        }
    }
    m_events->resizeColumnsToContents();
    m_severity->setText(tr("%1 critical, %2 errors, %3 warnings, %4 information")
                            .arg(counts4[int(storage::Severity::Critical)])
                            .arg(counts4[int(storage::Severity::Error)])
                            .arg(counts4[int(storage::Severity::Warning)])
                            .arg(counts4[int(storage::Severity::Info)]));
}

void HealthPage::testConnection()
{
    if (m_check)
        return;
    m_test->setEnabled(false);
    m_connection->setText(tr("Testing…"));
    m_check = m_core.connectivityCheck(m_core.config().connectTimeoutMs + 5000, this);
    connect(m_check, &llm::ConnectivityCheck::finished, this, [this](const llm::ConnectivityCheck::Outcome &o) {
        m_connection->setText(o.ok ? tr("Connected in %1 ms; %2 models available.").arg(o.latencyMs).arg(o.models)
                                   : tr("Not connected: %1").arg(o.message));
        m_test->setEnabled(true);
        if (m_check)
            m_check->deleteLater();
        refresh();
    });
    m_check->start();
}

void HealthPage::resetBreaker()
{
    if (const Status s = m_core.resetBreaker(u"admin panel"_s); !s)
        m_breaker->setText(tr("The breaker could not be reset."));
    else
        refresh();
}

void HealthPage::checkIntegrity()
{
    const QString problem = m_core.database().checkIntegrity();
    admintouch::showStatus(m_integrity,
                           problem.isEmpty() ? tr("Integrity check passed.") : tr("The database is damaged: %1").arg(problem),
                           problem.isEmpty() ? u"ok"_s : u"error"_s);
}

QString HealthPage::breakerText() const { return m_breaker->text(); }
QString HealthPage::connectionText() const { return m_connection->text(); }
QString HealthPage::todayText() const { return m_today->text(); }
QString HealthPage::integrityText() const { return m_integrity->text(); }

} // namespace zk::ui
