// libFuzzer target for the local safety layer: TextNormalizer, PiiRedactor,
// InjectionDetector and LocalModerator, the checks the kiosk runs on every
// visitor message (and, for LocalModerator::checkOutput, on every sentence
// of a reply).
//
// Every input is read twice: as UTF-8 (invalid sequences become U+FFFD, as
// QString::fromUtf8 does for text from the touch keyboard or the CLI) and as
// raw UTF-16 code units (pairs of bytes, little endian, so lone and reversed
// surrogates, noncharacters and unassigned code points all reach the code).
//
// Besides "no crash, no hang, no sanitizer report", it checks what the
// headers promise:
//   TextNormalizer  `cleaned` holds no control, format or zero-width
//                   character (a ZWJ inside an emoji sequence excepted), no
//                   lone surrogate, no leading, trailing or double space, and
//                   cleaning it again changes nothing (emoji joiners aside;
//                   exactly with ZK_FUZZ_SAFETY_STRICT=1); `folded`/`joined` hold
//                   only letters, digits and single spaces; `joined` is
//                   `words` joined by spaces. The Latin-1 fast path of
//                   clean() and the letter fold gives what the general
//                   NFKC/NFD code gives.
//   PiiRedactor     find(): in bounds, non-empty, sorted, non-overlapping;
//                   redact() is exactly the text with each finding replaced
//                   by its placeholder (so never longer than the input plus
//                   the placeholders), count/changed/kinds agree with find().
//   Injection       score in [0, 1]; detected == score >= kThreshold; the
//                   rule is one of ruleNames(); a detection names a rule;
//                   evidence at most 80 characters; checkText(x) ==
//                   check(normalize(x)).
//   LocalModerator  score in [0, 1]; flagged == categories not empty;
//                   categories sorted, distinct, known; a flag reaches the
//                   lexicon's flag threshold.

#include "core/resources.h"
#include "safety/injectiondetector.h"
#include "safety/localmoderator.h"
#include "safety/piiredactor.h"
#include "safety/textnormalizer.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>

using namespace Qt::StringLiterals;
using namespace zk::safety;

namespace {

[[noreturn]] void fail(const char *what)
{
    std::fprintf(stderr, "fuzz_safety: invariant violated: %s\n", what);
    std::abort();
}

void check(bool ok, const char *what)
{
    if (!ok)
        fail(what);
}

struct Checks
{
    TextNormalizer normalizer;
    PiiRedactor redactor;
    InjectionDetector injection;
    std::optional<LocalModerator> moderator;
    QStringList ruleNames = InjectionDetector::ruleNames();
    QStringList categories = {u"profanity"_s, u"violence"_s, u"self-harm"_s, u"sexual"_s,
                              u"drugs-weapons"_s, u"hate"_s, u"harassment"_s, u"illicit"_s};

