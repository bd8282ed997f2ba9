#include "admin/admintouch.h"

#include <QAbstractItemView>
#include <QAbstractScrollArea>
#include <QBoxLayout>
#include <QGridLayout>
#include <QLabel>
#include <QStyle>
#include <QPushButton>
#include <QScrollArea>
#include <QScroller>
#include <QScrollerProperties>

using namespace Qt::StringLiterals;

namespace zk::ui::admintouch {

void makeKinetic(QAbstractScrollArea *area)
{
    if (auto *view = qobject_cast<QAbstractItemView *>(area)) {
        view->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
        view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    }
    QScroller::grabGesture(area->viewport(), QScroller::LeftMouseButtonGesture);
    QScrollerProperties properties = QScroller::scroller(area->viewport())->scrollerProperties();
    properties.setScrollMetric(QScrollerProperties::OvershootDragResistanceFactor, 0.3);
    properties.setScrollMetric(QScrollerProperties::HorizontalOvershootPolicy,
                               QVariant::fromValue(QScrollerProperties::OvershootAlwaysOff));
    QScroller::scroller(area->viewport())->setScrollerProperties(properties);
}

QPushButton *touchButton(const QString &text, QWidget *parent, const QString &objectName)
{
    auto *button = new QPushButton(text, parent);
    button->setMinimumSize(kTouchPx, kTouchPx);
    button->setFocusPolicy(Qt::NoFocus);
    if (!objectName.isEmpty())
        button->setObjectName(objectName);
    return button;
}

void showStatus(QLabel *label, const QString &text, const QString &role)
{
    label->setText(text);
    label->setProperty("zkRole", role);
    label->style()->unpolish(label);
    label->style()->polish(label);
}

QPushButton *toggleButton(const QString &text, QWidget *parent, const QString &objectName)
{
    QPushButton *button = touchButton(text, parent, objectName);
    button->setCheckable(true);
    button->setProperty("zkRole", u"secondary"_s);
    return button;
}

QGridLayout *scrollingForm(QBoxLayout *outer)
{
    auto *scroll = new QScrollArea(outer->parentWidget());
    scroll->setWidgetResizable(true);
    makeKinetic(scroll);
    auto *content = new QWidget(scroll);
    auto *grid = new QGridLayout(content);
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(2, 1);
    scroll->setWidget(content);
    outer->addWidget(scroll, 1);
    return grid;
}

QString styleSheet()
{
    const QString touch = QString::number(kTouchPx);
    QString s;
    s += u"QWidget#staffConsole { background: #f4f1ea; }"_s;
    s += u"QWidget#staffConsole QWidget { color: #1f2a24; font-size: 20px; }"_s;
    s += u"QWidget#staffConsole QPushButton { min-height: %1px; min-width: %1px; font-size: 20px; font-weight: bold;"
         " border-radius: 14px; padding: 4px 18px; background: #2f6b4f; color: white; border: 2px solid #2f6b4f; }"_s
             .arg(touch);
    s += u"QWidget#staffConsole QPushButton:pressed { background: #1d4733; }"_s;
    s += u"QWidget#staffConsole QPushButton:disabled { background: #9aa7a0; border-color: #9aa7a0; color: #eeeeee; }"_s;
    s += u"QWidget#staffConsole QPushButton:checked { background: #c5712f; border-color: #c5712f; }"_s;
    s += u"QWidget#staffConsole QPushButton[zkRole=\"secondary\"] { background: white; color: #2f6b4f; }"_s;
    s += u"QWidget#staffConsole QPushButton[zkRole=\"secondary\"]:checked { background: #c5712f; color: white;"
         " border-color: #c5712f; }"_s;
    s += u"QWidget#staffConsole QPushButton[zkRole=\"danger\"] { background: #a33a2a; border-color: #a33a2a; }"_s;
    s += u"QWidget#staffConsole QPushButton[zkRole=\"pinKey\"] { font-size: 34px; border-radius: 20px; }"_s;
    s += u"QWidget#staffConsole QLineEdit, QWidget#staffConsole QComboBox, QWidget#staffConsole QDateEdit"
         " { min-height: %1px; font-size: 20px; border-radius: 10px; padding: 0 12px; border: 2px solid #2f6b4f;"
         " background: white; }"_s.arg(touch);
    s += u"QWidget#staffConsole QComboBox QAbstractItemView { min-height: %1px; }"_s.arg(touch);
    s += u"QWidget#staffConsole QComboBox QAbstractItemView::item { min-height: %1px; }"_s.arg(touch);
    s += u"QWidget#staffConsole QPlainTextEdit, QWidget#staffConsole QTableWidget"
         " { background: white; border: 2px solid #9aa7a0; border-radius: 10px; }"_s;
    s += u"QWidget#staffConsole QTableWidget::item { min-height: %1px; padding: 6px; }"_s.arg(touch);
    s += u"QWidget#staffConsole QCheckBox { min-height: %1px; spacing: 14px; }"_s.arg(touch);
    s += u"QWidget#staffConsole QCheckBox::indicator { width: 40px; height: 40px; }"_s;
    s += u"QWidget#staffConsole QProgressBar { min-height: 36px; border: 2px solid #9aa7a0; border-radius: 8px;"
         " text-align: center; background: white; }"_s;
    s += u"QWidget#staffConsole QProgressBar::chunk { background: #2f6b4f; }"_s;
    s += u"QWidget#staffConsole QProgressBar[zkWarning=\"true\"]::chunk { background: #c5712f; }"_s;
    s += u"QWidget#staffConsole QLabel { background: transparent; }"_s;
    s += u"QWidget#staffConsole QLabel[zkRole=\"title\"] { font-size: 30px; font-weight: bold; }"_s;
    s += u"QWidget#staffConsole QLabel[zkRole=\"heading\"] { font-size: 22px; font-weight: bold; }"_s;
    s += u"QWidget#staffConsole QLabel[zkRole=\"error\"] { color: #a33a2a; font-weight: bold; }"_s;
    s += u"QWidget#staffConsole QLabel[zkRole=\"ok\"] { color: #2f6b4f; font-weight: bold; }"_s;
    s += u"QWidget#staffConsole QLabel[zkRole=\"warning\"] { color: #a0521b; font-weight: bold; }"_s;
    s += u"QWidget#staffConsole QScrollArea, QWidget#staffConsole QScrollArea > QWidget > QWidget"
         " { background: transparent; border: none; }"_s;
    return s;
}

} // namespace zk::ui::admintouch
