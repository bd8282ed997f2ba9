#include "llm/llmtypes.h"

using namespace Qt::StringLiterals;

namespace zk::llm {

// Stable snake_case names for logs, metrics and the database; never shown to visitors.
QString errorKindName(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::None: return u"none"_s;
    case ErrorKind::ConnectionRefused: return u"connection_refused"_s;
    case ErrorKind::HostNotFound: return u"host_not_found"_s;
    case ErrorKind::Tls: return u"tls"_s;
    case ErrorKind::ConnectTimeout: return u"connect_timeout"_s;
    case ErrorKind::FirstByteTimeout: return u"first_byte_timeout"_s;
    case ErrorKind::StreamStalled: return u"stream_stalled"_s;
    case ErrorKind::Network: return u"network"_s;
    case ErrorKind::BadRequest: return u"bad_request"_s;
    case ErrorKind::ContextLengthExceeded: return u"context_length_exceeded"_s;
    case ErrorKind::Unauthorized: return u"unauthorized"_s;
    case ErrorKind::ModelNotFound: return u"model_not_found"_s;
    case ErrorKind::RateLimited: return u"rate_limited"_s;
    case ErrorKind::InsufficientQuota: return u"insufficient_quota"_s;
    case ErrorKind::Retryable: return u"retryable"_s;
    case ErrorKind::HttpOther: return u"http_other"_s;
    case ErrorKind::NonJsonErrorBody: return u"non_json_error_body"_s;
    case ErrorKind::StreamEndedEarly: return u"stream_ended_early"_s;
    case ErrorKind::StreamError: return u"stream_error"_s;
    case ErrorKind::ContentFilter: return u"content_filter"_s;
    case ErrorKind::Cancelled: return u"cancelled"_s;
    }
    return u"unknown"_s; // not a valid ErrorKind
}

bool isTransientFailure(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::ConnectionRefused:
    case ErrorKind::HostNotFound:
    case ErrorKind::Tls:
    case ErrorKind::ConnectTimeout:
    case ErrorKind::FirstByteTimeout:
    case ErrorKind::StreamStalled:
    case ErrorKind::Network:
    case ErrorKind::RateLimited:
    case ErrorKind::Retryable:
    case ErrorKind::NonJsonErrorBody:
    case ErrorKind::StreamEndedEarly:
    case ErrorKind::StreamError:
        return true;
    case ErrorKind::None:
    case ErrorKind::BadRequest:
    case ErrorKind::ContextLengthExceeded:
    case ErrorKind::Unauthorized:
    case ErrorKind::ModelNotFound:
    case ErrorKind::InsufficientQuota:
    case ErrorKind::HttpOther:
    case ErrorKind::ContentFilter:
    case ErrorKind::Cancelled:
        return false;
    }
    return false;
}

} // namespace zk::llm
