// zookioskctl: the headless command-line tool. Everything lives in the core
// library (cli/ctlapp); this file only starts it.
#include "cli/ctlapp.h"
#include "core/appsetup.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    zk::setApplicationIdentity();
    return zk::cli::runCtl(QCoreApplication::arguments());
}
