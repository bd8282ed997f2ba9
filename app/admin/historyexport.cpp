#include "admin/historyexport.h"

#include "core/jsonviews.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace zk::admin {

namespace {

QString csvCell(QString value)
{
    if (!value.isEmpty()
        && (value.front() == u'=' || value.front() == u'+' || value.front() == u'-' || value.front() == u'@'
            || value.front() == u'\t' || value.front() == u'\r'))
        value.prepend(u'\'');
    if (value.contains(u',') || value.contains(u'"') || value.contains(u'\n') || value.contains(u'\r')
        || value.startsWith(u' ') || value.endsWith(u' ')) {
        value.replace(u"\""_s, u"\"\""_s);
        return u'"' + value + u'"';
    }
    return value;
}

} // namespace

QByteArray historyCsv(const QList<storage::HistoryRow> &rows)
{
    static const QStringList header = {
        u"created_at"_s,   u"conversation_id"_s, u"turn_id"_s,       u"seq"_s,          u"animal"_s,
        u"language"_s,     u"source"_s,          u"status"_s,        u"model"_s,        u"prompt_version"_s,
        u"blocked"_s,      u"escalated"_s,       u"risk_score"_s,    u"categories"_s,   u"block_layer"_s,
        u"personal_data"_s, u"first_token_ms"_s, u"latency_ms"_s,    u"prompt_tokens"_s, u"completion_tokens"_s,
        u"visitor_text"_s, u"reply"_s};
    QString out;
    out += QChar(0xFEFF);
    out += header.join(u',') + u"\r\n"_s;
    for (const storage::HistoryRow &row : rows) {
        const storage::Turn &t = row.turn;
        const QStringList cells = {
            t.createdAt,
            t.conversationId,
            t.id,
            QString::number(t.seq),
            row.animalId,
            row.language,
            storage::replySourceName(t.source),
            storage::turnStatusName(t.status),
            t.model,
            t.promptVersion,
            t.blocked ? u"1"_s : u"0"_s,
            t.escalated ? u"1"_s : u"0"_s,
            QString::number(t.riskScore, 'g', 4),
            t.blockCategories,
            t.blockLayer,
            t.personalData,
            t.firstTokenMs ? QString::number(*t.firstTokenMs) : QString(),
            QString::number(t.latencyMs),
            QString::number(t.promptTokens),
            QString::number(t.completionTokens),
            t.visitorText,
            t.reply,
        };
        QStringList escaped;
        escaped.reserve(cells.size());
        for (const QString &cell : cells)
            escaped << csvCell(cell);
        out += escaped.join(u',') + u"\r\n"_s;
    }
    return out.toUtf8();
}

QByteArray historyJson(const QList<storage::HistoryRow> &rows)
{
    QJsonArray array;
    for (const storage::HistoryRow &row : rows) {
        QJsonObject o = turnHistoryJson(row.turn);
        o.insert(u"animal"_s, row.animalId);
        o.insert(u"language"_s, row.language);
        array.append(o);
    }
    return QJsonDocument(array).toJson(QJsonDocument::Compact) + '\n';
}

} // namespace zk::admin
