// The staff console (`zookiosk --console`, issue 8) on the offscreen
// platform against a real kiosk: a KioskCore on SQLite in a temporary
// directory with its remote endpoint on 127.0.0.1 (port 0), as tst_remote
// runs it. The console's own kiosk list lives in the same temporary
// directory. Every check looks at the console's screen and at what the
// kiosk stored or did.
#include "admin/historyfilterbar.h"
#include "admin/usagereportview.h"
#include "console/addkioskform.h"
#include "console/alertspanel.h"
#include "console/consolewindow.h"
#include "console/consolewords.h"
#include "console/fleettable.h"
#include "console/remoteanimalspage.h"
#include "console/remoteguardrailspage.h"
#include "console/remotehistorypage.h"
#include "console/remotekioskpanel.h"
#include "console/remotesettingspage.h"
#include "console/remotestatuspage.h"
#include "console/remoteusagepage.h"
#include "core/config.h"
#include "core/kioskcore.h"
#include "fleet/consolefleet.h"
#include "fleet/kioskhealth.h"
#include "fleet/kioskroster.h"
#include "fleet/remoteendpoint.h"
#include "fleet/remotetokenstore.h"
#include "llm/circuitbreaker.h"
#include "storage/repositories.h"
#include "tlscredentials.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

#include <memory>

using namespace Qt::StringLiterals;
using namespace zk::ui;
using zk::fleet::Light;

namespace {

const QByteArray kToken = "console-test-token-0123456789";

} // namespace

