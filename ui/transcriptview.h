#pragma once

#include <QTextBrowser>
#include <QTextCharFormat>
#include <QTextCursor>

namespace zk::ui {

class Theme;

// The conversation as message bubbles in one text document: the visitor's on
// the right, the animal's on the left. A streaming reply grows by appending to
// the document (only its last paragraph is laid out again), the view follows
// the newest text unless the visitor dragged back to read, and it scrolls by
// dragging. Finished replies can carry a "Read aloud" button.
class TranscriptView : public QTextBrowser
{
    Q_OBJECT

public:
    TranscriptView(const Theme &theme, QWidget *parent = nullptr);

    void addVisitorMessage(const QString &text);
    void startReply(const QString &who);
    void appendToReply(const QString &text);
    void replaceReply(const QString &text);
    void finishReply(const QString &text, bool withReadAloud);
    void clearMessages();
    // The names shown over bubbles, after a language switch.
    void setNames(const QString &visitor, const QString &animal);
    int messageCount() const { return int(m_messages.size()); }
    QString lastReply() const;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void readAloudRequested(const QString &text);

protected:
    void changeEvent(QEvent *event) override;
    bool viewportEvent(QEvent *event) override;

private:
    struct Message
    {
        bool visitor = false;
        QString text;
        bool readAloud = false;
    };

    void rebuild();
    void makeViewportOpaque();
    void insertMessage(int index);
    void insertReadAloudButton(QTextCursor &cursor, int index);
    void onRangeChanged(int min, int max);
    void onAnchor(const QUrl &url);

    const Theme &m_theme;
    QList<Message> m_messages;
    QString m_visitorName;
    QString m_animalName;
    bool m_streaming = false;
    bool m_followTail = true;
    QTextCursor m_replyCursor;        // end of the streaming reply
    int m_replyTextStart = 0;         // where its text begins
    QTextCharFormat m_bodyFormat;
    int m_replyBlockChars = 0;        // characters in the streaming reply's last paragraph
    // Inserts message text; past kParagraphChars a paragraph continues in a
    // new one after its next sentence (see insertBody()).
    void insertBody(QTextCursor &cursor, const QString &text, int *blockChars);
    static constexpr int kParagraphChars = 1200;
};

} // namespace zk::ui
