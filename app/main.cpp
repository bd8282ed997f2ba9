// zookiosk: the kiosk GUI. Settings, the core and the window are wired here;
// everything else lives in the core and UI libraries.
#include "chatwindow.h"
#include "core/appsetup.h"
#include "core/kioskcore.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QScreen>
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
    return app.exec();
}
