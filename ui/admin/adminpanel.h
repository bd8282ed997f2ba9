#pragma once

#include <QWidget>

class QGridLayout;
class QLabel;
class QPushButton;

namespace zk {
class KioskCore;
}

namespace zk::ui {

class OnScreenKeyboard;
class PageStack;
class AnimalsPage;
class FleetPage;
class GuardrailsPage;
class HealthPage;
class HistoryPage;
class SettingsPage;
class UsagePage;

// The staff admin panel once the PIN is accepted: a row of page buttons
// (Animals, Guardrails, History, Usage and cost, Health, Settings, Fleet), the
// current page, and "Lock" back to the kiosk.
class AdminPanel : public QWidget
{
    Q_OBJECT

public:
    enum Page { Animals, Guardrails, History, Usage, Health, Settings, Fleet, PageCount };

    explicit AdminPanel(KioskCore &core, QWidget *parent = nullptr);

    void showPage(Page page);
    Page currentPage() const { return m_current; }

    AnimalsPage *animalsPage() const { return m_animals; }
    GuardrailsPage *guardrailsPage() const { return m_guardrails; }
    HistoryPage *historyPage() const { return m_history; }
    UsagePage *usagePage() const { return m_usage; }
    HealthPage *healthPage() const { return m_health; }
    SettingsPage *settingsPage() const { return m_settings; }
    FleetPage *fleetPage() const { return m_fleet; }
    OnScreenKeyboard *keyboard() const { return m_keyboard; }
    // The touch keyboard under the page; it also opens by itself when a text
    // field of the panel takes focus, typing into that field.
    void setKeyboardVisible(bool visible);

Q_SIGNALS:
    void lockRequested();

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void retranslate();
    void placeButtons();
    void onFocusChanged(QWidget *now);
    void onKeyboardSend();

    Page m_current = Animals;
    int m_columns = 0;
    QLabel *m_title = nullptr;
    QWidget *m_nav = nullptr;
    QGridLayout *m_navLayout = nullptr;
    QList<QPushButton *> m_buttons;
    QPushButton *m_lock = nullptr;
    QPushButton *m_keyboardButton = nullptr;
    OnScreenKeyboard *m_keyboard = nullptr;
    PageStack *m_stack = nullptr;
    AnimalsPage *m_animals = nullptr;
    GuardrailsPage *m_guardrails = nullptr;
    HistoryPage *m_history = nullptr;
    UsagePage *m_usage = nullptr;
    HealthPage *m_health = nullptr;
    SettingsPage *m_settings = nullptr;
    FleetPage *m_fleet = nullptr;
};

} // namespace zk::ui
