#include "chatscreen.h"

#include "artpixmap.h"
#include "conversation/turnpipeline.h"
#include "conversation/turnrun.h"
#include "core/kioskcore.h"
#include "core/logging.h"
#include "storage/repositories.h"
#include "theme.h"
#include "transcriptview.h"
#include "typingindicator.h"
#include "wrapbutton.h"

#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace zk::ui {

ChatScreen::ChatScreen(KioskCore &core, const Theme &theme, QWidget *parent)
    : QWidget(parent), m_core(core), m_theme(theme)
{
    setObjectName(u"chatScreen"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 8, 24, 16);
    layout->setSpacing(12);

    auto *header = new QHBoxLayout;
    m_otherAnimals = new QPushButton(this);
    m_otherAnimals->setObjectName(u"otherAnimals"_s);
    m_otherAnimals->setProperty("zkRole", u"secondary"_s);
    connect(m_otherAnimals, &QPushButton::clicked, this, [this] {
        stop();
        Q_EMIT otherAnimalsRequested();
    });
    header->addWidget(m_otherAnimals);
    m_art = new QLabel(this);
    m_art->setFixedSize(88, 88);
    header->addWidget(m_art);
    m_name = new QLabel(this);
    m_name->setObjectName(u"animalName"_s);
    m_name->setProperty("zkRole", u"title"_s);
    m_name->setWordWrap(true);
    header->addWidget(m_name, 1);
    m_startOver = new QPushButton(this);
    m_startOver->setObjectName(u"startOver"_s);
    m_startOver->setProperty("zkRole", u"secondary"_s);
    connect(m_startOver, &QPushButton::clicked, this, &ChatScreen::startOver);
    header->addWidget(m_startOver);
    layout->addLayout(header);

    m_transcript = new TranscriptView(theme, this);
    connect(m_transcript, &TranscriptView::readAloudRequested, this,
            [this](const QString &text) { Q_EMIT readAloudRequested(text, m_language); });
    layout->addWidget(m_transcript, 1);

    m_typing = new TypingIndicator(this);
    layout->addWidget(m_typing);

    m_status = new QLabel(this);
    m_status->setObjectName(u"statusLine"_s);
    m_status->setProperty("zkRole", u"status"_s);
    m_status->setWordWrap(true);
    m_status->hide();
    layout->addWidget(m_status);

    m_chipBox = new QWidget(this);
    m_chipLayout = new QGridLayout(m_chipBox);
    m_chipLayout->setContentsMargins(0, 0, 0, 0);
    m_chipLayout->setSpacing(12);
    layout->addWidget(m_chipBox);

    auto *inputRow = new QHBoxLayout;
    m_input = new QLineEdit(this);
    m_input->setObjectName(u"questionInput"_s);
    m_input->setMaxLength(core.config().maxInputChars);
    m_input->installEventFilter(this);
    connect(m_input, &QLineEdit::returnPressed, this, &ChatScreen::sendTyped);
    inputRow->addWidget(m_input, 1);
    m_send = new QPushButton(this);
    m_send->setObjectName(u"send"_s);
    connect(m_send, &QPushButton::clicked, this, &ChatScreen::sendTyped);
    inputRow->addWidget(m_send);
    m_stop = new QPushButton(this);
    m_stop->setObjectName(u"stop"_s);
    m_stop->hide();
    connect(m_stop, &QPushButton::clicked, this, &ChatScreen::stop);
    inputRow->addWidget(m_stop);
    layout->addLayout(inputRow);

    m_keyboardSlot = new QWidget(this);
    m_keyboardSlot->setObjectName(u"keyboardSlot"_s);
    auto *slotLayout = new QVBoxLayout(m_keyboardSlot);
    slotLayout->setContentsMargins(0, 0, 0, 0);
    m_keyboardSlot->hide();
    layout->addWidget(m_keyboardSlot);

    connect(&m_batcher, &DeltaBatcher::batchReady, this, &ChatScreen::onBatch);
    connect(&m_batcher, &DeltaBatcher::drained, this, [this] {
        if (m_finishWhenDrained)
            std::exchange(m_finishWhenDrained, nullptr)();
    });
    retranslate();
}

void ChatScreen::setAnimal(const persona::Animal &animal)
{
    stop();
    clearConversation();
    m_animal = animal;
    m_deck = persona::SuggestionDeck(animal);
    m_art->setPixmap(artPixmap(animal.art, m_art->width()));
    retranslate();
    refreshChips();
    // Known before the first question: answers will come from the animal's own knowledge.
    if (!m_core.online() || m_core.emergencyMode())
        showStatus(Notice::Resting);
}

