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
    <name>zk::ui::ChatWindow</name>
    <message>
        <source>Our animal ambassadors are taking a short break.</source>
        <translation>Nuestros embajadores animales están tomando un breve descanso.</translation>
    </message>
    <message>
        <source>Zoo Kiosk</source>
        <translation>Quiosco del zoológico</translation>
    </message>
    <message>
        <source>Tap an animal to talk!</source>
        <translation>¡Toca un animal para hablar!</translation>
    </message>
    <message>
        <source>Español</source>
        <translation>English</translation>
    </message>
    <message>
        <source>Other animals</source>
        <translation>Otros animales</translation>
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
    <message>
        <source>You</source>
        <translation>Tú</translation>
    </message>
</context>
</TS>
