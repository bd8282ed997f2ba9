#pragma once

#include <QHashFunctions>
#include <QStringView>

#include <vector>

namespace zk::safety {

// A set of strings, each with a small integer, in one flat open-addressing
// array of 16-byte slots: building it allocates once, not once per key, and a
// lookup touches one or two neighbouring slots. The keys are views: the
// strings they point into must outlive the table and never change. At most
// three quarters full.
class StringViewTable
{
public:
    explicit StringViewTable(qsizetype expected = 0) { rehash(expected); }

    // The value stored for `key`, after storing `value` if `key` was new.
    int &findOrInsert(QStringView key, int value)
    {
        if ((m_count + 1) * 4 > qsizetype(m_slots.size()) * 3)
            rehash(m_count + 1);
        Slot &slot = probe(key);
        if (!slot.data) {
            slot = Slot{key.data(), qint32(key.size()), value};
            ++m_count;
        }
        return slot.value;
    }
    // The value for `key`, or `missing`.
    int value(QStringView key, int missing = -1) const
    {
        const Slot &slot = const_cast<StringViewTable *>(this)->probe(key);
        return slot.data ? slot.value : missing;
    }

private:
    struct Slot
    {
        const QChar *data = nullptr; // null: empty
        qint32 size = 0;
        int value = 0;
    };

    // The slot that holds `key`, or the empty slot where it would go.
    Slot &probe(QStringView key)
    {
        const size_t mask = m_slots.size() - 1;
        for (size_t i = qHash(key) & mask;; i = (i + 1) & mask) {
            Slot &slot = m_slots[i];
            if (!slot.data || QStringView(slot.data, slot.size) == key)
                return slot;
        }
    }
    void rehash(qsizetype expected)
    {
        size_t capacity = 16;
        while (capacity * 3 < size_t(expected) * 4)
            capacity *= 2;
        if (capacity <= m_slots.size())
            return;
        std::vector<Slot> old(capacity);
        old.swap(m_slots);
        for (const Slot &slot : old) {
            if (slot.data)
                probe(QStringView(slot.data, slot.size)) = slot;
        }
    }

    std::vector<Slot> m_slots;
    qsizetype m_count = 0;
};

} // namespace zk::safety
