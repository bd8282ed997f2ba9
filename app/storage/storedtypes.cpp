#include "storage/storedtypes.h"

#include <array>
#include <utility>

namespace zk::storage {

using namespace Qt::StringLiterals;

namespace {

// One table per enum: the stored names are part of the schema (CHECK
// constraints) and of the zookioskctl --json contract, so they never change.
constexpr std::array<std::pair<ReplySource, QStringView>, 6> kSources{{
    {ReplySource::Model, u"model"},
    {ReplySource::FallbackModel, u"fallback_model"},
    {ReplySource::Cache, u"cache"},
    {ReplySource::Offline, u"offline"},
    {ReplySource::Emergency, u"emergency"},
    {ReplySource::Blocked, u"blocked"},
}};

constexpr std::array<std::pair<TurnStatus, QStringView>, 4> kStatuses{{
    {TurnStatus::Completed, u"completed"},
    {TurnStatus::Partial, u"partial"},
    {TurnStatus::Cancelled, u"cancelled"},
    {TurnStatus::Failed, u"failed"},
}};

constexpr std::array<std::pair<Severity, QStringView>, 4> kSeverities{{
    {Severity::Info, u"info"},
    {Severity::Warning, u"warning"},
    {Severity::Error, u"error"},
    {Severity::Critical, u"critical"},
}};

template <typename Enum, std::size_t N>
QString nameOf(const std::array<std::pair<Enum, QStringView>, N> &table, Enum value)
{
    for (const auto &[v, name] : table) {
        if (v == value)
            return name.toString();
    }
    return {};
}

template <typename Enum, std::size_t N>
std::optional<Enum> parse(const std::array<std::pair<Enum, QStringView>, N> &table, const QString &name)
{
    for (const auto &[v, n] : table) {
        if (n == name)
            return v;
    }
    return std::nullopt;
}

} // namespace

QString replySourceName(ReplySource source)
{
    return nameOf(kSources, source);
}

std::optional<ReplySource> parseReplySource(const QString &name)
{
    return parse(kSources, name);
}

QString turnStatusName(TurnStatus status)
{
    return nameOf(kStatuses, status);
}

std::optional<TurnStatus> parseTurnStatus(const QString &name)
{
    return parse(kStatuses, name);
}

QString severityName(Severity severity)
{
    return nameOf(kSeverities, severity);
}

} // namespace zk::storage
