#include "console/remotesettingspage.h"

#include "admin/admintouch.h"
#include "admin/settingspage.h"
#include "console/consolewords.h"
#include "core/config.h"
#include "fleet/jsonrpc.h"
#include "fleet/kiosklink.h"
#include "fleet/remotereply.h"

#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace zk::ui {

RemoteSettingsPage::RemoteSettingsPage(fleet::KioskLink &link, QWidget *parent) : AdminPage(parent), m_link(link)
{
    setObjectName(u"remoteSettingsPage"_s);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    QGridLayout *grid = admintouch::scrollingForm(outer);
    QWidget *content = grid->parentWidget();
    int row = 0;
    auto *heading = new QLabel(tr("Settings (used from the kiosk's next start)"), content);
    heading->setProperty("zkRole", u"heading"_s);
    grid->addWidget(heading, row++, 0, 1, 3);
    // The admin panel's fields and their names.
    SettingsPage::addSettingRows(grid, row, m_fields, m_errors);

    auto *bottom = new QHBoxLayout;
    m_message = new QLabel(this);
    m_message->setObjectName(u"remoteSettingsMessage"_s);
    m_message->setWordWrap(true);
    bottom->addWidget(m_message, 1);
    auto *reload = admintouch::touchButton(tr("Reload"), this, u"remoteSettingsReload"_s);
    reload->setProperty("zkRole", u"secondary"_s);
    connect(reload, &QPushButton::clicked, this, &RemoteSettingsPage::refresh);
    bottom->addWidget(reload);
    auto *save = admintouch::touchButton(tr("Save settings"), this, u"remoteSettingsSave"_s);
    connect(save, &QPushButton::clicked, this, &RemoteSettingsPage::saveAll);
    bottom->addWidget(save);
    outer->addLayout(bottom);
}

void RemoteSettingsPage::refresh()
{
    fleet::RemoteReply *reply = m_link.call(u"config.get"_s);
    connect(reply, &fleet::RemoteReply::finished, this, [this, reply] {
        if (!reply->isOk()) {
            setMessage(ConsoleWords::callError(*reply), u"error"_s);
            return;
        }
        const QJsonObject settings = reply->result().toObject();
        m_loaded.clear();
        for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it) {
            const QJsonObject s = settings.value(it.key()).toObject();
            // What staff stored for the next start, as the admin panel shows it; else the running value.
            const QString value = s.value(s.contains(u"stored"_s) ? u"stored"_s : u"value"_s).toString();
            it.value()->setPlaceholderText(s.isEmpty() ? tr("The kiosk's default") : QString());
            m_loaded.insert(it.key(), value);
            it.value()->setText(value);
            it.value()->setEnabled(s.value(u"source"_s).toString() != u"command line or environment");
            it.value()->setToolTip(it.value()->isEnabled()
                                       ? QString()
                                       : tr("Set on the kiosk's command line or environment; it cannot be changed here."));
            m_errors.value(it.key())->clear();
        }
        setMessage(QString(), QString());
    });
}

void RemoteSettingsPage::saveAll()
{
    if (m_waiting > 0)
        return;
    m_stored = 0;
    m_refused = 0;
    QList<std::pair<QString, QString>> changed;
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it) {
        const QString value = it.value()->text().trimmed();
        if (it.value()->isEnabled() && value != m_loaded.value(it.key()))
            changed.append({it.key(), value});
    }
    if (changed.isEmpty()) {
        setMessage(tr("Nothing changed."), u"ok"_s);
        Q_EMIT saved(0, 0);
        return;
    }
    m_waiting = int(changed.size());
    setMessage(tr("Saving…"), QString());
    for (const auto &[key, value] : std::as_const(changed))
        saveOne(key, value);
}

void RemoteSettingsPage::saveOne(const QString &key, const QString &value)
{
    fleet::RemoteReply *reply = m_link.call(u"config.set"_s, {{u"key"_s, key}, {u"value"_s, value}});
    connect(reply, &fleet::RemoteReply::finished, this, [this, reply, key, value] {
        QLabel *error = m_errors.value(key);
        if (reply->isOk()) {
            m_loaded.insert(key, value);
            admintouch::showStatus(error, tr("Saved"), u"ok"_s);
            finishOne(true);
            return;
        }
        if (reply->errorCode() == fleet::rpc::InvalidParams) {
            // The kiosk's reason ("Invalid params: <key>: <why>"); the same rule here gives it in
            // the console's language.
            const QString local = ConfigLoader::validate(key, value);
            QString theirs = reply->errorMessage();
            if (const qsizetype at = theirs.indexOf(key + u": "_s); at >= 0)
                theirs = theirs.mid(at + key.size() + 2);
            admintouch::showStatus(error, tr("Refused by the kiosk: %1").arg(local.isEmpty() ? theirs : local),
                                   u"error"_s);
        } else {
            admintouch::showStatus(error, ConsoleWords::callError(*reply), u"error"_s);
        }
        finishOne(false);
    });
}

void RemoteSettingsPage::finishOne(bool stored)
{
    ++(stored ? m_stored : m_refused);
    if (--m_waiting > 0)
        return;
    setMessage(m_refused ? tr("%1 saved, %2 refused: see the messages beside the fields.").arg(m_stored).arg(m_refused)
                         : tr("%1 saved. They take effect when the kiosk next starts.").arg(m_stored),
               m_refused ? u"error"_s : u"ok"_s);
    Q_EMIT saved(m_stored, m_refused);
}

void RemoteSettingsPage::setMessage(const QString &text, const QString &role)
{
    admintouch::showStatus(m_message, text, role);
}

QString RemoteSettingsPage::message() const { return m_message->text(); }

} // namespace zk::ui
