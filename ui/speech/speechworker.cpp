#include "speechworker.h"

#ifdef ZK_HAVE_SPEECH

#include "core/logging.h"

#include <QLocale>
#include <QTextToSpeech>

using namespace Qt::StringLiterals;

namespace zk::ui {

SpeechWorker::SpeechWorker(const QString &engine) : m_engineName(engine) {}

void SpeechWorker::start()
{
    // Blocks this thread while speech-dispatcher is spawned and answers.
    m_speech = m_engineName.isEmpty() ? new QTextToSpeech(this) : new QTextToSpeech(m_engineName, this);
    const bool available = m_speech->state() != QTextToSpeech::Error;
    if (available) {
        qCInfo(lcUi).noquote() << "read-aloud engine" << m_speech->engine() << "ready";
        // A little slower than the engines' default: the listeners are young.
        m_speech->setRate(-0.1);
    } else {
        qCInfo(lcUi).noquote() << "read-aloud unavailable:" << m_speech->errorString();
    }
    connect(m_speech, &QTextToSpeech::stateChanged, this, [this](QTextToSpeech::State state) {
        Q_EMIT availabilityChanged(state != QTextToSpeech::Error);
    });
    Q_EMIT started(available);
}

void SpeechWorker::useLanguage(const QString &lang)
{
    const QString language = lang == u"es"_s ? u"es"_s : u"en"_s;
    if (language == m_language)
        return;
    m_language = language;
    // The engines start in whatever locale the system has (speechd: "C" and
    // some voice of it), so always choose: the exact locale of the language
    // (es_ES, en_US) if present, else any voice of that language (es_419).
    const QLocale wanted(language);
    const QList<QLocale> locales = m_speech->availableLocales();
    QLocale chosen = QLocale::c();
    for (const QLocale &locale : locales) {
        if (locale.language() != wanted.language())
            continue;
        if (chosen == QLocale::c() || locale.territory() == wanted.territory())
            chosen = locale;
        if (locale.territory() == wanted.territory())
            break;
    }
    if (chosen == QLocale::c()) {
        qCWarning(lcUi).noquote() << "read-aloud: no voice for" << language << "; using the engine's default";
        return;
    }
    m_speech->setLocale(chosen);
}

void SpeechWorker::say(const QString &text, const QString &lang)
{
    if (!m_speech || m_speech->state() == QTextToSpeech::Error)
        return;
    useLanguage(lang);
    m_speech->stop();
    m_speech->say(text);
}

void SpeechWorker::stop()
{
    if (m_speech && m_speech->state() != QTextToSpeech::Error)
        m_speech->stop();
}

} // namespace zk::ui

#endif // ZK_HAVE_SPEECH
