#include "console/addkioskform.h"

#include "admin/admintouch.h"
#include "fleet/consolefleet.h"

#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace zk::ui {

AddKioskForm::AddKioskForm(fleet::ConsoleFleet &fleet, QWidget *parent) : QWidget(parent), m_fleet(fleet)
{
    setObjectName(u"addKioskForm"_s);
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    auto *heading = new QLabel(tr("Add a kiosk"), this);
    heading->setProperty("zkRole", u"heading"_s);
    grid->addWidget(heading, 0, 0, 1, 3);
    m_name = new QLineEdit(this);
    m_name->setObjectName(u"addKioskName"_s);
    m_name->setPlaceholderText(tr("Name, e.g. Reptile house"));
    m_url = new QLineEdit(this);
    m_url->setObjectName(u"addKioskUrl"_s);
    m_url->setPlaceholderText(tr("Address, e.g. wss://kiosk-3.zoo.lan:8765"));
    m_token = new QLineEdit(this);
    m_token->setObjectName(u"addKioskToken"_s);
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("The kiosk's fleet token"));
    m_caFile = new QLineEdit(this);
    m_caFile->setObjectName(u"addKioskCaFile"_s);
    m_caFile->setPlaceholderText(tr("wss only: CA file (PEM) if the kiosk's certificate is your own"));
    grid->addWidget(m_name, 1, 0);
    grid->addWidget(m_url, 1, 1);
    grid->addWidget(m_token, 1, 2);
    grid->addWidget(m_caFile, 2, 0, 1, 3);
    m_add = admintouch::touchButton(tr("Add kiosk"), this, u"addKioskButton"_s);
    connect(m_add, &QPushButton::clicked, this, &AddKioskForm::submit);
    grid->addWidget(m_add, 1, 3, 2, 1);
    m_message = new QLabel(this);
    m_message->setObjectName(u"addKioskMessage"_s);
    m_message->setWordWrap(true);
    grid->addWidget(m_message, 3, 0, 1, 4);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 2);
    grid->setColumnStretch(2, 1);
}

QString AddKioskForm::message() const
{
    return m_message->text();
}

bool AddKioskForm::submit()
{
    const fleet::KioskEntry entry{m_name->text().trimmed(), QUrl(m_url->text().trimmed()),
                                  m_token->text().trimmed().toUtf8(), m_caFile->text().trimmed()};
    fleet::EntryProblem problem = fleet::EntryProblem::None;
    const auto outcome = m_fleet.add(entry, &problem);
    if (outcome == fleet::ConsoleFleet::AddOutcome::Added) {
        admintouch::showStatus(m_message, tr("Added %1; connecting.").arg(entry.name), u"ok"_s);
        m_name->clear();
        m_url->clear();
        m_token->clear();
        m_caFile->clear();
        return true;
    }
    QString text;
    if (outcome == fleet::ConsoleFleet::AddOutcome::SaveFailed) {
        text = tr("The kiosk list could not be saved; nothing was added.");
    } else {
        switch (problem) {
        case fleet::EntryProblem::NoName: text = tr("Give the kiosk a name."); break;
        case fleet::EntryProblem::DuplicateName: text = tr("There is already a kiosk with this name."); break;
        case fleet::EntryProblem::BadUrl:
            text = tr("The address should look like ws://127.0.0.1:8765 or wss://kiosk-3.zoo.lan:8765.");
            break;
        case fleet::EntryProblem::BadToken:
            text = tr("The token is the one set on the kiosk: at least 16 characters, without spaces.");
            break;
        case fleet::EntryProblem::BadCaFile:
            text = tr("No PEM certificate could be read from the CA file.");
            break;
        case fleet::EntryProblem::None: break;
        }
    }
    admintouch::showStatus(m_message, text, u"error"_s);
    return false;
}

} // namespace zk::ui
