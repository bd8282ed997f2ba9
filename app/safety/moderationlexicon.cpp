#include "safety/moderationlexicon.h"

#include "safety/compiledblob.h"
#include "safety/textnormalizer.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

namespace zk::safety {

namespace {

const QStringList kFileNames = {u"categories.json"_s, u"allowlist.json"_s};

bool isVowel(QChar c)
{
    return c == u'a' || c == u'e' || c == u'i' || c == u'o' || c == u'u';
}

// Already in folded form: lower-case a-z words separated by single spaces,
// with no run of three one-letter words (which normalize() would join).
bool isFoldedPhrase(const QString &phrase)
{
    if (phrase.isEmpty() || phrase.front() == u' ' || phrase.back() == u' ')
        return false;
    int wordLength = 0;
    int oneLetterRun = 0;
    QChar previous;
    for (const QChar c : phrase) {
        if (c == u' ') {
            if (previous == u' ')
                return false;
            oneLetterRun = wordLength == 1 ? oneLetterRun + 1 : 0;
            if (oneLetterRun >= 3)
                return false;
            wordLength = 0;
        } else if (c >= u'a' && c <= u'z') {
            ++wordLength;
        } else {
            return false;
        }
        previous = c;
    }
    oneLetterRun = wordLength == 1 ? oneLetterRun + 1 : 0;
    return oneLetterRun < 3;
}

// The words of one phrase as a visitor's message would fold them. Most list
// entries are folded already; they skip the normaliser (start-up time).
QString normalizePhrase(const TextNormalizer &normalizer, const QString &phrase)
{
    if (isFoldedPhrase(phrase))
        return phrase;
    return normalizer.normalize(phrase).words.join(u' ');
}

// "kill~ someone" → "kill someone", "kills someone", ...
QStringList expandInflections(const QString &phrase)
{
    QStringList results = {QString()};
    const QStringList parts = phrase.split(u' ', Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        QStringList forms;
        if (part.endsWith(u'~'))
            forms = ModerationLexicon::inflections(part.chopped(1));
        else
            forms = {part};
        QStringList next;
        next.reserve(results.size() * forms.size());
        for (const QString &prefix : std::as_const(results)) {
            for (const QString &form : std::as_const(forms))
                next << (prefix.isEmpty() ? form : prefix + u' ' + form);
        }
        results = next;
    }
    return results;
}

int modesFrom(const QJsonValue &value)
{
    if (!value.isArray())
        return ModerationLexicon::Both;
    int modes = 0;
    const QJsonArray array = value.toArray();
    for (const QJsonValue &m : array) {
        if (m.toString() == u"input"_s)
            modes |= ModerationLexicon::Input;
        else if (m.toString() == u"output"_s)
            modes |= ModerationLexicon::Output;
    }
    return modes == 0 ? ModerationLexicon::Both : modes;
}

QStringList stringsOf(const QJsonValue &value)
{
    QStringList out;
    const QJsonArray array = value.toArray();
    out.reserve(array.size());
    for (const QJsonValue &v : array)
        out << v.toString();
    return out;
}

// Builds the vocabularies: named ones from "vocab", anonymous ones from
// inline arrays; "@name" inside a list includes another vocabulary.
class VocabularyBuilder
{
public:
    explicit VocabularyBuilder(ModerationLexicon &lexicon) : m_lexicon(lexicon) {}

    void declare(const QString &name, const QJsonValue &value) { m_raw.insert(name, value); }

    Result<int> resolve(const QString &name)
    {
        if (const int known = m_lexicon.vocabularyIndex(name); known >= 0)
            return known;
        if (!m_raw.contains(name))
            return makeError(u"unknown vocabulary @"_s + name);
        if (m_resolving.contains(name))
            return makeError(u"vocabulary @"_s + name + u" includes itself"_s);
        m_resolving.insert(name);
        const QJsonValue value = m_raw.value(name);
        bool plural = false;
        QStringList entries;
        if (value.isObject()) {
            plural = value.toObject().value(u"plural"_s).toBool();
            entries = stringsOf(value.toObject().value(u"words"_s));
        } else {
            entries = stringsOf(value);
        }
        auto phrases = expand(entries, plural);
        m_resolving.remove(name);
        if (!phrases.ok())
            return phrases.error();
        m_lexicon.vocabularies.append({name, phrases.value()});
        m_nameIndex.insert(name, int(m_lexicon.vocabularies.size() - 1));
        return int(m_lexicon.vocabularies.size() - 1);
    }

