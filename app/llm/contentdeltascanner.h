#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace zk::llm {

// The fast path of ChatCompletionsDecoder: a strict, allocation-light scanner
// for the one chunk shape that makes up nearly all of a streamed reply, the
// ordinary content delta:
//
//   {"id":"chatcmpl-..","object":"chat.completion.chunk","created":1741570283,
//    "model":"gpt-4o-..","system_fingerprint":"fp_..","choices":[{"index":0,
//    "delta":{"content":" bamboo"},"logprobs":null,"finish_reason":null}],
//    "usage":null}
//
// It recognises exactly that: top-level keys id, object, created, model,
// system_fingerprint, service_tier, obfuscation, usage and choices, in any
// order, each at most once, choices required; id, object, system_fingerprint,
// service_tier and obfuscation strings or null, model a string, created a
// plain non-negative integer, usage null; choices an array of exactly one
// object with index 0, delta {"content": string} (nothing else in delta), and
// optional logprobs null and finish_reason null. JSON whitespace is allowed
// between tokens. Strings may hold raw UTF-8 (well-formed only: no overlong
// forms, no encoded surrogates, nothing above U+10FFFF) and the escapes
// \" \\ \/ \b \f \n \r \t \uXXXX (a high surrogate must be followed by an
// escaped low one); no raw control characters.
//
// scan() returns false for anything else (role or refusal deltas, a finish
// reason, the usage chunk, error objects, tool calls, unknown or repeated keys,
// a BOM, invalid or merely unusual JSON) and the caller falls back to the full
// QJsonDocument parse. When it returns true, the content (and the model, when
// asked for) equal what QJsonDocument::fromJson would give for the same bytes;
// tests/unit/tst_streamdecoder.cpp and tests/fuzz/fuzz_sseparser.cpp check that
// differentially.
//
// One scanner reads one stream: the chunks of a stream start with the same
// bytes (id, object, created, model, fingerprint), so it keeps those of the
// last chunk it took, up to "choices", and does not check them again when the
// next chunk starts with exactly the same bytes.
class ContentDeltaScanner
{
public:
    struct Result
    {
        QString content; // choices[0].delta.content, decoded (may be empty)
        QString model;   // "model", decoded only when asked for; empty when absent
    };

    // readModel: decode "model" too (the decoder wants it until it has
    // reported one). result is meaningful only when scan() returns true.
    bool scan(QByteArrayView json, Result &result, bool readModel);

private:
    QByteArray m_prefix;     // the last chunk taken, up to the value of "choices"
    unsigned m_prefixKeys = 0; // the top-level keys in m_prefix
};

} // namespace zk::llm
