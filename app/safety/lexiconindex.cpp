#include "safety/lexiconindex.h"

#include "safety/compiledblob.h"
#include "safety/moderationlexicon.h"
#include "safety/stringviewtable.h"

#include <QtEndian>

#include <algorithm>
#include <climits>
#include <vector>

using namespace Qt::StringLiterals;

namespace zk::safety {

namespace {

constexpr quint32 kMagic = 0x5a4b4958; // "ZKIX"
constexpr quint32 kVersion = 2; // 2: phrases and prefixes in one table
constexpr quint32 kPrefixBit = 0x80000000u; // in a phrase value: the key begins a longer phrase
constexpr quint32 kEmpty = 0xffffffffu; // key length of an empty slot
constexpr int kSlotWords = 3;
constexpr int kEntryWords = 4;

quint32 fnv1a(QStringView key)
{
    quint32 h = 2166136261u;
    for (const QChar c : key) {
        h ^= c.unicode();
        h *= 16777619u;
    }
    return h;
}

bool hasDoubledLetter(const QString &word)
{
    for (qsizetype i = 1; i < word.size(); ++i) {
        if (word.at(i) == word.at(i - 1) && word.at(i).isLetter())
            return true;
    }
    return false;
}

// Builds one table: keys in insertion order (their offsets in the pool) with
// their values, laid out by FNV-1a with linear probing, at most half full.
struct TableBuilder
{
    std::vector<quint32> keyOffsets;
    std::vector<quint32> keyLengths;
    std::vector<qint32> values;
    StringViewTable seen;

