#pragma once

#include <QWidget>

namespace zk::ui {

// One page of the admin panel: it reads what it shows from the core when it
// is opened (refresh) and calls the core for every staff action.
class AdminPage : public QWidget
{
    Q_OBJECT

public:
    using QWidget::QWidget;
    virtual void refresh() = 0;
};

} // namespace zk::ui
