#include "fleet/kioskroster.h"

#include "fleet/remotetokenstore.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSslCertificate>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace zk::fleet {

namespace {

const QByteArray kTokenLabel = QByteArrayLiteral("zookiosk/console-kiosk-token");

} // namespace

KioskRoster::KioskRoster(QString path) : m_path(std::move(path)), m_box(m_path + u".key"_s) {}

QString KioskRoster::defaultPath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation))
        .filePath(u"console-kiosks.json"_s);
}

Result<QList<KioskEntry>> KioskRoster::load()
{
    QFile file(m_path);
    if (!file.exists())
        return QList<KioskEntry>{};
    if (!file.open(QIODevice::ReadOnly))
        return makeError(u"cannot read %1: %2"_s.arg(m_path, file.errorString()));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!doc.isObject())
        return makeError(u"%1 is not a kiosk list: %2"_s.arg(m_path, parseError.errorString()));
    QList<KioskEntry> entries;
    for (const QJsonValue &v : doc.object().value(u"kiosks"_s).toArray()) {
        const QJsonObject o = v.toObject();
        KioskEntry e{o.value(u"name"_s).toString(), QUrl(o.value(u"url"_s).toString()), {},
                     o.value(u"caFile"_s).toString()};
        const auto token = m_box.open(o.value(u"token"_s).toString(), kTokenLabel);
        if (!token)
            return makeError(u"the token of \"%1\" in %2 cannot be opened: %3"_s.arg(e.name, m_path,
                                                                                    token.error().message));
        e.token = token.value();
        entries.append(e);
    }
    return entries;
}

Status KioskRoster::save(const QList<KioskEntry> &entries)
{
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QJsonArray array;
    for (const KioskEntry &e : entries) {
        const auto sealed = m_box.seal(e.token, kTokenLabel);
        if (!sealed)
            return sealed.error();
        QJsonObject o{{u"name"_s, e.name}, {u"url"_s, e.url.toString()}, {u"token"_s, sealed.value()}};
        if (!e.caFile.isEmpty())
            o.insert(u"caFile"_s, e.caFile);
        array.append(o);
    }
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(u"cannot write %1: %2"_s.arg(m_path, file.errorString()));
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(QJsonDocument(QJsonObject{{u"kiosks"_s, array}}).toJson());
    if (!file.commit())
        return makeError(u"cannot write %1: %2"_s.arg(m_path, file.errorString()));
    return {};
}

EntryProblem KioskRoster::check(const KioskEntry &entry, const QList<KioskEntry> &others)
{
    if (entry.name.trimmed().isEmpty())
        return EntryProblem::NoName;
    for (const KioskEntry &o : others)
        if (o.name.compare(entry.name.trimmed(), Qt::CaseInsensitive) == 0)
            return EntryProblem::DuplicateName;
    const QString scheme = entry.url.scheme();
    if (!entry.url.isValid() || (scheme != u"ws" && scheme != u"wss") || entry.url.host().isEmpty()
        || entry.url.port() <= 0)
        return EntryProblem::BadUrl;
    if (!RemoteTokenStore::check(entry.token).isEmpty())
        return EntryProblem::BadToken;
    if (!entry.caFile.isEmpty() && QSslCertificate::fromPath(entry.caFile, QSsl::Pem).isEmpty())
        return EntryProblem::BadCaFile;
    return EntryProblem::None;
}

QSslConfiguration KioskRoster::sslConfiguration(const KioskEntry &entry)
{
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    if (!entry.caFile.isEmpty())
        ssl.addCaCertificates(QSslCertificate::fromPath(entry.caFile, QSsl::Pem));
    return ssl;
}

} // namespace zk::fleet
