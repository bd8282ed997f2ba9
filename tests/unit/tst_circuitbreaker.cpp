// CircuitBreaker: opening on consecutive failures and on the failure ratio of a
// full window, the single half-open probe, the state-change callback, reset, and
// snapshot/restore across a "restart" through BreakerRepository on a real
// SQLite file.

#include "llm/circuitbreaker.h"
#include "storage/breakerrepository.h"
#include "storage/database.h"

#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace zk::llm;
using zk::storage::BreakerRepository;
using zk::storage::Database;

Q_DECLARE_METATYPE(zk::llm::ErrorKind)

namespace QTest {
template <>
char *toString(const BreakerState &s)
{
    return qstrdup(breakerStateName(s).toUtf8().constData());
}
} // namespace QTest

namespace {

template <typename R>
QByteArray errorOf(const R &result)
{
    return result.ok() ? QByteArray() : result.error().message.toUtf8();
}

#define ZK_VERIFY_OK(expr)                                                                                             \
    do {                                                                                                               \
        const auto &zkResult_ = (expr);                                                                                \
        QVERIFY2(zkResult_.ok(), errorOf(zkResult_).constData());                                                      \
    } while (false)

const QDateTime kStart = QDateTime(QDate(2026, 11, 22), QTime(12, 0, 0, 123), Qt::UTC);

// Plays a pattern of calls: '1' success, '0' failure.
void play(CircuitBreaker &breaker, QStringView pattern)
{
    for (QChar c : pattern) {
        QVERIFY(breaker.allowRequest());
        if (c == u'1')
            breaker.recordSuccess();
        else
            breaker.recordFailure();
    }
}

} // namespace

class TestCircuitBreaker : public QObject
{
    Q_OBJECT

    QDateTime m_now;
    QList<QPair<BreakerState, BreakerState>> m_changes;

    std::unique_ptr<CircuitBreaker> makeBreaker(BreakerSettings settings = {})
    {
        auto breaker = std::make_unique<CircuitBreaker>(u"chat"_s, settings, [this] { return m_now; });
        breaker->onStateChanged = [this](BreakerState from, BreakerState to) { m_changes.append({from, to}); };
        return breaker;
    }

