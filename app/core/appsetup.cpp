#include "core/appsetup.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace zk {

void setApplicationIdentity()
{
    QCoreApplication::setOrganizationName(QString());
    QCoreApplication::setApplicationName(u"zookiosk"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(ZK_VERSION));
}

void addSettingsOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {u"config"_s, u"Read settings from this INI file (default: $ZOOKIOSK_CONFIG)."_s, u"file"_s},
        {u"data-dir"_s, u"Keep zookiosk.db in this directory (default: $ZOOKIOSK_DATA_DIR)."_s, u"dir"_s},
        {u"base-url"_s, u"OpenAI API base URL (default: $OPENAI_BASE_URL or https://api.openai.com/v1)."_s, u"url"_s},
        {u"models"_s, u"Model chain, primary first, comma-separated."_s, u"list"_s},
        {u"api"_s, u"Which API streams the replies: chat or responses."_s, u"name"_s},
        {u"set"_s, u"Set any setting, e.g. --set timeouts/turn_deadline_ms=8000 (repeatable)."_s, u"key=value"_s},
    });
}

QMap<QString, QString> settingsFlags(const QCommandLineParser &parser, QStringList *problems)
{
    QMap<QString, QString> flags;
    for (const QString &entry : parser.values(u"set"_s)) {
        const qsizetype eq = entry.indexOf(u'=');
        if (eq <= 0) {
            problems->append(u"--set expects KEY=VALUE, got \"%1\""_s.arg(entry));
            continue;
        }
        const QString key = entry.left(eq).trimmed();
        if (!ConfigLoader::isKnownKey(key)) {
            problems->append(u"--set: unknown setting \"%1\" (known: %2, prices/MODEL)"_s
                                 .arg(key, ConfigLoader::knownKeys().join(u", "_s)));
            continue;
        }
        flags.insert(key, entry.mid(eq + 1));
    }
    const std::pair<const char16_t *, const char16_t *> direct[] = {
        {u"data-dir", u"storage/data_dir"},
        {u"base-url", u"openai/base_url"},
        {u"models", u"models/chain"},
        {u"api", u"openai/api"},
    };
    for (const auto &[option, key] : direct)
        if (parser.isSet(QString::fromUtf16(option)))
            flags.insert(QString::fromUtf16(key), parser.value(QString::fromUtf16(option)));
    if (parser.isSet(u"config"_s))
        flags.insert(u"config"_s, parser.value(u"config"_s));
    return flags;
}

} // namespace zk
