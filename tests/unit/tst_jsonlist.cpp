#include "storage/jsonlist.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;

// toJsonArray() replaces QJsonDocument for speed; stored rows and content
// fingerprints depend on it giving the very same text.
class TestJsonList : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameAsQJsonDocument();
};

namespace {
QString reference(const QStringList &list)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
}
} // namespace

void TestJsonList::sameAsQJsonDocument()
{
    QList<QStringList> cases = {
        {},
        {QString()},
        {u"bamboo"_s, u"¿Qué comes?"_s, u"ñandú"_s},
        {u"quote \" backslash \\ slash /"_s, u"tab\tnew\nline\rcr"_s},
        {u"emoji 🐼 and 😀"_s, u"line\u2028separator\u2029"_s, u"del\u007f"_s},
    };
    QStringList everyChar;
    for (char16_t c = 0; c < 0x250; ++c) {
        if (!QChar::isSurrogate(c))
            everyChar << QString(QChar(c)) + u'x';
    }
    cases << everyChar;
    for (const QStringList &list : std::as_const(cases))
        QCOMPARE(zk::storage::toJsonArray(list), reference(list));
    // And it reads back.
    const QJsonArray back = QJsonDocument::fromJson(zk::storage::toJsonArray(everyChar).toUtf8()).array();
    QCOMPARE(back.toVariantList().size(), everyChar.size());
    QCOMPARE(back.at(10).toString(), everyChar.at(10));
}

QTEST_GUILESS_MAIN(TestJsonList)
#include "tst_jsonlist.moc"
