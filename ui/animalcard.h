#pragma once

#include "persona/animal.h"

#include <QPushButton>

class QLabel;

namespace zk::ui {

// One big card of the animal picker: the animal's art, its name and species.
class AnimalCard : public QPushButton
{
    Q_OBJECT

public:
    AnimalCard(const persona::Animal &animal, QWidget *parent = nullptr);

    QString animalId() const { return m_animal.id; }
    void setLanguage(const QString &language);
    void setArtSize(int px);
    QString nameText() const;
    QString speciesText() const;

private:
    persona::Animal m_animal;
    int m_artSize = 0;
    QLabel *m_art = nullptr;
    QLabel *m_name = nullptr;
    QLabel *m_species = nullptr;
};

} // namespace zk::ui
