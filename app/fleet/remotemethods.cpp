#include "fleet/remotemethods.h"

#include "admin/animaledit.h"
#include "admin/staffedits.h"
#include "admin/staffqueries.h"
#include "core/jsonviews.h"
#include "core/kioskcore.h"
#include "cost/budgetguard.h"
#include "llm/circuitbreaker.h"
#include "storage/repositories.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <optional>

using namespace Qt::StringLiterals;

namespace zk::fleet {

namespace {

rpc::Failure invalid(const QString &message)
{
    return rpc::Failure{rpc::InvalidParams, u"Invalid params: "_s + message, {}};
}

rpc::Failure notFound(const QString &message)
{
    return rpc::Failure{rpc::NotFound, message, {}};
}

rpc::Failure serverError(const Error &error)
{
    return rpc::Failure{rpc::ServerError, u"The kiosk could not do it: "_s + error.message, {}};
}

// Typed access to params: the first wrong type or unknown name is kept and
// reported once.
class Params
{
public:
    Params(const QJsonObject &params, QStringList allowed) : m_params(params)
    {
        for (auto it = params.begin(); it != params.end(); ++it)
            if (!allowed.contains(it.key())) {
                fail(u"unknown param \"%1\" (expected: %2)"_s.arg(it.key(), allowed.join(u", "_s)));
                break;
            }
    }

    std::optional<QString> string(const QString &name, bool required = false)
    {
        const QJsonValue v = m_params.value(name);
        if (v.isUndefined() || v.isNull()) {
            if (required)
                fail(u"\"%1\" is required (a string)"_s.arg(name));
            return std::nullopt;
        }
        if (!v.isString()) {
            fail(u"\"%1\" must be a string"_s.arg(name));
            return std::nullopt;
        }
        return v.toString();
    }

    std::optional<bool> boolean(const QString &name, bool required = false)
    {
        const QJsonValue v = m_params.value(name);
        if (v.isUndefined() || v.isNull()) {
            if (required)
                fail(u"\"%1\" is required (true or false)"_s.arg(name));
            return std::nullopt;
        }
        if (!v.isBool()) {
            fail(u"\"%1\" must be true or false"_s.arg(name));
            return std::nullopt;
        }
        return v.toBool();
    }

    std::optional<qint64> integer(const QString &name, qint64 min, qint64 max, bool required = false)
    {
        const QJsonValue v = m_params.value(name);
        if (v.isUndefined() || v.isNull()) {
            if (required)
                fail(u"\"%1\" is required (a whole number)"_s.arg(name));
            return std::nullopt;
        }
        const double d = v.toDouble();
        if (!v.isDouble() || d != double(qint64(d)) || d < double(min) || d > double(max)) {
            fail(u"\"%1\" must be a whole number from %2 to %3"_s.arg(name).arg(min).arg(max));
            return std::nullopt;
        }
        return qint64(d);
    }

