#pragma once

#include "admin/adminpage.h"

#include <QMap>

class QGridLayout;
class QLabel;
class QLineEdit;
class QPushButton;

namespace zk {
class KioskCore;
}

namespace zk::ui {

// Settings: the staff settings (model chain, timeouts, budgets, idle
// timeout, language, moderation and its thresholds, retention), each
// checked by ConfigLoader::validate; a refused value is named, with the
// reason, next to its field and nothing of it is stored. Emergency mode
// switches at once; the API key is stored encrypted and shown afterwards
// only as its last four characters. The other settings take effect at the
// kiosk's next start.
class SettingsPage : public AdminPage
{
    Q_OBJECT

public:
    explicit SettingsPage(KioskCore &core, QWidget *parent = nullptr);

    void refresh() override;
    // Validates and stores every changed field; false when one was refused.
    bool saveAll();
    bool setEmergency(bool on);
    bool saveApiKey();

    static QStringList editedKeys();
    // The rows of editedKeys() from `row` on: the name (the key as its
    // tooltip), the field (setting_<key>) and the verdict beside it
    // (settingError_<key>, cleared by a fresh edit). The staff console's
    // remote Settings page uses the same rows.
    static void addSettingRows(QGridLayout *grid, int &row, QMap<QString, QLineEdit *> &fields,
                               QMap<QString, QLabel *> &errors);
    // What staff read beside the field (the key is its tooltip).
    static QString settingName(const QString &key);
    QLineEdit *field(const QString &key) const { return m_fields.value(key); }
    QLabel *fieldError(const QString &key) const { return m_errors.value(key); }
    QLineEdit *apiKeyField() const { return m_apiKey; }
    QString apiKeyText() const;
    QString emergencyText() const;
    QString message() const;

private:
    QString shownValue(const QString &key, const QMap<QString, QString> &staff) const;
    void updateEmergency();

    KioskCore &m_core;
    QMap<QString, QString> m_loaded;
    QMap<QString, QLineEdit *> m_fields;
    QMap<QString, QLabel *> m_errors;
    QLabel *m_emergency = nullptr;
    QPushButton *m_emergencyButton = nullptr;
    QLineEdit *m_apiKey = nullptr;
    QLabel *m_apiKeyShown = nullptr;
    QLabel *m_message = nullptr;
};

} // namespace zk::ui
