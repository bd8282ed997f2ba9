#pragma once

#include "persona/animal.h"

#include <QElapsedTimer>
#include <QPixmap>
#include <QTimer>
#include <QWidget>

class QLabel;

namespace zk::ui {

// The screen a passer-by sees: the animals' art floating gently and "Tap to
// talk to an animal!". A tap anywhere starts a visit. Animates only while shown.
class AttractScreen : public QWidget
{
    Q_OBJECT

public:
    explicit AttractScreen(QWidget *parent = nullptr);

    void setAnimals(const QList<persona::Animal> &animals);
    QString titleText() const;

Q_SIGNALS:
    void tapped();

protected:
    void changeEvent(QEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void retranslate();
    void renderArt();

    QStringList m_artPaths;
    QList<QPixmap> m_art;
    int m_artSize = 0;
    QLabel *m_title = nullptr;
    QTimer m_frame;
    QElapsedTimer m_clock;
};

} // namespace zk::ui
