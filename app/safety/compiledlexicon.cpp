// The kiosk's lexicon and its index as the build compiled them (zk_lexicon_compile, see
// app/buildtools). Apart from the rest of ModerationLexicon so that the
// build tool, which makes this file, does not need the resources it ends up in.
#include "core/resources.h"
#include "safety/lexiconindex.h"
#include "safety/moderationlexicon.h"

#include <QFile>
#include <QResource>

using namespace Qt::StringLiterals;

namespace zk::safety {

namespace {

// A compiled-in file's bytes: `inPlace` when the build stored it uncompressed
// (resources/CMakeLists.txt), so it is read from the program's read-only data,
// no copy, no inflating; else `copy` holds them.
struct CompiledFile
{
    QByteArrayView inPlace;
    QByteArray copy;
    bool ok = false;
};

CompiledFile compiledFile(const QString &path)
{
    ensureResources();
    CompiledFile f;
    const QResource resource(path);
    if (resource.isValid() && resource.compressionAlgorithm() == QResource::NoCompression) {
        f.inPlace = QByteArrayView(reinterpret_cast<const char *>(resource.data()), resource.size());
        f.ok = true;
        return f;
    }
    QFile file(path);
    if (file.open(QIODevice::ReadOnly)) {
        f.copy = file.readAll();
        f.ok = true;
    }
    return f;
}

} // namespace

Result<ModerationLexicon> ModerationLexicon::fromResources()
{
    const QString path = u":/safety/lexicon.bin"_s;
    CompiledFile file = compiledFile(path);
    if (!file.ok)
        return makeError(u"cannot read the compiled lexicon "_s + path);
    return file.inPlace.isNull() ? deserialize(file.copy) : deserialize(file.inPlace, Storage::Static);
}

Result<LexiconIndex> LexiconIndex::fromResources()
{
    const QString path = u":/safety/lexicon.index"_s;
    CompiledFile file = compiledFile(path);
    if (!file.ok)
        return makeError(u"cannot read the compiled lexicon index "_s + path);
    return file.inPlace.isNull() ? fromOwned(std::move(file.copy)) : fromStatic(file.inPlace);
}

} // namespace zk::safety
