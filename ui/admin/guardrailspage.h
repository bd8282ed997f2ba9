#pragma once

#include "admin/adminpage.h"
#include "persona/animal.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace zk {
class KioskCore;
}

namespace zk::ui {

class PromptPreview;

// Guardrails: every rule (type ALWAYS, NEVER, ENCOURAGE or DISCOURAGE; for
// all animals or one), switched on or off, edited, added and deleted
// (delete asks for a second tap), with the composed prompt of the chosen
// animal previewed as the rule being edited would make it.
class GuardrailsPage : public AdminPage
{
    Q_OBJECT

public:
    explicit GuardrailsPage(KioskCore &core, QWidget *parent = nullptr);

    void refresh() override;
    QTableWidget *table() const { return m_table; }
    // Selects the rule (0: a new one) into the editor.
    void selectRule(qint64 id);
    qint64 selectedRule() const { return m_selected; }
    QLineEdit *textField() const { return m_text; }
    QComboBox *typeChoice() const { return m_type; }
    QComboBox *scopeChoice() const { return m_scope; }
    QComboBox *previewAnimal() const { return m_previewAnimal; }
    PromptPreview *preview() const { return m_preview; }
    QString message() const;

    bool saveRule();
    bool toggleRule();
    // The first call arms the delete button; the second deletes.
    bool deleteRule();

private:
    void fillTable();
    persona::GuardrailRule editedRule() const;
    void updatePreview();
    void setMessage(const QString &text, const QString &role);

    KioskCore &m_core;
    QList<persona::GuardrailRule> m_rules;
    qint64 m_selected = 0;
    bool m_deleteArmed = false;

    QTableWidget *m_table = nullptr;
    QComboBox *m_type = nullptr;
    QComboBox *m_scope = nullptr;
    QLineEdit *m_text = nullptr;
    QPushButton *m_new = nullptr;
    QPushButton *m_save = nullptr;
    QPushButton *m_toggle = nullptr;
    QPushButton *m_delete = nullptr;
    QLabel *m_message = nullptr;
    QComboBox *m_previewAnimal = nullptr;
    PromptPreview *m_preview = nullptr;
};

} // namespace zk::ui
