#include "admin/historypage.h"

#include "admin/admintouch.h"
#include "admin/historyexport.h"
#include "admin/historyfilterbar.h"
#include "core/kioskcore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDir>
#include <QFileInfo>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QStyle>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace zk::ui {


HistoryPage::HistoryPage(KioskCore &core, QWidget *parent) : AdminPage(parent), m_core(core)
{
    setObjectName(u"historyPage"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    m_filters = new HistoryFilterBar(this);
    connect(m_filters, &HistoryFilterBar::searchRequested, this, &HistoryPage::search);
    layout->addWidget(m_filters);

    m_table = new QTableWidget(0, 9, this);
    m_table->setObjectName(u"historyTable"_s);
    m_table->setHorizontalHeaderLabels({tr("Asked"), tr("Animal"), tr("Source"), tr("Model"), tr("Risk"),
                                        tr("Categories"), tr("Latency (ms)"), tr("Question"), tr("Reply")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setDefaultSectionSize(admintouch::kTouchPx);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    admintouch::makeKinetic(m_table);
    layout->addWidget(m_table, 1);

    auto *exportRow = new QHBoxLayout;
    m_path = new QLineEdit(this);
    m_path->setObjectName(u"historyExportPath"_s);
    m_path->setText(QDir(core.config().dataDir).filePath(u"history-export"_s));
    m_path->setToolTip(tr("File path without extension; .csv or .json is added"));
    exportRow->addWidget(new QLabel(tr("Export to"), this));
    exportRow->addWidget(m_path, 1);
    m_csv = admintouch::touchButton(tr("Export CSV"), this, u"historyExportCsv"_s);
    m_json = admintouch::touchButton(tr("Export JSON"), this, u"historyExportJson"_s);
    connect(m_csv, &QPushButton::clicked, this, [this] { exportTo(u"csv"_s); });
    connect(m_json, &QPushButton::clicked, this, [this] { exportTo(u"json"_s); });
    exportRow->addWidget(m_csv);
    exportRow->addWidget(m_json);
    layout->addLayout(exportRow);
    m_message = new QLabel(this);
    m_message->setObjectName(u"historyMessage"_s);
    m_message->setWordWrap(true);
    layout->addWidget(m_message);
}

void HistoryPage::refresh()
{
    QList<std::pair<QString, QString>> choices;
    if (const auto animals = m_core.animals().list(false))
        for (const persona::Animal &a : animals.value())
            choices.append({a.id, a.displayName(u"en"_s)});
    m_filters->setAnimals(choices);
    search();
}

storage::HistoryFilter HistoryPage::filter() const
{
    return m_filters->filter();
}

void HistoryPage::search()
{
    storage::HistoryFilter f = filter();
    f.limit = kShownRows;
    const auto rows = m_core.conversations().query(f);
    if (!rows) {
        setMessage(tr("The history could not be read."), u"error"_s);
        m_table->setRowCount(0);
        return;
    }
    m_table->setRowCount(int(rows.value().size()));
    for (int i = 0; i < rows.value().size(); ++i) {
        const storage::HistoryRow &row = rows.value().at(i);
        const storage::Turn &t = row.turn;
        const QStringList cells = {t.createdAt.left(19).replace(u'T', u' '),
                                   row.animalId,
                                   storage::replySourceName(t.source),
                                   t.model,
                                   QString::number(t.riskScore, 'f', 2),
                                   t.blockCategories,
                                   QString::number(t.latencyMs),
                                   t.visitorText.simplified(),
                                   t.reply.simplified()};
        for (int c = 0; c < cells.size(); ++c)
            m_table->setItem(i, c, new QTableWidgetItem(cells.at(c)));
    }
    m_table->resizeColumnsToContents();
    for (int c = 7; c <= 8; ++c)
        m_table->setColumnWidth(c, std::min(m_table->columnWidth(c), 480));
    setMessage(rows.value().size() >= kShownRows ? tr("Showing the newest %1 turns; the export holds them all.").arg(kShownRows)
                                                 : tr("%1 turns.").arg(rows.value().size()),
               QString());
}

bool HistoryPage::exportTo(const QString &format)
{
    storage::HistoryFilter f = filter();
    f.limit = 0; // the whole filtered set
    const auto rows = m_core.conversations().query(f);
    if (!rows) {
        setMessage(tr("The history could not be read."), u"error"_s);
        return false;
    }
    QString path = m_path->text().trimmed();
    if (path.isEmpty()) {
        setMessage(tr("Give a file path to export to."), u"error"_s);
        return false;
    }
    path = QDir::cleanPath(path);
    if (!path.endsWith(u'.' + format, Qt::CaseInsensitive))
        path += u'.' + format;
    QDir().mkpath(QFileInfo(path).absolutePath()); // a fresh folder on a USB stick, say
    const QByteArray bytes = format == u"csv" ? admin::historyCsv(rows.value()) : admin::historyJson(rows.value());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        setMessage(tr("Could not write %1.").arg(path), u"error"_s);
        return false;
    }
    m_core.recordStaffEvent(u"admin"_s, u"history_exported"_s,
                            u"%1 turns exported as %2 from the admin panel."_s.arg(rows.value().size()).arg(format));
    setMessage(tr("%1 turns written to %2.").arg(rows.value().size()).arg(path), u"ok"_s);
    return true;
}

QString HistoryPage::message() const
{
    return m_message->text();
}

void HistoryPage::setMessage(const QString &text, const QString &role)
{
    admintouch::showStatus(m_message, text, role);
}

QComboBox *HistoryPage::animalChoice() const { return m_filters->animalChoice(); }
QComboBox *HistoryPage::sourceChoice() const { return m_filters->sourceChoice(); }
QCheckBox *HistoryPage::dateRange() const { return m_filters->dateRange(); }
QDateEdit *HistoryPage::fromDate() const { return m_filters->fromDate(); }
QDateEdit *HistoryPage::toDate() const { return m_filters->toDate(); }
QCheckBox *HistoryPage::blockedOnly() const { return m_filters->blockedOnly(); }
QLineEdit *HistoryPage::searchField() const { return m_filters->searchField(); }

} // namespace zk::ui
