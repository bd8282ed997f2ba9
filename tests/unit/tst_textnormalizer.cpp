#include "safety/textnormalizer.h"

#include <QTest>

using namespace Qt::StringLiterals;
using zk::safety::TextNormalizer;

class TestTextNormalizer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleaned_data();
    void cleaned();
    void folded_data();
    void folded();
    void spacedLettersJoin_data();
    void spacedLettersJoin();
    void repeatVariants_data();
    void repeatVariants();
    void emojiSequencesSurvive();
    void cleaningTwiceChangesNothing();
    void loneSurrogatesDropped();
    void hostileInputDoesNotCrash();
    void latin1FastPathMatchesGeneral();
};

void TestTextNormalizer::cleaned_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << u"What do you eat?"_s << u"What do you eat?"_s;
    QTest::newRow("trimmed and collapsed") << u"  Do   tigers\tswim?\n"_s << u"Do tigers swim?"_s;
    QTest::newRow("zero-width space") << u"ba\u200Bmboo"_s << u"bamboo"_s;
    QTest::newRow("zero-width joiner between letters") << u"ti\u200Dger"_s << u"tiger"_s;
    QTest::newRow("word joiner and BOM") << u"\uFEFFhi\u2060there"_s << u"hithere"_s;
    QTest::newRow("soft hyphen") << u"pan\u00ADda"_s << u"panda"_s;
    QTest::newRow("bidi override") << u"\u202Eabc\u202C"_s << u"abc"_s;
    QTest::newRow("control chars") << u"a\u0001b\u007Fc\u0085d"_s << u"abcd"_s;
    QTest::newRow("fullwidth via NFKC") << u"\uFF54\uFF49\uFF47\uFF45\uFF52"_s << u"tiger"_s;
    QTest::newRow("ligature via NFKC") << u"\uFB01sh"_s << u"fish"_s;
    QTest::newRow("accents kept") << u"¿Qué comes, señor?"_s << u"¿Qué comes, señor?"_s;
    QTest::newRow("case kept") << u"ZARA"_s << u"ZARA"_s;
    QTest::newRow("only invisible") << u"\u200B\u200C\uFEFF"_s << QString();
}

void TestTextNormalizer::cleaned()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(TextNormalizer().normalize(input).cleaned, expected);
    QCOMPARE(TextNormalizer::clean(input), expected);
}

void TestTextNormalizer::folded_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::newRow("lower and symbols") << u"What do YOU eat?!"_s << u"what do you eat"_s;
    QTest::newRow("diacritics") << u"¿Qué comes? Está aquí"_s << u"que comes esta aqui"_s;
    QTest::newRow("enye kept") << u"¿Cuántos años tienes, Ñandú?"_s << u"cuantos años tienes ñandu"_s;
    QTest::newRow("cyrillic look-alikes") << u"\u0456gn\u043Er\u0435 prev\u0456\u043Eus"_s << u"ignore previous"_s;
    QTest::newRow("greek look-alikes") << u"\u03BFk \u03B1nd"_s << u"ok and"_s;
    QTest::newRow("fullwidth") << u"\uFF29\uFF27\uFF2E\uFF2F\uFF32\uFF25"_s << u"ignore"_s;
    QTest::newRow("leet in words") << u"h3ll0 1gn0r3"_s << u"hello ignore"_s;
    QTest::newRow("leet symbols inside") << u"sh!t @ss $hit"_s << u"shit ass shit"_s;
    QTest::newRow("trailing bang is punctuation") << u"hi! wow!!"_s << u"hi wow"_s;
    QTest::newRow("numbers stay numbers") << u"Tigers weigh 100 to 300 kg in 1998"_s
                                          << u"tigers weigh 100 to 300 kg in 1998"_s;
    QTest::newRow("pipe as l") << u"he|lo"_s << u"hello"_s;
    QTest::newRow("lone symbols") << u"$$$ @ !"_s << QString();
    QTest::newRow("dotted letters") << u"f.u.c.k"_s << u"f u c k"_s;
    QTest::newRow("emoji become spaces") << u"I love 🐼 pandas"_s << u"i love pandas"_s;
    QTest::newRow("zero-width inside word") << u"ki\u200Bll"_s << u"kill"_s;
}

void TestTextNormalizer::folded()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(TextNormalizer().normalize(input).folded, expected);
}

void TestTextNormalizer::spacedLettersJoin_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("joined");
    QTest::newRow("spaced") << u"you f u c k"_s << u"you fuck"_s;
    QTest::newRow("dotted") << u"s.h.i.t happens"_s << u"shit happens"_s;
    QTest::newRow("dashed") << u"k-i-l-l"_s << u"kill"_s;
    QTest::newRow("two letters stay") << u"i a cat"_s << u"i a cat"_s;
    QTest::newRow("ordinary") << u"Do red pandas eat bamboo?"_s << u"do red pandas eat bamboo"_s;
    QTest::newRow("digit not joined") << u"a 1 b c"_s << u"a 1 b c"_s;
}

