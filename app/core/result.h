#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace zk {

// A small stand-in for std::expected (not available in this toolchain's C++20
// library): either a value or an error. Errors are typed by the caller; the
// default carries a developer-facing message (never shown to visitors).
struct Error
{
    QString message;
};

template <typename T, typename E = Error>
class [[nodiscard]] Result
{
public:
    Result(T value) : m_data(std::in_place_index<0>, std::move(value)) {}
    Result(E error) : m_data(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<0>(m_data); }
    T &value() & { return std::get<0>(m_data); }
    T &&value() && { return std::get<0>(std::move(m_data)); }
    const T &operator*() const & { return value(); }
    const T *operator->() const { return &value(); }

    const E &error() const { return std::get<1>(m_data); }

    T valueOr(T fallback) const { return ok() ? value() : std::move(fallback); }

private:
    std::variant<T, E> m_data;
};

template <typename E>
class [[nodiscard]] Result<void, E>
{
public:
    Result() = default;
    Result(E error) : m_error(std::move(error)) {}

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const E &error() const { return *m_error; }

private:
    std::optional<E> m_error;
};

using Status = Result<void>;

inline Error makeError(QString message)
{
    return Error{std::move(message)};
}

} // namespace zk
