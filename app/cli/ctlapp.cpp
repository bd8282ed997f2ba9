#include "cli/ctlapp.h"

#include "admin/animaledit.h"
#include "admin/apikeystore.h"
#include "admin/healthreport.h"
#include "admin/staffedits.h"
#include "admin/historyexport.h"
#include "admin/pinvault.h"
#include "admin/staffqueries.h"
#include "cli/fleetcommands.h"
#include "conversation/turnpipeline.h"
#include "conversation/turnrun.h"
#include "core/appsetup.h"
#include "core/jsonviews.h"
#include "core/kioskcore.h"
#include "cost/budgetguard.h"
#include "cost/pricetable.h"
#include "cost/usagereport.h"
#include "llm/chatstream.h"
#include "llm/circuitbreaker.h"
#include "llm/connectivitycheck.h"
#include "llm/openaiclient.h"
#include "llm/requestbuilder.h"
#include "storage/failedrequestrepository.h"
#include "storage/usagerepository.h"
#include "storage/repositories.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSocketNotifier>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <termios.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace zk::cli {

namespace {

void out(const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

void err(const QString &text)
{
    const QByteArray bytes = (text + u'\n').toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
}

// One line of a secret from stdin (never from argv, which other users of
// the machine can read). At a terminal: a prompt on stderr and no echo.
QString readSecretLine(const QString &prompt)
{
    const bool tty = ::isatty(STDIN_FILENO);
    termios saved {};
    if (tty) {
        err(prompt);
        if (::tcgetattr(STDIN_FILENO, &saved) == 0) {
            termios quiet = saved;
            quiet.c_lflag &= ~tcflag_t(ECHO);
            ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
        }
    }
    QByteArray line;
    int c = 0;
    while ((c = std::fgetc(stdin)) != EOF && c != '\n')
        line.append(char(c));
    if (tty) {
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        err(QString());
    }
    if (line.endsWith('\r'))
        line.chop(1);
    return QString::fromUtf8(line);
}

QString compactJson(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QString compactJson(const QJsonArray &a)
{
    return QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact));
}

const char *const kUsage =
    "Usage: zookioskctl [settings options] COMMAND [options]\n"
    "\n"
    "Commands:\n"
    "  ask --animal ID [--conversation CID] [--lang en|es] [--json] MESSAGE\n"
    "                      Run one visitor turn and stream the reply to stdout.\n"
    "  animals [--lang en|es] [--json]\n"
    "                      List the animals.\n"
    "  animals set ID FIELD VALUE [--lang en|es]\n"
    "                      Edit an animal: name, title, species, personality, conservation,\n"
    "                      emergency, or facts / questions as a JSON array of texts.\n"
    "  animals enable|disable ID\n"
    "                      Show or hide an animal on the kiosk.\n"
    "  history [--conversation CID] [--animal ID] [--from DATE] [--to DATE] [--source S]\n"
    "          [--blocked] [--search WORDS] [--limit N] [--json]\n"
    "                      Show stored turns, newest first, filtered.\n"
    "  export --format csv|json [the history filters] [--out FILE]\n"
    "                      Every stored turn that matches the filters, for a spreadsheet or a script.\n"
    "  prompt --animal ID [--lang en|es]\n"
    "                      Print the composed system prompt.\n"
    "  events [--limit N] [--json]\n"
    "                      Failures, fallbacks, alerts and security events, newest first.\n"
    "  emergency on|off|status [--json]\n"
    "                      Every answer offline or the emergency message, or back to normal.\n"
    "  failed [--limit N] [--json]\n"
    "                      Model calls that failed (kept for staff to see and replay).\n"
    "  replay ID [--json]  Send a failed model call again and record how it went.\n"
    "  breaker [status|reset] [--json]\n"
    "                      The API circuit breaker: its state, or close it again.\n"
    "  usage [--days N] [--json]\n"
    "                      Tokens, cost, turns and sources by day and by model; the budgets.\n"
    "  guardrails list [--animal ID] [--json]\n"
    "  guardrails add --type T [--animal ID] TEXT\n"
    "  guardrails set ID [--type T] [--animal ID | --global] [TEXT]\n"
    "  guardrails enable|disable|delete ID\n"
    "                      The rules every persona's prompt carries (types ALWAYS, NEVER,\n"
    "                      ENCOURAGE, DISCOURAGE; global or for one animal).\n"
    "  health [--check-connection] [--json]\n"
    "                      API key, emergency mode, breaker, rate-limit headroom, today's turns and\n"
    "                      blocks, recent events, database size and integrity; optionally a live\n"
    "                      connection test (exit 1 when it fails).\n"
    "  config get [KEY] [--json]\n"
    "  config set KEY VALUE | config unset KEY\n"
    "                      Staff settings (model chain, timeouts, budgets, idle timeout, language,\n"
    "                      moderation, retention...), validated, stored in the database; they\n"
    "                      override the config file and take effect at the kiosk's next start.\n"
    "  set-api-key         Read the OpenAI API key from stdin and store it encrypted\n"
    "                      (OPENAI_API_KEY in the environment still wins).\n"
    "  admin set-pin       Read the staff PIN (6+ digits) or passphrase (10+ characters) from stdin.\n"
    "  admin status [--json]\n"
    "                      Whether a PIN is set or entry is locked; the API key's last four characters.\n"
    "  fleet set-token     Read the remote management token (16+ characters) from stdin; stored encrypted.\n"
    "  fleet migrate       Create or upgrade the central store's tables (ZOOKIOSK_CENTRAL_URL or central/url).\n"
    "  fleet sync          Ship this kiosk's outbox (turns, usage, events) to the central store now.\n"
    "  fleet usage [--days N] [--json]\n"
    "  fleet history [--limit N] [--json]\n"
    "                      The fleet's usage by day and kiosk and today's fleet budget, or its latest\n"
    "                      turns, from the central store.\n"
    "  serve               Run the remote management endpoint (ZOOKIOSK_REMOTE_LISTEN or remote/listen),\n"
    "                      the central sync (ZOOKIOSK_CENTRAL_URL or central/url) and the kiosk's\n"
    "                      background services without a screen, until SIGTERM/SIGINT.\n"
    "  remote URL METHOD [JSON] [--ca-file FILE]\n"
    "                      Call one method on a kiosk's endpoint as a staff console and print the\n"
    "                      JSON result; the token comes from ZOOKIOSK_REMOTE_TOKEN or stdin.\n"
    "\n"
    "Exit codes: 0 the command worked (for ask: the visitor got a reply, fallbacks included),\n"
    "            1 something failed (database, content), 2 usage error.\n";

// Self-pipe so that Ctrl+C cancels a turn cleanly (the turn is stored as cancelled).
int g_signalPipe[2] = {-1, -1};
void onSignal(int)
{
    const char c = 1;
    [[maybe_unused]] auto n = ::write(g_signalPipe[1], &c, 1);
}

class Ctl
{
public:
    explicit Ctl(const QStringList &arguments) : m_arguments(arguments) {}

