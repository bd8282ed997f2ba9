#include "storage/knowledgerepository.h"
#include "storage/jsonlist.h"

#include "conversation/questionkey.h"
#include "core/logging.h"
#include "storage/database.h"
#include "storage/sqlstatement.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <utility>
#include <tuple>

using namespace Qt::StringLiterals;

namespace zk::storage {

using persona::KnowledgeEntry;

namespace {

// ---- seeding ----------------------------------------------------------------


QStringList fromJsonArray(const QString &json)
{
    QStringList list;
    const QJsonArray array = QJsonDocument::fromJson(json.toUtf8()).array();
    for (const QJsonValue &value : array)
        list.append(value.toString());
    return list;
}

// Everything stored of one entry, as one comparable string.
QString fingerprint(const QString &key, const QString &language, const QString &topic, const QString &questions,
                    const QString &keywords, const QString &answer, int contentVersion)
{
    return QStringList{key, language, topic, questions, keywords, answer, QString::number(contentVersion)}
        .join(QChar(0x1F));
}

QString fingerprint(const KnowledgeEntry &e)
{
    return fingerprint(e.key, e.language, e.topic, toJsonArray(e.questions), toJsonArray(e.keywords), e.answer,
                       e.contentVersion);
}

// Whether the stored entries (and their index rows) of `animalId` are exactly `expected`.
Result<bool> isCurrent(const QSqlDatabase &db, const QString &animalId, const QSet<QString> &expected)
{
    Statement q(db, u"SELECT entry_key, language, topic, questions, keywords, answer, content_version "
                    "FROM knowledge_entries WHERE animal_id = ?"_s);
    q.bind(animalId);
    if (!q.exec())
        return q.error(u"Cannot read the knowledge of animal %1"_s.arg(animalId));
    QSet<QString> stored;
    int rows = 0;
    while (q.next()) {
        ++rows;
        stored.insert(fingerprint(q.text(0), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5), q.integer(6)));
    }
    if (stored != expected || rows != expected.size())
        return false;

