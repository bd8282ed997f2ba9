#pragma once

#include "admin/adminpage.h"

#include <QJsonArray>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;

namespace zk::fleet {
class KioskLink;
}

namespace zk::ui {

class AnimalForm;

// A remote kiosk's animals (animals.list / animals.upsert) in the admin
// panel's form (AnimalForm): one animal's texts in English or Spanish and
// whether the kiosk shows it. The kiosk checks every field as its own admin
// panel does; a refusal is shown as it says.
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
    QWidget *editor(const QString &field) const;
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
    AnimalForm *m_form = nullptr;
    QLabel *m_message = nullptr;
};

} // namespace zk::ui
