#include "admin/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

namespace zk::admin {

QByteArray randomBytes(int count)
{
    QByteArray bytes(count, Qt::Uninitialized);
    if (count <= 0 || RAND_bytes(reinterpret_cast<unsigned char *>(bytes.data()), count) != 1)
        return {};
    return bytes;
}

QByteArray pbkdf2Sha256(const QByteArray &password, const QByteArray &salt, int iterations, int length)
{
    QByteArray key(length, Qt::Uninitialized);
    if (iterations <= 0 || length <= 0
        || PKCS5_PBKDF2_HMAC(password.constData(), int(password.size()),
                             reinterpret_cast<const unsigned char *>(salt.constData()), int(salt.size()), iterations,
                             EVP_sha256(), length, reinterpret_cast<unsigned char *>(key.data()))
            != 1)
        return {};
    return key;
}

QByteArray hmacSha256(const QByteArray &key, const QByteArray &data)
{
    QByteArray mac(EVP_MAX_MD_SIZE, Qt::Uninitialized);
    unsigned int length = 0;
    if (!HMAC(EVP_sha256(), key.constData(), int(key.size()), reinterpret_cast<const unsigned char *>(data.constData()),
              std::size_t(data.size()), reinterpret_cast<unsigned char *>(mac.data()), &length))
        return {};
    mac.truncate(int(length));
    return mac;
}

bool constantTimeEqual(const QByteArray &a, const QByteArray &b)
{
    return a.size() == b.size() && CRYPTO_memcmp(a.constData(), b.constData(), std::size_t(a.size())) == 0;
}

} // namespace zk::admin
