// zk_bench_uiframes: how smoothly the kiosk window repaints while a long reply
// streams in, and how much memory the running kiosk holds. Creates the real
// KioskWindow on the platform it is given (xcb under Xvfb for real paints; see
// ui_smoothness.sh), opens the chat with an animal, sends one question to the
// server at --base-url (zk_fakeopenai streaming a 20,000-chunk reply) and
// records, from the first reply delta to replyFinished():
//   * every frame: an UpdateRequest of the window (the repaint manager posts
//     one when something is dirty) in which at least one widget painted;
//   * the event loop's longest stall (a 4 ms precise timer's longest interval);
//   * VmRSS / VmHWM from /proc/self/status before the question, at the end and
//     the peak, and Pss from /proc/self/smaps_rollup at the end.
// Prints one "RESULT key=value ..." line on stdout and a summary on stderr;
// with ZK_BENCH_TRACE set, also the time of every delta and frame (stderr);
// with ZK_BENCH_EVENTS_MS=N, every event that took N ms or more.
// Exit 0 when the whole reply arrived and was shown; 1 otherwise.

#include "conversation/turnpipeline.h"
#include "conversation/turnrun.h"
#include "core/kioskcore.h"
#include "kioskwindow.h"
#include "storage/storedtypes.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QTranslator>
#include <QTextEdit>
#include <QAbstractTextDocumentLayout>
#include <QPaintEvent>
#include <QScreen>
#include <QWindow>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

// A field ("VmRSS:", "Pss:") of a /proc/self file, in kB; -1 if absent.
qint64 procKb(const char *file, const QByteArray &field)
{
    QFile f(QString::fromLatin1(file));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(field.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

double ms(qint64 ns);

// Frames of one top-level widget: the UpdateRequests during which something painted.
class FrameRecorder : public QObject
{
public:
    FrameRecorder(QWidget *window, const QElapsedTimer &clock) : m_window(window), m_clock(clock)
    {
        qApp->installEventFilter(this);
    }

    void finish() { closeFrame(); }
    const QList<qint64> &frames() const { return m_frames; } // ns on the clock
    int paints() const { return m_paints; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::UpdateRequest && watched == m_window) {
            closeFrame();
            m_open = m_clock.nsecsElapsed();
        } else if (event->type() == QEvent::Paint && watched->isWidgetType()
                   && static_cast<QWidget *>(watched)->window() == m_window) {
            m_painted = true;
            ++m_paints;
            if (m_trace) {
                const QRect r = static_cast<QPaintEvent *>(event)->rect();
                std::fprintf(stderr, "paint %.1f ms %s %s %dx%d\n", ms(m_clock.nsecsElapsed()),
                             watched->metaObject()->className(), qPrintable(watched->objectName()), r.width(),
                             r.height());
            }
        }
        return false;
    }

private:
    void closeFrame()
    {
        if (m_open >= 0 && m_painted)
            m_frames.append(m_open);
        m_open = -1;
        m_painted = false;
    }

    QWidget *m_window;
    const QElapsedTimer &m_clock;
    qint64 m_open = -1;
    bool m_painted = false;
    int m_paints = 0;
    QList<qint64> m_frames;
    const bool m_trace = qEnvironmentVariableIsSet("ZK_BENCH_TRACE");
};

double ms(qint64 ns)
{
    return double(ns) / 1e6;
}

// With ZK_BENCH_EVENTS_MS=N, every event the event loop delivers that takes N
// ms or more (outermost deliveries on the GUI thread only) is printed with its receiver, so a
// long gap between frames can be pinned on its cause.
class TimedApplication : public QApplication
{
public:
    TimedApplication(int &argc, char **argv) : QApplication(argc, argv)
    {
        m_clock.start();
    }

    // Times are printed on this clock (the one frames are recorded on).
    void useClock(const QElapsedTimer *clock) { m_shared = clock; }

    bool notify(QObject *receiver, QEvent *event) override
    {
        if (m_thresholdNs < 0 || m_depth > 0 || QThread::currentThread() != thread())
            return QApplication::notify(receiver, event);
        ++m_depth;
        const QElapsedTimer &clock = m_shared ? *m_shared : m_clock;
        const qint64 t0 = clock.nsecsElapsed();
        // The event and its receiver may be gone afterwards.
        const int type = event->type();
        const char *className = receiver->metaObject()->className();
        const QString name = receiver->objectName();
        const bool result = QApplication::notify(receiver, event);
        const qint64 took = clock.nsecsElapsed() - t0;
        --m_depth;
        if (took >= m_thresholdNs)
            m_slow.push_back(Slow{t0, took, type, className, name}); // printed at the end: printing now would stall
        return result;
    }

    ~TimedApplication() override
    {
        for (const Slow &e : m_slow) {
            std::fprintf(stderr, "event %.1f ms took %.1f ms type %d to %s %s\n", ms(e.start), ms(e.took), e.type,
                         e.className, qPrintable(e.name));
        }
    }

private:
    struct Slow
    {
        qint64 start;
        qint64 took;
        int type;
        const char *className;
        QString name;
    };
    std::vector<Slow> m_slow;
    QElapsedTimer m_clock;
    const QElapsedTimer *m_shared = nullptr;
    int m_depth = 0;
    const qint64 m_thresholdNs = qEnvironmentVariableIsSet("ZK_BENCH_EVENTS_MS")
                                     ? qint64(qEnvironmentVariableIntValue("ZK_BENCH_EVENTS_MS")) * 1000000
                                     : -1;
};

} // namespace

