#pragma once

#include "admin/adminpage.h"

#include <QJsonArray>
#include <QMap>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace zk::fleet {
class KioskLink;
}

namespace zk::ui {

// A remote kiosk's animals (animals.list / animals.upsert): one animal's
// name, title, species, conservation status, facts and suggested questions
// in English or Spanish, and whether the kiosk shows it. The kiosk checks
// every field as its own admin panel does; a refusal is shown as it says.
class RemoteAnimalsPage : public AdminPage
{
    Q_OBJECT

public:
    explicit RemoteAnimalsPage(fleet::KioskLink &link, QWidget *parent = nullptr);

    void refresh() override;
    void setLanguage(const QString &language);
    void selectAnimal(const QString &id);
    void save();

    QComboBox *animalChoice() const { return m_animal; }
    QCheckBox *activeBox() const { return m_active; }
    // name, title, species, conservation (line edits); facts, questions (one per line)
    QWidget *editor(const QString &field) const { return m_editors.value(field); }
    QString message() const;

Q_SIGNALS:
    void loaded();
    void savedAnimal(bool ok);

private:
    void load();
    void showAnimal();
    void setMessage(const QString &text, const QString &role);

    fleet::KioskLink &m_link;
    QString m_language = QStringLiteral("en");
    QJsonArray m_list;
    QComboBox *m_animal = nullptr;
    QPushButton *m_english = nullptr;
    QPushButton *m_spanish = nullptr;
    QCheckBox *m_active = nullptr;
    QMap<QString, QWidget *> m_editors;
    QLabel *m_message = nullptr;
};

} // namespace zk::ui
