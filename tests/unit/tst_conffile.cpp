// packaging/zookiosk.conf (installed as /etc/zookiosk/zookiosk.conf) cannot
// drift from ConfigLoader: every setting is in it, under its section, with a
// comment; nothing in it is unknown; its defaults are the built-in ones; and
// the file as shipped loads without a warning.
#include "core/config.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using zk::ConfigLoader;

namespace {

struct Documented
{
    QString key;        // "kiosk/idle_ms"
    QString value;      // as written
    bool commented = false;
    bool hasComment = false; // prose just above it, in the same block
    int line = 0;
};

} // namespace

class TestConfFile : public QObject
{
    Q_OBJECT

    QString m_path = QStringLiteral(ZK_SOURCE_DIR "/packaging/zookiosk.conf");
    QStringList m_lines;
    QList<Documented> m_settings;
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QFile f(m_path);
        QVERIFY2(f.open(QIODevice::ReadOnly | QIODevice::Text), qPrintable(m_path));
        m_lines = QString::fromUtf8(f.readAll()).split(u'\n');
        static const QRegularExpression section(u"^\\[([a-z_]+)\\]$"_s);
        static const QRegularExpression setting(u"^(;?)([A-Za-z0-9_.-]+(?:\\\\[A-Za-z0-9_.-]+)*)=(.*)$"_s);
        QString current;
        bool proseAbove = false;
        for (int i = 0; i < m_lines.size(); ++i) {
            const QString line = m_lines[i].trimmed();
            if (line.isEmpty()) {
                proseAbove = false;
            } else if (const auto m = section.match(line); m.hasMatch()) {
                current = m.captured(1);
                proseAbove = false;
            } else if (const auto s = setting.match(line); s.hasMatch() && !current.isEmpty()) {
                QString name = s.captured(2);
                name.replace(u'\\', u'/');
                m_settings.append({current + u'/' + name, s.captured(3), !s.captured(1).isEmpty(), proseAbove, i + 1});
            } else if (line.startsWith(u"; ")) {
                proseAbove = true;
            }
        }
        QVERIFY(m_settings.size() > 40);
    }

    void everySettingIsDocumented()
    {
        QStringList documented;
        for (const Documented &d : std::as_const(m_settings))
            documented << d.key;
        QStringList missing;
        for (const QString &key : ConfigLoader::knownKeys())
            if (!documented.contains(key))
                missing << key;
        QVERIFY2(missing.isEmpty(), qPrintable(u"not in packaging/zookiosk.conf: "_s + missing.join(u", "_s)));
        QVERIFY(documented.contains(u"prices/gpt-4o"_s));
        QVERIFY(documented.contains(u"moderation/block/violence"_s));
    }

    void nothingUnknownAndEveryOneCommented()
    {
        for (const Documented &d : std::as_const(m_settings)) {
            QVERIFY2(ConfigLoader::isKnownKey(d.key), qPrintable(u"line %1: unknown setting %2"_s.arg(d.line).arg(d.key)));
            QVERIFY2(d.hasComment, qPrintable(u"line %1: %2 has no comment above it"_s.arg(d.line).arg(d.key)));
        }
    }

    void shippedFileLoadsCleanly()
    {
        QProcessEnvironment env;
        env.insert(u"ZOOKIOSK_CONFIG"_s, m_path);
        const auto out = ConfigLoader::load({}, env);
        QVERIFY2(out.warnings.isEmpty(), qPrintable(out.warnings.join(u'\n')));
        QVERIFY(out.fatalError.isEmpty());
        QCOMPARE(out.config.dataDir, u"/var/lib/zookiosk"_s);
    }

    // Uncommented, every documented value is valid and is the built-in default
    // (except the examples: a CA file, opening hours, a price, thresholds, TLS files).
    void documentedDefaultsAreTheBuiltInOnes()
    {
        QStringList lines = m_lines;
        const QStringList examples = {u"openai/ca_file"_s, u"kiosk/opening_hours"_s, u"prices/gpt-4o"_s,
                                      u"moderation/block/violence"_s, u"moderation/block/self-harm/intent"_s,
                                      u"remote/tls_cert"_s, u"remote/tls_key"_s};
        for (const Documented &d : std::as_const(m_settings))
            if (d.commented && d.key != u"openai/ca_file")
                lines[d.line - 1] = lines[d.line - 1].trimmed().mid(1);
        const QString path = m_dir.filePath(u"uncommented.conf"_s);
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(lines.join(u'\n').toUtf8());
        f.close();
        QProcessEnvironment env;
        env.insert(u"ZOOKIOSK_CONFIG"_s, path);
        const auto out = ConfigLoader::load({}, env);
        QVERIFY2(out.warnings.isEmpty(), qPrintable(out.warnings.join(u'\n')));
        const auto defaults = ConfigLoader::load({}, {});
        for (const QString &key : ConfigLoader::knownKeys()) {
            if (examples.contains(key) || key == u"storage/data_dir")
                continue;
            QVERIFY2(ConfigLoader::currentValue(out.config, key) == ConfigLoader::currentValue(defaults.config, key),
                     qPrintable(u"%1: documented %2, built-in %3"_s.arg(key, ConfigLoader::currentValue(out.config, key),
                                                                        ConfigLoader::currentValue(defaults.config, key))));
        }
        QCOMPARE(out.config.kioskOpeningHours, u"mon-fri 09:00-17:30, sat-sun 10:00-18:00"_s);
    }
};

QTEST_GUILESS_MAIN(TestConfFile)
#include "tst_conffile.moc"
