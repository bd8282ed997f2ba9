#pragma once

#include "persona/animal.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QScrollArea;
class QStackedWidget;
class QTextBrowser;
class QTranslator;
class QVBoxLayout;

namespace zk {
class KioskCore;
}
namespace zk::conversation {
class TurnRun;
struct TurnOutcome;
}

namespace zk::ui {

// The first kiosk window: pick an animal, then chat with it. It observes the
// core's pipeline and calls it; it holds no business logic.
class ChatWindow : public QWidget
{
    Q_OBJECT

public:
    ChatWindow(KioskCore &core, QTranslator &translator, QWidget *parent = nullptr);

    void showAnimal(const QString &animalId);
    void setLanguage(const QString &language);
    // For tests: send as if typed.
    void sendQuestion(const QString &text);
    QString transcript() const;
    bool isStreaming() const { return !m_run.isNull(); }

Q_SIGNALS:
    void replyFinished();

protected:
    void changeEvent(QEvent *event) override;

private:
    QWidget *buildPicker();
    QWidget *buildChat();
    void reloadAnimals();
    void retranslate();
    void onSend();
    void onStop();
    void onDelta(const QString &delta);
    void onReplaced(const QString &text);
    void onFinished(const conversation::TurnOutcome &outcome);
    void appendBubble(const QString &who, const QString &text, bool visitor);
    void renderTranscript();
    void showStatus(const QString &text);

    KioskCore &m_core;
    QTranslator &m_translator;
    QString m_language;
    QList<persona::Animal> m_animals;
    persona::Animal m_animal;
    QString m_conversationId;

    struct Bubble
    {
        QString who;
        QString text;
        bool visitor = false;
    };
    QList<Bubble> m_bubbles;
    QPointer<conversation::TurnRun> m_run;
    QTimer m_renderTimer;

    QStackedWidget *m_stack = nullptr;
    QWidget *m_picker = nullptr;
    QLabel *m_pickerTitle = nullptr;
    QVBoxLayout *m_cardsLayout = nullptr;
    QWidget *m_cards = nullptr;
    QLabel *m_animalArt = nullptr;
    QLabel *m_animalName = nullptr;
    QTextBrowser *m_chatView = nullptr;
    QWidget *m_chips = nullptr;
    QLabel *m_status = nullptr;
    QLineEdit *m_input = nullptr;
    QPushButton *m_send = nullptr;
    QPushButton *m_stop = nullptr;
    QPushButton *m_back = nullptr;
    QPushButton *m_languageButton = nullptr;
};

} // namespace zk::ui
