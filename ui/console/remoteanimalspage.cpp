#include "console/remoteanimalspage.h"

#include "admin/admintouch.h"
#include "admin/animalform.h"
#include "console/consolewords.h"
#include "fleet/kiosklink.h"
#include "fleet/remotereply.h"

#include <QCheckBox>
#include <QComboBox>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace zk::ui {

namespace {

// One animals.list entry's texts (core/jsonviews animalJson).
persona::AnimalText textFromJson(const QJsonObject &o)
{
    const auto lines = [&o](const QString &key) {
        QStringList list;
        for (const QJsonValue &v : o.value(key).toArray())
            list << v.toString();
        return list;
    };
    persona::AnimalText t;
    t.language = o.value(u"language"_s).toString();
    t.name = o.value(u"name"_s).toString();
    t.title = o.value(u"title"_s).toString();
    t.species = o.value(u"species"_s).toString();
    t.personality = o.value(u"personality"_s).toString();
    t.facts = lines(u"facts"_s);
    t.conservationStatus = o.value(u"conservationStatus"_s).toString();
    t.suggestedQuestions = lines(u"suggestedQuestions"_s);
    t.emergencyMessage = o.value(u"emergencyMessage"_s).toString();
    return t;
}

} // namespace

RemoteAnimalsPage::RemoteAnimalsPage(fleet::KioskLink &link, QWidget *parent) : AdminPage(parent), m_link(link)
{
    setObjectName(u"remoteAnimalsPage"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *top = new QHBoxLayout;
    m_animal = new QComboBox(this);
    m_animal->setObjectName(u"remoteAnimalChoice"_s);
    connect(m_animal, &QComboBox::currentIndexChanged, this, [this] {
        showAnimal();
        setMessage(QString(), QString());
    });
    top->addWidget(m_animal, 1);
    m_english = admintouch::toggleButton(tr("English"), this, u"remoteAnimalsEnglish"_s);
    m_spanish = admintouch::toggleButton(tr("Spanish"), this, u"remoteAnimalsSpanish"_s);
    top->addWidget(m_english);
    top->addWidget(m_spanish);
    connect(m_english, &QPushButton::clicked, this, [this] { setLanguage(u"en"_s); });
    connect(m_spanish, &QPushButton::clicked, this, [this] { setLanguage(u"es"_s); });
    m_active = new QCheckBox(tr("Shown on the kiosk"), this);
    m_active->setObjectName(u"remoteAnimalActive"_s);
    top->addWidget(m_active);
    layout->addLayout(top);

    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    admintouch::makeKinetic(scroll);
    m_form = new AnimalForm(scroll);
    scroll->setWidget(m_form);
    layout->addWidget(scroll, 1);

    auto *bottom = new QHBoxLayout;
    m_message = new QLabel(this);
    m_message->setObjectName(u"remoteAnimalsMessage"_s);
    m_message->setWordWrap(true);
    bottom->addWidget(m_message, 1);
    auto *save = admintouch::touchButton(tr("Save"), this, u"remoteAnimalsSave"_s);
    connect(save, &QPushButton::clicked, this, &RemoteAnimalsPage::save);
    bottom->addWidget(save);
    layout->addLayout(bottom);
    m_english->setChecked(true);
}

QWidget *RemoteAnimalsPage::editor(const QString &field) const
{
    return m_form->editor(field);
}

void RemoteAnimalsPage::refresh()
{
    setMessage(QString(), QString());
    load();
}

void RemoteAnimalsPage::load()
{
    fleet::RemoteReply *reply = m_link.call(u"animals.list"_s, {{u"language"_s, m_language}});
    connect(reply, &fleet::RemoteReply::finished, this, [this, reply] {
        if (!reply->isOk()) {
            setMessage(ConsoleWords::callError(*reply), u"error"_s);
            return;
        }
        const QString current = m_animal->currentData().toString();
        m_list = reply->result().toArray();
        const QSignalBlocker block(m_animal);
        m_animal->clear();
        for (const QJsonValue &v : std::as_const(m_list)) {
            const QJsonObject a = v.toObject();
            m_animal->addItem(u"%1 (%2)"_s.arg(a.value(u"name"_s).toString(), a.value(u"id"_s).toString()),
                              a.value(u"id"_s).toString());
        }
        m_animal->setCurrentIndex(std::max(0, m_animal->findData(current)));
        showAnimal();
        Q_EMIT loaded();
    });
}

void RemoteAnimalsPage::setLanguage(const QString &language)
{
    m_language = language;
    m_english->setChecked(language == u"en");
    m_spanish->setChecked(language == u"es");
    refresh();
}

void RemoteAnimalsPage::selectAnimal(const QString &id)
{
    m_animal->setCurrentIndex(m_animal->findData(id));
}

void RemoteAnimalsPage::showAnimal()
{
    const QString id = m_animal->currentData().toString();
    for (const QJsonValue &v : std::as_const(m_list)) {
        const QJsonObject a = v.toObject();
        if (a.value(u"id"_s).toString() != id)
            continue;
        m_active->setChecked(a.value(u"active"_s).toBool());
        m_form->showText(textFromJson(a));
    }
}

void RemoteAnimalsPage::save()
{
    const QString id = m_animal->currentData().toString();
    if (id.isEmpty())
        return;
    // The kiosk checks the fields (admin::applyAnimalEdit) and answers with the first refusal.
    QJsonObject fields;
    const QMap<QString, QString> values = m_form->values();
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        fields.insert(it.key(), it.value());
    fleet::RemoteReply *reply = m_link.call(
        u"animals.upsert"_s,
        {{u"id"_s, id}, {u"language"_s, m_language}, {u"active"_s, m_active->isChecked()}, {u"fields"_s, fields}});
    connect(reply, &fleet::RemoteReply::finished, this, [this, reply] {
        if (!reply->isOk()) {
            setMessage(ConsoleWords::callError(*reply), u"error"_s);
            Q_EMIT savedAnimal(false);
            return;
        }
        setMessage(tr("Saved on the kiosk."), u"ok"_s);
        Q_EMIT savedAnimal(true);
        load(); // keeps the message
    });
}

void RemoteAnimalsPage::setMessage(const QString &text, const QString &role)
{
    admintouch::showStatus(m_message, text, role);
}

QString RemoteAnimalsPage::message() const { return m_message->text(); }

} // namespace zk::ui
