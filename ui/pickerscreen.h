#pragma once

#include "persona/animal.h"

#include <QWidget>

class QGridLayout;
class QLabel;
class QScrollArea;

namespace zk::ui {

class AnimalCard;

// The animal picker: a grid of big cards, one per active animal, that fills
// the screen in landscape and portrait; scrolls by dragging if they do not fit.
class PickerScreen : public QWidget
{
    Q_OBJECT

public:
    explicit PickerScreen(QWidget *parent = nullptr);

    void setAnimals(const QList<persona::Animal> &animals);
    void setLanguage(const QString &language);
    QList<AnimalCard *> cards() const { return m_cards; }

Q_SIGNALS:
    void animalChosen(const QString &animalId);

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void retranslate();
    void arrange();

    QString m_language;
    QLabel *m_title = nullptr;
    QScrollArea *m_scroll = nullptr;
    QWidget *m_grid = nullptr;
    QGridLayout *m_gridLayout = nullptr;
    QList<AnimalCard *> m_cards;
    int m_columns = 0;
};

} // namespace zk::ui
