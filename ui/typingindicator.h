#pragma once

#include <QLabel>
#include <QTimer>

namespace zk::ui {

// "Zara is thinking ..." with dots that come and go, shown from the question
// until the first words of the reply.
class TypingIndicator : public QLabel
{
    Q_OBJECT

public:
    explicit TypingIndicator(QWidget *parent = nullptr);

    void start(const QString &animalName);
    void stop();

protected:
    void changeEvent(QEvent *event) override;

private:
    void render();

    QString m_name;
    int m_dots = 0;
    QTimer m_timer;
};

} // namespace zk::ui
