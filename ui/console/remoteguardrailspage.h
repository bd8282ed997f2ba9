#pragma once

#include "admin/adminpage.h"

#include <QJsonArray>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableWidget;

namespace zk::fleet {
class KioskLink;
}

namespace zk::ui {

// A remote kiosk's guardrails (guardrails.list / guardrails.upsert): every
// rule with its type, scope and whether it is on; a rule is edited (or a
// new one written) below the table and saved on the kiosk, which checks it
// as its own admin panel does.
class RemoteGuardrailsPage : public AdminPage
{
    Q_OBJECT

public:
    explicit RemoteGuardrailsPage(fleet::KioskLink &link, QWidget *parent = nullptr);

    void refresh() override;
    // 0: a new rule.
    void selectRule(qint64 id);
    void save();

    QTableWidget *table() const { return m_table; }
    QComboBox *typeChoice() const { return m_type; }
    QComboBox *scopeChoice() const { return m_scope; }
    QLineEdit *textField() const { return m_text; }
    QCheckBox *activeBox() const { return m_active; }
    QString message() const;

Q_SIGNALS:
    void loaded();
    void savedRule(bool ok);

private:
    void load();
    void fillTable();
    void setMessage(const QString &text, const QString &role);

    fleet::KioskLink &m_link;
    QJsonArray m_rules;
    qint64 m_selected = 0;
    QTableWidget *m_table = nullptr;
    QComboBox *m_type = nullptr;
    QComboBox *m_scope = nullptr;
    QLineEdit *m_text = nullptr;
    QCheckBox *m_active = nullptr;
    QLabel *m_message = nullptr;
};

} // namespace zk::ui
