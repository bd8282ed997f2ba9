#pragma once

#include <QLoggingCategory>

// One logging category per module, declared here and defined once in logging.cpp.
// Logs never carry the API key; visitor and conversation ids are hashed
// (see zk::hashId).
Q_DECLARE_LOGGING_CATEGORY(lcApp)
Q_DECLARE_LOGGING_CATEGORY(lcConfig)
Q_DECLARE_LOGGING_CATEGORY(lcLlm)
Q_DECLARE_LOGGING_CATEGORY(lcDb)
Q_DECLARE_LOGGING_CATEGORY(lcPersona)
Q_DECLARE_LOGGING_CATEGORY(lcConversation)
Q_DECLARE_LOGGING_CATEGORY(lcSafety)
Q_DECLARE_LOGGING_CATEGORY(lcUi)
