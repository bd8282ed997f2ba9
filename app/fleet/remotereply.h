#pragma once

#include <QJsonValue>
#include <QObject>
#include <QString>

namespace zk::fleet {

// One call on a kiosk's remote channel, seen from the console: it finishes
// once, with the method's result or an error (the JSON-RPC code and the
// kiosk's own message, or Disconnected when the connection went away first).
// It deletes itself after finished() (deleteLater), like a QNetworkReply
// left to Qt.
class RemoteReply : public QObject
{
    Q_OBJECT

public:
    // Not a JSON-RPC code: the connection closed before the answer.
    static constexpr int Disconnected = -1;

    explicit RemoteReply(QString method, QObject *parent = nullptr) : QObject(parent), m_method(std::move(method)) {}

    const QString &method() const { return m_method; }
    bool isFinished() const { return m_finished; }
    bool isOk() const { return m_finished && m_code == 0; }
    const QJsonValue &result() const { return m_result; }
    int errorCode() const { return m_code; }
    // The kiosk's message (English, for logs and the "details" line).
    const QString &errorMessage() const { return m_message; }

    void finish(const QJsonValue &result);
    void fail(int code, const QString &message);

Q_SIGNALS:
    void finished();

private:
    QString m_method;
    bool m_finished = false;
    QJsonValue m_result;
    int m_code = 0;
    QString m_message;
};

} // namespace zk::fleet
