#include "core/openinghours.h"

#include <QCoreApplication>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace zk {

namespace {

const QStringList kDays = {u"mon"_s, u"tue"_s, u"wed"_s, u"thu"_s, u"fri"_s, u"sat"_s, u"sun"_s};

const QStringList kDayNames = {u"monday"_s, u"tuesday"_s, u"wednesday"_s, u"thursday"_s,
                               u"friday"_s, u"saturday"_s, u"sunday"_s};

// 1 (Monday) to 7, or 0 when `name` is not a day ("mon" or "monday").
int dayNumber(const QString &name)
{
    const QString lower = name.toLower();
    qsizetype i = kDays.indexOf(lower);
    if (i < 0)
        i = kDayNames.indexOf(lower);
    return int(i) + 1;
}

} // namespace

Result<OpeningHours> OpeningHours::parse(const QString &text)
{
    static const QRegularExpression rulePattern(
        u"^(?:([a-z]+)(?:\\s*-\\s*([a-z]+))?\\s+)?(\\d{1,2}:\\d{2})\\s*-\\s*(\\d{1,2}:\\d{2})$"_s,
        QRegularExpression::CaseInsensitiveOption);
    OpeningHours hours;
    for (const QString &part : text.split(u',', Qt::SkipEmptyParts)) {
        const QString item = part.simplified();
        if (item.isEmpty())
            continue;
        const auto m = rulePattern.match(item);
        const auto problem = [&] {
            return makeError(QCoreApplication::translate(
                                 "zk::OpeningHours",
                                 "\"%1\" is not \"[DAYS ]HH:MM-HH:MM\" (DAYS such as mon, mon-fri or daily)")
                                 .arg(item));
        };
        if (!m.hasMatch())
            return problem();
        Rule rule;
        const QString first = m.captured(1).toLower();
        if (!first.isEmpty() && first != u"daily") {
            rule.everyDay = false;
            rule.firstDay = dayNumber(first);
            rule.lastDay = m.captured(2).isEmpty() ? rule.firstDay : dayNumber(m.captured(2));
            if (rule.firstDay == 0 || rule.lastDay == 0)
                return problem();
        } else if (!m.captured(2).isEmpty()) {
            return problem();
        }
        rule.open = QTime::fromString(m.captured(3).rightJustified(5, u'0'), u"HH:mm"_s);
        rule.close = QTime::fromString(m.captured(4).rightJustified(5, u'0'), u"HH:mm"_s);
        if (m.captured(4) == u"24:00")
            rule.close = QTime(0, 0);
        if (!rule.open.isValid() || !rule.close.isValid())
            return problem();
        hours.m_rules << rule;
    }
    return hours;
}

bool OpeningHours::dayMatches(const Rule &rule, int dayOfWeek) const
{
    if (rule.everyDay)
        return true;
    if (rule.firstDay <= rule.lastDay)
        return dayOfWeek >= rule.firstDay && dayOfWeek <= rule.lastDay;
    return dayOfWeek >= rule.firstDay || dayOfWeek <= rule.lastDay; // fri-mon
}

bool OpeningHours::isOpen(const QDateTime &localTime) const
{
    if (m_rules.isEmpty())
        return true;
    const int day = localTime.date().dayOfWeek();
    const int yesterday = day == 1 ? 7 : day - 1;
    const QTime now = localTime.time();
    for (const Rule &rule : m_rules) {
        if (rule.open < rule.close) {
            if (dayMatches(rule, day) && now >= rule.open && now < rule.close)
                return true;
        } else { // past midnight (or round the clock when open == close)
            if (dayMatches(rule, day) && now >= rule.open)
                return true;
            if (dayMatches(rule, yesterday) && now < rule.close)
                return true;
        }
    }
    return false;
}

QDateTime OpeningHours::nextChange(const QDateTime &localTime) const
{
    if (m_rules.isEmpty())
        return {};
    // Rule edges fall on whole minutes: step minute by minute from the next
    // one (a week is 10,080 steps, done once per change).
    const bool open = isOpen(localTime);
    QDateTime t = localTime;
    t.setTime(QTime(t.time().hour(), t.time().minute()));
    for (int i = 0; i < 7 * 24 * 60 + 1; ++i) {
        t = t.addSecs(60);
        if (isOpen(t) != open)
            return t;
    }
    return {};
}

QString OpeningHours::toString() const
{
    QStringList parts;
    for (const Rule &rule : m_rules) {
        QString days;
        if (!rule.everyDay)
            days = rule.firstDay == rule.lastDay ? kDays[rule.firstDay - 1]
                                                 : kDays[rule.firstDay - 1] + u'-' + kDays[rule.lastDay - 1];
        const QString times = rule.open.toString(u"HH:mm"_s) + u'-' + rule.close.toString(u"HH:mm"_s);
        parts << (days.isEmpty() ? times : days + u' ' + times);
    }
    return parts.join(u", "_s);
}

} // namespace zk
