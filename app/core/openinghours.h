#pragma once

#include "core/result.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QTime>

namespace zk {

// When the zoo is open, from the setting kiosk/opening_hours: comma-separated
// rules "[DAYS ]HH:MM-HH:MM", DAYS a day ("sat") or a range of days
// ("mon-fri", "fri-mon"), no DAYS meaning every day. A rule whose end is not
// after its start runs past midnight ("fri 18:00-02:00" holds till Saturday
// 02:00). Empty: always open. Outside the hours the kiosk blanks its screen.
//   mon-fri 09:00-17:30, sat-sun 10:00-18:00
// Pure and clock-free: callers pass the local time, so tests inject any time.
class OpeningHours
{
public:
    static Result<OpeningHours> parse(const QString &text);

    bool isAlwaysOpen() const { return m_rules.isEmpty(); }
    bool isOpen(const QDateTime &localTime) const;
    // The first minute after `localTime` at which isOpen() changes (within a
    // week); invalid when always open (or always open inside the rules).
    QDateTime nextChange(const QDateTime &localTime) const;
    // Normalised text, parseable again.
    QString toString() const;

private:
    struct Rule
    {
        int firstDay = 1;    // Qt::DayOfWeek, 1 = Monday
        int lastDay = 7;
        bool everyDay = true;
        QTime open;
        QTime close;
    };
    bool dayMatches(const Rule &rule, int dayOfWeek) const;

    QList<Rule> m_rules;
};

} // namespace zk
