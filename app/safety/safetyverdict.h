#pragma once

#include "safety/safetyreplies.h"

#include <QString>
#include <QStringList>

namespace zk::safety {

// Which check stopped a message or a reply (stored in turns.block_layer).
namespace layer {
inline constexpr auto InputLocal = "input-local";          // word lists and categories, offline
inline constexpr auto InputInjection = "input-injection";  // prompt-injection detector
inline constexpr auto InputRemote = "input-remote";        // POST /moderations on the message
inline constexpr auto OutputLocal = "output-local";        // a streamed sentence failed the local checks
inline constexpr auto OutputPersona = "output-persona";    // the reply leaked the prompt or dropped the persona
inline constexpr auto OutputRemote = "output-remote";      // POST /moderations on the finished reply
inline constexpr auto Model = "model";                     // finish_reason content_filter or a refusal
}

// A message or reply that must not pass, and what to say instead.
struct SafetyBlock
{
    bool blocked = false;
    SafetyReply reply = SafetyReply::Redirect;
    QStringList categories;      // stored names: "profanity", "violence", "self-harm", "injection", ...
    double riskScore = 0.0;      // 0..1
    QString layer;               // one of safety::layer
    QString evidence;            // for staff only (the rule or words matched); never shown to visitors

    bool isSelfHarm() const { return categories.contains(QStringLiteral("self-harm")); }
};

// What the input checks made of a visitor's message.
struct InputVerdict
{
    enum class Kind {
        Pass,        // may go on (to remote moderation and the model)
        Empty,       // nothing to ask: a kind "ask me something", nothing sent
        TooLong,     // over the limit: a kind "shorter please", nothing sent
        Blocked,     // answered by the kiosk with block.reply; never sent to the model
    };
    Kind kind = Kind::Pass;
    QString cleaned;             // the visitor's text without invisible characters (what is shown)
    QString outgoing;            // `cleaned` with personal data replaced: the only form stored or sent
    QStringList personalData;    // kinds found ("phone", "email", ...): the visitor gets a gentle reminder
    int length = 0;              // characters of `cleaned`
    double riskScore = 0.0;      // of the local checks, also when passed
    SafetyBlock block;           // when Blocked
};

} // namespace zk::safety
