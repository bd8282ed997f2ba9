#include "storage/repositories.h"
#include "storage/jsonlist.h"

#include "core/ids.h"
#include "core/logging.h"
#include "storage/database.h"
#include "storage/sqlstatement.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace zk::storage {

using namespace Qt::StringLiterals;
using persona::Animal;
using persona::AnimalText;
using persona::GuardrailRule;
using persona::RuleType;

namespace {

// ---- helpers shared by the repositories (Statement, openConnection: sqlstatement.h)

QVariant text(const QString &value)
{
    return sqlText(value);
}

// Empty is stored as NULL (unique keys, "global").
QVariant optionalText(const QString &value)
{
    return sqlOptionalText(value);
}

QVariant flag(bool value)
{
    return value ? 1 : 0;
}

int sqlLimit(int limit)
{
    return limit > 0 ? limit : -1; // SQLite: a negative LIMIT means none
}


QStringList stringList(const QString &json, QStringView column)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(json.toUtf8(), &error);
    if (!doc.isArray()) {
        qCWarning(lcDb).noquote() << "Column" << column << "is not a JSON array:" << error.errorString();
        return {};
    }
    QStringList list;
    for (const QJsonValue &value : doc.array())
        list.append(value.toString());
    return list;
}

std::optional<Severity> parseSeverity(const QString &name)
{
    for (Severity s : {Severity::Info, Severity::Warning, Severity::Error, Severity::Critical}) {
        if (severityName(s) == name)
            return s;
    }
    return std::nullopt;
}