    // A slot or condition: "@name" or an inline array of phrases.
    Result<int> fromValue(const QJsonValue &value, const QString &anonymousName)
    {
        if (value.isString()) {
            const QString s = value.toString();
            if (s.startsWith(u'@'))
                return resolve(s.mid(1));
            auto phrases = expand({s}, false);
            if (!phrases.ok())
                return phrases.error();
            m_lexicon.vocabularies.append({anonymousName, phrases.value()});
            return int(m_lexicon.vocabularies.size() - 1);
        }
        if (value.isArray()) {
            auto phrases = expand(stringsOf(value), false);
            if (!phrases.ok())
                return phrases.error();
            m_lexicon.vocabularies.append({anonymousName, phrases.value()});
            return int(m_lexicon.vocabularies.size() - 1);
        }
        return makeError(u"a slot must be \"@name\", a phrase or an array of phrases ("_s + anonymousName + u")"_s);
    }

private:
    Result<QStringList> expand(const QStringList &entries, bool plural)
    {
        QStringList out;
        QSet<QString> seen;
        auto add = [&](const QString &phrase) {
            const QString n = normalizePhrase(m_normalizer, phrase);
            if (!n.isEmpty() && !seen.contains(n)) {
                seen.insert(n);
                out << n;
            }
        };
        for (const QString &entry : entries) {
            if (entry.startsWith(u'@')) {
                auto included = resolve(entry.mid(1));
                if (!included.ok())
                    return included.error();
                for (const QString &p : std::as_const(m_lexicon.vocabularies[included.value()].phrases))
                    add(p);
                continue;
            }
            for (const QString &form : expandInflections(entry)) {
                add(form);
                if (plural) {
                    // the plural of a phrase is the plural of its last word
                    const qsizetype space = form.lastIndexOf(u' ');
                    const QString head = space < 0 ? QString() : form.left(space + 1);
                    for (const QString &p : ModerationLexicon::plurals(form.mid(space + 1)))
                        add(head + p);
                }
            }
        }
        return out;
    }

    ModerationLexicon &m_lexicon;
    TextNormalizer m_normalizer;
    QHash<QString, QJsonValue> m_raw;
    QHash<QString, int> m_nameIndex;
    QSet<QString> m_resolving;
};

struct TermDraft
{
    ModerationLexicon::Term term;
    bool explicitCategory = false;
};

void addTerm(QHash<QString, TermDraft> &terms, QStringList &order, const QString &text,
             const QString &category, double severity, const QString &source, bool explicitCategory)
{
    if (text.isEmpty())
        return;
    auto it = terms.find(text);
    if (it == terms.end()) {
        terms.insert(text, {{text, category, severity, source}, explicitCategory});
        order << text;
        return;
    }
    it->term.severity = std::max(it->term.severity, severity);
    if (explicitCategory && !it->explicitCategory) {
        it->term.category = category;
        it->explicitCategory = true;
    }
    if (!it->term.source.contains(source))
        it->term.source += u',' + source;
}

Result<QJsonObject> parseObject(const QByteArray &json, const QString &what)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return makeError(what + u": "_s + error.errorString() + u" at offset "_s + QString::number(error.offset));
    if (!doc.isObject())
        return makeError(what + u": not a JSON object"_s);
    return doc.object();
}

} // namespace

int ModerationLexicon::vocabularyIndex(const QString &name) const
{
    for (qsizetype i = 0; i < vocabularies.size(); ++i) {
        if (vocabularies.at(i).name == name)
            return int(i);
    }
    return -1;
}