    // The index must hold exactly the same rows.
    Statement fts(db, u"SELECT count(*), sum(e.id IS NOT NULL) FROM knowledge_fts f "
                      "LEFT JOIN knowledge_entries e ON e.id = f.rowid AND e.animal_id = f.animal_id "
                      "AND e.language = f.language WHERE f.animal_id = ?"_s);
    fts.bind(animalId);
    if (!fts.exec() || !fts.next())
        return fts.error(u"Cannot read the knowledge index of animal %1"_s.arg(animalId));
    return fts.integer(0) == rows && fts.integer(1) == rows;
}

Status replaceAnimal(const QSqlDatabase &db, const QString &animalId, const QList<const KnowledgeEntry *> &entries)
{
    Statement clearIndex(db, u"DELETE FROM knowledge_fts WHERE animal_id = ?"_s);
    clearIndex.bind(animalId);
    if (!clearIndex.exec())
        return clearIndex.error(u"Cannot clear the knowledge index of animal %1"_s.arg(animalId));
    Statement clear(db, u"DELETE FROM knowledge_entries WHERE animal_id = ?"_s);
    clear.bind(animalId);
    if (!clear.exec())
        return clear.error(u"Cannot clear the knowledge of animal %1"_s.arg(animalId));

    // Prepared once for all the animal's entries.
    Statement insert(db, u"INSERT INTO knowledge_entries (animal_id, entry_key, language, topic, questions, "
                         "keywords, answer, content_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s);
    Statement index(db, u"INSERT INTO knowledge_fts (rowid, animal_id, language, questions, keywords, answer) "
                        "VALUES (?, ?, ?, ?, ?, ?)"_s);
    for (const KnowledgeEntry *e : entries) {
        const QString what = u"knowledge entry %1 (%2) of animal %3"_s.arg(e->key, e->language, animalId);
        insert.bind(animalId)
            .bind(sqlText(e->key))
            .bind(sqlText(e->language))
            .bind(sqlText(e->topic))
            .bind(toJsonArray(e->questions))
            .bind(toJsonArray(e->keywords))
            .bind(sqlText(e->answer))
            .bind(e->contentVersion);
        if (!insert.exec())
            return insert.error(u"Cannot write "_s + what);

        index.bind(insert.lastInsertId())
            .bind(animalId)
            .bind(sqlText(e->language))
            .bind(e->questions.join(u'\n'))
            .bind(e->keywords.join(u' '))
            .bind(sqlText(e->answer));
        if (!index.exec())
            return index.error(u"Cannot index "_s + what);
    }
    return {};
}

// ---- matching ---------------------------------------------------------------

// Words that carry little of what a question is about: they rank, but never
// alone make an entry relevant ("Do you like pizza?" is not about the entry
// "What do you like to do?"). Question words and numbers belong here too: a
// question made only of them must find its very words ("Who are you?").
// Without diacritics, as searchTerms() gives them.
bool isWeakWord(const QString &term, const QString &language)
{
    static const QSet<QString> english = {
        u"like"_s, u"likes"_s, u"liked"_s, u"love"_s, u"loves"_s, u"want"_s, u"wants"_s, u"wanna"_s,
        u"think"_s, u"know"_s, u"thing"_s, u"things"_s, u"something"_s, u"anything"_s, u"stuff"_s,
        u"tell"_s, u"say"_s, u"take"_s, u"many"_s, u"much"_s, u"who"_s, u"where"_s, u"when"_s, u"why"_s,
        u"one"_s, u"two"_s, u"three"_s, u"four"_s, u"five"_s, u"six"_s, u"seven"_s, u"eight"_s, u"nine"_s,
        u"ten"_s,
    };
    static const QSet<QString> spanish = {
        u"gusta"_s, u"gustan"_s, u"gustaria"_s, u"encanta"_s, u"encantan"_s, u"quieres"_s, u"quiero"_s,
        u"quiere"_s, u"quieren"_s, u"mucho"_s, u"mucha"_s, u"muchos"_s, u"muchas"_s,
        u"cosa"_s, u"cosas"_s, u"algo"_s, u"dime"_s, u"cuentame"_s, u"sabes"_s, u"tienes"_s, u"tiene"_s,
        u"quien"_s, u"quienes"_s, u"donde"_s, u"cuando"_s, u"cual"_s, u"cuanto"_s, u"cuanta"_s,
        u"cuantos"_s, u"cuantas"_s, u"dos"_s, u"tres"_s, u"cuatro"_s, u"cinco"_s, u"seis"_s, u"siete"_s,
        u"ocho"_s, u"nueve"_s, u"diez"_s,
    };
    if (language == u"en"_s)
        return english.contains(term);
    if (language == u"es"_s)
        return spanish.contains(term);
    return false;
}

bool isVowel(QChar c)
{
    return QStringView(u"aeiouy").contains(c);
}

// Drops a trailing double consonant left by a removed suffix: "runn" -> "run".
QString undouble(QString stem)
{
    const qsizetype n = stem.size();
    if (n >= 4 && stem.at(n - 1) == stem.at(n - 2) && !isVowel(stem.at(n - 1))
        && !QStringView(u"lsfz").contains(stem.at(n - 1)))
        stem.chop(1);
    return stem;
}

// A light suffix strip so the prefix query also finds the other forms of a
// word ("eating" -> eat*, "babies" -> bab*, "comen" -> come*, "animales" ->
// animal*). Never shorter than three characters; the caller prefix-matches it.
QString prefixStem(const QString &term, const QString &language)
{
    const qsizetype n = term.size();
    QString stem = term;
    if (language == u"en"_s) {
        if (n >= 5 && term.endsWith(u"ies"_s))
            stem = term.left(n - 3);
        else if (n >= 6 && term.endsWith(u"ing"_s))
            stem = undouble(term.left(n - 3));
        else if (n >= 7 && term.endsWith(u"est"_s))
            stem = undouble(term.left(n - 3));
        else if (n >= 5 && term.endsWith(u"ed"_s))
            stem = undouble(term.left(n - 2));
        else if (n >= 5 && (term.endsWith(u"ches"_s) || term.endsWith(u"shes"_s) || term.endsWith(u"xes"_s)
                            || term.endsWith(u"sses"_s)))
            stem = term.left(n - 2);
        else if (n >= 4 && term.endsWith(u's') && !term.endsWith(u"ss"_s) && !term.endsWith(u"us"_s)
                 && !term.endsWith(u"is"_s))
            stem = term.left(n - 1);
    } else if (language == u"es"_s) {
        // An infinitive with a pronoun attached: ayudarte -> ayudar, comerlo -> comer.
        static const QRegularExpression enclitic(u"^(.{2,}[aei]r)(me|te|se|lo|la|le|nos|los|las|les)$"_s);
        if (const auto m = enclitic.match(stem); m.hasMatch())
            stem = m.captured(1);
        const qsizetype len = stem.size();
        if (len >= 5 && (stem.endsWith(u"ar"_s) || stem.endsWith(u"er"_s)))
            stem.chop(1);                                 // saltar -> salta*, comer -> come*
        else if (len >= 5 && stem.endsWith(u"ir"_s))
            stem.chop(2);                                 // vivir -> viv*, subir -> sub*
        else if (n >= 5 && term.endsWith(u"es"_s) && QStringView(u"lnrdzj").contains(term.at(n - 3)))
            stem = term.left(n - 2);                      // animales -> animal
        else if (n >= 4 && term.endsWith(u's'))
            stem = term.left(n - 1);                      // comes -> come, garras -> garra
        else if (n >= 5 && (term.endsWith(u"en"_s) || term.endsWith(u"an"_s)))
            stem = term.left(n - 1);                      // comen -> come, cazan -> caza
    }
    return stem.size() >= 3 ? stem : term;
}

struct Term
{
    QString word;     // as searchTerms() gave it
    QString prefix;   // what is matched
    bool isPrefix;    // prefix match (three characters or more) or whole word
    bool weakWord;

    // Stricter than the FTS prefix query, which only gathers candidates: a
    // short prefix may not stand for a much longer word ("mas" is not "mascota").
    bool matches(const QString &token) const
    {
        if (!isPrefix)
            return token == prefix;
        const qsizetype maxExtra = prefix.size() >= 4 ? 5 : 3;
        return token.startsWith(prefix) && token.size() - prefix.size() <= maxExtra;
    }
};

QString ftsQuote(const QString &s)
{
    QString escaped = s;
    escaped.replace(u'"', u"\"\""_s);
    return u'"' + escaped + u'"';
}

// The MATCH expression: every term a quoted string (so FTS5 operators and
// syntax characters in the visitor's text are only ever words), prefix terms
// followed by *, OR-combined.
QString matchExpression(const QList<Term> &terms)
{
    QStringList parts;
    for (const Term &t : terms)
        parts.append(t.isPrefix ? ftsQuote(t.prefix) + u'*' : ftsQuote(t.prefix));
    return parts.join(u" OR "_s);
}

struct Candidate
{
    QString key;
    QString answer;
    double bm25 = 0;              // FTS5: lower (more negative) is better
    QSet<QString> questionWords;
    QSet<QString> keywordWords;
    int strongMatched = 0;        // distinctive terms found in the questions or keywords
    int anchored = 0;             // distinctive terms found in both: the entry is about them
    int exactMatched = 0;         // terms found as the very word the visitor used
    int about = 0;                // terms, distinctive or not, in both questions and keywords
    bool relevant = false;
};

bool anyMatch(const Term &t, const QSet<QString> &words)
{
    return std::any_of(words.cbegin(), words.cend(), [&t](const QString &w) { return t.matches(w); });
}

QSet<QString> wordsOf(const QString &jsonList)
{
    const QStringList words = conversation::searchTerms(fromJsonArray(jsonList).join(u' '), QString());
    return QSet<QString>(words.cbegin(), words.cend());
}

// A term used by more than this share of an animal's entries says little
// about which one is meant ("panda" for the red panda).
constexpr double kCommonShare = 0.25;
constexpr int kMinCommonCount = 3;

} // namespace

Result<int> KnowledgeRepository::seed(const QList<KnowledgeEntry> &entries)
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();

