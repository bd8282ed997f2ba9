// ModelRouter: which questions count as simple factual ones (English and
// Spanish), the chain it returns, and that it is inert when disabled.

#include "cost/modelrouter.h"

#include <QTest>

using namespace Qt::StringLiterals;
using zk::cost::ModelRouter;

class TestModelRouter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void classification_data();
    void classification();
    void offByDefault();
    void disabledKeepsTheChain();
    void simpleQuestionGoesToTheSimpleModelFirst();
    void complexQuestionKeepsTheChain();
    void noDuplicates();
    void emptySimpleModelKeepsTheChain();
};

void TestModelRouter::classification_data()
{
    QTest::addColumn<QString>("question");
    QTest::addColumn<bool>("simple");

    // English, simple
    QTest::newRow("en what") << u"What do you eat?"_s << true;
    QTest::newRow("en what's") << u"What's your favourite food?"_s << true;
    QTest::newRow("en curly apostrophe") << u"What\u2019s your name?"_s << true;
    QTest::newRow("en where") << u"Where do you live?"_s << true;
    QTest::newRow("en how many") << u"How many babies do red pandas have?"_s << true;
    QTest::newRow("en how big") << u"how big are you"_s << true;
    QTest::newRow("en how long") << u"How long is your tail?"_s << true;
    QTest::newRow("en decimal") << u"How long is a 1.5 m tail?"_s << true;
    QTest::newRow("en when") << u"When do you sleep?"_s << true;
    QTest::newRow("en do you") << u"Do you like snow?"_s << true;
    QTest::newRow("en are you") << u"Are you a bear?"_s << true;
    QTest::newRow("en twelve words")
        << u"What is the name of the biggest tree in your forest home?"_s << true;
    // English, not simple
    QTest::newRow("en why") << u"Why is your tail striped?"_s << false;
    QTest::newRow("en why inside") << u"What makes you sleepy and why?"_s << false;
    QTest::newRow("en explain") << u"Explain how you climb trees"_s << false;
    QTest::newRow("en story") << u"Tell me a story about the forest"_s << false;
    QTest::newRow("en can you story") << u"Can you tell me a story?"_s << false;
    QTest::newRow("en imagine") << u"Imagine you could fly, where would you go?"_s << false;
    QTest::newRow("en compare") << u"Compare yourself with a giant panda"_s << false;
    QTest::newRow("en what if") << u"What if you lived in the desert?"_s << false;
    QTest::newRow("en thirteen words")
        << u"What is the name of the very biggest tree in your forest home?"_s << false;
    QTest::newRow("en two questions") << u"What do you eat? Where do you live?"_s << false;
    QTest::newRow("en two sentences") << u"I love you. Do you love me?"_s << false;
    QTest::newRow("en joined questions") << u"What do you eat and where do you sleep?"_s << false;
    QTest::newRow("en how do") << u"How do you find food at night?"_s << false;
    QTest::newRow("en statement") << u"I like your tail"_s << false;
    QTest::newRow("en hello") << u"Hello!"_s << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("punctuation only") << u"?!"_s << false;

    // Spanish, simple
    QTest::newRow("es qué") << u"¿Qué comes?"_s << true;
    QTest::newRow("es que without accent") << u"que comes"_s << true;
    QTest::newRow("es dónde") << u"¿Dónde vives?"_s << true;
    QTest::newRow("es donde upper case") << u"¿DONDE VIVES?"_s << true;
    QTest::newRow("es cuántos") << u"¿Cuántos años tienes?"_s << true;
    QTest::newRow("es cuánto") << u"¿Cuánto pesas?"_s << true;
    QTest::newRow("es cómo de") << u"¿Cómo de grande eres?"_s << true;
    QTest::newRow("es eres") << u"¿Eres un oso?"_s << true;
    QTest::newRow("es tienes") << u"¿Tienes hermanos?"_s << true;
    QTest::newRow("es te gusta") << u"¿Te gusta la nieve?"_s << true;
    // Spanish, not simple
    QTest::newRow("es por qué") << u"¿Por qué tu cola tiene rayas?"_s << false;
    QTest::newRow("es porque inside") << u"¿Qué comes y porque?"_s << false;
    QTest::newRow("es cuéntame") << u"Cuéntame un cuento"_s << false;
    QTest::newRow("es cuéntame historia") << u"¿Me cuentas una historia?"_s << false;
    QTest::newRow("es explícame") << u"Explícame cómo trepas"_s << false;
    QTest::newRow("es imagina") << u"Imagina que vuelas"_s << false;
    QTest::newRow("es compara") << u"¿Qué diferencia hay entre tú y un panda gigante?"_s << false;
    QTest::newRow("es dos preguntas") << u"¿Qué comes? ¿Dónde vives?"_s << false;
    QTest::newRow("es y dónde") << u"¿Qué comes y dónde duermes?"_s << false;
    QTest::newRow("es cómo solo") << u"¿Cómo duermes?"_s << false;
}