void ChatScreen::setLanguage(const QString &language)
{
    m_language = language;
    retranslate();
    refreshChips();
}

void ChatScreen::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ChatScreen::retranslate()
{
    m_otherAnimals->setText(tr("Other animals"));
    m_startOver->setText(tr("Start over"));
    m_send->setText(tr("Send"));
    m_stop->setText(tr("Stop"));
    m_input->setPlaceholderText(tr("Type your question here"));
    m_name->setText(m_animal.displayName(m_language));
    m_transcript->setNames(tr("You"), m_animal.displayName(m_language));
    showStatus(m_statusKind);
}

void ChatScreen::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    fitKeyboard();
    refreshChips();
}

// Four chips in one row on wide screens, three on smaller landscape ones,
// two rows of two in portrait.
int ChatScreen::chipCount() const
{
    return width() >= 1600 || height() > width() ? 4 : 3;
}

void ChatScreen::refreshChips()
{
    const int count = chipCount();
    const int columns = height() > width() ? 2 : count;
    const QStringList questions = m_deck.current(m_language, count);
    QStringList shown;
    for (const WrapButton *chip : std::as_const(m_chips))
        shown << chip->label();
    if (shown == questions && columns == m_chipColumns)
        return;
    m_chipColumns = columns;
    for (WrapButton *old : std::as_const(m_chips)) {
        // Later: this may run inside the tapped chip's clicked().
        old->hide();
        m_chipLayout->removeWidget(old);
        old->deleteLater();
    }
    m_chips.clear();
    for (int i = 0; i < questions.size(); ++i) {
        auto *chip = new WrapButton(questions.at(i), m_chipBox);
        chip->setObjectName(u"chip"_s);
        chip->setProperty("zkRole", u"chip"_s);
        chip->setEnabled(!isStreaming());
        const QString question = questions.at(i);
        connect(chip, &QPushButton::clicked, this, [this, question] { sendQuestion(question); });
        m_chipLayout->addWidget(chip, i / columns, i % columns);
        chip->show(); // now, not on the next turn of the event loop
        m_chips << chip;
    }
}

bool ChatScreen::eventFilter(QObject *watched, QEvent *event)
{
    // Tapping the text field brings up the touch keyboard, if there is one.
    if (watched == m_input && event->type() == QEvent::MouseButtonPress)
        setKeyboardShown(true);
    return QWidget::eventFilter(watched, event);
}

void ChatScreen::setKeyboardShown(bool shown)
{
    QLayoutItem *keyboard = m_keyboardSlot->layout()->itemAt(0);
    shown = shown && keyboard;
    if (shown)
        fitKeyboard();
    m_keyboardSlot->setVisible(shown);
    m_chipBox->setVisible(!shown); // room for the keys on small screens
}

// The keyboard's keys grow with its width; give it the height that goes with it.
void ChatScreen::fitKeyboard()
{
    QLayoutItem *keyboard = m_keyboardSlot->layout()->itemAt(0);
    if (keyboard && keyboard->hasHeightForWidth())
        m_keyboardSlot->setMinimumHeight(keyboard->heightForWidth(
            width() - layout()->contentsMargins().left() - layout()->contentsMargins().right()));
}

void ChatScreen::sendTyped()
{
    sendQuestion(m_input->text());
}

void ChatScreen::sendQuestion(const QString &text)
{
    if (isStreaming() || m_animal.id.isEmpty())
        return;
    const conversation::TurnRequest request{m_animal.id, m_conversationId, text, m_language};
    auto started = m_core.pipeline().ask(request);
    if (!started) {
        switch (started.error().reason) {
        case conversation::Rejection::EmptyMessage:
            showStatus(Notice::EmptyQuestion);
            break;
        case conversation::Rejection::TooLong:
            showStatus(Notice::TooLong);
            break;
        default:
            qCWarning(lcUi).noquote() << "turn not started:" << started.error().detail;
            showStatus(Notice::Tangled);
            break;
        }
        return;
    }
    m_run = started.value();
    m_conversationId = m_run->conversation().id;
    m_deck.markAsked(text);
    refreshChips(); // the question just asked is not offered again
    m_input->clear();
    setKeyboardShown(false);
    showStatus(!m_core.online() || m_core.emergencyMode() ? Notice::Resting : Notice::None);
    m_transcript->addVisitorMessage(text.trimmed());
    m_transcript->startReply(m_animal.displayName(m_language));
    m_firstText = true;
    m_typing->start(m_animal.text(m_language) ? m_animal.text(m_language)->name : m_animal.displayName(m_language));
    m_send->hide();
    m_stop->show();
    for (WrapButton *chip : std::as_const(m_chips))
        chip->setEnabled(false);
    connect(m_run, &conversation::TurnRun::replyDelta, &m_batcher, &DeltaBatcher::add);
    connect(m_run, &conversation::TurnRun::replyReplaced, this, &ChatScreen::onReplaced);
    connect(m_run, &conversation::TurnRun::finished, this, &ChatScreen::onFinished);
    Q_EMIT streamingChanged(true);
}

