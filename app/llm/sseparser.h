#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace zk::llm {

// One server-sent event (WHATWG HTML "server-sent events" parsing rules).
struct SseEvent
{
    QByteArray event;   // "event:" field; empty means the default "message"
    QByteArray data;    // "data:" lines joined with '\n' (UTF-8 bytes, not decoded)
    QByteArray id;      // "id:" field
    bool operator==(const SseEvent &) const = default;
};

// A pure, incremental SSE parser. Feed it bytes exactly as they come off the
// wire, split anywhere (mid-line, mid-CRLF, mid-UTF-8 character); it returns the
// events completed by those bytes. Lines end with LF, CR or CRLF; an event ends
// at a blank line; comment lines (": keep-alive") are ignored; a single leading
// space after the colon is dropped; events with no data are not dispatched.
class SseParser
{
public:
    QList<SseEvent> feed(QByteArrayView bytes);
    // End of input: a final event without its blank line is dispatched
    // (servers that close right after the last data line).
    QList<SseEvent> finish();
    void reset();
    qsizetype bufferedBytes() const { return m_line.size(); }

private:
    void processLine(QByteArrayView line, QList<SseEvent> &out);
    void dispatch(QList<SseEvent> &out);
    void flushBomPrefix();


    QByteArray m_line;        // current incomplete line
    bool m_lastWasCR = false; // a CR ended the previous chunk; swallow a following LF
    SseEvent m_pending;
    bool m_hasData = false;    // at least one data line since the last dispatch
    int m_bomMatched = 0;      // bytes of a leading UTF-8 BOM seen so far (may span feeds)
    bool m_bomDone = false;    // the stream start has been checked for a BOM
};

} // namespace zk::llm