    int run()
    {
        QCommandLineParser &p = m_parser;
        p.setApplicationDescription(u"Zoo Kiosk command-line tool: talk to an animal, list animals, read history."_s);
        p.addHelpOption();
        p.addVersionOption();
        addSettingsOptions(p);
        p.addOptions({
            {u"animal"_s, u"Animal id (red_panda, cougar, tiger, lemur, reindeer, macaw)."_s, u"id"_s},
            {u"conversation"_s, u"Continue this conversation."_s, u"cid"_s},
            {u"lang"_s, u"Language of the reply: en or es."_s, u"lang"_s},
            {u"limit"_s, u"Most rows to show (history, events, failed)."_s, u"n"_s, u"20"_s},
            {u"days"_s, u"Days to cover, today included (usage)."_s, u"n"_s, u"30"_s},
            {u"from"_s, u"First day, YYYY-MM-DD (history, export)."_s, u"date"_s},
            {u"to"_s, u"Last day, YYYY-MM-DD (history, export)."_s, u"date"_s},
            {u"source"_s, u"Only turns answered from this source (history, export)."_s, u"source"_s},
            {u"blocked"_s, u"Only blocked turns (history, export)."_s},
            {u"search"_s, u"Words in the visitor's text or the reply (history, export)."_s, u"text"_s},
            {u"format"_s, u"csv or json (export)."_s, u"format"_s, u"csv"_s},
            {u"type"_s, u"Guardrail type: ALWAYS, NEVER, ENCOURAGE or DISCOURAGE."_s, u"type"_s},
            {u"global"_s, u"The guardrail applies to every animal (guardrails set)."_s},
            {u"check-connection"_s, u"Also test the connection to the API (health)."_s},
            {u"out"_s, u"Write to this file instead of stdout (export)."_s, u"file"_s},
            {u"json"_s, u"Machine-readable output."_s},
            {u"ca-file"_s, u"PEM certificates to trust for a wss:// kiosk (remote)."_s, u"file"_s},
        });
        p.addPositionalArgument(u"command"_s, u"ask, animals, history or prompt."_s);

        if (!p.parse(m_arguments))
            return usageError(p.errorText());
        if (p.isSet(u"help"_s)) {
            out(p.helpText() + u"\n"_s + QString::fromLatin1(kUsage));
            return ExitOk;
        }
        if (p.isSet(u"version"_s)) {
            out(u"zookioskctl %1\n"_s.arg(QCoreApplication::applicationVersion()));
            return ExitOk;
        }
        const QStringList positional = p.positionalArguments();
        if (positional.isEmpty())
            return usageError(u"no command given"_s);
        const QString command = positional.first();
        m_args = positional.mid(1);

        QStringList problems;
        const QMap<QString, QString> flags = settingsFlags(p, &problems);
        if (!problems.isEmpty())
            return usageError(problems.join(u"\n"_s));
        m_language = p.value(u"lang"_s);
        if (m_language.isEmpty())
            m_language = u"en"_s;
        if (m_language != u"en" && m_language != u"es")
            return usageError(u"--lang must be en or es"_s);

        using Handler = int (Ctl::*)();
        const std::pair<QString, Handler> commands[] = {
            {u"ask"_s, &Ctl::ask},
            {u"animals"_s, &Ctl::animals},
            {u"history"_s, &Ctl::history},
            {u"export"_s, &Ctl::exportHistory},
            {u"prompt"_s, &Ctl::prompt},
            {u"events"_s, &Ctl::events},
            {u"emergency"_s, &Ctl::emergency},
            {u"failed"_s, &Ctl::failed},
            {u"replay"_s, &Ctl::replay},
            {u"breaker"_s, &Ctl::breaker},
            {u"usage"_s, &Ctl::usage},
            {u"guardrails"_s, &Ctl::guardrails},
            {u"config"_s, &Ctl::configCommand},
            {u"health"_s, &Ctl::health},
            {u"set-api-key"_s, &Ctl::setApiKey},
            {u"admin"_s, &Ctl::admin},
            {u"fleet"_s, &Ctl::fleet},
            {u"serve"_s, &Ctl::serve},
            {u"remote"_s, &Ctl::remote},
        };
        for (const auto &[name, handler] : commands) {
            if (name != command)
                continue;
            ConfigLoader::Outcome config = ConfigLoader::load(flags, QProcessEnvironment::systemEnvironment());
            for (const QString &w : std::as_const(config.warnings))
                err(u"zookioskctl: warning: "_s + w);
            if (!config.fatalError.isEmpty()) {
                err(u"zookioskctl: "_s + config.fatalError);
                return ExitUsage;
            }
            m_config = config.config;
            return (this->*handler)();
        }
        return usageError(u"unknown command \"%1\""_s.arg(command));
    }

private:
    int usageError(const QString &message)
    {
        err(u"zookioskctl: "_s + message);
        err(u"Try 'zookioskctl --help'."_s);
        return ExitUsage;
    }

