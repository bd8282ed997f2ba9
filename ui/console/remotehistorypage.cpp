#include "console/remotehistorypage.h"

#include "admin/admintouch.h"
#include "admin/historyfilterbar.h"
#include "console/consolewords.h"
#include "fleet/kiosklink.h"
#include "fleet/remotereply.h"

#include <QHeaderView>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace zk::ui {

RemoteHistoryPage::RemoteHistoryPage(fleet::KioskLink &link, QWidget *parent) : AdminPage(parent), m_link(link)
{
    setObjectName(u"remoteHistoryPage"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_filters = new HistoryFilterBar(this);
    connect(m_filters, &HistoryFilterBar::searchRequested, this, &RemoteHistoryPage::search);
    layout->addWidget(m_filters);
    m_table = new QTableWidget(0, 5, this);
    m_table->setObjectName(u"remoteHistoryTable"_s);
    m_table->setHorizontalHeaderLabels({tr("Time"), tr("Animal"), tr("Source"), tr("Question"), tr("Answer")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    admintouch::makeKinetic(m_table);
    layout->addWidget(m_table, 1);
    m_message = new QLabel(this);
    m_message->setObjectName(u"remoteHistoryMessage"_s);
    m_message->setWordWrap(true);
    layout->addWidget(m_message);
}

void RemoteHistoryPage::refresh()
{
    fleet::RemoteReply *animals = m_link.call(u"animals.list"_s);
    connect(animals, &fleet::RemoteReply::finished, this, [this, animals] {
        if (!animals->isOk())
            return;
        QList<std::pair<QString, QString>> choices;
        for (const QJsonValue &v : animals->result().toArray())
            choices.append({v.toObject().value(u"id"_s).toString(), v.toObject().value(u"name"_s).toString()});
        m_filters->setAnimals(choices);
    });
    search();
}

void RemoteHistoryPage::search()
{
    // The filters as history.query's params.
    const storage::HistoryFilter f = m_filters->filter();
    QJsonObject params{{u"limit"_s, kShownRows}};
    if (!f.animalId.isEmpty())
        params.insert(u"animal"_s, f.animalId);
    if (f.from.isValid())
        params.insert(u"from"_s, f.from.toString(Qt::ISODate));
    if (f.to.isValid())
        params.insert(u"to"_s, f.to.toString(Qt::ISODate));
    if (f.source)
        params.insert(u"source"_s, storage::replySourceName(*f.source));
    if (f.blockedOnly)
        params.insert(u"blocked"_s, true);
    if (!f.search.isEmpty())
        params.insert(u"search"_s, f.search);
    fleet::RemoteReply *reply = m_link.call(u"history.query"_s, params);
    connect(reply, &fleet::RemoteReply::finished, this, [this, reply] {
        if (!reply->isOk()) {
            admintouch::showStatus(m_message, ConsoleWords::callError(*reply), u"error"_s);
            return;
        }
        const QJsonArray rows = reply->result().toArray();
        m_table->setRowCount(int(rows.size()));
        for (int row = 0; row < rows.size(); ++row) {
            const QJsonObject t = rows.at(row).toObject();
            const QString cells[] = {t.value(u"createdAt"_s).toString(), t.value(u"animal"_s).toString(),
                                     t.value(u"source"_s).toString(), t.value(u"visitorText"_s).toString(),
                                     t.value(u"reply"_s).toString()};
            for (int c = 0; c < 5; ++c)
                m_table->setItem(row, c, new QTableWidgetItem(cells[c]));
        }
        admintouch::showStatus(m_message,
                               rows.isEmpty() ? tr("No turns match.")
                                              : tr("%1 turns, newest first.").arg(rows.size()),
                               QString());
        Q_EMIT loaded();
    });
}

QString RemoteHistoryPage::message() const { return m_message->text(); }

} // namespace zk::ui