Status insertUsage(const QSqlDatabase &db, const UsageRecord &usage)
{
    Statement q(db, u"INSERT INTO usage (turn_id, conversation_id, model, purpose, prompt_tokens, "
                    "completion_tokens, estimated, created_at, cost_usd) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    q.bind(optionalText(usage.turnId))
        .bind(optionalText(usage.conversationId))
        .bind(text(usage.model))
        .bind(text(usage.purpose))
        .bind(usage.promptTokens)
        .bind(usage.completionTokens)
        .bind(flag(usage.estimated))
        .bind(usage.createdAt.isEmpty() ? isoNow() : usage.createdAt)
        // cost_usd has CHECK (cost_usd >= 0); NaN or a negative price must not lose the row.
        .bind(usage.costUsd > 0.0 ? usage.costUsd : 0.0);
    if (!q.exec())
        return q.error(u"Cannot store a usage record"_s);
    return {};
}

// ---- animals ----------------------------------------------------------------

const QString kTextColumns = u"animal_id, language, name, title, species, personality, facts, "
                             "conservation_status, suggested_questions, emergency_message"_s;

// Texts by animal id, in the order they were written (rowid).
Result<QHash<QString, QList<AnimalText>>> loadTexts(const QSqlDatabase &db, const QString &animalId)
{
    Statement q(db, u"SELECT "_s + kTextColumns + u" FROM animal_texts WHERE (? = '' OR animal_id = ?) ORDER BY rowid"_s);
    q.bind(text(animalId)).bind(text(animalId));
    if (!q.exec())
        return q.error(u"Cannot read animal texts"_s);
    QHash<QString, QList<AnimalText>> texts;
    while (q.next()) {
        AnimalText t;
        t.language = q.text(1);
        t.name = q.text(2);
        t.title = q.text(3);
        t.species = q.text(4);
        t.personality = q.text(5);
        t.facts = stringList(q.text(6), u"animal_texts.facts");
        t.conservationStatus = q.text(7);
        t.suggestedQuestions = stringList(q.text(8), u"animal_texts.suggested_questions");
        t.emergencyMessage = q.text(9);
        texts[q.text(0)].append(std::move(t));
    }
    return texts;
}

Result<QList<Animal>> loadAnimals(const QSqlDatabase &db, const QString &id, bool activeOnly)
{
    Statement q(db, u"SELECT id, art, active, sort_order, staff_edited, content_hash FROM animals "
                    "WHERE (? = '' OR id = ?) AND (? = 0 OR active = 1) ORDER BY sort_order, id"_s);
    q.bind(text(id)).bind(text(id)).bind(flag(activeOnly));
    if (!q.exec())
        return q.error(u"Cannot read animals"_s);
    QList<Animal> animals;
    while (q.next()) {
        Animal a;
        a.id = q.text(0);
        a.art = q.text(1);
        a.active = q.flag(2);
        a.sortOrder = q.integer(3);
        a.staffEdited = q.flag(4);
        a.contentHash = q.text(5);
        animals.append(std::move(a));
    }
    if (animals.isEmpty())
        return animals;

    auto texts = loadTexts(db, id);
    if (!texts)
        return texts.error();
    for (Animal &a : animals)
        a.texts = texts->value(a.id);
    return animals;
}

// Writes the animal row (keeping created_at of an existing one) and replaces
// its texts. The caller holds the transaction.
Status writeAnimal(const QSqlDatabase &db, const Animal &animal, bool staffEdited)
{
    const QString now = isoNow();
    // An upsert, not INSERT OR REPLACE: a REPLACE deletes the row first, which
    // would cascade to the animal's rules and trip its conversations' keys.
    Statement upsert(db, u"INSERT INTO animals (id, art, active, sort_order, staff_edited, content_hash, "
                         "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                         "ON CONFLICT (id) DO UPDATE SET art = excluded.art, active = excluded.active, "
                         "sort_order = excluded.sort_order, staff_edited = excluded.staff_edited, "
                         "content_hash = excluded.content_hash, updated_at = excluded.updated_at"_s);
    upsert.bind(text(animal.id))
        .bind(text(animal.art))
        .bind(flag(animal.active))
        .bind(animal.sortOrder)
        .bind(flag(staffEdited))
        .bind(text(animal.contentHash))
        .bind(now)
        .bind(now);
    if (!upsert.exec())
        return upsert.error(u"Cannot write animal %1"_s.arg(animal.id));

    Statement clear(db, u"DELETE FROM animal_texts WHERE animal_id = ?"_s);
    clear.bind(animal.id);
    if (!clear.exec())
        return clear.error(u"Cannot replace the texts of animal %1"_s.arg(animal.id));

    for (const AnimalText &t : animal.texts) {
        Statement insert(db, u"INSERT INTO animal_texts ("_s + kTextColumns
                                 + u") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
        insert.bind(animal.id)
            .bind(text(t.language))
            .bind(text(t.name))
            .bind(text(t.title))
            .bind(text(t.species))
            .bind(text(t.personality))
            .bind(toJsonArray(t.facts))
            .bind(text(t.conservationStatus))
            .bind(toJsonArray(t.suggestedQuestions))
            .bind(text(t.emergencyMessage));
        if (!insert.exec())
            return insert.error(u"Cannot write the %1 text of animal %2"_s.arg(t.language, animal.id));
    }
    return {};
}

// ---- guardrail rules --------------------------------------------------------

const QString kRuleColumns = u"id, animal_id, type, text, active, seed_key"_s;
// "By type" follows the RuleType order, the order the prompt lists them in.
const QString kRuleTypeOrder =
    u"CASE type WHEN 'ALWAYS' THEN 0 WHEN 'NEVER' THEN 1 WHEN 'ENCOURAGE' THEN 2 ELSE 3 END"_s;

GuardrailRule readRule(const Statement &q)
{
    GuardrailRule r;
    r.id = q.integer64(0);
    r.animalId = q.text(1);
    if (!persona::parseRuleType(q.text(2), &r.type))
        qCWarning(lcDb).noquote() << "Guardrail rule" << r.id << "has an unknown type" << q.text(2);
    r.text = q.text(3);
    r.active = q.flag(4);
    r.seedKey = q.text(5);
    return r;
}

// Runs `q` and reads every row with `readRow`.
template <typename T>
Result<QList<T>> readAll(Statement &q, T (*readRow)(const Statement &), const QString &what)
{
    if (!q.exec())
        return q.error(u"Cannot read "_s + what);
    QList<T> rows;
    while (q.next())
        rows.append(readRow(q));
    return rows;
}

Result<QList<GuardrailRule>> readRules(Statement &q)
{
    return readAll(q, &readRule, u"guardrail rules"_s);
}

QString seededRuleKey(const QString &seedKey)
{
    return u"seeded_rule:"_s + seedKey;
}

// ---- turns ------------------------------------------------------------------

const QString kTurnColumns =
    u"id, conversation_id, seq, visitor_text, reply, source, status, model, prompt_version, "
    "prompt_tokens, completion_tokens, usage_estimated, first_token_ms, latency_ms, blocked, "
    "risk_score, block_categories, block_layer, error_kind, request_id, created_at, finished_at, escalated, "
    "personal_data"_s;

Turn readTurn(const Statement &q)
{
    Turn t;
    t.id = q.text(0);
    t.conversationId = q.text(1);
    t.seq = q.integer(2);
    t.visitorText = q.text(3);
    t.reply = q.text(4);
    if (const auto source = parseReplySource(q.text(5)))
        t.source = *source;
    else
        qCWarning(lcDb).noquote() << "Turn has an unknown source" << q.text(5);
    if (const auto status = parseTurnStatus(q.text(6)))
        t.status = *status;
    else
        qCWarning(lcDb).noquote() << "Turn has an unknown status" << q.text(6);
    t.model = q.text(7);
    t.promptVersion = q.text(8);
    t.promptTokens = q.integer(9);
    t.completionTokens = q.integer(10);
    t.usageEstimated = q.flag(11);
    if (!q.value(12).isNull())
        t.firstTokenMs = q.integer64(12);
    t.latencyMs = q.integer64(13);
    t.blocked = q.flag(14);
    t.riskScore = q.value(15).toDouble();
    t.blockCategories = q.text(16);
    t.blockLayer = q.text(17);
    t.errorKind = q.text(18);
    t.requestId = q.text(19);
    t.createdAt = q.text(20);
    t.finishedAt = q.text(21);
    t.escalated = q.flag(22);
    t.personalData = q.text(23);
    return t;
}

Result<QList<Turn>> readTurns(Statement &q)
{
    return readAll(q, &readTurn, u"turns"_s);
}

Conversation readConversation(const Statement &q)
{
    Conversation c;
    c.id = q.text(0);
    c.animalId = q.text(1);
    c.language = q.text(2);
    c.startedAt = q.text(3);
    c.endedAt = q.text(4);
    return c;
}

} // namespace

// ---- AnimalRepository -------------------------------------------------------

Result<QList<Animal>> AnimalRepository::list(bool activeOnly) const
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    return loadAnimals(*db, QString(), activeOnly);
}