QStringList ModerationLexicon::inflections(const QString &word)
{
    QStringList forms = {word};
    if (word.size() < 2)
        return forms;
    const QChar last = word.back();
    const QChar beforeLast = word.at(word.size() - 2);
    const bool endsE = last == u'e';
    const bool consonantY = last == u'y' && !isVowel(beforeLast);
    // Short consonant-vowel-consonant endings double the consonant (stab → stabbed).
    const bool cvc = word.size() >= 3 && !isVowel(last) && last != u'w' && last != u'x' && last != u'y'
                     && isVowel(beforeLast) && !isVowel(word.at(word.size() - 3));
    if (last == u's' || last == u'x' || last == u'z' || word.endsWith(u"ch"_s) || word.endsWith(u"sh"_s))
        forms << word + u"es"_s;
    else if (consonantY)
        forms << word.chopped(1) + u"ies"_s;
    else
        forms << word + u's';
    if (endsE) {
        forms << word + u'd' << word + u'r' << word + u"rs"_s;
        if (word.endsWith(u"ie"_s))
            forms << word.chopped(2) + u"ying"_s;
        else if (!word.endsWith(u"ee"_s))
            forms << word.chopped(1) + u"ing"_s;
        else
            forms << word + u"ing"_s;
    } else if (consonantY) {
        forms << word.chopped(1) + u"ied"_s << word + u"ing"_s << word.chopped(1) + u"ier"_s;
    } else {
        forms << word + u"ed"_s << word + u"ing"_s << word + u"er"_s << word + u"ers"_s;
        if (cvc) {
            const QString doubled = word + last;
            forms << doubled + u"ed"_s << doubled + u"ing"_s << doubled + u"er"_s << doubled + u"ers"_s;
        }
    }
    return forms;
}

QStringList ModerationLexicon::plurals(const QString &word)
{
    if (word.size() < 2)
        return {};
    const QChar last = word.back();
    if (last == u's' || last == u'x' || last == u'z' || word.endsWith(u"ch"_s) || word.endsWith(u"sh"_s))
        return {word + u"es"_s};
    if (last == u'y' && !isVowel(word.at(word.size() - 2)))
        return {word.chopped(1) + u"ies"_s};
    if (last == u'o')
        return {word + u's', word + u"es"_s};
    if (word.endsWith(u"fe"_s))
        return {word + u's', word.chopped(2) + u"ves"_s};
    if (last == u'f')
        return {word + u's', word.chopped(1) + u"ves"_s};
    // Spanish plurals of words that end in a consonant ("león" → "leones").
    if (!isVowel(last) && last != u'y')
        return {word + u's', word + u"es"_s};
    return {word + u's'};
}

