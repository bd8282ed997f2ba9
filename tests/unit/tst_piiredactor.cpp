// PiiRedactor: personal data (e-mail, phone, card, SSN, DNI/NIE, CURP/RFC,
// IBAN/CLABE, IP, street address; English and Spanish formats) is replaced by
// a placeholder before anything leaves the kiosk, and ordinary zoo talk with
// numbers in it ("100 to 300 kg", "in 1998", "10:30") passes untouched, as
// does every line of the benign children's set (tests/data).

#include "safety/piiredactor.h"

#include <QFile>
#include <QTest>

using namespace Qt::StringLiterals;
using zk::safety::PiiKind;
using zk::safety::PiiMatch;
using zk::safety::PiiRedactor;
using zk::safety::Redaction;

class TestPiiRedactor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void redacts_data();
    void redacts();
    void redactionIsIdempotent_data();
    void redactionIsIdempotent();
    void robustToUnnormalisedText_data();
    void robustToUnnormalisedText();
    void keepsZooTalk_data();
    void keepsZooTalk();
    void keepsBenignChildrenQuestions_data();
    void keepsBenignChildrenQuestions();
    void benignSetsAreComplete();
    void resultDescribesFindings();
    void findReportsSpansInOriginalText();
    void namesAndPlaceholders();
    void luhn_data();
    void luhn();
    void spanishIds_data();
    void spanishIds();
    void iban_data();
    void iban();
    void clabe_data();
    void clabe();

private:
    static void addPositiveRows();
    static QStringList readBenignSet(const QString &fileName);
    PiiRedactor m_redactor;
};

// --- positives -------------------------------------------------------------