    bool openCore()
    {
        m_core = std::make_unique<KioskCore>(m_config);
        if (const Status s = m_core->open(); !s) {
            err(u"zookioskctl: cannot open the kiosk data in %1: %2"_s.arg(m_config.dataDir, s.error().message));
            return false;
        }
        return true;
    }

    int ask()
    {
        const QString animal = m_parser.value(u"animal"_s);
        if (animal.isEmpty())
            return usageError(u"ask needs --animal ID"_s);
        if (m_args.size() != 1)
            return usageError(m_args.isEmpty() ? u"ask needs a MESSAGE"_s
                                               : u"ask takes one MESSAGE; quote it if it has spaces"_s);
        if (m_args.first().trimmed().isEmpty())
            return usageError(u"the message is empty"_s);
        if (!openCore())
            return ExitFailure;

        conversation::TurnRequest request;
        request.animalId = animal;
        request.conversationId = m_parser.value(u"conversation"_s);
        request.text = m_args.first();
        request.language = m_language;
        auto started = m_core->pipeline().ask(request);
        if (!started) {
            using conversation::Rejection;
            switch (started.error().reason) {
            case Rejection::Storage:
                err(u"zookioskctl: "_s + started.error().detail);
                return ExitFailure;
            default:
                return usageError(started.error().detail);
            }
        }
        conversation::TurnRun *run = started.value();
        const bool json = m_parser.isSet(u"json"_s);

        QEventLoop loop;
        std::optional<conversation::TurnOutcome> outcome;
        // Text goes out as it arrives, at most one frame (10 ms) late: deltas that
        // arrive within a frame leave in one write (and one UTF-8 conversion).
        QString pending;
        QTimer flush;
        flush.setSingleShot(true);
        flush.setInterval(10);
        QObject::connect(&flush, &QTimer::timeout, &loop, [&pending] {
            out(pending);
            pending.resize(0); // keeps the capacity for the next frame
        });
        QObject::connect(run, &conversation::TurnRun::replyDelta, &loop, [&pending, &flush](const QString &delta) {
            pending += delta;
            if (!flush.isActive())
                flush.start();
        });
        // What was shown is withdrawn for a kind redirect: say so on a new line.
        QObject::connect(run, &conversation::TurnRun::replyReplaced, &loop, [&pending, &flush](const QString &text) {
            pending += u'\n' + text;
            if (!flush.isActive())
                flush.start();
        });
        QObject::connect(run, &conversation::TurnRun::finished, &loop,
                         [&](const conversation::TurnOutcome &o) { outcome = o; loop.quit(); });

        // Ctrl+C / SIGTERM: cancel the turn; it is stored as cancelled.
        std::unique_ptr<QSocketNotifier> notifier;
        if (::pipe(g_signalPipe) == 0) {
            notifier = std::make_unique<QSocketNotifier>(g_signalPipe[0], QSocketNotifier::Read);
            QObject::connect(notifier.get(), &QSocketNotifier::activated, &loop, [run, &outcome] {
                char c;
                [[maybe_unused]] auto n = ::read(g_signalPipe[0], &c, 1);
                if (!outcome)
                    run->cancel();
            });
            std::signal(SIGINT, onSignal);
            std::signal(SIGTERM, onSignal);
        }
        loop.exec();
        flush.stop(); // the event loops below must not print it again
        if (!pending.isEmpty())
            out(pending);
        pending.clear();

        // A background summary may still be running: give it the turn deadline to finish.
        if (!m_core->pipeline().isIdle()) {
            QEventLoop idle;
            QObject::connect(&m_core->pipeline(), &conversation::TurnPipeline::idle, &idle, &QEventLoop::quit);
            QTimer::singleShot(m_config.turnDeadlineMs, &idle, &QEventLoop::quit);
            idle.exec();
        }
        std::signal(SIGINT, SIG_DFL);
        std::signal(SIGTERM, SIG_DFL);

        out(u"\n"_s);
        if (json && outcome)
            out(compactJson(turnResultJson(outcome->turn)) + u"\n"_s);
        if (outcome && !outcome->stored)
            err(u"zookioskctl: warning: the turn could not be stored (see the events)"_s);
        // With a central store the turn is shipped now, not at the next sync;
        // when it cannot be reached the turn waits in the outbox (a warning).
        if (m_core->centralSync())
            (void)fleetSync(*m_core, 10000, true);
        return outcome && !outcome->turn.reply.isEmpty() ? ExitOk : ExitFailure;
    }

    int animals()
    {
        if (!m_args.isEmpty())
            return editAnimal();
        if (!openCore())
            return ExitFailure;
        const auto list = m_core->animals().list(false);
        if (!list) {
            err(u"zookioskctl: "_s + list.error().message);
            return ExitFailure;
        }
        if (m_parser.isSet(u"json"_s)) {
            QJsonArray array;
            for (const persona::Animal &a : list.value())
                array.append(animalJson(a, m_language));
            out(compactJson(array) + u"\n"_s);
            return ExitOk;
        }
        for (const persona::Animal &a : list.value()) {
            const persona::AnimalText *t = a.text(m_language);
            out(u"%1  %2 (%3)%4\n"_s.arg(a.id.leftJustified(10), a.displayName(m_language),
                                         t ? t->conservationStatus : QString(),
                                         a.active ? QString() : u"  [inactive]"_s));
        }
        return ExitOk;
    }