    QStringList animalIds;
    QHash<QString, QList<const KnowledgeEntry *>> byAnimal;
    for (const KnowledgeEntry &e : entries) {
        if (e.animalId.isEmpty() || e.key.isEmpty() || e.language.isEmpty() || e.answer.trimmed().isEmpty())
            return makeError(u"Knowledge entry %1 (%2) of animal %3 lacks an animal, key, language or answer"_s
                                 .arg(e.key, e.language, e.animalId));
        if (!byAnimal.contains(e.animalId))
            animalIds.append(e.animalId);
        byAnimal[e.animalId].append(&e);
    }

    ScopedTransaction tx(*db);
    int written = 0;
    for (const QString &animalId : std::as_const(animalIds)) {
        Statement exists(*db, u"SELECT 1 FROM animals WHERE id = ?"_s);
        exists.bind(animalId);
        if (!exists.exec())
            return exists.error(u"Cannot look up animal %1"_s.arg(animalId));
        if (!exists.next()) {
            qCWarning(lcDb).noquote() << "Knowledge for unknown animal" << animalId << "skipped";
            continue;
        }

        const QList<const KnowledgeEntry *> &animalEntries = byAnimal.value(animalId);
        QSet<QString> expected;
        for (const KnowledgeEntry *e : animalEntries)
            expected.insert(fingerprint(*e));
        if (expected.size() != animalEntries.size())
            return makeError(u"Knowledge of animal %1 repeats an entry"_s.arg(animalId));
        const auto current = isCurrent(*db, animalId, expected);
        if (!current)
            return current.error();
        if (*current)
            continue;

        if (const Status replaced = replaceAnimal(*db, animalId, animalEntries); !replaced)
            return replaced.error();
        written += int(animalEntries.size());
        qCInfo(lcDb).noquote() << "Knowledge of" << animalId << "seeded:" << animalEntries.size() << "entries";
    }
    if (const Status committed = tx.commit(); !committed)
        return committed.error();
    return written;
}