void TestPiiRedactor::addPositiveRows()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QStringList>("kinds");

    const QStringList email{u"email"_s};
    const QStringList phone{u"phone"_s};
    const QStringList card{u"card"_s};
    const QStringList ssn{u"ssn"_s};
    const QStringList id{u"id_number"_s};
    const QStringList iban{u"iban"_s};
    const QStringList bank{u"bank_account"_s};
    const QStringList ip{u"ip"_s};
    const QStringList address{u"address"_s};

    // E-mail
    QTest::newRow("email plain") << u"my email is ana.lopez@example.com"_s << u"my email is [email]"_s << email;
    QTest::newRow("email end of sentence") << u"write to zara_fan99@gmail.com!"_s << u"write to [email]!"_s << email;
    QTest::newRow("email plus and subdomain") << u"tom+zoo@mail.school.org.uk is me"_s << u"[email] is me"_s << email;
    QTest::newRow("email spelled en") << u"it's tom at gmail dot com"_s << u"it's [email]"_s << email;
    QTest::newRow("email bracketed en") << u"tom (at) hotmail (dot) co (dot) uk"_s << u"[email]"_s << email;
    QTest::newRow("email spelled dotted name") << u"john dot smith at yahoo dot com please"_s << u"[email] please"_s << email;
    QTest::newRow("email provider without tld") << u"ana@gmail"_s << u"[email]"_s << email;
    QTest::newRow("email spelled provider without tld") << u"my email is billy at hotmail"_s << u"my email is [email]"_s << email;
    QTest::newRow("email spelled after 'email me at'") << u"email me at billy dot bob at gmail dot com"_s << u"email me at [email]"_s << email;
    QTest::newRow("email es") << u"escríbeme a pepe.garcía@hotmail.es"_s << u"escríbeme a [email]"_s << email;
    QTest::newRow("email spelled es") << u"mi correo es lucia arroba gmail punto com"_s << u"mi correo es [email]"_s << email;
    QTest::newRow("email spelled es mixed") << u"sofia arroba yahoo.com.mx"_s << u"[email]"_s << email;
    QTest::newRow("email spelled es dotted name") << u"juan punto perez arroba gmail punto com"_s << u"[email]"_s << email;
    QTest::newRow("email uppercase") << u"MI CORREO: NINA@OUTLOOK.COM"_s << u"MI CORREO: [email]"_s << email;

    // Phone numbers: US/Canada
    QTest::newRow("phone us dashes") << u"call me at 555-123-4567"_s << u"call me at [phone]"_s << phone;
    QTest::newRow("phone us parentheses") << u"my number is (555) 123-4567"_s << u"my number is [phone]"_s << phone;
    QTest::newRow("phone us dots") << u"555.123.4567"_s << u"[phone]"_s << phone;
    QTest::newRow("phone us spaces") << u"it is 415 555 0132 ok?"_s << u"it is [phone] ok?"_s << phone;
    QTest::newRow("phone us +1") << u"+1 555 123 4567"_s << u"[phone]"_s << phone;
    QTest::newRow("phone us +1 parentheses") << u"+1 (212) 555-0188"_s << u"[phone]"_s << phone;
    QTest::newRow("phone us 1-800") << u"1-800-555-0199"_s << u"[phone]"_s << phone;
    QTest::newRow("phone us ten digits") << u"my mom's cell is 4155550132"_s << u"my mom's cell is [phone]"_s << phone;
    QTest::newRow("phone us seven digits after phone") << u"my phone is 555 0134"_s << u"my phone is [phone]"_s << phone;
    QTest::newRow("phone text me") << u"text me 5550134!"_s << u"text me [phone]!"_s << phone;
    // Spain
    QTest::newRow("phone es mobile 3-3-3") << u"mi móvil es 612 345 678"_s << u"mi móvil es [phone]"_s << phone;
    QTest::newRow("phone es mobile bare") << u"612345678"_s << u"[phone]"_s << phone;
    QTest::newRow("phone es por favor") << u"llámame al 612 345 678 por favor"_s << u"llámame al [phone] por favor"_s << phone;
    QTest::newRow("phone es mi mamá") << u"612345678 mi mamá"_s << u"[phone] mi mamá"_s << phone;
    QTest::newRow("phone es mobile 3-2-2-2") << u"llámame al 699-88-77-66"_s << u"llámame al [phone]"_s << phone;
    QTest::newRow("phone es landline 2-3-2-2") << u"el fijo es 91 123 45 67"_s << u"el fijo es [phone]"_s << phone;
    QTest::newRow("phone es landline 3-2-2-2") << u"934 56 78 12"_s << u"[phone]"_s << phone;
    QTest::newRow("phone es +34") << u"+34 612 34 56 78"_s << u"[phone]"_s << phone;
    QTest::newRow("phone es +34 bare") << u"+34612345678"_s << u"[phone]"_s << phone;
    QTest::newRow("phone es 0034") << u"0034 912 345 678"_s << u"[phone]"_s << phone;
    QTest::newRow("phone es dots") << u"tel. 612.34.56.78"_s << u"tel. [phone]"_s << phone;
    QTest::newRow("phone es after teléfono") << u"mi teléfono: 4567 8912"_s << u"mi teléfono: [phone]"_s << phone;
    QTest::newRow("phone es whatsapp") << u"mi whatsapp es el 722 11 22 33 ¿vale?"_s << u"mi whatsapp es el [phone] ¿vale?"_s << phone;
    // Mexico
    QTest::newRow("phone mx +52") << u"+52 55 1234 5678"_s << u"[phone]"_s << phone;
    QTest::newRow("phone mx +52 1") << u"+52 1 33 1234 5678"_s << u"[phone]"_s << phone;
    QTest::newRow("phone mx local") << u"mi celular es 55 1234 5678"_s << u"mi celular es [phone]"_s << phone;
    QTest::newRow("phone mx parentheses") << u"(55) 1234-5678"_s << u"[phone]"_s << phone;
    QTest::newRow("phone mx ten digits") << u"marca al 5512345678"_s << u"marca al [phone]"_s << phone;
    // International
    QTest::newRow("phone uk") << u"grandma: +44 20 7946 0958"_s << u"grandma: [phone]"_s << phone;
    QTest::newRow("phone uk (0)") << u"+44 (0)20 7946 0958"_s << u"[phone]"_s << phone;
    QTest::newRow("phone de") << u"+49 30 12345678."_s << u"[phone]."_s << phone;
    QTest::newRow("phone fr dots") << u"+33 6.12.34.56.78"_s << u"[phone]"_s << phone;
    QTest::newRow("phone uk mobile trunk 0") << u"call my dad on 07700900123"_s << u"call my dad on [phone]"_s << phone;
    QTest::newRow("phone uk landline trunk 0") << u"our home phone is 020 7946 0958"_s << u"our home phone is [phone]"_s << phone;
    QTest::newRow("phone mx old 01") << u"01 55 1234 5678"_s << u"[phone]"_s << phone;

    // Payment cards (Luhn-valid)
    QTest::newRow("card visa spaces") << u"my mom's card is 4111 1111 1111 1111"_s << u"my mom's card is [card number]"_s << card;
    QTest::newRow("card visa dashes") << u"4111-1111-1111-1111"_s << u"[card number]"_s << card;
    QTest::newRow("card mastercard bare") << u"5500000000000004"_s << u"[card number]"_s << card;
    QTest::newRow("card mastercard 2-series") << u"2223 0031 2200 3222"_s << u"[card number]"_s << card;
    QTest::newRow("card amex") << u"3782 822463 10005"_s << u"[card number]"_s << card;
    QTest::newRow("card diners") << u"3056 930902 5904"_s << u"[card number]"_s << card;
    QTest::newRow("card discover") << u"6011111111111117 is papa's"_s << u"[card number] is papa's"_s << card;
    QTest::newRow("card es") << u"la tarjeta de mamá es 4539 5787 6362 1486"_s << u"la tarjeta de mamá es [card number]"_s << card;
    QTest::newRow("card 19 digits") << u"6011 0009 9013 9424 009"_s << u"[card number]"_s << card;

    // SSN
    QTest::newRow("ssn dashes") << u"my ssn is 123-45-6789"_s << u"my ssn is [id number]"_s << ssn;
    QTest::newRow("ssn spaces") << u"123 45 6789"_s << u"[id number]"_s << ssn;
    QTest::newRow("ssn after social security") << u"social security number 078051120"_s << u"social security number [id number]"_s << ssn;
    QTest::newRow("nss mx") << u"mi número de seguro social es 12345678901"_s << u"mi número de seguro social es [id number]"_s << ssn;

    // Spanish DNI / NIE (check letter)
    QTest::newRow("dni") << u"mi DNI es 12345678Z"_s << u"mi DNI es [id number]"_s << id;
    QTest::newRow("dni dash lower") << u"es el 87654321-x"_s << u"es el [id number]"_s << id;
    QTest::newRow("dni dotted") << u"12.345.678-Z"_s << u"[id number]"_s << id;
    QTest::newRow("dni space capital") << u"papá tiene 45678912 S"_s << u"papá tiene [id number]"_s << id;
    QTest::newRow("nie x") << u"NIE X1234567L"_s << u"NIE [id number]"_s << id;
    QTest::newRow("nie y dashes") << u"Y-7654321-G"_s << u"[id number]"_s << id;
    QTest::newRow("nie z lower") << u"z2345678m"_s << u"[id number]"_s << id;
    QTest::newRow("dni without letter after dni") << u"DNI: 23456789"_s << u"DNI: [id number]"_s << id;
    // Mexico
    QTest::newRow("curp") << u"mi CURP es GODE561231HDFRRN09"_s << u"mi CURP es [id number]"_s << id;
    QTest::newRow("curp lower") << u"gode561231hdfrrn09"_s << u"[id number]"_s << id;
    QTest::newRow("rfc") << u"RFC GODE561231GR8"_s << u"RFC [id number]"_s << id;
    QTest::newRow("passport") << u"my passport number is 533380006"_s << u"my passport number is [id number]"_s << id;
    QTest::newRow("pasaporte") << u"mi pasaporte es PAA123456"_s << u"mi pasaporte es [id number]"_s << id;

    // Bank accounts
    QTest::newRow("iban es grouped") << u"ES91 2100 0418 4502 0005 1332"_s << u"[bank account]"_s << iban;
    QTest::newRow("iban es bare lower") << u"mi cuenta es es9121000418450200051332"_s << u"mi cuenta es [bank account]"_s << iban;
    QTest::newRow("iban gb") << u"GB82 WEST 1234 5698 7654 32."_s << u"[bank account]."_s << iban;
    QTest::newRow("iban fr") << u"FR14 2004 1010 0505 0001 3M02 606"_s << u"[bank account]"_s << iban;
    QTest::newRow("clabe") << u"CLABE 032180000118359719"_s << u"CLABE [bank account]"_s << bank;

    // IP address
    QTest::newRow("ip") << u"my ip is 192.168.1.20"_s << u"my ip is [ip address]"_s << ip;
    QTest::newRow("ip end") << u"router 10.0.0.138."_s << u"router [ip address]."_s << ip;
    QTest::newRow("ip single digits after ip") << u"my IP: 8.8.8.8"_s << u"my IP: [ip address]"_s << ip;

    // Street addresses: English
    QTest::newRow("address en") << u"123 Main Street"_s << u"[address]"_s << address;
    QTest::newRow("address en apt") << u"I live at 42 Oak Ave Apt 5"_s << u"I live at [address]"_s << address;
    QTest::newRow("address en live at") << u"I live at 7 Elm Road"_s << u"I live at [address]"_s << address;
    QTest::newRow("address en lowercase") << u"i live at 7 elm road"_s << u"i live at [address]"_s << address;
    QTest::newRow("address en city kept") << u"my address is 221B Baker Street, London"_s << u"my address is [address], London"_s << address;
    QTest::newRow("address en abbreviation") << u"We are at 9 Willow Ln."_s << u"We are at [address]"_s << address;
    QTest::newRow("address en unit hash") << u"1200 W Sunset Blvd #4"_s << u"[address]"_s << address;
    QTest::newRow("address en without number") << u"we live on Maple Drive"_s << u"we live on [address]"_s << address;
    QTest::newRow("address en ordinal street") << u"my house is at 350 5th Avenue"_s << u"my house is at [address]"_s << address;
    // Spanish
    QTest::newRow("address es") << u"Calle Mayor 5"_s << u"[address]"_s << address;
    QTest::newRow("address es c/") << u"C/ Alcalá 23, 3º B"_s << u"[address]"_s << address;
    QTest::newRow("address es c/ nfkc") << u"C/ Alcalá 23, 3o B"_s << u"[address]"_s << address;
    QTest::newRow("address es avenida nº") << u"Avenida de la Constitución nº 12"_s << u"[address]"_s << address;
    QTest::newRow("address es avenida no (nfkc)") << u"Avenida de la Constitución no 12"_s << u"[address]"_s << address;
    QTest::newRow("address es vivo en la calle") << u"vivo en la calle Mayor 5"_s << u"vivo en la [address]"_s << address;
    QTest::newRow("address es lowercase floor") << u"vivo en la calle mayor 5, 2º A y tengo un perro"_s << u"vivo en la [address] y tengo un perro"_s << address;
    QTest::newRow("address es without number") << u"vivo en la calle de la Paz"_s << u"vivo en la [address]"_s << address;
    QTest::newRow("address es paseo floor") << u"Mi dirección es Paseo de la Castellana 100, 4º izq."_s << u"Mi dirección es [address]"_s << address;
    QTest::newRow("address es plaza") << u"mi casa está en Plaza España 3"_s << u"mi casa está en [address]"_s << address;
    QTest::newRow("address mx 5 de mayo") << u"Calle 5 de Mayo 23, Col. Centro"_s << u"[address], Col. Centro"_s << address;
    QTest::newRow("address mx av.") << u"Av. Insurgentes Sur 1234"_s << u"[address]"_s << address;
    QTest::newRow("address co carrera") << u"Carrera 7 # 45-10"_s << u"[address]"_s << address;
    QTest::newRow("address es sin número") << u"Paseo del Prado s/n"_s << u"[address]"_s << address;
    QTest::newRow("address es c/ lowercase bajo") << u"vivo en c/ mayor 3 bajo"_s << u"vivo en [address]"_s << address;

    // Several at once: kinds in order of first appearance
    QTest::newRow("several") << u"I'm Ana, ana@x.com, call 612 345 678 or ana@x.com"_s
                             << u"I'm Ana, [email], call [phone] or [email]"_s << QStringList{u"email"_s, u"phone"_s};
    QTest::newRow("several es") << u"Vivo en Calle Mayor 5 y mi móvil es 612345678"_s
                                << u"Vivo en [address] y mi móvil es [phone]"_s << QStringList{u"address"_s, u"phone"_s};
}