    // animals set ID FIELD VALUE [--lang] | animals enable|disable ID
    int editAnimal()
    {
        const QString action = m_args.first();
        if (!((action == u"set" && m_args.size() == 4) || ((action == u"enable" || action == u"disable") && m_args.size() == 2)))
            return usageError(u"animals takes: set ID FIELD VALUE [--lang en|es], enable ID or disable ID"_s);
        if (!openCore())
            return ExitFailure;
        const auto found = m_core->animals().find(m_args.at(1));
        if (!found) {
            err(u"zookioskctl: "_s + found.error().message);
            return ExitFailure;
        }
        if (!found.value())
            return usageError(u"unknown animal \"%1\""_s.arg(m_args.at(1)));
        persona::Animal animal = *found.value();
        if (action == u"set") {
            if (const Status s = admin::applyAnimalEdit(animal, m_language, m_args.at(2), m_args.at(3)); !s)
                return usageError(s.error().message);
        } else {
            animal.active = action == u"enable";
        }
        if (const Status s = m_core->animals().saveEdited(animal); !s) {
            err(u"zookioskctl: "_s + s.error().message);
            return ExitFailure;
        }
        m_core->recordStaffEvent(u"admin"_s, u"animal_edited"_s, action == u"set"
                              ? u"%1: %2 (%3) changed with zookioskctl."_s.arg(animal.id, m_args.at(2), m_language)
                              : u"%1 %2d with zookioskctl."_s.arg(animal.id, action));
        if (m_parser.isSet(u"json"_s))
            out(compactJson(animalJson(animal, m_language)) + u"\n"_s);
        else
            out(u"%1 saved.\n"_s.arg(animal.displayName(m_language)));
        return ExitOk;
    }

    // The filters history and export share; a usage message when one is bad.
    std::optional<storage::HistoryFilter> historyFilter(QString *problem)
    {
        storage::HistoryFilter f;
        f.conversationId = m_parser.value(u"conversation"_s);
        f.animalId = m_parser.value(u"animal"_s);
        for (const auto &[option, date] : {std::pair{u"from"_s, &f.from}, std::pair{u"to"_s, &f.to}}) {
            if (!m_parser.isSet(option))
                continue;
            *date = QDate::fromString(m_parser.value(option), Qt::ISODate);
            if (!date->isValid()) {
                *problem = u"--%1 must be a date like 2026-11-23"_s.arg(option);
                return std::nullopt;
            }
        }
        if (m_parser.isSet(u"source"_s)) {
            f.source = storage::parseReplySource(m_parser.value(u"source"_s));
            if (!f.source) {
                *problem = u"--source must be one of: model, fallback_model, cache, offline, emergency, blocked"_s;
                return std::nullopt;
            }
        }
        f.blockedOnly = m_parser.isSet(u"blocked"_s);
        f.search = m_parser.value(u"search"_s);
        return f;
    }

    int history()
    {
        if (!m_args.isEmpty())
            return usageError(u"history takes no arguments"_s);
        const auto limit = limitOption();
        if (!limit)
            return usageError(u"--limit must be a whole number from 1 to 100000"_s);
        QString problem;
        auto filter = historyFilter(&problem);
        if (!filter)
            return usageError(problem);
        filter->limit = *limit;
        if (!openCore())
            return ExitFailure;
        if (!filter->conversationId.isEmpty()) {
            const auto c = m_core->conversations().find(filter->conversationId);
            if (c && !c.value())
                return usageError(u"unknown conversation \"%1\""_s.arg(filter->conversationId));
        }
        const auto rows = m_core->conversations().query(*filter);
        if (!rows) {
            err(u"zookioskctl: "_s + rows.error().message);
            return ExitFailure;
        }
        if (m_parser.isSet(u"json"_s)) {
            QJsonArray array;
            for (const storage::HistoryRow &row : rows.value())
                array.append(turnHistoryJson(row.turn));
            out(compactJson(array) + u"\n"_s);
            return ExitOk;
        }
        for (const storage::HistoryRow &row : rows.value()) {
            const storage::Turn &t = row.turn;
            out(u"%1  %2  %3  [%4]\n  visitor: %5\n  reply:   %6\n"_s.arg(t.createdAt, t.conversationId, row.animalId,
                                                                         storage::replySourceName(t.source),
                                                                         t.visitorText, t.reply));
        }
        return ExitOk;
    }

    int exportHistory()
    {
        if (!m_args.isEmpty())
            return usageError(u"export takes no arguments"_s);
        const QString format = m_parser.value(u"format"_s);
        if (format != u"csv" && format != u"json")
            return usageError(u"--format must be csv or json"_s);
        QString problem;
        auto filter = historyFilter(&problem);
        if (!filter)
            return usageError(problem);
        filter->limit = 0; // the whole filtered set
        if (!openCore())
            return ExitFailure;
        const auto rows = m_core->conversations().query(*filter);
        if (!rows) {
            err(u"zookioskctl: "_s + rows.error().message);
            return ExitFailure;
        }
        const QByteArray bytes = format == u"csv" ? admin::historyCsv(rows.value()) : admin::historyJson(rows.value());
        const QString path = m_parser.value(u"out"_s);
        if (path.isEmpty()) {
            std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
            std::fflush(stdout);
            return ExitOk;
        }
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
            err(u"zookioskctl: cannot write %1: %2"_s.arg(path, file.errorString()));
            return ExitFailure;
        }
        err(u"zookioskctl: %1 turns written to %2"_s.arg(rows.value().size()).arg(path));
        return ExitOk;
    }

    std::optional<int> limitOption()
    {
        bool ok = false;
        const int limit = m_parser.value(u"limit"_s).toInt(&ok);
        if (!ok || limit < 1 || limit > 100000)
            return std::nullopt;
        return limit;
    }