Result<ModerationLexicon> ModerationLexicon::parse(const QByteArray &categoriesJson, const QByteArray &allowlistJson,
                                                   const QHash<QString, QByteArray> &lists)
{
    auto categoriesDoc = parseObject(categoriesJson, u"categories.json"_s);
    if (!categoriesDoc.ok())
        return categoriesDoc.error();
    auto allowDoc = parseObject(allowlistJson, u"allowlist.json"_s);
    if (!allowDoc.ok())
        return allowDoc.error();
    const QJsonObject root = categoriesDoc.value();
    const QJsonObject allow = allowDoc.value();

    ModerationLexicon lexicon;
    const TextNormalizer normalizer;
    lexicon.flagThreshold = root.value(u"flagThreshold"_s).toDouble(0.5);
    const QStringList knownCategories = stringsOf(root.value(u"categories"_s));
    if (knownCategories.isEmpty())
        return makeError(u"categories.json: no \"categories\""_s);
    auto checkCategory = [&](const QString &category, const QString &where) -> Status {
        if (!knownCategories.contains(category))
            return makeError(where + u": unknown category \""_s + category + u'"');
        return {};
    };

    VocabularyBuilder vocab(lexicon);
    const QJsonObject vocabObject = root.value(u"vocab"_s).toObject();
    for (auto it = vocabObject.begin(); it != vocabObject.end(); ++it)
        vocab.declare(it.key(), it.value());
    for (auto it = vocabObject.begin(); it != vocabObject.end(); ++it) {
        auto index = vocab.resolve(it.key());
        if (!index.ok())
            return makeError(u"categories.json: "_s + index.error().message);
    }
    lexicon.gapBlockerVocabulary = lexicon.vocabularyIndex(u"blocker"_s);
    lexicon.negationVocabulary = lexicon.vocabularyIndex(u"negation"_s);

    // Word lists.
    QHash<QString, TermDraft> terms;
    QStringList termOrder;
    const QJsonArray listArray = root.value(u"lists"_s).toArray();
    for (const QJsonValue &listValue : listArray) {
        const QJsonObject list = listValue.toObject();
        const QString file = list.value(u"file"_s).toString();
        if (!lists.contains(file))
            return makeError(u"categories.json: word list "_s + file + u" is missing"_s);
        const QByteArray bytes = lists.value(file);
        const QString format = list.value(u"format"_s).toString(u"lines"_s);
        if (format == u"lines"_s) {
            const QString category = list.value(u"category"_s).toString(u"profanity"_s);
            if (auto ok = checkCategory(category, file); !ok.ok())
                return ok.error();
            const double severity = list.value(u"severity"_s).toDouble(0.7);
            QHash<QString, QString> overrides;
            const QJsonObject categoryOf = list.value(u"categoryOf"_s).toObject();
            for (auto c = categoryOf.begin(); c != categoryOf.end(); ++c) {
                if (auto ok = checkCategory(c.key(), file); !ok.ok())
                    return ok.error();
                for (const QString &t : stringsOf(c.value())) {
                    const QString text = normalizePhrase(normalizer, t);
                    overrides.insert(text.isEmpty() ? TextNormalizer::clean(t) : text, c.key());
                }
            }
            const QStringList lines = QString::fromUtf8(bytes).split(u'\n');
            for (const QString &line : lines) {
                const QString raw = line.trimmed();
                if (raw.isEmpty())
                    continue;
                QString text = normalizePhrase(normalizer, raw);
                if (text.isEmpty())
                    text = TextNormalizer::clean(raw); // a symbol such as an emoji
                const bool isOverride = overrides.contains(text);
                addTerm(terms, termOrder, text, overrides.value(text, category), severity, file, isOverride);
            }
        } else if (format == u"dsojevic"_s) {
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
            if (!doc.isArray())
                return makeError(file + u": not a JSON array: "_s + error.errorString());
            const QJsonObject tagCategory = list.value(u"tagCategory"_s).toObject();
            const QJsonObject severityOf = list.value(u"severityOf"_s).toObject();
            const QJsonArray entries = doc.array();
            for (const QJsonValue &entryValue : entries) {
                const QJsonObject entry = entryValue.toObject();
                QString category = u"profanity"_s;
                const QStringList tags = stringsOf(entry.value(u"tags"_s));
                for (const QString &tag : tags) {
                    if (tagCategory.contains(tag)) {
                        category = tagCategory.value(tag).toString();
                        break;
                    }
                }
                if (auto ok = checkCategory(category, file); !ok.ok())
                    return ok.error();
                const double severity =
                    severityOf.value(QString::number(entry.value(u"severity"_s).toInt())).toDouble(0.7);
                const QStringList alternatives = entry.value(u"match"_s).toString().split(u'|', Qt::SkipEmptyParts);
                for (QString alternative : alternatives) {
                    alternative.remove(u'*'); // "fu*c*k": a letter that may repeat
                    addTerm(terms, termOrder, normalizePhrase(normalizer, alternative), category, severity, file, true);
                }
            }
        } else if (format == u"csv"_s) {
            // A table with a header row (Surge AI): the term column, category
            // columns (the first one that `categoryOf` maps wins) and a
            // severity-label column mapped through `severityOf`. Fields hold no
            // quoted commas in the lists we ship; a quoted field is read as is.
            const QString textColumn = list.value(u"textColumn"_s).toString(u"text"_s);
            const QStringList categoryColumns = stringsOf(list.value(u"categoryColumns"_s));
            const QString severityColumn = list.value(u"severityColumn"_s).toString();
            const QJsonObject categoryOf = list.value(u"categoryOf"_s).toObject();
            const QJsonObject severityOf = list.value(u"severityOf"_s).toObject();
            const QString fallbackCategory = list.value(u"category"_s).toString(u"profanity"_s);
            const double fallbackSeverity = list.value(u"severity"_s).toDouble(0.7);
            for (auto c = categoryOf.begin(); c != categoryOf.end(); ++c) {
                if (auto ok = checkCategory(c.value().toString(), file); !ok.ok())
                    return ok.error();
            }
            if (auto ok = checkCategory(fallbackCategory, file); !ok.ok())
                return ok.error();
            QStringList lines = QString::fromUtf8(bytes).split(u'\n');
            if (lines.isEmpty())
                return makeError(file + u": empty table"_s);
            const QStringList header = lines.takeFirst().trimmed().split(u',');
            const qsizetype textIndex = header.indexOf(textColumn);
            const qsizetype severityIndex = severityColumn.isEmpty() ? -1 : header.indexOf(severityColumn);
            if (textIndex < 0 || (!severityColumn.isEmpty() && severityIndex < 0))
                return makeError(file + u": missing column "_s + (textIndex < 0 ? textColumn : severityColumn));
            QList<qsizetype> categoryIndexes;
            for (const QString &column : categoryColumns) {
                const qsizetype index = header.indexOf(column);
                if (index < 0)
                    return makeError(file + u": missing column "_s + column);
                categoryIndexes << index;
            }
            for (const QString &line : std::as_const(lines)) {
                const QStringList fields = line.trimmed().split(u',');
                if (fields.size() <= textIndex)
                    continue;
                const QString raw = fields.at(textIndex).trimmed();
                if (raw.isEmpty())
                    continue;
                QString category = fallbackCategory;
                for (qsizetype index : std::as_const(categoryIndexes)) {
                    const QString value = fields.value(index).trimmed();
                    if (categoryOf.contains(value)) {
                        category = categoryOf.value(value).toString();
                        break;
                    }
                }
                double severity = fallbackSeverity;
                if (severityIndex >= 0)
                    severity = severityOf.value(fields.value(severityIndex).trimmed()).toDouble(fallbackSeverity);
                QString text = normalizePhrase(normalizer, raw);
                if (text.isEmpty())
                    text = TextNormalizer::clean(raw);
                addTerm(terms, termOrder, text, category, severity, file, false);
            }
        } else {
            return makeError(file + u": unknown list format "_s + format);
        }
    }

    // Exclusions from the allowlist apply to the lists only.
    const QJsonArray excludeArray = allow.value(u"exclude"_s).toArray();
    for (const QJsonValue &group : excludeArray) {
        for (const QString &t : stringsOf(group.toObject().value(u"terms"_s)))
            lexicon.excludedTerms.insert(normalizePhrase(normalizer, t));
    }
    for (const QString &text : std::as_const(termOrder)) {
        if (!lexicon.excludedTerms.contains(text))
            lexicon.terms << terms.value(text).term;
    }

    // Stems.
    const QJsonArray stemArray = root.value(u"stems"_s).toArray();
    for (const QJsonValue &groupValue : stemArray) {
        const QJsonObject group = groupValue.toObject();
        const QString category = group.value(u"category"_s).toString(u"profanity"_s);
        if (auto ok = checkCategory(category, u"stems"_s); !ok.ok())
            return ok.error();
        const double severity = group.value(u"severity"_s).toDouble(0.9);
        for (const QString &s : stringsOf(group.value(u"stems"_s)))
            lexicon.stems << Stem{normalizePhrase(normalizer, s), category, severity};
        for (const QString &e : stringsOf(group.value(u"except"_s)))
            lexicon.stemExceptions.insert(normalizePhrase(normalizer, e));
    }

    // Our own terms: one-slot rules.
    auto readSlotOptions = [&](const QJsonObject &object, Slot &slot, const QString &name) -> Status {
        if (object.contains(u"notBefore"_s)) {
            auto v = vocab.fromValue(object.value(u"notBefore"_s), name + u"/notBefore"_s);
            if (!v.ok())
                return v.error();
            slot.notBefore = v.value();
        }
        if (object.contains(u"notAfter"_s)) {
            auto v = vocab.fromValue(object.value(u"notAfter"_s), name + u"/notAfter"_s);
            if (!v.ok())
                return v.error();
            slot.notAfter = v.value();
        }
        return {};
    };
    auto readUnless = [&](const QJsonObject &object, Rule &rule) -> Status {
        const QJsonValue unless = object.value(u"unless"_s);
        const QJsonArray items = unless.isArray() ? unless.toArray() : QJsonArray{unless};
        for (const QJsonValue &u : items) {
            if (u.isUndefined() || u.isNull())
                continue;
            auto v = vocab.fromValue(u, rule.id + u"/unless"_s);
            if (!v.ok())
                return v.error();
            rule.unless << v.value();
        }
        return {};
    };

    const QJsonArray termArray = root.value(u"terms"_s).toArray();
    for (qsizetype i = 0; i < termArray.size(); ++i) {
        const QJsonObject group = termArray.at(i).toObject();
        Rule rule;
        rule.id = group.value(u"id"_s).toString(u"terms-"_s + QString::number(i));
        rule.category = group.value(u"category"_s).toString();
        if (auto ok = checkCategory(rule.category, rule.id); !ok.ok())
            return ok.error();
        rule.severity = group.value(u"severity"_s).toDouble(0.8);
        rule.modes = modesFrom(group.value(u"modes"_s));
        rule.negationOk = group.value(u"negationOk"_s).toBool(true);
        Slot slot;
        auto v = vocab.fromValue(group.value(u"phrases"_s), rule.id);
        if (!v.ok())
            return makeError(u"categories.json: "_s + v.error().message);
        slot.vocabulary = v.value();
        if (auto ok = readSlotOptions(group, slot, rule.id); !ok.ok())
            return ok.error();
        if (auto ok = readUnless(group, rule); !ok.ok())
            return ok.error();
        rule.slots << slot;
        lexicon.rules << rule;
    }

    const QJsonArray ruleArray = root.value(u"rules"_s).toArray();
    for (qsizetype i = 0; i < ruleArray.size(); ++i) {
        const QJsonObject object = ruleArray.at(i).toObject();
        Rule rule;
        rule.id = object.value(u"id"_s).toString(u"rule-"_s + QString::number(i));
        rule.category = object.value(u"category"_s).toString();
        if (auto ok = checkCategory(rule.category, rule.id); !ok.ok())
            return ok.error();
        rule.severity = object.value(u"severity"_s).toDouble(0.8);
        rule.modes = modesFrom(object.value(u"modes"_s));
        rule.anyOrder = object.value(u"anyOrder"_s).toBool(false);
        rule.negationOk = object.value(u"negationOk"_s).toBool(false);
        const int defaultGap = object.value(u"gap"_s).toInt(3);
        const QJsonArray slots = object.value(u"slots"_s).toArray();
        if (slots.isEmpty())
            return makeError(u"categories.json: rule "_s + rule.id + u" has no slots"_s);
        for (qsizetype s = 0; s < slots.size(); ++s) {
            const QString name = rule.id + u'/' + QString::number(s);
            Slot slot;
            slot.gap = defaultGap;
            const QJsonValue slotValue = slots.at(s);
            QJsonValue phrases = slotValue;
            if (slotValue.isObject()) {
                const QJsonObject slotObject = slotValue.toObject();
                phrases = slotObject.value(u"v"_s);
                slot.gap = slotObject.value(u"gap"_s).toInt(defaultGap);
                if (auto ok = readSlotOptions(slotObject, slot, name); !ok.ok())
                    return makeError(u"categories.json: "_s + ok.error().message);
            }
            auto v = vocab.fromValue(phrases, name);
            if (!v.ok())
                return makeError(u"categories.json: "_s + v.error().message);
            slot.vocabulary = v.value();
            rule.slots << slot;
        }
        if (rule.anyOrder && rule.slots.size() != 2)
            return makeError(u"categories.json: anyOrder needs two slots ("_s + rule.id + u')');
        if (auto ok = readUnless(object, rule); !ok.ok())
            return makeError(u"categories.json: "_s + ok.error().message);
        lexicon.rules << rule;
    }

    // Allowlist: masks and contextual exceptions.
    const QJsonArray maskArray = allow.value(u"mask"_s).toArray();
    for (const QJsonValue &group : maskArray) {
        for (const QString &p : stringsOf(group.toObject().value(u"phrases"_s))) {
            for (const QString &form : expandInflections(p)) {
                const QString n = normalizePhrase(normalizer, form);
                if (!n.isEmpty())
                    lexicon.maskPhrases << n;
            }
        }
    }
    const QJsonArray contextArray = allow.value(u"contextual"_s).toArray();
    for (qsizetype i = 0; i < contextArray.size(); ++i) {
        const QJsonObject object = contextArray.at(i).toObject();
        ContextAllow context;
        for (const QString &t : stringsOf(object.value(u"terms"_s)))
            context.terms.insert(normalizePhrase(normalizer, t));
        context.window = object.value(u"window"_s).toInt(6);
        const QString name = u"allowlist/contextual-"_s + QString::number(i);
        if (object.contains(u"near"_s)) {
            auto v = vocab.fromValue(object.value(u"near"_s), name + u"/near"_s);
            if (!v.ok())
                return makeError(u"allowlist.json: "_s + v.error().message);
            context.nearVocabulary = v.value();
        }
        if (object.value(u"next"_s).toString() == u"*"_s) {
            context.nextAny = true;
        } else if (object.contains(u"next"_s)) {
            auto v = vocab.fromValue(object.value(u"next"_s), name + u"/next"_s);
            if (!v.ok())
                return makeError(u"allowlist.json: "_s + v.error().message);
            context.nextVocabulary = v.value();
        }
        lexicon.contextAllows << context;
    }
    return lexicon;
}

