#pragma once

#include "admin/adminpage.h"
#include "persona/animal.h"

#include <QMap>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace zk {
class KioskCore;
}

namespace zk::ui {

class AnimalForm;
class PromptPreview;

// Animals: one animal's name, title, species, personality, facts, suggested
// questions, conservation status and emergency message in English or
// Spanish, its art and whether the kiosk shows it; the composed system
// prompt previewed live; "Save" stores it (admin::saveAnimal: a new prompt
// version). Facts and questions are one per line.
class AnimalsPage : public AdminPage
{
    Q_OBJECT

public:
    explicit AnimalsPage(KioskCore &core, QWidget *parent = nullptr);

    void refresh() override;
    void selectAnimal(const QString &animalId);
    void setLanguage(const QString &language);
    // The field's editor: name, title, species, personality, conservation,
    // emergency (line or text edits), facts, questions (one per line).
    QWidget *editor(const QString &field) const;
    bool save();
    QString message() const;
    PromptPreview *preview() const { return m_preview; }

private:
    void load();
    // The form over m_edited in the current language; a message when a field is refused.
    bool readForm(persona::Animal &animal, QString *problem) const;
    void updatePreview();
    void setMessage(const QString &text, const QString &role);

    KioskCore &m_core;
    QList<persona::Animal> m_list;
    persona::Animal m_edited;
    QString m_language = QStringLiteral("en");
    bool m_loading = false;

    QComboBox *m_animal = nullptr;
    QPushButton *m_english = nullptr;
    QPushButton *m_spanish = nullptr;
    QCheckBox *m_active = nullptr;
    QComboBox *m_art = nullptr;
    AnimalForm *m_form = nullptr;
    QLabel *m_message = nullptr;
    QPushButton *m_save = nullptr;
    PromptPreview *m_preview = nullptr;
};

} // namespace zk::ui