    int events()
    {
        if (!m_args.isEmpty())
            return usageError(u"events takes no arguments"_s);
        const auto limit = limitOption();
        if (!limit)
            return usageError(u"--limit must be a whole number from 1 to 100000"_s);
        if (!openCore())
            return ExitFailure;
        const auto rows = m_core->events().recent(*limit);
        if (!rows) {
            err(u"zookioskctl: "_s + rows.error().message);
            return ExitFailure;
        }
        if (m_parser.isSet(u"json"_s)) {
            QJsonArray array;
            for (const storage::Event &e : rows.value())
                array.append(eventJson(e));
            out(compactJson(array) + u"\n"_s);
            return ExitOk;
        }
        for (const storage::Event &e : rows.value())
            out(u"%1  %2  %3/%4  %5\n"_s.arg(e.createdAt, storage::severityName(e.severity).leftJustified(8), e.category,
                                            e.kind, e.message));
        return ExitOk;
    }

    int emergency()
    {
        if (m_args.size() != 1 || !QStringList({u"on"_s, u"off"_s, u"status"_s}).contains(m_args.first()))
            return usageError(u"emergency takes one of: on, off, status"_s);
        if (!openCore())
            return ExitFailure;
        const QString what = m_args.first();
        if (what != u"status") {
            if (const Status s = m_core->setEmergencyMode(what == u"on", u"zookioskctl"_s); !s) {
                err(u"zookioskctl: "_s + s.error().message);
                return ExitFailure;
            }
        }
        const bool on = m_core->emergencyMode();
        if (m_parser.isSet(u"json"_s))
            out(compactJson(QJsonObject{{u"emergencyMode"_s, on},
                                        {u"fromConfig"_s, m_core->config().emergencyMode}}) + u"\n"_s);
        else
            out(on ? u"Emergency mode is on: every answer is offline or the emergency message.\n"_s
                   : u"Emergency mode is off.\n"_s);
        if (what == u"off" && m_core->config().emergencyMode)
            err(u"zookioskctl: note: the config file still switches emergency mode on (kiosk/emergency_mode)"_s);
        return ExitOk;
    }

    int failed()
    {
        if (!m_args.isEmpty())
            return usageError(u"failed takes no arguments"_s);
        const auto limit = limitOption();
        if (!limit)
            return usageError(u"--limit must be a whole number from 1 to 100000"_s);
        if (!openCore())
            return ExitFailure;
        const auto rows = m_core->failedRequests().recent(*limit);
        if (!rows) {
            err(u"zookioskctl: "_s + rows.error().message);
            return ExitFailure;
        }
        QJsonArray array;
        for (const storage::FailedRequest &f : rows.value())
            array.append(failedRequestJson(f));
        if (m_parser.isSet(u"json"_s)) {
            out(compactJson(array) + u"\n"_s);
            return ExitOk;
        }
        for (const storage::FailedRequest &f : rows.value())
            out(u"#%1  %2  %3  %4  HTTP %5%6\n"_s.arg(f.id).arg(f.createdAt, f.model, f.errorKind).arg(f.httpStatus)
                    .arg(f.replayedAt.isEmpty() ? QString() : u"  (replayed: "_s + f.replayResult + u")"_s));
        return ExitOk;
    }

    int replay()
    {
        bool ok = false;
        const qint64 id = m_args.size() == 1 ? m_args.first().toLongLong(&ok) : 0;
        if (!ok || id <= 0)
            return usageError(u"replay takes the id of a failed request (see: zookioskctl failed)"_s);
        if (!openCore())
            return ExitFailure;
        const auto found = m_core->failedRequests().find(id);
        if (!found) {
            err(u"zookioskctl: "_s + found.error().message);
            return ExitFailure;
        }
        if (!found.value())
            return usageError(u"no failed request with id %1"_s.arg(id));
        if (!m_core->online()) {
            err(u"zookioskctl: no OpenAI API key is set; nothing can be replayed"_s);
            return ExitFailure;
        }
        const storage::FailedRequest &failed = *found.value();
        const QJsonObject body = QJsonDocument::fromJson(failed.requestJson).object();
        llm::ChatRequest request = llm::RequestBuilder::fromBody(body);
        request.api = failed.api == u"responses" ? llm::ApiFlavor::Responses : llm::ApiFlavor::ChatCompletions;

        QEventLoop loop;
        llm::StreamResult result;
        llm::ChatStream *stream = m_core->client().startStream(request);
        QObject::connect(stream, &llm::ChatStream::finished, &loop, [&](const llm::StreamResult &r) {
            result = r;
            loop.quit();
        });
        loop.exec();
        const QString outcome = result.error.kind == llm::ErrorKind::None
            ? u"ok"_s
            : llm::errorKindName(result.error.kind) + (result.error.httpStatus ? u" (HTTP %1)"_s.arg(result.error.httpStatus)
                                                                                : QString());
        (void)m_core->failedRequests().markReplayed(id, outcome);
        if (m_parser.isSet(u"json"_s))
            out(compactJson(QJsonObject{{u"id"_s, double(id)}, {u"result"_s, outcome},
                                        {u"requestId"_s, result.requestId}, {u"reply"_s, result.text}}) + u"\n"_s);
        else
            out(u"Replayed #%1: %2\n%3\n"_s.arg(id).arg(outcome, result.text));
        return result.error.kind == llm::ErrorKind::None ? ExitOk : ExitFailure;
    }