Result<ModerationLexicon> ModerationLexicon::fromDirectory(const QString &dir)
{
    auto read = [&](const QString &name) -> Result<QByteArray> {
        QFile file(dir + u'/' + name);
        if (!file.open(QIODevice::ReadOnly))
            return makeError(u"cannot read "_s + file.fileName() + u": "_s + file.errorString());
        return file.readAll();
    };
    auto categories = read(kFileNames.at(0));
    if (!categories.ok())
        return categories.error();
    auto allowlist = read(kFileNames.at(1));
    if (!allowlist.ok())
        return allowlist.error();
    QHash<QString, QByteArray> lists;
    const QJsonObject root = QJsonDocument::fromJson(categories.value()).object();
    const QJsonArray listArray = root.value(u"lists"_s).toArray();
    for (const QJsonValue &list : listArray) {
        const QString name = list.toObject().value(u"file"_s).toString();
        auto bytes = read(name);
        if (!bytes.ok())
            return bytes.error();
        lists.insert(name, bytes.value());
    }
    return parse(categories.value(), allowlist.value(), lists);
}

// ---- compiled form -----------------------------------------------------------
// Every field in BlobWriter's format (compiledblob.h); sets written sorted so
// that the same lexicon always gives the same bytes (tst_localmoderator
// compares the compiled-in file with a fresh parse of the sources).

