#include "admin/historyfilterbar.h"

#include "admin/admintouch.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QGridLayout>
#include <QLineEdit>
#include <QPushButton>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace zk::ui {

namespace {
const storage::ReplySource kSources[] = {storage::ReplySource::Model,     storage::ReplySource::FallbackModel,
                                         storage::ReplySource::Cache,     storage::ReplySource::Offline,
                                         storage::ReplySource::Emergency, storage::ReplySource::Blocked};
}

HistoryFilterBar::HistoryFilterBar(QWidget *parent) : QWidget(parent)
{
    auto *filters = new QGridLayout(this);
    filters->setContentsMargins(0, 0, 0, 0);
    m_animal = new QComboBox(this);
    m_animal->setObjectName(u"historyAnimal"_s);
    m_animal->addItem(tr("All animals"), QString());
    m_source = new QComboBox(this);
    m_source->setObjectName(u"historySource"_s);
    m_source->addItem(tr("Any source"), QString());
    for (storage::ReplySource s : kSources)
        m_source->addItem(storage::replySourceName(s), storage::replySourceName(s));
    m_useDates = new QCheckBox(tr("From – to"), this);
    m_useDates->setObjectName(u"historyUseDates"_s);
    m_from = new QDateEdit(QDate::currentDate().addDays(-7), this);
    m_from->setObjectName(u"historyFrom"_s);
    m_to = new QDateEdit(QDate::currentDate(), this);
    m_to->setObjectName(u"historyTo"_s);
    for (QDateEdit *d : {m_from, m_to}) {
        d->setCalendarPopup(true);
        d->setDisplayFormat(u"yyyy-MM-dd"_s);
        d->setEnabled(false);
        connect(m_useDates, &QCheckBox::toggled, d, &QWidget::setEnabled);
    }
    m_blocked = new QCheckBox(tr("Blocked only"), this);
    m_blocked->setObjectName(u"historyBlocked"_s);
    m_search = new QLineEdit(this);
    m_search->setObjectName(u"historySearch"_s);
    m_search->setPlaceholderText(tr("Words in the question or the reply"));
    connect(m_search, &QLineEdit::returnPressed, this, &HistoryFilterBar::searchRequested);
    m_searchButton = admintouch::touchButton(tr("Search"), this, u"historySearchButton"_s);
    connect(m_searchButton, &QPushButton::clicked, this, &HistoryFilterBar::searchRequested);
    filters->addWidget(m_animal, 0, 0);
    filters->addWidget(m_source, 0, 1);
    filters->addWidget(m_blocked, 0, 2);
    filters->addWidget(m_useDates, 1, 0);
    filters->addWidget(m_from, 1, 1);
    filters->addWidget(m_to, 1, 2);
    filters->addWidget(m_search, 2, 0, 1, 2);
    filters->addWidget(m_searchButton, 2, 2);
}

void HistoryFilterBar::setAnimals(const QList<std::pair<QString, QString>> &animals)
{
    const QString current = m_animal->currentData().toString();
    const QSignalBlocker blocker(m_animal);
    m_animal->clear();
    m_animal->addItem(tr("All animals"), QString());
    for (const auto &[id, name] : animals)
        m_animal->addItem(name, id);
    m_animal->setCurrentIndex(std::max(0, m_animal->findData(current)));
}

storage::HistoryFilter HistoryFilterBar::filter() const
{
    storage::HistoryFilter f;
    f.animalId = m_animal->currentData().toString();
    if (m_useDates->isChecked()) {
        f.from = m_from->date();
        f.to = m_to->date();
    }
    const QString source = m_source->currentData().toString();
    if (!source.isEmpty())
        f.source = storage::parseReplySource(source);
    f.blockedOnly = m_blocked->isChecked();
    f.search = m_search->text().trimmed();
    return f;
}

} // namespace zk::ui