    int breaker()
    {
        const QString what = m_args.value(0, u"status"_s);
        if (m_args.size() > 1 || (what != u"status" && what != u"reset"))
            return usageError(u"breaker takes one of: status, reset"_s);
        if (!openCore())
            return ExitFailure;
        if (what == u"reset") {
            if (const Status s = m_core->resetBreaker(u"zookioskctl"_s); !s) {
                err(u"zookioskctl: "_s + s.error().message);
                return ExitFailure;
            }
        }
        const llm::BreakerSnapshot snap = m_core->breaker().snapshot();
        const QString state = llm::breakerStateName(snap.state);
        if (m_parser.isSet(u"json"_s)) {
            out(compactJson(breakerJson(snap, m_core->endpointName())) + u"\n"_s);
        } else {
            out(u"Circuit breaker for %1: %2 (%3 consecutive failures; %4 of the last %5 calls failed)\n"_s
                    .arg(m_core->endpointName(), state)
                    .arg(snap.consecutiveFailures)
                    .arg(snap.recent.count(u'0'))
                    .arg(snap.recent.size()));
        }
        return ExitOk;
    }

    static QJsonObject ruleJson(const persona::GuardrailRule &r) { return guardrailJson(r); }

    int guardrails()
    {
        const QStringList actions = {u"list"_s, u"add"_s, u"set"_s, u"enable"_s, u"disable"_s, u"delete"_s};
        if (m_args.isEmpty() || !actions.contains(m_args.first()))
            return usageError(u"guardrails takes one of: list, add, set, enable, disable, delete"_s);
        const QString action = m_args.first();
        std::optional<persona::RuleType> type;
        if (m_parser.isSet(u"type"_s)) {
            persona::RuleType t;
            if (!persona::parseRuleType(m_parser.value(u"type"_s).toUpper(), &t))
                return usageError(u"--type must be ALWAYS, NEVER, ENCOURAGE or DISCOURAGE"_s);
            type = t;
        }
        if (!openCore())
            return ExitFailure;
        const QString animal = m_parser.value(u"animal"_s);
        if (!animal.isEmpty()) {
            const auto found = m_core->animals().find(animal);
            if (found && !found.value())
                return usageError(u"unknown animal \"%1\""_s.arg(animal));
        }
        const auto all = m_core->rules().all();
        if (!all) {
            err(u"zookioskctl: "_s + all.error().message);
            return ExitFailure;
        }
        if (action == u"list") {
            if (m_args.size() != 1)
                return usageError(u"guardrails list takes no more arguments"_s);
            QJsonArray array;
            for (const persona::GuardrailRule &r : all.value()) {
                if (!animal.isEmpty() && !r.animalId.isEmpty() && r.animalId != animal)
                    continue;
                if (m_parser.isSet(u"json"_s))
                    array.append(ruleJson(r));
                else
                    out(u"%1  %2  %3%4  %5\n"_s.arg(r.id, 4).arg(persona::ruleTypeName(r.type), -10)
                            .arg(r.animalId.isEmpty() ? u"(all animals)"_s : r.animalId, r.active ? QString() : u" [off]"_s)
                            .arg(r.text));
            }
            if (m_parser.isSet(u"json"_s))
                out(compactJson(array) + u"\n"_s);
            return ExitOk;
        }

        persona::GuardrailRule rule;
        if (action == u"add") {
            if (m_args.size() != 2)
                return usageError(u"guardrails add needs --type and one TEXT (quote it)"_s);
            if (!type)
                return usageError(u"guardrails add needs --type"_s);
            rule.type = *type;
            rule.animalId = animal;
            rule.text = m_args.at(1).trimmed();
        } else {
            if (m_args.size() < 2 || (action != u"set" && m_args.size() != 2) || m_args.size() > 3)
                return usageError(u"guardrails %1 takes the rule's ID%2"_s.arg(action, action == u"set" ? u" and an optional TEXT"_s : QString()));
            bool ok = false;
            const qint64 id = m_args.at(1).toLongLong(&ok);
            const auto it = std::find_if(all.value().cbegin(), all.value().cend(),
                                         [id](const persona::GuardrailRule &r) { return r.id == id; });
            if (!ok || it == all.value().cend())
                return usageError(u"no guardrail with id %1 (see: zookioskctl guardrails list)"_s.arg(m_args.at(1)));
            rule = *it;
            if (action == u"delete") {
                if (const Status st = admin::deleteGuardrail(*m_core, id, u"zookioskctl"_s); !st) {
                    err(u"zookioskctl: "_s + st.error().message);
                    return ExitFailure;
                }
                out(u"Guardrail %1 deleted.\n"_s.arg(id));
                return ExitOk;
            }
            if (action == u"enable" || action == u"disable")
                rule.active = action == u"enable";
            if (type)
                rule.type = *type;
            if (m_parser.isSet(u"global"_s))
                rule.animalId.clear();
            else if (!animal.isEmpty())
                rule.animalId = animal;
            if (m_args.size() == 3)
                rule.text = m_args.at(2).trimmed();
        }
        // The same checks and staff event as the admin panel and remote consoles.
        if (const Status valid = admin::validateGuardrail(rule); !valid)
            return usageError(valid.error().message);
        const auto saved = admin::saveGuardrail(*m_core, rule, u"zookioskctl"_s);
        if (!saved) {
            err(u"zookioskctl: "_s + saved.error().message);
            return ExitFailure;
        }
        rule.id = saved.value();
        rule.text = rule.text.trimmed();
        if (m_parser.isSet(u"json"_s))
            out(compactJson(ruleJson(rule)) + u"\n"_s);
        else
            out(u"Guardrail %1 saved.\n"_s.arg(rule.id));
        return ExitOk;
    }

