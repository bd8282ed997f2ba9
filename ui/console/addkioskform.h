#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;

namespace zk::fleet {
class ConsoleFleet;
}

namespace zk::ui {

// Adds a kiosk to the console's list: its name, its remote address
// (ws://host:port or wss://host:port) and the fleet token set on it
// (typed hidden, cleared once used). A refused entry is explained in words.
class AddKioskForm : public QWidget
{
    Q_OBJECT

public:
    explicit AddKioskForm(fleet::ConsoleFleet &fleet, QWidget *parent = nullptr);

    QLineEdit *nameField() const { return m_name; }
    QLineEdit *urlField() const { return m_url; }
    QLineEdit *tokenField() const { return m_token; }
    QLineEdit *caFileField() const { return m_caFile; }
    QString message() const;
    bool submit();

private:
    fleet::ConsoleFleet &m_fleet;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_url = nullptr;
    QLineEdit *m_token = nullptr;
    QLineEdit *m_caFile = nullptr;
    QPushButton *m_add = nullptr;
    QLabel *m_message = nullptr;
};

} // namespace zk::ui
