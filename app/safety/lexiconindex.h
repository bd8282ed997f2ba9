#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QStringView>

namespace zk::safety {

class ModerationLexicon;

// The local moderator's lookup tables over a lexicon's words and phrases, in
// one flat block of bytes: the build makes it with the lexicon
// (":/safety/lexicon.index", zk_lexicon_compile) and the kiosk reads it in
// place from its read-only data, so starting the moderator neither allocates
// nor fills tables of ~36,000 phrases. A lexicon that is not compiled in
// (tests, tools) gets the same bytes built at run time.
//
// Two open-addressing hash tables (FNV-1a over UTF-16 code units, so the
// bytes are the same on every machine) with their own pool of key strings:
// every phrase and every proper word prefix of a multi-word phrase -> its
// entry (the vocabularies the phrase belongs to, the list term it is,
// whether it is an allowlisted mask), if it is a phrase, and whether it is a
// prefix (one probe answers both, as the moderator's scan asks both of each
// run of words); single-word terms without doubled letters.
class LexiconIndex
{
public:
    struct Entry
    {
        int term = -1;
        bool mask = false;
        const qint32 *vocabularies = nullptr; // vocabulary indices, `vocabularyCount` of them
        int vocabularyCount = 0;
    };

    LexiconIndex() = default;

    static QByteArray build(const ModerationLexicon &lexicon);
    // Static: `bytes` live as long as the program (uncompressed qrc data) and
    // are read in place; owned: the index keeps them.
    static Result<LexiconIndex> fromStatic(QByteArrayView bytes);
    static Result<LexiconIndex> fromOwned(QByteArray bytes);
    // ":/safety/lexicon.index", which the build makes beside the lexicon.
    static Result<LexiconIndex> fromResources();

    // Every term and vocabulary the index names exists in a lexicon of this size.
    bool pointsWithin(int termCount, int vocabularyCount) const;

    // The entry of a word or phrase; false when it is not indexed.
    bool find(QStringView phrase, Entry &entry) const;
    bool isPrefix(QStringView words) const;
    // Both at once: whether `words` is a phrase (then `entry` is set) and
    // whether it begins a longer phrase.
    struct Lookup
    {
        bool found = false;
        bool prefix = false;
    };
    Lookup findWithPrefix(QStringView words, Entry &entry) const;
    // The single-word term spelled `squeezed` (no doubled letters), or -1.
    int squeezedTerm(QStringView squeezed) const;
    int maxPhraseWords() const { return m_maxPhraseWords; }

private:
    struct Table
    {
        const quint32 *slots = nullptr; // capacity x {key offset, key length, value}
        quint32 capacity = 0;           // a power of two
    };
    static Result<LexiconIndex> parse(QByteArrayView bytes);
    qint64 lookup(const Table &table, QStringView key) const; // value, or -1
    bool entryAt(qint64 value, Entry &entry) const;           // from a m_phrases value

    QByteArray m_owned;
    const char16_t *m_pool = nullptr;
    quint32 m_poolSize = 0;
    const qint32 *m_entries = nullptr; // count x {term, mask, vocabulary offset, vocabulary count}
    quint32 m_entryCount = 0;
    const qint32 *m_vocabularies = nullptr;
    quint32 m_vocabularyCount = 0;
    Table m_phrases; // value: entry index + 1 (0: a prefix only) | kPrefixBit
    Table m_squeezed;
    int m_maxPhraseWords = 1;
};

} // namespace zk::safety
