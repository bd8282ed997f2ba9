// The kiosk's lexicon as the build compiled it (zk_lexicon_compile, see
// app/buildtools). Apart from the rest of ModerationLexicon so that the
// build tool, which makes this file, does not need the resources it ends up in.
#include "core/resources.h"
#include "safety/moderationlexicon.h"

#include <QFile>

using namespace Qt::StringLiterals;

namespace zk::safety {

Result<ModerationLexicon> ModerationLexicon::fromResources()
{
    ensureResources();
    QFile file(u":/safety/lexicon.bin"_s);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(u"cannot read the compiled lexicon :/safety/lexicon.bin"_s);
    return deserialize(file.readAll());
}

} // namespace zk::safety