void TestPiiRedactor::redacts_data()
{
    addPositiveRows();
}

void TestPiiRedactor::redacts()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QFETCH(QStringList, kinds);
    const Redaction r = m_redactor.redact(text);
    QCOMPARE(r.text, expected);
    QCOMPARE(r.kindNames(), kinds);
    QVERIFY(r.changed);
    QVERIFY(r.count >= 1);
}

void TestPiiRedactor::redactionIsIdempotent_data()
{
    addPositiveRows();
}

void TestPiiRedactor::redactionIsIdempotent()
{
    QFETCH(QString, text);
    const Redaction once = m_redactor.redact(text);
    const Redaction twice = m_redactor.redact(once.text);
    QCOMPARE(twice.text, once.text);
    QVERIFY(!twice.changed);
}

// --- robustness ------------------------------------------------------------

void TestPiiRedactor::robustToUnnormalisedText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");

    QTest::newRow("fullwidth digits") << u"call ５５５-１２３-４５６７"_s << u"call [phone]"_s;
    QTest::newRow("fullwidth everything") << u"ｍｙ ｐｈｏｎｅ ６１２ ３４５ ６７８"_s << u"ｍｙ ｐｈｏｎｅ [phone]"_s;
    QTest::newRow("fullwidth plus") << u"＋３４ ６１２３４５６７８"_s << u"[phone]"_s;
    QTest::newRow("fullwidth at") << u"ana＠example.com"_s << u"[email]"_s;
    QTest::newRow("arabic-indic digits") << u"رقم ٦١٢٣٤٥٦٧٨"_s << u"رقم [phone]"_s;
    QTest::newRow("astral bold digits") << u"𝟔𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖 ok"_s << u"[phone] ok"_s;
    QTest::newRow("zero width inside") << u"612\u200B345\u200B678"_s << u"[phone]"_s;
    QTest::newRow("soft hyphen inside card") << u"4111\u00AD1111\u00AD1111\u00AD1111"_s << u"[card number]"_s;
    QTest::newRow("no-break spaces") << u"612\u00A0345\u00A0678"_s << u"[phone]"_s;
    QTest::newRow("narrow no-break spaces") << u"4111\u202F1111\u202F1111\u202F1111"_s << u"[card number]"_s;
    QTest::newRow("en dashes") << u"555\u2013123\u20134567"_s << u"[phone]"_s;
    QTest::newRow("emoji around") << u"🐼 call 612 345 678 🐼"_s << u"🐼 call [phone] 🐼"_s;
    QTest::newRow("ordinal sign unnormalised") << u"C/ Alcalá 23, 3º B"_s << u"[address]"_s;
    QTest::newRow("newline inside") << u"my phone is\n555 0134"_s << u"my phone is\n[phone]"_s;
}

