// libFuzzer target for the SSE parser and the stream decoders.
//
// Input layout: byte 0 chooses how many split hints follow (0..7); each hint
// byte is the length of the next piece fed to the parser; the remaining bytes
// are the stream. Besides "no crash, no sanitizer report", it checks the
// parser's core promise: the events do not depend on where the stream was split.
// And the Chat Completions decoder's: its content-delta fast path
// (ContentDeltaScanner) gives exactly the updates of the full QJsonDocument
// parse, for every event's data and for the whole stream taken as one payload.

#include "llm/sseparser.h"
#include "llm/streamdecoder.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace zk::llm;

namespace {

QList<SseEvent> parseWhole(QByteArrayView body)
{
    SseParser parser;
    QList<SseEvent> events = parser.feed(body);
    events += parser.finish();
    return events;
}

void check(bool ok)
{
    if (!ok)
        std::abort();
}

bool sameUpdates(const QList<StreamUpdate> &a, const QList<StreamUpdate> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        const StreamUpdate &x = a.at(i);
        const StreamUpdate &y = b.at(i);
        if (x.kind != y.kind || x.text != y.text || x.usage.promptTokens != y.usage.promptTokens
            || x.usage.completionTokens != y.usage.completionTokens || x.usage.estimated != y.usage.estimated
            || x.error.kind != y.error.kind || x.error.httpStatus != y.error.httpStatus
            || x.error.code != y.error.code || x.error.type != y.error.type || x.error.message != y.error.message
            || x.error.retryAfterMs != y.error.retryAfterMs || x.error.shouldRetry != y.error.shouldRetry)
            return false;
    }
    return true;
}

// The fast path and the full parse, side by side over the same events (so the
// "Meta once" state moves alike in both).
struct FastVersusFull
{
    ChatCompletionsDecoder fast;
    ChatCompletionsDecoder full{ChatCompletionsDecoder::Parsing::FullOnly};

    QList<StreamUpdate> decode(const SseEvent &event)
    {
        QList<StreamUpdate> updates = fast.decode(event);
        check(sameUpdates(updates, full.decode(event)));
        return updates;
    }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype hintCount = qMin<qsizetype>(input[0] & 7, input.size() - 1);
    const QByteArrayView hints = input.sliced(1, hintCount);
    const QByteArrayView body = input.sliced(1 + hintCount);

    // Split at the hinted lengths (cycled), so one input covers many cuts. A
    // zero hint means an empty feed followed by a one-byte piece.
    SseParser parser;
    QList<SseEvent> split;
    qsizetype at = 0;
    for (qsizetype i = 0; at < body.size(); ++i) {
        qsizetype piece = hintCount ? qsizetype(std::uint8_t(hints[i % hintCount])) : body.size();
        if (piece == 0) {
            split += parser.feed(QByteArrayView());
            piece = 1;
        }
        const qsizetype take = qMin(piece, body.size() - at);
        split += parser.feed(body.sliced(at, take));
        check(parser.bufferedBytes() <= body.size());
        at += take;
    }
    split += parser.finish();
    check(parser.bufferedBytes() == 0);

    const QList<SseEvent> whole = parseWhole(body);
    check(split == whole);

    if (body.size() <= 2048) {
        SseParser trickle;
        QList<SseEvent> bytewise;
        for (char c : body)
            bytewise += trickle.feed(QByteArrayView(&c, 1));
        bytewise += trickle.finish();
        check(bytewise == whole);
    }

    FastVersusFull chat;
    ResponsesDecoder responses;
    for (const SseEvent &event : whole) {
        for (const StreamUpdate &update : chat.decode(event)) {
            if (update.kind == StreamUpdate::Kind::Text || update.kind == StreamUpdate::Kind::Refusal)
                check(!update.text.isEmpty());
            if (update.kind == StreamUpdate::Kind::Error)
                check(update.error.kind == ErrorKind::StreamError);
        }
        for (const StreamUpdate &update : responses.decode(event)) {
            if (update.kind == StreamUpdate::Kind::Error)
                check(update.error.kind == ErrorKind::StreamError);
        }
    }
    // The body itself as one chunk payload, so mutations reach the JSON
    // directly, without having to keep the SSE framing intact; twice, before
    // and after Meta went out.
    SseEvent raw;
    raw.data = body.toByteArray();
    FastVersusFull direct;
    direct.decode(raw);
    direct.decode(raw);

    (void)errorKindName(ErrorKind::StreamError);
    return 0;
}