    void advanceMs(qint64 ms) { m_now = m_now.addMSecs(ms); }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_now = kStart;
        m_changes.clear();
    }

    void names()
    {
        QCOMPARE(breakerStateName(BreakerState::Closed), u"closed"_s);
        QCOMPARE(breakerStateName(BreakerState::Open), u"open"_s);
        QCOMPARE(breakerStateName(BreakerState::HalfOpen), u"half_open"_s);
        for (BreakerState s : {BreakerState::Closed, BreakerState::Open, BreakerState::HalfOpen})
            QCOMPARE(breakerStateFromName(breakerStateName(s)), s);
        QCOMPARE(breakerStateFromName(u"ajar"), std::nullopt);
    }

    void countsAsFailure_data()
    {
        QTest::addColumn<ErrorKind>("kind");
        QTest::addColumn<bool>("failure");
        for (ErrorKind k : {ErrorKind::ConnectionRefused, ErrorKind::HostNotFound, ErrorKind::Tls, ErrorKind::ConnectTimeout,
                            ErrorKind::FirstByteTimeout, ErrorKind::StreamStalled, ErrorKind::Network,
                            ErrorKind::RateLimited, ErrorKind::Retryable, ErrorKind::NonJsonErrorBody,
                            ErrorKind::StreamEndedEarly, ErrorKind::StreamError})
            QTest::newRow(qPrintable(errorKindName(k))) << k << true;
        for (ErrorKind k : {ErrorKind::None, ErrorKind::BadRequest, ErrorKind::ContextLengthExceeded,
                            ErrorKind::Unauthorized, ErrorKind::ModelNotFound, ErrorKind::InsufficientQuota,
                            ErrorKind::HttpOther, ErrorKind::ContentFilter, ErrorKind::Cancelled})
            QTest::newRow(qPrintable(errorKindName(k))) << k << false;
    }

    void countsAsFailure()
    {
        QFETCH(ErrorKind, kind);
        QFETCH(bool, failure);
        QCOMPARE(CircuitBreaker::countsAsFailure(kind), failure);
    }

    void opensAfterFiveConsecutiveFailures()
    {
        auto breaker = makeBreaker();
        play(*breaker, u"0000");
        QCOMPARE(breaker->state(), BreakerState::Closed);
        QCOMPARE(breaker->snapshot().consecutiveFailures, 4);
        QVERIFY(breaker->allowRequest());
        breaker->recordFailure();
        QCOMPARE(breaker->state(), BreakerState::Open);
        QVERIFY(!breaker->allowRequest());
        const BreakerSnapshot s = breaker->snapshot();
        QCOMPARE(s.consecutiveFailures, 5);
        QCOMPARE(s.recent, u"00000"_s);
        QCOMPARE(s.openedAt, kStart);
        QCOMPARE(m_changes, (QList<QPair<BreakerState, BreakerState>>{{BreakerState::Closed, BreakerState::Open}}));
    }

    void successBreaksTheRun()
    {
        auto breaker = makeBreaker();
        play(*breaker, u"00001000010000");
        QCOMPARE(breaker->state(), BreakerState::Closed);
        QCOMPARE(breaker->snapshot().consecutiveFailures, 4);
        QVERIFY(m_changes.isEmpty());
    }

    void opensAtHalfOfTwentyAlternating_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::newRow("failure first") << u"01010101010101010101"_s; // the 20th call is a success
        QTest::newRow("success first") << u"10101010101010101010"_s;
    }

    void opensAtHalfOfTwentyAlternating()
    {
        QFETCH(QString, pattern);
        auto breaker = makeBreaker();
        play(*breaker, QStringView(pattern).first(19));
        QCOMPARE(breaker->state(), BreakerState::Closed); // the window is not full yet
        play(*breaker, QStringView(pattern).sliced(19));
        QCOMPARE(breaker->state(), BreakerState::Open);
        QCOMPARE(breaker->snapshot().recent, pattern);
        QVERIFY(!breaker->allowRequest());
    }

    void nineOfTwentyStaysClosed()
    {
        auto breaker = makeBreaker();
        // 9 failures in 20, never 5 in a row.
        const QString pattern = u"10101010101010101011"_s;
        QCOMPARE(pattern.count(u'0'), 9);
        play(*breaker, pattern);
        QCOMPARE(breaker->state(), BreakerState::Closed);
        // The window slides: a success dropping out for a success keeps 9 of 20...
        play(*breaker, u"1");
        QCOMPARE(breaker->state(), BreakerState::Closed);
        QCOMPARE(breaker->snapshot().recent, u"01010101010101010111"_s);
        QCOMPARE(breaker->snapshot().recent.size(), 20);
        // ... a failure pushing out a failure too (9 of 20) ...
        play(*breaker, u"0");
        QCOMPARE(breaker->state(), BreakerState::Closed);
        QCOMPARE(breaker->snapshot().recent.count(u'0'), 9);
        // ... and one pushing out a success makes it 10 of 20.
        play(*breaker, u"0");
        QCOMPARE(breaker->snapshot().recent.count(u'0'), 10);
        QCOMPARE(breaker->state(), BreakerState::Open);
    }

    void windowKeepsAtMostWindowCalls()
    {
        auto breaker = makeBreaker();
        play(*breaker, QString(45, u'1'));
        QCOMPARE(breaker->snapshot().recent, QString(20, u'1'));
    }

    void halfOpenLetsOneProbeThrough()
    {
        auto breaker = makeBreaker();
        play(*breaker, u"00000");
        QCOMPARE(breaker->state(), BreakerState::Open);
        advanceMs(59999);
        QVERIFY(!breaker->allowRequest());
        QCOMPARE(breaker->state(), BreakerState::Open);
        advanceMs(1);
        QVERIFY(breaker->allowRequest()); // the probe
        QCOMPARE(breaker->state(), BreakerState::HalfOpen);
        for (int i = 0; i < 3; ++i)
            QVERIFY(!breaker->allowRequest());
        advanceMs(30000);
        QVERIFY(!breaker->allowRequest()); // still waiting for the probe
    }

    void probeSuccessCloses()
    {
        auto breaker = makeBreaker();
        play(*breaker, u"1100000");
        advanceMs(60000);
        QVERIFY(breaker->allowRequest());
        breaker->recordSuccess();
        QCOMPARE(breaker->state(), BreakerState::Closed);
        const BreakerSnapshot s = breaker->snapshot();
        QCOMPARE(s.consecutiveFailures, 0);
        QCOMPARE(s.recent, QString());
        QCOMPARE(s.openedAt, std::nullopt);
        for (int i = 0; i < 3; ++i)
            QVERIFY(breaker->allowRequest());
        // Cleared: it takes five new failures to open again.
        play(*breaker, u"0000");
        QCOMPARE(breaker->state(), BreakerState::Closed);
    }

    void probeFailureReopens()
    {
        auto breaker = makeBreaker();
        play(*breaker, u"00000");
        advanceMs(61000);
        QVERIFY(breaker->allowRequest());
        breaker->recordFailure();
        QCOMPARE(breaker->state(), BreakerState::Open);
        QCOMPARE(breaker->snapshot().openedAt, kStart.addMSecs(61000)); // a fresh openedAt
        advanceMs(59999);
        QVERIFY(!breaker->allowRequest());
        advanceMs(1);
        QVERIFY(breaker->allowRequest());
        QCOMPARE(breaker->state(), BreakerState::HalfOpen);
    }

    void lostProbeIsGivenUp()
    {
        auto breaker = makeBreaker();
        play(*breaker, u"00000");
        advanceMs(60000);
        QVERIFY(breaker->allowRequest());
        advanceMs(59999);
        QVERIFY(!breaker->allowRequest());
        advanceMs(1);
        QVERIFY(breaker->allowRequest()); // the first probe never reported
        QVERIFY(!breaker->allowRequest());
        QCOMPARE(breaker->state(), BreakerState::HalfOpen);
    }

    void lateResultsWhileOpenChangeNothing()
    {
        auto breaker = makeBreaker();
        play(*breaker, u"00000");
        const BreakerSnapshot before = breaker->snapshot();
        breaker->recordSuccess();
        breaker->recordFailure();
        QCOMPARE(breaker->state(), BreakerState::Open);
        QCOMPARE(breaker->snapshot().recent, before.recent);
        QCOMPARE(breaker->snapshot().openedAt, before.openedAt);
    }

    void stateChangeCallback()
    {
        auto breaker = makeBreaker();
        play(*breaker, u"00000");
        advanceMs(60000);
        QVERIFY(breaker->allowRequest());
        breaker->recordFailure();
        advanceMs(60000);
        QVERIFY(breaker->allowRequest());
        breaker->recordSuccess();
        play(*breaker, u"00000");
        breaker->reset();
        breaker->reset(); // already closed: no change, no call
        using S = BreakerState;
        const QList<QPair<S, S>> expected{{S::Closed, S::Open},   {S::Open, S::HalfOpen}, {S::HalfOpen, S::Open},
                                          {S::Open, S::HalfOpen}, {S::HalfOpen, S::Closed}, {S::Closed, S::Open},
                                          {S::Open, S::Closed}};
        QCOMPARE(m_changes, expected);
    }

    void resetCloses()
    {
        auto breaker = makeBreaker();
        play(*breaker, u"100000");
        QVERIFY(!breaker->allowRequest());
        breaker->reset();
        QCOMPARE(breaker->state(), BreakerState::Closed);
        QVERIFY(breaker->allowRequest());
        const BreakerSnapshot s = breaker->snapshot();
        QCOMPARE(s.consecutiveFailures, 0);
        QCOMPARE(s.recent, QString());
        QCOMPARE(s.openedAt, std::nullopt);
        // Reset from half-open too (the probe in flight is forgotten).
        play(*breaker, u"00000");
        advanceMs(60000);
        QVERIFY(breaker->allowRequest());
        breaker->reset();
        QVERIFY(breaker->allowRequest());
        QVERIFY(breaker->allowRequest());
    }

    void customSettings()
    {
        auto breaker = makeBreaker(BreakerSettings{3, 4, 0.75, 1000});
        play(*breaker, u"000");
        QCOMPARE(breaker->state(), BreakerState::Open);
        advanceMs(1000);
        QVERIFY(breaker->allowRequest());
        breaker->recordSuccess();
        play(*breaker, u"0101"); // 2 of 4 < 0.75
        QCOMPARE(breaker->state(), BreakerState::Closed);
        play(*breaker, u"0"); // 1010: 2 of 4
        QCOMPARE(breaker->state(), BreakerState::Closed);
        play(*breaker, u"0"); // 0100: 3 of 4, two in a row
        QCOMPARE(breaker->snapshot().recent, u"0100"_s);
        QCOMPARE(breaker->state(), BreakerState::Open);
    }

    void restoreInMemory()
    {
        auto breaker = makeBreaker();
        // Open for longer than openMs: the next call probes.
        breaker->restore({BreakerState::Open, 5, u"00000"_s, kStart.addMSecs(-61000)});
        QCOMPARE(breaker->state(), BreakerState::Open);
        QVERIFY(breaker->allowRequest());
        QCOMPARE(breaker->state(), BreakerState::HalfOpen);
        QVERIFY(!breaker->allowRequest());

        // Open for 10 s: 50 s more.
        breaker->restore({BreakerState::Open, 5, u"00000"_s, kStart.addMSecs(-10000)});
        QVERIFY(!breaker->allowRequest());
        advanceMs(49999);
        QVERIFY(!breaker->allowRequest());
        advanceMs(1);
        QVERIFY(breaker->allowRequest());

        // Half-open when the kiosk stopped: its probe is gone, a new one may go.
        breaker->restore({BreakerState::HalfOpen, 5, u"00000"_s, kStart});
        QVERIFY(breaker->allowRequest());
        QVERIFY(!breaker->allowRequest());

        // Open without a time: a full period from now. Junk and overlong windows are cleaned.
        breaker->restore({BreakerState::Open, -3, u"x"_s + QString(30, u'0'), std::nullopt});
        QCOMPARE(breaker->snapshot().openedAt, m_now);
        QCOMPARE(breaker->snapshot().consecutiveFailures, 0);
        QCOMPARE(breaker->snapshot().recent, QString(20, u'0'));
        QVERIFY(!breaker->allowRequest());

        // restore() loads; it is not a transition.
        QCOMPARE(m_changes.size(), 2); // the two Open -> HalfOpen above
    }

    void survivesRestartThroughTheDatabase()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(u"zookiosk.db"_s);

        {
            Database db(path);
            ZK_VERIFY_OK(db.open());
            BreakerRepository repo(db);
            const auto nothing = repo.load(u"chat"_s);
            ZK_VERIFY_OK(nothing);
            QVERIFY(!nothing->has_value());

            auto breaker = makeBreaker();
            // Persist on every change, as the pipeline does.
            breaker->onStateChanged = [&](BreakerState, BreakerState) { ZK_VERIFY_OK(repo.save(breaker->endpoint(), breaker->snapshot())); };
            play(*breaker, u"1100000");
            QCOMPARE(breaker->state(), BreakerState::Open);

            auto other = makeBreaker();
            play(*other, u"10");
            ZK_VERIFY_OK(repo.save(u"moderations"_s, other->snapshot()));
            ZK_VERIFY_OK(repo.save(u"moderations"_s, other->snapshot())); // an upsert
        } // the kiosk stops

        advanceMs(20000);
        Database db(path);
        ZK_VERIFY_OK(db.open());
        BreakerRepository repo(db);
        const auto loaded = repo.load(u"chat"_s);
        ZK_VERIFY_OK(loaded);
        QVERIFY(loaded->has_value());
        const BreakerSnapshot s = **loaded;
        QCOMPARE(s.state, BreakerState::Open);
        QCOMPARE(s.consecutiveFailures, 5);
        QCOMPARE(s.recent, u"1100000"_s);
        QCOMPARE(s.openedAt, kStart); // to the millisecond
        QCOMPARE(s.openedAt->timeSpec(), Qt::UTC);

        auto breaker = makeBreaker();
        breaker->restore(s);
        QVERIFY(!breaker->allowRequest()); // still open after the restart
        advanceMs(40000);
        QVERIFY(breaker->allowRequest()); // 60 s after it opened: one probe
        QVERIFY(!breaker->allowRequest());
        breaker->recordSuccess();
        ZK_VERIFY_OK(repo.save(breaker->endpoint(), breaker->snapshot()));

        // Staff see every endpoint.
        const auto all = repo.all();
        ZK_VERIFY_OK(all);
        QCOMPARE(all->size(), 2);
        QCOMPARE(all->at(0).first, u"chat"_s);
        QCOMPARE(all->at(0).second.state, BreakerState::Closed);
        QCOMPARE(all->at(0).second.openedAt, std::nullopt);
        QCOMPARE(all->at(0).second.recent, QString());
        QCOMPARE(all->at(1).first, u"moderations"_s);
        QCOMPARE(all->at(1).second.recent, u"10"_s);
        QCOMPARE(all->at(1).second.consecutiveFailures, 1);

        // Stored as the schema says: state names, ISO-8601 UTC with ms, NULL when closed.
        QSqlQuery q(db.connection());
        QVERIFY(q.exec(u"SELECT state, opened_at IS NULL, updated_at FROM breaker_state WHERE endpoint = 'chat'"_s));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), u"closed"_s);
        QCOMPARE(q.value(1).toInt(), 1);
        QVERIFY(QDateTime::fromString(q.value(2).toString(), Qt::ISODateWithMs).isValid());

        ZK_VERIFY_OK(repo.save(u"chat"_s, BreakerSnapshot{BreakerState::Open, 5, u"00000"_s, kStart}));
        QVERIFY(q.exec(u"SELECT opened_at FROM breaker_state WHERE endpoint = 'chat'"_s));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), u"2026-11-22T12:00:00.123Z"_s);

        QVERIFY(!repo.save(QString(), BreakerSnapshot{}).ok());
    }

    void repositoryNeedsAnOpenDatabase()
    {
        QTemporaryDir dir;
        Database db(dir.filePath(u"closed.db"_s));
        BreakerRepository repo(db);
        QVERIFY(!repo.load(u"chat"_s).ok());
        QVERIFY(!repo.save(u"chat"_s, BreakerSnapshot{}).ok());
        QVERIFY(!repo.all().ok());
    }
};

QTEST_GUILESS_MAIN(TestCircuitBreaker)
#include "tst_circuitbreaker.moc"
