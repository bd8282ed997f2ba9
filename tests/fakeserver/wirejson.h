#pragma once

#include <QByteArray>
#include <QString>

#include <initializer_list>
#include <utility>
#include <vector>

namespace zk::test {

// A small JSON value that keeps object keys in insertion order and serialises
// the way the OpenAI API does: compact for SSE data lines, indented (2 or 4
// spaces, Python json.dumps style) for whole bodies, non-ASCII text as raw
// UTF-8. QJsonDocument cannot do this (it sorts keys), and the fake server has
// to put the same bytes on the wire as the real service.
class WireJson
{
public:
    enum class Kind { Null, Bool, Int, Double, String, Raw, Array, Object };
    using Member = std::pair<QByteArray, WireJson>;

    WireJson() = default;                       // null
    WireJson(std::nullptr_t) {}                 // null
    WireJson(bool b) : m_kind(Kind::Bool), m_int(b ? 1 : 0) {}
    WireJson(int i) : m_kind(Kind::Int), m_int(i) {}
    WireJson(qint64 i) : m_kind(Kind::Int), m_int(i) {}
    WireJson(double d) : m_kind(Kind::Double), m_double(d) {}
    WireJson(const QString &s) : m_kind(Kind::String), m_bytes(s.toUtf8()) {}
    WireJson(const char *utf8) : m_kind(Kind::String), m_bytes(utf8) {}
    WireJson(const QByteArray &utf8) : m_kind(Kind::String), m_bytes(utf8) {}

    // Pre-serialised JSON inserted verbatim (for hot paths and deliberately broken output).
    static WireJson raw(const QByteArray &json);
    static WireJson array(std::initializer_list<WireJson> items = {});
    static WireJson object(std::initializer_list<Member> members = {});

    WireJson &append(WireJson value);                          // arrays
    WireJson &insert(const QByteArray &key, WireJson value);   // objects, keeps order

    Kind kind() const { return m_kind; }

    QByteArray compact() const;
    // Indented like Python's json.dumps(indent=N): "key": value, empty
    // containers as {} / []. No trailing newline.
    QByteArray indented(int spaces) const;

    // Appends s as a JSON string literal: quotes, \" \\ \b \f \n \r \t, other
    // control characters as \u00XX, everything else (UTF-8) verbatim.
    static void appendQuoted(QByteArray &out, QByteArrayView utf8);
    static QByteArray quoted(const QString &s);
    static QByteArray number(double d);

private:
    void write(QByteArray &out, int indent, int depth) const;

    Kind m_kind = Kind::Null;
    qint64 m_int = 0;
    double m_double = 0;
    QByteArray m_bytes;                 // String (UTF-8) or Raw
    std::vector<WireJson> m_items;      // Array values / Object values
    std::vector<QByteArray> m_keys;     // Object keys, parallel to m_items
};

} // namespace zk::test