Status KnowledgeRepository::ensureSeeded() const
{
    if (!m_seeder)
        return {};
    const auto seeder = std::exchange(m_seeder, nullptr); // once, even when it fails
    return seeder();
}

Result<std::optional<KnowledgeRepository::Match>>
KnowledgeRepository::bestMatch(const QString &animalId, const QString &language, const QString &question) const
{
    using MaybeMatch = std::optional<Match>;
    if (const Status seeded = ensureSeeded(); !seeded)
        return seeded.error();
    auto db = openConnection(m_db);
    if (!db)
        return db.error();

    QList<Term> terms;
    for (const QString &word : conversation::searchTerms(question, language)) {
        const QString stem = prefixStem(word, language);
        const bool isPrefix = stem.size() >= 3;
        terms.append(Term{word, stem, isPrefix, isWeakWord(word, language)});
    }
    if (terms.isEmpty())
        return MaybeMatch();

    Statement q(*db, u"SELECT e.entry_key, e.answer, bm25(knowledge_fts, 0.0, 0.0, 10.0, 6.0, 1.0) AS score, "
                     "e.questions, e.keywords, "
                     "(SELECT count(*) FROM knowledge_entries n WHERE n.animal_id = ? AND n.language = ?) "
                     "FROM knowledge_fts JOIN knowledge_entries e ON e.id = knowledge_fts.rowid "
                     "WHERE knowledge_fts MATCH ? AND knowledge_fts.animal_id = ? AND knowledge_fts.language = ? "
                     "ORDER BY score"_s);
    q.bind(animalId).bind(language).bind(matchExpression(terms)).bind(animalId).bind(language);
    if (!q.exec())
        return q.error(u"Cannot search the knowledge of animal %1"_s.arg(animalId));

    QList<Candidate> candidates;
    int entryCount = 0;
    while (q.next()) {
        Candidate c;
        c.key = q.text(0);
        c.answer = q.text(1);
        c.bm25 = q.value(2).toDouble();
        c.questionWords = wordsOf(q.text(3));
        c.keywordWords = wordsOf(q.text(4));
        entryCount = q.integer(5);
        candidates.append(std::move(c));
    }
    if (candidates.isEmpty())
        return MaybeMatch();

    // How many entries use each term in their questions or keywords. Every
    // such entry matched the OR query, so the candidates hold them all.
    const int commonLimit = std::max(kMinCommonCount, int(entryCount * kCommonShare));
    QList<bool> strong(terms.size());
    int strongCount = 0;
    int unknownCount = 0;
    for (qsizetype i = 0; i < terms.size(); ++i) {
        const Term &t = terms.at(i);
        const auto uses = std::count_if(candidates.cbegin(), candidates.cend(), [&t](const Candidate &c) {
            return anyMatch(t, c.questionWords) || anyMatch(t, c.keywordWords);
        });
        strong[i] = !t.weakWord && uses <= commonLimit;
        strongCount += strong[i] ? 1 : 0;
        unknownCount += (strong[i] && uses == 0) ? 1 : 0;
    }

    for (Candidate &c : candidates) {
        for (qsizetype i = 0; i < terms.size(); ++i) {
            const Term &t = terms.at(i);
            const bool inQuestions = anyMatch(t, c.questionWords);
            const bool inKeywords = anyMatch(t, c.keywordWords);
            if (!inQuestions && !inKeywords)
                continue;
            c.strongMatched += strong[i] ? 1 : 0;
            c.anchored += (strong[i] && inQuestions && inKeywords) ? 1 : 0;
            c.about += (inQuestions && inKeywords) ? 1 : 0;
            c.exactMatched += (c.questionWords.contains(t.word) || c.keywordWords.contains(t.word)) ? 1 : 0;
        }
        // Relevance. With distinctive terms in the question, the entry must
        // share at least one. When the question also has words this animal's
        // knowledge never uses ("phone number", "homework"), it must share at
        // least as many, and be about one of them (in its questions and its
        // keywords). With only generic or common words, it must share them all,
        // as the very words used ("who" or "¿quién?", not "¿cuánto?" for "cuántos").
        if (strongCount == 0)
            c.relevant = c.exactMatched == terms.size();
        else
            c.relevant = c.strongMatched >= std::max(1, unknownCount) && (unknownCount == 0 || c.anchored > 0);
    }

    const Candidate *best = nullptr;
    for (const Candidate &c : std::as_const(candidates)) {
        if (!c.relevant)
            continue;
        // More distinctive terms shared first, then more of the visitor's
        // very words, then more terms the entry is about, then bm25
        // (candidates come in bm25 order).
        if (!best
            || std::tuple(c.strongMatched, c.exactMatched, c.about)
                > std::tuple(best->strongMatched, best->exactMatched, best->about))
            best = &c;
    }
    if (!best)
        return MaybeMatch();
    return MaybeMatch(Match{best->key, best->answer, -best->bm25});
}

Result<int> KnowledgeRepository::count(const QString &animalId, const QString &language) const
{
    if (const Status seeded = ensureSeeded(); !seeded)
        return seeded.error();
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    Statement q(*db, u"SELECT count(*) FROM knowledge_entries WHERE (? = '' OR animal_id = ?) "
                     "AND (? = '' OR language = ?)"_s);
    q.bind(sqlText(animalId)).bind(sqlText(animalId)).bind(sqlText(language)).bind(sqlText(language));
    if (!q.exec() || !q.next())
        return q.error(u"Cannot count knowledge entries"_s);
    return q.integer(0);
}

} // namespace zk::storage
