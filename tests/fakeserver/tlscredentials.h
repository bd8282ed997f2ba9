#pragma once

#include <QByteArray>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>
#include <QStringList>

namespace zk::test {

// A certificate and its private key, both PEM, for FakeOpenAiServer::listenTls().
// selfSigned() makes a throwaway one in process (OpenSSL's X509 API, no
// openssl CLI): EC P-256, SHA-256, valid from an hour ago for `validDays`,
// subject CN=localhost, subjectAltName DNS:localhost + IP:127.0.0.1 by default,
// basicConstraints CA:TRUE (like `openssl req -x509`), so the same PEM file is
// both the server's certificate and the CA a client is told to trust
// (`openai/ca_file`, QSslConfiguration::addCaCertificates, NODE_EXTRA_CA_CERTS).
struct TlsCredentials
{
    QByteArray certificatePem;
    QByteArray privateKeyPem;   // PKCS#8, unencrypted

    bool isNull() const { return certificatePem.isEmpty() || privateKeyPem.isEmpty(); }
    QSslCertificate certificate() const;
    QSslKey privateKey() const;

    // Writes DIR/cert.pem and DIR/key.pem (the key readable by the owner only).
    bool writeTo(const QString &dir, QString *error = nullptr) const;
    // Reads a PEM certificate and a PEM private key (EC or RSA).
    static TlsCredentials readFrom(const QString &certificateFile, const QString &keyFile, QString *error = nullptr);

    // subjectAltNames in OpenSSL's syntax: "DNS:name" or "IP:address". Null on failure.
    static TlsCredentials selfSigned(const QStringList &subjectAltNames = {QStringLiteral("DNS:localhost"),
                                                                           QStringLiteral("IP:127.0.0.1")},
                                     int validDays = 2, QString *error = nullptr);
};

} // namespace zk::test
