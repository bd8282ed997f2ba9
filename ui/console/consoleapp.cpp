#include "console/consoleapp.h"

#include "console/consolewindow.h"
#include "fleet/consolefleet.h"
#include "fleet/kioskroster.h"

#include <QApplication>
#include <QLocale>
#include <QMessageBox>
#include <QTranslator>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace zk::ui {

int runStaffConsole(const QString &kiosksFile)
{
    QTranslator translator;
    if (QLocale().language() == QLocale::Spanish && translator.load(u":/i18n/zookiosk_es.qm"_s))
        QCoreApplication::installTranslator(&translator);

    fleet::KioskRoster roster(kiosksFile.isEmpty() ? fleet::KioskRoster::defaultPath() : kiosksFile);
    fleet::ConsoleFleet fleet(roster);
    if (const Status s = fleet.start(); !s) {
        std::fprintf(stderr, "zookiosk --console: %s\n", qPrintable(s.error().message));
        QMessageBox::critical(nullptr, ConsoleWindow::tr("Zoo Kiosk staff console"),
                              ConsoleWindow::tr("The list of kiosks could not be read:\n%1").arg(roster.path()));
        return 1;
    }
    ConsoleWindow window(fleet);
    window.resize(1600, 1000);
    window.show();
    return QApplication::exec();
}

} // namespace zk::ui
