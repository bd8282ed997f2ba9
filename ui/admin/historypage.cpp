#include "admin/historypage.h"

#include "admin/admintouch.h"
#include "admin/historyexport.h"
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

namespace {
const storage::ReplySource kSources[] = {storage::ReplySource::Model,     storage::ReplySource::FallbackModel,
                                         storage::ReplySource::Cache,     storage::ReplySource::Offline,
                                         storage::ReplySource::Emergency, storage::ReplySource::Blocked};
}

HistoryPage::HistoryPage(KioskCore &core, QWidget *parent) : AdminPage(parent), m_core(core)
{
    setObjectName(u"historyPage"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    auto *filters = new QGridLayout;
    m_animal = new QComboBox(this);
    m_animal->setObjectName(u"historyAnimal"_s);
    m_source = new QComboBox(this);
    m_source->setObjectName(u"historySource"_s);
    m_source->addItem(tr("Any source"), QString());
    for (storage::ReplySource s : kSources)
        m_source->addItem(storage::replySourceName(s), storage::replySourceName(s));
    m_useDates = new QCheckBox(tr("From – to"), this);
    m_useDates->setObjectName(u"historyUseDates"_s);
    m_from = new QDateEdit(QDate::currentDate().addDays(-7), this);
    m_from->setObjectName(u"historyFrom"_s);
    m_to = new QDateEdit(QDate::currentDate(), this);
    m_to->setObjectName(u"historyTo"_s);
    for (QDateEdit *d : {m_from, m_to}) {
        d->setCalendarPopup(true);
        d->setDisplayFormat(u"yyyy-MM-dd"_s);
        d->setEnabled(false);
        connect(m_useDates, &QCheckBox::toggled, d, &QWidget::setEnabled);
    }
    m_blocked = new QCheckBox(tr("Blocked only"), this);
    m_blocked->setObjectName(u"historyBlocked"_s);
    m_search = new QLineEdit(this);
    m_search->setObjectName(u"historySearch"_s);
    m_search->setPlaceholderText(tr("Words in the question or the reply"));
    connect(m_search, &QLineEdit::returnPressed, this, &HistoryPage::search);
    m_searchButton = admintouch::touchButton(tr("Search"), this, u"historySearchButton"_s);
    connect(m_searchButton, &QPushButton::clicked, this, &HistoryPage::search);
    filters->addWidget(m_animal, 0, 0);
    filters->addWidget(m_source, 0, 1);
    filters->addWidget(m_blocked, 0, 2);
    filters->addWidget(m_useDates, 1, 0);
    filters->addWidget(m_from, 1, 1);
    filters->addWidget(m_to, 1, 2);
    filters->addWidget(m_search, 2, 0, 1, 2);
    filters->addWidget(m_searchButton, 2, 2);
    layout->addLayout(filters);

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
    const QString current = m_animal->currentData().toString();
    {
        const QSignalBlocker blocker(m_animal);
        m_animal->clear();
        m_animal->addItem(tr("All animals"), QString());
        if (const auto animals = m_core.animals().list(false))
            for (const persona::Animal &a : animals.value())
                m_animal->addItem(a.displayName(u"en"_s), a.id);
        m_animal->setCurrentIndex(std::max(0, m_animal->findData(current)));
    }
    search();
}

storage::HistoryFilter HistoryPage::filter() const
{
    storage::HistoryFilter f;
    f.animalId = m_animal->currentData().toString();
    if (m_useDates->isChecked()) {
        f.from = m_from->date();
        f.to = m_to->date();
    }
    const QString source = m_source->currentData().toString();
    if (!source.isEmpty())
        f.source = storage::parseReplySource(source);
    f.blockedOnly = m_blocked->isChecked();
    f.search = m_search->text().trimmed();
    return f;
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

} // namespace zk::ui
