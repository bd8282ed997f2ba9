#include "readaloud.h"

#include "core/logging.h"
#include "speech/speechworker.h"

#include <QThread>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace zk::ui {

ReadAloud::ReadAloud(QObject *parent) : ReadAloud(QString(), parent) {}

ReadAloud::ReadAloud(const QString &engine, QObject *parent) : QObject(parent)
{
#ifdef ZK_HAVE_SPEECH
    // No parent: if the engine never comes back, the destructor leaves the thread behind rather than abort.
    m_thread = new QThread;
    m_thread->setObjectName(u"zk-speech"_s);
    m_worker = new SpeechWorker(engine);
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::started, m_worker, &SpeechWorker::start);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &SpeechWorker::started, this, [this](bool available) {
        setAvailable(available);
        Q_EMIT engineStarted();
    });
    connect(m_worker, &SpeechWorker::availabilityChanged, this, &ReadAloud::setAvailable);
    m_thread->start();
#else
    Q_UNUSED(engine);
    // Built without Qt TextToSpeech: never available; say so the same way.
    QTimer::singleShot(0, this, &ReadAloud::engineStarted);
#endif
}

ReadAloud::~ReadAloud()
{
    if (!m_thread)
        return;
    m_thread->quit();
    // A dispatcher that hung (it does, on exit, on this machine) blocks the
    // engine's calls for ever; then the thread is left to the process's end
    // rather than the kiosk waiting on it.
    if (m_thread->wait(2000))
        delete m_thread;
    else
        qCWarning(lcUi) << "read-aloud engine did not stop; leaving its thread behind";
}

void ReadAloud::say(const QString &text, const QString &lang)
{
    if (!m_available || !m_worker)
        return;
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, text, lang] { worker->say(text, lang); },
                              Qt::QueuedConnection);
}

void ReadAloud::stop()
{
    if (!m_available || !m_worker)
        return;
    QMetaObject::invokeMethod(m_worker, [worker = m_worker] { worker->stop(); }, Qt::QueuedConnection);
}

void ReadAloud::setAvailable(bool available)
{
    if (m_available == available)
        return;
    m_available = available;
    Q_EMIT availableChanged(available);
}

} // namespace zk::ui
