// zk_fakeopenai: the fake OpenAI server as a standalone process, for benchmarks
// and for clients that are not in-process (zookioskctl, the Node openai SDK).
// Prints "PORT <n>" as its first stdout line, then serves until SIGTERM/SIGINT.
// HTTPS with --tls-cert/--tls-key; --make-cert DIR writes a throwaway pair.

#include "fakeopenaiserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QLoggingCategory>
#include <QSocketNotifier>

#include <cstdio>

#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/socket.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;
using zk::test::Script;

namespace {

#ifdef Q_OS_UNIX
int g_signalPipe[2] = {-1, -1};

void onTerminationSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_signalPipe[0], &byte, 1);
}

// Self-pipe: the handler only writes a byte; the event loop quits cleanly.
bool installTerminationHandler(QCoreApplication &app)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) != 0)
        return false;
    auto *notifier = new QSocketNotifier(g_signalPipe[1], QSocketNotifier::Read, &app);
    QObject::connect(notifier, &QSocketNotifier::activated, &app, [&app, notifier] {
        notifier->setEnabled(false);
        char byte = 0;
        [[maybe_unused]] const auto n = ::read(g_signalPipe[1], &byte, 1);
        app.quit();
    });
    struct sigaction action = {};
    action.sa_handler = onTerminationSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    return ::sigaction(SIGTERM, &action, nullptr) == 0 && ::sigaction(SIGINT, &action, nullptr) == 0;
}
#endif

