#include "llm/errorclassifier.h"
#include "llm/requestbuilder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace zk::llm;

class TestErrorClassifier : public QObject
{
    Q_OBJECT

    static QByteArray apiError(const char *type, const char *code, const char *message = "details")
    {
        const QByteArray codeJson = code ? QByteArray("\"") + code + '"' : QByteArray("null");
        return "{\"error\":{\"message\":\"" + QByteArray(message) + "\",\"type\":\"" + type
            + "\",\"param\":null,\"code\":" + codeJson + "}}";
    }

private Q_SLOTS:
    void httpStatuses_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("kind");
        QTest::newRow("400") << 400 << apiError("invalid_request_error", nullptr) << int(ErrorKind::BadRequest);
        QTest::newRow("400 ctx") << 400 << apiError("invalid_request_error", "context_length_exceeded")
                                 << int(ErrorKind::ContextLengthExceeded);
        QTest::newRow("401") << 401 << apiError("invalid_request_error", "invalid_api_key") << int(ErrorKind::Unauthorized);
        QTest::newRow("403") << 403 << apiError("invalid_request_error", "unsupported_country_region_territory")
                             << int(ErrorKind::Unauthorized);
        QTest::newRow("404 model") << 404 << apiError("invalid_request_error", "model_not_found") << int(ErrorKind::ModelNotFound);
        QTest::newRow("408") << 408 << apiError("server_error", nullptr) << int(ErrorKind::Retryable);
        QTest::newRow("409") << 409 << apiError("server_error", nullptr) << int(ErrorKind::Retryable);
        QTest::newRow("429 rate") << 429 << apiError("requests", "rate_limit_exceeded") << int(ErrorKind::RateLimited);
        QTest::newRow("429 quota") << 429 << apiError("insufficient_quota", "insufficient_quota") << int(ErrorKind::InsufficientQuota);
        QTest::newRow("500") << 500 << apiError("server_error", nullptr) << int(ErrorKind::Retryable);
        QTest::newRow("503 html") << 503 << QByteArray("<html><body><h1>503 Service Unavailable</h1></body></html>")
                                  << int(ErrorKind::NonJsonErrorBody);
        QTest::newRow("502 empty") << 502 << QByteArray() << int(ErrorKind::NonJsonErrorBody);
        QTest::newRow("418") << 418 << apiError("invalid_request_error", nullptr) << int(ErrorKind::HttpOther);
    }

    void httpStatuses()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(int, kind);
        const LlmError e = ErrorClassifier::fromHttp(status, {}, body);
        QCOMPARE(int(e.kind), kind);
        QCOMPARE(e.httpStatus, status);
        // The typed error never carries the raw body as its message.
        QVERIFY(!e.message.contains(u"<html>"_s));
    }

    void retryHeaders()
    {
        const QDateTime now = QDateTime(QDate(2026, 11, 22), QTime(12, 0, 0), Qt::UTC);
        QCOMPARE(ErrorClassifier::retryAfterMs({{"retry-after-ms", "1500"}, {"retry-after", "9"}}, now), 1500);
        QCOMPARE(ErrorClassifier::retryAfterMs({{"Retry-After", "2"}}, now), 2000);
        QCOMPARE(ErrorClassifier::retryAfterMs({{"retry-after", "Sun, 22 Nov 2026 12:00:30 GMT"}}, now), 30000);
        QCOMPARE(ErrorClassifier::retryAfterMs({{"retry-after", "soon"}}, now), std::nullopt);
        QCOMPARE(ErrorClassifier::retryAfterMs({}, now), std::nullopt);
        const LlmError e = ErrorClassifier::fromHttp(429, {{"x-should-retry", "false"}, {"retry-after", "3"}},
                                                     apiError("requests", "rate_limit_exceeded"), now);
        QCOMPARE(e.shouldRetry, false);
        QCOMPARE(e.retryAfterMs, 3000);
    }

    void networkErrors()
    {
        QCOMPARE(ErrorClassifier::fromNetwork(QNetworkReply::ConnectionRefusedError, {}).kind, ErrorKind::ConnectionRefused);
        QCOMPARE(ErrorClassifier::fromNetwork(QNetworkReply::HostNotFoundError, {}).kind, ErrorKind::HostNotFound);
        QCOMPARE(ErrorClassifier::fromNetwork(QNetworkReply::SslHandshakeFailedError, {}).kind, ErrorKind::Tls);
        QCOMPARE(ErrorClassifier::fromNetwork(QNetworkReply::RemoteHostClosedError, {}).kind, ErrorKind::StreamEndedEarly);
    }

    void chatRequestBody()
    {
        ChatRequest r;
        r.model = u"gpt-4o"_s;
        r.temperature = 0.5;
        r.maxOutputTokens = 200;
        r.safetyIdentifier = u"abc123"_s;
        r.messages = {{ChatMessage::Role::System, u"sys"_s}, {ChatMessage::Role::User, u"¿Qué comes? 🐼"_s}};
        const QJsonObject o = QJsonDocument::fromJson(RequestBuilder::body(r)).object();
        QCOMPARE(o.value(u"model"_s).toString(), u"gpt-4o"_s);
        QCOMPARE(o.value(u"stream"_s).toBool(), true);
        QCOMPARE(o.value(u"stream_options"_s).toObject().value(u"include_usage"_s).toBool(), true);
        QCOMPARE(o.value(u"max_completion_tokens"_s).toInt(), 200);
        QCOMPARE(o.value(u"user"_s).toString(), u"abc123"_s);
        QCOMPARE(o.value(u"safety_identifier"_s).toString(), u"abc123"_s);
        const QJsonArray messages = o.value(u"messages"_s).toArray();
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages.at(0).toObject().value(u"role"_s).toString(), u"system"_s);
        QCOMPARE(messages.at(1).toObject().value(u"content"_s).toString(), u"¿Qué comes? 🐼"_s);
    }

    void responsesRequestBody()
    {
        ChatRequest r;
        r.api = ApiFlavor::Responses;
        r.model = u"gpt-4o"_s;
        r.messages = {{ChatMessage::Role::System, u"sys"_s}, {ChatMessage::Role::User, u"hi"_s}};
        const QJsonObject o = QJsonDocument::fromJson(RequestBuilder::body(r)).object();
        QCOMPARE(o.value(u"instructions"_s).toString(), u"sys"_s);
        QCOMPARE(o.value(u"input"_s).toArray().size(), 1);
        QVERIFY(o.contains(u"max_output_tokens"_s));
        QVERIFY(!o.contains(u"messages"_s));
    }

    void requestHeadersCarryNoVisitorText()
    {
        RequestBuilder b(QUrl(u"http://127.0.0.1:9/v1/"_s), u"sk-secret"_s);
        QCOMPARE(b.endpoint(ApiFlavor::ChatCompletions).toString(), u"http://127.0.0.1:9/v1/chat/completions"_s);
        QCOMPARE(b.endpoint(ApiFlavor::Responses).toString(), u"http://127.0.0.1:9/v1/responses"_s);
        const QNetworkRequest req = b.networkRequest(ApiFlavor::ChatCompletions);
        QCOMPARE(req.rawHeader("Authorization"), QByteArray("Bearer sk-secret"));
        QVERIFY(req.url().query().isEmpty());
        RequestBuilder tls(QUrl(u"https://api.openai.com/v1"_s), u"k"_s);
        const QNetworkRequest secure = tls.networkRequest(ApiFlavor::ChatCompletions);
        QCOMPARE(secure.sslConfiguration().peerVerifyMode(), QSslSocket::VerifyPeer);
        QCOMPARE(secure.sslConfiguration().protocol(), QSsl::TlsV1_2OrLater);
    }
};

QTEST_GUILESS_MAIN(TestErrorClassifier)
#include "tst_errorclassifier.moc"