    Checks()
    {
        zk::ensureResources();
        auto loaded = LocalModerator::fromResources();
        if (!loaded) {
            std::fprintf(stderr, "fuzz_safety: LocalModerator::fromResources failed: %s\n",
                         qPrintable(loaded.error().message));
            std::abort();
        }
        moderator.emplace(std::move(loaded).value());
    }
};

Checks &checks()
{
    static Checks instance;
    return instance;
}

// ZK_FUZZ_SAFETY_STRICT=1 adds the checks the normaliser does not meet yet:
// no stray ZWJ and clean() exactly idempotent (see checkNormalized).
bool strictMode()
{
    static const bool strict = qEnvironmentVariableIntValue("ZK_FUZZ_SAFETY_STRICT") == 1;
    return strict;
}

bool isHiddenCharacter(char32_t c)
{
    if (c == 0x00AD || c == 0x034F || c == 0x061C || c == 0x115F || c == 0x1160 || c == 0x17B4 || c == 0x17B5
        || c == 0x180E || c == 0x3164 || c == 0xFEFF || c == 0xFFA0)
        return true;
    if ((c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x206F))
        return true;
    const QChar::Category category = QChar::category(c);
    return category == QChar::Other_Control || category == QChar::Other_Format
        || category == QChar::Other_PrivateUse || category == QChar::Other_NotAssigned;
}

void checkNormalized(const NormalizedText &n)
{
    const QString &s = n.cleaned;
    check(s == s.trimmed(), "cleaned is trimmed");
    check(!s.contains(u"  "_s), "cleaned has no double space");
    for (qsizetype i = 0; i < s.size(); ++i) {
        const QChar c = s.at(i);
        char32_t code = c.unicode();
        if (c.isHighSurrogate()) {
            check(i + 1 < s.size() && s.at(i + 1).isLowSurrogate(), "cleaned has no lone high surrogate");
            code = QChar::surrogateToUcs4(c, s.at(i + 1));
            ++i;
        } else {
            check(!c.isLowSurrogate(), "cleaned has no lone low surrogate");
        }
        check(code != u'\t' && code != u'\n' && code != u'\r', "cleaned has no tab or line break");
        if (code == 0x200D) {
            // Kept to join an emoji sequence. The normaliser decides from the
            // raw neighbours, so a ZWJ whose next character is then removed
            // (an unassigned or private-use astral code point) stays behind;
            // strictMode() holds it to "an astral symbol follows in the output".
            if (strictMode())
                check(i + 1 < s.size() && s.at(i + 1).isHighSurrogate(), "a kept ZWJ joins an emoji");
            continue;
        }
        check(!isHiddenCharacter(code), "cleaned has no invisible, control or format character");
    }
    if (strictMode()) {
        check(TextNormalizer::clean(s) == s, "clean() is idempotent");
    } else {
        QString withoutZwj = s;
        withoutZwj.remove(QChar(0x200D));
        QString againWithoutZwj = TextNormalizer::clean(s);
        againWithoutZwj.remove(QChar(0x200D));
        check(againWithoutZwj == withoutZwj, "clean() is idempotent (emoji joiners aside)");
    }

    for (const QChar c : n.folded)
        check(c == u' ' || c.isLetterOrNumber(), "folded holds only letters, digits and spaces");
    check(n.folded == n.folded.trimmed() && !n.folded.contains(u"  "_s), "folded spaces are single");
    for (const QString &word : n.words) {
        check(!word.isEmpty(), "no empty word");
        for (const QChar c : word)
            check(c.isLetterOrNumber(), "words hold only letters and digits");
    }
    check(n.joined == n.words.join(u' '), "joined is the words joined by spaces");
}

void checkRedaction(const QString &text)
{
    const PiiRedactor &redactor = checks().redactor;
    const QList<PiiMatch> found = redactor.find(text);
    qsizetype previousEnd = 0;
    QString expected;
    QList<PiiKind> kinds;
    qsizetype placeholderChars = 0;
    for (const PiiMatch &m : found) {
        check(m.length > 0, "a PII finding is not empty");
        check(m.start >= previousEnd, "PII findings are sorted and do not overlap");
        check(m.start + m.length <= text.size(), "a PII finding is inside the text");
        expected += QStringView(text).mid(previousEnd, m.start - previousEnd);
        expected += PiiRedactor::placeholder(m.kind);
        placeholderChars += PiiRedactor::placeholder(m.kind).size();
        previousEnd = m.start + m.length;
        if (!kinds.contains(m.kind))
            kinds << m.kind;
        check(!PiiRedactor::kindName(m.kind).isEmpty(), "every kind has a name");
    }
    expected += QStringView(text).mid(previousEnd);

    const Redaction r = redactor.redact(text);
    check(r.text.size() <= text.size() + placeholderChars, "redacted text is not longer than input + placeholders");
    check(r.text == expected, "redact() replaces exactly the findings of find()");
    check(r.count == found.size(), "redaction count matches the findings");
    check(r.changed == !found.isEmpty(), "changed iff something was found");
    check(r.kinds == kinds, "kinds in order of first appearance");
    if (found.isEmpty())
        check(r.text == text, "nothing found: text unchanged");
}

void checkInjection(const QString &raw, const NormalizedText &n)
{
    const InjectionDetector &detector = checks().injection;
    const InjectionFinding f = detector.check(n);
    check(std::isfinite(f.score) && f.score >= 0.0 && f.score <= 1.0, "injection score in [0, 1]");
    check(f.detected == (f.score >= InjectionDetector::kThreshold), "detected == score >= threshold");
    check(f.rule.isEmpty() || checks().ruleNames.contains(f.rule), "injection rule is a known rule");
    check(!f.detected || !f.rule.isEmpty(), "a detection names its rule");
    check(f.evidence.size() <= 80, "injection evidence at most 80 characters");

    const InjectionFinding again = detector.checkText(raw);
    check(again.detected == f.detected && again.score == f.score && again.rule == f.rule,
          "checkText(x) == check(normalize(x))");
}

void checkModeration(const ModerationFinding &f)
{
    check(std::isfinite(f.score) && f.score >= 0.0 && f.score <= 1.0, "moderation score in [0, 1]");
    check(f.flagged == !f.categories.isEmpty(), "flagged iff it names a category");
    for (qsizetype i = 0; i < f.categories.size(); ++i) {
        check(checks().categories.contains(f.categories.at(i)), "moderation category is known");
        if (i > 0)
            check(f.categories.at(i - 1) < f.categories.at(i), "categories sorted and distinct");
    }
    if (f.flagged)
        check(f.score >= checks().moderator->lexicon().flagThreshold, "a flag reaches the flag threshold");
}

// The kiosk's input screen on one message, then the output check on it as if
// it were a sentence of a reply.
void screen(const QString &raw)
{
    Checks &c = checks();
    const NormalizedText n = c.normalizer.normalize(raw);
    checkNormalized(n);
    check(n.cleaned == detail::cleanGeneral(raw), "clean() == the general cleaning");
    check(detail::foldLetters(n.cleaned) == detail::foldLettersGeneral(n.cleaned),
          "letter fold == the general fold");

    checkRedaction(raw); // robust to text that was not normalised
    checkRedaction(n.cleaned);
    const Redaction r = c.redactor.redact(n.cleaned);
    const NormalizedText screened = r.changed ? c.normalizer.normalize(r.text) : n;
    if (r.changed)
        checkNormalized(screened);

    checkInjection(raw, n);
    if (r.changed)
        checkInjection(r.text, screened);

    checkModeration(c.moderator->checkInput(screened));
    checkModeration(c.moderator->checkOutput(n));

    for (const QString &word : n.words) {
        const QStringList variants = TextNormalizer::repeatVariants(word);
        check(variants.isEmpty() || variants.size() == 2, "repeatVariants gives none or two");
        for (const QString &v : variants)
            check(v.size() < word.size(), "a repeat variant is shorter");
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static QCoreApplication *app = nullptr; // QRegularExpression/QLocale need no app, but Qt is happier with one
    if (!app)
        app = new QCoreApplication(*argc, *argv);
    checks();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto *bytes = reinterpret_cast<const char *>(data);
    screen(QString::fromUtf8(bytes, qsizetype(size)));

    QString utf16(qsizetype(size / 2), Qt::Uninitialized);
    for (size_t i = 0; i + 1 < size; i += 2)
        utf16[qsizetype(i / 2)] = QChar(char16_t(data[i] | (data[i + 1] << 8)));
    screen(utf16);
    return 0;
}
