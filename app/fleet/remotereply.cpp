#include "fleet/remotereply.h"

namespace zk::fleet {

void RemoteReply::finish(const QJsonValue &result)
{
    if (m_finished)
        return;
    m_finished = true;
    m_result = result;
    Q_EMIT finished();
    deleteLater();
}

void RemoteReply::fail(int code, const QString &message)
{
    if (m_finished)
        return;
    m_finished = true;
    m_code = code == 0 ? Disconnected : code;
    m_message = message;
    Q_EMIT finished();
    deleteLater();
}

} // namespace zk::fleet
