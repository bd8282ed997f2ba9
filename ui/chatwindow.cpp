#include "chatwindow.h"

#include "conversation/turnpipeline.h"
#include "conversation/turnrun.h"
#include "core/kioskcore.h"
#include "core/logging.h"
#include "storage/repositories.h"

#include <QApplication>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPushButton>
#include <QScrollBar>
#include <QStackedWidget>
#include <QSvgRenderer>
#include <QTextBrowser>
#include <QTimer>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace zk::ui {

namespace {

QPixmap renderArt(const QString &path, int size)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QSvgRenderer renderer(path);
    if (renderer.isValid()) {
        QPainter painter(&pixmap);
        renderer.render(&painter);
    }
    return pixmap;
}

void clearLayout(QLayout *layout)
{
    while (QLayoutItem *item = layout->takeAt(0)) {
        if (QWidget *w = item->widget()) {
            w->hide();
            w->setParent(nullptr); // out of the tree now, deleted once its events are done
            w->deleteLater();
        }
        if (QLayout *l = item->layout())
            clearLayout(l);
        delete item;
    }
}

} // namespace

ChatWindow::ChatWindow(KioskCore &core, QTranslator &translator, QWidget *parent)
    : QWidget(parent), m_core(core), m_translator(translator), m_language(core.config().language)
{
    setObjectName(u"chatWindow"_s);
    m_renderTimer.setSingleShot(true);
    m_renderTimer.setInterval(16); // one frame
    connect(&m_renderTimer, &QTimer::timeout, this, &ChatWindow::renderTranscript);
    auto *root = new QVBoxLayout(this);
    m_stack = new QStackedWidget(this);
    root->addWidget(m_stack);
    m_picker = buildPicker();
    m_stack->addWidget(m_picker);
    m_stack->addWidget(buildChat());
    setStyleSheet(u"QWidget#chatWindow { background: #f4f9f1; } "
                  "QPushButton { min-height: 64px; font-size: 20px; border-radius: 16px; padding: 8px 18px; "
                  "background: #2f7d4a; color: white; border: none; } "
                  "QPushButton:pressed { background: #1f5a34; } "
                  "QPushButton:disabled { background: #9bb8a5; } "
                  "QPushButton#chip { background: #ffffff; color: #1f5a34; border: 2px solid #2f7d4a; } "
                  "QLineEdit { min-height: 64px; font-size: 22px; border-radius: 16px; padding: 0 16px; "
                  "border: 2px solid #2f7d4a; background: white; } "
                  "QTextBrowser { font-size: 22px; border: none; background: white; border-radius: 16px; }"_s);
    reloadAnimals();
    retranslate();
}

QWidget *ChatWindow::buildPicker()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    auto *top = new QHBoxLayout;
    m_pickerTitle = new QLabel(page);
    m_pickerTitle->setStyleSheet(u"font-size: 34px; font-weight: bold; color: #1f5a34;"_s);
    top->addWidget(m_pickerTitle, 1);
    m_languageButton = new QPushButton(page);
    connect(m_languageButton, &QPushButton::clicked, this,
            [this] { setLanguage(m_language == u"es" ? u"en"_s : u"es"_s); });
    top->addWidget(m_languageButton);
    layout->addLayout(top);
    m_cards = new QWidget(page);
    m_cardsLayout = new QVBoxLayout(m_cards);
    layout->addWidget(m_cards, 1);
    return page;
}

