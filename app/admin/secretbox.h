#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QString>

namespace zk::admin {

// Encrypts small secrets (the OpenAI API key, the fleet token) at rest with
// AES-256-GCM (OpenSSL EVP). The 32-byte key lives in its own file beside the
// database, created with mode 0600 so only the kiosk's user can read it; the
// database alone does not reveal the secrets. A sealed value is text:
// "gcm1:" + base64(12-byte nonce | ciphertext | 16-byte tag).
class SecretBox
{
public:
    // `keyFile`: e.g. <data dir>/secret.key. Nothing happens until first use.
    explicit SecretBox(QString keyFile);

    // `label` is authenticated with the value (a sealed API key does not
    // open as a fleet token).
    Result<QString> seal(const QByteArray &plain, const QByteArray &label);
    Result<QByteArray> open(const QString &sealed, const QByteArray &label);

    const QString &keyFile() const { return m_keyFile; }

private:
    // Reads the key, or creates it (0600) when `create` and it is missing.
    Result<QByteArray> key(bool create);

    QString m_keyFile;
};

} // namespace zk::admin