void TestTextNormalizer::spacedLettersJoin()
{
    QFETCH(QString, input);
    QFETCH(QString, joined);
    const auto n = TextNormalizer().normalize(input);
    QCOMPARE(n.joined, joined);
    QCOMPARE(n.words.join(u' '), joined);
}

void TestTextNormalizer::repeatVariants_data()
{
    QTest::addColumn<QString>("word");
    QTest::addColumn<QStringList>("variants");
    QTest::newRow("no run") << u"bamboo"_s << QStringList();
    QTest::newRow("double only") << u"ass"_s << QStringList();
    QTest::newRow("triple") << u"fuuuck"_s << QStringList{u"fuuck"_s, u"fuck"_s};
    QTest::newRow("trailing run") << u"asss"_s << QStringList{u"ass"_s, u"as"_s};
    QTest::newRow("several runs") << u"shiiiiittt"_s << QStringList{u"shiitt"_s, u"shit"_s};
}

void TestTextNormalizer::repeatVariants()
{
    QFETCH(QString, word);
    QFETCH(QStringList, variants);
    QCOMPARE(TextNormalizer::repeatVariants(word), variants);
}

void TestTextNormalizer::emojiSequencesSurvive()
{
    const QString family = u"👨\u200D👩\u200D👧"_s;
    QCOMPARE(TextNormalizer::clean(u"my "_s + family), u"my "_s + family);
}

void TestTextNormalizer::cleaningTwiceChangesNothing()
{
    // A joiner before a character that is removed must go too (found by fuzz_safety).
    const QString inputs[] = {u"🐼‍x"_s, u"🐼‍󰀀"_s, u"a‍​b"_s,
                              u"👨‍👩‍👧 ok"_s};
    for (const QString &input : inputs) {
        const QString once = TextNormalizer::clean(input);
        QCOMPARE(TextNormalizer::clean(once), once);
    }
    QCOMPARE(TextNormalizer::clean(u"🐼‍x"_s), u"🐼x"_s);
}

void TestTextNormalizer::loneSurrogatesDropped()
{
    QString text = u"ab"_s;
    text.insert(1, QChar(char16_t(0xD800)));
    QCOMPARE(TextNormalizer::clean(text), u"ab"_s);
    QString trailing = u"x"_s;
    trailing += QChar(char16_t(0xDC00));
    QCOMPARE(TextNormalizer().normalize(trailing).folded, u"x"_s);
}

void TestTextNormalizer::hostileInputDoesNotCrash()
{
    QString junk;
    for (int i = 0; i < 5000; ++i)
        junk += QChar(char16_t((i * 7919) % 0xFFFF));
    const auto n = TextNormalizer().normalize(junk);
    QVERIFY(n.cleaned.size() <= junk.size() * 18); // NFKC may expand, never without bound
    QVERIFY(!n.folded.contains(u"  "_s));
}

// Latin-1 text is cleaned and folded from per-character tables; it must give
// exactly what the general NFKC/NFD code gives, for every character, every
// pair (where composition or reordering would show) and random longer text.
void TestTextNormalizer::latin1FastPathMatchesGeneral()
{
    using namespace zk::safety::detail;
    int compared = 0;
    const auto same = [&compared](const QString &text) {
        ++compared;
        const QString cleaned = TextNormalizer::clean(text);
        if (cleaned != cleanGeneral(text))
            return false;
        return foldLetters(cleaned) == foldLettersGeneral(cleaned) && foldLetters(text) == foldLettersGeneral(text);
    };
    for (char16_t a = 0; a < 256; ++a) {
        QVERIFY2(same(QString(QChar(a))), qPrintable(u"U+%1"_s.arg(int(a), 4, 16, QChar(u'0'))));
        for (char16_t b = 0; b < 256; ++b) {
            const QString pair = QString(QChar(a)) + QChar(b);
            if (!same(pair))
                QFAIL(qPrintable(u"U+%1 U+%2"_s.arg(int(a), 4, 16, QChar(u'0')).arg(int(b), 4, 16, QChar(u'0'))));
        }
    }
    // Random text over all of Latin-1, weighted towards letters and spaces.
    quint32 seed = 20261123;
    const auto next = [&seed] {
        seed = seed * 1664525u + 1013904223u;
        return seed >> 8;
    };
    for (int i = 0; i < 20000; ++i) {
        QString text;
        const int length = int(next() % 40);
        for (int k = 0; k < length; ++k) {
            const quint32 r = next();
            text += (r % 4 == 0) ? QChar(u' ') : QChar(char16_t(r % 3 == 0 ? (r >> 4) % 256 : u'a' + (r >> 4) % 26));
        }
        QVERIFY2(same(text), qPrintable(text));
    }
    QCOMPARE(compared, 256 + 256 * 256 + 20000);
    // A known case each way: "Ñandú ¼" keeps ñ and folds; NBSP and soft hyphen.
    QCOMPARE(TextNormalizer().normalize(u"\u00D1and\u00FA \u00BC"_s).folded, u"\u00F1andu 1 4"_s);
    QCOMPARE(TextNormalizer::clean(u"a\u00A0b\u00ADc"_s), u"a bc"_s);
}

QTEST_GUILESS_MAIN(TestTextNormalizer)
#include "tst_textnormalizer.moc"
