#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace zk::ui {

// "Are you still there?" over the whole window, with the seconds left. Any tap
// keeps the visit going (the window's activity watcher sees it).
class IdleOverlay : public QWidget
{
    Q_OBJECT

public:
    explicit IdleOverlay(QWidget *parent);

    void showCountdown(int secondsLeft);
    void setSecondsLeft(int secondsLeft);
    QString questionText() const;
    QString secondsText() const;

Q_SIGNALS:
    void stillHere();

protected:
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;

private:
    void retranslate();

    QLabel *m_question = nullptr;
    QLabel *m_hint = nullptr;
    QLabel *m_seconds = nullptr;
    QPushButton *m_stillHere = nullptr;
};

} // namespace zk::ui
