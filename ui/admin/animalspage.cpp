#include "admin/animalspage.h"

#include "admin/animalform.h"
#include "admin/admintouch.h"
#include "admin/promptpreview.h"
#include "admin/staffedits.h"
#include "core/kioskcore.h"
#include "core/resources.h"
#include "storage/repositories.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QStyle>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace zk::ui {


AnimalsPage::AnimalsPage(KioskCore &core, QWidget *parent) : AdminPage(parent), m_core(core)
{
    setObjectName(u"animalsPage"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    auto *top = new QHBoxLayout;
    m_animal = new QComboBox(this);
    m_animal->setObjectName(u"animalChoice"_s);
    connect(m_animal, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_loading)
            selectAnimal(m_animal->currentData().toString());
    });
    top->addWidget(m_animal, 1);
    m_english = admintouch::toggleButton(tr("English"), this, u"langEn"_s);
    m_spanish = admintouch::toggleButton(tr("Spanish"), this, u"langEs"_s);
    top->addWidget(m_english);
    top->addWidget(m_spanish);
    connect(m_english, &QPushButton::clicked, this, [this] { setLanguage(u"en"_s); });
    connect(m_spanish, &QPushButton::clicked, this, [this] { setLanguage(u"es"_s); });
    m_active = new QCheckBox(tr("Shown on the kiosk"), this);
    m_active->setObjectName(u"animalActive"_s);
    connect(m_active, &QCheckBox::toggled, this, &AnimalsPage::updatePreview);
    top->addWidget(m_active);
    layout->addLayout(top);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setChildrenCollapsible(false);
    splitter->setHandleWidth(16);
    auto *scroll = new QScrollArea(splitter);
    scroll->setWidgetResizable(true);
    admintouch::makeKinetic(scroll);
    m_form = new AnimalForm(scroll);
    connect(m_form, &AnimalForm::edited, this, &AnimalsPage::updatePreview);
    m_art = new QComboBox(m_form);
    m_art->setObjectName(u"field_art"_s);
    for (const QString &file : zk::filesWithSuffix(u":/art"_s, u".svg"))
        m_art->addItem(file.chopped(4), QString(u":/art/"_s + file));
    connect(m_art, &QComboBox::currentIndexChanged, this, &AnimalsPage::updatePreview);
    m_form->addRow(tr("Art"), m_art);
    scroll->setWidget(m_form);

    m_preview = new PromptPreview(splitter);
    splitter->addWidget(scroll);
    splitter->addWidget(m_preview);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);

    auto *bottom = new QHBoxLayout;
    m_message = new QLabel(this);
    m_message->setObjectName(u"animalMessage"_s);
    m_message->setWordWrap(true);
    bottom->addWidget(m_message, 1);
    m_save = admintouch::touchButton(tr("Save"), this, u"animalSave"_s);
    connect(m_save, &QPushButton::clicked, this, &AnimalsPage::save);
    bottom->addWidget(m_save);
    layout->addLayout(bottom);
}

void AnimalsPage::refresh()
{
    const auto list = m_core.animals().list(false);
    if (!list) {
        setMessage(tr("The animals could not be read."), u"error"_s);
        return;
    }
    m_list = list.value();
    const QString current = m_edited.id;
    m_loading = true;
    m_animal->clear();
    for (const persona::Animal &a : std::as_const(m_list))
        m_animal->addItem(a.displayName(m_language), a.id);
    m_loading = false;
    selectAnimal(current.isEmpty() && !m_list.isEmpty() ? m_list.first().id : current);
}

void AnimalsPage::selectAnimal(const QString &animalId)
{
    for (const persona::Animal &a : std::as_const(m_list)) {
        if (a.id != animalId)
            continue;
        m_edited = a;
        m_loading = true;
        m_animal->setCurrentIndex(m_animal->findData(a.id));
        m_loading = false;
        setMessage(QString(), QString());
        load();
        return;
    }
}

void AnimalsPage::setLanguage(const QString &language)
{
    // What was typed in the other language stays in the edit until saved.
    persona::Animal animal = m_edited;
    QString problem;
    if (readForm(animal, &problem))
        m_edited = animal;
    m_language = language == u"es" ? u"es"_s : u"en"_s;
    load();
}

void AnimalsPage::load()
{
    m_loading = true;
    m_english->setChecked(m_language == u"en");
    m_spanish->setChecked(m_language == u"es");
    m_active->setChecked(m_edited.active);
    m_art->setCurrentIndex(std::max(0, m_art->findData(m_edited.art)));
    persona::AnimalText text;
    for (const persona::AnimalText &t : std::as_const(m_edited.texts))
        if (t.language == m_language)
            text = t;
    m_form->showText(text);
    m_loading = false;
    updatePreview();
}

bool AnimalsPage::readForm(persona::Animal &animal, QString *problem) const
{
    animal.active = m_active->isChecked();
    if (m_art->currentIndex() >= 0)
        animal.art = m_art->currentData().toString();
    return m_form->apply(animal, m_language, problem);
}

void AnimalsPage::updatePreview()
{
    if (m_loading || m_edited.id.isEmpty())
        return;
    persona::Animal animal = m_edited;
    QString problem;
    if (!readForm(animal, &problem)) {
        setMessage(tr("Not saved yet: %1").arg(problem), u"error"_s);
        m_save->setEnabled(false);
        return;
    }
    m_save->setEnabled(true);
    if (m_message->property("zkRole").toString() == u"error")
        setMessage(QString(), QString());
    const auto rules = m_core.rules().activeFor(animal.id);
    m_preview->showPrompt(animal, rules ? rules.value() : QList<persona::GuardrailRule>(), m_language);
}

bool AnimalsPage::save()
{
    persona::Animal animal = m_edited;
    QString problem;
    if (!readForm(animal, &problem)) {
        setMessage(tr("Not saved: %1").arg(problem), u"error"_s);
        return false;
    }
    const auto versions = admin::saveAnimal(m_core, animal, u"admin panel"_s);
    if (!versions) {
        setMessage(tr("The animal could not be saved."), u"error"_s);
        return false;
    }
    m_edited = animal;
    m_edited.staffEdited = true;
    for (persona::Animal &a : m_list)
        if (a.id == animal.id)
            a = m_edited;
    setMessage(tr("Saved. New prompt version: %1.").arg(versions.value().join(u", "_s)), u"ok"_s);
    return true;
}

QWidget *AnimalsPage::editor(const QString &field) const
{
    return m_form->editor(field);
}

QString AnimalsPage::message() const
{
    return m_message->text();
}

void AnimalsPage::setMessage(const QString &text, const QString &role)
{
    admintouch::showStatus(m_message, text, role);
}

} // namespace zk::ui
