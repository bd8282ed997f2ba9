<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>main</name>
    <message>
        <source>The kiosk could not start. Please call a member of staff.</source>
        <translation>The kiosk could not start. Please call a member of staff.</translation>
    </message>
</context>
<context>
    <name>zk::ui::ChatWindow</name>
    <message>
        <source>Our animal ambassadors are taking a short break.</source>
        <translation>Our animal ambassadors are taking a short break.</translation>
    </message>
    <message>
        <source>Zoo Kiosk</source>
        <translation>Zoo Kiosk</translation>
    </message>
    <message>
        <source>Tap an animal to talk!</source>
        <translation>Tap an animal to talk!</translation>
    </message>
    <message>
        <source>Español</source>
        <translation>Español</translation>
    </message>
    <message>
        <source>Other animals</source>
        <translation>Other animals</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Send</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>Type your question here</source>
        <translation>Type your question here</translation>
    </message>
    <message>
        <source>Type a question for %1, or tap one of the buttons!</source>
        <translation>Type a question for %1, or tap one of the buttons!</translation>
    </message>
    <message>
        <source>That is a lot of words! Could you ask it a bit shorter, please?</source>
        <translation>That is a lot of words! Could you ask it a bit shorter, please?</translation>
    </message>
    <message>
        <source>Oops, something got tangled. Please try again.</source>
        <translation>Oops, something got tangled. Please try again.</translation>
    </message>
    <message>
        <source>You</source>
        <translation>You</translation>
    </message>
</context>
</TS>
