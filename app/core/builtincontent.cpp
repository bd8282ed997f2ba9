#include "core/builtincontent.h"

#include "core/resources.h"
#include "persona/defaultcontent.h"
#include "storage/database.h"
#include "storage/repositories.h"
#include "storage/settingsrepository.h"

#include <QFile>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace zk {

namespace {
const QString kSeededContentKey = u"seeded_content_fingerprint"_s;
}

// Not a security hash (the content is ours and read-only): 64-bit FNV-1a over
// every file's path and bytes, the same in every process (Qt's qHash is
// seeded per process), well under a millisecond per start.
QString builtInFingerprint(const QString &dir)
{
    quint64 hash = 14695981039346656037ull;
    const auto add = [&hash](QByteArrayView bytes) {
        for (const char c : bytes) {
            hash ^= quint8(c);
            hash *= 1099511628211ull;
        }
    };
    qint64 total = 0;
    for (const QString &file : filesWithSuffix(dir, u".json")) {
        const QString path = dir + u'/' + file;
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return {};
        const QByteArray data = f.readAll();
        add(path.toUtf8());
        add(data);
        total += data.size();
    }
    return QString::number(hash, 16) + u'-' + QString::number(total);
}

Status seedBuiltInContent(storage::AnimalRepository &animals, storage::GuardrailRepository &rules,
                          storage::SettingsRepository &settings)
{
    // Seeding is idempotent but not free: skipped when the same built-in
    // content was seeded into this database before.
    const QString fingerprint = builtInFingerprint(u":/personas"_s);
    const auto seeded = settings.value(kSeededContentKey);
    if (!fingerprint.isEmpty() && seeded && seeded.value() && *seeded.value() == fingerprint)
        return {};

    const auto content = persona::loadDefaultContent();
    if (!content)
        return makeError(u"the built-in animal content is damaged: "_s + content.error().message);
    if (const auto r = animals.seedDefaults(content->animals); !r)
        return r.error();
    if (const auto r = rules.seedDefaults(content->rules); !r)
        return r.error();
    if (!fingerprint.isEmpty())
        (void)settings.setValue(kSeededContentKey, fingerprint);
    return {};
}

Status writeDatabaseTemplate(const QString &path)
{
    if (QFileInfo::exists(path))
        return makeError(u"%1 exists already"_s.arg(path));
    {
        storage::Database db(path);
        if (const Status st = db.open(); !st)
            return st;
        storage::AnimalRepository animals(db);
        storage::GuardrailRepository rules(db);
        storage::SettingsRepository settings(db);
        if (const Status st = seedBuiltInContent(animals, rules, settings); !st)
            return st;
        db.close(); // checkpointed: one self-contained file, no -wal
    }
    storage::Database check(path);
    if (const Status st = check.open(); !st)
        return st;
    if (const QString problem = check.checkIntegrity(); !problem.isEmpty())
        return makeError(u"the template %1 fails its integrity check: %2"_s.arg(path, problem));
    return {};
}

} // namespace zk