// "--fault NAME[:ARG]"; names as in Script::Fault, case and '-'/'_' ignored,
// with short forms: http-error:503, html-error:502, no-first-byte, stall:3,
// drop:3, malformed[:n], error-mid-stream[:n], content-filter, refusal[:text].
bool applyFault(const QString &spec, Script &script, QString &error)
{
    const qsizetype colon = spec.indexOf(u':');
    QString name = (colon < 0 ? spec : spec.left(colon)).toLower();
    name.remove(u'-').remove(u'_');
    const QString arg = colon < 0 ? QString() : spec.mid(colon + 1);
    bool ok = true;
    const int n = arg.isEmpty() ? -1 : arg.toInt(&ok);
    using Fault = Script::Fault;
    const auto needsNumber = [&] {
        if (!ok)
            error = u"--fault %1: '%2' is not a number"_s.arg(name, arg);
        return ok;
    };
    if (name == "none"_L1) {
        script.fault = Fault::None;
    } else if (name == "httperror"_L1 || name == "http"_L1) {
        script.fault = Fault::HttpError;
        script.status = n;
        return needsNumber();
    } else if (name == "htmlerror"_L1 || name == "html"_L1) {
        script.fault = Fault::HtmlError;
        script.status = n;
        return needsNumber();
    } else if (name == "nofirstbyte"_L1) {
        script.fault = Fault::NoFirstByte;
    } else if (name == "stallafterchunks"_L1 || name == "stallafter"_L1 || name == "stall"_L1) {
        script.fault = Fault::StallAfterChunks;
        script.faultAfterChunks = n;
        return needsNumber();
    } else if (name == "dropafterchunks"_L1 || name == "dropafter"_L1 || name == "drop"_L1) {
        script.fault = Fault::DropAfterChunks;
        script.faultAfterChunks = n;
        return needsNumber();
    } else if (name == "malformedchunk"_L1 || name == "malformed"_L1) {
        script.fault = Fault::MalformedChunk;
        script.faultAfterChunks = n;
        return needsNumber();
    } else if (name == "errormidstream"_L1 || name == "error"_L1) {
        script.fault = Fault::ErrorMidStream;
        script.faultAfterChunks = n;
        return needsNumber();
    } else if (name == "contentfilter"_L1) {
        script.fault = Fault::ContentFilter;
    } else if (name == "refusaldelta"_L1 || name == "refusal"_L1) {
        script.fault = Fault::RefusalDelta;
        script.refusal = Script::refusalDelta(arg).refusal;
    } else {
        error = u"--fault: unknown fault '%1'"_s.arg(spec);
        return false;
    }
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"zk_fakeopenai"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(u"Local OpenAI-compatible test server (127.0.0.1 only)."_s);
    parser.addHelpOption();
    const QCommandLineOption portOption(u"port"_s, u"Port to listen on; 0 picks a free one."_s, u"n"_s, u"0"_s);
    const QCommandLineOption replyOption(u"reply"_s, u"Reply text to stream."_s, u"text"_s);
    const QCommandLineOption replyFileOption(u"reply-file"_s, u"Read the reply text (UTF-8) from a file."_s, u"path"_s);
    const QCommandLineOption chunksOption(u"chunks"_s, u"Number of deltas; 0 = one per word."_s, u"n"_s, u"0"_s);
    const QCommandLineOption splitOption(u"write-split"_s, u"Re-cut the body into writes of 1..N bytes."_s, u"n"_s,
                                         u"0"_s);
    const QCommandLineOption seedOption(u"seed"_s, u"Seed for --write-split cuts."_s, u"n"_s, u"1"_s);
    const QCommandLineOption keyOption(u"api-key"_s, u"Expected Bearer key (default: any non-empty key)."_s, u"key"_s);
    const QCommandLineOption faultOption(u"fault"_s, u"Fault: http-error:STATUS, html-error[:STATUS], no-first-byte, "
                                                     u"stall:N, drop:N, malformed[:N], error-mid-stream[:N], "
                                                     u"content-filter, refusal[:TEXT]."_s,
                                         u"name[:arg]"_s);
    const QCommandLineOption delayOption(u"delay-ms"_s, u"Pause between events."_s, u"ms"_s, u"0"_s);
    const QCommandLineOption firstByteOption(u"first-byte-delay-ms"_s, u"Pause before the status line."_s, u"ms"_s,
                                             u"0"_s);
    const QCommandLineOption modelOption(u"model"_s, u"Reported model (default: echo the request)."_s, u"name"_s);
    const QCommandLineOption finishOption(u"finish-reason"_s, u"finish_reason of the last chunk."_s, u"reason"_s,
                                          u"stop"_s);
    const QCommandLineOption noChunkedOption(u"no-chunked"_s, u"Connection: close and a raw body, no chunking."_s);
    const QCommandLineOption headerOption(u"header"_s, u"Extra response header (repeatable)."_s, u"name:value"_s);
    const QCommandLineOption flagOption(u"moderation-flag"_s, u"Moderation category to flag (repeatable)."_s,
                                        u"category"_s);
    const QCommandLineOption verboseOption(u"verbose"_s, u"Log every request (and its TLS version) to stderr."_s);
    const QCommandLineOption tlsCertOption(u"tls-cert"_s, u"Serve HTTPS with this PEM certificate (needs --tls-key)."_s,
                                           u"file"_s);
    const QCommandLineOption tlsKeyOption(u"tls-key"_s, u"PEM private key of --tls-cert (unencrypted)."_s, u"file"_s);
    const QCommandLineOption pageOption(u"page"_s,
                                        u"Serve FILE at URLPATH (outside /v1, any method, no key): a browser "
                                        u"benchmark page on the API's own origin (repeatable)."_s,
                                        u"urlpath=file"_s);
    const QCommandLineOption reportOption(u"report-path"_s,
                                          u"Answer requests to URLPATH with 200 and print each one's body to "
                                          u"stdout as a line \"REPORT <body>\" (a page's figures)."_s,
                                          u"urlpath"_s);
    const QCommandLineOption makeCertOption(u"make-cert"_s,
                                            u"Write a throwaway self-signed certificate for localhost and 127.0.0.1 "
                                            u"to DIR/cert.pem and DIR/key.pem, then exit."_s,
                                            u"dir"_s);
    for (const auto *option : {&portOption, &replyOption, &replyFileOption, &chunksOption, &splitOption, &seedOption,
                               &keyOption, &faultOption, &delayOption, &firstByteOption, &modelOption, &finishOption,
                               &noChunkedOption, &headerOption, &flagOption, &verboseOption, &tlsCertOption,
                               &tlsKeyOption, &pageOption, &reportOption, &makeCertOption})
        parser.addOption(*option);
    parser.process(app);

    const auto fail = [](const QString &message) {
        std::fprintf(stderr, "zk_fakeopenai: %s\n", qUtf8Printable(message));
        return 2;
    };
    const auto number = [&](const QCommandLineOption &option, int &out) {
        bool ok = false;
        out = parser.value(option).toInt(&ok);
        return ok;
    };

    if (parser.isSet(makeCertOption)) {
        QString error;
        const auto credentials =
            zk::test::TlsCredentials::selfSigned({u"DNS:localhost"_s, u"IP:127.0.0.1"_s}, 2, &error);
        if (credentials.isNull() || !credentials.writeTo(parser.value(makeCertOption), &error))
            return fail(error.isEmpty() ? u"cannot make a certificate"_s : error);
        return 0;
    }
    if (parser.isSet(tlsCertOption) != parser.isSet(tlsKeyOption))
        return fail(u"--tls-cert and --tls-key go together"_s);

    Script script;
    int port = 0;
    int seed = 1;
    if (!number(portOption, port) || port < 0 || port > 65535)
        return fail(u"--port must be 0..65535"_s);
    if (!number(chunksOption, script.chunks) || !number(splitOption, script.writeSplit) || !number(seedOption, seed)
        || !number(delayOption, script.interChunkDelayMs) || !number(firstByteOption, script.firstByteDelayMs))
        return fail(u"--chunks, --write-split, --seed, --delay-ms and --first-byte-delay-ms take numbers"_s);
    script.splitSeed = quint32(seed);
    if (parser.isSet(replyFileOption)) {
        QFile file(parser.value(replyFileOption));
        if (!file.open(QIODevice::ReadOnly))
            return fail(u"cannot read %1: %2"_s.arg(file.fileName(), file.errorString()));
        script.reply = QString::fromUtf8(file.readAll());
    } else if (parser.isSet(replyOption)) {
        script.reply = parser.value(replyOption);
    }
    script.model = parser.value(modelOption);
    script.finishReason = parser.value(finishOption);
    script.chunkedEncoding = !parser.isSet(noChunkedOption);
    for (const QString &header : parser.values(headerOption)) {
        const qsizetype colon = header.indexOf(u':');
        if (colon <= 0)
            return fail(u"--header wants name:value, got '%1'"_s.arg(header));
        script.headers.insert(header.left(colon).trimmed().toLower().toUtf8(), header.mid(colon + 1).trimmed().toUtf8());
    }
    if (parser.isSet(faultOption)) {
        QString error;
        if (!applyFault(parser.value(faultOption), script, error))
            return fail(error);
    }
    if (parser.isSet(verboseOption))
        QLoggingCategory::setFilterRules(u"zk.test.fakeserver.debug=true"_s);

    zk::test::FakeOpenAiServer server;
    server.setDefaultScript(script);
    if (parser.isSet(keyOption))
        server.setExpectedApiKey(parser.value(keyOption));
    if (parser.isSet(flagOption))
        server.setModeration(zk::test::ModerationScript::flagging(parser.values(flagOption)));
    for (const QString &page : parser.values(pageOption)) {
        const qsizetype equals = page.indexOf(u'=');
        if (equals <= 0 || !page.startsWith(u'/'))
            return fail(u"--page wants /urlpath=file, got '%1'"_s.arg(page));
        QFile file(page.mid(equals + 1));
        if (!file.open(QIODevice::ReadOnly))
            return fail(u"cannot read %1: %2"_s.arg(file.fileName(), file.errorString()));
        const QByteArray type = file.fileName().endsWith(u".js"_s) ? "text/javascript; charset=utf-8"
                                                                   : "text/html; charset=utf-8";
        server.setStaticRoute(page.left(equals).toUtf8(), type, file.readAll());
    }
    if (parser.isSet(reportOption)) {
        const QByteArray reportPath = parser.value(reportOption).toUtf8();
        server.setStaticRoute(reportPath, "text/plain; charset=utf-8", "ok\n");
        QObject::connect(&server, &zk::test::FakeOpenAiServer::requestReceived, &server, [&server, reportPath](int i) {
            const auto request = server.requests().at(i);
            if (request.path != reportPath)
                return;
            std::printf("REPORT %s\n", QByteArray(request.body).replace('\n', ' ').constData());
            std::fflush(stdout);
        });
    }
    if (parser.isSet(tlsCertOption)) {
        QString error;
        const auto credentials =
            zk::test::TlsCredentials::readFrom(parser.value(tlsCertOption), parser.value(tlsKeyOption), &error);
        if (credentials.isNull())
            return fail(error);
        if (!server.listenTls(credentials, quint16(port)))
            return fail(u"cannot listen with TLS on 127.0.0.1:%1"_s.arg(port));
    } else if (!server.listen(quint16(port))) {
        return fail(u"cannot listen on 127.0.0.1:%1"_s.arg(port));
    }

#ifdef Q_OS_UNIX
    if (!installTerminationHandler(app))
        return fail(u"cannot install the SIGTERM handler"_s);
#endif

    std::printf("PORT %u\n", unsigned(server.port()));
    std::fflush(stdout);
    return app.exec();
}
