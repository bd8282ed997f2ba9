#include "animalcard.h"

#include "artpixmap.h"

#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace zk::ui {

AnimalCard::AnimalCard(const persona::Animal &animal, QWidget *parent) : QPushButton(parent), m_animal(animal)
{
    setObjectName(u"card_"_s + animal.id);
    setProperty("zkRole", u"card"_s);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    layout->setSpacing(4);
    m_art = new QLabel(this);
    m_art->setAlignment(Qt::AlignCenter);
    m_name = new QLabel(this);
    m_name->setProperty("zkRole", u"cardName"_s);
    m_species = new QLabel(this);
    m_species->setProperty("zkRole", u"cardSpecies"_s);
    for (QLabel *label : {m_art, m_name, m_species}) {
        label->setAlignment(Qt::AlignCenter);
        label->setAttribute(Qt::WA_TransparentForMouseEvents); // the card takes the tap
        layout->addWidget(label);
    }
    m_name->setWordWrap(true);
    layout->setStretch(0, 1);
    setArtSize(160);
}

void AnimalCard::setLanguage(const QString &language)
{
    const persona::AnimalText *text = m_animal.text(language);
    m_name->setText(m_animal.displayName(language));
    m_species->setText(text ? text->species : QString());
    setAccessibleName(m_name->text());
}

void AnimalCard::setArtSize(int px)
{
    if (px == m_artSize)
        return;
    m_artSize = px;
    m_art->setPixmap(artPixmap(m_animal.art, px));
    m_art->setMinimumSize(px, px);
}

QString AnimalCard::nameText() const
{
    return m_name->text();
}

QString AnimalCard::speciesText() const
{
    return m_species->text();
}

} // namespace zk::ui
