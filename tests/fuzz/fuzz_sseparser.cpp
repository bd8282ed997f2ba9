// libFuzzer target for the SSE parser and the stream decoders.
//
// Input layout: byte 0 chooses how many split hints follow (0..7); each hint
// byte is the length of the next piece fed to the parser; the remaining bytes
// are the stream. Besides "no crash, no sanitizer report", it checks the
// parser's core promise: the events do not depend on where the stream was split.

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

    ChatCompletionsDecoder chat;
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
    (void)errorKindName(ErrorKind::StreamError);
    return 0;
}
