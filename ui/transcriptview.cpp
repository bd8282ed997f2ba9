#include "transcriptview.h"

#include "theme.h"

#include <QEvent>
#include <QPainter>
#include <QScrollBar>
#include <QScroller>
#include <QStyle>
#include <QTextFrame>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace zk::ui {

namespace {
const QString kReadAloudImage = u"zk-readaloud"_s;
const QString kSayScheme = u"say"_s;
constexpr int kBubbleIndent = 140;   // the other side's margin, so bubbles read as left and right
}

TranscriptView::TranscriptView(const Theme &theme, QWidget *parent) : QTextBrowser(parent), m_theme(theme)
{
    setObjectName(u"transcript"_s);
    setOpenLinks(false);
    setOpenExternalLinks(false);
    // Taps follow the "Read aloud" links; drags scroll rather than select.
    setTextInteractionFlags(Qt::LinksAccessibleByMouse);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // Always there, as a position indicator (scrolling is by dragging): a
    // scroll bar that appears once a reply outgrows the view would narrow
    // it, so every line would wrap again and the text would jump, and showing
    // it asks the window system where the pointer is (a round trip on X11
    // that stalled a streaming reply by 70 ms, tests/bench/README.md §4).
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    setFocusPolicy(Qt::NoFocus);
    document()->setDocumentMargin(16);
    makeViewportOpaque();
    QScroller::grabGesture(viewport(), QScroller::LeftMouseButtonGesture);
    connect(verticalScrollBar(), &QScrollBar::rangeChanged, this, &TranscriptView::onRangeChanged);
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
        m_followTail = value >= verticalScrollBar()->maximum() - 8;
    });
    connect(this, &QTextBrowser::anchorClicked, this, &TranscriptView::onAnchor);
    connect(&theme, &Theme::changed, this, &TranscriptView::rebuild);
}

void TranscriptView::addVisitorMessage(const QString &text)
{
    m_messages.append(Message{true, text, false});
    m_followTail = true;
    insertMessage(int(m_messages.size()) - 1);
}

void TranscriptView::startReply(const QString &who)
{
    m_animalName = who;
    m_messages.append(Message{false, QString(), false});
    m_streaming = true;
    m_followTail = true;
    insertMessage(int(m_messages.size()) - 1);
}

void TranscriptView::appendToReply(const QString &text)
{
    if (!m_streaming || m_messages.isEmpty())
        return;
    m_messages.last().text += text;
    insertBody(m_replyCursor, text, &m_replyBlockChars);
}

// QTextDocument lays out a whole paragraph again whenever text is added to
// it, so appending to one very long paragraph costs more with every frame
// (a 20,000-token reply stalled the screen for a third of a second). A reply
// longer than kParagraphChars goes on in a new paragraph after a sentence's
// end (or, in text without any, at a space once it is four times as long);
// ordinary replies (max_output_tokens 300, ~1,200 characters) never split.
void TranscriptView::insertBody(QTextCursor &cursor, const QString &text, int *blockChars)
{
    qsizetype from = 0;
    while (from < text.size()) {
        const qsizetype room = std::max<qsizetype>(0, kParagraphChars - *blockChars);
        qsizetype split = -1;
        for (qsizetype i = from + room; i + 1 < text.size(); ++i) {
            const QChar c = text.at(i);
            const bool sentenceEnd = (c == u'.' || c == u'!' || c == u'?') && text.at(i + 1) == u' ';
            const bool longRun = c == u' ' && *blockChars + (i - from) > 4 * kParagraphChars;
            if (sentenceEnd || longRun) {
                split = sentenceEnd ? i + 1 : i;
                break;
            }
        }
        if (split < 0) {
            cursor.insertText(text.mid(from), m_bodyFormat);
            *blockChars += int(text.size() - from);
            return;
        }
        cursor.insertText(text.mid(from, split - from), m_bodyFormat);
        cursor.insertBlock(cursor.blockFormat(), m_bodyFormat);
        *blockChars = 0;
        from = split + 1; // the space after the sentence starts nothing
    }
}

