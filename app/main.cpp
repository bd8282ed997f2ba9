// zookiosk: the kiosk GUI. Settings, the core and the window are wired here;
// everything else lives in the core and UI libraries.
#include "core/appsetup.h"
#include "core/kioskcore.h"
#include "core/openinghours.h"
#include "core/watchdognotifier.h"
#include "storage/database.h"
#include "fleet/remoteendpoint.h"
#include "admin/staffconsole.h"
#include "admin/staffentry.h"
#include "console/consoleapp.h"
#include "kioskwindow.h"
#include "screenblanker.h"
#include "speech/readaloud.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QTimer>
#include <QTranslator>

#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    zk::setApplicationIdentity();

    QCommandLineParser parser;
    parser.setApplicationDescription(u"Zoo Kiosk: talk with the zoo's animal ambassadors."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    zk::addSettingsOptions(parser);
    parser.addOption({u"windowed"_s, u"Run in a normal window instead of full screen."_s});
    parser.addOption({u"screen"_s, u"Start on this screen: attract (default) or picker (documentation screenshots)."_s,
                      u"name"_s});
    parser.addOption({u"animal"_s, u"Open the chat with this animal at start (documentation screenshots)."_s, u"id"_s});
    parser.addOption({u"ask"_s, u"With --animal: ask this question at start (documentation screenshots)."_s,
                      u"text"_s});
    parser.addOption({u"screenshot"_s, u"Save a picture of the window to this PNG file after a moment, then quit."_s,
                      u"file"_s});
    parser.addOption({u"screenshot-delay"_s, u"Milliseconds to wait before --screenshot (default 1500)."_s, u"ms"_s,
                      u"1500"_s});
    parser.addOption({u"console"_s, u"Open the staff console for a list of kiosks instead of the kiosk."_s});
    parser.addOption({u"kiosks"_s, u"With --console: the kiosk list file (default: console-kiosks.json in the user's config directory)."_s,
                      u"file"_s});
    parser.process(app);
    if (parser.isSet(u"console"_s))
        return zk::ui::runStaffConsole(parser.value(u"kiosks"_s));

    QStringList problems;
    const auto flags = zk::settingsFlags(parser, &problems);
    for (const QString &p : problems)
        std::fprintf(stderr, "zookiosk: %s\n", qPrintable(p));
    zk::ConfigLoader::Outcome config = zk::ConfigLoader::load(flags, QProcessEnvironment::systemEnvironment());
    if (!config.fatalError.isEmpty()) {
        // A refused base URL: the kiosk still runs, with the resting message.
        std::fprintf(stderr, "zookiosk: %s; the kiosk runs without the API\n", qPrintable(config.fatalError));
        config.config.apiKey.clear();
    }

    zk::KioskCore core(config.config);
    // The knowledge for offline answers is indexed now, not at the first
    // offline answer a visitor waits for.
    zk::Status opened = core.open();
    if (opened)
        opened = core.seedKnowledge();
    if (const zk::Status &s = opened; !s) {
        std::fprintf(stderr, "zookiosk: cannot open the kiosk data: %s\n", qPrintable(s.error().message));
        QMessageBox::critical(nullptr, u"Zoo Kiosk"_s,
                              QCoreApplication::translate("main", "The kiosk could not start. Please call a member of staff."));
        return 1;
    }
    // The UI thread uses the database; the checkpoints, which wait for the
    // disk, run on a thread of their own.
    if (const zk::Status s = core.database().startBackgroundCheckpoints(std::chrono::seconds(30)); !s)
        std::fprintf(stderr, "zookiosk: checkpoints stay on the UI thread: %s\n", qPrintable(s.error().message));
    if (core.config().kioskHideCursor) // staff settings included
        QGuiApplication::setOverrideCursor(Qt::BlankCursor);

    QTranslator translator;
    zk::ui::ReadAloud readAloud; // its engine starts on a thread of its own
    zk::ui::KioskWindow window(core, translator, &readAloud);
    // The hidden staff gesture opens the PIN pad, then the admin panel, as a
    // page over the kiosk window; it closes itself after two minutes untouched.
    zk::ui::StaffConsole staffConsole(core, &window);
    zk::ui::connectStaffEntry(window, staffConsole);
    // The central store (off unless central/url or ZOOKIOSK_CENTRAL_URL is set): the
    // outbox ships on its own thread; the screen never waits for it.
    core.startCentralSync();
    // Remote management (off unless remote/listen or ZOOKIOSK_REMOTE_LISTEN is set). A refused
    // setting is reported and recorded; the kiosk goes on without the endpoint.
    auto remote = zk::fleet::RemoteEndpoint::start(core);
    if (!remote) {
        std::fprintf(stderr, "zookiosk: remote management is off: %s\n", qPrintable(remote.error().message));
        core.recordStaffEvent(u"security"_s, u"remote_refused"_s,
                              u"The remote management endpoint did not start: "_s + remote.error().message);
    } else if (remote.value()) {
        // status.get's "screen": attract, picker, chat (the kiosk window's page) or admin.
        remote.value()->methods().setScreenProvider([&window, &staffConsole]() -> QString {
            return staffConsole.isOpen() ? u"admin"_s : window.screenName();
        });
    }
    if (parser.isSet(u"windowed"_s)) {
        // A preview on a desktop (the menu entry): an ordinary window that closes.
        window.allowClose();
        window.resize(1280, 800);
        window.show();
    } else {
        window.showKiosk();
    }
    if (parser.value(u"screen"_s) == u"picker")
        window.showPicker();
    if (parser.isSet(u"animal"_s)) {
        window.showAnimal(parser.value(u"animal"_s));
        if (parser.isSet(u"ask"_s))
            window.sendQuestion(parser.value(u"ask"_s));
    }
    // Black screen outside opening hours; systemd's watchdog fed from this event loop.
    zk::ui::ScreenBlanker blanker(&window, zk::OpeningHours::parse(core.config().kioskOpeningHours).valueOr({}),
                                  core.config().kioskIdleMs);
    zk::WatchdogNotifier watchdog(QProcessEnvironment::systemEnvironment());
    QTimer::singleShot(0, &watchdog, [&watchdog] { watchdog.notifyReady(u"Showing the kiosk screen"_s); });
    QObject::connect(&blanker, &zk::ui::ScreenBlanker::blankChanged, &watchdog, [&watchdog](bool blank) {
        watchdog.notifyStatus(blank ? u"Closed: the screen is black until touched"_s : u"Showing the kiosk screen"_s);
    });
    if (parser.isSet(u"screenshot"_s)) {
        const QString path = parser.value(u"screenshot"_s);
        QTimer::singleShot(parser.value(u"screenshot-delay"_s).toInt(), &window, [&window, path] {
            const bool saved = window.grab().save(path, "PNG");
            std::fprintf(stderr, "zookiosk: screenshot %s %s\n", qPrintable(path), saved ? "saved" : "FAILED");
            window.allowClose();
            QCoreApplication::exit(saved ? 0 : 1);
        });
    }
    return app.exec();
}
