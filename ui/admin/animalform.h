#pragma once

#include "persona/animal.h"

#include <QMap>
#include <QWidget>

class QFormLayout;

namespace zk::ui {

// One animal's visitor-facing texts in one language, as staff edit them:
// name, title, species, personality, facts and suggested questions (one per
// line), conservation status and emergency message (editors named
// field_<field>). The admin panel's Animals page and the staff console's
// remote one both edit through it; the checks are admin::applyAnimalEdit's.
class AnimalForm : public QWidget
{
    Q_OBJECT

public:
    explicit AnimalForm(QWidget *parent = nullptr);

    // A further row under the texts (the admin panel's art choice).
    void addRow(const QString &label, QWidget *widget);
    void showText(const persona::AnimalText &text);
    // field -> text as admin::applyAnimalEdit and animals.upsert take them
    // (facts and questions as JSON arrays of their non-empty lines).
    QMap<QString, QString> values() const;
    // values() applied to `animal` in `language`; false with the first refusal.
    bool apply(persona::Animal &animal, const QString &language, QString *problem) const;
    QWidget *editor(const QString &field) const { return m_editors.value(field); }

Q_SIGNALS:
    // Any text changed (typed or shown).
    void edited();

private:
    QFormLayout *m_layout = nullptr;
    QMap<QString, QWidget *> m_editors;
};

} // namespace zk::ui
