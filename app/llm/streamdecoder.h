#pragma once

#include "llm/llmtypes.h"
#include "llm/sseparser.h"

#include <QList>

namespace zk::llm {

// Turns SSE events of one API flavour into StreamUpdates. Pure: no I/O.
class StreamDecoder
{
public:
    virtual ~StreamDecoder() = default;
    virtual QList<StreamUpdate> decode(const SseEvent &event) = 0;
};

// POST /chat/completions with stream=true. Handles `data: [DONE]`, the usage
// chunk with "choices": [], delta.content / delta.refusal, finish_reason
// (stop / length / content_filter / tool_calls), an `error` object mid-stream,
// and malformed JSON (reported as Malformed, the stream goes on). Never assumes
// choices[0] exists.
class ChatCompletionsDecoder final : public StreamDecoder
{
public:
    QList<StreamUpdate> decode(const SseEvent &event) override;

private:
    bool m_modelReported = false; // Meta is sent once, for the first chunk naming a model
};

// POST /responses with stream=true: response.created, response.output_text.delta,
// response.refusal.delta, response.completed (usage), response.incomplete
// (finish "length" or "content_filter" from incomplete_details.reason),
// response.failed and `error` events.
class ResponsesDecoder final : public StreamDecoder
{
public:
    QList<StreamUpdate> decode(const SseEvent &event) override;
};

} // namespace zk::llm
