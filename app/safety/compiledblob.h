#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>
#include <QtEndian>

#include <cstring>

namespace zk::safety {

// The byte format of the compiled lexicon (ModerationLexicon::serialize):
// little-endian 32-bit integers, 64-bit doubles, and strings as a length in
// UTF-16 code units followed by the code units, padded to four bytes, so that
// every string starts on an even address when the blob does. That lets the
// kiosk read its compiled-in lexicon in place: BlobReader with `borrow` hands
// out QString::fromRawData views of the (static, read-only) resource bytes
// instead of allocating some 20,000 strings at every start.
class BlobWriter
{
public:
    void i32(qint32 v)
    {
        const qint32 le = qToLittleEndian(v);
        m_bytes.append(reinterpret_cast<const char *>(&le), sizeof le);
    }
    void u32(quint32 v) { i32(qint32(v)); }
    void f64(double v)
    {
        quint64 bits = 0;
        std::memcpy(&bits, &v, sizeof bits);
        bits = qToLittleEndian(bits);
        m_bytes.append(reinterpret_cast<const char *>(&bits), sizeof bits);
    }
    void flag(bool v) { i32(v ? 1 : 0); }
    void str(const QString &s)
    {
        i32(qint32(s.size()));
        for (const QChar c : s) {
            const quint16 le = qToLittleEndian(c.unicode());
            m_bytes.append(reinterpret_cast<const char *>(&le), sizeof le);
        }
        while (m_bytes.size() % 4 != 0)
            m_bytes.append('\0');
    }
    void strList(const QStringList &list)
    {
        i32(qint32(list.size()));
        for (const QString &s : list)
            str(s);
    }
    void intList(const QList<int> &list)
    {
        i32(qint32(list.size()));
        for (int v : list)
            i32(v);
    }
    const QByteArray &bytes() const { return m_bytes; }

private:
    QByteArray m_bytes;
};

// Reads what BlobWriter wrote. Every read is bounds-checked: damaged data sets
// ok() to false and yields zeros and empty strings, never a read past the end
// or a huge allocation. With `borrow` (only for bytes that live as long as the
// program, such as uncompressed qrc data, and only on a little-endian host
// when the bytes start on an even address) strings point into the bytes.
class BlobReader
{
public:
    BlobReader(QByteArrayView bytes, bool borrow)
        : m_data(bytes.data()), m_size(bytes.size()),
          m_borrow(borrow && QSysInfo::ByteOrder == QSysInfo::LittleEndian
                   && reinterpret_cast<quintptr>(bytes.data()) % alignof(char16_t) == 0)
    {
    }

    bool ok() const { return m_ok; }
    bool atEnd() const { return m_pos == m_size; }
    qsizetype remaining() const { return m_size - m_pos; }

    qint32 i32()
    {
        qint32 v = 0;
        if (take(sizeof v))
            std::memcpy(&v, m_data + m_pos - sizeof v, sizeof v);
        return qFromLittleEndian(v);
    }
    quint32 u32() { return quint32(i32()); }
    double f64()
    {
        quint64 bits = 0;
        if (take(sizeof bits))
            std::memcpy(&bits, m_data + m_pos - sizeof bits, sizeof bits);
        bits = qFromLittleEndian(bits);
        double v = 0;
        std::memcpy(&v, &bits, sizeof v);
        return v;
    }
    bool flag() { return i32() != 0; }
    // A count of items that each take at least `minBytes`: checked against
    // what is left, so a damaged count cannot ask for a huge allocation.
    qint32 count(qsizetype minBytes = 4)
    {
        const qint32 n = i32();
        if (n < 0 || qsizetype(n) * minBytes > remaining())
            m_ok = false;
        return m_ok ? n : 0;
    }
    QString str()
    {
        const qint32 n = count(2);
        const qsizetype bytes = qsizetype(n) * 2;
        const qsizetype padded = (bytes + 3) / 4 * 4;
        if (!m_ok || padded > remaining()) {
            m_ok = false;
            return {};
        }
        const char *at = m_data + m_pos;
        m_pos += padded;
        if (m_borrow)
            return QString::fromRawData(reinterpret_cast<const QChar *>(at), n);
        QString s(n, Qt::Uninitialized);
        std::memcpy(static_cast<void *>(s.data()), at, size_t(bytes));
        if constexpr (QSysInfo::ByteOrder == QSysInfo::BigEndian) {
            for (QChar &c : s)
                c = QChar(qFromLittleEndian(c.unicode()));
        }
        return s;
    }
    QStringList strList()
    {
        const qint32 n = count();
        QStringList list;
        list.reserve(n);
        for (qint32 i = 0; i < n && m_ok; ++i)
            list.append(str());
        return list;
    }
    QList<int> intList()
    {
        const qint32 n = count();
        QList<int> list;
        list.reserve(n);
        for (qint32 i = 0; i < n && m_ok; ++i)
            list.append(i32());
        return list;
    }

private:
    bool take(qsizetype n)
    {
        if (!m_ok || n > remaining()) {
            m_ok = false;
            return false;
        }
        m_pos += n;
        return true;
    }

    const char *m_data;
    qsizetype m_size;
    qsizetype m_pos = 0;
    bool m_borrow;
    bool m_ok = true;
};

} // namespace zk::safety