int main(int argc, char *argv[])
{
    TimedApplication app(argc, argv);
    QApplication::setApplicationName(u"zk_bench_uiframes"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(u"Frame gaps and memory of the kiosk window while a reply streams."_s);
    parser.addHelpOption();
    const QCommandLineOption baseOption(u"base-url"_s, u"The fake server, http://127.0.0.1:PORT/v1."_s, u"url"_s);
    const QCommandLineOption caOption(u"ca-file"_s, u"Extra CA (PEM) to trust, for an https:// base URL."_s,
                                      u"file"_s);
    const QCommandLineOption keyOption(u"api-key"_s, u"API key to send."_s, u"key"_s, u"sk-bench-ui-0001"_s);
    const QCommandLineOption charsOption(u"expect-chars"_s, u"Characters the reply must have (0: any)."_s, u"n"_s,
                                         u"0"_s);
    const QCommandLineOption animalOption(u"animal"_s, u"Animal id."_s, u"id"_s, u"red_panda"_s);
    const QCommandLineOption questionOption(u"question"_s, u"The question."_s, u"text"_s,
                                            u"Tell me everything about red pandas!"_s);
    const QCommandLineOption settleOption(u"settle-ms"_s, u"Wait before asking, after the chat shows."_s, u"ms"_s,
                                          u"1500"_s);
    for (const auto *option : {&baseOption, &caOption, &keyOption, &charsOption, &animalOption, &questionOption, &settleOption})
        parser.addOption(*option);
    parser.process(app);
    if (!parser.isSet(baseOption)) {
        std::fprintf(stderr, "zk_bench_uiframes: --base-url is required\n");
        return 2;
    }
    const qsizetype expectChars = parser.value(charsOption).toLongLong();

    QTemporaryDir dir;
    zk::Config config;
    config.dataDir = dir.path();
    config.baseUrl = QUrl(parser.value(baseOption));
    config.apiKey = parser.value(keyOption);
    config.caCertificatesFile = parser.value(caOption);
    config.cacheEnabled = false;            // a stream every time
    config.budgetDailyUsd = 1e6;            // a 20,000-token reply is never refused
    config.budgetMonthlyUsd = 1e6;
    config.kioskIdleMs = 10 * 60 * 1000;    // no idle countdown during the run
    zk::KioskCore core(config);
    if (const auto opened = core.open(); !opened.ok()) {
        std::fprintf(stderr, "zk_bench_uiframes: cannot open the core: %s\n", qUtf8Printable(opened.error().message));
        return 1;
    }
    QTranslator translator;
    zk::ui::KioskWindow window(core, translator);
    window.allowClose();
    window.showKiosk();

    QElapsedTimer clock;
    clock.start();
    app.useClock(&clock);
    if (qEnvironmentVariableIsSet("ZK_BENCH_TRACE")) {
        // For lining the trace up with `perf record -k CLOCK_MONOTONIC`.
        timespec now{};
        clock_gettime(CLOCK_MONOTONIC, &now);
        std::fprintf(stderr, "clock origin %.6f s CLOCK_MONOTONIC\n",
                     double(now.tv_sec) + double(now.tv_nsec) / 1e9 - double(clock.nsecsElapsed()) / 1e9);
    }
    FrameRecorder recorder(&window, clock);

    qint64 firstDelta = -1;
    qint64 finished = -1;
    qint64 deltas = 0;
    qint64 rssBefore = -1;
    qint64 longestStall = 0;
    qint64 lastTick = -1;
    QString source;
    qsizetype replyChars = 0;

    // The event loop's longest stall while streaming.
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(4);
    QObject::connect(&probe, &QTimer::timeout, &app, [&] {
        const qint64 now = clock.nsecsElapsed();
        if (lastTick >= 0 && firstDelta >= 0)
            longestStall = std::max(longestStall, now - lastTick);
        lastTick = now;
    });

    QObject::connect(&core.pipeline(), &zk::conversation::TurnPipeline::turnFinished, &app,
                     [&](const zk::conversation::TurnOutcome &outcome) {
                         replyChars = outcome.turn.reply.size();
                         source = zk::storage::replySourceName(outcome.turn.source);
                     });
    QObject::connect(&window, &zk::ui::KioskWindow::replyFinished, &app, [&] {
        finished = clock.nsecsElapsed();
        probe.stop();
        recorder.finish();
        // Let the last paint and the database settle, then read the end figures.
        QTimer::singleShot(500, &app, &QCoreApplication::quit);
    });

    QTimer::singleShot(300, &app, [&] { window.showAnimal(parser.value(animalOption)); });
    QTimer::singleShot(300 + parser.value(settleOption).toInt(), &app, [&] {
        rssBefore = procKb("/proc/self/status", "VmRSS:");
        window.sendQuestion(parser.value(questionOption));
        const auto runs = core.pipeline().findChildren<zk::conversation::TurnRun *>();
        if (runs.isEmpty()) {
            std::fprintf(stderr, "zk_bench_uiframes: the question did not start a turn\n");
            app.exit(1);
            return;
        }
        zk::conversation::TurnRun *run = runs.last();
        QObject::connect(run, &zk::conversation::TurnRun::replyDelta, &app, [&](const QString &) {
            if (firstDelta < 0) {
                firstDelta = clock.nsecsElapsed();
                lastTick = firstDelta;
            }
            ++deltas;
            if (qEnvironmentVariableIsSet("ZK_BENCH_TRACE"))
                std::fprintf(stderr, "delta at %.1f ms (clock %.1f ms)\n", ms(clock.nsecsElapsed() - firstDelta),
                             ms(clock.nsecsElapsed()));
        });
        probe.start();
        if (qEnvironmentVariableIsSet("ZK_BENCH_TRACE")) {
            // What the transcript's layout asks to repaint, in document coordinates.
            if (auto *transcript = window.findChild<QTextEdit *>(u"transcript"_s)) {
                QObject::connect(transcript->document()->documentLayout(), &QAbstractTextDocumentLayout::update,
                                 &app, [&clock](const QRectF &r) {
                                     std::fprintf(stderr, "layout update %.1f ms y %.0f h %.0f\n",
                                                  ms(clock.nsecsElapsed()), r.y(), r.height());
                                 });
            }
        }
    });
    QTimer::singleShot(180000, &app, [&] {
        std::fprintf(stderr, "zk_bench_uiframes: no finished reply after 180 s\n");
        app.exit(1);
    });

    const int rc = app.exec();
    if (rc != 0)
        return rc;
    const qint64 rssEnd = procKb("/proc/self/status", "VmRSS:");
    const qint64 rssPeak = procKb("/proc/self/status", "VmHWM:");
    const qint64 pssEnd = procKb("/proc/self/smaps_rollup", "Pss:");

    // Gaps between successive frames, the first delta and the finish as bounds.
    QList<qint64> points{firstDelta};
    for (const qint64 f : recorder.frames())
        if (f > firstDelta && f < finished)
            points.append(f);
    points.append(finished);
    QList<qint64> gaps;
    for (qsizetype i = 1; i < points.size(); ++i)
        gaps.append(points[i] - points[i - 1]);
    if (qEnvironmentVariableIsSet("ZK_BENCH_TRACE")) {
        for (qsizetype i = 0; i < points.size(); ++i)
            std::fprintf(stderr, "point %lld at %.1f ms\n", (long long)i, ms(points[i] - firstDelta));
    }
    std::sort(gaps.begin(), gaps.end());
    const auto rank = [&](double p) { // nearest rank
        return gaps.isEmpty() ? 0 : gaps[std::clamp<qsizetype>(qsizetype(std::ceil(p * gaps.size())) - 1, 0,
                                                                gaps.size() - 1)];
    };
    const qint64 longest = gaps.isEmpty() ? 0 : gaps.last();
    const qint64 frames = points.size() - 2;
    const double streamMs = ms(finished - firstDelta);

    const QScreen *screen = window.screen();
    std::printf("RESULT platform=%s screen=%dx%d frames=%lld stream_ms=%.1f fps=%.1f longest_gap_ms=%.1f "
                "p50_gap_ms=%.1f p99_gap_ms=%.1f longest_stall_ms=%.1f deltas=%lld reply_chars=%lld source=%s "
                "rss_before_kb=%lld rss_end_kb=%lld rss_peak_kb=%lld pss_end_kb=%lld\n",
                qPrintable(QGuiApplication::platformName()), screen ? screen->size().width() : 0,
                screen ? screen->size().height() : 0, frames, streamMs,
                streamMs > 0 ? frames * 1000.0 / streamMs : 0.0, ms(longest), ms(rank(0.5)), ms(rank(0.99)),
                ms(longestStall), deltas, qlonglong(replyChars), qPrintable(source), rssBefore, rssEnd, rssPeak,
                pssEnd);
    std::fflush(stdout);
    std::fprintf(stderr,
                 "zk_bench_uiframes: %lld frames in %.0f ms of streaming (%lld deltas, %lld chars, %s); longest gap "
                 "%.1f ms; RSS %lld MB peak, %lld MB at the end\n",
                 frames, streamMs, deltas, qlonglong(replyChars), qPrintable(source), ms(longest), rssPeak / 1024,
                 rssEnd / 1024);
    if (source != u"model"_s || (expectChars > 0 && replyChars != expectChars)) {
        std::fprintf(stderr, "zk_bench_uiframes: expected a model reply of %lld characters\n", qlonglong(expectChars));
        return 1;
    }
    return 0;
}
