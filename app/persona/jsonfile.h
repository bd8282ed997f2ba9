#pragma once

#include "core/result.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace zk::persona {

// Small helpers shared by the content loaders (default personas, knowledge base).

// "text" with double quotes, for error messages.
QString quoted(const QString &text);
// "a string", "an array", ... for error messages.
QString jsonTypeName(const QJsonValue &value);
// The top-level JSON object of `path`; errors name `label` and the line and
// column of a syntax error.
Result<QJsonObject> readJsonObject(const QString &path, const QString &label);

} // namespace zk::persona
