#include "tlscredentials.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

using namespace Qt::StringLiterals;

namespace zk::test {

namespace {

template <auto Free>
struct Deleter
{
    template <typename T>
    void operator()(T *p) const { Free(p); }
};
using PKeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;

QString openSslError(const char *what)
{
    QString message = QString::fromLatin1(what);
    while (const unsigned long code = ERR_get_error()) {
        char text[256];
        ERR_error_string_n(code, text, sizeof text);
        message += u": "_s + QString::fromLatin1(text);
    }
    return message;
}

QByteArray bioBytes(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return size > 0 ? QByteArray(data, size) : QByteArray();
}

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

} // namespace

QSslCertificate TlsCredentials::certificate() const
{
    return QSslCertificate(certificatePem, QSsl::Pem);
}

QSslKey TlsCredentials::privateKey() const
{
    QSslKey key(privateKeyPem, QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
    if (key.isNull())
        key = QSslKey(privateKeyPem, QSsl::Rsa, QSsl::Pem, QSsl::PrivateKey);
    return key;
}

bool TlsCredentials::writeTo(const QString &dir, QString *error) const
{
    if (isNull())
        return fail(error, u"no certificate to write"_s);
    if (!QDir().mkpath(dir))
        return fail(error, u"cannot create %1"_s.arg(dir));
    const auto write = [&](const QString &name, const QByteArray &data, QFileDevice::Permissions permissions) {
        QSaveFile file(QDir(dir).filePath(name));
        if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size()
            || !file.setPermissions(permissions) || !file.commit())
            return fail(error, u"cannot write %1: %2"_s.arg(file.fileName(), file.errorString()));
        return true;
    };
    return write(u"key.pem"_s, privateKeyPem, QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        && write(u"cert.pem"_s, certificatePem,
                 QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther);
}

TlsCredentials TlsCredentials::readFrom(const QString &certificateFile, const QString &keyFile, QString *error)
{
    TlsCredentials credentials;
    QFile cert(certificateFile);
    QFile key(keyFile);
    if (!cert.open(QIODevice::ReadOnly)) {
        fail(error, u"cannot read %1: %2"_s.arg(certificateFile, cert.errorString()));
        return {};
    }
    if (!key.open(QIODevice::ReadOnly)) {
        fail(error, u"cannot read %1: %2"_s.arg(keyFile, key.errorString()));
        return {};
    }
    credentials.certificatePem = cert.readAll();
    credentials.privateKeyPem = key.readAll();
    if (credentials.certificate().isNull()) {
        fail(error, u"%1 holds no PEM certificate"_s.arg(certificateFile));
        return {};
    }
    if (credentials.privateKey().isNull()) {
        fail(error, u"%1 holds no unencrypted PEM private key (EC or RSA)"_s.arg(keyFile));
        return {};
    }
    return credentials;
}

TlsCredentials TlsCredentials::selfSigned(const QStringList &subjectAltNames, int validDays, QString *error)
{
    ERR_clear_error();
    PKeyPtr key(EVP_EC_gen("P-256"));
    if (!key) {
        fail(error, openSslError("EC key generation failed"));
        return {};
    }

    X509Ptr cert(X509_new());
    BnPtr serial(BN_new());
    if (!cert || !serial || !X509_set_version(cert.get(), X509_VERSION_3)
        || !BN_rand(serial.get(), 63, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY)
        || !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get()))
        || !X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600)   // tolerate a little clock skew
        || !X509_gmtime_adj(X509_getm_notAfter(cert.get()), long(qMax(1, validDays)) * 24 * 3600)
        || !X509_set_pubkey(cert.get(), key.get())) {
        fail(error, openSslError("cannot fill in the certificate"));
        return {};
    }

    X509_NAME *name = X509_get_subject_name(cert.get());
    const auto addEntry = [name](const char *field, const char *value) {
        return X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, reinterpret_cast<const unsigned char *>(value),
                                          -1, -1, 0);
    };
    if (!addEntry("O", "Zoo Kiosk test server") || !addEntry("CN", "localhost")
        || !X509_set_issuer_name(cert.get(), name)) {
        fail(error, openSslError("cannot set the subject"));
        return {};
    }

    // What `openssl req -x509` adds, plus the names the server is reached by.
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
    const QByteArray altNames = subjectAltNames.join(u',').toUtf8();
    const std::pair<int, const char *> extensions[] = {
        {NID_basic_constraints, "critical,CA:TRUE"},
        {NID_subject_key_identifier, "hash"},
        {NID_authority_key_identifier, "keyid:always"},
        {NID_ext_key_usage, "serverAuth"},
        {NID_subject_alt_name, altNames.constData()},
    };
    for (const auto &[nid, value] : extensions) {
        if (nid == NID_subject_alt_name && altNames.isEmpty())
            continue;
        ExtPtr extension(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
        if (!extension || !X509_add_ext(cert.get(), extension.get(), -1)) {
            fail(error, openSslError("cannot add a certificate extension") + u" ("_s + QString::fromUtf8(value)
                            + u')');
            return {};
        }
    }
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0) {
        fail(error, openSslError("cannot sign the certificate"));
        return {};
    }

    BioPtr certBio(BIO_new(BIO_s_mem()));
    BioPtr keyBio(BIO_new(BIO_s_mem()));
    if (!certBio || !keyBio || !PEM_write_bio_X509(certBio.get(), cert.get())
        || !PEM_write_bio_PrivateKey(keyBio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr)) {
        fail(error, openSslError("cannot write PEM"));
        return {};
    }
    TlsCredentials credentials;
    credentials.certificatePem = bioBytes(certBio.get());
    credentials.privateKeyPem = bioBytes(keyBio.get());
    return credentials;
}

} // namespace zk::test