Result<std::optional<Animal>> AnimalRepository::find(const QString &id) const
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    if (id.isEmpty())
        return std::optional<Animal>();
    auto animals = loadAnimals(*db, id, false);
    if (!animals)
        return animals.error();
    if (animals->isEmpty())
        return std::optional<Animal>();
    return std::optional<Animal>(animals->first());
}

Result<bool> AnimalRepository::seedDefault(const Animal &animal)
{
    auto written = seedDefaults({animal});
    if (!written)
        return written.error();
    return *written > 0;
}

Result<int> AnimalRepository::seedDefaults(const QList<Animal> &animals)
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    for (const Animal &animal : animals) {
        if (animal.id.isEmpty())
            return makeError(u"Cannot seed an animal without an id"_s);
    }

    ScopedTransaction tx(*db);
    if (!tx.active())
        return makeError(u"Cannot seed the default animals: no transaction"_s);
    QStringList seeded;
    for (const Animal &animal : animals) {
        Statement existing(*db, u"SELECT staff_edited, content_hash FROM animals WHERE id = ?"_s);
        existing.bind(animal.id);
        if (!existing.exec())
            return existing.error(u"Cannot read animal %1"_s.arg(animal.id));
        if (existing.next() && (existing.flag(0) || existing.text(1) == animal.contentHash))
            continue; // staff's version, or already this content
        if (Status st = writeAnimal(*db, animal, false); !st)
            return st.error();
        seeded << animal.id;
    }
    if (Status st = tx.commit(); !st)
        return st.error();
    if (!seeded.isEmpty())
        qCInfo(lcDb).noquote() << "Seeded animals:" << seeded.join(u", "_s);
    return int(seeded.size());
}

Status AnimalRepository::saveEdited(const Animal &animal)
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    if (animal.id.isEmpty())
        return makeError(u"Cannot save an animal without an id"_s);

    ScopedTransaction tx(*db);
    if (!tx.active())
        return makeError(u"Cannot save animal %1: no transaction"_s.arg(animal.id));
    if (Status st = writeAnimal(*db, animal, true); !st)
        return st;
    return tx.commit();
}

// ---- GuardrailRepository ----------------------------------------------------

Result<QList<GuardrailRule>> GuardrailRepository::activeFor(const QString &animalId) const
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    Statement q(*db, u"SELECT "_s + kRuleColumns + u" FROM guardrail_rules "
                     "WHERE active = 1 AND (animal_id IS NULL OR animal_id = ?) ORDER BY "_s
                     + kRuleTypeOrder + u", id"_s);
    q.bind(text(animalId));
    return readRules(q);
}

