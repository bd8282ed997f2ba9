#include "safety/safetyreplies.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using zk::safety::SafetyReplies;
using zk::safety::SafetyReply;

namespace {

zk::persona::Animal zara()
{
    zk::persona::Animal a;
    a.id = u"red_panda"_s;
    zk::persona::AnimalText en;
    en.language = u"en"_s;
    en.name = u"Zara"_s;
    en.suggestedQuestions = {u"What do you eat?"_s, u"Why is your tail striped?"_s};
    zk::persona::AnimalText es;
    es.language = u"es"_s;
    es.name = u"Zara"_s;
    es.suggestedQuestions = {u"¿Qué comes?"_s};
    a.texts = {en, es};
    return a;
}

} // namespace

class TestSafetyReplies : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyKindInBothLanguages();
    void placeholdersFilled();
    void variantsRotate();
    void overrideWins();
    void missingTextIsAnError();
};

void TestSafetyReplies::everyKindInBothLanguages()
{
    const auto replies = SafetyReplies::fromResources();
    QVERIFY2(replies.ok(), qPrintable(replies.ok() ? QString() : replies.error().message));
    for (SafetyReply kind : {SafetyReply::Redirect, SafetyReply::Injection, SafetyReply::SelfHarm,
                             SafetyReply::PersonalData}) {
        const QString en = replies->text(kind, zara(), u"en"_s);
        const QString es = replies->text(kind, zara(), u"es"_s);
        QVERIFY(!en.isEmpty());
        QVERIFY(!es.isEmpty());
        QVERIFY(en != es);
        QVERIFY(!en.contains(u'{'));
        QVERIFY(!es.contains(u'{'));
    }
    // An unknown language falls back to English.
    QCOMPARE(replies->text(SafetyReply::SelfHarm, zara(), u"fr"_s), replies->text(SafetyReply::SelfHarm, zara(), u"en"_s));
}

void TestSafetyReplies::placeholdersFilled()
{
    const auto replies = SafetyReplies::fromResources();
    QVERIFY(replies.ok());
    const QString en = replies->text(SafetyReply::Injection, zara(), u"en"_s, 0);
    QVERIFY2(en.contains(u"Zara"_s), qPrintable(en));
    QVERIFY2(en.contains(u"What do you eat?"_s), qPrintable(en));
    const QString es = replies->text(SafetyReply::Redirect, zara(), u"es"_s, 0);
    QVERIFY2(es.contains(u"¿Qué comes?"_s), qPrintable(es));
    const QString selfHarm = replies->text(SafetyReply::SelfHarm, zara(), u"en"_s);
    QVERIFY(selfHarm.contains(u"grown-up"_s));
    QVERIFY(selfHarm.contains(u"staff"_s));
}

void TestSafetyReplies::variantsRotate()
{
    const auto replies = SafetyReplies::fromResources();
    QVERIFY(replies.ok());
    QSet<QString> seen;
    for (quint32 pick = 0; pick < 20; ++pick) {
        for (SafetyReply kind : {SafetyReply::Redirect, SafetyReply::Injection}) {
            for (const QString &language : {u"en"_s, u"es"_s}) {
                const QString text = replies->text(kind, zara(), language, pick);
                QVERIFY2(text.contains(u"Zara"_s), qPrintable(text)); // always in the animal's own voice
            }
        }
        seen.insert(replies->text(SafetyReply::Redirect, zara(), u"en"_s, pick));
    }
    QVERIFY(seen.size() >= 3);
}

void TestSafetyReplies::overrideWins()
{
    auto replies = SafetyReplies::fromResources();
    QVERIFY(replies.ok());
    SafetyReplies r = replies.value();
    r.setOverride(SafetyReply::SelfHarm, u"es"_s, u"Habla con {name} y con el personal."_s);
    QCOMPARE(r.text(SafetyReply::SelfHarm, zara(), u"es"_s), u"Habla con Zara y con el personal."_s);
    QVERIFY(r.text(SafetyReply::SelfHarm, zara(), u"en"_s).contains(u"grown-up"_s));
    r.setOverride(SafetyReply::SelfHarm, u"es"_s, QString());
    QVERIFY(r.text(SafetyReply::SelfHarm, zara(), u"es"_s).contains(u"adulto"_s));
}

void TestSafetyReplies::missingTextIsAnError()
{
    const auto doc = QJsonDocument::fromJson(R"({"redirect":{"en":["x"],"es":["y"]},"injection":{"en":["x"]}})");
    const auto r = SafetyReplies::fromJson(doc.object());
    QVERIFY(!r.ok());
    QVERIFY(r.error().message.contains(u"injection"_s));
}

QTEST_GUILESS_MAIN(TestSafetyReplies)
#include "tst_safetyreplies.moc"