    // Returns the key's position in insertion order (its value is then
    // values[position]; a key added again keeps its first value).
    int add(QStringView key, std::vector<char16_t> &pool, qint32 value)
    {
        const int next = int(values.size());
        const int at = seen.findOrInsert(key, next);
        if (at == next) {
            keyOffsets.push_back(quint32(pool.size()));
            keyLengths.push_back(quint32(key.size()));
            values.push_back(value);
            pool.insert(pool.end(), key.utf16(), key.utf16() + key.size());
        }
        return at;
    }
    void write(BlobWriter &out, const std::vector<char16_t> &pool) const
    {
        quint32 capacity = 16;
        while (capacity < values.size() * 2)
            capacity *= 2;
        std::vector<quint32> slots(size_t(capacity) * kSlotWords, 0);
        for (size_t s = 0; s < capacity; ++s)
            slots[s * kSlotWords + 1] = kEmpty;
        for (size_t k = 0; k < values.size(); ++k) {
            const QStringView key(pool.data() + keyOffsets[k], qsizetype(keyLengths[k]));
            size_t s = fnv1a(key) & (capacity - 1);
            while (slots[s * kSlotWords + 1] != kEmpty)
                s = (s + 1) & (capacity - 1);
            slots[s * kSlotWords] = keyOffsets[k];
            slots[s * kSlotWords + 1] = keyLengths[k];
            slots[s * kSlotWords + 2] = quint32(values[k]);
        }
        out.u32(capacity);
        for (quint32 word : slots)
            out.u32(word);
    }
};

} // namespace

QByteArray LexiconIndex::build(const ModerationLexicon &lexicon)
{
    std::vector<char16_t> pool;
    TableBuilder phrases; // phrases and prefixes: entry + 1 (0 for a prefix only) | kPrefixBit
    TableBuilder squeezed;
    struct BuiltEntry
    {
        qint32 term = -1;
        bool mask = false;
        std::vector<qint32> vocabularies;
    };
    std::vector<BuiltEntry> entries;
    int maxPhraseWords = 1;
    auto index = [&](const QString &phrase) -> BuiltEntry & {
        // Every proper word prefix ("kill your" of "kill your self").
        int words = 1;
        for (qsizetype space = phrase.indexOf(u' '); space >= 0; space = phrase.indexOf(u' ', space + 1)) {
            const int key = phrases.add(QStringView(phrase).left(space), pool, 0);
            phrases.values[size_t(key)] = qint32(quint32(phrases.values[size_t(key)]) | kPrefixBit);
            ++words;
        }
        maxPhraseWords = std::max(maxPhraseWords, words);
        const int key = phrases.add(phrase, pool, 0);
        quint32 value = quint32(phrases.values[size_t(key)]);
        if ((value & ~kPrefixBit) == 0) { // new, or a prefix until now
            value |= quint32(entries.size()) + 1;
            phrases.values[size_t(key)] = qint32(value);
            entries.emplace_back();
        }
        return entries[size_t((value & ~kPrefixBit) - 1)];
    };
    for (qsizetype v = 0; v < lexicon.vocabularies.size(); ++v) {
        for (const QString &phrase : std::as_const(lexicon.vocabularies.at(v).phrases)) {
            BuiltEntry &entry = index(phrase);
            if (std::find(entry.vocabularies.begin(), entry.vocabularies.end(), qint32(v)) == entry.vocabularies.end())
                entry.vocabularies.push_back(qint32(v));
        }
    }
    for (qsizetype t = 0; t < lexicon.terms.size(); ++t) {
        const QString &text = lexicon.terms.at(t).text;
        if (text.isEmpty() || !text.at(0).isLetterOrNumber())
            continue; // symbols (emoji) are matched in the cleaned text instead
        index(text).term = qint32(t);
        if (!text.contains(u' ') && text.size() >= 3 && !hasDoubledLetter(text))
            squeezed.add(text, pool, qint32(t));
    }
    for (const QString &phrase : std::as_const(lexicon.maskPhrases))
        index(phrase).mask = true;

    BlobWriter out;
    out.u32(kMagic);
    out.u32(kVersion);
    out.i32(maxPhraseWords);
    out.u32(quint32(pool.size()));
    out.u32(quint32(entries.size()));
    qint32 vocabularyTotal = 0;
    for (const BuiltEntry &e : entries)
        vocabularyTotal += qint32(e.vocabularies.size());
    out.i32(vocabularyTotal);
    qint32 vocabularyOffset = 0;
    for (const BuiltEntry &e : entries) {
        out.i32(e.term);
        out.i32(e.mask ? 1 : 0);
        out.i32(vocabularyOffset);
        out.i32(qint32(e.vocabularies.size()));
        vocabularyOffset += qint32(e.vocabularies.size());
    }
    for (const BuiltEntry &e : entries) {
        for (qint32 v : e.vocabularies)
            out.i32(v);
    }
    phrases.write(out, pool);
    squeezed.write(out, pool);
    // The pool last: UTF-16 code units, padded to four bytes.
    QByteArray bytes = out.bytes();
    for (char16_t unit : pool) {
        const quint16 le = qToLittleEndian(quint16(unit));
        bytes.append(reinterpret_cast<const char *>(&le), sizeof le);
    }
    while (bytes.size() % 4 != 0)
        bytes.append('\0');
    return bytes;
}

Result<LexiconIndex> LexiconIndex::fromStatic(QByteArrayView bytes)
{
    // Read in place only where the words can be read as they are.
    if (QSysInfo::ByteOrder != QSysInfo::LittleEndian || reinterpret_cast<quintptr>(bytes.data()) % 4 != 0)
        return fromOwned(QByteArray(bytes.data(), bytes.size()));
    return parse(bytes);
}

Result<LexiconIndex> LexiconIndex::fromOwned(QByteArray bytes)
{
    if (QSysInfo::ByteOrder != QSysInfo::LittleEndian)
        return makeError(u"the compiled lexicon index is little-endian only"_s);
    auto index = parse(bytes);
    if (index.ok())
        index.value().m_owned = std::move(bytes); // same data pointer: QByteArray moves, it does not copy
    return index;
}

Result<LexiconIndex> LexiconIndex::parse(QByteArrayView bytes)
{
    const auto damaged = [](const QString &what) {
        return makeError(u"damaged compiled lexicon index (%1)"_s.arg(what));
    };
    if (bytes.size() % 4 != 0 || bytes.size() < 24)
        return damaged(u"size"_s);
    const auto *words = reinterpret_cast<const quint32 *>(bytes.data());
    const quint64 total = quint64(bytes.size()) / 4;
    if (words[0] != kMagic || words[1] != kVersion)
        return makeError(u"not a compiled lexicon index of this version"_s);
    LexiconIndex index;
    index.m_maxPhraseWords = qint32(words[2]);
    index.m_poolSize = words[3];
    index.m_entryCount = words[4];
    index.m_vocabularyCount = words[5];
    if (index.m_maxPhraseWords < 1 || index.m_maxPhraseWords > 64)
        return damaged(u"phrase length"_s);
    quint64 at = 6;
    const auto take = [&](quint64 count) -> const quint32 * {
        if (count > total - at)
            return nullptr;
        const quint32 *p = words + at;
        at += count;
        return p;
    };
    index.m_entries = reinterpret_cast<const qint32 *>(take(quint64(index.m_entryCount) * kEntryWords));
    index.m_vocabularies = reinterpret_cast<const qint32 *>(take(index.m_vocabularyCount));
    if (!index.m_entries || !index.m_vocabularies)
        return damaged(u"entries"_s);
    for (Table *table : {&index.m_phrases, &index.m_squeezed}) {
        const quint32 *capacity = take(1);
        if (!capacity || *capacity < 16 || (*capacity & (*capacity - 1)) != 0)
            return damaged(u"table"_s);
        table->capacity = *capacity;
        table->slots = take(quint64(*capacity) * kSlotWords);
        if (!table->slots)
            return damaged(u"table"_s);
    }
    const quint64 poolWords = (quint64(index.m_poolSize) * 2 + 3) / 4;
    const quint32 *pool = take(poolWords);
    if (!pool || at != total)
        return damaged(u"strings"_s);
    index.m_pool = reinterpret_cast<const char16_t *>(pool);
    // Entries point into the vocabulary list; lookups check keys and values.
    for (quint32 e = 0; e < index.m_entryCount; ++e) {
        const qint32 *entry = index.m_entries + e * kEntryWords;
        if (entry[2] < 0 || entry[3] < 0 || quint64(entry[2]) + quint64(entry[3]) > index.m_vocabularyCount)
            return damaged(u"entries"_s);
    }
    return index;
}

qint64 LexiconIndex::lookup(const Table &table, QStringView key) const
{
    if (!table.slots)
        return -1;
    const quint32 mask = table.capacity - 1;
    // At most half full, so an empty slot ends every probe; the bound only
    // matters for damaged data.
    for (quint32 i = fnv1a(key) & mask, probes = 0; probes < table.capacity; i = (i + 1) & mask, ++probes) {
        const quint32 *slot = table.slots + quint64(i) * kSlotWords;
        const quint32 length = slot[1];
        if (length == kEmpty)
            return -1;
        if (length != quint32(key.size()) || quint64(slot[0]) + length > m_poolSize)
            continue;
        if (QStringView(m_pool + slot[0], qsizetype(length)) == key)
            return qint64(slot[2]);
    }
    return -1;
}

bool LexiconIndex::entryAt(qint64 value, Entry &entry) const
{
    const quint32 e1 = value < 0 ? 0 : quint32(value) & ~kPrefixBit; // entry + 1
    if (e1 == 0 || e1 > m_entryCount)
        return false;
    const qint32 *row = m_entries + quint64(e1 - 1) * kEntryWords;
    entry.term = row[0];
    entry.mask = row[1] != 0;
    entry.vocabularies = m_vocabularies + row[2];
    entry.vocabularyCount = row[3];
    return true;
}

bool LexiconIndex::find(QStringView phrase, Entry &entry) const
{
    return entryAt(lookup(m_phrases, phrase), entry);
}

bool LexiconIndex::isPrefix(QStringView words) const
{
    const qint64 value = lookup(m_phrases, words);
    return value >= 0 && (quint32(value) & kPrefixBit) != 0;
}

LexiconIndex::Lookup LexiconIndex::findWithPrefix(QStringView words, Entry &entry) const
{
    const qint64 value = lookup(m_phrases, words);
    if (value < 0)
        return {};
    return {entryAt(value, entry), (quint32(value) & kPrefixBit) != 0};
}

bool LexiconIndex::pointsWithin(int termCount, int vocabularyCount) const
{
    for (quint32 e = 0; e < m_entryCount; ++e) {
        if (m_entries[e * kEntryWords] >= termCount)
            return false;
    }
    for (quint32 v = 0; v < m_vocabularyCount; ++v) {
        if (m_vocabularies[v] < 0 || m_vocabularies[v] >= vocabularyCount)
            return false;
    }
    for (quint32 s = 0; s < m_squeezed.capacity; ++s) {
        const quint32 *slot = m_squeezed.slots + quint64(s) * kSlotWords;
        if (slot[1] != kEmpty && (slot[2] >= quint32(termCount)))
            return false;
    }
    return true;
}

int LexiconIndex::squeezedTerm(QStringView squeezed) const
{
    const qint64 t = lookup(m_squeezed, squeezed);
    return t >= 0 && t <= INT_MAX ? int(t) : -1;
}

} // namespace zk::safety
