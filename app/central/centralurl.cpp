#include "central/centralurl.h"

#include <QUrl>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace zk::central {

Result<CentralUrl> CentralUrl::parse(const QString &text)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    // The messages never carry the text itself: it may hold a password.
    if (!url.isValid() || (url.scheme() != u"postgresql" && url.scheme() != u"postgres"))
        return makeError(u"expected a URL such as postgresql://USER:PASSWORD@HOST:5432/DATABASE"_s);
    CentralUrl c;
    c.host = url.host();
    if (c.host.isEmpty())
        return makeError(u"the central database URL has no host"_s);
    c.port = url.port(5432);
    c.database = url.path().mid(1);
    if (c.database.isEmpty() || c.database.contains(u'/'))
        return makeError(u"the central database URL needs a database name: postgresql://HOST:PORT/DATABASE"_s);
    c.user = url.userName(QUrl::FullyDecoded);
    c.password = url.password(QUrl::FullyDecoded);
    const QUrlQuery query(url);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (key == u"sslmode") {
            static const QStringList modes{u"disable"_s, u"allow"_s, u"prefer"_s, u"require"_s, u"verify-ca"_s,
                                           u"verify-full"_s};
            if (!modes.contains(value))
                return makeError(u"sslmode must be one of "_s + modes.join(u", "_s));
            c.sslMode = value;
        } else if (key == u"sslrootcert") {
            c.sslRootCert = value;
        } else if (key == u"connect_timeout") {
            bool ok = false;
            c.connectTimeoutS = value.toInt(&ok);
            if (!ok || c.connectTimeoutS < 1 || c.connectTimeoutS > 300)
                return makeError(u"connect_timeout must be 1 to 300 seconds"_s);
        } else {
            return makeError(u"the central database URL has an unsupported option \"%1\" (sslmode, sslrootcert and "
                             "connect_timeout are)"_s.arg(key));
        }
    }
    return c;
}

QString CentralUrl::redact(const QString &text)
{
    QUrl url(text.trimmed());
    if (!url.isValid())
        return u"(an unreadable URL)"_s;
    if (!url.password().isEmpty())
        url.setPassword(u"***"_s);
    return url.toString();
}

QString CentralUrl::redacted() const
{
    QUrl url;
    url.setScheme(u"postgresql"_s);
    url.setHost(host);
    url.setPort(port);
    url.setPath(u'/' + database);
    url.setUserName(user);
    if (!password.isEmpty())
        url.setPassword(u"***"_s);
    return url.toString();
}

QString CentralUrl::connectOptions() const
{
    // A lost network must not hang a worker: keepalives notice a dead peer
    // within ~15 s, and no statement may run longer than 20 s.
    QStringList options{u"connect_timeout=%1"_s.arg(connectTimeoutS), u"keepalives=1"_s, u"keepalives_idle=5"_s,
                        u"keepalives_interval=2"_s, u"keepalives_count=3"_s, u"tcp_user_timeout=15000"_s,
                        u"application_name=zookiosk"_s};
    if (!sslMode.isEmpty())
        options << u"sslmode="_s + sslMode;
    if (!sslRootCert.isEmpty())
        options << u"sslrootcert="_s + sslRootCert;
    return options.join(u';');
}

} // namespace zk::central
