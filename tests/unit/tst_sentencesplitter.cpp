#include "safety/sentencesplitter.h"

#include <QTest>

using namespace Qt::StringLiterals;
using zk::safety::SentenceSplitter;

class TestSentenceSplitter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void wholeText_data();
    void wholeText();
    void everySplitPointKeepsTheText();
    void waitsForWhiteSpaceAfterFullStop();
    void longRunWithoutFullStopIsReleased();
    void endlessWordIsReleased();
};

void TestSentenceSplitter::wholeText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("sentences");
    QTest::addColumn<QString>("rest");
    QTest::newRow("two sentences") << u"I love bamboo. I sleep in trees!"_s
                                   << QStringList{u"I love bamboo."_s} << u" I sleep in trees!"_s;
    QTest::newRow("three") << u"Hi! I'm Zara. Ask me anything? "_s
                           << QStringList{u"Hi!"_s, u" I'm Zara."_s, u" Ask me anything?"_s} << u" "_s;
    QTest::newRow("decimal") << u"I weigh 3.5 kilos. Yes."_s << QStringList{u"I weigh 3.5 kilos."_s} << u" Yes."_s;
    QTest::newRow("ellipsis") << u"Well... maybe. Ok"_s << QStringList{u"Well..."_s, u" maybe."_s} << u" Ok"_s;
    QTest::newRow("closing quote") << u"He said \"wow!\" Then left."_s << QStringList{u"He said \"wow!\""_s}
                                   << u" Then left."_s;
    QTest::newRow("spanish") << u"¡Hola! ¿Sabías que duermo mucho? Sí."_s
                             << QStringList{u"¡Hola!"_s, u" ¿Sabías que duermo mucho?"_s} << u" Sí."_s;
    QTest::newRow("line break") << u"First line\nSecond"_s << QStringList{u"First line\n"_s} << u"Second"_s;
    QTest::newRow("no end") << u"no full stop here"_s << QStringList{} << u"no full stop here"_s;
}

void TestSentenceSplitter::wholeText()
{
    QFETCH(QString, text);
    QFETCH(QStringList, sentences);
    QFETCH(QString, rest);
    SentenceSplitter splitter;
    QCOMPARE(splitter.push(text), sentences);
    QCOMPARE(splitter.takeRest(), rest);
    QVERIFY(splitter.pending().isEmpty());
}

void TestSentenceSplitter::everySplitPointKeepsTheText()
{
    const QString text = u"Red pandas eat bamboo. They weigh 3.5 kg! ¿Y tú? \"Yes.\" Done\nok... end"_s;
    QStringList reference;
    {
        SentenceSplitter s;
        reference = s.push(text);
        reference << s.takeRest();
    }
    for (qsizetype a = 0; a <= text.size(); ++a) {
        for (qsizetype b = a; b <= text.size(); b += 3) {
            SentenceSplitter s;
            QStringList got = s.push(text.left(a));
            got += s.push(text.mid(a, b - a));
            got += s.push(text.mid(b));
            got << s.takeRest();
            QCOMPARE(got.join(QString()), text);
            got.removeAll(QString());
            QStringList ref = reference;
            ref.removeAll(QString());
            QCOMPARE(got, ref);
        }
    }
}

void TestSentenceSplitter::waitsForWhiteSpaceAfterFullStop()
{
    SentenceSplitter s;
    QVERIFY(s.push(u"I am 3."_s).isEmpty());      // could be 3.5
    QCOMPARE(s.push(u"5 years old. "_s), QStringList{u"I am 3.5 years old."_s});
}

void TestSentenceSplitter::longRunWithoutFullStopIsReleased()
{
    SentenceSplitter s(40);
    const QStringList out = s.push(u"and then we climbed and climbed and climbed the tallest tree"_s);
    QCOMPARE(out.size(), 1);
    QVERIFY(out.first().size() <= 60);
    QVERIFY(!out.first().endsWith(u' '));
    QCOMPARE(out.first() + s.pending(), u"and then we climbed and climbed and climbed the tallest tree"_s);
}

void TestSentenceSplitter::endlessWordIsReleased()
{
    SentenceSplitter s(10);
    const QString word(50, u'a');
    QCOMPARE(s.push(word), QStringList{word});
    QVERIFY(s.pending().isEmpty());
}

QTEST_GUILESS_MAIN(TestSentenceSplitter)
#include "tst_sentencesplitter.moc"
