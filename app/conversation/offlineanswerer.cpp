#include "conversation/offlineanswerer.h"

#include "core/logging.h"
#include "storage/knowledgerepository.h"

#include <exception>

using namespace Qt::StringLiterals;

namespace zk::conversation {

QString OfflineAnswerer::emergencyMessage(const persona::Animal &animal, const QString &language)
{
    if (const persona::AnimalText *text = animal.text(language); text && !text->emergencyMessage.trimmed().isEmpty())
        return text->emergencyMessage;
    // Validated content always has one; this is the last resort of a damaged
    // database, in the visitor's language.
    if (language == u"es"_s)
        return u"Estoy descansando un ratito. ¡Vuelve pronto a visitarme!"_s;
    return u"I'm taking a little rest right now. Please come back and visit me soon!"_s;
}

OfflineAnswerer::Answer OfflineAnswerer::answer(const persona::Animal &animal, const QString &language,
                                                const QString &question) const
{
    try {
        const auto match = m_knowledge.bestMatch(animal.id, language, question);
        if (!match) {
            qCWarning(lcConversation).noquote() << "Offline answer search failed:" << match.error().message;
        } else if (match->has_value() && !(*match)->answer.trimmed().isEmpty()) {
            return Answer{(*match)->answer, true, (*match)->key};
        }
    } catch (const std::exception &e) {
        qCWarning(lcConversation) << "Offline answer search threw:" << e.what();
    } catch (...) {
        qCWarning(lcConversation) << "Offline answer search threw";
    }
    return Answer{emergencyMessage(animal, language), false, QString()};
}

} // namespace zk::conversation