void TestPiiRedactor::robustToUnnormalisedText()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(m_redactor.redact(text).text, expected);
}

// --- negatives -------------------------------------------------------------

void TestPiiRedactor::keepsZooTalk_data()
{
    QTest::addColumn<QString>("text");
    const QStringList rows{
        // From the issue
        u"Tigers weigh 100 to 300 kg"_s,
        u"Was the zoo built in 1998?"_s,
        u"Do tigers have 3 to 4 cubs?"_s,
        u"Can a cougar run up to 60 km/h?"_s,
        u"Red pandas lived 10,000 years ago"_s,
        u"Is a tiger 2.5 metres long?"_s,
        u"Is the tiger the 5th animal?"_s,
        u"I am 7 years old"_s,
        u"Room 101 at the zoo?"_s,
        u"Do you eat at 10:30?"_s,
        u"We came on 12/05/2024"_s,
        // More numbers
        u"12-05-2024 and 2024-05-12 and 12.05.2024"_s,
        u"Lemurs live 18-20 years"_s,
        u"Is the score 3-2?"_s,
        u"What is 2+2?"_s,
        u"+2 points for the tiger"_s,
        u"What is 555 + 123?"_s,
        u"1 2 3 4 5 6 7 8 9 10"_s,
        u"6 7 8 9 10 11 12 13 14 15"_s,
        u"is 1000000000 a billion?"_s,
        u"is 1,000,000,000 a billion?"_s,
        u"9876543210 liftoff!"_s,
        u"1234567890"_s,
        u"999999999 is a big number"_s,
        u"Is 7,000,000,000 people a lot?"_s,
        u"There are 3900 tigers"_s,
        u"The number of tigers is 3900"_s,
        u"my favorite number is 1234567"_s,
        u"From 9 to 5"_s,
        u"a tiger eats 5-7 kg a day"_s,
        u"Is it 1.2.3.4?"_s,
        u"Is pi 3.14159?"_s,
        u"Can a tiger run 612 345 678 km?"_s,
        u"20% of tigers"_s,
        u"36 + 77715529 = ?"_s,
        u"What is 12 +34567890?"_s,
        u"Between 10 1998 2005"_s,
        u"6.808.008 76 375.488.119"_s,
        u"2028 5948 2720 6752"_s, // Luhn-valid, but years, not a 2221-2720 card
        u"01-05-2024 10:30"_s,
        // Cards, ids and banks that fail their checks
        u"4111 1111 1111 1112"_s,
        u"1000000000000000 is huge"_s,
        u"12345678A"_s,
        u"X1234567A"_s,
        u"000-12-3456"_s,
        u"666-12-3456"_s,
        u"900-12-3456"_s,
        u"123-00-4567"_s,
        u"123-45-0000"_s,
        u"ES91 2100 0418 4502 0005 1333"_s,
        u"032180000118359710"_s,
        // Words
        u"Tigers hunt at night"_s,
        u"I looked at the dot it made"_s,
        u"Look at lemurs dot com"_s,
        u"We eat at home dot com"_s,
        u"Do you eat at home or at the zoo?"_s,
        u"Do 3 Tigers Drive?"_s,
        u"Can 2 Lions Walk The Road?"_s,
        u"Where is 10 Downing Street?"_s,
        u"I live in a zoo"_s,
        u"We live in 3 different countries"_s,
        u"I live on a farm near the road"_s,
        u"the 3 tigers drive me crazy"_s,
        u"My cat is called Max"_s,
        u"What is an IBAN?"_s,
        u"what's your phone number?"_s,
        u"Do you have a phone?"_s,
        u"Call me Ishmael"_s,
        // Spanish
        u"¿Los tigres pesan 300 kilos?"_s,
        u"¿Cuántos años tienes? ¿7?"_s,
        u"Mi número favorito es 7"_s,
        u"Hay 700 000 000 de personas"_s,
        u"¿Es verdad que hay 8.000.000.000 personas?"_s,
        u"¿Cuánto es 123456789?"_s,
        u"Tengo 612 cromos"_s,
        u"La calle de los leones está a 5 minutos"_s,
        u"¿Vivo en la calle?"_s,
        u"vivo en España"_s,
        u"Vivo en Madrid, en el barrio de Salamanca"_s,
        u"¿El 12.05.2024 abrís?"_s,
        u"El tigre número 5 se llama Raja"_s,
        u"a las tres en punto"_s,
        u"¿Cuántos renos tiran del trineo? ¿9?"_s,
        u"¿Cuál es tu número de teléfono?"_s,
        u"Calle sin número"_s,
        u"12345678 a 9"_s,
    };
    for (const QString &row : rows)
        QTest::newRow(row.toUtf8().constData()) << row;
}

