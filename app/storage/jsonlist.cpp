#include "storage/jsonlist.h"

namespace zk::storage {

QString toJsonArray(const QStringList &list)
{
    static constexpr char16_t kHex[] = u"0123456789abcdef";
    QString out;
    qsizetype size = 2;
    for (const QString &s : list)
        size += s.size() + 3;
    out.reserve(size);
    out += u'[';
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (i > 0)
            out += u',';
        out += u'"';
        for (const QChar c : list.at(i)) {
            switch (c.unicode()) {
            case u'"': out += u"\\\""; break;
            case u'\\': out += u"\\\\"; break;
            case u'\b': out += u"\\b"; break;
            case u'\f': out += u"\\f"; break;
            case u'\n': out += u"\\n"; break;
            case u'\r': out += u"\\r"; break;
            case u'\t': out += u"\\t"; break;
            default:
                if (c.unicode() < 0x20) {
                    out += u"\\u00";
                    out += QChar(kHex[c.unicode() >> 4]);
                    out += QChar(kHex[c.unicode() & 0xF]);
                } else {
                    out += c;
                }
            }
        }
        out += u'"';
    }
    out += u']';
    return out;
}

} // namespace zk::storage
