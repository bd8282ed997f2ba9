#include "admin/promptpreview.h"

#include "admin/admintouch.h"

#include <QEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace zk::ui {

PromptPreview::PromptPreview(QWidget *parent) : QWidget(parent)
{
    setObjectName(u"promptPreview"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_heading = new QLabel(this);
    m_heading->setProperty("zkRole", u"heading"_s);
    m_heading->setWordWrap(true);
    layout->addWidget(m_heading);
    m_text = new QPlainTextEdit(this);
    m_text->setObjectName(u"promptPreviewText"_s);
    m_text->setReadOnly(true);
    m_text->setMinimumHeight(200);
    admintouch::makeKinetic(m_text);
    layout->addWidget(m_text, 1);
    retranslate();
}

void PromptPreview::showPrompt(const persona::Animal &animal, const QList<persona::GuardrailRule> &rules,
                               const QString &language)
{
    const persona::ComposedPrompt prompt = m_composer.compose(animal, rules, language);
    m_version = prompt.version;
    m_text->setPlainText(prompt.text);
    retranslate();
}

QString PromptPreview::text() const
{
    return m_text->toPlainText();
}

void PromptPreview::retranslate()
{
    m_heading->setText(m_version.isEmpty() ? tr("System prompt preview")
                                           : tr("System prompt preview (version %1)").arg(m_version));
}

void PromptPreview::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

} // namespace zk::ui