void TestModelRouter::classification()
{
    QFETCH(QString, question);
    QFETCH(bool, simple);
    QCOMPARE(ModelRouter::isSimpleFactual(question), simple);
}

void TestModelRouter::offByDefault()
{
    const ModelRouter router;
    QVERIFY(!router.enabled());
    const QStringList chain{u"gpt-4o"_s, u"gpt-4o-mini"_s};
    QCOMPARE(router.chainFor(u"What do you eat?"_s, chain), chain);
}

void TestModelRouter::disabledKeepsTheChain()
{
    const ModelRouter router(false, u"gpt-4o-mini"_s);
    const QStringList chain{u"gpt-4o"_s, u"gpt-4.1"_s};
    QCOMPARE(router.chainFor(u"What do you eat?"_s, chain), chain);
    QCOMPARE(router.chainFor(u"Why?"_s, chain), chain);
}

void TestModelRouter::simpleQuestionGoesToTheSimpleModelFirst()
{
    const ModelRouter router(true, u"gpt-4o-mini"_s);
    QCOMPARE(router.chainFor(u"What do you eat?"_s, {u"gpt-4o"_s, u"gpt-4.1"_s}),
             (QStringList{u"gpt-4o-mini"_s, u"gpt-4o"_s, u"gpt-4.1"_s}));
    QCOMPARE(router.chainFor(u"¿Dónde vives?"_s, {u"gpt-4o"_s}), (QStringList{u"gpt-4o-mini"_s, u"gpt-4o"_s}));
    QCOMPARE(router.chainFor(u"What do you eat?"_s, {}), QStringList{u"gpt-4o-mini"_s});
}

void TestModelRouter::complexQuestionKeepsTheChain()
{
    const ModelRouter router(true, u"gpt-4o-mini"_s);
    const QStringList chain{u"gpt-4o"_s, u"gpt-4o-mini"_s};
    QCOMPARE(router.chainFor(u"Why is your tail striped?"_s, chain), chain);
    QCOMPARE(router.chainFor(u"Cuéntame un cuento"_s, chain), chain);
}

void TestModelRouter::noDuplicates()
{
    const ModelRouter router(true, u"gpt-4o-mini"_s);
    // The default chain already holds the simple model: it moves to the front.
    QCOMPARE(router.chainFor(u"What do you eat?"_s, {u"gpt-4o"_s, u"gpt-4o-mini"_s}),
             (QStringList{u"gpt-4o-mini"_s, u"gpt-4o"_s}));
    // Repeats in the configured chain are dropped too.
    QCOMPARE(router.chainFor(u"What do you eat?"_s, {u"gpt-4o"_s, u"gpt-4o"_s, u" gpt-4o-mini "_s, u"gpt-4.1"_s}),
             (QStringList{u"gpt-4o-mini"_s, u"gpt-4o"_s, u"gpt-4.1"_s}));
    // Already first: unchanged.
    QCOMPARE(router.chainFor(u"What do you eat?"_s, {u"gpt-4o-mini"_s, u"gpt-4o"_s}),
             (QStringList{u"gpt-4o-mini"_s, u"gpt-4o"_s}));
}

void TestModelRouter::emptySimpleModelKeepsTheChain()
{
    const ModelRouter router(true, u"  "_s);
    const QStringList chain{u"gpt-4o"_s};
    QCOMPARE(router.chainFor(u"What do you eat?"_s, chain), chain);
}

QTEST_GUILESS_MAIN(TestModelRouter)
#include "tst_modelrouter.moc"