void TestPiiRedactor::keepsZooTalk()
{
    QFETCH(QString, text);
    const Redaction r = m_redactor.redact(text);
    QCOMPARE(r.text, text);
    QVERIFY(!r.changed);
    QVERIFY(r.kinds.isEmpty());
    QCOMPARE(r.count, 0);
}

QStringList TestPiiRedactor::readBenignSet(const QString &fileName)
{
    QFile file(QStringLiteral(ZK_SOURCE_DIR) + u"/tests/data/"_s + fileName);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    QStringList lines;
    const QStringList all = QString::fromUtf8(file.readAll()).split(u'\n');
    for (const QString &line : all) {
        const QString trimmed = line.trimmed();
        if (trimmed.isEmpty() || trimmed.startsWith(u'#'))
            continue;
        lines.append(trimmed);
    }
    return lines;
}

void TestPiiRedactor::keepsBenignChildrenQuestions_data()
{
    QTest::addColumn<QString>("text");
    for (const QString &file : {u"benign_children_en.txt"_s, u"benign_children_es.txt"_s}) {
        const QStringList lines = readBenignSet(file);
        for (qsizetype i = 0; i < lines.size(); ++i)
            QTest::addRow("%s %d: %s", qPrintable(file.mid(16, 2)), int(i + 1), lines.at(i).toUtf8().constData())
                << lines.at(i);
    }
}

