// zk_lexicon_compile SOURCE_DIR OUTPUT INDEX_OUTPUT: parses and normalises
// the local moderation data in SOURCE_DIR (resources/safety: categories.json,
// allowlist.json and the word lists they name) and writes the compiled
// lexicon that the kiosk loads at start (ModerationLexicon::fromResources)
// and the moderator's lookup tables over it (LexiconIndex::fromResources).
// Run by the build; a broken list fails the build with the parser's message.
#include "safety/lexiconindex.h"
#include "safety/moderationlexicon.h"

#include <QFile>
#include <QSaveFile>
#include <QString>

#include <cstdio>

int main(int argc, char *argv[])
{
    if (argc != 4) {
        std::fprintf(stderr, "usage: zk_lexicon_compile SOURCE_DIR OUTPUT INDEX_OUTPUT\n");
        return 2;
    }
    const auto lexicon = zk::safety::ModerationLexicon::fromDirectory(QFile::decodeName(argv[1]));
    if (!lexicon) {
        std::fprintf(stderr, "zk_lexicon_compile: %s\n", qPrintable(lexicon.error().message));
        return 1;
    }
    const auto write = [](const char *path, const QByteArray &bytes) {
        QSaveFile out(QFile::decodeName(path));
        if (!out.open(QIODevice::WriteOnly) || out.write(bytes) < 0 || !out.commit()) {
            std::fprintf(stderr, "zk_lexicon_compile: cannot write %s: %s\n", path, qPrintable(out.errorString()));
            return false;
        }
        return true;
    };
    if (!write(argv[2], lexicon.value().serialize())
        || !write(argv[3], zk::safety::LexiconIndex::build(lexicon.value())))
        return 1;
    return 0;
}