Result<QList<GuardrailRule>> GuardrailRepository::all() const
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    // Global rules first (NULL sorts first), then by animal, type and id.
    Statement q(*db, u"SELECT "_s + kRuleColumns + u" FROM guardrail_rules ORDER BY animal_id, "_s
                     + kRuleTypeOrder + u", id"_s);
    return readRules(q);
}

Result<bool> GuardrailRepository::seedDefault(const GuardrailRule &rule)
{
    auto written = seedDefaults({rule});
    if (!written)
        return written.error();
    return *written > 0;
}

Result<int> GuardrailRepository::seedDefaults(const QList<GuardrailRule> &rules)
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    for (const GuardrailRule &rule : rules) {
        if (rule.seedKey.isEmpty())
            return makeError(u"A default guardrail rule needs a seed key"_s);
    }

    ScopedTransaction tx(*db);
    if (!tx.active())
        return makeError(u"Cannot seed the default guardrail rules: no transaction"_s);

    // Seen before (even if staff deleted it since), or present: leave it.
    Statement seen(*db, u"SELECT 1 FROM settings WHERE key = ? "
                        "UNION ALL SELECT 1 FROM guardrail_rules WHERE seed_key = ?"_s);
    Statement insert(*db, u"INSERT INTO guardrail_rules (animal_id, type, text, active, seed_key, "
                          "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"_s);
    Statement mark(*db, u"INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) "
                        "ON CONFLICT (key) DO NOTHING"_s);
    const QString now = isoNow();
    int written = 0;
    for (const GuardrailRule &rule : rules) {
        seen.bind(seededRuleKey(rule.seedKey)).bind(rule.seedKey);
        if (!seen.exec())
            return seen.error(u"Cannot read guardrail rule %1"_s.arg(rule.seedKey));
        QString ruleId;
        if (!seen.next()) {
            insert.bind(optionalText(rule.animalId))
                .bind(persona::ruleTypeName(rule.type))
                .bind(text(rule.text))
                .bind(flag(rule.active))
                .bind(rule.seedKey)
                .bind(now)
                .bind(now);
            if (!insert.exec())
                return insert.error(u"Cannot seed guardrail rule %1"_s.arg(rule.seedKey));
            ruleId = QString::number(insert.lastInsertId());
            ++written;
        }
        mark.bind(seededRuleKey(rule.seedKey)).bind(text(ruleId)).bind(now);
        if (!mark.exec())
            return mark.error(u"Cannot record seeded guardrail rule %1"_s.arg(rule.seedKey));
    }

    if (Status st = tx.commit(); !st)
        return st.error();
    return written;
}

Result<qint64> GuardrailRepository::save(const GuardrailRule &rule)
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    const QString now = isoNow();

    if (rule.id == 0) {
        Statement insert(*db, u"INSERT INTO guardrail_rules (animal_id, type, text, active, seed_key, "
                              "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"_s);
        insert.bind(optionalText(rule.animalId))
            .bind(persona::ruleTypeName(rule.type))
            .bind(text(rule.text))
            .bind(flag(rule.active))
            .bind(optionalText(rule.seedKey))
            .bind(now)
            .bind(now);
        if (!insert.exec())
            return insert.error(u"Cannot add a guardrail rule"_s);
        return insert.lastInsertId();
    }

    // The seed key is the identity of a shipped default: never changed here.
    Statement update(*db, u"UPDATE guardrail_rules SET animal_id = ?, type = ?, text = ?, active = ?, "
                          "updated_at = ? WHERE id = ?"_s);
    update.bind(optionalText(rule.animalId))
        .bind(persona::ruleTypeName(rule.type))
        .bind(text(rule.text))
        .bind(flag(rule.active))
        .bind(now)
        .bind(rule.id);
    if (!update.exec())
        return update.error(u"Cannot update guardrail rule %1"_s.arg(rule.id));
    if (update.rowsAffected() == 0)
        return makeError(u"No guardrail rule with id %1"_s.arg(rule.id));
    return rule.id;
}

Status GuardrailRepository::remove(qint64 id)
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    Statement q(*db, u"DELETE FROM guardrail_rules WHERE id = ?"_s);
    q.bind(id);
    if (!q.exec())
        return q.error(u"Cannot delete guardrail rule %1"_s.arg(id));
    if (q.rowsAffected() == 0)
        return makeError(u"No guardrail rule with id %1"_s.arg(id));
    return {};
}

// ---- ConversationRepository -------------------------------------------------