namespace {

constexpr quint32 kCompiledMagic = 0x5a4b4c58; // "ZKLX"
constexpr quint32 kCompiledVersion = 2;        // 2: BlobWriter's in-place format

QStringList sorted(const QSet<QString> &set)
{
    QStringList list(set.cbegin(), set.cend());
    list.sort();
    return list;
}

QSet<QString> setOf(const QStringList &list)
{
    return QSet<QString>(list.cbegin(), list.cend());
}

} // namespace

QByteArray ModerationLexicon::serialize() const
{
    BlobWriter out;
    out.u32(kCompiledMagic);
    out.u32(kCompiledVersion);
    out.i32(qint32(vocabularies.size()));
    for (const Vocabulary &v : vocabularies) {
        out.str(v.name);
        out.strList(v.phrases);
    }
    out.i32(qint32(rules.size()));
    for (const Rule &r : rules) {
        out.str(r.id);
        out.str(r.category);
        out.f64(r.severity);
        out.i32(r.modes);
        out.i32(qint32(r.slots.size()));
        for (const Slot &slot : r.slots) {
            out.i32(slot.vocabulary);
            out.i32(slot.gap);
            out.i32(slot.notBefore);
            out.i32(slot.notAfter);
        }
        out.intList(r.unless);
        out.flag(r.anyOrder);
        out.flag(r.negationOk);
    }
    out.i32(qint32(terms.size()));
    for (const Term &t : terms) {
        out.str(t.text);
        out.str(t.category);
        out.f64(t.severity);
        out.str(t.source);
    }
    out.i32(qint32(stems.size()));
    for (const Stem &stem : stems) {
        out.str(stem.stem);
        out.str(stem.category);
        out.f64(stem.severity);
    }
    out.strList(sorted(stemExceptions));
    out.strList(maskPhrases);
    out.i32(qint32(contextAllows.size()));
    for (const ContextAllow &c : contextAllows) {
        out.strList(sorted(c.terms));
        out.i32(c.nearVocabulary);
        out.i32(c.window);
        out.i32(c.nextVocabulary);
        out.flag(c.nextAny);
    }
    out.strList(sorted(excludedTerms));
    out.i32(gapBlockerVocabulary);
    out.i32(negationVocabulary);
    out.f64(flagThreshold);
    return out.bytes();
}

