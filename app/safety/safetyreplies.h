#pragma once

#include "core/result.h"
#include "persona/animal.h"

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace zk::safety {

// What the kiosk says by itself when a message or a reply must not pass.
enum class SafetyReply {
    Redirect,      // unsafe input or output, content filter, refusal: steer back to animals
    Injection,     // a trick to change the rules: a playful "nice try"
    SelfHarm,      // warm, no lecture: talk to a trusted grown-up or the staff nearby
    PersonalData,  // a gentle reminder, put before the reply; the conversation goes on
};

// The texts, in the animal's voice, English and Spanish, from
// :/safety/replies.json ({name} and {question} filled in per animal). Staff
// may override a text per language (the self-harm reply comes from config).
class SafetyReplies
{
public:
    static Result<SafetyReplies> fromResources();
    static Result<SafetyReplies> fromJson(const QJsonObject &root);

    void setOverride(SafetyReply kind, const QString &language, const QString &text);

    // `pick` chooses among the variants (e.g. a hash of the turn id), so a
    // visitor who tries twice does not get the very same words.
    QString text(SafetyReply kind, const persona::Animal &animal, const QString &language, quint32 pick = 0) const;

private:
    static QString key(SafetyReply kind);
    QHash<QString, QStringList> m_texts;     // "<kind>/<language>" -> variants
    QHash<QString, QString> m_overrides;     // "<kind>/<language>" -> text
};

} // namespace zk::safety
