// zookiosk: the kiosk GUI. Settings, the core and the window are wired here;
// everything else lives in the core and UI libraries.
#include "chatwindow.h"
#include "core/appsetup.h"
#include "core/kioskcore.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QScreen>
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
    parser.addOption({u"animal"_s, u"Open the chat with this animal at start (documentation screenshots)."_s, u"id"_s});
    parser.addOption({u"screenshot"_s, u"Save a picture of the window to this PNG file after a moment, then quit."_s,
                      u"file"_s});
    parser.process(app);

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
    if (const zk::Status s = core.open(); !s) {
        std::fprintf(stderr, "zookiosk: cannot open the kiosk data: %s\n", qPrintable(s.error().message));
        QMessageBox::critical(nullptr, u"Zoo Kiosk"_s,
                              QCoreApplication::translate("main", "The kiosk could not start. Please call a member of staff."));
        return 1;
    }

    QTranslator translator;
    zk::ui::ChatWindow window(core, translator);
    window.setLanguage(config.config.language);
    if (parser.isSet(u"windowed"_s)) {
        window.resize(1280, 800);
        window.show();
    } else {
        // Without a window manager showFullScreen() alone keeps the natural size.
        if (QScreen *screen = QGuiApplication::primaryScreen())
            window.setGeometry(screen->geometry());
        window.showFullScreen();
    }
    if (parser.isSet(u"animal"_s))
        window.showAnimal(parser.value(u"animal"_s));
    if (parser.isSet(u"screenshot"_s)) {
        const QString path = parser.value(u"screenshot"_s);
        QTimer::singleShot(1500, &window, [&window, path] {
            const bool saved = window.grab().save(path, "PNG");
            std::fprintf(stderr, "zookiosk: screenshot %s %s\n", qPrintable(path), saved ? "saved" : "FAILED");
            QCoreApplication::exit(saved ? 0 : 1);
        });
    }
    return app.exec();
}
