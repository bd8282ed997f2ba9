#pragma once

#include "storage/repositories.h"

#include <QByteArray>
#include <QList>

namespace zk::admin {

// The History page's export of the filtered turns (also `zookioskctl
// export`): one row per turn with its conversation, animal, source, model,
// safety verdict, timings and tokens.
//
// CSV: RFC 4180 (comma, CRLF, quoted when needed, UTF-8 with BOM so that
// spreadsheets read accents right). A cell that starts with = + - @ (or a
// tab or carriage return) gets a leading ' so a spreadsheet shows visitor
// text instead of running it as a formula.
QByteArray historyCsv(const QList<storage::HistoryRow> &rows);
// JSON: an array of `history --json` objects plus animal and language.
QByteArray historyJson(const QList<storage::HistoryRow> &rows);

} // namespace zk::admin
