#include "fleet/listenspec.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslKey>

using namespace Qt::StringLiterals;

namespace zk::fleet {

namespace {

Result<QSslConfiguration> serverTls(const QString &certFile, const QString &keyFile)
{
    const QList<QSslCertificate> chain = QSslCertificate::fromPath(certFile, QSsl::Pem);
    if (chain.isEmpty())
        return makeError(u"remote/tls_cert %1 holds no readable PEM certificate"_s.arg(certFile));
    QFile file(keyFile);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(u"remote/tls_key %1 cannot be read: %2"_s.arg(keyFile, file.errorString()));
    const QByteArray pem = file.readAll();
    QSslKey key(pem, QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
    if (key.isNull())
        key = QSslKey(pem, QSsl::Rsa, QSsl::Pem, QSsl::PrivateKey);
    if (key.isNull())
        return makeError(u"remote/tls_key %1 holds no unencrypted PEM private key (EC or RSA)"_s.arg(keyFile));
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setLocalCertificateChain(chain);
    ssl.setPrivateKey(key);
    ssl.setPeerVerifyMode(QSslSocket::VerifyNone); // consoles authenticate with the token, not a certificate
    ssl.setProtocol(QSsl::TlsV1_2OrLater);
    return ssl;
}

} // namespace

Result<std::optional<ListenSpec>> ListenSpec::fromConfig(const Config &config)
{
    const QString listen = config.remoteListen.trimmed();
    if (listen.isEmpty())
        return std::optional<ListenSpec>();
    const qsizetype colon = listen.lastIndexOf(u':');
    QString host = listen.left(colon);
    bool portOk = false;
    const uint port = listen.mid(colon + 1).toUInt(&portOk);
    if (colon <= 0 || !portOk || port > 65535)
        return makeError(u"remote/listen \"%1\" is not HOST:PORT"_s.arg(listen));
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);

    ListenSpec spec;
    spec.port = quint16(port);
    if (host.compare(u"localhost"_s, Qt::CaseInsensitive) == 0)
        spec.address = QHostAddress(QHostAddress::LocalHost);
    else if (!spec.address.setAddress(host))
        return makeError(u"remote/listen \"%1\": the host must be an IP address (or localhost)"_s.arg(listen));

    const bool hasCert = !config.remoteTlsCert.isEmpty();
    const bool hasKey = !config.remoteTlsKey.isEmpty();
    if (hasCert != hasKey)
        return makeError(u"the remote endpoint needs both remote/tls_cert and remote/tls_key (only %1 is set)"_s.arg(
            hasCert ? u"remote/tls_cert"_s : u"remote/tls_key"_s));
    if (!hasCert) {
        if (!spec.address.isLoopback())
            return makeError(u"the remote endpoint on %1 is reachable from other machines and must use TLS: set "
                             "remote/tls_cert and remote/tls_key (plain ws is allowed only on 127.0.0.1, ::1 and "
                             "localhost)"_s.arg(listen));
        return std::optional<ListenSpec>(spec);
    }
    auto ssl = serverTls(config.remoteTlsCert, config.remoteTlsKey);
    if (!ssl)
        return ssl.error();
    spec.tls = true;
    spec.ssl = ssl.value();
    return std::optional<ListenSpec>(spec);
}

} // namespace zk::fleet
