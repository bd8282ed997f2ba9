#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace zk::fleet {
class KioskLink;
}

namespace zk::ui {

class PageStack;
class RemoteAnimalsPage;
class RemoteGuardrailsPage;
class RemoteHistoryPage;
class RemoteSettingsPage;
class RemoteStatusPage;
class RemoteUsagePage;

// One kiosk seen from the staff console: a row of page buttons (Status,
// Animals, Guardrails, History, Usage and cost, Settings) over the page,
// each page working through the kiosk's remote channel.
class RemoteKioskPanel : public QWidget
{
    Q_OBJECT

public:
    enum Page { Status, Animals, Guardrails, History, Usage, Settings, PageCount };

    explicit RemoteKioskPanel(fleet::KioskLink &link, QWidget *parent = nullptr);

    fleet::KioskLink &link() const { return m_link; }
    void showPage(Page page);
    Page currentPage() const { return m_current; }

    RemoteStatusPage *statusPage() const { return m_status; }
    RemoteAnimalsPage *animalsPage() const { return m_animals; }
    RemoteGuardrailsPage *guardrailsPage() const { return m_guardrails; }
    RemoteHistoryPage *historyPage() const { return m_history; }
    RemoteUsagePage *usagePage() const { return m_usage; }
    RemoteSettingsPage *settingsPage() const { return m_settings; }

private:
    fleet::KioskLink &m_link;
    Page m_current = Status;
    QLabel *m_title = nullptr;
    QList<QPushButton *> m_buttons;
    PageStack *m_stack = nullptr;
    RemoteStatusPage *m_status = nullptr;
    RemoteAnimalsPage *m_animals = nullptr;
    RemoteGuardrailsPage *m_guardrails = nullptr;
    RemoteHistoryPage *m_history = nullptr;
    RemoteUsagePage *m_usage = nullptr;
    RemoteSettingsPage *m_settings = nullptr;
};

} // namespace zk::ui
