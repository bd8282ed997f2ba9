// The suggested-question chips of a visit: unasked questions first, a fresh
// round after each reply, the same questions across a language switch.
#include "persona/suggestiondeck.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace zk::persona;

class TestSuggestionDeck : public QObject
{
    Q_OBJECT

    static Animal zara()
    {
        Animal a;
        a.id = u"red_panda"_s;
        AnimalText en;
        en.language = u"en"_s;
        en.suggestedQuestions = {u"Are you a bear?"_s, u"What do you eat?"_s, u"Where do you sleep?"_s,
                                 u"Why is your tail fluffy?"_s, u"Where do you live?"_s, u"How can I help?"_s};
        AnimalText es;
        es.language = u"es"_s;
        es.suggestedQuestions = {u"¿Eres un oso?"_s, u"¿Qué comes?"_s, u"¿Dónde duermes?"_s,
                                 u"¿Por qué tu cola es tan esponjosa?"_s, u"¿Dónde vives?"_s, u"¿Cómo puedo ayudar?"_s};
        a.texts = {en, es};
        return a;
    }

private Q_SLOTS:
    void firstRoundIsTheFirstQuestions()
    {
        const SuggestionDeck deck(zara());
        QCOMPARE(deck.current(u"en"_s, 4),
                 (QStringList{u"Are you a bear?"_s, u"What do you eat?"_s, u"Where do you sleep?"_s,
                              u"Why is your tail fluffy?"_s}));
        QCOMPARE(deck.current(u"es"_s, 3).first(), u"¿Eres un oso?"_s);
        QCOMPARE(SuggestionDeck().current(u"en"_s, 4), QStringList());
    }

    void askedQuestionsAreNotOfferedAgainInAnyLanguage()
    {
        SuggestionDeck deck(zara());
        deck.markAsked(u"are you a BEAR"_s);   // typed, without the question mark
        deck.markAsked(u"¿Qué comes?"_s);      // asked in Spanish
        const QStringList en = deck.current(u"en"_s, 4);
        QVERIFY(!en.contains(u"Are you a bear?"_s));
        QVERIFY(!en.contains(u"What do you eat?"_s));
        QCOMPARE(en.size(), 4);
        QCOMPARE(deck.current(u"es"_s, 4).first(), u"¿Dónde duermes?"_s);
    }

    void eachReplyBringsAFreshRound()
    {
        SuggestionDeck deck(zara());
        deck.markAsked(u"Are you a bear?"_s);
        deck.nextRound(3);   // offered: eat, sleep, tail
        QCOMPARE(deck.current(u"en"_s, 3),
                 (QStringList{u"Where do you live?"_s, u"How can I help?"_s, u"What do you eat?"_s}));
        // A typed question that is not a suggestion still moves the round on.
        deck.markAsked(u"Do you like snow?"_s);
        deck.nextRound(3);
        QCOMPARE(deck.current(u"en"_s, 3).first(), u"Where do you sleep?"_s);
    }

    void startsOverWhenEverythingWasAsked()
    {
        const Animal animal = zara();
        SuggestionDeck deck(animal);
        for (const QString &q : animal.texts.first().suggestedQuestions)
            deck.markAsked(q);
        QVERIFY(deck.current(u"en"_s, 4).isEmpty());
        deck.nextRound(4);
        QCOMPARE(deck.current(u"en"_s, 4).size(), 4);
    }
};

QTEST_GUILESS_MAIN(TestSuggestionDeck)
#include "tst_suggestiondeck.moc"
