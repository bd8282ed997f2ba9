// The staff admin panel on the offscreen platform, over a real SQLite
// database in a temporary directory: the PIN pad (first-run PIN, the lockout
// after five wrong PINs, the panel opening on the right one, the idle lock)
// and every page (edits persist and change the composed prompt, guardrails,
// history filters and exports, settings validation, health, usage charts).
// Every check looks at what the core stored or what is on the screen.
#include "admin/adminpanel.h"
#include "admin/animalspage.h"
#include "admin/apikeystore.h"
#include "admin/guardrailspage.h"
#include "admin/healthpage.h"
#include "admin/historypage.h"
#include "admin/pinpadscreen.h"
#include "admin/pinvault.h"
#include "admin/promptpreview.h"
#include "admin/settingspage.h"
#include "admin/staffconsole.h"
#include "admin/staffentry.h"
#include "chatscreen.h"
#include "kioskwindow.h"
#include "admin/usagepage.h"
#include "keyboard/onscreenkeyboard.h"
#include "conversation/turnpipeline.h"
#include "core/kioskcore.h"
#include "llm/circuitbreaker.h"
#include "storage/database.h"
#include "storage/repositories.h"

#include <QApplication>
#include <QBarSet>
#include <QChart>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QPieSeries>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStackedBarSeries>
#include <QHorizontalBarSeries>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTranslator>

using namespace Qt::StringLiterals;
using namespace zk::ui;

