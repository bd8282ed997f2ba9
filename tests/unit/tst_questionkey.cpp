// questionKey(): the answer-cache key (NFKC, case folding, punctuation,
// symbols and emoji removed, whitespace collapsed) and searchTerms(): the
// words of a question worth searching for, per language.

#include "conversation/questionkey.h"

#include <QTest>

using namespace Qt::StringLiterals;
using zk::conversation::questionKey;
using zk::conversation::searchTerms;

class TestQuestionKey : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void key_data();
    void key();
    void sameKey_data();
    void sameKey();
    void keyIsIdempotent();
    void terms_data();
    void terms();
};

void TestQuestionKey::key_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");

    QTest::newRow("plain") << u"what do you eat"_s << u"what do you eat"_s;
    QTest::newRow("case") << u"What Do You EAT"_s << u"what do you eat"_s;
    QTest::newRow("punctuation") << u"What do you eat?!..."_s << u"what do you eat"_s;
    QTest::newRow("punctuation separates words") << u"hello,zara;how are you"_s << u"hello zara how are you"_s;
    QTest::newRow("apostrophe joins") << u"What's your name?"_s << u"whats your name"_s;
    QTest::newRow("typographic apostrophe") << u"What\u2019s your name?"_s << u"whats your name"_s;
    QTest::newRow("inverted marks") << u"¿Qué comes?"_s << u"qué comes"_s;
    QTest::newRow("inverted exclamation") << u"¡Hola, Zara!"_s << u"hola zara"_s;
    QTest::newRow("accents kept") << u"¿DÓNDE VIVES, PEQUEÑA?"_s << u"dónde vives pequeña"_s;
    QTest::newRow("decomposed accent composed") << u"Do\u0301nde"_s << u"dónde"_s;
    QTest::newRow("fullwidth letters") << u"\uFF37\uFF48\uFF41\uFF54 do you eat\uFF1F"_s << u"what do you eat"_s;
    QTest::newRow("fullwidth digits") << u"\uFF11\uFF12 tigers"_s << u"12 tigers"_s;
    QTest::newRow("ligature") << u"\uFB01sh"_s << u"fish"_s;
    QTest::newRow("emoji") << u"🐼 do you eat bamboo? 🎋🎋"_s << u"do you eat bamboo"_s;
    QTest::newRow("emoji between words") << u"hi🐯there"_s << u"hi there"_s;
    QTest::newRow("emoji zwj sequence") << u"hello 👩\u200D👧 friend"_s << u"hello friend"_s;
    QTest::newRow("emoji variation selector") << u"I \u2764\uFE0F you"_s << u"i you"_s;
    QTest::newRow("emoji skin tone") << u"wave 👋🏽 hi"_s << u"wave hi"_s;
    QTest::newRow("keycap") << u"1\uFE0F\u20E3 fact"_s << u"1 fact"_s;
    QTest::newRow("flag") << u"from 🇪🇸 spain"_s << u"from spain"_s;
    QTest::newRow("symbols") << u"is 2+2=4 & $5 #1 @zoo"_s << u"is 2 2 4 5 1 zoo"_s;
    QTest::newRow("brackets and quotes") << u"(\"are\" [you] {real}) «sí»"_s << u"are you real sí"_s;
    QTest::newRow("whitespace") << u"  what\t\tdo\n you   eat \u00A0 "_s << u"what do you eat"_s;
    QTest::newRow("ideographic space") << u"what\u3000eat"_s << u"what eat"_s;
    QTest::newRow("zero width space and soft hyphen") << u"ba\u00ADmboo\u200B"_s << u"bamboo"_s;
    QTest::newRow("german sharp s folds") << u"STRASSE Straße"_s << u"strasse straße"_s;
    QTest::newRow("only punctuation") << u"?!¿¡... 🐼"_s << QString();
    QTest::newRow("empty") << QString() << QString();
}

void TestQuestionKey::key()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(questionKey(text), expected);
}

