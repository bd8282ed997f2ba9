#include "admin/staffedits.h"

#include "core/kioskcore.h"
#include "persona/promptcomposer.h"
#include "storage/repositories.h"

using namespace Qt::StringLiterals;

namespace zk::admin {

Result<QStringList> saveAnimal(KioskCore &core, const persona::Animal &animal, const QString &who)
{
    if (const Status s = core.animals().saveEdited(animal); !s)
        return s.error();
    const auto rules = core.rules().activeFor(animal.id);
    if (!rules)
        return rules.error();
    QStringList versions;
    const persona::PromptComposer composer;
    for (const persona::AnimalText &text : animal.texts) {
        const persona::ComposedPrompt prompt = composer.compose(animal, rules.value(), text.language);
        if (const Status s = core.conversations().rememberPromptVersion(prompt.version, animal.id, prompt.text); !s)
            return s.error();
        versions << prompt.version;
    }
    core.recordStaffEvent(u"admin"_s, u"animal_edited"_s,
                          u"%1 changed by %2; prompt versions %3."_s.arg(animal.id, who, versions.join(u", "_s)));
    return versions;
}

Status validateGuardrail(const persona::GuardrailRule &rule)
{
    const QString text = rule.text.trimmed();
    if (text.isEmpty())
        return makeError(u"the guardrail's text is empty"_s);
    if (text.size() > 500)
        return makeError(u"a guardrail is at most 500 characters"_s);
    return {};
}

Result<qint64> saveGuardrail(KioskCore &core, const persona::GuardrailRule &rule, const QString &who)
{
    if (const Status s = validateGuardrail(rule); !s)
        return s.error();
    persona::GuardrailRule stored = rule;
    stored.text = rule.text.trimmed();
    const auto saved = core.rules().save(stored);
    if (!saved)
        return saved.error();
    core.recordStaffEvent(u"admin"_s, u"guardrail_saved"_s,
                          u"Guardrail %1 (%2) %3 by %4."_s.arg(saved.value())
                              .arg(persona::ruleTypeName(stored.type), rule.id == 0 ? u"added"_s : u"changed"_s, who));
    return saved.value();
}

Status deleteGuardrail(KioskCore &core, qint64 id, const QString &who)
{
    if (const Status s = core.rules().remove(id); !s)
        return s;
    core.recordStaffEvent(u"admin"_s, u"guardrail_deleted"_s, u"Guardrail %1 deleted by %2."_s.arg(id).arg(who));
    return {};
}

} // namespace zk::admin