    int health()
    {
        if (!m_args.isEmpty())
            return usageError(u"health takes no arguments"_s);
        if (!openCore())
            return ExitFailure;
        QJsonObject report = admin::healthReport(*m_core);
        bool connectionOk = true;
        if (m_parser.isSet(u"check-connection"_s)) {
            llm::ConnectivityCheck *check = m_core->connectivityCheck(m_config.connectTimeoutMs + 5000, m_core.get());
            QEventLoop loop;
            llm::ConnectivityCheck::Outcome outcome;
            bool done = false; // start() may finish at once (no key)
            QObject::connect(check, &llm::ConnectivityCheck::finished, &loop,
                             [&](const llm::ConnectivityCheck::Outcome &o) {
                                 outcome = o;
                                 done = true;
                                 loop.quit();
                             });
            check->start();
            if (!done)
                loop.exec();
            connectionOk = outcome.ok;
            report.insert(u"connection"_s, QJsonObject{{u"ok"_s, outcome.ok},
                                                       {u"httpStatus"_s, outcome.httpStatus},
                                                       {u"latencyMs"_s, outcome.latencyMs},
                                                       {u"models"_s, outcome.models},
                                                       {u"errorKind"_s, outcome.errorKind},
                                                       {u"message"_s, outcome.message}});
        }
        if (m_parser.isSet(u"json"_s)) {
            out(compactJson(report) + u"\n"_s);
        } else {
            const QJsonObject breaker = report.value(u"breaker"_s).toObject();
            const QJsonObject db = report.value(u"database"_s).toObject();
            const QJsonObject events = report.value(u"eventsBySeverity"_s).toObject();
            const QJsonObject headroom = report.value(u"rateLimitHeadroom"_s).toObject();
            out(u"API key: %1 (%2)\n"_s.arg(report.value(u"apiKey"_s).toBool() ? u"set"_s : u"none"_s,
                                            report.value(u"apiKeySource"_s).toString()));
            out(u"Emergency mode: %1\n"_s.arg(report.value(u"emergencyMode"_s).toBool() ? u"on"_s : u"off"_s));
            out(u"Circuit breaker: %1\n"_s.arg(breaker.value(u"state"_s).toString()));
            out(u"Rate-limit headroom: %1% of requests, %2% of tokens\n"_s
                    .arg(qRound(headroom.value(u"requests"_s).toDouble() * 100))
                    .arg(qRound(headroom.value(u"tokens"_s).toDouble() * 100)));
            out(u"Today: %1 turns, %2 blocked\n"_s.arg(report.value(u"turnsToday"_s).toInt())
                    .arg(report.value(u"blocksToday"_s).toInt()));
            out(u"Last 50 events: %1 critical, %2 errors, %3 warnings\n"_s.arg(events.value(u"critical"_s).toInt())
                    .arg(events.value(u"error"_s).toInt()).arg(events.value(u"warning"_s).toInt()));
            out(u"Database: %1, %2 KiB, integrity %3\n"_s.arg(db.value(u"path"_s).toString())
                    .arg(qint64(db.value(u"sizeBytes"_s).toDouble()) / 1024)
                    .arg(db.value(u"integrityOk"_s).toBool() ? u"ok"_s : u"DAMAGED"_s));
            if (report.contains(u"connection"_s))
                out(u"Connection: %1\n"_s.arg(report.value(u"connection"_s).toObject().value(u"message"_s).toString()));
        }
        return connectionOk ? ExitOk : ExitFailure;
    }

    int configCommand()
    {
        const QString action = m_args.value(0);
        if (!((action == u"get" && m_args.size() <= 2) || (action == u"set" && m_args.size() == 3)
              || (action == u"unset" && m_args.size() == 2)))
            return usageError(u"config takes: get [KEY], set KEY VALUE or unset KEY"_s);
        const QString key = m_args.value(1);
        if (!key.isEmpty() && !ConfigLoader::isStaffKey(key))
            return usageError(ConfigLoader::isKnownKey(key)
                                  ? u"%1 is set in the config file or the environment only"_s.arg(key)
                                  : u"unknown setting \"%1\" (see: zookioskctl config get)"_s.arg(key));
        if (!openCore())
            return ExitFailure;
        if (action == u"set" || action == u"unset") {
            const Status s = action == u"set" ? m_core->setStaffSetting(key, m_args.at(2), u"zookioskctl"_s)
                                              : m_core->clearStaffSetting(key, u"zookioskctl"_s);
            if (!s)
                return usageError(u"%1: %2"_s.arg(key, s.error().message));
            out(u"%1 %2; the kiosk uses it from its next start.\n"_s.arg(
                key, action == u"set" ? u"saved"_s : u"cleared"_s));
            return ExitOk;
        }
        const auto rows = admin::staffSettingRows(*m_core, key);
        if (!rows) {
            err(u"zookioskctl: "_s + rows.error().message);
            return ExitFailure;
        }
        QJsonObject json;
        for (const admin::StaffSettingRow &row : rows.value()) {
            if (m_parser.isSet(u"json"_s))
                json.insert(row.key, QJsonObject{{u"value"_s, row.value}, {u"source"_s, row.source}});
            else
                out(u"%1 = %2   (%3)\n"_s.arg(row.key, row.value, row.source));
        }
        if (m_parser.isSet(u"json"_s))
            out(compactJson(json) + u"\n"_s);
        return ExitOk;
    }

    int setApiKey()
    {
        if (!m_args.isEmpty())
            return usageError(u"set-api-key reads the key from stdin, never from the command line"_s);
        if (!openCore())
            return ExitFailure;
        const QString key = readSecretLine(u"OpenAI API key (not shown): "_s).trimmed();
        if (const Status s = m_core->apiKeys().set(key); !s) {
            err(u"zookioskctl: the API key was not saved: "_s + s.error().message);
            return key.isEmpty() ? ExitUsage : ExitFailure;
        }
        m_core->recordStaffEvent(u"security"_s, u"api_key_set"_s,
                                 u"The OpenAI API key was replaced (%1) with zookioskctl."_s.arg(
                                     admin::ApiKeyStore::masked(key)));
        out(u"Saved the OpenAI API key %1, encrypted.\n"_s.arg(admin::ApiKeyStore::masked(key)));
        if (m_core->apiKeySource() == u"environment")
            out(u"Note: OPENAI_API_KEY is set in this environment and is used instead while it is.\n"_s);
        return ExitOk;
    }