void TestPiiRedactor::keepsBenignChildrenQuestions()
{
    QFETCH(QString, text);
    const Redaction r = m_redactor.redact(text);
    QCOMPARE(r.text, text);
    QVERIFY(!r.changed);
}

void TestPiiRedactor::benignSetsAreComplete()
{
    const QStringList en = readBenignSet(u"benign_children_en.txt"_s);
    const QStringList es = readBenignSet(u"benign_children_es.txt"_s);
    QVERIFY2(en.size() >= 160, qPrintable(u"English benign set has %1 questions"_s.arg(en.size())));
    QVERIFY2(es.size() >= 100, qPrintable(u"Spanish benign set has %1 questions"_s.arg(es.size())));
    // Natural Spanish: opening marks and accents are there.
    QVERIFY(es.join(u'\n').contains(u'¿'));
    QVERIFY(es.join(u'\n').contains(u'¡'));
    QVERIFY(es.join(u'\n').contains(u'ñ'));
}

// --- the result ------------------------------------------------------------

void TestPiiRedactor::resultDescribesFindings()
{
    const Redaction none = m_redactor.redact(u"What do you eat?"_s);
    QCOMPARE(none.text, u"What do you eat?"_s);
    QVERIFY(!none.changed);
    QCOMPARE(none.count, 0);
    QVERIFY(none.kindNames().isEmpty());

    const Redaction empty = m_redactor.redact(QString());
    QVERIFY(empty.text.isEmpty());
    QVERIFY(!empty.changed);

    const Redaction r = m_redactor.redact(u"612 345 678, ana@x.com, 699 88 77 66, C/ Mayor 5"_s);
    QCOMPARE(r.text, u"[phone], [email], [phone], [address]"_s);
    QVERIFY(r.changed);
    QCOMPARE(r.count, 4);
    QCOMPARE(r.kinds, (QList<PiiKind>{PiiKind::Phone, PiiKind::Email, PiiKind::Address}));
    QVERIFY(r.contains(PiiKind::Email));
    QVERIFY(!r.contains(PiiKind::Card));
}

