#include "accessbar.h"

#include "theme.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace zk::ui {

AccessBar::AccessBar(Theme &theme, QWidget *parent) : QWidget(parent), m_theme(theme)
{
    setObjectName(u"accessBar"_s);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(24, 12, 24, 4);
    layout->setSpacing(12);
    m_logo = new QLabel(this);
    m_logo->setObjectName(u"zooName"_s);
    m_logo->setProperty("zkRole", u"typing"_s);
    layout->addWidget(m_logo, 1);

    m_languageButton = new QPushButton(this);
    m_languageButton->setObjectName(u"languageButton"_s);
    connect(m_languageButton, &QPushButton::clicked, this,
            [this] { Q_EMIT languageRequested(m_language == u"es" ? u"en"_s : u"es"_s); });
    m_smaller = new QPushButton(u"A−"_s, this);
    m_smaller->setObjectName(u"textSmaller"_s);
    connect(m_smaller, &QPushButton::clicked, &m_theme, &Theme::shrinkText);
    m_larger = new QPushButton(u"A+"_s, this);
    m_larger->setObjectName(u"textLarger"_s);
    connect(m_larger, &QPushButton::clicked, &m_theme, &Theme::enlargeText);
    m_contrast = new QPushButton(this);
    m_contrast->setObjectName(u"contrast"_s);
    m_contrast->setCheckable(true);
    connect(m_contrast, &QPushButton::toggled, &m_theme, &Theme::setHighContrast);
    for (QPushButton *b : {m_languageButton, m_smaller, m_larger, m_contrast}) {
        b->setProperty("zkRole", u"access"_s);
        b->setFocusPolicy(Qt::NoFocus);
        layout->addWidget(b);
    }
    connect(&m_theme, &Theme::changed, this, &AccessBar::syncButtons);
    syncButtons();
    retranslate();
}

void AccessBar::setLanguage(const QString &language)
{
    m_language = language;
}

void AccessBar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void AccessBar::retranslate()
{
    m_logo->setText(tr("Zoo Kiosk"));
    // The button offers the other language, named in that language.
    m_languageButton->setText(tr("Español"));
    m_smaller->setAccessibleName(tr("Smaller text"));
    m_larger->setAccessibleName(tr("Larger text"));
    m_contrast->setText(tr("High contrast"));
}

void AccessBar::syncButtons()
{
    m_smaller->setEnabled(m_theme.canShrinkText());
    m_larger->setEnabled(m_theme.canEnlargeText());
    const QSignalBlocker block(m_contrast);
    m_contrast->setChecked(m_theme.highContrast());
}

} // namespace zk::ui
