<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es">
<context>
    <name>main</name>
    <message>
        <source>The kiosk could not start. Please call a member of staff.</source>
        <translation>El quiosco no pudo iniciarse. Por favor, llama a un miembro del personal.</translation>
    </message>
</context>
<context>
    <name>zk::ui::AccessBar</name>
    <message>
        <source>Zoo Kiosk</source>
        <translation>Quiosco del zoológico</translation>
    </message>
    <message>
        <source>Español</source>
        <translation>English</translation>
    </message>
    <message>
        <source>Smaller text</source>
        <translation>Texto más pequeño</translation>
    </message>
    <message>
        <source>Larger text</source>
        <translation>Texto más grande</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>Alto contraste</translation>
    </message>
</context>
<context>
    <name>zk::ui::AttractScreen</name>
    <message>
        <source>Tap to talk to an animal!</source>
        <translation>¡Toca para hablar con un animal!</translation>
    </message>
</context>
<context>
    <name>zk::ui::ChatScreen</name>
    <message>
        <source>Other animals</source>
        <translation>Otros animales</translation>
    </message>
    <message>
        <source>Start over</source>
        <translation>Empezar de nuevo</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Enviar</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Detener</translation>
    </message>
    <message>
        <source>Type your question here</source>
        <translation>Escribe tu pregunta aquí</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Tú</translation>
    </message>
    <message>
        <source>Our animal ambassadors are taking a short break.</source>
        <translation>Nuestros embajadores animales están tomando un breve descanso.</translation>
    </message>
    <message>
        <source>Type a question for %1, or tap one of the buttons!</source>
        <translation>¡Escribe una pregunta para %1 o toca uno de los botones!</translation>
    </message>
    <message>
        <source>That is a lot of words! Could you ask it a bit shorter, please?</source>
        <translation>¡Cuántas palabras! ¿Podrías preguntarlo un poco más corto, por favor?</translation>
    </message>
    <message>
        <source>Oops, something got tangled. Please try again.</source>
        <translation>¡Uy, algo se enredó! Por favor, inténtalo de nuevo.</translation>
    </message>
</context>
<context>
    <name>zk::ui::IdleOverlay</name>
    <message>
        <source>Are you still there?</source>
        <translation>¿Sigues ahí?</translation>
    </message>
    <message>
        <source>Tap anywhere to keep talking.</source>
        <translation>Toca en cualquier lugar para seguir hablando.</translation>
    </message>
    <message>
        <source>I&apos;m still here!</source>
        <translation>¡Sigo aquí!</translation>
    </message>
</context>
<context>
    <name>zk::ui::KioskWindow</name>
    <message>
        <source>Zoo Kiosk</source>
        <translation>Quiosco del zoológico</translation>
    </message>
</context>
<context>
    <name>zk::ui::OnScreenKeyboard</name>
    <message>
        <source>Shift</source>
        <translation>Mayúsculas</translation>
    </message>
    <message>
        <source>Backspace</source>
        <translation>Borrar</translation>
    </message>
    <message>
        <source>space</source>
        <translation>espacio</translation>
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
        <translation>enviar</translation>
    </message>
</context>
<context>
    <name>zk::ui::PickerScreen</name>
    <message>
        <source>Tap an animal to talk!</source>
        <translation>¡Toca un animal para hablar!</translation>
    </message>
</context>
<context>
    <name>zk::ui::TranscriptView</name>
    <message>
        <source>Read aloud</source>
        <translation>Leer en voz alta</translation>
    </message>
</context>
<context>
    <name>zk::ui::TypingIndicator</name>
    <message>
        <source>%1 is thinking</source>
        <translation>%1 está pensando</translation>
    </message>
</context>
</TS>
