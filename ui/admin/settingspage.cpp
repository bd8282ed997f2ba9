#include "admin/settingspage.h"

#include "admin/admintouch.h"
#include "admin/apikeystore.h"
#include "core/config.h"
#include "core/kioskcore.h"
#include "safety/moderationpolicy.h"

#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace zk::ui {

namespace {

const QString kBlockPrefix = u"moderation/block/"_s;

void setRole(QLabel *label, const QString &role)
{
    admintouch::showStatus(label, label->text(), role);
}

} // namespace

QString SettingsPage::settingName(const QString &key)
{
    if (key.startsWith(kBlockPrefix))
        return tr("Block at moderation score: %1").arg(key.mid(kBlockPrefix.size()));
    static const QMap<QString, const char *> names = {
        {u"models/chain"_s, QT_TR_NOOP("Models, first choice first (comma-separated)")},
        {u"timeouts/connect_ms"_s, QT_TR_NOOP("Connect timeout (ms)")},
        {u"timeouts/first_byte_ms"_s, QT_TR_NOOP("First-answer timeout (ms)")},
        {u"timeouts/between_chunks_ms"_s, QT_TR_NOOP("Stall timeout while streaming (ms)")},
        {u"timeouts/turn_deadline_ms"_s, QT_TR_NOOP("Whole-answer deadline (ms)")},
        {u"budget/daily_usd"_s, QT_TR_NOOP("Daily budget (US$)")},
        {u"budget/monthly_usd"_s, QT_TR_NOOP("Monthly budget (US$)")},
        {u"budget/alert_ratio"_s, QT_TR_NOOP("Budget warning at (share, 0.8 = 80%)")},
        {u"kiosk/idle_ms"_s, QT_TR_NOOP("\"Are you still there?\" after (ms)")},
        {u"kiosk/idle_countdown_ms"_s, QT_TR_NOOP("Then the visit ends after (ms)")},
        {u"kiosk/language"_s, QT_TR_NOOP("Starting language (en or es)")},
        {u"kiosk/opening_hours"_s, QT_TR_NOOP("Opening hours, dark outside them (e.g. mon-fri 09:00-17:30; empty: always on)")},
        {u"moderation/remote"_s, QT_TR_NOOP("Remote moderation (true or false)")},
        {u"moderation/model"_s, QT_TR_NOOP("Moderation model")},
        {u"moderation/timeout_ms"_s, QT_TR_NOOP("Moderation timeout (ms)")},
        {u"history/retention_days"_s, QT_TR_NOOP("Keep conversations for (days)")},
    };
    const char *name = names.value(key);
    return name ? tr(name) : key;
}

QStringList SettingsPage::editedKeys()
{
    QStringList keys = {u"models/chain"_s,
                        u"timeouts/connect_ms"_s,
                        u"timeouts/first_byte_ms"_s,
                        u"timeouts/between_chunks_ms"_s,
                        u"timeouts/turn_deadline_ms"_s,
                        u"budget/daily_usd"_s,
                        u"budget/monthly_usd"_s,
                        u"budget/alert_ratio"_s,
                        u"kiosk/idle_ms"_s,
                        u"kiosk/idle_countdown_ms"_s,
                        u"kiosk/language"_s,
                        u"kiosk/opening_hours"_s,
                        u"moderation/remote"_s,
                        u"moderation/model"_s,
                        u"moderation/timeout_ms"_s,
                        u"history/retention_days"_s};
    for (const QString &category : safety::ModerationPolicy::apiCategories())
        keys << kBlockPrefix + category;
    return keys;
}