void TranscriptView::replaceReply(const QString &text)
{
    if (!m_streaming || m_messages.isEmpty())
        return;
    m_messages.last().text = text;
    QTextCursor cursor = m_replyCursor;
    cursor.setPosition(m_replyTextStart, QTextCursor::KeepAnchor);
    cursor.removeSelectedText();
    m_replyBlockChars = 0;
    insertBody(cursor, text, &m_replyBlockChars);
    m_replyCursor = cursor;
}

void TranscriptView::finishReply(const QString &text, bool withReadAloud)
{
    if (!m_streaming || m_messages.isEmpty())
        return;
    // Usually the final text is what was shown plus the last batch the
    // screen had not drawn yet: append that tail. Laying out a long reply
    // again costs a frame or more, so the whole reply is replaced only when
    // the gate changed what was shown.
    const QString &shown = m_messages.last().text;
    if (text.startsWith(shown)) {
        if (text.size() > shown.size())
            appendToReply(text.mid(shown.size()));
    } else {
        replaceReply(text);
    }
    m_streaming = false;
    m_messages.last().readAloud = withReadAloud && !text.isEmpty();
    if (m_messages.last().readAloud)
        insertReadAloudButton(m_replyCursor, int(m_messages.size()) - 1);
}

void TranscriptView::clearMessages()
{
    m_messages.clear();
    m_streaming = false;
    m_followTail = true;
    rebuild();
}

void TranscriptView::setNames(const QString &visitor, const QString &animal)
{
    if (visitor == m_visitorName && animal == m_animalName)
        return;
    m_visitorName = visitor;
    m_animalName = animal;
    rebuild();
}

QString TranscriptView::lastReply() const
{
    for (auto it = m_messages.crbegin(); it != m_messages.crend(); ++it)
        if (!it->visitor)
            return it->text;
    return {};
}

void TranscriptView::changeEvent(QEvent *event)
{
    QTextBrowser::changeEvent(event);
    if (event->type() == QEvent::LanguageChange || event->type() == QEvent::StyleChange)
        rebuild(); // the "Read aloud" button's text and size
}

// The style sheet draws the view's rounded background on the frame and
// leaves the viewport transparent, so every frame of a streaming reply
// repainted the window, the chat screen and the frame beneath the text, and
// scrolling could not move pixels (Qt scrolls by copying only an opaque
// widget). The viewport, inset by the frame's padding inside the rounded
// corners, now fills itself with the same colour: a new line paints just the
// viewport, and following the tail copies what was shown and paints the
// strip that came into view.
bool TranscriptView::viewportEvent(QEvent *event)
{
    const bool handled = QTextBrowser::viewportEvent(event);
    // The style sheet makes the viewport transparent each time it polishes it.
    if (event->type() == QEvent::Polish || event->type() == QEvent::StyleChange)
        makeViewportOpaque();
    return handled;
}

void TranscriptView::makeViewportOpaque()
{
    QPalette palette = viewport()->palette();
    palette.setColor(QPalette::Base, m_theme.palette().surface);
    palette.setColor(QPalette::Window, m_theme.palette().surface);
    viewport()->setPalette(palette);
    viewport()->setBackgroundRole(QPalette::Base);
    viewport()->setAutoFillBackground(true);
}

void TranscriptView::rebuild()
{
    const bool follow = m_followTail;
    document()->clear();
    // The "Read aloud" button, drawn once per language and theme.
    const Theme::Palette &p = m_theme.palette();
    QFont font = this->font();
    font.setPixelSize(m_theme.px(22));
    font.setBold(true);
    const QString label = tr("Read aloud");
    const QFontMetrics metrics(font);
    QPixmap button(metrics.horizontalAdvance(label) + 56, Theme::kMinTouchPx);
    button.fill(Qt::transparent);
    {
        QPainter painter(&button);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setBrush(p.primary);
        painter.setPen(Qt::NoPen);
        painter.drawRoundedRect(button.rect(), 20, 20);
        painter.setPen(p.onPrimary);
        painter.setFont(font);
        painter.drawText(button.rect(), Qt::AlignCenter, label);
    }
    document()->addResource(QTextDocument::ImageResource, QUrl(kReadAloudImage), button);
    for (int i = 0; i < m_messages.size(); ++i)
        insertMessage(i);
    m_followTail = follow;
    if (follow)
        verticalScrollBar()->setValue(verticalScrollBar()->maximum());
}

