#pragma once

// A throwaway PostgreSQL server for integration tests: Debian's server
// binaries (package postgresql), a cluster made by initdb in a temporary
// directory, the server on 127.0.0.1 and a free port, its unix socket in the
// same directory. Password authentication (scram-sha-256) for the user "zk",
// so the tests also see that the password never reaches a log.
//
// PostgreSQL refuses to run as root (CI runs as root): then initdb and the
// server run as the user "nobody" (setgroups/setgid/setuid in the child, no
// sudo or runuser needed), with the directory handed to that user. The
// binaries come from ZK_PG_BINDIR, else the newest /usr/lib/postgresql/N/bin.
// Not found: error() says which package to install, and the test fails.

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QThread>
#include <QUrl>
#include <QUuid>

#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <functional>
#include <memory>

namespace zk::test {

class PgServer
{
public:
    PgServer() = default;
    ~PgServer() { stop(); }
    PgServer(const PgServer &) = delete;
    PgServer &operator=(const PgServer &) = delete;

    // The directory of initdb and postgres, or empty.
    static QString findBinDir()
    {
        const QString fromEnv = qEnvironmentVariable("ZK_PG_BINDIR");
        if (!fromEnv.isEmpty())
            return hasServer(fromEnv) ? fromEnv : QString();
        QDir root(QStringLiteral("/usr/lib/postgresql"));
        QStringList versions = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        std::sort(versions.begin(), versions.end(),
                  [](const QString &a, const QString &b) { return a.toInt() > b.toInt(); });
        for (const QString &v : versions) {
            const QString bin = root.filePath(v + QStringLiteral("/bin"));
            if (hasServer(bin))
                return bin;
        }
        return {};
    }

    QString error() const { return m_error; }
    int port() const { return m_port; }
    QString user() const { return QStringLiteral("zk"); }
    QString password() const { return m_password; }
    bool runsAsOtherUser() const { return m_uid != uid_t(-1); }

    // postgresql://zk:PASSWORD@127.0.0.1:PORT/DATABASE
    QString url(const QString &database) const
    {
        QUrl u;
        u.setScheme(QStringLiteral("postgresql"));
        u.setHost(QStringLiteral("127.0.0.1"));
        u.setPort(m_port);
        u.setUserName(user());
        u.setPassword(m_password);
        u.setPath(QLatin1Char('/') + database);
        return u.toString();
    }

    // initdb into a fresh temporary directory.
    bool init()
    {
        m_bin = findBinDir();
        if (m_bin.isEmpty())
            return fail(QStringLiteral("PostgreSQL server binaries (initdb, postgres) were not found in "
                                       "/usr/lib/postgresql/*/bin or ZK_PG_BINDIR: install the Debian package "
                                       "postgresql (kiosk/install-deps.sh installs it)"));
        if (::geteuid() == 0 && !pickUnprivilegedUser())
            return false;
        // The directory must be reachable by that user: under /tmp unless
        // every parent of the usual temporary path lets others through.
        QString base = QDir::tempPath();
        if (runsAsOtherUser() && !othersCanTraverse(base))
            base = QStringLiteral("/tmp");
        m_dir = std::make_unique<QTemporaryDir>(base + QStringLiteral("/zk-pg-XXXXXX"));
        if (!m_dir->isValid())
            return fail(QStringLiteral("cannot make a temporary directory in ") + base);
        m_password = QUuid::createUuid().toString(QUuid::Id128);
        const QString pwfile = m_dir->filePath(QStringLiteral("pw"));
        {
            QFile f(pwfile);
            if (!f.open(QIODevice::WriteOnly))
                return fail(QStringLiteral("cannot write ") + pwfile);
            f.write(m_password.toUtf8() + '\n');
        }
        if (runsAsOtherUser() && (::chown(QFile::encodeName(m_dir->path()).constData(), m_uid, m_gid) != 0
                                  || ::chown(QFile::encodeName(pwfile).constData(), m_uid, m_gid) != 0))
            return fail(QStringLiteral("cannot hand %1 to the postgres user").arg(m_dir->path()));

        QProcess initdb;
        prepare(initdb);
        initdb.start(m_bin + QStringLiteral("/initdb"),
                     {QStringLiteral("-D"), dataDir(), QStringLiteral("-U"), user(),
                      QStringLiteral("--pwfile=") + pwfile, QStringLiteral("--auth=scram-sha-256"),
                      QStringLiteral("-E"), QStringLiteral("UTF8"), QStringLiteral("--locale=C"),
                      QStringLiteral("--no-sync")});
        if (!initdb.waitForFinished(60000) || initdb.exitStatus() != QProcess::NormalExit || initdb.exitCode() != 0)
            return fail(QStringLiteral("initdb failed: ") + QString::fromLocal8Bit(initdb.readAllStandardError())
                        + QString::fromLocal8Bit(initdb.readAllStandardOutput()));
        QFile::remove(pwfile);
        return true;
    }

