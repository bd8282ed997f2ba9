#pragma once

#include <QObject>
#include <QString>

class QThread;

namespace zk::ui {

class SpeechWorker;

// Reads replies aloud with Qt TextToSpeech when the build found it
// (ZK_HAVE_SPEECH) and a speech engine answers; otherwise isAvailable() stays
// false and say()/stop() do nothing.
//
// The engine lives on a thread of its own: with speech-dispatcher, creating
// it autospawns the dispatcher and blocks for ~5 s, and a dispatcher that hung
// while exiting (seen on this machine) blocks it for ever. The kiosk's UI
// thread must not wait on either, so availability arrives later through
// availableChanged().
class ReadAloud : public QObject
{
    Q_OBJECT

public:
    explicit ReadAloud(QObject *parent = nullptr);
    // engine: a Qt TextToSpeech plugin name ("speechd", "flite"); empty = Qt's default.
    explicit ReadAloud(const QString &engine, QObject *parent = nullptr);
    ~ReadAloud() override;

    // True once the engine has started and is not in an error state.
    bool isAvailable() const { return m_available; }
    // Speaks text in "en" or "es" (voice chosen by locale), cutting off whatever was being said.
    void say(const QString &text, const QString &lang);
    void stop();

Q_SIGNALS:
    // The engine finished starting (true) or failed or broke down (false).
    void availableChanged(bool available);
    // The engine finished starting, whatever the outcome (tests, diagnostics).
    void engineStarted();

private:
    void setAvailable(bool available);

    bool m_available = false;
    QThread *m_thread = nullptr;
    SpeechWorker *m_worker = nullptr;
};

} // namespace zk::ui
