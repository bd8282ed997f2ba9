#pragma once

#include <QPushButton>

class QLabel;

namespace zk::ui {

// A big touch button whose text wraps onto more lines instead of being cut
// off (suggested questions can be long, and the text can be enlarged).
class WrapButton : public QPushButton
{
    Q_OBJECT

public:
    explicit WrapButton(const QString &text, QWidget *parent = nullptr);

    QString label() const;
    void setLabel(const QString &text);

private:
    QLabel *m_label = nullptr;
};

} // namespace zk::ui
