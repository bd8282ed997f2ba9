#include "wirejson.h"

#include <QLocale>

#include <cmath>

using namespace Qt::StringLiterals;

namespace zk::test {

WireJson WireJson::raw(const QByteArray &json)
{
    WireJson v;
    v.m_kind = Kind::Raw;
    v.m_bytes = json;
    return v;
}

WireJson WireJson::array(std::initializer_list<WireJson> items)
{
    WireJson v;
    v.m_kind = Kind::Array;
    v.m_items.assign(items.begin(), items.end());
    return v;
}

WireJson WireJson::object(std::initializer_list<Member> members)
{
    WireJson v;
    v.m_kind = Kind::Object;
    v.m_items.reserve(members.size());
    v.m_keys.reserve(members.size());
    for (const auto &[key, value] : members) {
        v.m_keys.push_back(key);
        v.m_items.push_back(value);
    }
    return v;
}

WireJson &WireJson::append(WireJson value)
{
    Q_ASSERT(m_kind == Kind::Array);
    m_items.push_back(std::move(value));
    return *this;
}

WireJson &WireJson::insert(const QByteArray &key, WireJson value)
{
    Q_ASSERT(m_kind == Kind::Object);
    m_keys.push_back(key);
    m_items.push_back(std::move(value));
    return *this;
}

QByteArray WireJson::compact() const
{
    QByteArray out;
    out.reserve(256);
    write(out, -1, 0);
    return out;
}

QByteArray WireJson::indented(int spaces) const
{
    QByteArray out;
    out.reserve(1024);
    write(out, spaces, 0);
    return out;
}

void WireJson::appendQuoted(QByteArray &out, QByteArrayView utf8)
{
    static constexpr char hex[] = "0123456789abcdef";
    out.append('"');
    qsizetype runStart = 0;
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(utf8.sliced(runStart, i - runStart));
        runStart = i + 1;
        switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\b': out.append("\\b"); break;
        case '\f': out.append("\\f"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default:
            out.append("\\u00");
            out.append(hex[c >> 4]);
            out.append(hex[c & 0xf]);
        }
    }
    out.append(utf8.sliced(runStart));
    out.append('"');
}

QByteArray WireJson::quoted(const QString &s)
{
    QByteArray out;
    appendQuoted(out, s.toUtf8());
    return out;
}

QByteArray WireJson::number(double d)
{
    if (!std::isfinite(d))
        return "null"_ba;
    return QByteArray::number(d, 'g', QLocale::FloatingPointShortest);
}

void WireJson::write(QByteArray &out, int indent, int depth) const
{
    const auto newline = [&](int level) {
        out.append('\n');
        out.append(QByteArray(qsizetype(indent) * level, ' '));
    };
    switch (m_kind) {
    case Kind::Null: out.append("null"); return;
    case Kind::Bool: out.append(m_int ? "true" : "false"); return;
    case Kind::Int: out.append(QByteArray::number(m_int)); return;
    case Kind::Double: out.append(number(m_double)); return;
    case Kind::String: appendQuoted(out, m_bytes); return;
    case Kind::Raw: out.append(m_bytes); return;
    case Kind::Array:
    case Kind::Object: {
        const bool isObject = m_kind == Kind::Object;
        out.append(isObject ? '{' : '[');
        if (m_items.empty()) {
            out.append(isObject ? '}' : ']');
            return;
        }
        for (size_t i = 0; i < m_items.size(); ++i) {
            if (i > 0)
                out.append(',');
            if (indent >= 0)
                newline(depth + 1);
            if (isObject) {
                appendQuoted(out, m_keys[i]);
                out.append(indent >= 0 ? ": " : ":");
            }
            m_items[i].write(out, indent, depth + 1);
        }
        if (indent >= 0)
            newline(depth);
        out.append(isObject ? '}' : ']');
        return;
    }
    }
}

} // namespace zk::test
