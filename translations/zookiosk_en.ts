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
    <name>zk::ui::AccessBar</name>
    <message>
        <source>Zoo Kiosk</source>
        <translation>Zoo Kiosk</translation>
    </message>
    <message>
        <source>Español</source>
        <translation>Español</translation>
    </message>
    <message>
        <source>Smaller text</source>
        <translation>Smaller text</translation>
    </message>
    <message>
        <source>Larger text</source>
        <translation>Larger text</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>High contrast</translation>
    </message>
</context>
<context>
    <name>zk::ui::AttractScreen</name>
    <message>
        <source>Tap to talk to an animal!</source>
        <translation>Tap to talk to an animal!</translation>
    </message>
</context>
<context>
    <name>zk::ui::ChatScreen</name>
    <message>
        <source>Other animals</source>
        <translation>Other animals</translation>
    </message>
    <message>
        <source>Start over</source>
        <translation>Start over</translation>
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
        <source>You</source>
        <translation>You</translation>
    </message>
    <message>
        <source>Our animal ambassadors are taking a short break.</source>
        <translation>Our animal ambassadors are taking a short break.</translation>
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
</context>
<context>
    <name>zk::ui::IdleOverlay</name>
    <message>
        <source>Are you still there?</source>
        <translation>Are you still there?</translation>
    </message>
    <message>
        <source>Tap anywhere to keep talking.</source>
        <translation>Tap anywhere to keep talking.</translation>
    </message>
    <message>
        <source>I&apos;m still here!</source>
        <translation>I'm still here!</translation>
    </message>
</context>
<context>
    <name>zk::ui::KioskWindow</name>
    <message>
        <source>Zoo Kiosk</source>
        <translation>Zoo Kiosk</translation>
    </message>
</context>
<context>
    <name>zk::ui::OnScreenKeyboard</name>
    <message>
        <source>Shift</source>
        <translation>Shift</translation>
    </message>
    <message>
        <source>Backspace</source>
        <translation>Backspace</translation>
    </message>
    <message>
        <source>space</source>
        <translation>space</translation>
    </message>
    <message>
        <source>123</source>
        <translation>123</translation>
    </message>
    <message>
        <source>ABC</source>
        <translation>ABC</translation>
    </message>
    <message>
        <source>send</source>
        <translation>send</translation>
    </message>
</context>
<context>
    <name>zk::ui::PickerScreen</name>
    <message>
        <source>Tap an animal to talk!</source>
        <translation>Tap an animal to talk!</translation>
    </message>
</context>
<context>
    <name>zk::ui::TranscriptView</name>
    <message>
        <source>Read aloud</source>
        <translation>Read aloud</translation>
    </message>
</context>
<context>
    <name>zk::ui::TypingIndicator</name>
    <message>
        <source>%1 is thinking</source>
        <translation>%1 is thinking</translation>
    </message>
</context>
</TS>