void TestQuestionKey::sameKey_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::newRow("cache example") << u"What do you EAT??"_s << u"what do you eat"_s;
    QTest::newRow("spacing and emoji") << u"  what   do you eat 🐼"_s << u"What do you eat?"_s;
    QTest::newRow("spanish marks") << u"¿Qué comes?"_s << u"qué comes"_s;
    QTest::newRow("fullwidth") << u"\uFF31\uFF55\uFF45 comes"_s << u"Que comes"_s;
}

void TestQuestionKey::sameKey()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QCOMPARE(questionKey(a), questionKey(b));
}

void TestQuestionKey::keyIsIdempotent()
{
    for (const QString &s : {u"¿Qué COMES, Zara? 🐼"_s, u"Ｗｈａｔ's up?!"_s, u"a\u0301 b"_s}) {
        const QString once = questionKey(s);
        QCOMPARE(questionKey(once), once);
    }
}

void TestQuestionKey::terms_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("language");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("en stop words") << u"What do you eat?"_s << u"en"_s << QStringList{u"eat"_s};
    QTest::newRow("en contraction") << u"What's your favorite food?"_s << u"en"_s
                                    << QStringList{u"favorite"_s, u"food"_s};
    QTest::newRow("en articles") << u"Is the tiger an animal or a cat?"_s << u"en"_s
                                 << QStringList{u"tiger"_s, u"animal"_s, u"cat"_s};
    QTest::newRow("en duplicates") << u"Eat eat EAT bamboo, eat!"_s << u"en"_s
                                   << QStringList{u"eat"_s, u"bamboo"_s};
    QTest::newRow("en short words dropped") << u"r u a x fox"_s << u"en"_s << QStringList{u"fox"_s};
    QTest::newRow("en keeps question words") << u"Where do you live?"_s << u"en"_s
                                             << QStringList{u"where"_s, u"live"_s};
    QTest::newRow("en accents removed") << u"Do you like jalapeño crème brûlée?"_s << u"en"_s
                                        << QStringList{u"like"_s, u"jalapeno"_s, u"creme"_s, u"brulee"_s};
    QTest::newRow("es stop words") << u"¿Qué comes?"_s << u"es"_s << QStringList{u"comes"_s};
    QTest::newRow("es accents") << u"¿Cómo te llamas? ¿Dónde vives?"_s << u"es"_s
                                << QStringList{u"llamas"_s, u"donde"_s, u"vives"_s};
    QTest::newRow("es que and como without accents") << u"que comes y como duermes"_s << u"es"_s
                                                     << QStringList{u"comes"_s, u"duermes"_s};
    QTest::newRow("es n tilde") << u"¿Cuántos años tienen los niños?"_s << u"es"_s
                                << QStringList{u"cuantos"_s, u"anos"_s, u"tienen"_s, u"ninos"_s};
    QTest::newRow("es articles") << u"¿El puma es un gato? La cola de la tigresa"_s << u"es"_s
                                 << QStringList{u"puma"_s, u"gato"_s, u"cola"_s, u"tigresa"_s};
    QTest::newRow("es uppercase accents") << u"¿ÁRBOLES Y MONTAÑAS?"_s << u"es"_s
                                          << QStringList{u"arboles"_s, u"montanas"_s};
    QTest::newRow("en words are not es stop words") << u"the eat"_s << u"es"_s
                                                    << QStringList{u"the"_s, u"eat"_s};
    QTest::newRow("unknown language keeps all") << u"Was ist das?"_s << u"de"_s
                                                << QStringList{u"was"_s, u"ist"_s, u"das"_s};
    QTest::newRow("emoji and symbols only") << u"🐼 ?! +"_s << u"en"_s << QStringList{};
    QTest::newRow("fts syntax is just words") << u"\"eat\" AND (bamboo* OR NEAR(x y)) -meat col:x ^a"_s << u"en"_s
                                              << QStringList{u"eat"_s, u"bamboo"_s, u"near"_s, u"meat"_s, u"col"_s};
}

void TestQuestionKey::terms()
{
    QFETCH(QString, text);
    QFETCH(QString, language);
    QFETCH(QStringList, expected);
    QCOMPARE(searchTerms(text, language), expected);
}

QTEST_GUILESS_MAIN(TestQuestionKey)
#include "tst_questionkey.moc"