    QJsonValue raw(const QString &name) const { return m_params.value(name); }
    void fail(const QString &message)
    {
        if (m_problem.isEmpty())
            m_problem = message;
    }
    bool ok() const { return m_problem.isEmpty(); }
    rpc::Failure failure() const { return invalid(m_problem); }

private:
    const QJsonObject &m_params;
    QString m_problem;
};

QString language(Params &p)
{
    const QString lang = p.string(u"language"_s).value_or(u"en"_s);
    if (lang != u"en" && lang != u"es")
        p.fail(u"\"language\" must be \"en\" or \"es\""_s);
    return lang;
}

const QStringList &methodNames()
{
    static const QStringList names = {u"status.get"_s,     u"animals.list"_s,   u"animals.upsert"_s,
                                      u"guardrails.list"_s, u"guardrails.upsert"_s, u"emergency.set"_s,
                                      u"breaker.reset"_s,  u"config.get"_s,     u"config.set"_s,
                                      u"history.query"_s,  u"usage.get"_s};
    return names;
}

} // namespace

RemoteMethods::RemoteMethods(KioskCore &core) : m_core(core)
{
    m_uptime.start();
}

bool RemoteMethods::isKnown(const QString &method)
{
    return methodNames().contains(method);
}

QStringList RemoteMethods::names()
{
    return methodNames();
}

Result<QJsonValue, rpc::Failure> RemoteMethods::call(const QString &method, const QJsonObject &params,
                                                     const QString &peer)
{
    const QString who = u"remote console "_s + peer;
    Reply reply = rpc::Failure{rpc::MethodNotFound, u"Method not found: "_s + method, {}};
    if (method == u"status.get")
        reply = statusGet(params);
    else if (method == u"animals.list")
        reply = animalsList(params);
    else if (method == u"guardrails.list")
        reply = guardrailsList(params);
    else if (method == u"animals.upsert")
        reply = animalsUpsert(params, who);
    else if (method == u"guardrails.upsert")
        reply = guardrailsUpsert(params, who);
    else if (method == u"emergency.set")
        reply = emergencySet(params, who);
    else if (method == u"breaker.reset")
        reply = breakerReset(params, who);
    else if (method == u"config.get")
        reply = configGet(params);
    else if (method == u"config.set")
        reply = configSet(params, who);
    else if (method == u"history.query")
        reply = historyQuery(params);
    else if (method == u"usage.get")
        reply = usageGet(params);
    else
        return reply;

    // Every call is recorded with the peer's address. A console polls the
    // read-only methods (its fleet table, a history view) many times a
    // minute, so a successful read is recorded once per peer and method a
    // minute, with how many calls it stands for; changes and refusals are
    // recorded one by one.
    flushReads(false);
    if (reply && isReadOnly(method)) {
        const QString address = peer.left(peer.lastIndexOf(u':'));
        ReadTally &tally = m_reads[address + u' ' + method];
        tally.method = method;
        tally.peer = peer;
        ++tally.calls;
        if (tally.since.isValid() && tally.since.elapsed() < kReadRecordIntervalMs)
            return reply;
        tally.since.start();
        recordCall(method, peer, who, reply, std::exchange(tally.calls, 0));
        return reply;
    }
    recordCall(method, peer, who, reply, 1);
    return reply;
}

RemoteMethods::~RemoteMethods()
{
    flushReads(true);
}

// Records the reads a console made since their last record once the
// interval has passed (or all of them, at the end), so that a console that
// stops polling still has its last calls counted.
void RemoteMethods::flushReads(bool all)
{
    for (auto it = m_reads.begin(); it != m_reads.end(); ++it) {
        ReadTally &tally = it.value();
        if (tally.calls > 0 && (all || tally.since.elapsed() >= kReadRecordIntervalMs)) {
            tally.since.start();
            recordCall(tally.method, tally.peer, u"remote console "_s + tally.peer, QJsonValue(),
                       std::exchange(tally.calls, 0));
        }
    }
}

void RemoteMethods::recordCall(const QString &method, const QString &peer, const QString &who, const Reply &reply,
                               int calls)
{
    storage::Event event;
    event.severity = reply ? storage::Severity::Info : storage::Severity::Warning;
    event.category = u"remote"_s;
    event.kind = u"remote_call"_s;
    event.message = !reply    ? u"%1 by %2 refused: %3"_s.arg(method, who, reply.error().message.left(300))
                    : calls > 1 ? u"%1 by %2 (%3 calls since the last record)."_s.arg(method, who).arg(calls)
                                : u"%1 by %2."_s.arg(method, who);
    event.detailsJson = QString::fromUtf8(
        QJsonDocument(QJsonObject{{u"peer"_s, peer}, {u"method"_s, method}, {u"ok"_s, bool(reply)},
                                  {u"calls"_s, calls}})
            .toJson(QJsonDocument::Compact));
    (void)m_core.events().record(event);
}

bool RemoteMethods::isReadOnly(const QString &method)
{
    return method == u"status.get" || method == u"animals.list" || method == u"guardrails.list"
           || method == u"config.get" || method == u"history.query" || method == u"usage.get";
}

RemoteMethods::Reply RemoteMethods::statusGet(const QJsonObject &params)
{
    Params p(params, {u"events"_s});
    const qint64 lastEvents = p.integer(u"events"_s, 0, 100).value_or(10);
    if (!p.ok())
        return p.failure();
    const cost::BudgetStatus budget = m_core.budget().status();
    QJsonArray events;
    if (const auto recent = m_core.events().recent(int(lastEvents)); recent && lastEvents > 0)
        for (const storage::Event &e : recent.value())
            events.append(eventJson(e));
    return QJsonValue(QJsonObject{
        {u"version"_s, QStringLiteral(ZK_VERSION)},
        {u"uptimeSeconds"_s, double(m_uptime.elapsed() / 1000)},
        {u"screen"_s, m_screen ? m_screen() : u"headless"_s},
        {u"emergencyMode"_s, m_core.emergencyMode()},
        {u"online"_s, m_core.online()},
        {u"breaker"_s, breakerJson(m_core.breaker().snapshot(), m_core.endpointName())},
        {u"budget"_s, QJsonObject{{u"spentTodayUsd"_s, budget.spentTodayUsd},
                                  {u"dailyUsd"_s, budget.dailyUsd},
                                  {u"spentMonthUsd"_s, budget.spentMonthUsd},
                                  {u"monthlyUsd"_s, budget.monthlyUsd},
                                  {u"exhausted"_s, budget.exhausted}}},
        {u"lastEvents"_s, events},
    });
}

RemoteMethods::Reply RemoteMethods::animalsList(const QJsonObject &params)
{
    Params p(params, {u"language"_s});
    const QString lang = language(p);
    if (!p.ok())
        return p.failure();
    const auto list = m_core.animals().list(false);
    if (!list)
        return serverError(list.error());
    QJsonArray array;
    for (const persona::Animal &a : list.value())
        array.append(animalJson(a, lang));
    return QJsonValue(array);
}

// {"id", "language"?, "active"?, "fields"?: {"name": "...", "facts": ["..."], ...}}: an existing animal's
// texts and visibility (new animals come with the kiosk's content, with their art).
RemoteMethods::Reply RemoteMethods::animalsUpsert(const QJsonObject &params, const QString &who)
{
    Params p(params, {u"id"_s, u"language"_s, u"active"_s, u"fields"_s});
    const QString id = p.string(u"id"_s, true).value_or(QString());
    const QString lang = language(p);
    const std::optional<bool> active = p.boolean(u"active"_s);
    const QJsonValue fields = p.raw(u"fields"_s);
    if (!fields.isUndefined() && !fields.isObject())
        p.fail(u"\"fields\" must be an object of field: value"_s);
    if (p.ok() && !active && fields.toObject().isEmpty())
        p.fail(u"nothing to change: give \"active\" or \"fields\""_s);
    if (!p.ok())
        return p.failure();
    const auto found = m_core.animals().find(id);
    if (!found)
        return serverError(found.error());
    if (!found.value())
        return notFound(u"unknown animal \"%1\""_s.arg(id));
    persona::Animal animal = *found.value();
    const QJsonObject edits = fields.toObject();
    for (auto it = edits.begin(); it != edits.end(); ++it) {
        QString value;
        if (it.value().isString())
            value = it.value().toString();
        else if (it.value().isArray())
            value = QString::fromUtf8(QJsonDocument(it.value().toArray()).toJson(QJsonDocument::Compact));
        else
            return invalid(u"field \"%1\" must be a text or an array of texts"_s.arg(it.key()));
        if (const Status s = admin::applyAnimalEdit(animal, lang, it.key(), value); !s)
            return invalid(s.error().message);
    }
    if (active)
        animal.active = *active;
    if (const auto saved = admin::saveAnimal(m_core, animal, who); !saved)
        return serverError(saved.error());
    return QJsonValue(animalJson(animal, lang));
}

RemoteMethods::Reply RemoteMethods::guardrailsList(const QJsonObject &params)
{
    Params p(params, {u"animal"_s});
    const QString animal = p.string(u"animal"_s).value_or(QString());
    if (!p.ok())
        return p.failure();
    const auto all = m_core.rules().all();
    if (!all)
        return serverError(all.error());
    QJsonArray array;
    for (const persona::GuardrailRule &r : all.value())
        if (animal.isEmpty() || r.animalId.isEmpty() || r.animalId == animal)
            array.append(guardrailJson(r));
    return QJsonValue(array);
}

// {"id"?: n (absent: a new rule), "type"?: "NEVER", "animal"?: "tiger" | null (global), "text"?, "active"?}
RemoteMethods::Reply RemoteMethods::guardrailsUpsert(const QJsonObject &params, const QString &who)
{
    Params p(params, {u"id"_s, u"type"_s, u"animal"_s, u"text"_s, u"active"_s});
    const std::optional<qint64> id = p.integer(u"id"_s, 1, std::numeric_limits<int>::max());
    const std::optional<QString> typeName = p.string(u"type"_s);
    const bool animalGiven = params.contains(u"animal"_s);
    const std::optional<QString> animal = p.string(u"animal"_s);
    const std::optional<QString> text = p.string(u"text"_s);
    const std::optional<bool> active = p.boolean(u"active"_s);
    persona::RuleType type = persona::RuleType::Always;
    if (typeName && !persona::parseRuleType(typeName->toUpper(), &type))
        p.fail(u"\"type\" must be ALWAYS, NEVER, ENCOURAGE or DISCOURAGE"_s);
    if (p.ok() && !id && (!typeName || !text))
        p.fail(u"a new guardrail needs \"type\" and \"text\""_s);
    if (!p.ok())
        return p.failure();
    if (animal && !animal->isEmpty()) {
        const auto found = m_core.animals().find(*animal);
        if (!found)
            return serverError(found.error());
        if (!found.value())
            return notFound(u"unknown animal \"%1\""_s.arg(*animal));
    }
    persona::GuardrailRule rule;
    if (id) {
        const auto all = m_core.rules().all();
        if (!all)
            return serverError(all.error());
        const auto it = std::find_if(all.value().cbegin(), all.value().cend(),
                                     [&](const persona::GuardrailRule &r) { return r.id == *id; });
        if (it == all.value().cend())
            return notFound(u"no guardrail with id %1"_s.arg(*id));
        rule = *it;
    }
    if (typeName)
        rule.type = type;
    if (animalGiven)
        rule.animalId = animal.value_or(QString());
    if (text)
        rule.text = *text;
    if (active)
        rule.active = *active;
    if (const Status s = admin::validateGuardrail(rule); !s)
        return invalid(s.error().message);
    const auto saved = admin::saveGuardrail(m_core, rule, who);
    if (!saved)
        return serverError(saved.error());
    rule.id = saved.value();
    rule.text = rule.text.trimmed();
    return QJsonValue(guardrailJson(rule));
}

RemoteMethods::Reply RemoteMethods::emergencySet(const QJsonObject &params, const QString &who)
{
    Params p(params, {u"on"_s});
    const bool on = p.boolean(u"on"_s, true).value_or(false);
    if (!p.ok())
        return p.failure();
    if (const Status s = m_core.setEmergencyMode(on, who); !s)
        return serverError(s.error());
    return QJsonValue(QJsonObject{{u"emergencyMode"_s, m_core.emergencyMode()}, {u"fromConfig"_s, m_core.config().emergencyMode}});
}

RemoteMethods::Reply RemoteMethods::breakerReset(const QJsonObject &params, const QString &who)
{
    Params p(params, {});
    if (!p.ok())
        return p.failure();
    if (const Status s = m_core.resetBreaker(who); !s)
        return serverError(s.error());
    return QJsonValue(breakerJson(m_core.breaker().snapshot(), m_core.endpointName()));
}

RemoteMethods::Reply RemoteMethods::configGet(const QJsonObject &params)
{
    Params p(params, {u"key"_s});
    const QString key = p.string(u"key"_s).value_or(QString());
    if (p.ok() && !key.isEmpty() && !ConfigLoader::isStaffKey(key))
        p.fail(ConfigLoader::isKnownKey(key) ? u"%1 is set in the config file or the environment only"_s.arg(key)
                                             : u"unknown setting \"%1\""_s.arg(key));
    if (!p.ok())
        return p.failure();
    const auto json = admin::staffSettingsJson(m_core, key);
    if (!json)
        return serverError(json.error());
    return QJsonValue(json.value());
}

// {"key", "value": text | number | true/false | null (back to the config file's value or the default)}
RemoteMethods::Reply RemoteMethods::configSet(const QJsonObject &params, const QString &who)
{
    Params p(params, {u"key"_s, u"value"_s});
    const QString key = p.string(u"key"_s, true).value_or(QString());
    const QJsonValue v = p.raw(u"value"_s);
    QString value;
    if (v.isString())
        value = v.toString();
    else if (v.isBool())
        value = v.toBool() ? u"true"_s : u"false"_s;
    else if (v.isDouble())
        value = QString::number(v.toDouble(), 'g', 17);
    else if (!v.isNull())
        p.fail(u"\"value\" must be a text, a number, true/false or null"_s);
    if (!p.ok())
        return p.failure();
    const Status s = v.isNull() ? (ConfigLoader::isStaffKey(key)
                                       ? m_core.clearStaffSetting(key, who)
                                       : Status(makeError(ConfigLoader::validate(key, {}))))
                                : m_core.setStaffSetting(key, value, who);
    if (!s)
        return invalid(u"%1: %2"_s.arg(key, s.error().message));
    return QJsonValue(QJsonObject{{u"key"_s, key},
                       {u"value"_s, v.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(value.trimmed())},
                       {u"appliesAt"_s, u"next start"_s}});
}

// {"conversationId"?, "animal"?, "from"?, "to"? (YYYY-MM-DD), "source"?, "blocked"?, "search"?, "limit"? (1..1000)}
RemoteMethods::Reply RemoteMethods::historyQuery(const QJsonObject &params)
{
    Params p(params, {u"conversationId"_s, u"animal"_s, u"from"_s, u"to"_s, u"source"_s, u"blocked"_s, u"search"_s,
                      u"limit"_s});
    storage::HistoryFilter f;
    f.conversationId = p.string(u"conversationId"_s).value_or(QString());
    f.animalId = p.string(u"animal"_s).value_or(QString());
    for (const auto &[name, date] : {std::pair{u"from"_s, &f.from}, std::pair{u"to"_s, &f.to}}) {
        if (const auto text = p.string(name)) {
            *date = QDate::fromString(*text, Qt::ISODate);
            if (!date->isValid())
                p.fail(u"\"%1\" must be a date like 2026-11-23"_s.arg(name));
        }
    }
    if (const auto source = p.string(u"source"_s)) {
        f.source = storage::parseReplySource(*source);
        if (!f.source)
            p.fail(u"\"source\" must be one of: model, fallback_model, cache, offline, emergency, blocked"_s);
    }
    f.blockedOnly = p.boolean(u"blocked"_s).value_or(false);
    f.search = p.string(u"search"_s).value_or(QString());
    f.limit = int(p.integer(u"limit"_s, 1, 1000).value_or(100));
    if (!p.ok())
        return p.failure();
    const auto rows = m_core.conversations().query(f);
    if (!rows)
        return serverError(rows.error());
    QJsonArray array;
    for (const storage::HistoryRow &row : rows.value()) {
        QJsonObject o = turnHistoryJson(row.turn);
        o.insert(u"animal"_s, row.animalId);
        o.insert(u"language"_s, row.language);
        array.append(o);
    }
    return QJsonValue(array);
}

RemoteMethods::Reply RemoteMethods::usageGet(const QJsonObject &params)
{
    Params p(params, {u"days"_s});
    const int days = int(p.integer(u"days"_s, 1, 3660).value_or(30));
    if (!p.ok())
        return p.failure();
    const auto report = admin::usageReport(m_core, days);
    if (!report)
        return serverError(report.error());
    return QJsonValue(report.value());
}

} // namespace zk::fleet
