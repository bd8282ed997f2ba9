#pragma once

#include <QLoggingCategory>

// The remote management channel's logging category ("zk.fleet").
Q_DECLARE_LOGGING_CATEGORY(lcFleet)