class TestConsole : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<zk::KioskCore> m_core;
    std::unique_ptr<zk::fleet::RemoteEndpoint> m_endpoint;
    std::unique_ptr<zk::fleet::KioskRoster> m_roster;
    std::unique_ptr<zk::fleet::ConsoleFleet> m_fleet;
    std::unique_ptr<ConsoleWindow> m_window;

    QString rosterPath() const { return m_dir.filePath(u"console/kiosks.json"_s); }

    Light lightOf(const QString &name) const
    {
        const int row = m_window->fleetTable()->rowOf(m_fleet->link(name));
        if (row < 0)
            return Light::Grey;
        return Light(m_window->fleetTable()->item(row, FleetTable::LightColumn)->data(Qt::UserRole).toInt());
    }

    QString summaryOf(const QString &name) const
    {
        const int row = m_window->fleetTable()->rowOf(m_fleet->link(name));
        return row < 0 ? QString() : m_window->fleetTable()->item(row, FleetTable::SummaryColumn)->text();
    }

    bool addKiosk(const QString &name, const QString &url, const QByteArray &token)
    {
        AddKioskForm *form = m_window->addForm();
        form->nameField()->setText(name);
        form->urlField()->setText(url);
        form->tokenField()->setText(QString::fromLatin1(token));
        QTest::mouseClick(form->findChild<QPushButton *>(u"addKioskButton"_s), Qt::LeftButton);
        return m_fleet->link(name) != nullptr;
    }

    RemoteKioskPanel *openPanel(const QString &name)
    {
        m_window->fleetTable()->selectLink(m_fleet->link(name));
        RemoteKioskPanel *panel = m_window->currentPanel();
        return panel && &panel->link() == m_fleet->link(name) ? panel : nullptr;
    }

    QString kioskUrl() const { return m_endpoint->url().toString(); }

    void startEndpoint()
    {
        zk::fleet::RemoteEndpoint::Options options;
        options.throttle.baseDelayMs = 200;
        options.throttle.maxDelayMs = 400;
        options.server.session.burst = 200;
        options.server.session.framesPerSecond = 100;
        auto started = zk::fleet::RemoteEndpoint::start(*m_core, options);
        QVERIFY2(started, started ? "" : qPrintable(started.error().message));
        m_endpoint = std::move(started).value();
    }

    // ZK_CONSOLE_SCREENSHOTS=DIR keeps a picture of the window, to look at.
    void keepPicture(const QString &name)
    {
        if (const QString dir = qEnvironmentVariable("ZK_CONSOLE_SCREENSHOTS"); !dir.isEmpty())
            m_window->grab().save(u"%1/console-%2.png"_s.arg(dir, name));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        zk::Config c;
        c.dataDir = m_dir.filePath(u"kiosk"_s);
        c.moderationRemote = false;
        c.baseUrl = QUrl(u"http://127.0.0.1:9/v1"_s); // nothing listens; no turn is asked
        c.apiKey = u"sk-console-test-key"_s;            // online: the light can be green
        c.breakerConsecutiveFailures = 2;
        {
            QTcpServer probe;   // a fixed free port, so that the endpoint can come back on it
            QVERIFY(probe.listen(QHostAddress::LocalHost));
            c.remoteListen = u"127.0.0.1:%1"_s.arg(probe.serverPort());
        }
        m_core = std::make_unique<zk::KioskCore>(c);
        QVERIFY(m_core->open().ok());
        zk::fleet::RemoteTokenStore tokens(
            zk::fleet::RemoteTokenStore::sealedSetting(m_core->settings(), m_core->secretBox()));
        QVERIFY(tokens.set(kToken).ok());
        startEndpoint();
        QVERIFY(m_endpoint);

        m_roster = std::make_unique<zk::fleet::KioskRoster>(rosterPath());
        zk::fleet::KioskLink::Timing timing;
        timing.pollMs = 300;
        timing.firstRetryMs = 200;
        timing.maxRetryMs = 800;
        timing.connectTimeoutMs = 2000;
        m_fleet = std::make_unique<zk::fleet::ConsoleFleet>(*m_roster, timing);
        QVERIFY(m_fleet->start().ok());
        QVERIFY(m_fleet->links().isEmpty());
        m_window = std::make_unique<ConsoleWindow>(*m_fleet);
        m_window->resize(1600, 1000);
        m_window->show();
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_fleet.reset();
        m_endpoint.reset();
        m_core.reset();
    }

    void addedKioskTurnsGreenAndItsTokenIsSealed()
    {
        QVERIFY(addKiosk(u"Reptile house"_s, kioskUrl(), kToken));
        QVERIFY2(m_window->addForm()->message().contains(u"Added"_s), qPrintable(m_window->addForm()->message()));
        QVERIFY(m_window->addForm()->tokenField()->text().isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(lightOf(u"Reptile house"_s), Light::Green, 5000);
        QCOMPARE(summaryOf(u"Reptile house"_s), u"Connected and healthy."_s);

        // The list on disk: the kiosk is there, its token is not in plain text, and it opens again.
        QFile file(rosterPath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(text.contains("Reptile house"));
        QVERIFY(!text.contains(kToken));
        QVERIFY(QFile::exists(rosterPath() + u".key"_s));
        QVERIFY(!(QFileInfo(rosterPath()).permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup)));
        QVERIFY(!(QFileInfo(rosterPath() + u".key"_s).permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup)));
        zk::fleet::KioskRoster again(rosterPath());
        const auto entries = again.load();
        QVERIFY(entries.ok());
        QCOMPARE(entries.value().size(), 1);
        QCOMPARE(entries.value().first().token, kToken);

        // Refused entries are explained, and nothing is added.
        QVERIFY(!addKiosk(u"Bad address"_s, u"http://127.0.0.1:1"_s, kToken));
        QVERIFY2(m_window->addForm()->message().contains(u"ws://"_s), qPrintable(m_window->addForm()->message()));
        QVERIFY(!addKiosk(u"Short token"_s, kioskUrl(), "short"));
        QVERIFY2(m_window->addForm()->message().contains(u"16 characters"_s), qPrintable(m_window->addForm()->message()));
        QVERIFY(addKiosk(u"reptile HOUSE"_s, kioskUrl(), kToken) == false);
        QCOMPARE(m_fleet->links().size(), 1);
    }

    void alertAppearsAndTheBreakerTurnsTheLightAmber()
    {
        RemoteKioskPanel *panel = openPanel(u"Reptile house"_s);
        QVERIFY(panel);
        const int before = m_window->alertsPanel()->count();
        // The model endpoint fails twice in a row: the breaker opens and the kiosk raises an alert.
        m_core->breaker().recordFailure();
        m_core->breaker().recordFailure();
        QTRY_VERIFY_WITH_TIMEOUT(m_window->alertsPanel()->count() > before, 5000);
        QListWidgetItem *newest = m_window->alertsPanel()->item(0);
        QCOMPARE(newest->data(Qt::UserRole).toString(), u"Reptile house"_s);
        QCOMPARE(newest->data(Qt::UserRole + 1).toString(), u"breaker_open"_s);
        QVERIFY2(newest->text().contains(u"Reptile house"_s), qPrintable(newest->text()));
        QTRY_COMPARE_WITH_TIMEOUT(lightOf(u"Reptile house"_s), Light::Amber, 5000);
        QVERIFY2(summaryOf(u"Reptile house"_s).contains(u"circuit breaker open"_s), qPrintable(summaryOf(u"Reptile house"_s)));

        // Reset from the console's status page: closed on the kiosk, green again.
        panel->showPage(RemoteKioskPanel::Status);
        QTest::mouseClick(panel->statusPage()->findChild<QPushButton *>(u"remoteBreakerReset"_s), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(m_core->breaker().snapshot().state, zk::llm::BreakerState::Closed, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(lightOf(u"Reptile house"_s), Light::Green, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(panel->statusPage()->breakerText().contains(u"closed"_s), 5000);
        keepPicture(u"status"_s);
    }

    void emergencyModeTogglesOnTheKiosk()
    {
        RemoteKioskPanel *panel = openPanel(u"Reptile house"_s);
        QVERIFY(panel);
        panel->showPage(RemoteKioskPanel::Status);
        RemoteStatusPage *page = panel->statusPage();
        QTRY_VERIFY_WITH_TIMEOUT(page->emergencyButton()->isEnabled(), 5000);
        QVERIFY(!m_core->emergencyMode());
        QTest::mouseClick(page->emergencyButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(m_core->emergencyMode(), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(page->emergencyText().startsWith(u"Emergency mode on"_s), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(lightOf(u"Reptile house"_s), Light::Amber, 5000);
        QVERIFY(summaryOf(u"Reptile house"_s).contains(u"Emergency mode is on"_s));
        QTest::mouseClick(page->emergencyButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!m_core->emergencyMode(), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(lightOf(u"Reptile house"_s), Light::Green, 5000);
    }

    void settingChangedFromTheConsoleIsStoredOnTheKiosk()
    {
        RemoteKioskPanel *panel = openPanel(u"Reptile house"_s);
        QVERIFY(panel);
        panel->showPage(RemoteKioskPanel::Settings);
        RemoteSettingsPage *page = panel->settingsPage();
        QTRY_COMPARE_WITH_TIMEOUT(page->field(u"timeouts/connect_ms"_s)->text(), u"5000"_s, 5000);
        page->field(u"timeouts/connect_ms"_s)->setText(u"7000"_s);
        page->field(u"kiosk/idle_ms"_s)->setText(u"soon"_s);
        QSignalSpy saved(page, &RemoteSettingsPage::saved);
        QTest::mouseClick(page->findChild<QPushButton *>(u"remoteSettingsSave"_s), Qt::LeftButton);
        QVERIFY(saved.wait(5000));
        QCOMPARE(saved.first().at(0).toInt(), 1);
        QCOMPARE(saved.first().at(1).toInt(), 1);
        const auto stored = m_core->staffSettings();
        QVERIFY(stored.ok());
        QCOMPARE(stored.value().value(u"timeouts/connect_ms"_s), u"7000"_s);
        QVERIFY(!stored.value().contains(u"kiosk/idle_ms"_s));
        QCOMPARE(page->fieldError(u"timeouts/connect_ms"_s)->text(), u"Saved"_s);
        const QString refusal = page->fieldError(u"kiosk/idle_ms"_s)->text();
        QVERIFY2(refusal.startsWith(u"Refused by the kiosk: expected a whole number"_s), qPrintable(refusal));
        QVERIFY2(page->message().contains(u"1 saved, 1 refused"_s), qPrintable(page->message()));
        keepPicture(u"settings"_s);
        // Read again: the stored value (used from the kiosk's next start), not the running one.
        page->field(u"timeouts/connect_ms"_s)->setText(u"1"_s);
        page->refresh();
        QTRY_COMPARE_WITH_TIMEOUT(page->field(u"timeouts/connect_ms"_s)->text(), u"7000"_s, 5000);
        QCOMPARE(m_core->config().connectTimeoutMs, 5000);
    }

    void animalsGuardrailsHistoryAndUsagePages()
    {
        RemoteKioskPanel *panel = openPanel(u"Reptile house"_s);
        QVERIFY(panel);

        // Animals: a new title for the red panda, stored on the kiosk.
        RemoteAnimalsPage *animals = panel->animalsPage();
        QSignalSpy animalsLoaded(animals, &RemoteAnimalsPage::loaded);
        panel->showPage(RemoteKioskPanel::Animals);
        QVERIFY(animalsLoaded.wait(5000));
        QVERIFY(animals->animalChoice()->count() > 0);
        animals->selectAnimal(u"red_panda"_s);
        auto *title = qobject_cast<QLineEdit *>(animals->editor(u"title"_s));
        QVERIFY(title && !title->text().isEmpty());
        title->setText(u"The Treetop Acrobat"_s);
        QSignalSpy animalSaved(animals, &RemoteAnimalsPage::savedAnimal);
        animals->save();
        QVERIFY(animalSaved.wait(5000));
        QVERIFY2(animalSaved.first().at(0).toBool(), qPrintable(animals->message()));
        const auto panda = m_core->animals().find(u"red_panda"_s);
        QVERIFY(panda.ok() && panda.value());
        QCOMPARE(panda.value()->text(u"en"_s)->title, u"The Treetop Acrobat"_s);
        // All the admin panel's fields come and go: the personality too; a refused fact list is explained.
        auto *personality = qobject_cast<QPlainTextEdit *>(animals->editor(u"personality"_s));
        QVERIFY(personality);
        QTRY_COMPARE_WITH_TIMEOUT(personality->toPlainText(), panda.value()->text(u"en"_s)->personality, 5000);
        qobject_cast<QPlainTextEdit *>(animals->editor(u"facts"_s))->setPlainText(QString());
        animalSaved.clear();
        animals->save();
        QVERIFY(animalSaved.wait(5000));
        QVERIFY(!animalSaved.first().at(0).toBool());
        QVERIFY2(animals->message().startsWith(u"The kiosk refused it"_s), qPrintable(animals->message()));
        QCOMPARE(m_core->animals().find(u"red_panda"_s).value()->text(u"en"_s)->facts, panda.value()->text(u"en"_s)->facts);

        // Guardrails: a new rule for every animal; an empty one is refused with the kiosk's reason.
        RemoteGuardrailsPage *rules = panel->guardrailsPage();
        QSignalSpy rulesLoaded(rules, &RemoteGuardrailsPage::loaded);
        panel->showPage(RemoteKioskPanel::Guardrails);
        QVERIFY(rulesLoaded.wait(5000));
        const int before = rules->table()->rowCount();
        rules->selectRule(0);
        rules->typeChoice()->setCurrentIndex(rules->typeChoice()->findData(u"NEVER"_s));
        rules->textField()->setText(u"Never talk about the console test."_s);
        QSignalSpy ruleSaved(rules, &RemoteGuardrailsPage::savedRule);
        rules->save();
        QVERIFY(ruleSaved.wait(5000));
        QVERIFY2(ruleSaved.first().at(0).toBool(), qPrintable(rules->message()));
        QTRY_COMPARE_WITH_TIMEOUT(rules->table()->rowCount(), before + 1, 5000);
        const auto all = m_core->rules().all();
        QVERIFY(all.ok());
        QVERIFY(std::any_of(all.value().cbegin(), all.value().cend(), [](const zk::persona::GuardrailRule &r) {
            return r.text == u"Never talk about the console test." && r.type == zk::persona::RuleType::Never;
        }));
        rules->selectRule(0);
        rules->textField()->setText(u"   "_s);
        ruleSaved.clear();
        rules->save();
        QVERIFY(ruleSaved.wait(5000));
        QVERIFY(!ruleSaved.first().at(0).toBool());
        QVERIFY2(rules->message().startsWith(u"The kiosk refused it"_s), qPrintable(rules->message()));

        // History with the admin panel's filters, sent to the kiosk: one stored turn.
        const auto conversation = m_core->conversations().create(u"tiger"_s, u"en"_s);
        QVERIFY(conversation.ok());
        zk::storage::Turn turn;
        turn.conversationId = conversation.value().id;
        turn.visitorText = u"How fast can you run?"_s;
        turn.reply = u"Very fast, for a short while!"_s;
        turn.source = zk::storage::ReplySource::Offline;
        turn.createdAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
        turn.finishedAt = turn.createdAt;
        QVERIFY(m_core->conversations().saveTurn(turn, std::nullopt).ok());
        RemoteHistoryPage *history = panel->historyPage();
        QSignalSpy historyLoaded(history, &RemoteHistoryPage::loaded);
        panel->showPage(RemoteKioskPanel::History);
        QVERIFY(historyLoaded.wait(5000));
        QCOMPARE(history->table()->rowCount(), 1);
        QCOMPARE(history->table()->item(0, 3)->text(), u"How fast can you run?"_s);
        QTRY_VERIFY_WITH_TIMEOUT(history->filters()->animalChoice()->findData(u"tiger"_s) > 0, 5000);
        history->filters()->searchField()->setText(u"fast"_s);
        history->filters()->sourceChoice()->setCurrentIndex(history->filters()->sourceChoice()->findData(u"blocked"_s));
        historyLoaded.clear();
        history->search();
        QVERIFY(historyLoaded.wait(5000));
        QCOMPARE(history->message(), u"No turns match."_s);
        history->filters()->sourceChoice()->setCurrentIndex(history->filters()->sourceChoice()->findData(u"offline"_s));
        history->filters()->animalChoice()->setCurrentIndex(history->filters()->animalChoice()->findData(u"tiger"_s));
        historyLoaded.clear();
        history->search();
        QVERIFY(historyLoaded.wait(5000));
        QCOMPARE(history->table()->rowCount(), 1);
        RemoteUsagePage *usage = panel->usagePage();
        QSignalSpy usageLoaded(usage, &RemoteUsagePage::loaded);
        panel->showPage(RemoteKioskPanel::Usage);
        QVERIFY(usageLoaded.wait(5000));
        QVERIFY2(usage->report()->totalsText().startsWith(u"1 turns"_s), qPrintable(usage->report()->totalsText()));
        keepPicture(u"usage"_s);
        panel->showPage(RemoteKioskPanel::Guardrails);
        QTRY_VERIFY_WITH_TIMEOUT(rules->table()->rowCount() > 0, 5000);
        keepPicture(u"guardrails"_s);
    }

    void unreachableKioskIsRedAndRemovable()
    {
        quint16 port = 0;
        {
            QTcpServer probe;   // a port nothing listens on once it closes
            QVERIFY(probe.listen(QHostAddress::LocalHost));
            port = probe.serverPort();
        }
        QVERIFY(addKiosk(u"Aquarium"_s, u"ws://127.0.0.1:%1"_s.arg(port), kToken));
        QTRY_COMPARE_WITH_TIMEOUT(lightOf(u"Aquarium"_s), Light::Red, 5000);
        QVERIFY2(summaryOf(u"Aquarium"_s).contains(u"cannot be reached"_s), qPrintable(summaryOf(u"Aquarium"_s)));
        // It keeps trying, each pause twice the last, up to the longest (200, 400, 800 ms here).
        QTRY_COMPARE_WITH_TIMEOUT(m_fleet->link(u"Aquarium"_s)->retryInMs(), 800, 5000);
        // Pages say so instead of waiting.
        RemoteKioskPanel *panel = openPanel(u"Aquarium"_s);
        QVERIFY(panel);
        panel->showPage(RemoteKioskPanel::Settings);
        QTRY_VERIFY_WITH_TIMEOUT(panel->settingsPage()->message().contains(u"not connected"_s), 3000);

        // Remove: the first tap arms, the second removes, and the list on disk follows.
        QVERIFY(!m_window->removeCurrent());
        QVERIFY(m_fleet->link(u"Aquarium"_s));
        QVERIFY(m_window->removeCurrent());
        QVERIFY(!m_fleet->link(u"Aquarium"_s));
        QCOMPARE(m_window->fleetTable()->rowCount(), 1);
        zk::fleet::KioskRoster again(rosterPath());
        QCOMPARE(again.load().value().size(), 1);
    }

    // The kiosk goes away (restart, network) and comes back: red meanwhile, then green by itself.
    void lostKioskComesBackByItself()
    {
        QCOMPARE(lightOf(u"Reptile house"_s), Light::Green);
        const QUrl before = m_endpoint->url();
        m_endpoint.reset();
        QTRY_COMPARE_WITH_TIMEOUT(lightOf(u"Reptile house"_s), Light::Red, 5000);
        QVERIFY2(summaryOf(u"Reptile house"_s).contains(u"cannot be reached"_s), qPrintable(summaryOf(u"Reptile house"_s)));
        startEndpoint();
        QVERIFY(m_endpoint);
        QCOMPARE(m_endpoint->url(), before);
        QTRY_COMPARE_WITH_TIMEOUT(lightOf(u"Reptile house"_s), Light::Green, 5000);
    }

    // A list that cannot be read is refused, not half-used.
    void brokenListIsRefused()
    {
        const QString path = m_dir.filePath(u"broken/kiosks.json"_s);
        QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{ not json");
        file.close();
        zk::fleet::KioskRoster broken(path);
        QVERIFY(!broken.load().ok());
        // A token sealed under another console's key does not open here.
        QVERIFY(QFile::copy(rosterPath(), m_dir.filePath(u"broken/other.json"_s)));
        zk::fleet::KioskRoster stranger(m_dir.filePath(u"broken/other.json"_s));
        const auto loaded = stranger.load();
        QVERIFY(!loaded.ok());
        QVERIFY2(!loaded.error().message.contains(QString::fromLatin1(kToken)), qPrintable(loaded.error().message));
        zk::fleet::ConsoleFleet fleet(broken);
        QVERIFY(!fleet.start().ok());
        QVERIFY(fleet.links().isEmpty());
    }

    // A kiosk on wss with its own certificate: red with the reason until the console is given its CA file.
    void wssKioskNeedsItsCaFile()
    {
        QString error;
        const auto credentials = zk::test::TlsCredentials::selfSigned({u"DNS:localhost"_s, u"IP:127.0.0.1"_s}, 2, &error);
        QVERIFY2(!credentials.isNull(), qPrintable(error));
        const QString tlsDir = m_dir.filePath(u"tls"_s);
        QVERIFY(QDir().mkpath(tlsDir));
        QVERIFY2(credentials.writeTo(tlsDir, &error), qPrintable(error));
        zk::Config c;
        c.dataDir = m_dir.filePath(u"tls-kiosk"_s);
        c.moderationRemote = false;
        c.baseUrl = QUrl(u"http://127.0.0.1:9/v1"_s);
        c.apiKey = u"sk-console-test-key"_s;
        c.remoteListen = u"127.0.0.1:0"_s;
        c.remoteTlsCert = tlsDir + u"/cert.pem"_s;
        c.remoteTlsKey = tlsDir + u"/key.pem"_s;
        zk::KioskCore core(c);
        QVERIFY(core.open().ok());
        zk::fleet::RemoteTokenStore tokens(zk::fleet::RemoteTokenStore::sealedSetting(core.settings(), core.secretBox()));
        QVERIFY(tokens.set(kToken).ok());
        auto started = zk::fleet::RemoteEndpoint::start(core);
        QVERIFY2(started && started.value(), started ? "" : qPrintable(started.error().message));
        const std::unique_ptr<zk::fleet::RemoteEndpoint> endpoint = std::move(started).value();
        const QString url = endpoint->url().toString();
        QVERIFY2(url.startsWith(u"wss://"_s), qPrintable(url));

        QVERIFY(addKiosk(u"Lion house"_s, url, kToken));
        QTRY_COMPARE_WITH_TIMEOUT(lightOf(u"Lion house"_s), Light::Red, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(summaryOf(u"Lion house"_s).contains(u"does not trust the kiosk's certificate"_s), 5000);

        // A CA file without a certificate is refused; the kiosk's own certificate makes it green.
        m_window->addForm()->caFileField()->setText(rosterPath());
        QVERIFY(!addKiosk(u"Lion house, trusted"_s, url, kToken));
        QVERIFY2(m_window->addForm()->message().contains(u"CA file"_s), qPrintable(m_window->addForm()->message()));
        m_window->addForm()->caFileField()->setText(tlsDir + u"/cert.pem"_s);
        QVERIFY(addKiosk(u"Lion house, trusted"_s, url, kToken));
        QTRY_COMPARE_WITH_TIMEOUT(lightOf(u"Lion house, trusted"_s), Light::Green, 5000);
        zk::fleet::KioskRoster again(rosterPath());
        const auto entries = again.load();
        QVERIFY(entries.ok());
        QCOMPARE(entries.value().last().caFile, tlsDir + u"/cert.pem"_s);

        QVERIFY(m_fleet->remove(u"Lion house"_s));
        QVERIFY(m_fleet->remove(u"Lion house, trusted"_s));
        QTest::qWait(50); // the links go (deleteLater) before this kiosk does
    }

    // Last: a refused login slows this address down on the kiosk.
    void wrongTokenIsRedWithAKindReason()
    {
        const int before = m_window->alertsPanel()->count();
        QVERIFY(addKiosk(u"Bird house"_s, kioskUrl(), "not-the-right-token-42"));
        QTRY_COMPARE_WITH_TIMEOUT(lightOf(u"Bird house"_s), Light::Red, 5000);
        QCOMPARE(m_fleet->link(u"Bird house"_s)->state(), zk::fleet::KioskLink::State::Refused);
        QVERIFY2(summaryOf(u"Bird house"_s).contains(u"did not accept this console's token"_s),
                 qPrintable(summaryOf(u"Bird house"_s)));
        // The kiosk tells the consoles logged in to it (here the first one).
        QTRY_VERIFY_WITH_TIMEOUT(m_window->alertsPanel()->count() > before, 5000);
        QCOMPARE(m_window->alertsPanel()->item(0)->data(Qt::UserRole + 1).toString(), u"remote_auth_failed"_s);
        // Not retried by itself.
        QTest::qWait(800);
        QCOMPARE(m_fleet->link(u"Bird house"_s)->state(), zk::fleet::KioskLink::State::Refused);
        QCOMPARE(lightOf(u"Reptile house"_s), Light::Green);
        keepPicture(u"fleet"_s);
    }

    // With the Spanish translator (a desktop in Spanish) the console speaks Spanish.
    void spanishWords()
    {
        QTranslator spanish;
        QVERIFY(spanish.load(u":/i18n/zookiosk_es.qm"_s));
        QCoreApplication::installTranslator(&spanish);
        const QString refused = ConsoleWords::summary(*m_fleet->link(u"Bird house"_s));
        const QString green = ConsoleWords::lightName(Light::Green);
        QCoreApplication::removeTranslator(&spanish);
        QVERIFY2(refused.startsWith(u"El quiosco no aceptó el token"_s), qPrintable(refused));
        QCOMPARE(green, u"En buen estado"_s);
    }
};

QTEST_MAIN(TestConsole)
#include "tst_console.moc"
