#include "persona/animal.h"

namespace zk::persona {

const AnimalText *Animal::text(const QString &language) const
{
    const AnimalText *english = nullptr;
    for (const AnimalText &t : texts) {
        if (t.language == language)
            return &t;
        if (t.language == u"en")
            english = &t;
    }
    if (english)
        return english;
    return texts.isEmpty() ? nullptr : &texts.first();
}

QString Animal::displayName(const QString &language) const
{
    const AnimalText *t = text(language);
    if (!t)
        return id;
    return t->title.isEmpty() ? t->name : t->title;
}

QString ruleTypeName(RuleType type)
{
    switch (type) {
    case RuleType::Always: return QStringLiteral("ALWAYS");
    case RuleType::Never: return QStringLiteral("NEVER");
    case RuleType::Encourage: return QStringLiteral("ENCOURAGE");
    case RuleType::Discourage: return QStringLiteral("DISCOURAGE");
    }
    return {};
}

bool parseRuleType(const QString &name, RuleType *out)
{
    for (RuleType t : {RuleType::Always, RuleType::Never, RuleType::Encourage, RuleType::Discourage}) {
        if (name.compare(ruleTypeName(t), Qt::CaseInsensitive) == 0) {
            *out = t;
            return true;
        }
    }
    return false;
}

} // namespace zk::persona