    // Starts the server (on a new free port the first time, the same port
    // after a stop) and waits until it accepts connections.
    bool start()
    {
        if (m_process)
            return true;
        if (m_port == 0 && !pickPort())
            return false;
        m_log.clear();
        m_process = std::make_unique<QProcess>();
        prepare(*m_process);
        m_process->setProcessChannelMode(QProcess::MergedChannels);
        m_process->start(m_bin + QStringLiteral("/postgres"),
                         {QStringLiteral("-D"), dataDir(), QStringLiteral("-p"), QString::number(m_port),
                          QStringLiteral("-k"), m_dir->path(), QStringLiteral("-c"),
                          QStringLiteral("listen_addresses=127.0.0.1"), QStringLiteral("-c"), QStringLiteral("fsync=off"),
                          QStringLiteral("-c"), QStringLiteral("synchronous_commit=off"), QStringLiteral("-c"),
                          QStringLiteral("full_page_writes=off"), QStringLiteral("-c"), QStringLiteral("max_connections=50")});
        if (!m_process->waitForStarted(10000))
            return fail(QStringLiteral("postgres did not start: ") + m_process->errorString());
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 30000) {
            m_process->waitForReadyRead(100);
            m_log += m_process->readAll();
            if (m_log.contains("database system is ready to accept connections"))
                return true;
            if (m_process->state() == QProcess::NotRunning)
                break;
        }
        m_log += m_process->readAll();
        const QString log = QString::fromLocal8Bit(m_log);
        m_process.reset();
        return fail(QStringLiteral("postgres did not become ready:\n") + log);
    }

    // Stops the server: "fast" shutdown (clients are disconnected, like a
    // server going away under them), or an immediate one (SIGQUIT, no
    // checkpoint: like a crash).
    void stop(bool immediate = false)
    {
        if (!m_process)
            return;
        if (m_process->state() != QProcess::NotRunning) {
            ::kill(pid_t(m_process->processId()), immediate ? SIGQUIT : SIGINT);
            if (!m_process->waitForFinished(20000)) {
                m_process->kill();
                m_process->waitForFinished(5000);
            }
        }
        m_log += m_process->readAll();
        m_process.reset();
    }

    bool running() const { return m_process && m_process->state() == QProcess::Running; }
    // Everything the server wrote so far (its log).
    QByteArray log()
    {
        if (m_process)
            m_log += m_process->readAll();
        return m_log;
    }

    // A superuser connection for the test's own checks (named `name`).
    QSqlDatabase connect(const QString &name, const QString &database) const
    {
        QSqlDatabase db = QSqlDatabase::contains(name) ? QSqlDatabase::database(name, false)
                                                       : QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(QStringLiteral("127.0.0.1"));
        db.setPort(m_port);
        db.setUserName(user());
        db.setPassword(m_password);
        db.setDatabaseName(database);
        db.open();
        return db;
    }

    // CREATE DATABASE `name`; empty on success, else the error.
    QString createDatabase(const QString &name) const
    {
        QString problem;
        {
            QSqlDatabase db = connect(QStringLiteral("zk-pg-admin"), QStringLiteral("postgres"));
            if (!db.isOpen()) {
                problem = db.lastError().text();
            } else {
                QSqlQuery q(db);
                if (!q.exec(QStringLiteral("CREATE DATABASE \"%1\"").arg(name)))
                    problem = q.lastError().text();
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("zk-pg-admin"));
        return problem;
    }

private:
    static bool hasServer(const QString &bin)
    {
        return QFileInfo(bin + QStringLiteral("/initdb")).isExecutable()
            && QFileInfo(bin + QStringLiteral("/postgres")).isExecutable();
    }

    static bool othersCanTraverse(const QString &path)
    {
        QString p = QDir(path).canonicalPath();
        while (!p.isEmpty()) {
            struct stat st{};
            if (::stat(QFile::encodeName(p).constData(), &st) != 0 || !(st.st_mode & S_IXOTH))
                return false;
            if (p == QStringLiteral("/"))
                break;
            p = QFileInfo(p).path();
        }
        return true;
    }

    bool pickUnprivilegedUser()
    {
        // Looked up here, in the parent: the child only makes system calls.
        const passwd *pw = ::getpwnam("nobody");
        if (!pw)
            return fail(QStringLiteral("running as root and there is no user \"nobody\" to run PostgreSQL as"));
        m_uid = pw->pw_uid;
        m_gid = pw->pw_gid;
        return true;
    }

    bool pickPort()
    {
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost, 0))
            return fail(QStringLiteral("no free port on 127.0.0.1"));
        m_port = probe.serverPort();
        return true;
    }

    QString dataDir() const { return m_dir->filePath(QStringLiteral("data")); }

    void prepare(QProcess &p) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
        env.remove(QStringLiteral("PGDATA"));
        // The sanitizer runtime is not in these binaries; keep its options away.
        env.remove(QStringLiteral("LD_PRELOAD"));
        p.setProcessEnvironment(env);
        p.setWorkingDirectory(m_dir->path());
        if (runsAsOtherUser()) {
            const uid_t uid = m_uid;
            const gid_t gid = m_gid;
            p.setChildProcessModifier([uid, gid] {
                // Between fork and exec: drop root for good, or do not run at all.
                if (::setgroups(0, nullptr) != 0 || ::setgid(gid) != 0 || ::setuid(uid) != 0)
                    ::_exit(126);
            });
        }
    }

    bool fail(const QString &message)
    {
        m_error = message;
        return false;
    }

    QString m_bin;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QProcess> m_process;
    QByteArray m_log;
    QString m_password;
    QString m_error;
    int m_port = 0;
    uid_t m_uid = uid_t(-1);
    gid_t m_gid = gid_t(-1);
};

} // namespace zk::test