void TestPiiRedactor::findReportsSpansInOriginalText()
{
    const QList<PiiMatch> matches = m_redactor.find(u"call 612 345 678 now or ana@x.com"_s);
    QCOMPARE(matches.size(), 2);
    QCOMPARE(matches.at(0), (PiiMatch{PiiKind::Phone, 5, 11}));
    QCOMPARE(matches.at(1), (PiiMatch{PiiKind::Email, 24, 9}));

    // Offsets are in the visitor's text, even when the scan dropped or
    // folded characters: the zero-width space and the astral digits.
    const QString text = u"x 𝟔𝟏𝟐\u200B345678 y"_s;
    const QList<PiiMatch> folded = m_redactor.find(text);
    QCOMPARE(folded.size(), 1);
    QCOMPARE(folded.at(0).start, 2);
    QCOMPARE(text.mid(folded.at(0).start, folded.at(0).length), u"𝟔𝟏𝟐\u200B345678"_s);

    // Overlapping findings (the +34 number and the Spanish mobile inside it)
    // give one placeholder covering both.
    const Redaction overlap = m_redactor.redact(u"call +34 612 345 678"_s);
    QCOMPARE(overlap.text, u"call [phone]"_s);
    QCOMPARE(overlap.count, 1);
}

void TestPiiRedactor::namesAndPlaceholders()
{
    const QList<PiiKind> all{PiiKind::Email, PiiKind::Phone, PiiKind::Card, PiiKind::Ssn, PiiKind::IdNumber,
                             PiiKind::Iban, PiiKind::BankAccount, PiiKind::Ip, PiiKind::Address};
    QStringList names;
    for (PiiKind kind : all) {
        const QString name = PiiRedactor::kindName(kind);
        const QString placeholder = PiiRedactor::placeholder(kind);
        QVERIFY(!name.isEmpty());
        QVERIFY(placeholder.startsWith(u'[') && placeholder.endsWith(u']'));
        // A placeholder is itself never taken for personal data.
        QCOMPARE(PiiRedactor().redact(placeholder).text, placeholder);
        names.append(name);
    }
    names.removeDuplicates();
    QCOMPARE(names.size(), all.size());
    QCOMPARE(PiiRedactor::kindName(PiiKind::Email), u"email"_s);
    QCOMPARE(PiiRedactor::placeholder(PiiKind::Card), u"[card number]"_s);
}

