#pragma once

#include "admin/secretbox.h"
#include "core/result.h"

#include <QByteArray>
#include <QList>
#include <QSslConfiguration>
#include <QString>
#include <QUrl>

namespace zk::fleet {

// One kiosk the staff console watches: its name on the console, its remote
// endpoint (ws:// or wss://) and the fleet token set on it.
struct KioskEntry
{
    QString name;
    QUrl url;
    QByteArray token;   // in memory only; sealed in the file
    QString caFile;     // wss: PEM certificates to trust for this kiosk (empty: the system's)
};

// Why an entry is refused; the console words it (tr()).
enum class EntryProblem { None, NoName, DuplicateName, BadUrl, BadToken, BadCaFile };

// The staff console's list of kiosks, a JSON file in the console user's
// config directory (or the file given with --kiosks). Tokens are sealed with
// a SecretBox whose key file sits beside the list (mode 0600), so the list
// alone does not reveal them; they never reach a log.
class KioskRoster
{
public:
    // `path`: the JSON file; the key file is `path` + ".key".
    explicit KioskRoster(QString path);
    // <config dir>/console-kiosks.json (QStandardPaths::AppConfigLocation).
    static QString defaultPath();

    // An empty list when the file does not exist yet.
    Result<QList<KioskEntry>> load();
    Status save(const QList<KioskEntry> &entries);

    static EntryProblem check(const KioskEntry &entry, const QList<KioskEntry> &others);
    // The TLS settings for the entry: the system's CAs, plus its CA file's.
    static QSslConfiguration sslConfiguration(const KioskEntry &entry);
    const QString &path() const { return m_path; }

private:
    QString m_path;
    admin::SecretBox m_box;
};

} // namespace zk::fleet
