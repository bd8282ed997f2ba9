#pragma once

#include <QString>

namespace zk::conversation {

// The text up to and including the last complete sentence (. ! ? … and the
// Spanish/quote closers that may follow). When no sentence is complete, the
// trimmed text with an ellipsis; empty stays empty.
QString untilLastSentence(const QString &text);

// At most `maxWords` words of `text`, ending with an ellipsis when cut.
QString limitWords(const QString &text, int maxWords);

} // namespace zk::conversation