QWidget *ChatWindow::buildChat()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);

    auto *header = new QHBoxLayout;
    m_back = new QPushButton(page);
    connect(m_back, &QPushButton::clicked, this, [this] {
        onStop();
        m_stack->setCurrentWidget(m_picker);
    });
    header->addWidget(m_back);
    m_animalArt = new QLabel(page);
    header->addWidget(m_animalArt);
    m_animalName = new QLabel(page);
    m_animalName->setStyleSheet(u"font-size: 30px; font-weight: bold; color: #1f5a34;"_s);
    header->addWidget(m_animalName, 1);
    layout->addLayout(header);

    m_chatView = new QTextBrowser(page);
    m_chatView->setOpenLinks(false);
    layout->addWidget(m_chatView, 1);

    m_chips = new QWidget(page);
    new QHBoxLayout(m_chips);
    layout->addWidget(m_chips);

    m_status = new QLabel(page);
    m_status->setStyleSheet(u"font-size: 18px; color: #5a5a5a;"_s);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    auto *inputRow = new QHBoxLayout;
    m_input = new QLineEdit(page);
    connect(m_input, &QLineEdit::returnPressed, this, &ChatWindow::onSend);
    inputRow->addWidget(m_input, 1);
    m_send = new QPushButton(page);
    connect(m_send, &QPushButton::clicked, this, &ChatWindow::onSend);
    inputRow->addWidget(m_send);
    m_stop = new QPushButton(page);
    m_stop->setEnabled(false);
    connect(m_stop, &QPushButton::clicked, this, &ChatWindow::onStop);
    inputRow->addWidget(m_stop);
    layout->addLayout(inputRow);
    return page;
}

void ChatWindow::reloadAnimals()
{
    const auto list = m_core.animals().list(true);
    if (!list) {
        qCWarning(lcUi).noquote() << "could not load animals:" << list.error().message;
        return;
    }
    m_animals = list.value();
    clearLayout(m_cardsLayout);
    auto *grid = new QGridLayout;
    int i = 0;
    for (const persona::Animal &animal : std::as_const(m_animals)) {
        auto *card = new QPushButton(m_cards);
        card->setObjectName(u"card_"_s + animal.id);
        card->setIcon(QIcon(renderArt(animal.art, 160)));
        card->setIconSize(QSize(160, 160));
        card->setText(animal.displayName(m_language));
        card->setMinimumHeight(200);
        card->setStyleSheet(u"text-align: left; font-size: 24px; background: white; color: #1f5a34; "
                            "border: 3px solid #2f7d4a;"_s);
        const QString id = animal.id;
        connect(card, &QPushButton::clicked, this, [this, id] { showAnimal(id); });
        grid->addWidget(card, i / 3, i % 3);
        ++i;
    }
    m_cardsLayout->addLayout(grid);
}

void ChatWindow::showAnimal(const QString &animalId)
{
    for (const persona::Animal &a : std::as_const(m_animals)) {
        if (a.id != animalId)
            continue;
        onStop();
        m_animal = a;
        m_conversationId.clear();
        m_bubbles.clear();
        m_animalArt->setPixmap(renderArt(a.art, 96));
        retranslate();
        renderTranscript();
        showStatus(m_core.online() ? QString()
                                   : tr("Our animal ambassadors are taking a short break."));
        m_stack->setCurrentIndex(1);
        m_input->setFocus();
        return;
    }
}

void ChatWindow::setLanguage(const QString &language)
{
    m_language = language;
    qApp->removeTranslator(&m_translator);
    if (m_translator.load(u":/i18n/zookiosk_%1.qm"_s.arg(language)))
        qApp->installTranslator(&m_translator);
    reloadAnimals();
    retranslate();
}

void ChatWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ChatWindow::retranslate()
{
    setWindowTitle(tr("Zoo Kiosk"));
    m_pickerTitle->setText(tr("Tap an animal to talk!"));
    m_languageButton->setText(tr("Español"));
    m_back->setText(tr("Other animals"));
    m_send->setText(tr("Send"));
    m_stop->setText(tr("Stop"));
    m_input->setPlaceholderText(tr("Type your question here"));
    if (m_animal.id.isEmpty())
        return;
    m_animalName->setText(m_animal.displayName(m_language));
    clearLayout(m_chips->layout());
    if (const persona::AnimalText *t = m_animal.text(m_language)) {
        for (const QString &q : t->suggestedQuestions.mid(0, 4)) {
            auto *chip = new QPushButton(q, m_chips);
            chip->setObjectName(u"chip"_s);
            connect(chip, &QPushButton::clicked, this, [this, q] { sendQuestion(q); });
            m_chips->layout()->addWidget(chip);
        }
    }
}