SettingsPage::SettingsPage(KioskCore &core, QWidget *parent) : AdminPage(parent), m_core(core)
{
    setObjectName(u"settingsPage"_s);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    QGridLayout *grid = admintouch::scrollingForm(outer);
    QWidget *content = grid->parentWidget();
    int row = 0;

    auto *emergencyHeading = new QLabel(tr("Emergency mode"), content);
    emergencyHeading->setProperty("zkRole", u"heading"_s);
    grid->addWidget(emergencyHeading, row, 0);
    m_emergency = new QLabel(content);
    m_emergency->setObjectName(u"settingsEmergency"_s);
    m_emergency->setWordWrap(true);
    grid->addWidget(m_emergency, row++, 1, 1, 2);
    m_emergencyButton = admintouch::touchButton(QString(), content, u"settingsEmergencyButton"_s);
    m_emergencyButton->setProperty("zkRole", u"danger"_s);
    connect(m_emergencyButton, &QPushButton::clicked, this, [this] { setEmergency(!m_core.emergencyMode()); });
    grid->addWidget(m_emergencyButton, row++, 1, 1, 2, Qt::AlignLeft);

    auto *keyHeading = new QLabel(tr("OpenAI API key"), content);
    keyHeading->setProperty("zkRole", u"heading"_s);
    grid->addWidget(keyHeading, row, 0);
    m_apiKey = new QLineEdit(content);
    m_apiKey->setObjectName(u"settingsApiKey"_s);
    m_apiKey->setEchoMode(QLineEdit::Password);
    m_apiKey->setPlaceholderText(tr("Paste or type a new key"));
    grid->addWidget(m_apiKey, row, 1);
    auto *keyButton = admintouch::touchButton(tr("Store key"), content, u"settingsApiKeyButton"_s);
    connect(keyButton, &QPushButton::clicked, this, &SettingsPage::saveApiKey);
    grid->addWidget(keyButton, row++, 2, Qt::AlignLeft);
    m_apiKeyShown = new QLabel(content);
    m_apiKeyShown->setObjectName(u"settingsApiKeyShown"_s);
    m_apiKeyShown->setWordWrap(true);
    grid->addWidget(m_apiKeyShown, row++, 1, 1, 2);

    auto *settingsHeading = new QLabel(tr("Settings (used from the kiosk's next start)"), content);
    settingsHeading->setProperty("zkRole", u"heading"_s);
    grid->addWidget(settingsHeading, row++, 0, 1, 3);
    addSettingRows(grid, row, m_fields, m_errors);

    auto *bottom = new QHBoxLayout;
    m_message = new QLabel(this);
    m_message->setObjectName(u"settingsMessage"_s);
    m_message->setWordWrap(true);
    bottom->addWidget(m_message, 1);
    auto *save = admintouch::touchButton(tr("Save settings"), this, u"settingsSave"_s);
    connect(save, &QPushButton::clicked, this, &SettingsPage::saveAll);
    bottom->addWidget(save);
    outer->addLayout(bottom);
}

void SettingsPage::addSettingRows(QGridLayout *grid, int &row, QMap<QString, QLineEdit *> &fields,
                                  QMap<QString, QLabel *> &errors)
{
    QWidget *content = grid->parentWidget();
    for (const QString &key : editedKeys()) {
        auto *label = new QLabel(settingName(key), content);
        label->setToolTip(key);
        label->setWordWrap(true);
        auto *edit = new QLineEdit(content);
        edit->setObjectName(u"setting_"_s + key);
        auto *error = new QLabel(content);
        error->setObjectName(u"settingError_"_s + key);
        error->setWordWrap(true);
        // A fresh edit clears the old verdict.
        QObject::connect(edit, &QLineEdit::textEdited, error, [error] { error->clear(); });
        grid->addWidget(label, row, 0);
        grid->addWidget(edit, row, 1);
        grid->addWidget(error, row++, 2);
        fields.insert(key, edit);
        errors.insert(key, error);
    }
}

QString SettingsPage::shownValue(const QString &key, const QMap<QString, QString> &staff) const
{
    if (staff.contains(key))
        return staff.value(key);
    const QString current = ConfigLoader::currentValue(m_core.config(), key);
    if (!current.isEmpty() || !key.startsWith(kBlockPrefix))
        return current;
    return QString::number(safety::ModerationPolicy::defaults().block.value(key.mid(kBlockPrefix.size())));
}

