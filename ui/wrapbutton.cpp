#include "wrapbutton.h"

#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace zk::ui {

WrapButton::WrapButton(const QString &text, QWidget *parent) : QPushButton(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(18, 8, 18, 8);
    m_label = new QLabel(text, this);
    m_label->setProperty("zkRole", u"wrapText"_s);
    m_label->setWordWrap(true);
    m_label->setAlignment(Qt::AlignCenter);
    m_label->setAttribute(Qt::WA_TransparentForMouseEvents); // the button takes the tap
    layout->addWidget(m_label);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Minimum);
    setAccessibleName(text);
}

QString WrapButton::label() const
{
    return m_label->text();
}

void WrapButton::setLabel(const QString &text)
{
    m_label->setText(text);
    setAccessibleName(text);
}

} // namespace zk::ui
