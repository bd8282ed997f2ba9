#include "console/remotehistorypage.h"

#include "admin/admintouch.h"
#include "console/consolewords.h"
#include "fleet/kiosklink.h"
#include "fleet/remotereply.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace zk::ui {

RemoteHistoryPage::RemoteHistoryPage(fleet::KioskLink &link, QWidget *parent) : AdminPage(parent), m_link(link)
{
    setObjectName(u"remoteHistoryPage"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *filters = new QHBoxLayout;
    m_animal = new QLineEdit(this);
    m_animal->setObjectName(u"remoteHistoryAnimal"_s);
    m_animal->setPlaceholderText(tr("Animal id (empty: all)"));
    m_search = new QLineEdit(this);
    m_search->setObjectName(u"remoteHistorySearch"_s);
    m_search->setPlaceholderText(tr("Search the questions and answers"));
    connect(m_search, &QLineEdit::returnPressed, this, &RemoteHistoryPage::search);
    m_blocked = new QCheckBox(tr("Blocked only"), this);
    m_blocked->setObjectName(u"remoteHistoryBlocked"_s);
    auto *go = admintouch::touchButton(tr("Search"), this, u"remoteHistoryGo"_s);
    connect(go, &QPushButton::clicked, this, &RemoteHistoryPage::search);
    filters->addWidget(m_animal, 1);
    filters->addWidget(m_search, 2);
    filters->addWidget(m_blocked);
    filters->addWidget(go);
    layout->addLayout(filters);
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
    search();
}

void RemoteHistoryPage::search()
{
    QJsonObject params{{u"limit"_s, kShownRows}};
    if (const QString animal = m_animal->text().trimmed(); !animal.isEmpty())
        params.insert(u"animal"_s, animal);
    if (const QString text = m_search->text().trimmed(); !text.isEmpty())
        params.insert(u"search"_s, text);
    if (m_blocked->isChecked())
        params.insert(u"blocked"_s, true);
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
