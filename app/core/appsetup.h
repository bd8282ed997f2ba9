#pragma once

#include "core/config.h"

#include <QCommandLineParser>

namespace zk {

// What both executables do first: the application's identity (which decides
// the default data directory) and the settings flags shared by both.
void setApplicationIdentity();

// --config, --data-dir, --base-url, --models, --api, --set KEY=VALUE
void addSettingsOptions(QCommandLineParser &parser);
// The flag map ConfigLoader::load() takes; malformed --set entries are reported in `problems`.
QMap<QString, QString> settingsFlags(const QCommandLineParser &parser, QStringList *problems);

} // namespace zk