Result<ModerationLexicon> ModerationLexicon::deserialize(QByteArrayView bytes, Storage storage)
{
    BlobReader in(bytes, storage == Storage::Static);
    if (in.u32() != kCompiledMagic || in.u32() != kCompiledVersion || !in.ok())
        return makeError(u"not a compiled lexicon of this version"_s);
    ModerationLexicon lexicon;
    lexicon.vocabularies.resize(in.count(8));
    for (Vocabulary &v : lexicon.vocabularies) {
        v.name = in.str();
        v.phrases = in.strList();
    }
    if (!in.ok())
        return makeError(u"damaged compiled lexicon (vocabularies)"_s);
    lexicon.rules.resize(in.count(36));
    for (Rule &r : lexicon.rules) {
        r.id = in.str();
        r.category = in.str();
        r.severity = in.f64();
        r.modes = in.i32();
        r.slots.resize(in.count(16));
        for (Slot &slot : r.slots) {
            slot.vocabulary = in.i32();
            slot.gap = in.i32();
            slot.notBefore = in.i32();
            slot.notAfter = in.i32();
        }
        r.unless = in.intList();
        r.anyOrder = in.flag();
        r.negationOk = in.flag();
        if (!in.ok())
            return makeError(u"damaged compiled lexicon (rules)"_s);
    }
    lexicon.terms.resize(in.count(20));
    for (Term &t : lexicon.terms) {
        t.text = in.str();
        t.category = in.str();
        t.severity = in.f64();
        t.source = in.str();
    }
    if (!in.ok())
        return makeError(u"damaged compiled lexicon (terms)"_s);
    lexicon.stems.resize(in.count(16));
    for (Stem &stem : lexicon.stems) {
        stem.stem = in.str();
        stem.category = in.str();
        stem.severity = in.f64();
    }
    lexicon.stemExceptions = setOf(in.strList());
    lexicon.maskPhrases = in.strList();
    if (!in.ok())
        return makeError(u"damaged compiled lexicon (stems)"_s);
    lexicon.contextAllows.resize(in.count(20));
    for (ContextAllow &c : lexicon.contextAllows) {
        c.terms = setOf(in.strList());
        c.nearVocabulary = in.i32();
        c.window = in.i32();
        c.nextVocabulary = in.i32();
        c.nextAny = in.flag();
    }
    lexicon.excludedTerms = setOf(in.strList());
    lexicon.gapBlockerVocabulary = in.i32();
    lexicon.negationVocabulary = in.i32();
    lexicon.flagThreshold = in.f64();
    if (!in.ok() || !in.atEnd())
        return makeError(u"damaged compiled lexicon"_s);
    // No term, phrase or stem may be empty: the moderator indexes them by
    // their first character.
    for (const Term &t : std::as_const(lexicon.terms)) {
        if (t.text.isEmpty())
            return makeError(u"damaged compiled lexicon (an empty term)"_s);
    }
    // Every index must point into the lists it names.
    const qsizetype vocabularyCount = lexicon.vocabularies.size();
    const auto validVocabulary = [vocabularyCount](int v, bool optional) {
        return (optional && v == -1) || (v >= 0 && v < vocabularyCount);
    };
    for (const Rule &r : std::as_const(lexicon.rules)) {
        for (const Slot &slot : r.slots) {
            if (!validVocabulary(slot.vocabulary, false) || !validVocabulary(slot.notBefore, true)
                || !validVocabulary(slot.notAfter, true))
                return makeError(u"compiled lexicon: rule %1 names an unknown vocabulary"_s.arg(r.id));
        }
        for (int v : r.unless) {
            if (!validVocabulary(v, false))
                return makeError(u"compiled lexicon: rule %1 names an unknown vocabulary"_s.arg(r.id));
        }
    }
    for (const ContextAllow &c : std::as_const(lexicon.contextAllows)) {
        if (!validVocabulary(c.nearVocabulary, true) || !validVocabulary(c.nextVocabulary, true))
            return makeError(u"compiled lexicon: a context rule names an unknown vocabulary"_s);
    }
    if (!validVocabulary(lexicon.gapBlockerVocabulary, true) || !validVocabulary(lexicon.negationVocabulary, true))
        return makeError(u"compiled lexicon: unknown blocker or negation vocabulary"_s);
    return lexicon;
}

} // namespace zk::safety
