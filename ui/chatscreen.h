#pragma once

#include "deltabatcher.h"
#include "persona/animal.h"
#include "persona/suggestiondeck.h"

#include <QLineEdit> // input() hands it to the touch keyboard
#include <QPointer>
#include <QWidget>

#include <functional>

class QGridLayout;
class QLabel;
class QPushButton;

namespace zk {
class KioskCore;
}
namespace zk::conversation {
class TurnRun;
struct TurnOutcome;
}

namespace zk::ui {

class Theme;
class TranscriptView;
class TypingIndicator;
class WrapButton;

// The conversation with one animal: its header, the bubbles, suggested
// questions, the text field (with a slot for the touch keyboard under it), Send
// or Stop, "Start over" and "Other animals", and a calm status line. It asks
// the core's pipeline and shows what the turn reports; it decides nothing.
class ChatScreen : public QWidget
{
    Q_OBJECT

public:
    ChatScreen(KioskCore &core, const Theme &theme, QWidget *parent = nullptr);

    // A new conversation with `animal`.
    void setAnimal(const persona::Animal &animal);
    void setLanguage(const QString &language);
    void sendQuestion(const QString &text);
    void sendTyped();
    void stop();
    // The visit is over: stop, end the conversation (the database keeps it)
    // and wipe it from the screen.
    void endVisit();
    // A reply is streaming, or its last text is still being shown.
    bool isStreaming() const { return !m_run.isNull() || bool(m_finishWhenDrained); }
    QString animalId() const { return m_animal.id; }

    QLineEdit *input() const { return m_input; }
    // Holds the touch keyboard; shown while the visitor types.
    QWidget *keyboardSlot() const { return m_keyboardSlot; }
    // Show a "Read aloud" button under each finished reply.
    void setReadAloudAvailable(bool available) { m_readAloud = available; }
    TranscriptView *transcript() const { return m_transcript; }
    QList<WrapButton *> chips() const { return m_chips; }
    QString statusText() const;

Q_SIGNALS:
    void otherAnimalsRequested();
    void streamingChanged(bool streaming);
    void replyFinished();
    void readAloudRequested(const QString &text, const QString &language);

protected:
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void retranslate();
    void startOver();
    void refreshChips();
    int chipCount() const;
    void setKeyboardShown(bool shown);
    void fitKeyboard();
    // What the status line says; kept as a kind so that it follows a language switch.
    enum class Notice { None, Resting, EmptyQuestion, TooLong, Tangled };
    void showStatus(Notice notice);
    void onBatch(const QString &text);
    void onReplaced(const QString &text);
    void onFinished(const conversation::TurnOutcome &outcome);
    void completeFinish(const QString &reply, bool resting);
    void clearConversation();

    KioskCore &m_core;
    const Theme &m_theme;
    QString m_language = QStringLiteral("en");
    persona::Animal m_animal;
    persona::SuggestionDeck m_deck;
    QString m_conversationId;
    QPointer<conversation::TurnRun> m_run;
    // At most kMaxCharsPerFrame characters of a reply are laid out per frame.
    static constexpr int kMaxCharsPerFrame = 4000;
    DeltaBatcher m_batcher{16, kMaxCharsPerFrame};
    // A turn that finished while text was still waiting to be shown: it
    // completes once the batcher has shown it all.
    std::function<void()> m_finishWhenDrained;
    bool m_firstText = false;
    bool m_readAloud = false;
    int m_chipColumns = 0;
    Notice m_statusKind = Notice::None;

    QPushButton *m_otherAnimals = nullptr;
    QPushButton *m_startOver = nullptr;
    QLabel *m_art = nullptr;
    QLabel *m_name = nullptr;
    TranscriptView *m_transcript = nullptr;
    TypingIndicator *m_typing = nullptr;
    QLabel *m_status = nullptr;
    QWidget *m_chipBox = nullptr;
    QGridLayout *m_chipLayout = nullptr;
    QList<WrapButton *> m_chips;
    QLineEdit *m_input = nullptr;
    QPushButton *m_send = nullptr;
    QPushButton *m_stop = nullptr;
    QWidget *m_keyboardSlot = nullptr;
};

} // namespace zk::ui