Result<Conversation> ConversationRepository::create(const QString &animalId, const QString &language)
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    Conversation c;
    c.id = newId();
    c.animalId = animalId;
    c.language = language;
    c.startedAt = isoNow();

    Statement q(*db, u"INSERT INTO conversations (id, animal_id, language, started_at, ended_at) "
                     "VALUES (?, ?, ?, ?, NULL)"_s);
    q.bind(c.id).bind(text(c.animalId)).bind(text(c.language)).bind(c.startedAt);
    if (!q.exec())
        return q.error(u"Cannot start a conversation with %1"_s.arg(animalId));
    return c;
}

Result<std::optional<Conversation>> ConversationRepository::find(const QString &id) const
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    Statement q(*db, u"SELECT id, animal_id, language, started_at, ended_at FROM conversations WHERE id = ?"_s);
    q.bind(text(id));
    if (!q.exec())
        return q.error(u"Cannot read a conversation"_s);
    if (!q.next())
        return std::optional<Conversation>();
    return std::optional<Conversation>(readConversation(q));
}

Status ConversationRepository::end(const QString &id)
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    Statement q(*db, u"UPDATE conversations SET ended_at = ? WHERE id = ? AND ended_at IS NULL"_s);
    q.bind(isoNow()).bind(text(id));
    if (!q.exec())
        return q.error(u"Cannot end a conversation"_s);
    if (q.rowsAffected() > 0)
        return {};

    // Already ended is fine; unknown is a caller bug.
    auto existing = find(id);
    if (!existing)
        return existing.error();
    if (!existing->has_value())
        return makeError(u"No conversation with id %1"_s.arg(id));
    return {};
}

Result<Turn> ConversationRepository::saveTurn(Turn turn, const std::optional<UsageRecord> &usage)
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    if (turn.conversationId.isEmpty())
        return makeError(u"A turn needs a conversation id"_s);
    if (turn.id.isEmpty())
        turn.id = newId();
    if (turn.createdAt.isEmpty())
        turn.createdAt = isoNow();
    if (turn.finishedAt.isEmpty())
        turn.finishedAt = isoNow();

    // IMMEDIATE transaction: the seq read and the insert cannot interleave
    // with another writer.
    ScopedTransaction tx(*db);
    if (!tx.active())
        return makeError(u"Cannot store a turn: no transaction"_s);

    Statement next(*db, u"SELECT COALESCE(MAX(seq), 0) + 1 FROM turns WHERE conversation_id = ?"_s);
    next.bind(turn.conversationId);
    if (!next.exec() || !next.next())
        return next.error(u"Cannot number a turn"_s);
    turn.seq = next.integer(0);

    Statement insert(*db, u"INSERT INTO turns ("_s + kTurnColumns
                              + u") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    insert.bind(turn.id)
        .bind(turn.conversationId)
        .bind(turn.seq)
        .bind(text(turn.visitorText))
        .bind(text(turn.reply))
        .bind(replySourceName(turn.source))
        .bind(turnStatusName(turn.status))
        .bind(text(turn.model))
        .bind(text(turn.promptVersion))
        .bind(turn.promptTokens)
        .bind(turn.completionTokens)
        .bind(flag(turn.usageEstimated))
        .bind(turn.firstTokenMs ? QVariant(*turn.firstTokenMs) : QVariant(QMetaType::fromType<qint64>()))
        .bind(turn.latencyMs)
        .bind(flag(turn.blocked))
        .bind(turn.riskScore)
        .bind(text(turn.blockCategories))
        .bind(text(turn.blockLayer))
        .bind(text(turn.errorKind))
        .bind(text(turn.requestId))
        .bind(turn.createdAt)
        .bind(turn.finishedAt)
        .bind(flag(turn.escalated))
        .bind(text(turn.personalData));
    if (!insert.exec())
        return insert.error(u"Cannot store a turn"_s);
    Statement index(*db, u"INSERT INTO turns_fts (rowid, visitor_text, reply) VALUES (?, ?, ?)"_s);
    index.bind(insert.lastInsertId()).bind(text(turn.visitorText)).bind(text(turn.reply));
    if (!index.exec())
        return index.error(u"Cannot index a turn for search"_s);

    if (usage) {
        UsageRecord record = *usage;
        if (record.turnId.isEmpty())
            record.turnId = turn.id;
        if (record.conversationId.isEmpty())
            record.conversationId = turn.conversationId;
        if (record.createdAt.isEmpty())
            record.createdAt = turn.finishedAt;
        if (Status st = insertUsage(*db, record); !st)
            return st.error();
    }

    Statement done(*db, u"DELETE FROM pending_turns WHERE id = ?"_s);
    done.bind(turn.id);
    if (!done.exec())
        return done.error(u"Cannot clear the in-flight entry of a turn"_s);

    if (Status st = tx.commit(); !st)
        return st.error();
    return turn;
}

