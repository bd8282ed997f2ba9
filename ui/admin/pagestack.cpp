#include "admin/pagestack.h"

#include "admin/adminpage.h"

#include <QPushButton>

namespace zk::ui {

int PageStack::addPage(AdminPage *page, QPushButton *button)
{
    const int index = int(m_pages.size());
    m_pages.append(page);
    m_buttons.append(button);
    addWidget(page);
    connect(button, &QPushButton::clicked, this, [this, index] { showPage(index); });
    return index;
}

void PageStack::showPage(int index)
{
    AdminPage *target = page(index);
    if (!target)
        return;
    for (int i = 0; i < m_buttons.size(); ++i)
        m_buttons.at(i)->setChecked(i == index);
    target->refresh();
    setCurrentWidget(target);
    Q_EMIT pageShown(index);
}

AdminPage *PageStack::page(int index) const
{
    return m_pages.value(index);
}

} // namespace zk::ui
