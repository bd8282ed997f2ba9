#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

namespace zk::safety {

// The kinds of personal data the kiosk never lets leave the machine.
enum class PiiKind {
    Email,       // "ana@example.com", "ana at gmail dot com", "ana arroba gmail punto com"
    Phone,       // US/Canada, Spain, Mexico, trunk-0 ("020 7946 0958"), any "+CC"/"00CC"; 7+ digits after "my phone", "llámame"
    Card,        // payment card, 13-19 digits, Luhn-checked, issuer digit 2-6
    Ssn,         // US social security number (valid areas only); any number right after "social security"/"seguro social"
    IdNumber,    // Spanish DNI/NIE (check letter validated), Mexican CURP/RFC, numbers right after "passport", "DNI", ...
    Iban,        // IBAN of a known country with the right length and a valid mod-97 check
    BankAccount, // Mexican CLABE (18 digits, check digit validated)
    Ip,          // IPv4 address
    Address,     // street address, English ("123 Main Street") and Spanish ("Calle Mayor 5", "C/ Alcalá 23, 3º B")
};

// One finding: a span of the text given to PiiRedactor::find().
struct PiiMatch
{
    PiiKind kind = PiiKind::Phone;
    qsizetype start = 0;
    qsizetype length = 0;

    friend bool operator==(const PiiMatch &, const PiiMatch &) = default;
};

struct Redaction
{
    // The text with every finding replaced by its placeholder ("[phone]").
    QString text;
    // The distinct kinds found, in order of first appearance.
    QList<PiiKind> kinds;
    // How many spans were replaced.
    int count = 0;
    // Whether anything was replaced (the UI then reminds the visitor, kindly,
    // to keep personal things private; the conversation goes on).
    bool changed = false;

    bool contains(PiiKind kind) const { return kinds.contains(kind); }
    // kinds as their stable names ("email", "phone", ...), for logs and storage.
    QStringList kindNames() const;
};

// Finds personal data in a visitor's message (English and Spanish formats) and
// replaces it with short bracketed placeholders the model can read. Pure,
// stateless and thread-safe; run it on the cleaned (NFKC) text before anything
// is sent, stored or logged. Also robust to text that was not normalised:
// fullwidth and other Unicode decimal digits, fullwidth punctuation, Unicode
// dashes and no-break spaces are read as their ASCII forms (offsets are those
// of the given text).
//
// Precision comes first: a false redaction would garble a child's question,
// so numbers are only taken for personal data when their shape, check digits
// or the words right before them say so. Quantities ("100 to 300 kg",
// "10,000 years", "2.5 metres"), years, times, dates and room numbers pass.
class PiiRedactor
{
public:
    Redaction redact(const QString &text) const;

    // The findings in `text`: sorted by start, never overlapping.
    QList<PiiMatch> find(const QString &text) const;

    // The stable name of a kind: "email", "phone", "card", "ssn", "id_number",
    // "iban", "bank_account", "ip", "address".
    static QString kindName(PiiKind kind);
    // What replaces a finding: "[email]", "[phone]", "[card number]",
    // "[id number]" (SSN, DNI, NIE, CURP, ...), "[bank account]",
    // "[ip address]", "[address]".
    static QString placeholder(PiiKind kind);

    // The checks behind the patterns, exposed for tests. Separators (spaces,
    // dashes, dots) in the argument are skipped; letters may be any case.
    static bool luhnValid(QStringView digits);
    static bool dniValid(QStringView dni);   // 8 digits + letter (mod 23)
    static bool nieValid(QStringView nie);   // X/Y/Z + 7 digits + letter (mod 23)
    static bool ibanValid(QStringView iban); // known country, its length, mod 97 == 1
    static bool clabeValid(QStringView clabe); // 18 digits, weights 3-7-1
};

} // namespace zk::safety