Status ConversationRepository::beginPending(const Turn &turn)
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    Statement q(*db, u"INSERT INTO pending_turns (id, conversation_id, visitor_text, shown_text, prompt_version, "
                     "model, created_at, updated_at) VALUES (?, ?, ?, '', ?, ?, ?, ?)"_s);
    q.bind(turn.id).bind(turn.conversationId).bind(text(turn.visitorText)).bind(text(turn.promptVersion))
        .bind(text(turn.model)).bind(turn.createdAt.isEmpty() ? isoNow() : turn.createdAt).bind(isoNow());
    if (!q.exec())
        return q.error(u"Cannot record a turn in flight"_s);
    return {};
}

Status ConversationRepository::updatePending(const QString &turnId, const QString &shownText)
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    Statement q(*db, u"UPDATE pending_turns SET shown_text = ?, updated_at = ? WHERE id = ?"_s);
    q.bind(text(shownText)).bind(isoNow()).bind(turnId);
    if (!q.exec())
        return q.error(u"Cannot update a turn in flight"_s);
    return {};
}

Result<int> ConversationRepository::recoverPending()
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    QList<Turn> interrupted;
    {
        Statement q(*db, u"SELECT id, conversation_id, visitor_text, shown_text, prompt_version, model, created_at, "
                         "updated_at FROM pending_turns ORDER BY created_at"_s);
        if (!q.exec())
            return q.error(u"Cannot read the turns in flight"_s);
        while (q.next()) {
            Turn t;
            t.id = q.text(0);
            t.conversationId = q.text(1);
            t.visitorText = q.text(2);
            t.reply = q.text(3);
            t.promptVersion = q.text(4);
            t.model = q.text(5);
            t.createdAt = q.text(6);
            t.finishedAt = q.text(7);
            t.source = ReplySource::Model;
            t.status = TurnStatus::Failed;
            t.errorKind = u"interrupted"_s;
            interrupted << t;
        }
    }
    for (const Turn &t : std::as_const(interrupted)) {
        // saveTurn stores the turn and removes its journal entry atomically.
        if (auto saved = saveTurn(t, std::nullopt); !saved)
            return saved.error();
    }
    return int(interrupted.size());
}

Result<QList<Turn>> ConversationRepository::turns(const QString &conversationId) const
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    Statement q(*db, u"SELECT "_s + kTurnColumns + u" FROM turns WHERE conversation_id = ? ORDER BY seq"_s);
    q.bind(text(conversationId));
    return readTurns(q);
}

Result<QList<Turn>> ConversationRepository::history(const QString &conversationId, int limit) const
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    if (conversationId.isEmpty()) {
        // Ties on created_at fall back to insertion order (rowid).
        Statement q(*db, u"SELECT "_s + kTurnColumns
                             + u" FROM turns ORDER BY created_at DESC, rowid DESC LIMIT ?"_s);
        q.bind(sqlLimit(limit));
        return readTurns(q);
    }
    Statement q(*db, u"SELECT "_s + kTurnColumns
                         + u" FROM turns WHERE conversation_id = ? ORDER BY seq DESC LIMIT ?"_s);
    q.bind(conversationId).bind(sqlLimit(limit));
    return readTurns(q);
}

namespace {

// The visitor's search words as an FTS5 query: each word quoted (so no
// search text is read as FTS5 syntax) and all of them required, the last
// one as a prefix ("bamb" finds "bamboo").
QString ftsQuery(const QString &search)
{
    QStringList terms;
    QString word;
    const auto flush = [&] {
        if (!word.isEmpty())
            terms << u'"' + word + u'"';
        word.clear();
    };
    for (const QChar c : search) {
        if (c.isLetterOrNumber())
            word += c;
        else
            flush();
    }
    flush();
    if (terms.isEmpty())
        return {};
    terms.last() += u'*';
    return terms.join(u' ');
}

} // namespace

