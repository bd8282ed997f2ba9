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

Result<ModerationLexicon> ModerationLexicon::fromResources()
{
    ensureResources();
    const QString path = u":/safety/lexicon.bin"_s;
    // The build stores it uncompressed (resources/CMakeLists.txt), so it is
    // read in place from the program's read-only data: no copy, no inflating.
    const QResource resource(path);
    if (resource.isValid() && resource.compressionAlgorithm() == QResource::NoCompression)
        return deserialize(QByteArrayView(reinterpret_cast<const char *>(resource.data()), resource.size()),
                           Storage::Static);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(u"cannot read the compiled lexicon "_s + path);
    return deserialize(file.readAll());
}

Result<LexiconIndex> LexiconIndex::fromResources()
{
    ensureResources();
    const QString path = u":/safety/lexicon.index"_s;
    const QResource resource(path);
    if (resource.isValid() && resource.compressionAlgorithm() == QResource::NoCompression)
        return fromStatic(QByteArrayView(reinterpret_cast<const char *>(resource.data()), resource.size()));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(u"cannot read the compiled lexicon index "_s + path);
    return fromOwned(file.readAll());
}

} // namespace zk::safety
