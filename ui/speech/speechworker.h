#pragma once

#include <QObject>
#include <QString>

class QTextToSpeech;

namespace zk::ui {

// ReadAloud's engine side, living on ReadAloud's speech thread: creates the
// Qt TextToSpeech engine there, picks the voice for a language and speaks.
// Built only with ZK_HAVE_SPEECH.
class SpeechWorker : public QObject
{
    Q_OBJECT

public:
    explicit SpeechWorker(const QString &engine);

    void start();
    void say(const QString &text, const QString &lang);
    void stop();

Q_SIGNALS:
    void started(bool available);
    void availabilityChanged(bool available);

private:
    void useLanguage(const QString &lang);

    QString m_engineName;
    QTextToSpeech *m_speech = nullptr;
    QString m_language;
};

} // namespace zk::ui