    int admin()
    {
        if (m_args.size() != 1 || !QStringList({u"set-pin"_s, u"status"_s}).contains(m_args.first()))
            return usageError(u"admin takes one of: set-pin, status"_s);
        if (!openCore())
            return ExitFailure;
        admin::PinVault &pins = m_core->pins();
        if (m_args.first() == u"set-pin") {
            const QString pin = readSecretLine(u"New staff PIN or passphrase (not shown): "_s);
            if (const Status s = pins.setPin(pin, u"zookioskctl"_s); !s) {
                err(u"zookioskctl: the PIN was not set: "_s + s.error().message);
                return ExitUsage;
            }
            out(u"The staff PIN is set.\n"_s);
            return ExitOk;
        }
        const QDateTime locked = pins.lockedUntil();
        const bool isLocked = locked.isValid() && QDateTime::currentDateTimeUtc() < locked;
        const QString masked = admin::ApiKeyStore::masked(m_core->config().apiKey);
        if (m_parser.isSet(u"json"_s)) {
            out(compactJson(QJsonObject{
                    {u"pinSet"_s, pins.isSet()},
                    {u"lockedUntil"_s, isLocked ? QJsonValue(locked.toUTC().toString(Qt::ISODate)) : QJsonValue()},
                    {u"apiKey"_s, masked.isEmpty() ? QJsonValue() : QJsonValue(masked)},
                    {u"apiKeySource"_s, m_core->apiKeySource()}})
                + u"\n"_s);
            return ExitOk;
        }
        out(u"Staff PIN: %1\n"_s.arg(!pins.isSet() ? u"not set (zookioskctl admin set-pin)"_s
                                    : isLocked     ? u"set; entry locked until %1"_s.arg(locked.toUTC().toString(Qt::ISODate))
                                                   : u"set"_s));
        out(u"OpenAI API key: %1\n"_s.arg(masked.isEmpty() ? u"none"_s
                                                          : u"%1 (%2)"_s.arg(masked, m_core->apiKeySource())));
        return ExitOk;
    }

    int fleet()
    {
        const QString sub = m_args.value(0);
        if (m_args.size() != 1)
            return usageError(u"fleet takes: set-token, migrate, sync, usage or history"_s);
        const bool json = m_parser.isSet(u"json"_s);
        if (sub == u"set-token") {
            if (!openCore())
                return ExitFailure;
            return fleetSetToken(*m_core, readSecretLine(u"Fleet token (not shown): "_s).trimmed().toUtf8());
        }
        if (sub == u"migrate")
            return fleetMigrate(m_config);
        if (sub == u"sync") {
            if (!openCore())
                return ExitFailure;
            return fleetSync(*m_core, 10 * 60 * 1000);
        }
        if (sub == u"usage") {
            bool ok = false;
            const int days = m_parser.value(u"days"_s).toInt(&ok);
            if (!ok || days < 1 || days > 3660)
                return usageError(u"--days must be a whole number from 1 to 3660"_s);
            return fleetUsage(m_config, days, json);
        }
        if (sub == u"history") {
            bool ok = false;
            const int limit = m_parser.value(u"limit"_s).toInt(&ok);
            if (!ok || limit < 1)
                return usageError(u"--limit must be a whole number from 1"_s);
            return fleetHistory(m_config, limit, json);
        }
        return usageError(u"fleet takes: set-token, migrate, sync, usage or history"_s);
    }

    int serve()
    {
        if (!m_args.isEmpty())
            return usageError(u"serve takes no arguments"_s);
        if (!openCore())
            return ExitFailure;
        return cli::serve(*m_core);
    }

    int remote()
    {
        if (m_args.size() < 2 || m_args.size() > 3)
            return usageError(u"remote takes: URL METHOD [JSON params]"_s);
        QByteArray token = qgetenv("ZOOKIOSK_REMOTE_TOKEN").trimmed();
        if (token.isEmpty())
            token = readSecretLine(u"Fleet token (not shown): "_s).trimmed().toUtf8();
        return remoteCall(m_args.at(0), m_args.at(1), m_args.value(2), token, m_parser.value(u"ca-file"_s));
    }

    int usage()
    {
        if (!m_args.isEmpty())
            return usageError(u"usage takes no arguments"_s);
        bool ok = false;
        const int days = m_parser.value(u"days"_s).toInt(&ok);
        if (!ok || days < 1 || days > 3660)
            return usageError(u"--days must be a whole number from 1 to 3660"_s);
        if (!openCore())
            return ExitFailure;
        const auto computed = admin::usageReport(*m_core, days);
        if (!computed) {
            err(u"zookioskctl: "_s + computed.error().message);
            return ExitFailure;
        }
        const QJsonObject report = computed.value();
        if (m_parser.isSet(u"json"_s)) {
            out(compactJson(report) + u"\n"_s);
            return ExitOk;
        }
        out(QString::fromUtf8(QJsonDocument(report).toJson(QJsonDocument::Indented)));
        return ExitOk;
    }

    int prompt()
    {
        const QString animal = m_parser.value(u"animal"_s);
        if (animal.isEmpty())
            return usageError(u"prompt needs --animal ID"_s);
        if (!m_args.isEmpty())
            return usageError(u"prompt takes no arguments"_s);
        if (!openCore())
            return ExitFailure;
        const auto composed = m_core->pipeline().composePrompt(animal, m_language);
        if (!composed)
            return usageError(composed.error().message);
        out(composed->text);
        return ExitOk;
    }

    QStringList m_arguments;
    QCommandLineParser m_parser;
    QStringList m_args;
    QString m_language;
    Config m_config;
    std::unique_ptr<KioskCore> m_core;
};

} // namespace

int runCtl(const QStringList &arguments)
{
    Ctl ctl(arguments);
    return ctl.run();
}

} // namespace zk::cli
