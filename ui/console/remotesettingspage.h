#pragma once

#include "admin/adminpage.h"

#include <QMap>

class QLabel;
class QLineEdit;

namespace zk::fleet {
class KioskLink;
}

namespace zk::ui {

// A remote kiosk's staff settings (config.get / config.set): the same
// fields and names as the admin panel's Settings page. Each changed field
// is sent on its own; the kiosk validates it, and a refusal is shown beside
// the field with the kiosk's reason (worded by this console when it knows
// the same rule, else as the kiosk said it). Settings take effect at the
// kiosk's next start.
class RemoteSettingsPage : public AdminPage
{
    Q_OBJECT

public:
    explicit RemoteSettingsPage(fleet::KioskLink &link, QWidget *parent = nullptr);

    void refresh() override;
    // Sends every changed field; the verdicts arrive beside the fields.
    void saveAll();

    QLineEdit *field(const QString &key) const { return m_fields.value(key); }
    QLabel *fieldError(const QString &key) const { return m_errors.value(key); }
    QString message() const;
    bool isBusy() const { return m_waiting > 0; }

Q_SIGNALS:
    // After saveAll's last answer.
    void saved(int stored, int refused);

private:
    void setMessage(const QString &text, const QString &role);
    void saveOne(const QString &key, const QString &value);
    void finishOne(bool stored);

    fleet::KioskLink &m_link;
    QMap<QString, QString> m_loaded;
    QMap<QString, QLineEdit *> m_fields;
    QMap<QString, QLabel *> m_errors;
    QLabel *m_message = nullptr;
    int m_waiting = 0;
    int m_stored = 0;
    int m_refused = 0;
};

} // namespace zk::ui