Result<ConversationRepository::TurnCounts> ConversationRepository::countTurns(const QDate &from, const QDate &to) const
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    QStringList where;
    QVariantList values;
    // created_at is ISO-8601 UTC text: dates compare as prefixes (turns_created index).
    if (from.isValid()) {
        where << u"created_at >= ?"_s;
        values << from.toString(Qt::ISODate);
    }
    if (to.isValid()) {
        where << u"created_at < ?"_s;
        values << to.addDays(1).toString(Qt::ISODate);
    }
    QString sql = u"SELECT COUNT(*), COALESCE(SUM(blocked), 0) FROM turns"_s;
    if (!where.isEmpty())
        sql += u" WHERE "_s + where.join(u" AND "_s);
    Statement q(*db, sql);
    for (const QVariant &v : std::as_const(values))
        q.bind(v);
    if (!q.exec() || !q.next())
        return q.error(u"Cannot count the stored turns"_s);
    return TurnCounts{q.integer(0), q.integer(1)};
}

Result<QList<HistoryRow>> ConversationRepository::query(const HistoryFilter &filter) const
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    QStringList where;
    QVariantList values;
    if (!filter.conversationId.isEmpty()) {
        where << u"t.conversation_id = ?"_s;
        values << filter.conversationId;
    }
    if (!filter.animalId.isEmpty()) {
        where << u"c.animal_id = ?"_s;
        values << filter.animalId;
    }
    // created_at is ISO-8601 UTC text: dates compare as prefixes.
    if (filter.from.isValid()) {
        where << u"t.created_at >= ?"_s;
        values << filter.from.toString(Qt::ISODate);
    }
    if (filter.to.isValid()) {
        where << u"t.created_at < ?"_s;
        values << filter.to.addDays(1).toString(Qt::ISODate);
    }
    if (filter.source) {
        where << u"t.source = ?"_s;
        values << replySourceName(*filter.source);
    }
    if (filter.blockedOnly)
        where << u"t.blocked = 1"_s;
    if (!filter.search.trimmed().isEmpty()) {
        const QString match = ftsQuery(filter.search);
        if (match.isEmpty())
            return QList<HistoryRow>(); // only punctuation: nothing can match
        where << u"t.rowid IN (SELECT rowid FROM turns_fts WHERE turns_fts MATCH ?)"_s;
        values << match;
    }
    QString sql = u"SELECT "_s;
    for (const QString &column : kTurnColumns.split(u", "_s))
        sql += u"t."_s + column + u", "_s;
    sql += u"c.animal_id, c.language FROM turns t JOIN conversations c ON c.id = t.conversation_id"_s;
    if (!where.isEmpty())
        sql += u" WHERE "_s + where.join(u" AND "_s);
    sql += u" ORDER BY t.created_at DESC, t.rowid DESC LIMIT ?"_s;
    values << sqlLimit(filter.limit);

    Statement q(*db, sql);
    for (const QVariant &v : std::as_const(values))
        q.bind(v);
    if (!q.exec())
        return q.error(u"Cannot search the stored conversations"_s);
    QList<HistoryRow> rows;
    while (q.next()) {
        HistoryRow row;
        row.turn = readTurn(q);
        row.animalId = q.text(24);
        row.language = q.text(25);
        rows << row;
    }
    return rows;
}

Result<int> ConversationRepository::purgeOlderThan(const QDateTime &cutoff)
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    const QString before = cutoff.toUTC().toString(Qt::ISODateWithMs);
    ScopedTransaction tx(*db);
    if (!tx.active())
        return makeError(u"Cannot purge old turns: no transaction"_s);
    // Usage rows stay for the cost figures (their turn_id becomes NULL).
    Statement index(*db, u"DELETE FROM turns_fts WHERE rowid IN (SELECT rowid FROM turns WHERE created_at < ?)"_s);
    index.bind(before);
    if (!index.exec())
        return index.error(u"Cannot purge the search index"_s);
    Statement turns(*db, u"DELETE FROM turns WHERE created_at < ?"_s);
    turns.bind(before);
    if (!turns.exec())
        return turns.error(u"Cannot purge old turns"_s);
    const int removed = turns.rowsAffected();
    // Conversations with no turn left and nothing newer.
    Statement empty(*db, u"DELETE FROM conversations WHERE started_at < ? AND NOT EXISTS "
                         "(SELECT 1 FROM turns WHERE turns.conversation_id = conversations.id) AND NOT EXISTS "
                         "(SELECT 1 FROM pending_turns WHERE pending_turns.conversation_id = conversations.id)"_s);
    empty.bind(before);
    if (!empty.exec())
        return empty.error(u"Cannot purge old conversations"_s);
    if (const Status committed = tx.commit(); !committed)
        return committed.error();
    return removed;
}

