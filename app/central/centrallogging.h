#pragma once

#include <QLoggingCategory>

// The central store's logging category ("zk.central"). Its messages name the
// central database by CentralUrl::redacted(): never with its password.
Q_DECLARE_LOGGING_CATEGORY(lcCentral)
