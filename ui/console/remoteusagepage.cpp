#include "console/remoteusagepage.h"

#include "admin/usagereportview.h"
#include "console/consolewords.h"
#include "fleet/kiosklink.h"
#include "fleet/remotereply.h"

#include <QComboBox>
#include <QJsonObject>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace zk::ui {

RemoteUsagePage::RemoteUsagePage(fleet::KioskLink &link, QWidget *parent) : AdminPage(parent), m_link(link)
{
    setObjectName(u"remoteUsagePage"_s);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    m_range = UsageReportView::rangeChoice(this, u"remoteUsageRange"_s);
    connect(m_range, &QComboBox::currentIndexChanged, this, [this] { setDays(m_range->currentData().toInt()); });
    outer->addWidget(m_range, 0, Qt::AlignLeft);
    m_report = new UsageReportView(this);
    outer->addWidget(m_report, 1);
}

void RemoteUsagePage::setDays(int days)
{
    m_days = std::clamp(days, 1, 3660);
    refresh();
}

void RemoteUsagePage::refresh()
{
    fleet::RemoteReply *ratio = m_link.call(u"config.get"_s, {{u"key"_s, u"budget/alert_ratio"_s}});
    connect(ratio, &fleet::RemoteReply::finished, this, [this, ratio] {
        bool ok = false;
        const double r = ratio->result()
                             .toObject()
                             .value(u"budget/alert_ratio"_s)
                             .toObject()
                             .value(u"value"_s)
                             .toString()
                             .toDouble(&ok);
        if (ratio->isOk() && ok)
            m_alertRatio = r;
    });
    // Asked second: its answer comes after the ratio's.
    fleet::RemoteReply *usage = m_link.call(u"usage.get"_s, {{u"days"_s, m_days}});
    connect(usage, &fleet::RemoteReply::finished, this, [this, usage] {
        if (!usage->isOk()) {
            m_report->showProblem(ConsoleWords::callError(*usage));
            return;
        }
        m_report->showReport(usage->result().toObject(), m_alertRatio);
        Q_EMIT loaded();
    });
}

} // namespace zk::ui