class TestAdminPanel : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<zk::KioskCore> m_core;

    void start(double dailyBudget = 5.0)
    {
        m_core.reset();
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        zk::Config c;
        c.dataDir = m_dir->path();
        c.moderationRemote = false;
        c.budgetDailyUsd = dailyBudget;
        c.baseUrl = QUrl(u"http://127.0.0.1:9/v1"_s); // nothing listens: no test reaches a network
        m_core = std::make_unique<zk::KioskCore>(c);
        QVERIFY(m_core->open().ok());
    }

    int promptVersionCount(const QString &hash = {})
    {
        QSqlQuery q(m_core->database().connection());
        if (hash.isEmpty())
            q.exec(u"SELECT COUNT(*) FROM prompt_versions"_s);
        else {
            q.prepare(u"SELECT COUNT(*) FROM prompt_versions WHERE hash = ?"_s);
            q.addBindValue(hash);
            q.exec();
        }
        return q.next() ? q.value(0).toInt() : -1;
    }

    // One stored turn, optionally with its usage row.
    void seedTurn(const QString &animal, const QString &visitor, const QString &reply, zk::storage::ReplySource source,
                  const QString &createdAt, bool blocked = false, const QString &model = {}, int promptTokens = 0,
                  int completionTokens = 0, double cost = 0, qint64 latencyMs = 0, const QString &errorKind = {})
    {
        const auto conversation = m_core->conversations().create(animal, u"en"_s);
        QVERIFY(conversation.ok());
        zk::storage::Turn t;
        t.conversationId = conversation.value().id;
        t.visitorText = visitor;
        t.reply = reply;
        t.source = source;
        t.model = model;
        t.blocked = blocked;
        t.riskScore = blocked ? 0.9 : 0.0;
        t.blockCategories = blocked ? u"violence"_s : QString();
        t.latencyMs = latencyMs;
        t.promptTokens = promptTokens;
        t.completionTokens = completionTokens;
        t.errorKind = errorKind;
        t.createdAt = createdAt;
        t.finishedAt = createdAt;
        std::optional<zk::storage::UsageRecord> usage;
        if (!model.isEmpty()) {
            zk::storage::UsageRecord u;
            u.conversationId = t.conversationId;
            u.model = model;
            u.purpose = u"reply"_s;
            u.promptTokens = promptTokens;
            u.completionTokens = completionTokens;
            u.createdAt = createdAt;
            u.costUsd = cost;
            usage = u;
        }
        QVERIFY(m_core->conversations().saveTurn(t, usage).ok());
    }

    static QString nowIso(int secondsAgo = 0)
    {
        return QDateTime::currentDateTimeUtc().addSecs(-secondsAgo).toString(Qt::ISODateWithMs);
    }

    bool hasEvent(const QString &kind)
    {
        const auto events = m_core->events().recent(200);
        if (!events)
            return false;
        for (const auto &e : events.value())
            if (e.kind == kind)
                return true;
        return false;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
    }

    void cleanup()
    {
        m_core.reset();
        m_dir.reset();
    }

    void firstRunSetsThePinOffTheGuiThread()
    {
        start();
        QVERIFY(!m_core->pins().isSet());
        StaffConsole console(*m_core);
        console.resize(1280, 800);
        console.open();
        QVERIFY(console.isVisible());
        PinPadScreen *pad = console.pinPad();
        QCOMPARE(pad->stage(), PinPadScreen::Stage::NewPin);

        // Too weak: refused at once, nothing stored.
        pad->typeDigits(u"111111"_s);
        pad->submit();
        QCOMPARE(pad->stage(), PinPadScreen::Stage::NewPin);
        QVERIFY(!pad->message().isEmpty());

        // Two different entries: asked again.
        pad->typeDigits(u"246813"_s);
        pad->submit();
        QCOMPARE(pad->stage(), PinPadScreen::Stage::ConfirmPin);
        pad->typeDigits(u"246814"_s);
        pad->submit();
        QCOMPARE(pad->stage(), PinPadScreen::Stage::NewPin);
        QVERIFY(!m_core->pins().isSet());

        QSignalSpy unlocked(&console, &StaffConsole::unlocked);
        pad->typeDigits(u"246813"_s);
        pad->submit();
        QCOMPARE(pad->stage(), PinPadScreen::Stage::ConfirmPin);
        pad->typeDigits(u"246813"_s);
        pad->submit();
        // submit() returned before the 600,000-iteration hash finished: the
        // pad waits (keys off) while the event loop keeps running.
        QVERIFY(!pad->field()->isEnabled());
        QCOMPARE(unlocked.count(), 0);
        bool timerRan = false;
        QTimer::singleShot(0, this, [&timerRan] { timerRan = true; });
        QTRY_VERIFY_WITH_TIMEOUT(unlocked.count() == 1, 10000);
        QVERIFY(timerRan);
        QVERIFY(console.isUnlocked());
        QVERIFY(m_core->pins().isSet());
        QCOMPARE(m_core->pins().verify(u"246813"_s).check, zk::admin::PinVault::Check::Accepted);
        QVERIFY(hasEvent(u"admin_pin_set"_s));
    }

    void fiveWrongPinsLockEntry()
    {
        start();
        QVERIFY(m_core->pins().setPin(u"135790"_s, u"test"_s).ok());
        StaffConsole console(*m_core);
        console.resize(1280, 800);
        console.open();
        PinPadScreen *pad = console.pinPad();
        QCOMPARE(pad->stage(), PinPadScreen::Stage::Enter);
        for (int i = 1; i <= 4; ++i) {
            pad->typeDigits(u"000001"_s);
            pad->submit();
            QTRY_VERIFY_WITH_TIMEOUT(pad->field()->isEnabled(), 10000);
            QVERIFY2(pad->message().contains(QString::number(5 - i)), qPrintable(pad->message()));
        }
        pad->typeDigits(u"000001"_s);
        pad->submit();
        QTRY_VERIFY_WITH_TIMEOUT(pad->message().contains(u"locked"_s), 10000);
        QVERIFY2(pad->message().contains(u"5 min"_s), qPrintable(pad->message()));
        QVERIFY(!pad->field()->isEnabled());
        QVERIFY(hasEvent(u"admin_pin_locked"_s));

        // Even the right PIN does not open it now.
        pad->typeDigits(u"135790"_s);
        pad->submit();
        QTest::qWait(50);
        QVERIFY(!console.isUnlocked());
        QCOMPARE(m_core->pins().verify(u"135790"_s).check, zk::admin::PinVault::Check::LockedOut);

        // A fresh open still shows the lock.
        console.lock();
        console.open();
        QVERIFY(console.pinPad()->message().contains(u"locked"_s));
    }

    void rightPinOpensThePanelAndLockCloses()
    {
        start();
        QVERIFY(m_core->pins().setPin(u"135790"_s, u"test"_s).ok());
        StaffConsole console(*m_core);
        console.resize(1280, 800);
        console.open();
        QSignalSpy locked(&console, &StaffConsole::locked);
        console.pinPad()->typeDigits(u"135790"_s);
        console.pinPad()->submit();
        QTRY_VERIFY_WITH_TIMEOUT(console.isUnlocked(), 10000);
        AdminPanel *panel = console.panel();
        QVERIFY(panel->isVisible());
        QCOMPARE(panel->currentPage(), AdminPanel::Animals);
        QVERIFY(hasEvent(u"admin_unlocked"_s));

        auto *lockButton = panel->findChild<QPushButton *>(u"lockButton"_s);
        QVERIFY(lockButton);
        lockButton->click();
        QCOMPARE(locked.count(), 1);
        QVERIFY(!console.isVisible());
        QVERIFY(!console.isUnlocked());
    }

    void panelLocksItselfWhenIdle()
    {
        start();
        QVERIFY(m_core->pins().setPin(u"135790"_s, u"test"_s).ok());
        StaffConsole console(*m_core, nullptr, 400);
        QCOMPARE(console.idleLockMs(), 400);
        console.resize(1280, 800);
        console.open();
        console.pinPad()->typeDigits(u"135790"_s);
        console.pinPad()->submit();
        QTRY_VERIFY_WITH_TIMEOUT(console.isUnlocked(), 10000);
        QSignalSpy locked(&console, &StaffConsole::locked);
        // A touch keeps it open a while longer...
        QTest::qWait(250);
        QTest::mouseClick(console.panel(), Qt::LeftButton);
        QTest::qWait(250);
        QVERIFY(console.isUnlocked());
        // ...then nothing: it locks and closes.
        QTRY_COMPARE_WITH_TIMEOUT(locked.count(), 1, 3000);
        QVERIFY(!console.isVisible());
        QVERIFY(!console.isUnlocked());
        QVERIFY(hasEvent(u"admin_auto_locked"_s));
    }

    void editingAnAnimalMakesANewPromptVersion()
    {
        start();
        AnimalsPage page(*m_core);
        page.resize(1280, 700);
        page.refresh();
        page.selectAnimal(u"red_panda"_s);
        const QString before = page.preview()->version();
        QVERIFY(!before.isEmpty());
        const int versionsBefore = promptVersionCount();

        auto *personality = qobject_cast<QPlainTextEdit *>(page.editor(u"personality"_s));
        QVERIFY(personality);
        personality->setPlainText(u"Zara is sleepy in the afternoons and loves bamboo shoots with dew on them."_s);
        // The preview follows the edit before anything is saved.
        QVERIFY(page.preview()->text().contains(u"loves bamboo shoots with dew"_s));
        const QString edited = page.preview()->version();
        QVERIFY(edited != before);
        QCOMPARE(promptVersionCount(edited), 0);

        QVERIFY(page.save());
        QVERIFY2(page.message().contains(edited), qPrintable(page.message()));
        QCOMPARE(promptVersionCount(edited), 1);
        QVERIFY(promptVersionCount() > versionsBefore);
        const auto stored = m_core->animals().find(u"red_panda"_s);
        QVERIFY(stored.ok() && stored.value());
        QVERIFY(stored.value()->staffEdited);
        QVERIFY(stored.value()->text(u"en"_s)->personality.contains(u"dew on them"_s));
        // The pipeline composes the same prompt from what was stored.
        const auto composed = m_core->pipeline().composePrompt(u"red_panda"_s, u"en"_s);
        QVERIFY(composed.ok());
        QCOMPARE(composed.value().version, edited);

        // Spanish questions, one per line.
        page.setLanguage(u"es"_s);
        auto *questions = qobject_cast<QPlainTextEdit *>(page.editor(u"questions"_s));
        questions->setPlainText(u"¿Qué comes?\n\n¿Dónde duermes?\n"_s);
        QVERIFY(page.save());
        const auto es = m_core->animals().find(u"red_panda"_s);
        QCOMPARE(es.value()->text(u"es"_s)->suggestedQuestions,
                 QStringList({u"¿Qué comes?"_s, u"¿Dónde duermes?"_s}));
        // The English edit is still there.
        QVERIFY(es.value()->text(u"en"_s)->personality.contains(u"dew on them"_s));

        // A refused value is named and nothing is stored.
        qobject_cast<QLineEdit *>(page.editor(u"name"_s))->setText(QString(50, u'x'));
        QVERIFY(!page.save());
        QVERIFY(page.message().contains(u"name"_s));
        QCOMPARE(m_core->animals().find(u"red_panda"_s).value()->text(u"es"_s)->name,
                 es.value()->text(u"es"_s)->name);
    }

    void guardrailsAddDisableDelete()
    {
        start();
        GuardrailsPage page(*m_core);
        page.resize(1280, 700);
        page.refresh();
        const int rulesBefore = int(m_core->rules().all().value().size());
        QCOMPARE(page.table()->rowCount(), rulesBefore);
        page.previewAnimal()->setCurrentIndex(page.previewAnimal()->findData(u"tiger"_s));

        // Empty text: refused.
        page.selectRule(0);
        QVERIFY(!page.saveRule());
        QVERIFY(!page.message().isEmpty());

        const QString text = u"Always invite visitors to see the tiger keeper talk at noon."_s;
        page.typeChoice()->setCurrentIndex(page.typeChoice()->findText(u"ENCOURAGE"_s));
        page.scopeChoice()->setCurrentIndex(page.scopeChoice()->findData(u"tiger"_s));
        page.textField()->setText(text);
        QVERIFY(page.preview()->text().contains(text)); // live, before saving
        QVERIFY(page.saveRule());
        const qint64 id = page.selectedRule();
        QVERIFY(id > 0);
        QCOMPARE(page.table()->rowCount(), rulesBefore + 1);
        auto findRule = [&]() -> std::optional<zk::persona::GuardrailRule> {
            const auto all = m_core->rules().all();
            for (const auto &r : all.value())
                if (r.id == id)
                    return r;
            return std::nullopt;
        };
        QVERIFY(findRule());
        QCOMPARE(findRule()->animalId, u"tiger"_s);
        QCOMPARE(findRule()->type, zk::persona::RuleType::Encourage);
        QVERIFY(m_core->pipeline().composePrompt(u"tiger"_s, u"en"_s).value().text.contains(text));
        QVERIFY(!m_core->pipeline().composePrompt(u"lemur"_s, u"en"_s).value().text.contains(text));

        QVERIFY(page.toggleRule());
        QVERIFY(!findRule()->active);
        QVERIFY(!page.preview()->text().contains(text));
        QVERIFY(!m_core->pipeline().composePrompt(u"tiger"_s, u"en"_s).value().text.contains(text));
        QVERIFY(page.toggleRule());
        QVERIFY(findRule()->active);

        QVERIFY(!page.deleteRule()); // first tap arms
        QVERIFY(findRule());
        QVERIFY(page.deleteRule());
        QVERIFY(!findRule());
        QCOMPARE(page.table()->rowCount(), rulesBefore);
        QVERIFY(hasEvent(u"guardrail_deleted"_s));
    }

    void historyFiltersSearchesAndExports()
    {
        start();
        using zk::storage::ReplySource;
        seedTurn(u"red_panda"_s, u"What do you eat?"_s, u"Bamboo, mostly!"_s, ReplySource::Model, nowIso(60));
        seedTurn(u"red_panda"_s, u"Do penguins live here?"_s, u"Not in my tree."_s, ReplySource::Offline, nowIso(50));
        seedTurn(u"tiger"_s, u"How fast are you?"_s, u"=Very fast"_s, ReplySource::Cache, nowIso(40));
        seedTurn(u"tiger"_s, u"something unkind"_s, u"Let's talk about stripes."_s, ReplySource::Blocked, nowIso(30), true);
        seedTurn(u"lemur"_s, u"Old question about penguins"_s, u"Long ago."_s, ReplySource::Model,
                 QDateTime::currentDateTimeUtc().addDays(-10).toString(Qt::ISODateWithMs));

        HistoryPage page(*m_core);
        page.resize(1280, 700);
        page.refresh();
        QCOMPARE(page.table()->rowCount(), 5);

        page.animalChoice()->setCurrentIndex(page.animalChoice()->findData(u"tiger"_s));
        page.search();
        QCOMPARE(page.table()->rowCount(), 2);
        page.blockedOnly()->setChecked(true);
        page.search();
        QCOMPARE(page.table()->rowCount(), 1);
        QCOMPARE(page.table()->item(0, 2)->text(), u"blocked"_s);
        QCOMPARE(page.table()->item(0, 4)->text(), u"0.90"_s);
        QCOMPARE(page.table()->item(0, 5)->text(), u"violence"_s);

        page.blockedOnly()->setChecked(false);
        page.animalChoice()->setCurrentIndex(0);
        page.searchField()->setText(u"penguin"_s);
        page.search();
        QCOMPARE(page.table()->rowCount(), 2);
        // ...within the last week only.
        page.dateRange()->setChecked(true);
        page.fromDate()->setDate(QDate::currentDate().addDays(-3));
        page.toDate()->setDate(QDateTime::currentDateTimeUtc().date());
        page.search();
        QCOMPARE(page.table()->rowCount(), 1);
        QCOMPARE(page.table()->item(0, 1)->text(), u"red_panda"_s);

        // Export: the filtered set.
        page.dateRange()->setChecked(false);
        page.searchField()->clear();
        page.sourceChoice()->setCurrentIndex(page.sourceChoice()->findData(u"cache"_s));
        page.search();
        QCOMPARE(page.table()->rowCount(), 1);
        page.exportPath()->setText(m_dir->filePath(u"exports/cached"_s));
        QVERIFY(page.exportTo(u"json"_s));
        QFile json(m_dir->filePath(u"exports/cached.json"_s));
        QVERIFY(json.open(QIODevice::ReadOnly));
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(json.readAll(), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QVERIFY(doc.isArray());
        QCOMPARE(doc.array().size(), 1);
        QCOMPARE(doc.array().at(0).toObject().value(u"source"_s).toString(), u"cache"_s);

        page.sourceChoice()->setCurrentIndex(0);
        page.animalChoice()->setCurrentIndex(page.animalChoice()->findData(u"red_panda"_s));
        page.exportPath()->setText(m_dir->filePath(u"panda.csv"_s));
        QVERIFY(page.exportTo(u"csv"_s));
        QFile csv(m_dir->filePath(u"panda.csv"_s));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QByteArray bytes = csv.readAll();
        QVERIFY(bytes.startsWith("\xEF\xBB\xBF")); // BOM for spreadsheets
        const QList<QByteArray> lines = bytes.mid(3).trimmed().split('\n');
        QCOMPARE(lines.size(), 3); // header + two red panda turns
        QVERIFY(bytes.contains("Bamboo, mostly!"));
        QVERIFY(bytes.contains("penguins"));
        QVERIFY(!bytes.contains("stripes"));
        QVERIFY(page.message().contains(u"2"_s));
    }

    void settingsRefuseInvalidAndStoreValid()
    {
        start();
        SettingsPage page(*m_core);
        page.resize(1280, 700);
        page.refresh();
        const QString key = u"timeouts/connect_ms"_s;
        QCOMPARE(page.field(key)->text(), u"5000"_s);

        page.field(key)->setText(u"soon"_s);
        QVERIFY(!page.saveAll());
        QVERIFY(!page.fieldError(key)->text().isEmpty());
        QVERIFY(page.fieldError(key)->text().startsWith(u"Refused"_s));
        // The message sits in the field's row, right of it.
        QVERIFY(page.fieldError(key)->parentWidget() == page.field(key)->parentWidget());
        QVERIFY(!m_core->staffSettings().value().contains(key));

        page.field(key)->setText(u"7000"_s);
        page.field(u"budget/daily_usd"_s)->setText(u"-3"_s);
        QVERIFY(!page.saveAll());
        QCOMPARE(m_core->staffSettings().value().value(key), u"7000"_s);
        QVERIFY(page.fieldError(u"budget/daily_usd"_s)->text().startsWith(u"Refused"_s));
        QVERIFY(!m_core->staffSettings().value().contains(u"budget/daily_usd"_s));
        page.field(u"budget/daily_usd"_s)->setText(u"7.5"_s);
        page.field(u"moderation/block/violence"_s)->setText(u"0.4"_s);
        QVERIFY(page.saveAll());
        QCOMPARE(m_core->staffSettings().value().value(u"budget/daily_usd"_s), u"7.5"_s);
        QCOMPARE(m_core->staffSettings().value().value(u"moderation/block/violence"_s), u"0.4"_s);

        // Emergency mode switches at once.
        QVERIFY(!m_core->emergencyMode());
        QVERIFY(page.setEmergency(true));
        QVERIFY(m_core->emergencyMode());
        QVERIFY(page.setEmergency(false));

        // The API key: stored sealed, shown only by its last four characters.
        const QString apiKey = u"sk-test-0123456789abcdefWXYZ"_s;
        page.apiKeyField()->setText(apiKey);
        QVERIFY(page.saveApiKey());
        QVERIFY(page.apiKeyField()->text().isEmpty());
        QVERIFY(page.apiKeyText().contains(u"WXYZ"_s));
        QVERIFY(!page.apiKeyText().contains(u"0123456789"_s));
        QCOMPARE(m_core->apiKeys().load().value(), apiKey);
    }

    void healthShowsTheBreakerAndResetsIt()
    {
        start();
        using zk::storage::ReplySource;
        seedTurn(u"tiger"_s, u"hello"_s, u"Roar!"_s, ReplySource::Offline, nowIso(5));
        seedTurn(u"tiger"_s, u"mean words"_s, u"Let's be kind."_s, ReplySource::Blocked, nowIso(4), true);
        for (int i = 0; i < 5; ++i)
            m_core->breaker().recordFailure();
        QCOMPARE(m_core->breaker().state(), zk::llm::BreakerState::Open);

        HealthPage page(*m_core);
        page.resize(1280, 700);
        page.refresh();
        QVERIFY2(page.breakerText().contains(u"OPEN"_s), qPrintable(page.breakerText()));
        QVERIFY2(page.todayText().startsWith(u"2 turns, 1 blocked"_s), qPrintable(page.todayText()));
        QVERIFY(page.events()->rowCount() > 0);
        QVERIFY(page.events()->rowCount() <= 50);

        page.resetBreaker();
        QCOMPARE(m_core->breaker().state(), zk::llm::BreakerState::Closed);
        QVERIFY2(page.breakerText().contains(u"closed"_s), qPrintable(page.breakerText()));

        page.checkIntegrity();
        QCOMPARE(page.integrityText(), u"Integrity check passed."_s);

        // The connection test answers (nothing listens on port 9) without blocking.
        page.testConnection();
        QTRY_VERIFY_WITH_TIMEOUT(page.connectionText().startsWith(u"Not connected"_s), 20000);
    }

    void usageChartsComeFromTheStoredRows()
    {
        start(/*dailyBudget*/ 0.05);
        using zk::storage::ReplySource;
        seedTurn(u"red_panda"_s, u"a"_s, u"b"_s, ReplySource::Model, nowIso(30), false, u"gpt-4o"_s, 1000, 200, 0.02, 800);
        seedTurn(u"red_panda"_s, u"c"_s, u"d"_s, ReplySource::Model, nowIso(20), false, u"gpt-4o"_s, 500, 100, 0.01, 1200);
        seedTurn(u"tiger"_s, u"e"_s, u"f"_s, ReplySource::FallbackModel, nowIso(10), false, u"gpt-4o-mini"_s, 300, 50,
                 0.0125, 3000, u"timeout"_s);
        seedTurn(u"tiger"_s, u"g"_s, u"h"_s, ReplySource::Offline, nowIso(5), false, {}, 0, 0, 0, 5, u"server_error"_s);

        UsagePage page(*m_core);
        page.resize(1280, 800);
        page.refresh();

        auto barTotals = [](QChart *chart) {
            QMap<QString, double> totals;
            for (QAbstractSeries *s : chart->series())
                if (auto *bars = qobject_cast<QAbstractBarSeries *>(s))
                    for (QBarSet *set : bars->barSets())
                        for (int i = 0; i < set->count(); ++i)
                            totals[set->label()] += set->at(i);
            return totals;
        };
        const auto tokens = barTotals(page.chart(u"tokensChart"_s));
        QCOMPARE(tokens.value(u"gpt-4o"_s), 1800.0);
        QCOMPARE(tokens.value(u"gpt-4o-mini"_s), 350.0);
        const auto cost = barTotals(page.chart(u"costChart"_s));
        QCOMPARE(qRound(cost.value(u"gpt-4o"_s) * 1000), 30);

        auto *animals = qobject_cast<QHorizontalBarSeries *>(page.chart(u"animalChart"_s)->series().value(0));
        QVERIFY(animals);
        QCOMPARE(animals->barSets().value(0)->count(), 2);
        QCOMPARE(animals->barSets().value(0)->at(0), 2.0); // red_panda
        QCOMPARE(animals->barSets().value(0)->at(1), 2.0); // tiger

        auto *failures = qobject_cast<QHorizontalBarSeries *>(page.chart(u"failureChart"_s)->series().value(0));
        QVERIFY(failures);
        QCOMPARE(failures->barSets().value(0)->count(), 2); // server_error, timeout

        auto *sources = qobject_cast<QPieSeries *>(page.chart(u"sourceChart"_s)->series().value(0));
        QVERIFY(sources);
        QCOMPARE(sources->count(), 3); // model, fallback_model, offline
        QCOMPARE(sources->sum(), 4.0);

        const auto lines = page.chart(u"latencyChart"_s)->series();
        QCOMPARE(lines.size(), 2);
        auto *p50 = qobject_cast<QLineSeries *>(lines.at(0));
        auto *p95 = qobject_cast<QLineSeries *>(lines.at(1));
        QCOMPARE(p50->count(), 1);
        QCOMPARE(p50->at(0).y(), 1200.0); // of 800, 1200, 3000 (answered by a model)
        QCOMPARE(p95->at(0).y(), 3000.0);

        // US$ 0.0425 of a US$ 0.05 day: past 80%.
        QCOMPARE(page.dailyGauge()->value(), 85);
        QVERIFY2(page.budgetWarning().contains(u"80%"_s), qPrintable(page.budgetWarning()));
    }

    // With the Spanish translator installed (the kiosk in Spanish), the reason
    // next to a refused field is Spanish too, not English inside Spanish.
    void refusedFieldReasonFollowsTheLanguage()
    {
        start();
        QTranslator spanish;
        QVERIFY(spanish.load(u":/i18n/zookiosk_es.qm"_s));
        QCoreApplication::installTranslator(&spanish);
        SettingsPage page(*m_core);
        page.resize(1280, 700);
        page.refresh();
        page.field(u"timeouts/connect_ms"_s)->setText(u"soon"_s);
        page.field(u"kiosk/opening_hours"_s)->setText(u"whenever"_s);
        const bool saved = page.saveAll();
        const QString connectError = page.fieldError(u"timeouts/connect_ms"_s)->text();
        const QString hoursError = page.fieldError(u"kiosk/opening_hours"_s)->text();
        QCoreApplication::removeTranslator(&spanish);
        QVERIFY(!saved);
        QVERIFY2(connectError.contains(u"se espera un número entero de"_s), qPrintable(connectError));
        QVERIFY2(!connectError.contains(u"expected"_s), qPrintable(connectError));
        QVERIFY2(hoursError.contains(u"no tiene la forma"_s), qPrintable(hoursError));
        // Without a translator (zookioskctl, the logs) the reason stays English.
        QCOMPARE(zk::ConfigLoader::validate(u"timeouts/connect_ms"_s, u"soon"_s).left(8), u"expected"_s);
    }

    void kioskGestureOpensThePinPadOverTheKiosk()
    {
        start();
        QVERIFY(m_core->pins().setPin(u"135790"_s, u"test"_s).ok());
        QTranslator translator;
        KioskWindow window(*m_core, translator);
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        StaffConsole console(*m_core, &window);
        connectStaffEntry(window, console);
        QVERIFY(!console.isVisible());
        window.showPicker();
        for (int i = 0; i < 5; ++i)
            QTest::mouseClick(&window, Qt::LeftButton, {}, QPoint(12, 12));
        QVERIFY(console.isVisible());
        QCOMPARE(console.geometry(), window.rect()); // covers the kiosk window
        // The visitor's screen went back to the start underneath.
        QVERIFY(!window.chatScreen()->isVisible());
        // It follows the window's size (rotation, another screen).
        window.resize(1080, 1920);
        QCOMPARE(console.geometry(), window.rect());
        // Another gesture while open changes nothing.
        for (int i = 0; i < 5; ++i)
            QTest::mouseClick(&window, Qt::LeftButton, {}, QPoint(12, 12));
        QVERIFY(console.isVisible());
        QVERIFY(!console.isUnlocked());
        console.pinPad()->findChild<QPushButton *>(u"pinBack"_s)->click();
        QVERIFY(!console.isVisible());
    }

    void everyButtonFitsAtEachScreenSize_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::newRow("1920x1080") << QSize(1920, 1080);
        QTest::newRow("1080x1920") << QSize(1080, 1920);
        QTest::newRow("1280x800") << QSize(1280, 800);
    }

    void everyButtonFitsAtEachScreenSize()
    {
        QFETCH(QSize, size);
        start();
        QVERIFY(m_core->pins().setPin(u"135790"_s, u"test"_s).ok());
        // As in the kiosk: a page covering the kiosk window, at the screen's size.
        QWidget host;
        host.resize(size);
        host.show();
        StaffConsole console(*m_core, &host);
        console.open();
        QCOMPARE(console.size(), size);
        auto checkButtons = [&](const QString &where) {
            QTest::qWait(20);
            for (QPushButton *b : console.findChildren<QPushButton *>()) {
                if (!b->isVisible())
                    continue;
                QVERIFY2(b->width() >= 64 && b->height() >= 64,
                         qPrintable(u"%1: %2 is %3x%4"_s.arg(where, b->objectName()).arg(b->width()).arg(b->height())));
                // Inside the window, or inside a scroll area that brings it in.
                const QRect r(b->mapTo(&console, QPoint(0, 0)), b->size());
                bool scrolled = false;
                for (QWidget *p = b->parentWidget(); p && p != &console; p = p->parentWidget())
                    scrolled = scrolled || p->objectName() == u"qt_scrollarea_viewport"_s;
                QVERIFY2(scrolled || console.rect().contains(r),
                         qPrintable(u"%1: %2 outside the window"_s.arg(where, b->objectName())));
            }
        };
        checkButtons(u"PIN pad"_s);
        console.pinPad()->typeDigits(u"135790"_s);
        console.pinPad()->submit();
        QTRY_VERIFY_WITH_TIMEOUT(console.isUnlocked(), 10000);
        for (int p = 0; p < AdminPanel::PageCount; ++p) {
            console.panel()->showPage(AdminPanel::Page(p));
            checkButtons(u"page %1"_s.arg(p));
            // ZK_ADMIN_SCREENSHOTS=DIR keeps a picture of each page, to look at.
            if (const QString dir = qEnvironmentVariable("ZK_ADMIN_SCREENSHOTS"); !dir.isEmpty())
                console.grab().save(u"%1/admin-%2-%3.png"_s.arg(dir, QString::fromLatin1(QTest::currentDataTag())).arg(p));
        }
        console.panel()->setKeyboardVisible(true);
        checkButtons(u"keyboard"_s);
    }

    void touchKeyboardTypesIntoPanelFields()
    {
        start();
        QVERIFY(m_core->pins().setPin(u"135790"_s, u"test"_s).ok());
        StaffConsole console(*m_core);
        console.resize(1280, 800);
        console.open();
        console.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&console));
        console.pinPad()->typeDigits(u"135790"_s);
        console.pinPad()->submit();
        QTRY_VERIFY_WITH_TIMEOUT(console.isUnlocked(), 10000);
        AdminPanel *panel = console.panel();
        panel->showPage(AdminPanel::Settings);
        QLineEdit *field = panel->settingsPage()->field(u"kiosk/idle_ms"_s);
        field->clear();
        QVERIFY(!panel->keyboard()->isVisible());
        field->setFocus();
        QTRY_VERIFY(panel->keyboard()->isVisible());
        QCOMPARE(panel->keyboard()->target(), field);
        for (const char *key : {"key_page", "key_9", "key_0", "key_0", "key_0", "key_0"}) {
            auto *b = panel->keyboard()->findChild<QPushButton *>(QString::fromLatin1(key));
            QVERIFY2(b, key);
            b->click();
        }
        QCOMPARE(field->text(), u"90000"_s);

        // A long text takes the keyboard too, with new lines from its enter key.
        panel->showPage(AdminPanel::Animals);
        auto *facts = qobject_cast<QPlainTextEdit *>(panel->animalsPage()->editor(u"facts"_s));
        facts->clear();
        facts->setFocus();
        QTRY_COMPARE(panel->keyboard()->textTarget(), facts);
        panel->keyboard()->findChild<QPushButton *>(u"key_page"_s)->click(); // back to letters
        panel->keyboard()->findChild<QPushButton *>(u"key_a"_s)->click();
        panel->keyboard()->findChild<QPushButton *>(u"key_send"_s)->click();
        panel->keyboard()->findChild<QPushButton *>(u"key_b"_s)->click();
        panel->keyboard()->findChild<QPushButton *>(u"key_backspace"_s)->click();
        QCOMPARE(facts->toPlainText(), u"a\n"_s);
    }
};

QTEST_MAIN(TestAdminPanel)
#include "tst_adminpanel.moc"