void SettingsPage::refresh()
{
    const auto staff = m_core.staffSettings();
    const QMap<QString, QString> stored = staff ? staff.value() : QMap<QString, QString>();
    m_loaded.clear();
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it) {
        const QString value = shownValue(it.key(), stored);
        m_loaded.insert(it.key(), value);
        it.value()->setText(value);
        m_errors.value(it.key())->clear();
    }
    updateEmergency();
    const QString masked = admin::ApiKeyStore::masked(m_core.config().apiKey);
    m_apiKeyShown->setText(masked.isEmpty() ? tr("No key in use.")
                                            : tr("Key in use: %1 (%2)").arg(masked, m_core.apiKeySource()));
}

bool SettingsPage::saveAll()
{
    int saved = 0;
    int refused = 0;
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it) {
        const QString key = it.key();
        const QString value = it.value()->text().trimmed();
        QLabel *error = m_errors.value(key);
        if (value == m_loaded.value(key))
            continue;
        // The core validates again when storing; asking first gives the reason here.
        if (const QString problem = ConfigLoader::validate(key, value); !problem.isEmpty()) {
            error->setText(tr("Refused: %1").arg(problem));
            setRole(error, u"error"_s);
            ++refused;
            continue;
        }
        if (const Status s = m_core.setStaffSetting(key, value, u"admin panel"_s); !s) {
            error->setText(tr("Not stored: %1").arg(s.error().message));
            setRole(error, u"error"_s);
            ++refused;
            continue;
        }
        m_loaded.insert(key, value);
        error->setText(tr("Saved"));
        setRole(error, u"ok"_s);
        ++saved;
    }
    m_message->setText(refused ? tr("%1 saved, %2 refused: see the messages beside the fields.").arg(saved).arg(refused)
                       : saved ? tr("%1 saved. They take effect when the kiosk next starts.").arg(saved)
                               : tr("Nothing changed."));
    setRole(m_message, refused ? u"error"_s : u"ok"_s);
    return refused == 0;
}

bool SettingsPage::setEmergency(bool on)
{
    const Status s = m_core.setEmergencyMode(on, u"admin panel"_s);
    if (!s) {
        m_emergency->setText(tr("Emergency mode could not be changed."));
        return false;
    }
    updateEmergency();
    return true;
}

void SettingsPage::updateEmergency()
{
    const bool on = m_core.emergencyMode();
    m_emergency->setText(on ? tr("On: every answer comes from the animal's own facts or its emergency message.")
                            : tr("Off: the animals answer normally."));
    m_emergencyButton->setText(on ? tr("Switch emergency mode off") : tr("Switch emergency mode on"));
}

bool SettingsPage::saveApiKey()
{
    const QString key = m_apiKey->text().trimmed();
    m_apiKey->clear(); // the key never stays on screen
    if (key.isEmpty()) {
        m_apiKeyShown->setText(tr("Type a key first."));
        setRole(m_apiKeyShown, u"error"_s);
        return false;
    }
    if (const Status s = m_core.apiKeys().set(key); !s) {
        m_apiKeyShown->setText(tr("The key was refused (spaces or control characters?)."));
        setRole(m_apiKeyShown, u"error"_s);
        return false;
    }
    const QString masked = admin::ApiKeyStore::masked(key);
    m_core.recordStaffEvent(u"security"_s, u"api_key_set"_s,
                            u"The OpenAI API key was replaced (%1) in the admin panel."_s.arg(masked));
    m_apiKeyShown->setText(m_core.apiKeySource() == u"environment"
                               ? tr("Stored %1, encrypted. OPENAI_API_KEY in the environment is used while it is set.").arg(masked)
                               : tr("Stored %1, encrypted; used from the kiosk's next start.").arg(masked));
    setRole(m_apiKeyShown, u"ok"_s);
    return true;
}

QString SettingsPage::apiKeyText() const { return m_apiKeyShown->text(); }
QString SettingsPage::emergencyText() const { return m_emergency->text(); }
QString SettingsPage::message() const { return m_message->text(); }

} // namespace zk::ui
