#pragma once

#include "fleet/kioskhealth.h"
#include "fleet/kiosklink.h"
#include "fleet/remotereply.h"

#include <QColor>
#include <QCoreApplication>
#include <QIcon>
#include <QString>

namespace zk::ui {

// How the staff console words and colours a kiosk's state: the light, its
// reasons and the severity of an alert. One place, so that the fleet table,
// the status page and the alerts panel say the same thing.
class ConsoleWords
{
    Q_DECLARE_TR_FUNCTIONS(ConsoleWords)

public:
    static QString lightName(fleet::Light light);
    static QColor lightColour(fleet::Light light);
    static QIcon lightIcon(fleet::Light light);
    static QString concernText(fleet::Concern concern, double budgetShare);
    // One line for the table: "Connected and healthy", "Login refused: ...", ...
    static QString summary(const fleet::KioskLink &link);
    static QColor severityColour(const QString &severity);
    static QString severityName(const QString &severity);
    // status.get's "screen" (attract, picker, chat, admin, headless) and breaker "state".
    static QString screenName(const QString &screen);
    static QString breakerStateName(const QString &state);
    // Why a call failed, for the page's message line (the kiosk's own
    // message, English, is kept for the refusals it explains).
    static QString callError(const fleet::RemoteReply &reply);
};

} // namespace zk::ui
