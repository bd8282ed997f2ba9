#include "conversation/contextwindow.h"
#include "conversation/replytext.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace zk::conversation;
using zk::storage::ReplySource;
using zk::storage::Summary;
using zk::storage::Turn;
using zk::storage::TurnStatus;
using Role = zk::llm::ChatMessage::Role;

class TestContextWindow : public QObject
{
    Q_OBJECT

    static Turn turn(int seq, int replyChars = 40)
    {
        Turn t;
        t.seq = seq;
        t.visitorText = u"question %1"_s.arg(seq);
        t.reply = u"answer %1 "_s.arg(seq) + QString(replyChars, u'x');
        return t;
    }

private Q_SLOTS:
    void lastNTurnsOldestFirst()
    {
        QList<Turn> turns;
        for (int i = 1; i <= 14; ++i)
            turns << turn(i);
        ContextWindow w({10, 100000, 100000, 5});
        const auto plan = w.build(turns, std::nullopt);
        QCOMPARE(plan.messages.size(), 20);
        QCOMPARE(plan.messages.first().role, Role::User);
        QCOMPARE(plan.messages.first().content, u"question 5"_s);
        QCOMPARE(plan.messages.last().role, Role::Assistant);
        QVERIFY(plan.messages.last().content.startsWith(u"answer 14"_s));
        QVERIFY(!plan.usesSummary);
    }

    void blockedAndFailedTurnsNeverGoBack()
    {
        QList<Turn> turns{turn(1), turn(2), turn(3), turn(4)};
        turns[1].blocked = true;
        turns[1].source = ReplySource::Blocked;
        turns[2].status = TurnStatus::Failed;
        ContextWindow w({10, 100000, 100000, 5});
        const auto plan = w.build(turns, std::nullopt);
        QCOMPARE(plan.messages.size(), 4);
        QCOMPARE(plan.messages.at(0).content, u"question 1"_s);
        QCOMPARE(plan.messages.at(2).content, u"question 4"_s);
        for (const auto &m : plan.messages)
            QVERIFY(!m.content.contains(u"question 2"_s) && !m.content.contains(u"question 3"_s));
    }

    void tokenBudgetDropsOldestFirst()
    {
        QList<Turn> turns;
        for (int i = 1; i <= 6; ++i)
            turns << turn(i, 400); // ~110 tokens per turn
        ContextWindow w({10, 350, 100000, 5});
        const auto plan = w.build(turns, std::nullopt);
        QVERIFY(plan.tokens <= 350);
        QCOMPARE(plan.messages.size(), 6); // the 3 newest turns fit
        QCOMPARE(plan.messages.first().content, u"question 4"_s);
    }

    void summaryPlusLastFiveTurns()
    {
        QList<Turn> turns;
        for (int i = 1; i <= 12; ++i)
            turns << turn(i);
        Summary s;
        s.throughSeq = 4;
        s.text = u"We talked about bamboo."_s;
        ContextWindow w({10, 100000, 2000, 5});
        const auto plan = w.build(turns, s);
        QVERIFY(plan.usesSummary);
        QCOMPARE(plan.messages.first().role, Role::System);
        QVERIFY(plan.messages.first().content.contains(u"We talked about bamboo."_s));
        QCOMPARE(plan.messages.size(), 1 + 10);
        QCOMPARE(plan.messages.at(1).content, u"question 8"_s);
    }

    void summaryTrigger()
    {
        ContextWindow w({10, 100000, 2000, 5});
        QList<Turn> turns;
        for (int i = 1; i <= 5; ++i)
            turns << turn(i, 3000); // big, but only five turns: nothing older to fold
        QCOMPARE(w.summaryDue(turns, std::nullopt), std::nullopt);
        turns << turn(6, 3000);
        QCOMPARE(w.summaryDue(turns, std::nullopt), std::optional<int>(1));

        QList<Turn> small;
        for (int i = 1; i <= 20; ++i)
            small << turn(i, 40); // 20 short turns ~ 500 tokens: under the threshold
        QCOMPARE(w.summaryDue(small, std::nullopt), std::nullopt);
        for (int i = 21; i <= 80; ++i)
            small << turn(i, 40); // 80 x 24 = 1920 tokens: still under
        QCOMPARE(w.summaryDue(small, std::nullopt), std::nullopt);
        for (int i = 81; i <= 100; ++i)
            small << turn(i, 40); // 2400 tokens: fold all but the last five
        QCOMPARE(w.summaryDue(small, std::nullopt), std::optional<int>(95));

        // A summary through 95 covers those; the rest is under the threshold.
        Summary s;
        s.throughSeq = 95;
        QCOMPARE(w.summaryDue(small, s), std::nullopt);
    }

    void estimateTokens()
    {
        QCOMPARE(zk::conversation::estimateTokens(QString()), 4);
        QCOMPARE(zk::conversation::estimateTokens(QString(400, u'a')), 104);
    }

    void untilLastSentence_data()
    {
        QTest::addColumn<QString>("in");
        QTest::addColumn<QString>("out");
        QTest::newRow("empty") << QString() << QString();
        QTest::newRow("complete") << u"I love bamboo. I climb trees!"_s << u"I love bamboo. I climb trees!"_s;
        QTest::newRow("cut") << u"I love bamboo. I climb tr"_s << u"I love bamboo."_s;
        QTest::newRow("question") << u"Do you know? I sleep in"_s << u"Do you know?"_s;
        QTest::newRow("number") << u"I weigh 3.5 kilos"_s << u"I weigh 3.5 kilos…"_s;
        QTest::newRow("spanish") << u"¡Hola! Me encanta el bambú. Y tam"_s << u"¡Hola! Me encanta el bambú."_s;
        QTest::newRow("quote") << u"I say \"hi!\" and th"_s << u"I say \"hi!\""_s;
        QTest::newRow("none") << u"I love bam"_s << u"I love bam…"_s;
    }

    void untilLastSentence()
    {
        QFETCH(QString, in);
        QFETCH(QString, out);
        QCOMPARE(zk::conversation::untilLastSentence(in), out);
    }

    void limitWords()
    {
        QCOMPARE(zk::conversation::limitWords(u"a b  c\nd"_s, 10), u"a b c d"_s);
        QCOMPARE(zk::conversation::limitWords(u"a b c d"_s, 2), u"a b…"_s);
    }
};

QTEST_GUILESS_MAIN(TestContextWindow)
#include "tst_contextwindow.moc"
