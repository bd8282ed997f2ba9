#include "admin/secretbox.h"

#include "admin/crypto.h"

#include <QFile>
#include <QFileDevice>

#include <openssl/evp.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

using namespace Qt::StringLiterals;

namespace zk::admin {

namespace {

constexpr int kKeyBytes = 32;
constexpr int kNonceBytes = 12;
constexpr int kTagBytes = 16;
const QString kPrefix = u"gcm1:"_s;

struct CipherDeleter
{
    void operator()(EVP_CIPHER_CTX *ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using Cipher = std::unique_ptr<EVP_CIPHER_CTX, CipherDeleter>;

const unsigned char *bytes(const QByteArray &b)
{
    return reinterpret_cast<const unsigned char *>(b.constData());
}

} // namespace

SecretBox::SecretBox(QString keyFile) : m_keyFile(std::move(keyFile)) {}

Result<QByteArray> SecretBox::key(bool create)
{
    const QByteArray path = QFile::encodeName(m_keyFile);
    int fd = ::open(path.constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT && create) {
        // Created with 0600 from the start (O_EXCL: never over another file).
        const QByteArray fresh = randomBytes(kKeyBytes);
        if (fresh.isEmpty())
            return makeError(u"no random bytes for the secret key"_s);
        const int out = ::open(path.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR);
        if (out < 0)
            return makeError(u"cannot create %1: %2"_s.arg(m_keyFile, QString::fromLocal8Bit(std::strerror(errno))));
        const bool written = ::write(out, fresh.constData(), std::size_t(fresh.size())) == fresh.size()
            && ::fsync(out) == 0;
        ::close(out);
        if (!written) {
            ::unlink(path.constData());
            return makeError(u"cannot write %1"_s.arg(m_keyFile));
        }
        return fresh;
    }
    if (fd < 0)
        return makeError(u"cannot read %1: %2"_s.arg(m_keyFile, QString::fromLocal8Bit(std::strerror(errno))));
    struct stat st {};
    if (::fstat(fd, &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
        ::fchmod(fd, S_IRUSR | S_IWUSR); // someone loosened it: readable by the kiosk's user only again
    QByteArray key(kKeyBytes + 1, Qt::Uninitialized);
    const ssize_t n = ::read(fd, key.data(), std::size_t(key.size()));
    ::close(fd);
    if (n != kKeyBytes)
        return makeError(u"%1 is not a %2-byte key"_s.arg(m_keyFile).arg(kKeyBytes));
    key.truncate(kKeyBytes);
    return key;
}

Result<QString> SecretBox::seal(const QByteArray &plain, const QByteArray &label)
{
    const auto k = key(true);
    if (!k)
        return k.error();
    const QByteArray nonce = randomBytes(kNonceBytes);
    if (nonce.isEmpty())
        return makeError(u"no random bytes for the nonce"_s);
    Cipher ctx(EVP_CIPHER_CTX_new());
    QByteArray cipher(plain.size(), Qt::Uninitialized);
    QByteArray tag(kTagBytes, Qt::Uninitialized);
    int len = 0;
    int total = 0;
    const bool ok = ctx && EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1
        && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceBytes, nullptr) == 1
        && EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, bytes(k.value()), bytes(nonce)) == 1
        && EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes(label), int(label.size())) == 1
        && EVP_EncryptUpdate(ctx.get(), reinterpret_cast<unsigned char *>(cipher.data()), &len, bytes(plain),
                             int(plain.size()))
            == 1
        && (total = len, EVP_EncryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char *>(cipher.data()) + total, &len)
                == 1)
        && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, tag.data()) == 1;
    if (!ok)
        return makeError(u"AES-256-GCM encryption failed"_s);
    cipher.truncate(total + len);
    const QByteArray sealed = nonce + cipher + tag;
    return QString(kPrefix + QString::fromLatin1(sealed.toBase64()));
}

Result<QByteArray> SecretBox::open(const QString &sealed, const QByteArray &label)
{
    if (!sealed.startsWith(kPrefix))
        return makeError(u"not a sealed value"_s);
    const QByteArray raw = QByteArray::fromBase64(sealed.mid(kPrefix.size()).toLatin1());
    if (raw.size() < kNonceBytes + kTagBytes)
        return makeError(u"the sealed value is damaged"_s);
    const auto k = key(false);
    if (!k)
        return k.error();
    const QByteArray nonce = raw.left(kNonceBytes);
    const QByteArray cipher = raw.mid(kNonceBytes, raw.size() - kNonceBytes - kTagBytes);
    QByteArray tag = raw.right(kTagBytes);
    Cipher ctx(EVP_CIPHER_CTX_new());
    QByteArray plain(cipher.size(), Qt::Uninitialized);
    int len = 0;
    int total = 0;
    const bool ok = ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1
        && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceBytes, nullptr) == 1
        && EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, bytes(k.value()), bytes(nonce)) == 1
        && EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes(label), int(label.size())) == 1
        && EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char *>(plain.data()), &len, bytes(cipher),
                             int(cipher.size()))
            == 1
        && (total = len, EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) == 1)
        && EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char *>(plain.data()) + total, &len) == 1;
    if (!ok)
        return makeError(u"the sealed value does not open with this kiosk's key (damaged, or from another kiosk)"_s);
    plain.truncate(total + len);
    return plain;
}

} // namespace zk::admin