void ChatScreen::stop()
{
    if (m_run) {
        m_run->cancel();
    } else if (m_finishWhenDrained) {
        // The turn is over; Stop shows the rest at once.
        while (m_batcher.hasPending())
            m_batcher.flush();
    }
}

void ChatScreen::onBatch(const QString &text)
{
    if (m_firstText) {
        m_firstText = false;
        m_typing->stop();
    }
    m_transcript->appendToReply(text);
}

void ChatScreen::onReplaced(const QString &text)
{
    m_batcher.clear();
    m_finishWhenDrained = nullptr;
    m_typing->stop();
    m_transcript->replaceReply(text);
}

void ChatScreen::onFinished(const conversation::TurnOutcome &outcome)
{
    m_run = nullptr;
    const auto source = outcome.turn.source;
    const bool resting = source == storage::ReplySource::Offline || source == storage::ReplySource::Emergency;
    // More than a frame's worth of text still to show (a burst that arrived
    // faster than it is laid out): the reply ends once it is all on screen.
    if (m_batcher.pendingChars() > m_batcher.maxChars()) {
        m_finishWhenDrained = [this, reply = outcome.turn.reply, resting] { completeFinish(reply, resting); };
        return;
    }
    m_batcher.clear();
    completeFinish(outcome.turn.reply, resting);
}

void ChatScreen::completeFinish(const QString &reply, bool resting)
{
    m_typing->stop();
    m_transcript->finishReply(reply, m_readAloud);
    m_stop->hide();
    m_send->show();
    if (resting)
        showStatus(Notice::Resting);
    // Fresh follow-up questions for the next turn.
    m_deck.nextRound(chipCount());
    m_chipColumns = 0;
    refreshChips();
    Q_EMIT streamingChanged(false);
    Q_EMIT replyFinished();
}

void ChatScreen::startOver()
{
    const persona::Animal animal = m_animal;
    endVisit();
    setAnimal(animal);
}

void ChatScreen::endVisit()
{
    if (m_run)
        m_run->cancel(); // not stop(): nothing left to show is laid out first
    if (!m_conversationId.isEmpty()) {
        if (const zk::Status s = m_core.conversations().end(m_conversationId); !s)
            qCWarning(lcUi).noquote() << "could not end the conversation:" << s.error().message;
    }
    clearConversation();
    m_deck = persona::SuggestionDeck(m_animal);
    refreshChips();
}

void ChatScreen::clearConversation()
{
    m_conversationId.clear();
    m_batcher.clear();
    m_finishWhenDrained = nullptr;
    m_typing->stop();
    m_transcript->clearMessages();
    m_input->clear();
    setKeyboardShown(false);
    showStatus(Notice::None);
}

QString ChatScreen::statusText() const
{
    return m_status->isHidden() ? QString() : m_status->text();
}

// Calm words only: never an error code or server text.
void ChatScreen::showStatus(Notice notice)
{
    m_statusKind = notice;
    QString text;
    switch (notice) {
    case Notice::None:
        break;
    case Notice::Resting:
        text = tr("Our animal ambassadors are taking a short break.");
        break;
    case Notice::EmptyQuestion:
        text = tr("Type a question for %1, or tap one of the buttons!").arg(m_animal.displayName(m_language));
        break;
    case Notice::TooLong:
        text = tr("That is a lot of words! Could you ask it a bit shorter, please?");
        break;
    case Notice::Tangled:
        text = tr("Oops, something got tangled. Please try again.");
        break;
    }
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
}

} // namespace zk::ui
