#include "console/consolewords.h"

#include "fleet/jsonrpc.h"

#include <QPainter>
#include <QPixmap>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace zk::ui {

QString ConsoleWords::lightName(fleet::Light light)
{
    switch (light) {
    case fleet::Light::Grey: return tr("Connecting");
    case fleet::Light::Green: return tr("Healthy");
    case fleet::Light::Amber: return tr("Needs a look");
    case fleet::Light::Red: return tr("Not connected");
    }
    return {};
}

QColor ConsoleWords::lightColour(fleet::Light light)
{
    switch (light) {
    case fleet::Light::Grey: return QColor(0x9a, 0xa7, 0xa0);
    case fleet::Light::Green: return QColor(0x2f, 0x8f, 0x4f);
    case fleet::Light::Amber: return QColor(0xe0, 0x9a, 0x1f);
    case fleet::Light::Red: return QColor(0xb8, 0x2e, 0x24);
    }
    return {};
}

QIcon ConsoleWords::lightIcon(fleet::Light light)
{
    QPixmap pixmap(40, 40);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(lightColour(light).darker(140), 2));
    painter.setBrush(lightColour(light));
    painter.drawEllipse(QRectF(3, 3, 34, 34));
    return QIcon(pixmap);
}

QString ConsoleWords::concernText(fleet::Concern concern, double budgetShare)
{
    switch (concern) {
    case fleet::Concern::BreakerOpen:
        return tr("The AI service failed several times: the kiosk has paused it (circuit breaker open).");
    case fleet::Concern::EmergencyMode:
        return tr("Emergency mode is on: the animals answer from their own facts.");
    case fleet::Concern::BudgetHigh:
        return tr("%1% of the budget is spent.").arg(qRound(budgetShare * 100));
    case fleet::Concern::BudgetSpent:
        return tr("The budget is spent: the animals answer offline until it resets or is raised.");
    case fleet::Concern::Offline:
        return tr("No API key in use: the animals answer offline.");
    }
    return {};
}

QString ConsoleWords::summary(const fleet::KioskLink &link)
{
    switch (link.state()) {
    case fleet::KioskLink::State::Connecting:
        return tr("Connecting and logging in…");
    case fleet::KioskLink::State::Refused:
        return tr("The kiosk did not accept this console's token. Check the token set on the kiosk "
                  "(zookioskctl fleet set-token), then remove this kiosk here and add it again with that token.");
    case fleet::KioskLink::State::Unreachable:
        if (link.failure() == fleet::KioskLink::Failure::Untrusted)
            return tr("This console does not trust the kiosk's certificate. Remove the kiosk and add it again "
                      "with the CA file (PEM) that signed its certificate. Trying again in %1 s.")
                .arg(qMax(1, link.retryInMs() / 1000));
        return tr("The kiosk cannot be reached (switched off, or no network?). Trying again in %1 s.")
            .arg(qMax(1, link.retryInMs() / 1000));
    case fleet::KioskLink::State::Connected:
        break;
    }
    const fleet::KioskHealth health = link.health();
    if (health.light == fleet::Light::Grey)
        return tr("Logged in; waiting for the first status…");
    if (health.concerns.isEmpty())
        return tr("Connected and healthy.");
    QStringList lines;
    for (const fleet::Concern c : health.concerns)
        lines << concernText(c, health.budgetShare);
    return lines.join(u' ');
}

QColor ConsoleWords::severityColour(const QString &severity)
{
    if (severity == u"critical")
        return QColor(0xf3, 0xc6, 0xc0);
    if (severity == u"error")
        return QColor(0xf7, 0xd9, 0xc4);
    if (severity == u"warning")
        return QColor(0xfb, 0xec, 0xc4);
    return QColor(0xe4, 0xf0, 0xe8);
}

QString ConsoleWords::severityName(const QString &severity)
{
    if (severity == u"critical")
        return tr("Critical");
    if (severity == u"error")
        return tr("Error");
    if (severity == u"warning")
        return tr("Warning");
    return tr("Information");
}

QString ConsoleWords::screenName(const QString &screen)
{
    if (screen == u"attract")
        return tr("the welcome screen");
    if (screen == u"picker")
        return tr("the animal picker");
    if (screen == u"chat")
        return tr("a conversation");
    if (screen == u"admin")
        return tr("the staff admin panel");
    if (screen == u"headless")
        return tr("no screen (zookioskctl serve)");
    return screen;
}

QString ConsoleWords::breakerStateName(const QString &state)
{
    if (state == u"open")
        return tr("open");
    if (state == u"half_open")
        return tr("half-open (trying again)");
    return state;
}

QString ConsoleWords::callError(const fleet::RemoteReply &reply)
{
    switch (reply.errorCode()) {
    case fleet::RemoteReply::Disconnected:
        return tr("The kiosk is not connected; try again when its light is green or amber.");
    case fleet::rpc::InvalidParams:
    case fleet::rpc::NotFound:
        return tr("The kiosk refused it: %1").arg(reply.errorMessage());
    case fleet::rpc::TooManyRequests:
        return tr("Too many requests at once; wait a moment and try again.");
    default:
        break;
    }
    return tr("The kiosk could not do it (%1).").arg(reply.errorMessage());
}

} // namespace zk::ui
