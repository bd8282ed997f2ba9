#include "console/remoteanimalspage.h"

#include "admin/admintouch.h"
#include "console/consolewords.h"
#include "fleet/kiosklink.h"
#include "fleet/remotereply.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace zk::ui {

namespace {

// The upsert's field names and animals.list's keys for them.
struct FieldSpec
{
    QString field;
    QString listKey;
    bool lines;
};

const QList<FieldSpec> &fieldSpecs()
{
    static const QList<FieldSpec> specs = {{u"name"_s, u"name"_s, false},
                                           {u"title"_s, u"title"_s, false},
                                           {u"species"_s, u"species"_s, false},
                                           {u"conservation"_s, u"conservationStatus"_s, false},
                                           {u"facts"_s, u"facts"_s, true},
                                           {u"questions"_s, u"suggestedQuestions"_s, true}};
    return specs;
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
    layout->addLayout(top);

    auto *form = new QFormLayout;
    m_active = new QCheckBox(tr("Shown on the kiosk"), this);
    m_active->setObjectName(u"remoteAnimalActive"_s);
    form->addRow(m_active);
    const QStringList labels = {tr("Name"), tr("Title"), tr("Species"), tr("Conservation status"),
                                tr("Facts (one per line)"), tr("Suggested questions (one per line)")};
    for (int i = 0; i < fieldSpecs().size(); ++i) {
        const FieldSpec &spec = fieldSpecs().at(i);
        QWidget *editor = spec.lines ? static_cast<QWidget *>(new QPlainTextEdit(this)) : new QLineEdit(this);
        editor->setObjectName(u"remoteAnimal_"_s + spec.field);
        form->addRow(labels.at(i), editor);
        m_editors.insert(spec.field, editor);
    }
    layout->addLayout(form, 1);

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
        for (const FieldSpec &spec : fieldSpecs()) {
            if (spec.lines) {
                QStringList lines;
                for (const QJsonValue &line : a.value(spec.listKey).toArray())
                    lines << line.toString();
                static_cast<QPlainTextEdit *>(m_editors.value(spec.field))->setPlainText(lines.join(u'\n'));
            } else {
                static_cast<QLineEdit *>(m_editors.value(spec.field))->setText(a.value(spec.listKey).toString());
            }
        }
    }
}

void RemoteAnimalsPage::save()
{
    const QString id = m_animal->currentData().toString();
    if (id.isEmpty())
        return;
    QJsonObject fields;
    for (const FieldSpec &spec : fieldSpecs()) {
        if (spec.lines) {
            QStringList lines = static_cast<QPlainTextEdit *>(m_editors.value(spec.field))
                                    ->toPlainText()
                                    .split(u'\n', Qt::SkipEmptyParts);
            for (QString &line : lines)
                line = line.trimmed();
            lines.removeAll(QString());
            fields.insert(spec.field, QJsonArray::fromStringList(lines));
        } else {
            fields.insert(spec.field, static_cast<QLineEdit *>(m_editors.value(spec.field))->text().trimmed());
        }
    }
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
