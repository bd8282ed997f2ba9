#pragma once

#include <QList>
#include <QStackedWidget>

class QPushButton;

namespace zk::ui {

class AdminPage;

// The pages of a staff panel and the buttons that choose them: showing a
// page checks its button (and only its), reads the page afresh (refresh) and
// brings it to the front. The admin panel and the staff console's kiosk
// panel both switch their pages with it.
class PageStack : public QStackedWidget
{
    Q_OBJECT

public:
    using QStackedWidget::QStackedWidget;

    // The page's index; clicking the button shows the page.
    int addPage(AdminPage *page, QPushButton *button);
    void showPage(int index);
    AdminPage *page(int index) const;
    QPushButton *button(int index) const { return m_buttons.value(index); }
    const QList<QPushButton *> &buttons() const { return m_buttons; }

Q_SIGNALS:
    void pageShown(int index);

private:
    QList<AdminPage *> m_pages;
    QList<QPushButton *> m_buttons;
};

} // namespace zk::ui
