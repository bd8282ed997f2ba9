#include "safety/safetyreplies.h"

#include "core/resources.h"
#include "persona/jsonfile.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace zk::safety {

QString SafetyReplies::key(SafetyReply kind)
{
    switch (kind) {
    case SafetyReply::Redirect: return u"redirect"_s;
    case SafetyReply::Injection: return u"injection"_s;
    case SafetyReply::SelfHarm: return u"self_harm"_s;
    case SafetyReply::PersonalData: return u"personal_data"_s;
    }
    return {};
}

Result<SafetyReplies> SafetyReplies::fromResources()
{
    ensureResources();
    const auto root = persona::readJsonObject(u":/safety/replies.json"_s, u"safety replies"_s);
    if (!root)
        return root.error();
    return fromJson(root.value());
}

Result<SafetyReplies> SafetyReplies::fromJson(const QJsonObject &root)
{
    SafetyReplies replies;
    for (SafetyReply kind : {SafetyReply::Redirect, SafetyReply::Injection, SafetyReply::SelfHarm,
                             SafetyReply::PersonalData}) {
        const QJsonObject perLanguage = root.value(key(kind)).toObject();
        for (const QString &language : {u"en"_s, u"es"_s}) {
            const QJsonArray variants = perLanguage.value(language).toArray();
            QStringList texts;
            for (const QJsonValue &v : variants)
                if (v.isString() && !v.toString().trimmed().isEmpty())
                    texts << v.toString();
            if (texts.isEmpty())
                return makeError(u"safety replies: \"%1\" has no %2 text"_s.arg(key(kind), language));
            replies.m_texts.insert(key(kind) + u'/' + language, texts);
        }
    }
    return replies;
}

void SafetyReplies::setOverride(SafetyReply kind, const QString &language, const QString &text)
{
    if (text.trimmed().isEmpty())
        m_overrides.remove(key(kind) + u'/' + language);
    else
        m_overrides.insert(key(kind) + u'/' + language, text.trimmed());
}

QString SafetyReplies::text(SafetyReply kind, const persona::Animal &animal, const QString &language,
                            quint32 pick) const
{
    const QString lang = language == u"es" ? u"es"_s : u"en"_s;
    const QString k = key(kind) + u'/' + lang;
    QString text = m_overrides.value(k);
    if (text.isEmpty()) {
        const QStringList variants = m_texts.value(k);
        if (variants.isEmpty())
            return {};
        text = variants.at(pick % variants.size());
    }
    const persona::AnimalText *t = animal.text(lang);
    const QString name = t && !t->name.isEmpty() ? t->name : animal.id;
    QString question;
    if (t && !t->suggestedQuestions.isEmpty())
        question = t->suggestedQuestions.at((pick / 7) % t->suggestedQuestions.size());
    else
        question = lang == u"es" ? u"¿Qué comes?"_s : u"What do you eat?"_s;
    text.replace(u"{name}"_s, name);
    text.replace(u"{question}"_s, question);
    return text;
}

} // namespace zk::safety
