#include "pickerscreen.h"

#include "animalcard.h"

#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QScrollArea>
#include <QScroller>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace zk::ui {

namespace {
constexpr int kMinCardWidth = 300;
constexpr int kSpacing = 24;
}

PickerScreen::PickerScreen(QWidget *parent) : QWidget(parent)
{
    setObjectName(u"pickerScreen"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(32, 8, 32, 24);
    m_title = new QLabel(this);
    m_title->setProperty("zkRole", u"title"_s);
    m_title->setAlignment(Qt::AlignCenter);
    m_title->setWordWrap(true);
    layout->addWidget(m_title);

    m_scroll = new QScrollArea(this);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_grid = new QWidget(m_scroll);
    m_gridLayout = new QGridLayout(m_grid);
    m_gridLayout->setContentsMargins(0, 0, 0, 0);
    m_gridLayout->setSpacing(kSpacing);
    m_scroll->setWidget(m_grid);
    // Drag to scroll, with momentum: mouse gestures also serve touch, which
    // Qt turns into mouse events for widgets that do not take touch.
    QScroller::grabGesture(m_scroll->viewport(), QScroller::LeftMouseButtonGesture);
    layout->addWidget(m_scroll, 1);
    retranslate();
}

void PickerScreen::setAnimals(const QList<persona::Animal> &animals)
{
    qDeleteAll(m_cards);
    m_cards.clear();
    for (const persona::Animal &animal : animals) {
        auto *card = new AnimalCard(animal, m_grid);
        card->setLanguage(m_language);
        const QString id = animal.id;
        connect(card, &QPushButton::clicked, this, [this, id] { Q_EMIT animalChosen(id); });
        m_cards << card;
    }
    m_columns = 0;
    arrange();
}

void PickerScreen::setLanguage(const QString &language)
{
    m_language = language;
    for (AnimalCard *card : std::as_const(m_cards))
        card->setLanguage(language);
}

void PickerScreen::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void PickerScreen::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    arrange();
}

void PickerScreen::retranslate()
{
    m_title->setText(tr("Tap an animal to talk!"));
}

// Columns follow the width (three in landscape, two in portrait); the art
// shrinks so that every card fits on the screen without scrolling.
void PickerScreen::arrange()
{
    if (m_cards.isEmpty())
        return;
    // From the screen's own size: the scroll area's catches up only later.
    const QMargins margins = layout()->contentsMargins();
    const int width = std::max(this->width() - margins.left() - margins.right(), kMinCardWidth);
    const int height = std::max(this->height() - margins.top() - margins.bottom() - layout()->spacing()
                                    - m_title->heightForWidth(width), 200);
    const int count = int(m_cards.size());
    const int columns = std::clamp(width / kMinCardWidth, 1, std::min(3, count));
    const int rows = (count + columns - 1) / columns;
    const int cardHeight = (height - (rows - 1) * kSpacing) / rows;
    const int cardWidth = (width - (columns - 1) * kSpacing) / columns;
    // Name and species need about 110 px under the art, more with larger text.
    const int art = std::clamp(std::min(cardHeight - 130, cardWidth - 60), 64, 260);
    for (AnimalCard *card : std::as_const(m_cards))
        card->setArtSize(art);
    if (columns == m_columns)
        return;
    m_columns = columns;
    for (int i = 0; i < count; ++i) {
        m_gridLayout->removeWidget(m_cards.at(i));
        m_gridLayout->addWidget(m_cards.at(i), i / columns, i % columns);
    }
    for (int c = 0; c < m_gridLayout->columnCount(); ++c)
        m_gridLayout->setColumnStretch(c, c < columns ? 1 : 0);
    for (int r = 0; r < m_gridLayout->rowCount(); ++r)
        m_gridLayout->setRowStretch(r, r < rows ? 1 : 0);
}

} // namespace zk::ui
