#pragma once

#include "persona/animal.h"
#include "persona/promptcomposer.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;

namespace zk::ui {

// The composed system prompt of an animal as staff are editing it (the
// core's PromptComposer over the unsaved text and rules), and its version.
class PromptPreview : public QWidget
{
    Q_OBJECT

public:
    explicit PromptPreview(QWidget *parent = nullptr);

    void showPrompt(const persona::Animal &animal, const QList<persona::GuardrailRule> &rules,
                    const QString &language);
    QString text() const;
    QString version() const { return m_version; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();

    persona::PromptComposer m_composer;
    QString m_version;
    QLabel *m_heading = nullptr;
    QPlainTextEdit *m_text = nullptr;
};

} // namespace zk::ui
