#include "storage/walcheckpointer.h"

#include "core/logging.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace zk::storage {

WalCheckpointer::WalCheckpointer(QString filePath, std::chrono::milliseconds interval, QObject *parent)
    : QThread(parent)
    , m_filePath(std::move(filePath))
    , m_interval(interval)
{
    setObjectName(u"zk-wal-checkpoint"_s);
}

WalCheckpointer::~WalCheckpointer()
{
    quit();
    wait();
}

void WalCheckpointer::run()
{
    const QString name = u"zk-checkpoint-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(m_filePath);
        if (!db.open()) {
            qCWarning(lcDb).noquote() << "WAL checkpoints: cannot open" << m_filePath << db.lastError().text();
            ++m_failures;
        } else {
            QSqlQuery setup(db);
            (void)setup.exec(u"PRAGMA busy_timeout = 5000"_s);
            const auto checkpoint = [this, &db] {
                QSqlQuery q(db);
                // Result row: busy (1 when it could not finish), log pages, pages copied.
                if (q.exec(u"PRAGMA wal_checkpoint(PASSIVE)"_s) && q.next()) {
                    ++m_checkpoints;
                } else {
                    ++m_failures;
                    qCWarning(lcDb).noquote() << "WAL checkpoint failed:" << q.lastError().text();
                }
            };
            QTimer timer;
            QObject::connect(&timer, &QTimer::timeout, &timer, checkpoint);
            timer.start(m_interval);
            exec();
            timer.stop();
            checkpoint();
            db.close();
        }
    } // the last handle must be gone before removeDatabase()
    QSqlDatabase::removeDatabase(name);
}

} // namespace zk::storage
