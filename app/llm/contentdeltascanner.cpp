#include "llm/contentdeltascanner.h"

#include <array>
#include <cstdint>
#include <cstring>

// Everything here answers one question: "would QJsonDocument::fromJson accept
// these bytes, and would ChatCompletionsDecoder's full path then emit exactly
// this content (and model)?" Whenever the answer is not a certain yes, scan()
// returns false. So it is deliberately narrower than both RFC 8259 and Qt's
// parser: Qt accepts raw control characters and unknown escapes ("\a" -> "a")
// in strings, lone surrogates from \u escapes, duplicate keys (the last one
// wins), a leading BOM and any number syntax; none of that is taken here. And
// it drops a raw U+FEFF at the start of a string without escapes (it stores
// such strings as UTF-8 and QString::fromUtf8 skips a leading BOM), so a
// string starting with one is left to it as well.

namespace zk::llm {

namespace {

// Bytes that stand for themselves inside a JSON string: printable ASCII
// (0x20..0x7F) but the quote and the backslash.
constexpr std::array<bool, 256> kPlainTable = [] {
    std::array<bool, 256> table{};
    for (int c = 0x20; c < 0x80; ++c)
        table[std::size_t(c)] = c != '"' && c != '\\';
    return table;
}();

inline bool isPlain(char c)
{
    return kPlainTable[static_cast<unsigned char>(c)];
}

// `name` is exactly the literal `text`.
template <std::size_t N>
inline bool is(QByteArrayView name, const char (&text)[N])
{
    return name.size() == qsizetype(N - 1) && std::memcmp(name.data(), text, N - 1) == 0;
}

// Eight bytes at p, all of them plain (see kPlainTable)? Bit tricks on one
// 64-bit word; the scan of the long ASCII strings of a chunk (its id, the
// fingerprint) goes through it.
inline bool eightPlain(const char *p)
{
    std::uint64_t v;
    std::memcpy(&v, p, sizeof v);
    constexpr std::uint64_t ones = 0x0101010101010101u;
    constexpr std::uint64_t highs = 0x8080808080808080u;
    const auto hasZero = [](std::uint64_t x) { return (x - ones) & ~x & highs; };
    const std::uint64_t control = (v - 0x20 * ones) & ~v & highs; // a byte below 0x20 (or >= 0x80, caught next)
    return ((v & highs) | control | hasZero(v ^ ('"' * ones)) | hasZero(v ^ ('\\' * ones))) == 0;
}

inline bool isContinuation(char c)
{
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Four hex digits (either case) at p, or -1.
int hex4(const char *p)
{
    int value = 0;
    for (int i = 0; i < 4; ++i) {
        const char c = p[i];
        int digit;
        if (c >= '0' && c <= '9')
            digit = c - '0';
        else if (c >= 'a' && c <= 'f')
            digit = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            digit = c - 'A' + 10;
        else
            return -1;
        value = value * 16 + digit;
    }
    return value;
}

class Scanner
{
public:
    Scanner(QByteArrayView json)
        : m_begin(json.data())
        , m_p(json.data())
        , m_end(json.data() + json.size())
    {
    }

    // Where the value of "choices" starts (right after its colon), and the
    // top-level keys before it.
    struct ChoicesAt
    {
        qsizetype offset = 0;
        unsigned keysBefore = 0;
    };

    // The whole chunk; or, with resume.offset > 0, the chunk from the value of
    // "choices" on, the bytes before it known to hold resume.keysBefore.
    bool chunk(ContentDeltaScanner::Result &result, bool readModel, ChoicesAt resume, ChoicesAt &found);

private:
    void skipSpace()
    {
        // Compact JSON, the usual case, has none: one test and out.
        while (m_p < m_end && static_cast<unsigned char>(*m_p) <= ' '
               && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
    }
    // Skips whitespace, then takes `c` if it is next.
    bool take(char c)
    {
        skipSpace();
        if (m_p < m_end && *m_p == c) {
            ++m_p;
            return true;
        }
        return false;
    }
    bool takeNull()
    {
        skipSpace();
        if (m_end - m_p >= 4 && std::memcmp(m_p, "null", 4) == 0) {
            m_p += 4;
            return true;
        }
        return false;
    }
    bool key(QByteArrayView &name);
    bool string(QString *out);
    bool stringWithEscapesOrUtf8(const char *start, QString *out);
    bool stringOrNull();
    bool plainInteger();
    bool choices(ContentDeltaScanner::Result &result);
    bool choice(ContentDeltaScanner::Result &result);
    bool delta(ContentDeltaScanner::Result &result);

    const char *m_begin;
    const char *m_p;
    const char *m_end;
};

// An object key, taken raw: a key with an escape or an odd byte in it simply
// matches none of the names the callers know, and they give up.
bool Scanner::key(QByteArrayView &name)
{
    if (!take('"'))
        return false;
    const char *start = m_p;
    while (m_p < m_end && isPlain(*m_p))
        ++m_p;
    if (m_p >= m_end || *m_p != '"')
        return false; // an escape or a non-ASCII byte: no key we know
    name = QByteArrayView(start, m_p - start);
    ++m_p;
    return take(':');
}

// A JSON string; the opening quote is next (after whitespace). `out` receives
// the decoded text, or is null to only check the string.
bool Scanner::string(QString *out)
{
    if (!take('"'))
        return false;
    const char *start = m_p;
    while (m_end - m_p >= 8 && eightPlain(m_p))
        m_p += 8;
    while (m_p < m_end && isPlain(*m_p))
        ++m_p;
    if (m_p < m_end && *m_p == '"') {
        // Printable ASCII only, the common case.
        if (out)
            *out = QString::fromLatin1(start, m_p - start);
        ++m_p;
        return true;
    }
    return stringWithEscapesOrUtf8(start, out);
}

// The rest of a string that has an escape or a non-ASCII byte at m_p; start is
// just after the opening quote, and [start, m_p) is printable ASCII.
bool Scanner::stringWithEscapesOrUtf8(const char *start, QString *out)
{
    char16_t *begin = nullptr;
    char16_t *dst = nullptr;
    if (out) {
        // Every input byte yields at most one UTF-16 unit (a 4-byte UTF-8
        // sequence or a 12-byte surrogate-pair escape yields two), so the rest
        // of the input bounds the decoded size.
        out->resize(m_end - start);
        begin = dst = reinterpret_cast<char16_t *>(out->data());
        for (const char *q = start; q < m_p; ++q)
            *dst++ = char16_t(static_cast<unsigned char>(*q));
    }
    while (true) {
        if (m_p >= m_end)
            return false;
        const char c = *m_p;
        if (isPlain(c)) {
            if (dst)
                *dst++ = char16_t(c);
            ++m_p;
            continue;
        }
        if (c == '"') {
            ++m_p;
            break;
        }
        const auto byte = static_cast<unsigned char>(c);
        if (c == '\\') {
            if (m_end - m_p < 2)
                return false;
            char16_t unit;
            switch (m_p[1]) {
            case '"': unit = u'"'; break;
            case '\\': unit = u'\\'; break;
            case '/': unit = u'/'; break;
            case 'b': unit = u'\b'; break;
            case 'f': unit = u'\f'; break;
            case 'n': unit = u'\n'; break;
            case 'r': unit = u'\r'; break;
            case 't': unit = u'\t'; break;
            case 'u': {
                if (m_end - m_p < 6)
                    return false;
                const int high = hex4(m_p + 2);
                if (high < 0 || (high >= 0xDC00 && high <= 0xDFFF))
                    return false; // not hex, or a lone low surrogate
                m_p += 6;
                if (high >= 0xD800 && high <= 0xDBFF) {
                    // A high surrogate: its escaped low half must follow.
                    if (m_end - m_p < 6 || m_p[0] != '\\' || m_p[1] != 'u')
                        return false;
                    const int low = hex4(m_p + 2);
                    if (low < 0xDC00 || low > 0xDFFF)
                        return false;
                    m_p += 6;
                    if (dst) {
                        *dst++ = char16_t(high);
                        *dst++ = char16_t(low);
                    }
                } else if (dst) {
                    *dst++ = char16_t(high);
                }
                continue;
            }
            default:
                return false; // Qt would take "\a" as "a"; not an ordinary chunk
            }
            if (dst)
                *dst++ = unit;
            m_p += 2;
            continue;
        }
        if (byte < 0x80)
            return false; // a raw control character
        if (m_p == start && m_end - m_p >= 3 && byte == 0xEF && m_p[1] == '\xBB' && m_p[2] == '\xBF')
            return false; // Qt drops a raw U+FEFF (a UTF-8 BOM) that starts an unescaped string
        // Well-formed UTF-8 (Unicode 15, table 3-7), nothing else.
        char32_t cp;
        int length;
        if (byte >= 0xC2 && byte <= 0xDF) {
            length = 2;
            if (m_end - m_p < 2 || !isContinuation(m_p[1]))
                return false;
            cp = char32_t(byte & 0x1F) << 6 | char32_t(m_p[1] & 0x3F);
        } else if (byte >= 0xE0 && byte <= 0xEF) {
            length = 3;
            if (m_end - m_p < 3)
                return false;
            const auto second = static_cast<unsigned char>(m_p[1]);
            const unsigned char low = byte == 0xE0 ? 0xA0 : 0x80;  // no overlong forms
            const unsigned char high = byte == 0xED ? 0x9F : 0xBF; // no surrogates
            if (second < low || second > high || !isContinuation(m_p[2]))
                return false;
            cp = char32_t(byte & 0x0F) << 12 | char32_t(second & 0x3F) << 6 | char32_t(m_p[2] & 0x3F);
        } else if (byte >= 0xF0 && byte <= 0xF4) {
            length = 4;
            if (m_end - m_p < 4)
                return false;
            const auto second = static_cast<unsigned char>(m_p[1]);
            const unsigned char low = byte == 0xF0 ? 0x90 : 0x80;  // no overlong forms
            const unsigned char high = byte == 0xF4 ? 0x8F : 0xBF; // nothing above U+10FFFF
            if (second < low || second > high || !isContinuation(m_p[2]) || !isContinuation(m_p[3]))
                return false;
            cp = char32_t(byte & 0x07) << 18 | char32_t(second & 0x3F) << 12
                 | char32_t(m_p[2] & 0x3F) << 6 | char32_t(m_p[3] & 0x3F);
        } else {
            return false; // a stray continuation byte, C0, C1 or F5..FF
        }
        if (dst) {
            if (cp >= 0x10000) {
                *dst++ = char16_t(0xD800 + ((cp - 0x10000) >> 10));
                *dst++ = char16_t(0xDC00 + ((cp - 0x10000) & 0x3FF));
            } else {
                *dst++ = char16_t(cp);
            }
        }
        m_p += length;
    }
    if (out)
        out->resize(dst - begin);
    return true;
}

bool Scanner::stringOrNull()
{
    skipSpace();
    if (m_p < m_end && *m_p == 'n')
        return takeNull();
    return string(nullptr);
}

// 0 or [1-9][0-9]*, at most 15 digits: a value Qt stores exactly as an
// integer. The caller checks what follows (whitespace, ',' or '}'), so "1.5",
// "1e3" and "-1" are refused there.
bool Scanner::plainInteger()
{
    skipSpace();
    const char *start = m_p;
    while (m_p < m_end && *m_p >= '0' && *m_p <= '9')
        ++m_p;
    const qsizetype digits = m_p - start;
    return digits >= 1 && digits <= 15 && (digits == 1 || *start != '0');
}

// {"content": "..."} and nothing else.
bool Scanner::delta(ContentDeltaScanner::Result &result)
{
    QByteArrayView name;
    return take('{') && key(name) && is(name, "content") && string(&result.content) && take('}');
}

// {"index": 0, "delta": {...}, "logprobs": null, "finish_reason": null}, in
// any order; index and delta required.
bool Scanner::choice(ContentDeltaScanner::Result &result)
{
    enum : unsigned { Index = 1, Delta = 2, Logprobs = 4, FinishReason = 8 };
    unsigned seen = 0;
    if (!take('{'))
        return false;
    do {
        QByteArrayView name;
        if (!key(name))
            return false;
        unsigned bit;
        bool ok;
        if (is(name, "index")) {
            bit = Index;
            skipSpace();
            ok = m_p < m_end && *m_p == '0';
            if (ok)
                ++m_p; // "00", "0.0" or "0e1" then fail at the separator
        } else if (is(name, "delta")) {
            bit = Delta;
            ok = delta(result);
        } else if (is(name, "logprobs")) {
            bit = Logprobs;
            ok = takeNull();
        } else if (is(name, "finish_reason")) {
            bit = FinishReason;
            ok = takeNull();
        } else {
            return false;
        }
        if (!ok || (seen & bit))
            return false;
        seen |= bit;
    } while (take(','));
    return take('}') && (seen & (Index | Delta)) == (Index | Delta);
}

// [ one choice ]
bool Scanner::choices(ContentDeltaScanner::Result &result)
{
    // The layout the API and the test server write, compared whole; any other
    // spelling (whitespace, another key order, keys left out) goes through
    // the general walk below, which accepts the same chunks and more.
    static constexpr char head[] = R"([{"index":0,"delta":{"content":)";
    static constexpr char tail[] = R"(},"logprobs":null,"finish_reason":null}])";
    constexpr qsizetype headSize = sizeof head - 1;
    constexpr qsizetype tailSize = sizeof tail - 1;
    const char *start = m_p;
    if (m_end - m_p > headSize && std::memcmp(m_p, head, headSize) == 0) {
        m_p += headSize;
        if (m_p < m_end && *m_p == '"' && string(&result.content) && m_end - m_p >= tailSize
            && std::memcmp(m_p, tail, tailSize) == 0) {
            m_p += tailSize;
            return true;
        }
        m_p = start;
    }
    return take('[') && choice(result) && take(']');
}

bool Scanner::chunk(ContentDeltaScanner::Result &result, bool readModel, ChoicesAt resume, ChoicesAt &found)
{
    enum : unsigned {
        Id = 1, Object = 2, Created = 4, Model = 8, SystemFingerprint = 16,
        ServiceTier = 32, Obfuscation = 64, Usage = 128, Choices = 256,
    };
    unsigned seen = 0;
    bool atChoicesValue = resume.offset > 0;
    if (atChoicesValue) {
        m_p += resume.offset;
        seen = resume.keysBefore;
    } else {
        // No BOM, no leading whitespace: the full parser takes those; the
        // fast path need not.
        if (m_p >= m_end || *m_p != '{')
            return false;
        ++m_p;
    }
    do {
        unsigned bit;
        bool ok;
        if (atChoicesValue) {
            atChoicesValue = false;
            found = resume;
            bit = Choices;
            ok = choices(result);
            if (!ok || (seen & bit))
                return false;
            seen |= bit;
            continue;
        }
        QByteArrayView name;
        if (!key(name))
            return false;
        switch (name.size()) {
        case 2:
            if (!is(name, "id"))
                return false;
            bit = Id;
            ok = stringOrNull();
            break;
        case 5:
            if (is(name, "model")) {
                bit = Model;
                ok = string(readModel ? &result.model : nullptr);
            } else if (is(name, "usage")) {
                bit = Usage;
                ok = takeNull();
            } else {
                return false;
            }
            break;
        case 6:
            if (!is(name, "object"))
                return false;
            bit = Object;
            ok = stringOrNull();
            break;
        case 7:
            if (is(name, "created")) {
                bit = Created;
                ok = plainInteger();
            } else if (is(name, "choices")) {
                bit = Choices;
                found = {m_p - m_begin, seen};
                ok = choices(result);
            } else {
                return false;
            }
            break;
        case 11:
            if (is(name, "obfuscation"))
                bit = Obfuscation;
            else
                return false;
            ok = stringOrNull();
            break;
        case 12:
            if (is(name, "service_tier"))
                bit = ServiceTier;
            else
                return false;
            ok = stringOrNull();
            break;
        case 18:
            if (is(name, "system_fingerprint"))
                bit = SystemFingerprint;
            else
                return false;
            ok = stringOrNull();
            break;
        default:
            return false;
        }
        if (!ok || (seen & bit))
            return false;
        seen |= bit;
    } while (take(','));
    if (!take('}') || !(seen & Choices))
        return false;
    skipSpace();
    return m_p == m_end;
}

} // namespace

bool ContentDeltaScanner::scan(QByteArrayView json, Result &result, bool readModel)
{
    result.content.clear();
    result.model.clear();
    // The bytes before "choices" are those of the last chunk taken: they
    // scan as they did then (the scan is a deterministic left-to-right pass,
    // and those bytes were all it looked at to get there). Not when the model
    // is wanted: it is among those bytes.
    Scanner::ChoicesAt resume;
    if (!readModel && !m_prefix.isEmpty() && json.size() > m_prefix.size()
        && std::memcmp(json.data(), m_prefix.constData(), size_t(m_prefix.size())) == 0)
        resume = {m_prefix.size(), m_prefixKeys};
    Scanner::ChoicesAt found;
    if (!Scanner(json).chunk(result, readModel, resume, found))
        return false;
    if (resume.offset == 0) {
        m_prefix.resize(found.offset); // keeps the capacity
        std::memcpy(m_prefix.data(), json.data(), size_t(found.offset));
        m_prefixKeys = found.keysBefore;
    }
    return true;
}

} // namespace zk::llm
