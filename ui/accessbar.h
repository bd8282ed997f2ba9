#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace zk::ui {

class Theme;

// The bar at the top of every screen: the language button (it names the other
// language), smaller and larger text, and high contrast.
class AccessBar : public QWidget
{
    Q_OBJECT

public:
    AccessBar(Theme &theme, QWidget *parent = nullptr);

    void setLanguage(const QString &language);

Q_SIGNALS:
    void languageRequested(const QString &language);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void syncButtons();

    Theme &m_theme;
    QString m_language = QStringLiteral("en");
    QLabel *m_logo = nullptr;
    QPushButton *m_languageButton = nullptr;
    QPushButton *m_smaller = nullptr;
    QPushButton *m_larger = nullptr;
    QPushButton *m_contrast = nullptr;
};

} // namespace zk::ui
