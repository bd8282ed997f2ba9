#pragma once

#include "llm/contentdeltascanner.h"
#include "llm/llmtypes.h"
#include "llm/sseparser.h"

#include <QList>

namespace zk::llm {

// Turns SSE events of one API flavour into StreamUpdates. Pure: no I/O.
class StreamDecoder
{
public:
    virtual ~StreamDecoder() = default;
    // Appends the updates of one event to `out` (a stream reader reuses one
    // list for all the events of a read).
    virtual void decode(const SseEvent &event, QList<StreamUpdate> &out) = 0;
    // The updates of one event, as a new list.
    QList<StreamUpdate> decode(const SseEvent &event)
    {
        QList<StreamUpdate> out;
        decode(event, out);
        return out;
    }
};

// POST /chat/completions with stream=true. Handles `data: [DONE]`, the usage
// chunk with "choices": [], delta.content / delta.refusal, finish_reason
// (stop / length / content_filter / tool_calls), an `error` object mid-stream,
// and malformed JSON (reported as Malformed, the stream goes on). Never assumes
// choices[0] exists.
//
// The ordinary content-delta chunk, nearly every event of a reply, takes a fast
// path (ContentDeltaScanner) that reads it without building a QJsonDocument;
// everything that path does not fully recognise goes through the full parse.
// Both give the same updates for every input (tested differentially and
// fuzzed); Parsing::FullOnly turns the fast path off, for those tests.
class ChatCompletionsDecoder final : public StreamDecoder
{
public:
    enum class Parsing { FastPath, FullOnly };
    explicit ChatCompletionsDecoder(Parsing parsing = Parsing::FastPath)
        : m_fastPath(parsing == Parsing::FastPath)
    {
    }

    using StreamDecoder::decode;
    void decode(const SseEvent &event, QList<StreamUpdate> &out) override;

private:
    QList<StreamUpdate> decodeFull(const SseEvent &event);

    bool m_fastPath;
    ContentDeltaScanner m_scanner;
    bool m_modelReported = false; // Meta is sent once, for the first chunk naming a model
};

// POST /responses with stream=true: response.created, response.output_text.delta,
// response.refusal.delta, response.completed (usage), response.incomplete
// (finish "length" or "content_filter" from incomplete_details.reason),
// response.failed and `error` events.
class ResponsesDecoder final : public StreamDecoder
{
public:
    using StreamDecoder::decode;
    void decode(const SseEvent &event, QList<StreamUpdate> &out) override;

private:
    static QList<StreamUpdate> decodeEvent(const SseEvent &event);
};

} // namespace zk::llm