Result<std::optional<Summary>> ConversationRepository::latestSummary(const QString &conversationId) const
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    Statement q(*db, u"SELECT id, conversation_id, through_seq, text, model, created_at FROM summaries "
                     "WHERE conversation_id = ? ORDER BY through_seq DESC, id DESC LIMIT 1"_s);
    q.bind(text(conversationId));
    if (!q.exec())
        return q.error(u"Cannot read the summary of a conversation"_s);
    if (!q.next())
        return std::optional<Summary>();
    Summary s;
    s.id = q.integer64(0);
    s.conversationId = q.text(1);
    s.throughSeq = q.integer(2);
    s.text = q.text(3);
    s.model = q.text(4);
    s.createdAt = q.text(5);
    return std::optional<Summary>(std::move(s));
}

Status ConversationRepository::saveSummary(const Summary &summary, const std::optional<UsageRecord> &usage)
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    const QString createdAt = summary.createdAt.isEmpty() ? isoNow() : summary.createdAt;

    ScopedTransaction tx(*db);
    if (!tx.active())
        return makeError(u"Cannot store a summary: no transaction"_s);

    Statement insert(*db, u"INSERT INTO summaries (conversation_id, through_seq, text, model, created_at) "
                          "VALUES (?, ?, ?, ?, ?)"_s);
    insert.bind(text(summary.conversationId))
        .bind(summary.throughSeq)
        .bind(text(summary.text))
        .bind(text(summary.model))
        .bind(createdAt);
    if (!insert.exec())
        return insert.error(u"Cannot store a summary"_s);

    if (usage) {
        UsageRecord record = *usage;
        if (record.conversationId.isEmpty())
            record.conversationId = summary.conversationId;
        if (record.createdAt.isEmpty())
            record.createdAt = createdAt;
        if (Status st = insertUsage(*db, record); !st)
            return st;
    }
    return tx.commit();
}

Status ConversationRepository::rememberPromptVersion(const QString &hash, const QString &animalId,
                                                     const QString &text)
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    Statement q(*db, u"INSERT INTO prompt_versions (hash, animal_id, text, created_at) VALUES (?, ?, ?, ?) "
                     "ON CONFLICT (hash) DO NOTHING"_s);
    q.bind(zk::storage::text(hash)).bind(zk::storage::text(animalId)).bind(zk::storage::text(text)).bind(isoNow());
    if (!q.exec())
        return q.error(u"Cannot store prompt version %1"_s.arg(hash));
    return {};
}

// ---- EventRepository --------------------------------------------------------

Result<qint64> EventRepository::record(Event event)
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    if (event.createdAt.isEmpty())
        event.createdAt = isoNow();
    Statement q(*db, u"INSERT INTO events (created_at, severity, category, kind, message, conversation_hash, "
                     "request_id, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s);
    q.bind(event.createdAt)
        .bind(severityName(event.severity))
        .bind(text(event.category))
        .bind(text(event.kind))
        .bind(text(event.message))
        .bind(text(event.conversationHash))
        .bind(text(event.requestId))
        .bind(optionalText(event.detailsJson));
    if (!q.exec())
        return q.error(u"Cannot record event %1"_s.arg(event.kind));
    event.id = q.lastInsertId();
    if (onRecorded)
        onRecorded(event);
    return event.id;
}

Result<int> EventRepository::purgeOlderThan(const QDateTime &cutoff)
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    Statement q(*db, u"DELETE FROM events WHERE created_at < ?"_s);
    q.bind(cutoff.toUTC().toString(Qt::ISODateWithMs));
    if (!q.exec())
        return q.error(u"Cannot purge old events"_s);
    return q.rowsAffected();
}

Result<QList<Event>> EventRepository::recent(int limit) const
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    Statement q(*db, u"SELECT id, created_at, severity, category, kind, message, conversation_hash, request_id, "
                     "details FROM events ORDER BY created_at DESC, id DESC LIMIT ?"_s);
    q.bind(sqlLimit(limit));
    if (!q.exec())
        return q.error(u"Cannot read events"_s);
    QList<Event> events;
    while (q.next()) {
        Event e;
        e.id = q.integer64(0);
        e.createdAt = q.text(1);
        if (const auto severity = parseSeverity(q.text(2)))
            e.severity = *severity;
        else
            qCWarning(lcDb).noquote() << "Event" << e.id << "has an unknown severity" << q.text(2);
        e.category = q.text(3);
        e.kind = q.text(4);
        e.message = q.text(5);
        e.conversationHash = q.text(6);
        e.requestId = q.text(7);
        e.detailsJson = q.text(8);
        events.append(std::move(e));
    }
    return events;
}

} // namespace zk::storage