void ChatWindow::sendQuestion(const QString &text)
{
    m_input->setText(text);
    onSend();
}

void ChatWindow::onSend()
{
    if (m_run || m_animal.id.isEmpty())
        return;
    const QString text = m_input->text();
    conversation::TurnRequest request{m_animal.id, m_conversationId, text, m_language};
    auto started = m_core.pipeline().ask(request);
    if (!started) {
        switch (started.error().reason) {
        case conversation::Rejection::EmptyMessage:
            showStatus(tr("Type a question for %1, or tap one of the buttons!").arg(m_animal.displayName(m_language)));
            break;
        case conversation::Rejection::TooLong:
            showStatus(tr("That is a lot of words! Could you ask it a bit shorter, please?"));
            break;
        default:
            qCWarning(lcUi).noquote() << "turn not started:" << started.error().detail;
            showStatus(tr("Oops, something got tangled. Please try again."));
            break;
        }
        return;
    }
    m_run = started.value();
    m_conversationId = m_run->conversation().id;
    m_input->clear();
    showStatus(QString());
    appendBubble(tr("You"), text.trimmed(), true);
    appendBubble(m_animal.displayName(m_language), QString(), false);
    m_send->setEnabled(false);
    m_stop->setEnabled(true);
    connect(m_run, &conversation::TurnRun::replyDelta, this, &ChatWindow::onDelta);
    connect(m_run, &conversation::TurnRun::replyReplaced, this, &ChatWindow::onReplaced);
    connect(m_run, &conversation::TurnRun::finished, this, &ChatWindow::onFinished);
}

void ChatWindow::onStop()
{
    if (m_run)
        m_run->cancel();
}

void ChatWindow::onDelta(const QString &delta)
{
    if (m_bubbles.isEmpty())
        return;
    m_bubbles.last().text += delta;
    // Coalesce deltas into one repaint per frame.
    if (!m_renderTimer.isActive())
        m_renderTimer.start();
}

void ChatWindow::onReplaced(const QString &text)
{
    if (m_bubbles.isEmpty())
        return;
    m_bubbles.last().text = text;
    if (!m_renderTimer.isActive())
        m_renderTimer.start();
}

void ChatWindow::onFinished(const conversation::TurnOutcome &outcome)
{
    if (!m_bubbles.isEmpty())
        m_bubbles.last().text = outcome.turn.reply;
    m_renderTimer.stop();
    m_send->setEnabled(true);
    m_stop->setEnabled(false);
    if (outcome.turn.source == storage::ReplySource::Emergency || outcome.turn.source == storage::ReplySource::Offline)
        showStatus(tr("Our animal ambassadors are taking a short break."));
    renderTranscript();
    m_run = nullptr;
    Q_EMIT replyFinished();
}

void ChatWindow::appendBubble(const QString &who, const QString &text, bool visitor)
{
    m_bubbles.append(Bubble{who, text, visitor});
    renderTranscript();
}

void ChatWindow::renderTranscript()
{
    QString html;
    for (const Bubble &b : std::as_const(m_bubbles)) {
        const QString align = b.visitor ? u"right"_s : u"left"_s;
        const QString colour = b.visitor ? u"#dff0e3"_s : u"#fff6dc"_s;
        const QString text = b.text.isEmpty() && !b.visitor ? u"…"_s : b.text.toHtmlEscaped();
        html += u"<table width='100%%' cellpadding='12'><tr><td align='%1'>"
               "<div style='background:%2'><b>%3</b><br/>%4</div></td></tr></table>"_s
                    .arg(align, colour, b.who.toHtmlEscaped(), QString(text).replace(u'\n', u"<br/>"_s));
    }
    m_chatView->setHtml(html);
    m_chatView->verticalScrollBar()->setValue(m_chatView->verticalScrollBar()->maximum());
}

QString ChatWindow::transcript() const
{
    QString text;
    for (const Bubble &b : m_bubbles)
        text += b.who + u": "_s + b.text + u'\n';
    return text;
}

void ChatWindow::showStatus(const QString &text)
{
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
}

} // namespace zk::ui
