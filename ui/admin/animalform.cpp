#include "admin/animalform.h"

#include "admin/animaledit.h"

#include <QFormLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QPlainTextEdit>

using namespace Qt::StringLiterals;

namespace zk::ui {

namespace {

bool isListField(const QString &field)
{
    return field == u"facts" || field == u"questions";
}

bool isLongField(const QString &field)
{
    return field == u"personality" || field == u"emergency" || isListField(field);
}

QString editorText(QWidget *editor)
{
    if (auto *line = qobject_cast<QLineEdit *>(editor))
        return line->text();
    return static_cast<QPlainTextEdit *>(editor)->toPlainText();
}

void setEditorText(QWidget *editor, const QString &text)
{
    if (auto *line = qobject_cast<QLineEdit *>(editor))
        line->setText(text);
    else
        static_cast<QPlainTextEdit *>(editor)->setPlainText(text);
}

} // namespace

AnimalForm::AnimalForm(QWidget *parent) : QWidget(parent)
{
    m_layout = new QFormLayout(this);
    m_layout->setRowWrapPolicy(QFormLayout::WrapAllRows);
    const QList<std::pair<QString, QString>> fields = {
        {u"name"_s, tr("Name")},
        {u"title"_s, tr("Title")},
        {u"species"_s, tr("Species")},
        {u"personality"_s, tr("Personality")},
        {u"facts"_s, tr("Facts (one per line)")},
        {u"questions"_s, tr("Suggested questions (one per line)")},
        {u"conservation"_s, tr("Conservation status")},
        {u"emergency"_s, tr("Emergency message")},
    };
    for (const auto &[field, label] : fields) {
        QWidget *editor = nullptr;
        if (isLongField(field)) {
            auto *text = new QPlainTextEdit(this);
            text->setMinimumHeight(isListField(field) ? 220 : 130);
            connect(text, &QPlainTextEdit::textChanged, this, &AnimalForm::edited);
            editor = text;
        } else {
            auto *line = new QLineEdit(this);
            connect(line, &QLineEdit::textChanged, this, &AnimalForm::edited);
            editor = line;
        }
        editor->setObjectName(u"field_"_s + field);
        m_editors.insert(field, editor);
        m_layout->addRow(label, editor);
    }
}

void AnimalForm::addRow(const QString &label, QWidget *widget)
{
    m_layout->addRow(label, widget);
}

void AnimalForm::showText(const persona::AnimalText &text)
{
    setEditorText(m_editors.value(u"name"_s), text.name);
    setEditorText(m_editors.value(u"title"_s), text.title);
    setEditorText(m_editors.value(u"species"_s), text.species);
    setEditorText(m_editors.value(u"personality"_s), text.personality);
    setEditorText(m_editors.value(u"facts"_s), text.facts.join(u'\n'));
    setEditorText(m_editors.value(u"questions"_s), text.suggestedQuestions.join(u'\n'));
    setEditorText(m_editors.value(u"conservation"_s), text.conservationStatus);
    setEditorText(m_editors.value(u"emergency"_s), text.emergencyMessage);
}

QMap<QString, QString> AnimalForm::values() const
{
    QMap<QString, QString> values;
    for (auto it = m_editors.cbegin(); it != m_editors.cend(); ++it) {
        QString value = editorText(it.value());
        if (isListField(it.key())) {
            QJsonArray items;
            for (const QString &line : value.split(u'\n'))
                if (!line.trimmed().isEmpty())
                    items.append(line.trimmed());
            value = QString::fromUtf8(QJsonDocument(items).toJson(QJsonDocument::Compact));
        }
        values.insert(it.key(), value);
    }
    return values;
}

bool AnimalForm::apply(persona::Animal &animal, const QString &language, QString *problem) const
{
    const QMap<QString, QString> fields = values();
    for (auto it = fields.cbegin(); it != fields.cend(); ++it) {
        // The same checks as `zookioskctl animals set`.
        if (const Status s = admin::applyAnimalEdit(animal, language, it.key(), it.value()); !s) {
            *problem = s.error().message;
            return false;
        }
    }
    return true;
}

} // namespace zk::ui
