#include "admin/guardrailspage.h"

#include "admin/admintouch.h"
#include "admin/promptpreview.h"
#include "admin/staffedits.h"
#include "core/kioskcore.h"
#include "storage/repositories.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStyle>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace zk::ui {

namespace {
const persona::RuleType kTypes[] = {persona::RuleType::Always, persona::RuleType::Never, persona::RuleType::Encourage,
                                    persona::RuleType::Discourage};
}

GuardrailsPage::GuardrailsPage(KioskCore &core, QWidget *parent) : AdminPage(parent), m_core(core)
{
    setObjectName(u"guardrailsPage"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setChildrenCollapsible(false);
    splitter->setHandleWidth(16);

    auto *left = new QWidget(splitter);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    m_table = new QTableWidget(0, 4, left);
    m_table->setObjectName(u"guardrailTable"_s);
    m_table->setHorizontalHeaderLabels({tr("Type"), tr("For"), tr("On"), tr("Rule")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setDefaultSectionSize(admintouch::kTouchPx);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    admintouch::makeKinetic(m_table);
    connect(m_table, &QTableWidget::cellClicked, this, [this](int row, int) {
        selectRule(m_table->item(row, 0)->data(Qt::UserRole).toLongLong());
    });
    leftLayout->addWidget(m_table, 1);

    auto *editor = new QGridLayout;
    m_type = new QComboBox(left);
    m_type->setObjectName(u"guardrailType"_s);
    for (persona::RuleType t : kTypes)
        m_type->addItem(persona::ruleTypeName(t), int(t));
    m_scope = new QComboBox(left);
    m_scope->setObjectName(u"guardrailScope"_s);
    m_text = new QLineEdit(left);
    m_text->setObjectName(u"guardrailText"_s);
    m_text->setMaxLength(500);
    m_text->setPlaceholderText(tr("What the animal must always, never, or rather (not) do"));
    editor->addWidget(new QLabel(tr("Type"), left), 0, 0);
    editor->addWidget(m_type, 0, 1);
    editor->addWidget(new QLabel(tr("For"), left), 0, 2);
    editor->addWidget(m_scope, 0, 3);
    editor->addWidget(m_text, 1, 0, 1, 4);
    editor->setColumnStretch(3, 1);
    leftLayout->addLayout(editor);

    auto *buttons = new QHBoxLayout;
    m_new = admintouch::touchButton(tr("New rule"), left, u"guardrailNew"_s);
    m_new->setProperty("zkRole", u"secondary"_s);
    m_save = admintouch::touchButton(tr("Save rule"), left, u"guardrailSave"_s);
    m_toggle = admintouch::touchButton(tr("Switch off"), left, u"guardrailToggle"_s);
    m_toggle->setProperty("zkRole", u"secondary"_s);
    m_delete = admintouch::touchButton(tr("Delete"), left, u"guardrailDelete"_s);
    m_delete->setProperty("zkRole", u"danger"_s);
    connect(m_new, &QPushButton::clicked, this, [this] { selectRule(0); });
    connect(m_save, &QPushButton::clicked, this, &GuardrailsPage::saveRule);
    connect(m_toggle, &QPushButton::clicked, this, &GuardrailsPage::toggleRule);
    connect(m_delete, &QPushButton::clicked, this, &GuardrailsPage::deleteRule);
    for (QPushButton *b : {m_new, m_save, m_toggle, m_delete})
        buttons->addWidget(b);
    leftLayout->addLayout(buttons);
    m_message = new QLabel(left);
    m_message->setObjectName(u"guardrailMessage"_s);
    m_message->setWordWrap(true);
    leftLayout->addWidget(m_message);

    auto *right = new QWidget(splitter);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    m_previewAnimal = new QComboBox(right);
    m_previewAnimal->setObjectName(u"guardrailPreviewAnimal"_s);
    connect(m_previewAnimal, &QComboBox::currentIndexChanged, this, &GuardrailsPage::updatePreview);
    rightLayout->addWidget(m_previewAnimal);
    m_preview = new PromptPreview(right);
    rightLayout->addWidget(m_preview, 1);

    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);

    connect(m_text, &QLineEdit::textChanged, this, &GuardrailsPage::updatePreview);
    connect(m_type, &QComboBox::currentIndexChanged, this, &GuardrailsPage::updatePreview);
    connect(m_scope, &QComboBox::currentIndexChanged, this, &GuardrailsPage::updatePreview);
}

void GuardrailsPage::refresh()
{
    const auto animals = m_core.animals().list(false);
    if (animals) {
        const QString scope = m_scope->currentData().toString();
        const QString preview = m_previewAnimal->currentData().toString();
        const QSignalBlocker b1(m_scope), b2(m_previewAnimal);
        m_scope->clear();
        m_previewAnimal->clear();
        m_scope->addItem(tr("All animals"), QString());
        for (const persona::Animal &a : animals.value()) {
            m_scope->addItem(a.displayName(u"en"_s), a.id);
            m_previewAnimal->addItem(tr("Preview for %1").arg(a.displayName(u"en"_s)), a.id);
        }
        m_scope->setCurrentIndex(std::max(0, m_scope->findData(scope)));
        m_previewAnimal->setCurrentIndex(std::max(0, m_previewAnimal->findData(preview)));
    }
    fillTable();
    selectRule(m_selected);
}

void GuardrailsPage::fillTable()
{
    const auto all = m_core.rules().all();
    if (!all) {
        setMessage(tr("The guardrails could not be read."), u"error"_s);
        return;
    }
    m_rules = all.value();
    m_table->setRowCount(int(m_rules.size()));
    for (int row = 0; row < m_rules.size(); ++row) {
        const persona::GuardrailRule &r = m_rules.at(row);
        auto *type = new QTableWidgetItem(persona::ruleTypeName(r.type));
        type->setData(Qt::UserRole, r.id);
        m_table->setItem(row, 0, type);
        m_table->setItem(row, 1, new QTableWidgetItem(r.animalId.isEmpty() ? tr("All animals") : r.animalId));
        m_table->setItem(row, 2, new QTableWidgetItem(r.active ? tr("on") : tr("off")));
        m_table->setItem(row, 3, new QTableWidgetItem(r.text));
    }
    m_table->resizeColumnsToContents();
}

void GuardrailsPage::selectRule(qint64 id)
{
    m_deleteArmed = false;
    m_delete->setText(tr("Delete"));
    const auto it = std::find_if(m_rules.cbegin(), m_rules.cend(), [id](const auto &r) { return r.id == id; });
    m_selected = it == m_rules.cend() ? 0 : id;
    {
        const QSignalBlocker b1(m_type), b2(m_scope), b3(m_text);
        if (m_selected) {
            m_type->setCurrentIndex(m_type->findData(int(it->type)));
            m_scope->setCurrentIndex(std::max(0, m_scope->findData(it->animalId)));
            m_text->setText(it->text);
            m_toggle->setText(it->active ? tr("Switch off") : tr("Switch on"));
            for (int row = 0; row < m_table->rowCount(); ++row)
                if (m_table->item(row, 0)->data(Qt::UserRole).toLongLong() == id)
                    m_table->selectRow(row);
        } else {
            m_text->clear();
            m_table->clearSelection();
        }
    }
    m_toggle->setEnabled(m_selected != 0);
    m_delete->setEnabled(m_selected != 0);
    updatePreview();
}

persona::GuardrailRule GuardrailsPage::editedRule() const
{
    persona::GuardrailRule rule;
    const auto it = std::find_if(m_rules.cbegin(), m_rules.cend(), [this](const auto &r) { return r.id == m_selected; });
    if (it != m_rules.cend())
        rule = *it;
    rule.type = persona::RuleType(m_type->currentData().toInt());
    rule.animalId = m_scope->currentData().toString();
    rule.text = m_text->text().trimmed();
    return rule;
}

void GuardrailsPage::updatePreview()
{
    const QString animalId = m_previewAnimal->currentData().toString();
    if (animalId.isEmpty())
        return;
    const auto animal = m_core.animals().find(animalId);
    if (!animal || !animal.value())
        return;
    // The animal's active rules as they would be with the edit saved.
    const persona::GuardrailRule edited = editedRule();
    QList<persona::GuardrailRule> rules;
    for (const persona::GuardrailRule &r : std::as_const(m_rules)) {
        const persona::GuardrailRule &use = r.id == edited.id ? edited : r;
        if (use.active && (use.animalId.isEmpty() || use.animalId == animalId) && !use.text.isEmpty())
            rules << use;
    }
    if (edited.id == 0 && !edited.text.isEmpty() && (edited.animalId.isEmpty() || edited.animalId == animalId))
        rules << edited;
    m_preview->showPrompt(*animal.value(), rules, u"en"_s);
}

bool GuardrailsPage::saveRule()
{
    const persona::GuardrailRule rule = editedRule();
    if (const Status s = admin::validateGuardrail(rule); !s) {
        setMessage(rule.text.isEmpty() ? tr("Write the rule first.") : tr("A rule is at most 500 characters."),
                   u"error"_s);
        return false;
    }
    const auto saved = admin::saveGuardrail(m_core, rule, u"admin panel"_s);
    if (!saved) {
        setMessage(tr("The rule could not be saved."), u"error"_s);
        return false;
    }
    setMessage(tr("Rule saved."), u"ok"_s);
    m_selected = saved.value();
    fillTable();
    selectRule(m_selected);
    return true;
}

bool GuardrailsPage::toggleRule()
{
    if (!m_selected)
        return false;
    const auto it = std::find_if(m_rules.cbegin(), m_rules.cend(), [this](const auto &r) { return r.id == m_selected; });
    if (it == m_rules.cend())
        return false;
    persona::GuardrailRule rule = *it; // the stored rule, not unsaved edits
    rule.active = !rule.active;
    if (!admin::saveGuardrail(m_core, rule, u"admin panel"_s)) {
        setMessage(tr("The rule could not be saved."), u"error"_s);
        return false;
    }
    setMessage(rule.active ? tr("Rule switched on.") : tr("Rule switched off."), u"ok"_s);
    fillTable();
    selectRule(rule.id);
    return true;
}

bool GuardrailsPage::deleteRule()
{
    if (!m_selected)
        return false;
    if (!m_deleteArmed) {
        m_deleteArmed = true;
        m_delete->setText(tr("Tap again to delete"));
        return false;
    }
    if (!admin::deleteGuardrail(m_core, m_selected, u"admin panel"_s)) {
        setMessage(tr("The rule could not be deleted."), u"error"_s);
        return false;
    }
    setMessage(tr("Rule deleted."), u"ok"_s);
    m_selected = 0;
    fillTable();
    selectRule(0);
    return true;
}

QString GuardrailsPage::message() const
{
    return m_message->text();
}

void GuardrailsPage::setMessage(const QString &text, const QString &role)
{
    admintouch::showStatus(m_message, text, role);
}

} // namespace zk::ui
