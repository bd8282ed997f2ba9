#include "console/remoteguardrailspage.h"

#include "admin/admintouch.h"
#include "console/consolewords.h"
#include "fleet/kiosklink.h"
#include "fleet/remotereply.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace zk::ui {

RemoteGuardrailsPage::RemoteGuardrailsPage(fleet::KioskLink &link, QWidget *parent) : AdminPage(parent), m_link(link)
{
    setObjectName(u"remoteGuardrailsPage"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_table = new QTableWidget(0, 4, this);
    m_table->setObjectName(u"remoteGuardrailsTable"_s);
    m_table->setHorizontalHeaderLabels({tr("Type"), tr("For"), tr("On"), tr("Rule")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    admintouch::makeKinetic(m_table);
    connect(m_table, &QTableWidget::cellClicked, this, [this](int row) {
        selectRule(qint64(m_rules.at(row).toObject().value(u"id"_s).toDouble()));
    });
    layout->addWidget(m_table, 1);

    auto *editor = new QGridLayout;
    m_type = new QComboBox(this);
    m_type->setObjectName(u"remoteGuardrailType"_s);
    // The rule types' names are the kiosk's own (persona/animal.h).
    for (const QString &t : {u"ALWAYS"_s, u"NEVER"_s, u"ENCOURAGE"_s, u"DISCOURAGE"_s})
        m_type->addItem(t, t);
    m_scope = new QComboBox(this);
    m_scope->setObjectName(u"remoteGuardrailScope"_s);
    m_active = new QCheckBox(tr("On"), this);
    m_active->setObjectName(u"remoteGuardrailActive"_s);
    m_text = new QLineEdit(this);
    m_text->setObjectName(u"remoteGuardrailText"_s);
    m_text->setPlaceholderText(tr("What the animal must always, never, rather or rather not do"));
    editor->addWidget(m_type, 0, 0);
    editor->addWidget(m_scope, 0, 1);
    editor->addWidget(m_active, 0, 2);
    editor->addWidget(m_text, 1, 0, 1, 3);
    auto *newRule = admintouch::touchButton(tr("New rule"), this, u"remoteGuardrailNew"_s);
    newRule->setProperty("zkRole", u"secondary"_s);
    connect(newRule, &QPushButton::clicked, this, [this] { selectRule(0); });
    auto *save = admintouch::touchButton(tr("Save rule"), this, u"remoteGuardrailSave"_s);
    connect(save, &QPushButton::clicked, this, &RemoteGuardrailsPage::save);
    editor->addWidget(newRule, 0, 3);
    editor->addWidget(save, 1, 3);
    editor->setColumnStretch(1, 1);
    layout->addLayout(editor);
    m_message = new QLabel(this);
    m_message->setObjectName(u"remoteGuardrailsMessage"_s);
    m_message->setWordWrap(true);
    layout->addWidget(m_message);
}

void RemoteGuardrailsPage::refresh()
{
    setMessage(QString(), QString());
    load();
}

void RemoteGuardrailsPage::load()
{
    // The scopes: every animal, or one of the kiosk's animals.
    fleet::RemoteReply *animals = m_link.call(u"animals.list"_s);
    connect(animals, &fleet::RemoteReply::finished, this, [this, animals] {
        if (!animals->isOk())
            return;
        const QString current = m_scope->currentData().toString();
        m_scope->clear();
        m_scope->addItem(tr("All animals"), QString());
        for (const QJsonValue &v : animals->result().toArray())
            m_scope->addItem(v.toObject().value(u"name"_s).toString(), v.toObject().value(u"id"_s).toString());
        m_scope->setCurrentIndex(std::max(0, m_scope->findData(current)));
    });
    fleet::RemoteReply *rules = m_link.call(u"guardrails.list"_s);
    connect(rules, &fleet::RemoteReply::finished, this, [this, rules] {
        if (!rules->isOk()) {
            setMessage(ConsoleWords::callError(*rules), u"error"_s);
            return;
        }
        m_rules = rules->result().toArray();
        fillTable();
        Q_EMIT loaded();
    });
}

void RemoteGuardrailsPage::fillTable()
{
    m_table->setRowCount(int(m_rules.size()));
    for (int row = 0; row < m_rules.size(); ++row) {
        const QJsonObject r = m_rules.at(row).toObject();
        const QString animal = r.value(u"animal"_s).toString();
        const QString cells[] = {r.value(u"type"_s).toString(), animal.isEmpty() ? tr("All animals") : animal,
                                 r.value(u"active"_s).toBool() ? tr("On") : tr("Off"), r.value(u"text"_s).toString()};
        for (int c = 0; c < 4; ++c)
            m_table->setItem(row, c, new QTableWidgetItem(cells[c]));
    }
}

void RemoteGuardrailsPage::selectRule(qint64 id)
{
    m_selected = id;
    setMessage(QString(), QString());
    if (id == 0) {
        m_table->clearSelection();
        m_text->clear();
        m_active->setChecked(true);
        m_scope->setCurrentIndex(0);
        return;
    }
    for (int row = 0; row < m_rules.size(); ++row) {
        const QJsonObject r = m_rules.at(row).toObject();
        if (qint64(r.value(u"id"_s).toDouble()) != id)
            continue;
        m_table->selectRow(row);
        m_type->setCurrentIndex(std::max(0, m_type->findData(r.value(u"type"_s).toString())));
        m_scope->setCurrentIndex(std::max(0, m_scope->findData(r.value(u"animal"_s).toString())));
        m_active->setChecked(r.value(u"active"_s).toBool());
        m_text->setText(r.value(u"text"_s).toString());
    }
}

void RemoteGuardrailsPage::save()
{
    QJsonObject params{{u"type"_s, m_type->currentData().toString()},
                       {u"text"_s, m_text->text()},
                       {u"active"_s, m_active->isChecked()}};
    const QString animal = m_scope->currentData().toString();
    params.insert(u"animal"_s, animal.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(animal));
    if (m_selected > 0)
        params.insert(u"id"_s, double(m_selected));
    fleet::RemoteReply *reply = m_link.call(u"guardrails.upsert"_s, params);
    connect(reply, &fleet::RemoteReply::finished, this, [this, reply] {
        if (!reply->isOk()) {
            setMessage(ConsoleWords::callError(*reply), u"error"_s);
            Q_EMIT savedRule(false);
            return;
        }
        m_selected = qint64(reply->result().toObject().value(u"id"_s).toDouble());
        setMessage(tr("Saved on the kiosk."), u"ok"_s);
        Q_EMIT savedRule(true);
        load(); // keeps the message
    });
}

void RemoteGuardrailsPage::setMessage(const QString &text, const QString &role)
{
    admintouch::showStatus(m_message, text, role);
}

QString RemoteGuardrailsPage::message() const { return m_message->text(); }

} // namespace zk::ui