void TranscriptView::insertMessage(int index)
{
    const Message &m = m_messages.at(index);
    const Theme::Palette &p = m_theme.palette();
    QTextCursor cursor(document());
    cursor.movePosition(QTextCursor::End);

    QTextFrameFormat frame;
    frame.setBackground(m.visitor ? p.visitorBubble : p.replyBubble);
    frame.setBorder(2);
    frame.setBorderBrush(p.bubbleBorder);
    frame.setBorderStyle(QTextFrameFormat::BorderStyle_Solid);
    frame.setPadding(16);
    frame.setTopMargin(8);
    frame.setBottomMargin(8);
    (m.visitor ? frame.setLeftMargin(kBubbleIndent) : frame.setRightMargin(kBubbleIndent));
    cursor.insertFrame(frame);

    QTextBlockFormat block;
    block.setAlignment(m.visitor ? Qt::AlignRight : Qt::AlignLeft);
    cursor.setBlockFormat(block);
    QTextCharFormat name;
    name.setFontWeight(QFont::Bold);
    name.setForeground(m.visitor ? p.text : p.primary);
    cursor.insertText(m.visitor ? m_visitorName : m_animalName, name);
    cursor.insertBlock(block);
    m_bodyFormat = QTextCharFormat();
    m_bodyFormat.setForeground(p.text);
    const bool streaming = m_streaming && index == m_messages.size() - 1;
    if (streaming)
        m_replyTextStart = cursor.position();
    int blockChars = 0;
    insertBody(cursor, m.text, &blockChars);
    if (streaming)
        m_replyBlockChars = blockChars;
    if (streaming)
        m_replyCursor = cursor;
    else if (m.readAloud)
        insertReadAloudButton(cursor, index);
}

void TranscriptView::insertReadAloudButton(QTextCursor &cursor, int index)
{
    QTextBlockFormat block;
    block.setTopMargin(8);
    cursor.insertBlock(block);
    QTextImageFormat image;
    image.setName(kReadAloudImage);
    image.setAnchor(true);
    image.setAnchorHref(u"%1:%2"_s.arg(kSayScheme).arg(index));
    cursor.insertImage(image);
}

QSize TranscriptView::minimumSizeHint() const
{
    // Qt's scroll area adds both scroll bars' full size hints, though the
    // horizontal one is never shown and the vertical one is an indicator that
    // shrinks with the view: a line of text and the margins.
    const int height = fontMetrics().lineSpacing() + int(2 * document()->documentMargin()) + 2 * frameWidth();
    return {QTextBrowser::minimumSizeHint().width(), height};
}

void TranscriptView::onRangeChanged(int, int max)
{
    // The bar's handle shows only when there is somewhere to scroll to.
    QScrollBar *bar = verticalScrollBar();
    const bool scrollable = max > 0;
    if (bar->property("zkScrollable").toBool() != scrollable) {
        bar->setProperty("zkScrollable", scrollable);
        bar->style()->unpolish(bar);
        bar->style()->polish(bar);
        bar->update();
    }
    if (m_followTail)
        bar->setValue(max);
}

void TranscriptView::onAnchor(const QUrl &url)
{
    bool ok = false;
    const int index = url.path().toInt(&ok);
    if (url.scheme() == kSayScheme && ok && index >= 0 && index < m_messages.size())
        Q_EMIT readAloudRequested(m_messages.at(index).text);
}

} // namespace zk::ui