// --- validators ------------------------------------------------------------

void TestPiiRedactor::luhn_data()
{
    QTest::addColumn<QString>("digits");
    QTest::addColumn<bool>("valid");
    QTest::newRow("visa") << u"4111111111111111"_s << true;
    QTest::newRow("visa grouped") << u"4111 1111 1111 1111"_s << true;
    QTest::newRow("amex") << u"378282246310005"_s << true;
    QTest::newRow("mastercard") << u"5555555555554444"_s << true;
    QTest::newRow("one digit off") << u"4111111111111112"_s << false;
    QTest::newRow("swapped digits") << u"4111111111111111"_s.replace(0, 2, u"14"_s) << false;
    QTest::newRow("letters") << u"4111a11111111111"_s << false;
    QTest::newRow("empty") << QString() << false;
}

void TestPiiRedactor::luhn()
{
    QFETCH(QString, digits);
    QFETCH(bool, valid);
    QCOMPARE(PiiRedactor::luhnValid(digits), valid);
}

void TestPiiRedactor::spanishIds_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("dni");
    QTest::addColumn<bool>("nie");
    QTest::newRow("dni 12345678Z") << u"12345678Z"_s << true << false;
    QTest::newRow("dni lower") << u"12345678z"_s << true << false;
    QTest::newRow("dni dotted") << u"12.345.678-Z"_s << true << false;
    QTest::newRow("dni 11111111H") << u"11111111H"_s << true << false;
    QTest::newRow("dni wrong letter") << u"12345678A"_s << false << false;
    QTest::newRow("dni short") << u"1234567Z"_s << false << false;
    QTest::newRow("nie X") << u"X1234567L"_s << false << true;
    QTest::newRow("nie Y") << u"Y7654321G"_s << false << true;
    QTest::newRow("nie Z") << u"Z-2345678-M"_s << false << true;
    QTest::newRow("nie wrong letter") << u"X1234567T"_s << false << false;
    QTest::newRow("nie wrong prefix") << u"W1234567L"_s << false << false;
}

void TestPiiRedactor::spanishIds()
{
    QFETCH(QString, id);
    QFETCH(bool, dni);
    QFETCH(bool, nie);
    QCOMPARE(PiiRedactor::dniValid(id), dni);
    QCOMPARE(PiiRedactor::nieValid(id), nie);
}

void TestPiiRedactor::iban_data()
{
    QTest::addColumn<QString>("iban");
    QTest::addColumn<bool>("valid");
    QTest::newRow("es") << u"ES9121000418450200051332"_s << true;
    QTest::newRow("es grouped") << u"ES91 2100 0418 4502 0005 1332"_s << true;
    QTest::newRow("es lower") << u"es7921000813610123456789"_s << true;
    QTest::newRow("gb letters") << u"GB82WEST12345698765432"_s << true;
    QTest::newRow("de") << u"DE89370400440532013000"_s << true;
    QTest::newRow("es bad check") << u"ES9121000418450200051333"_s << false;
    QTest::newRow("es too short") << u"ES912100041845020005133"_s << false;
    QTest::newRow("unknown country") << u"QQ9121000418450200051332"_s << false;
    QTest::newRow("empty") << QString() << false;
}

void TestPiiRedactor::iban()
{
    QFETCH(QString, iban);
    QFETCH(bool, valid);
    QCOMPARE(PiiRedactor::ibanValid(iban), valid);
}

void TestPiiRedactor::clabe_data()
{
    QTest::addColumn<QString>("clabe");
    QTest::addColumn<bool>("valid");
    QTest::newRow("valid") << u"032180000118359719"_s << true;
    QTest::newRow("valid 2") << u"002010077777777771"_s << true;
    QTest::newRow("bad check") << u"032180000118359710"_s << false;
    QTest::newRow("17 digits") << u"03218000011835971"_s << false;
    QTest::newRow("letter") << u"03218000011835971A"_s << false;
}

void TestPiiRedactor::clabe()
{
    QFETCH(QString, clabe);
    QFETCH(bool, valid);
    QCOMPARE(PiiRedactor::clabeValid(clabe), valid);
}

QTEST_GUILESS_MAIN(TestPiiRedactor)
#include "tst_piiredactor.moc"
