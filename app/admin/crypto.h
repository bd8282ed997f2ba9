#pragma once

#include <QByteArray>

namespace zk::admin {

// The few OpenSSL primitives the staff secrets need, each a thin wrapper.

// Cryptographically random bytes (RAND_bytes); empty if the generator fails.
QByteArray randomBytes(int count);

// PBKDF2-HMAC-SHA256 (PKCS5_PBKDF2_HMAC); empty on failure.
QByteArray pbkdf2Sha256(const QByteArray &password, const QByteArray &salt, int iterations, int length = 32);

// HMAC-SHA256 (OpenSSL HMAC); empty on failure.
QByteArray hmacSha256(const QByteArray &key, const QByteArray &data);

// Equal length and bytes, in time that does not depend on where they differ.
bool constantTimeEqual(const QByteArray &a, const QByteArray &b);

} // namespace zk::admin
