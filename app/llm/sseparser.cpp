#include "llm/sseparser.h"

#include <cstring>
#include <utility>

// Follows the WHATWG HTML Living Standard, "Server-sent events", section
// "Parsing an event stream" and "Interpreting an event stream":
//  - lines end at CRLF, LF or CR; a CRLF split across two feeds is one break;
//  - one leading UTF-8 BOM at the start of the stream is ignored;
//  - an empty line dispatches; a line starting with ':' is a comment;
//  - "field:value" (one leading space of value dropped), "field" alone means
//    an empty value; unknown fields (and "retry") are ignored;
//  - data lines are joined with '\n'; an event without data lines is not
//    dispatched and its event type is dropped;
//  - the last event id persists across events (as the spec's "last event ID
//    buffer"); an id containing NUL is ignored.
// The only deliberate departure: finish() treats an unterminated last line as
// complete and dispatches a pending event, because some servers close the
// connection right after the final data line. The spec would drop it.

namespace zk::llm {

namespace {

constexpr char kBom[] = {'\xEF', '\xBB', '\xBF'};

// Finds line ends in one fed buffer with memchr (vectorised in libc) instead of
// a byte loop. It remembers the next LF and the next CR it has seen, so a
// buffer whose lines all end the other way (CR only, say) is still scanned
// once for each character, not once per line.
class LineEndFinder
{
public:
    LineEndFinder(const char *data, qsizetype size)
        : m_data(data)
        , m_size(size)
    {
    }

    // Index of the first CR or LF in [from, size), or -1.
    qsizetype next(qsizetype from)
    {
        const qsizetype end = qMin(find('\n', from, m_nextLf), find('\r', from, m_nextCr));
        return end < m_size ? end : -1;
    }

private:
    // The first `c` at or after `from`, or m_size; `cached` holds the answer
    // of an earlier call (from an earlier `from`), still right while it is not
    // behind `from`.
    qsizetype find(char c, qsizetype from, qsizetype &cached) const
    {
        if (cached >= from)
            return cached;
        const void *hit = std::memchr(m_data + from, c, size_t(m_size - from));
        cached = hit ? static_cast<const char *>(hit) - m_data : m_size;
        return cached;
    }

    const char *m_data;
    qsizetype m_size;
    qsizetype m_nextLf = -1;
    qsizetype m_nextCr = -1;
};

} // namespace

QList<SseEvent> SseParser::feed(QByteArrayView bytes)
{
    QList<SseEvent> out;
    const char *data = bytes.data();
    const qsizetype size = bytes.size();
    qsizetype pos = 0;

    // A UTF-8 BOM at stream start, possibly split across feeds.
    while (!m_bomDone && pos < size) {
        if (data[pos] == kBom[m_bomMatched]) {
            ++pos;
            if (++m_bomMatched == int(sizeof kBom))
                m_bomDone = true;
        } else {
            flushBomPrefix();
        }
    }

    // The LF of a CRLF whose CR ended the previous feed.
    if (m_lastWasCR && pos < size) {
        m_lastWasCR = false;
        if (data[pos] == '\n')
            ++pos;
    }

    LineEndFinder lineEnds(data, size);
    while (pos < size) {
        const qsizetype end = lineEnds.next(pos);
        if (end < 0) {
            // Only the unfinished tail is kept; complete lines never get copied.
            m_line.append(data + pos, size - pos);
            break;
        }
        if (m_line.isEmpty()) {
            processLine(QByteArrayView(data + pos, end - pos), out);
        } else {
            m_line.append(data + pos, end - pos);
            processLine(m_line, out);
            m_line.resize(0); // keeps the capacity for the next partial line
        }
        pos = end + 1;
        if (data[end] == '\r') {
            if (pos < size) {
                if (data[pos] == '\n')
                    ++pos;
            } else {
                m_lastWasCR = true;
            }
        }
    }
    return out;
}

QList<SseEvent> SseParser::finish()
{
    QList<SseEvent> out;
    flushBomPrefix();
    if (!m_line.isEmpty()) {
        const QByteArray line = std::exchange(m_line, {});
        processLine(line, out);
    }
    dispatch(out);
    reset();
    return out;
}

void SseParser::reset()
{
    m_line = {};
    m_lastWasCR = false;
    m_pending = {};
    m_hasData = false;
    m_bomMatched = 0;
    m_bomDone = false;
}

void SseParser::flushBomPrefix()
{
    // The bytes taken for a BOM prefix turned out to be data: they start the
    // first line (none of them is CR or LF).
    if (!m_bomDone) {
        m_line.prepend(QByteArrayView(kBom, m_bomMatched));
        m_bomMatched = 0;
        m_bomDone = true;
    }
}

void SseParser::processLine(QByteArrayView line, QList<SseEvent> &out)
{
    if (line.isEmpty()) {
        dispatch(out);
        return;
    }
    if (line.front() == ':')
        return; // comment, e.g. ": keep-alive"

    QByteArrayView field = line;
    QByteArrayView value;
    if (line.size() >= 5 && std::memcmp(line.data(), "data:", 5) == 0) {
        // The line nearly every event is made of, without the general split.
        field = line.first(4);
        value = line.sliced(5);
        if (!value.isEmpty() && value.front() == ' ')
            value = value.sliced(1);
    } else if (const qsizetype colon = line.indexOf(':'); colon >= 0) {
        field = line.first(colon);
        value = line.sliced(colon + 1);
        if (!value.isEmpty() && value.front() == ' ')
            value = value.sliced(1);
    }

    if (field == "data") {
        if (m_hasData) {
            m_pending.data.append('\n');
            m_pending.data.append(value);
        } else {
            m_pending.data = value.toByteArray();
            m_hasData = true;
        }
    } else if (field == "event") {
        m_pending.event = value.toByteArray();
    } else if (field == "id") {
        if (!value.contains('\0'))
            m_pending.id = value.toByteArray();
    }
    // "retry" and unknown fields are ignored.
}

void SseParser::dispatch(QList<SseEvent> &out)
{
    if (!m_hasData) {
        m_pending.event.clear();
        return;
    }
    SseEvent event;
    event.event = std::exchange(m_pending.event, {});
    event.data = std::exchange(m_pending.data, {});
    event.id = m_pending.id; // the last event id persists (implicitly shared)
    m_hasData = false;
    out.append(std::move(event));
}

} // namespace zk::llm
