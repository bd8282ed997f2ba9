#include "core/logging.h"

Q_LOGGING_CATEGORY(lcApp, "zk.app")
Q_LOGGING_CATEGORY(lcConfig, "zk.config")
Q_LOGGING_CATEGORY(lcLlm, "zk.llm")
Q_LOGGING_CATEGORY(lcDb, "zk.db")
Q_LOGGING_CATEGORY(lcPersona, "zk.persona")
Q_LOGGING_CATEGORY(lcConversation, "zk.conversation")
Q_LOGGING_CATEGORY(lcSafety, "zk.safety")
Q_LOGGING_CATEGORY(lcUi, "zk.ui")
