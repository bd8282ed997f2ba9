// zk_lexicon_compile SOURCE_DIR OUTPUT: parses and normalises the local
// moderation data in SOURCE_DIR (resources/safety: categories.json,
// allowlist.json and the word lists they name) and writes the compiled
// lexicon that the kiosk loads at start (ModerationLexicon::fromResources).
// Run by the build; a broken list fails the build with the parser's message.
#include "safety/moderationlexicon.h"

#include <QFile>
#include <QSaveFile>
#include <QString>

#include <cstdio>

int main(int argc, char *argv[])
{
    if (argc != 3) {
        std::fprintf(stderr, "usage: zk_lexicon_compile SOURCE_DIR OUTPUT\n");
        return 2;
    }
    const auto lexicon = zk::safety::ModerationLexicon::fromDirectory(QFile::decodeName(argv[1]));
    if (!lexicon) {
        std::fprintf(stderr, "zk_lexicon_compile: %s\n", qPrintable(lexicon.error().message));
        return 1;
    }
    QSaveFile out(QFile::decodeName(argv[2]));
    if (!out.open(QIODevice::WriteOnly) || out.write(lexicon.value().serialize()) < 0 || !out.commit()) {
        std::fprintf(stderr, "zk_lexicon_compile: cannot write %s: %s\n", argv[2], qPrintable(out.errorString()));
        return 1;
    }
    return 0;
}
