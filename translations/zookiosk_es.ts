<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es">
<context>
    <name>ConsoleWords</name>
    <message>
        <source>Connecting</source>
        <translation>Conectando</translation>
    </message>
    <message>
        <source>Healthy</source>
        <translation>En buen estado</translation>
    </message>
    <message>
        <source>Needs a look</source>
        <translation>Requiere atención</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Sin conexión</translation>
    </message>
    <message>
        <source>The AI service failed several times: the kiosk has paused it (circuit breaker open).</source>
        <translation>El servicio de IA falló varias veces: el quiosco lo ha pausado (disyuntor abierto).</translation>
    </message>
    <message>
        <source>Emergency mode is on: the animals answer from their own facts.</source>
        <translation>El modo de emergencia está activado: los animales responden con sus propios datos.</translation>
    </message>
    <message>
        <source>%1% of the budget is spent.</source>
        <translation>Se ha gastado el %1 % del presupuesto.</translation>
    </message>
    <message>
        <source>The budget is spent: the animals answer offline until it resets or is raised.</source>
        <translation>El presupuesto está agotado: los animales responden sin conexión hasta que se renueve o se aumente.</translation>
    </message>
    <message>
        <source>No API key in use: the animals answer offline.</source>
        <translation>No hay clave de API en uso: los animales responden sin conexión.</translation>
    </message>
    <message>
        <source>Connecting and logging in…</source>
        <translation>Conectando e iniciando sesión…</translation>
    </message>
    <message>
        <source>The kiosk did not accept this console&apos;s token. Check the token set on the kiosk (zookioskctl fleet set-token), then remove this kiosk here and add it again with that token.</source>
        <translation>El quiosco no aceptó el token de esta consola. Comprueba el token definido en el quiosco (zookioskctl fleet set-token); después quita aquí este quiosco y vuelve a añadirlo con ese token.</translation>
    </message>
    <message>
        <source>This console does not trust the kiosk&apos;s certificate. Remove the kiosk and add it again with the CA file (PEM) that signed its certificate. Trying again in %1 s.</source>
        <translation>Esta consola no confía en el certificado del quiosco. Quita el quiosco y vuelve a añadirlo con el archivo de CA (PEM) que firmó su certificado. Se vuelve a intentar en %1 s.</translation>
    </message>
    <message>
        <source>The kiosk cannot be reached (switched off, or no network?). Trying again in %1 s.</source>
        <translation>No se puede contactar con el quiosco (¿apagado o sin red?). Se vuelve a intentar en %1 s.</translation>
    </message>
    <message>
        <source>Logged in; waiting for the first status…</source>
        <translation>Sesión iniciada; esperando el primer estado…</translation>
    </message>
    <message>
        <source>Connected and healthy.</source>
        <translation>Conectado y en buen estado.</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Crítico</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Aviso</translation>
    </message>
    <message>
        <source>Information</source>
        <translation>Información</translation>
    </message>
    <message>
        <source>the welcome screen</source>
        <translation>la pantalla de bienvenida</translation>
    </message>
    <message>
        <source>the animal picker</source>
        <translation>la elección de animal</translation>
    </message>
    <message>
        <source>a conversation</source>
        <translation>una conversación</translation>
    </message>
    <message>
        <source>the staff admin panel</source>
        <translation>el panel de administración del personal</translation>
    </message>
    <message>
        <source>no screen (zookioskctl serve)</source>
        <translation>ninguna pantalla (zookioskctl serve)</translation>
    </message>
    <message>
        <source>open</source>
        <translation>abierto</translation>
    </message>
    <message>
        <source>half-open (trying again)</source>
        <translation>semiabierto (probando de nuevo)</translation>
    </message>
    <message>
        <source>The kiosk is not connected; try again when its light is green or amber.</source>
        <translation>El quiosco no está conectado; vuelve a intentarlo cuando su luz esté verde o ámbar.</translation>
    </message>
    <message>
        <source>The kiosk refused it: %1</source>
        <translation>El quiosco lo rechazó: %1</translation>
    </message>
    <message>
        <source>Too many requests at once; wait a moment and try again.</source>
        <translation>Demasiadas peticiones a la vez; espera un momento y vuelve a intentarlo.</translation>
    </message>
    <message>
        <source>The kiosk could not do it (%1).</source>
        <translation>El quiosco no pudo hacerlo (%1).</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>The kiosk could not start. Please call a member of staff.</source>
        <translation>El quiosco no pudo iniciarse. Por favor, llama a un miembro del personal.</translation>
    </message>
</context>
<context>
    <name>zk::ConfigLoader</name>
    <message>
        <source>expected a whole number from %1 to %2</source>
        <translation>se espera un número entero de %1 a %2</translation>
    </message>
    <message>
        <source>expected a number from %1 to %2</source>
        <translation>se espera un número de %1 a %2</translation>
    </message>
    <message>
        <source>expected true or false</source>
        <translation>se espera true o false</translation>
    </message>
    <message>
        <source>expected a URL such as https://api.openai.com/v1</source>
        <translation>se espera una URL como https://api.openai.com/v1</translation>
    </message>
    <message>
        <source>expected &quot;chat&quot; or &quot;responses&quot;</source>
        <translation>se espera "chat" o "responses"</translation>
    </message>
    <message>
        <source>expected a readable PEM file of CA certificates</source>
        <translation>se espera un archivo PEM legible con certificados de CA</translation>
    </message>
    <message>
        <source>expected a comma-separated list of model names, primary first</source>
        <translation>se espera una lista de nombres de modelos separados por comas, el principal primero</translation>
    </message>
    <message>
        <source>expected a number from 0 to 2</source>
        <translation>se espera un número de 0 a 2</translation>
    </message>
    <message>
        <source>expected &quot;en&quot; or &quot;es&quot;</source>
        <translation>se espera "en" o "es"</translation>
    </message>
    <message>
        <source>expected a model name</source>
        <translation>se espera el nombre de un modelo</translation>
    </message>
    <message>
        <source>expected a moderation model name such as omni-moderation-latest</source>
        <translation>se espera el nombre de un modelo de moderación, como omni-moderation-latest</translation>
    </message>
    <message>
        <source>expected HOST:PORT, e.g. 127.0.0.1:8765 or [::1]:8765 (empty: off)</source>
        <translation>se espera HOST:PUERTO, p. ej. 127.0.0.1:8765 o [::1]:8765 (vacío: desactivado)</translation>
    </message>
    <message>
        <source>expected a directory path</source>
        <translation>se espera la ruta de una carpeta</translation>
    </message>
    <message>
        <source>expected &quot;&lt;input USD per million tokens&gt;,&lt;output USD per million tokens&gt;&quot;</source>
        <translation>se espera "&lt;USD de entrada por millón de tokens&gt;,&lt;USD de salida por millón de tokens&gt;"</translation>
    </message>
    <message>
        <source>expected a moderation category such as violence or self-harm/intent</source>
        <translation>se espera una categoría de moderación, como violence o self-harm/intent</translation>
    </message>
    <message>
        <source>expected a number from 0 to 1</source>
        <translation>se espera un número de 0 a 1</translation>
    </message>
    <message>
        <source>unknown setting &quot;%1&quot;</source>
        <translation>ajuste desconocido "%1"</translation>
    </message>
    <message>
        <source>%1 is set in the config file or the environment only</source>
        <translation>%1 solo se define en el archivo de configuración o en el entorno</translation>
    </message>
    <message>
        <source>expected postgresql://USER:PASSWORD@HOST:PORT/DATABASE (empty: off)</source>
        <translation>se espera postgresql://USUARIO:CONTRASEÑA@HOST:PUERTO/BASE_DE_DATOS (vacío: desactivado)</translation>
    </message>
    <message>
        <source>expected 1 to 64 letters, digits, dots, dashes or underscores</source>
        <translation>se esperan de 1 a 64 letras, cifras, puntos, guiones o guiones bajos</translation>
    </message>
</context>
<context>
    <name>zk::OpeningHours</name>
    <message>
        <source>&quot;%1&quot; is not &quot;[DAYS ]HH:MM-HH:MM&quot; (DAYS such as mon, mon-fri or daily)</source>
        <translation>"%1" no tiene la forma "[DÍAS ]HH:MM-HH:MM" (DÍAS en inglés, como mon, mon-fri o daily)</translation>
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
    <name>zk::ui::AddKioskForm</name>
    <message>
        <source>Add a kiosk</source>
        <translation>Añadir un quiosco</translation>
    </message>
    <message>
        <source>Name, e.g. Reptile house</source>
        <translation>Nombre, p. ej. Casa de los reptiles</translation>
    </message>
    <message>
        <source>Address, e.g. wss://kiosk-3.zoo.lan:8765</source>
        <translation>Dirección, p. ej. wss://kiosk-3.zoo.lan:8765</translation>
    </message>
    <message>
        <source>The kiosk&apos;s fleet token</source>
        <translation>El token de flota del quiosco</translation>
    </message>
    <message>
        <source>wss only: CA file (PEM) if the kiosk&apos;s certificate is your own</source>
        <translation>Solo wss: archivo de CA (PEM) si el certificado del quiosco es propio</translation>
    </message>
    <message>
        <source>Add kiosk</source>
        <translation>Añadir quiosco</translation>
    </message>
    <message>
        <source>Added %1; connecting.</source>
        <translation>%1 añadido; conectando.</translation>
    </message>
    <message>
        <source>The kiosk list could not be saved; nothing was added.</source>
        <translation>No se pudo guardar la lista de quioscos; no se añadió nada.</translation>
    </message>
    <message>
        <source>Give the kiosk a name.</source>
        <translation>Ponle un nombre al quiosco.</translation>
    </message>
    <message>
        <source>There is already a kiosk with this name.</source>
        <translation>Ya hay un quiosco con este nombre.</translation>
    </message>
    <message>
        <source>The address should look like ws://127.0.0.1:8765 or wss://kiosk-3.zoo.lan:8765.</source>
        <translation>La dirección debe tener la forma ws://127.0.0.1:8765 o wss://kiosk-3.zoo.lan:8765.</translation>
    </message>
    <message>
        <source>The token is the one set on the kiosk: at least 16 characters, without spaces.</source>
        <translation>El token es el definido en el quiosco: al menos 16 caracteres, sin espacios.</translation>
    </message>
    <message>
        <source>No PEM certificate could be read from the CA file.</source>
        <translation>No se pudo leer ningún certificado PEM del archivo de CA.</translation>
    </message>
</context>
<context>
    <name>zk::ui::AdminPanel</name>
    <message>
        <source>Staff admin panel</source>
        <translation>Panel de administración del personal</translation>
    </message>
    <message>
        <source>Lock and close</source>
        <translation>Bloquear y cerrar</translation>
    </message>
    <message>
        <source>Keyboard</source>
        <translation>Teclado</translation>
    </message>
    <message>
        <source>Animals</source>
        <translation>Animales</translation>
    </message>
    <message>
        <source>Guardrails</source>
        <translation>Reglas de seguridad</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historial</translation>
    </message>
    <message>
        <source>Usage and cost</source>
        <translation>Uso y coste</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Ajustes</translation>
    </message>
    <message>
        <source>Fleet</source>
        <translation>Flota</translation>
    </message>
</context>
<context>
    <name>zk::ui::AlertsPanel</name>
    <message>
        <source>%1 · %2 · %3
%4</source>
        <translation>%1 · %2 · %3
%4</translation>
    </message>
</context>
<context>
    <name>zk::ui::AnimalForm</name>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>Species</source>
        <translation>Especie</translation>
    </message>
    <message>
        <source>Personality</source>
        <translation>Personalidad</translation>
    </message>
    <message>
        <source>Facts (one per line)</source>
        <translation>Datos (uno por línea)</translation>
    </message>
    <message>
        <source>Suggested questions (one per line)</source>
        <translation>Preguntas sugeridas (una por línea)</translation>
    </message>
    <message>
        <source>Conservation status</source>
        <translation>Estado de conservación</translation>
    </message>
    <message>
        <source>Emergency message</source>
        <translation>Mensaje de emergencia</translation>
    </message>
</context>
<context>
    <name>zk::ui::AnimalsPage</name>
    <message>
        <source>English</source>
        <translation>Inglés</translation>
    </message>
    <message>
        <source>Spanish</source>
        <translation>Español</translation>
    </message>
    <message>
        <source>Shown on the kiosk</source>
        <translation>Visible en el quiosco</translation>
    </message>
    <message>
        <source>Art</source>
        <translation>Ilustración</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Guardar</translation>
    </message>
    <message>
        <source>The animals could not be read.</source>
        <translation>No se pudieron leer los animales.</translation>
    </message>
    <message>
        <source>Not saved yet: %1</source>
        <translation>Aún sin guardar: %1</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>No se guardó: %1</translation>
    </message>
    <message>
        <source>The animal could not be saved.</source>
        <translation>No se pudo guardar el animal.</translation>
    </message>
    <message>
        <source>Saved. New prompt version: %1.</source>
        <translation>Guardado. Nueva versión del prompt: %1.</translation>
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
    <name>zk::ui::ConsoleWindow</name>
    <message>
        <source>Zoo Kiosk staff console</source>
        <translation>Consola del personal del quiosco del zoológico</translation>
    </message>
    <message>
        <source>The list of kiosks could not be read:
%1</source>
        <translation>No se pudo leer la lista de quioscos:
%1</translation>
    </message>
    <message>
        <source>Kiosks</source>
        <translation>Quioscos</translation>
    </message>
    <message>
        <source>Reconnect now</source>
        <translation>Reconectar ahora</translation>
    </message>
    <message>
        <source>Live alerts, newest first</source>
        <translation>Alertas en directo, las más recientes primero</translation>
    </message>
    <message>
        <source>Choose a kiosk in the table to see and change its settings.</source>
        <translation>Elige un quiosco en la tabla para ver y cambiar sus ajustes.</translation>
    </message>
    <message>
        <source>Tap again to remove</source>
        <translation>Toca otra vez para quitarlo</translation>
    </message>
    <message>
        <source>Remove kiosk</source>
        <translation>Quitar quiosco</translation>
    </message>
</context>
<context>
    <name>zk::ui::FleetPage</name>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Día</translation>
    </message>
    <message>
        <source>Kiosk</source>
        <translation>Quiosco</translation>
    </message>
    <message>
        <source>Turns</source>
        <translation>Turnos</translation>
    </message>
    <message>
        <source>Model calls</source>
        <translation>Llamadas al modelo</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Coste</translation>
    </message>
    <message>
        <source>When (UTC)</source>
        <translation>Cuándo (UTC)</translation>
    </message>
    <message>
        <source>Animal</source>
        <translation>Animal</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Origen</translation>
    </message>
    <message>
        <source>Visitor</source>
        <translation>Visitante</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>Respuesta</translation>
    </message>
    <message>
        <source>The central store is off on this kiosk (central/url in the config file, or ZOOKIOSK_CENTRAL_URL).</source>
        <translation>El almacén central está desactivado en este quiosco (central/url en el archivo de configuración, o ZOOKIOSK_CENTRAL_URL).</translation>
    </message>
    <message>
        <source>Loading from the central store…</source>
        <translation>Cargando desde el almacén central…</translation>
    </message>
    <message>
        <source>The central store cannot be reached just now. This kiosk keeps working and ships its data when it is back.</source>
        <translation>Ahora no se puede contactar con el almacén central. Este quiosco sigue funcionando y enviará sus datos cuando vuelva.</translation>
    </message>
    <message>
        <source>Central store: %1 kiosks, %2 turns, %3 events.</source>
        <translation>Almacén central: %1 quioscos, %2 turnos, %3 eventos.</translation>
    </message>
    <message>
        <source>Fleet budget today: %1 of %2 committed (%3 calls in flight).</source>
        <translation>Presupuesto de la flota hoy: %1 de %2 comprometido (%3 llamadas en curso).</translation>
    </message>
    <message>
        <source>No fleet budget has been used today.</source>
        <translation>Hoy no se ha usado presupuesto de la flota.</translation>
    </message>
</context>
<context>
    <name>zk::ui::FleetTable</name>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Kiosk</source>
        <translation>Quiosco</translation>
    </message>
    <message>
        <source>What it means</source>
        <translation>Qué significa</translation>
    </message>
</context>
<context>
    <name>zk::ui::GuardrailsPage</name>
    <message>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>For</source>
        <translation>Para</translation>
    </message>
    <message>
        <source>On</source>
        <translation>Activa</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regla</translation>
    </message>
    <message>
        <source>What the animal must always, never, or rather (not) do</source>
        <translation>Lo que el animal debe hacer siempre, nunca, o mejor (no) hacer</translation>
    </message>
    <message>
        <source>New rule</source>
        <translation>Nueva regla</translation>
    </message>
    <message>
        <source>Save rule</source>
        <translation>Guardar regla</translation>
    </message>
    <message>
        <source>Switch off</source>
        <translation>Desactivar</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Eliminar</translation>
    </message>
    <message>
        <source>All animals</source>
        <translation>Todos los animales</translation>
    </message>
    <message>
        <source>Preview for %1</source>
        <translation>Vista previa de %1</translation>
    </message>
    <message>
        <source>The guardrails could not be read.</source>
        <translation>No se pudieron leer las reglas.</translation>
    </message>
    <message>
        <source>on</source>
        <translation>sí</translation>
    </message>
    <message>
        <source>off</source>
        <translation>no</translation>
    </message>
    <message>
        <source>Switch on</source>
        <translation>Activar</translation>
    </message>
    <message>
        <source>Write the rule first.</source>
        <translation>Escribe primero la regla.</translation>
    </message>
    <message>
        <source>A rule is at most 500 characters.</source>
        <translation>Una regla tiene como máximo 500 caracteres.</translation>
    </message>
    <message>
        <source>The rule could not be saved.</source>
        <translation>No se pudo guardar la regla.</translation>
    </message>
    <message>
        <source>Rule saved.</source>
        <translation>Regla guardada.</translation>
    </message>
    <message>
        <source>Rule switched on.</source>
        <translation>Regla activada.</translation>
    </message>
    <message>
        <source>Rule switched off.</source>
        <translation>Regla desactivada.</translation>
    </message>
    <message>
        <source>Tap again to delete</source>
        <translation>Toca otra vez para eliminar</translation>
    </message>
    <message>
        <source>The rule could not be deleted.</source>
        <translation>No se pudo eliminar la regla.</translation>
    </message>
    <message>
        <source>Rule deleted.</source>
        <translation>Regla eliminada.</translation>
    </message>
</context>
<context>
    <name>zk::ui::HealthPage</name>
    <message>
        <source>Connection</source>
        <translation>Conexión</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Probar la conexión</translation>
    </message>
    <message>
        <source>Circuit breaker</source>
        <translation>Disyuntor</translation>
    </message>
    <message>
        <source>Reset breaker</source>
        <translation>Restablecer el disyuntor</translation>
    </message>
    <message>
        <source>Rate-limit headroom</source>
        <translation>Margen del límite de uso</translation>
    </message>
    <message>
        <source>Requests: %p% left</source>
        <translation>Solicitudes: queda el %p%</translation>
    </message>
    <message>
        <source>Tokens: %p% left</source>
        <translation>Tokens: queda el %p%</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Hoy</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Base de datos</translation>
    </message>
    <message>
        <source>Check integrity</source>
        <translation>Comprobar la integridad</translation>
    </message>
    <message>
        <source>Last 50 events</source>
        <translation>Últimos 50 sucesos</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Gravedad</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Qué</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensaje</translation>
    </message>
    <message>
        <source>No API key: the animals answer offline.</source>
        <translation>Sin clave de la API: los animales responden sin conexión.</translation>
    </message>
    <message>
        <source>API key set (from the environment).</source>
        <translation>Clave de la API configurada (desde el entorno).</translation>
    </message>
    <message>
        <source>API key set (stored, encrypted).</source>
        <translation>Clave de la API configurada (guardada y cifrada).</translation>
    </message>
    <message>
        <source>closed (calls go out)</source>
        <translation>cerrado (las llamadas salen)</translation>
    </message>
    <message>
        <source>OPEN (answers offline until a probe succeeds)</source>
        <translation>ABIERTO (respuestas sin conexión hasta que una prueba funcione)</translation>
    </message>
    <message>
        <source>half-open (one probe call decides)</source>
        <translation>semiabierto (una llamada de prueba decide)</translation>
    </message>
    <message>
        <source>%1: %2; %3 failures in a row, %4 of the last %5 calls failed.</source>
        <translation>%1: %2; %3 fallos seguidos, fallaron %4 de las últimas %5 llamadas.</translation>
    </message>
    <message>
        <source>%1 turns, %2 blocked (UTC day).</source>
        <translation>%1 turnos, %2 bloqueados (día UTC).</translation>
    </message>
    <message>
        <source>Today&apos;s turns could not be counted.</source>
        <translation>No se pudieron contar los turnos de hoy.</translation>
    </message>
    <message>
        <source>%1 (%2 KiB)</source>
        <translation>%1 (%2 KiB)</translation>
    </message>
    <message>
        <source>%1 critical, %2 errors, %3 warnings, %4 information</source>
        <translation>%1 críticos, %2 errores, %3 avisos, %4 informativos</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Probando…</translation>
    </message>
    <message>
        <source>Connected in %1 ms; %2 models available.</source>
        <translation>Conectado en %1 ms; %2 modelos disponibles.</translation>
    </message>
    <message>
        <source>Not connected: %1</source>
        <translation>Sin conexión: %1</translation>
    </message>
    <message>
        <source>The breaker could not be reset.</source>
        <translation>No se pudo restablecer el disyuntor.</translation>
    </message>
    <message>
        <source>Integrity check passed.</source>
        <translation>La comprobación de integridad es correcta.</translation>
    </message>
    <message>
        <source>The database is damaged: %1</source>
        <translation>La base de datos está dañada: %1</translation>
    </message>
</context>
<context>
    <name>zk::ui::HistoryFilterBar</name>
    <message>
        <source>All animals</source>
        <translation>Todos los animales</translation>
    </message>
    <message>
        <source>Any source</source>
        <translation>Cualquier origen</translation>
    </message>
    <message>
        <source>From – to</source>
        <translation>Desde – hasta</translation>
    </message>
    <message>
        <source>Blocked only</source>
        <translation>Solo bloqueados</translation>
    </message>
    <message>
        <source>Words in the question or the reply</source>
        <translation>Palabras de la pregunta o de la respuesta</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Buscar</translation>
    </message>
</context>
<context>
    <name>zk::ui::HistoryPage</name>
    <message>
        <source>Asked</source>
        <translation>Preguntado</translation>
    </message>
    <message>
        <source>Animal</source>
        <translation>Animal</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Origen</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>Riesgo</translation>
    </message>
    <message>
        <source>Categories</source>
        <translation>Categorías</translation>
    </message>
    <message>
        <source>Latency (ms)</source>
        <translation>Latencia (ms)</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Pregunta</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>Respuesta</translation>
    </message>
    <message>
        <source>File path without extension; .csv or .json is added</source>
        <translation>Ruta del archivo sin extensión; se añade .csv o .json</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>Exportar a</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>Exportar CSV</translation>
    </message>
    <message>
        <source>Export JSON</source>
        <translation>Exportar JSON</translation>
    </message>
    <message>
        <source>The history could not be read.</source>
        <translation>No se pudo leer el historial.</translation>
    </message>
    <message>
        <source>Showing the newest %1 turns; the export holds them all.</source>
        <translation>Se muestran los %1 turnos más recientes; la exportación los incluye todos.</translation>
    </message>
    <message>
        <source>%1 turns.</source>
        <translation>%1 turnos.</translation>
    </message>
    <message>
        <source>Give a file path to export to.</source>
        <translation>Indica la ruta del archivo de exportación.</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>No se pudo escribir %1.</translation>
    </message>
    <message>
        <source>%1 turns written to %2.</source>
        <translation>%1 turnos escritos en %2.</translation>
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
    <name>zk::ui::PinPadScreen</name>
    <message>
        <source>Checking…</source>
        <translation>Comprobando…</translation>
    </message>
    <message>
        <source>No staff PIN is set yet. Choose one: at least 6 digits, or a passphrase of at least 10 characters.</source>
        <translation>Aún no hay PIN del personal. Elige uno: al menos 6 dígitos o una frase de al menos 10 caracteres.</translation>
    </message>
    <message>
        <source>Staff PIN</source>
        <translation>PIN del personal</translation>
    </message>
    <message>
        <source>Choose a staff PIN</source>
        <translation>Elige un PIN del personal</translation>
    </message>
    <message>
        <source>Enter the new PIN again</source>
        <translation>Escribe otra vez el nuevo PIN</translation>
    </message>
    <message>
        <source>Use digits</source>
        <translation>Usar dígitos</translation>
    </message>
    <message>
        <source>Use a passphrase</source>
        <translation>Usar una frase</translation>
    </message>
    <message>
        <source>Not accepted: use at least 6 digits (not all the same), or a passphrase of at least 10 characters.</source>
        <translation>No se acepta: usa al menos 6 dígitos (no todos iguales) o una frase de al menos 10 caracteres.</translation>
    </message>
    <message>
        <source>Enter the same PIN once more to confirm it.</source>
        <translation>Escribe el mismo PIN otra vez para confirmarlo.</translation>
    </message>
    <message>
        <source>The two entries were different. Please choose the PIN again.</source>
        <translation>Las dos entradas eran distintas. Elige el PIN de nuevo.</translation>
    </message>
    <message>
        <source>The PIN could not be saved.</source>
        <translation>No se pudo guardar el PIN.</translation>
    </message>
    <message>
        <source>Wrong PIN. Tries left before entry locks: %1.</source>
        <translation>PIN incorrecto. Intentos antes del bloqueo: %1.</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Entry is locked; try again in %1 min.</source>
        <translation>Demasiados PIN incorrectos. La entrada está bloqueada; inténtalo de nuevo en %1 min.</translation>
    </message>
    <message>
        <source>Del</source>
        <translation>Borrar</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Aceptar</translation>
    </message>
    <message>
        <source>Back to the kiosk</source>
        <translation>Volver al quiosco</translation>
    </message>
</context>
<context>
    <name>zk::ui::PromptPreview</name>
    <message>
        <source>System prompt preview</source>
        <translation>Vista previa del prompt del sistema</translation>
    </message>
    <message>
        <source>System prompt preview (version %1)</source>
        <translation>Vista previa del prompt del sistema (versión %1)</translation>
    </message>
</context>
<context>
    <name>zk::ui::RemoteAnimalsPage</name>
    <message>
        <source>English</source>
        <translation>Inglés</translation>
    </message>
    <message>
        <source>Spanish</source>
        <translation>Español</translation>
    </message>
    <message>
        <source>Shown on the kiosk</source>
        <translation>Visible en el quiosco</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Guardar</translation>
    </message>
    <message>
        <source>Saved on the kiosk.</source>
        <translation>Guardado en el quiosco.</translation>
    </message>
</context>
<context>
    <name>zk::ui::RemoteGuardrailsPage</name>
    <message>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>For</source>
        <translation>Para</translation>
    </message>
    <message>
        <source>On</source>
        <translation>Activa</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regla</translation>
    </message>
    <message>
        <source>What the animal must always, never, rather or rather not do</source>
        <translation>Lo que el animal debe hacer siempre, nunca, preferiblemente o preferiblemente no</translation>
    </message>
    <message>
        <source>New rule</source>
        <translation>Nueva regla</translation>
    </message>
    <message>
        <source>Save rule</source>
        <translation>Guardar regla</translation>
    </message>
    <message>
        <source>All animals</source>
        <translation>Todos los animales</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Inactiva</translation>
    </message>
    <message>
        <source>Saved on the kiosk.</source>
        <translation>Guardado en el quiosco.</translation>
    </message>
</context>
<context>
    <name>zk::ui::RemoteHistoryPage</name>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Animal</source>
        <translation>Animal</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Origen</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Pregunta</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Respuesta</translation>
    </message>
    <message>
        <source>No turns match.</source>
        <translation>Ningún turno coincide.</translation>
    </message>
    <message>
        <source>%1 turns, newest first.</source>
        <translation>%1 turnos, los más recientes primero.</translation>
    </message>
</context>
<context>
    <name>zk::ui::RemoteKioskPanel</name>
    <message>
        <source>Kiosk: %1</source>
        <translation>Quiosco: %1</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Animals</source>
        <translation>Animales</translation>
    </message>
    <message>
        <source>Guardrails</source>
        <translation>Reglas de seguridad</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historial</translation>
    </message>
    <message>
        <source>Usage and cost</source>
        <translation>Uso y coste</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Ajustes</translation>
    </message>
</context>
<context>
    <name>zk::ui::RemoteSettingsPage</name>
    <message>
        <source>Settings (used from the kiosk&apos;s next start)</source>
        <translation>Ajustes (se aplican al próximo arranque del quiosco)</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Volver a cargar</translation>
    </message>
    <message>
        <source>Save settings</source>
        <translation>Guardar los ajustes</translation>
    </message>
    <message>
        <source>The kiosk&apos;s default</source>
        <translation>El valor por defecto del quiosco</translation>
    </message>
    <message>
        <source>Set on the kiosk&apos;s command line or environment; it cannot be changed here.</source>
        <translation>Se define en la línea de órdenes o el entorno del quiosco; no se puede cambiar aquí.</translation>
    </message>
    <message>
        <source>Nothing changed.</source>
        <translation>No hay cambios.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Guardado</translation>
    </message>
    <message>
        <source>Refused by the kiosk: %1</source>
        <translation>Rechazado por el quiosco: %1</translation>
    </message>
    <message>
        <source>%1 saved, %2 refused: see the messages beside the fields.</source>
        <translation>%1 guardados, %2 rechazados: mira los mensajes junto a los campos.</translation>
    </message>
    <message>
        <source>%1 saved. They take effect when the kiosk next starts.</source>
        <translation>%1 guardados. Se aplican cuando el quiosco vuelva a arrancar.</translation>
    </message>
</context>
<context>
    <name>zk::ui::RemoteStatusPage</name>
    <message>
        <source>Reset breaker</source>
        <translation>Restablecer el disyuntor</translation>
    </message>
    <message>
        <source>Last events on the kiosk</source>
        <translation>Últimos eventos del quiosco</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Gravedad</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensaje</translation>
    </message>
    <message>
        <source>Switch emergency mode on</source>
        <translation>Activar el modo de emergencia</translation>
    </message>
    <message>
        <source>Version %1, running for %2 h %3 min, showing: %4</source>
        <translation>Versión %1, en marcha desde hace %2 h %3 min, mostrando: %4</translation>
    </message>
    <message>
        <source>Circuit breaker closed: calls to %1 go through.</source>
        <translation>Disyuntor cerrado: las llamadas a %1 se realizan.</translation>
    </message>
    <message>
        <source>Circuit breaker %1 after %2 failures in a row: the animals answer offline until it closes or is reset.</source>
        <translation>Disyuntor %1 tras %2 fallos seguidos: los animales responden sin conexión hasta que se cierre o se restablezca.</translation>
    </message>
    <message>
        <source>Emergency mode on: every answer comes from the animal&apos;s own facts or its emergency message.</source>
        <translation>Modo de emergencia activado: cada respuesta sale de los datos del propio animal o de su mensaje de emergencia.</translation>
    </message>
    <message>
        <source>Emergency mode off: the animals answer normally.</source>
        <translation>Modo de emergencia desactivado: los animales responden con normalidad.</translation>
    </message>
    <message>
        <source>Switch emergency mode off</source>
        <translation>Desactivar el modo de emergencia</translation>
    </message>
    <message>
        <source>Spent today US$ %1 of %2; this month US$ %3 of %4.</source>
        <translation>Gastado hoy US$ %1 de %2; este mes US$ %3 de %4.</translation>
    </message>
    <message>
        <source>The breaker is reset.</source>
        <translation>El disyuntor se ha restablecido.</translation>
    </message>
    <message>
        <source>Emergency mode stays on: the kiosk&apos;s config file switches it on.</source>
        <translation>El modo de emergencia sigue activado: lo activa el archivo de configuración del quiosco.</translation>
    </message>
    <message>
        <source>Emergency mode is on.</source>
        <translation>El modo de emergencia está activado.</translation>
    </message>
    <message>
        <source>Emergency mode is off.</source>
        <translation>El modo de emergencia está desactivado.</translation>
    </message>
</context>
<context>
    <name>zk::ui::SettingsPage</name>
    <message>
        <source>Block at moderation score: %1</source>
        <translation>Bloquear con puntuación de moderación: %1</translation>
    </message>
    <message>
        <source>Models, first choice first (comma-separated)</source>
        <translation>Modelos, el preferido primero (separados por comas)</translation>
    </message>
    <message>
        <source>Connect timeout (ms)</source>
        <translation>Tiempo máximo de conexión (ms)</translation>
    </message>
    <message>
        <source>First-answer timeout (ms)</source>
        <translation>Tiempo máximo hasta la primera respuesta (ms)</translation>
    </message>
    <message>
        <source>Stall timeout while streaming (ms)</source>
        <translation>Tiempo máximo sin datos durante la respuesta (ms)</translation>
    </message>
    <message>
        <source>Whole-answer deadline (ms)</source>
        <translation>Plazo para la respuesta completa (ms)</translation>
    </message>
    <message>
        <source>Daily budget (US$)</source>
        <translation>Presupuesto diario (US$)</translation>
    </message>
    <message>
        <source>Monthly budget (US$)</source>
        <translation>Presupuesto mensual (US$)</translation>
    </message>
    <message>
        <source>Budget warning at (share, 0.8 = 80%)</source>
        <translation>Aviso de presupuesto al (fracción, 0.8 = 80 %)</translation>
    </message>
    <message>
        <source>&quot;Are you still there?&quot; after (ms)</source>
        <translation>«¿Sigues ahí?» tras (ms)</translation>
    </message>
    <message>
        <source>Then the visit ends after (ms)</source>
        <translation>Después, la visita termina tras (ms)</translation>
    </message>
    <message>
        <source>Starting language (en or es)</source>
        <translation>Idioma inicial (en o es)</translation>
    </message>
    <message>
        <source>Remote moderation (true or false)</source>
        <translation>Moderación remota (true o false)</translation>
    </message>
    <message>
        <source>Moderation model</source>
        <translation>Modelo de moderación</translation>
    </message>
    <message>
        <source>Moderation timeout (ms)</source>
        <translation>Tiempo máximo de moderación (ms)</translation>
    </message>
    <message>
        <source>Keep conversations for (days)</source>
        <translation>Conservar las conversaciones (días)</translation>
    </message>
    <message>
        <source>Emergency mode</source>
        <translation>Modo de emergencia</translation>
    </message>
    <message>
        <source>OpenAI API key</source>
        <translation>Clave de la API de OpenAI</translation>
    </message>
    <message>
        <source>Paste or type a new key</source>
        <translation>Pega o escribe una clave nueva</translation>
    </message>
    <message>
        <source>Store key</source>
        <translation>Guardar la clave</translation>
    </message>
    <message>
        <source>Settings (used from the kiosk&apos;s next start)</source>
        <translation>Ajustes (se aplican al próximo arranque del quiosco)</translation>
    </message>
    <message>
        <source>Save settings</source>
        <translation>Guardar los ajustes</translation>
    </message>
    <message>
        <source>No key in use.</source>
        <translation>No hay clave en uso.</translation>
    </message>
    <message>
        <source>Key in use: %1 (%2)</source>
        <translation>Clave en uso: %1 (%2)</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>Rechazado: %1</translation>
    </message>
    <message>
        <source>Not stored: %1</source>
        <translation>No se guardó: %1</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Guardado</translation>
    </message>
    <message>
        <source>%1 saved, %2 refused: see the messages beside the fields.</source>
        <translation>%1 guardados, %2 rechazados: mira los mensajes junto a los campos.</translation>
    </message>
    <message>
        <source>%1 saved. They take effect when the kiosk next starts.</source>
        <translation>%1 guardados. Se aplican cuando el quiosco vuelva a arrancar.</translation>
    </message>
    <message>
        <source>Nothing changed.</source>
        <translation>No hay cambios.</translation>
    </message>
    <message>
        <source>Emergency mode could not be changed.</source>
        <translation>No se pudo cambiar el modo de emergencia.</translation>
    </message>
    <message>
        <source>On: every answer comes from the animal&apos;s own facts or its emergency message.</source>
        <translation>Activado: cada respuesta sale de los datos del propio animal o de su mensaje de emergencia.</translation>
    </message>
    <message>
        <source>Off: the animals answer normally.</source>
        <translation>Desactivado: los animales responden con normalidad.</translation>
    </message>
    <message>
        <source>Switch emergency mode off</source>
        <translation>Desactivar el modo de emergencia</translation>
    </message>
    <message>
        <source>Switch emergency mode on</source>
        <translation>Activar el modo de emergencia</translation>
    </message>
    <message>
        <source>Type a key first.</source>
        <translation>Escribe primero una clave.</translation>
    </message>
    <message>
        <source>The key was refused (spaces or control characters?).</source>
        <translation>Se rechazó la clave (¿espacios o caracteres de control?).</translation>
    </message>
    <message>
        <source>Stored %1, encrypted. OPENAI_API_KEY in the environment is used while it is set.</source>
        <translation>Guardada %1, cifrada. Mientras OPENAI_API_KEY esté en el entorno, se usa esa.</translation>
    </message>
    <message>
        <source>Stored %1, encrypted; used from the kiosk&apos;s next start.</source>
        <translation>Guardada %1, cifrada; se usa desde el próximo arranque del quiosco.</translation>
    </message>
    <message>
        <source>Opening hours, dark outside them (e.g. mon-fri 09:00-17:30; empty: always on)</source>
        <translation>Horario de apertura, pantalla oscura fuera de él (p. ej. mon-fri 09:00-17:30; vacío: siempre encendida)</translation>
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
<context>
    <name>zk::ui::UsagePage</name>
    <message>
        <source>The usage figures could not be read.</source>
        <translation>No se pudieron leer las cifras de uso.</translation>
    </message>
    <message>
        <source>Turns per animal</source>
        <translation>Turnos por animal</translation>
    </message>
    <message>
        <source>Turns</source>
        <translation>Turnos</translation>
    </message>
    <message>
        <source>Failures by class</source>
        <translation>Fallos por tipo</translation>
    </message>
    <message>
        <source>Reply latency per day (ms)</source>
        <translation>Latencia de respuesta por día (ms)</translation>
    </message>
    <message>
        <source>median (p50)</source>
        <translation>mediana (p50)</translation>
    </message>
    <message>
        <source>p95</source>
        <translation>p95</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>del %1 al %2</translation>
    </message>
</context>
<context>
    <name>zk::ui::UsageReportView</name>
    <message>
        <source>Last 7 days</source>
        <translation>Últimos 7 días</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Últimos 30 días</translation>
    </message>
    <message>
        <source>Last 90 days</source>
        <translation>Últimos 90 días</translation>
    </message>
    <message>
        <source>Today&apos;s budget</source>
        <translation>Presupuesto de hoy</translation>
    </message>
    <message>
        <source>This month&apos;s budget</source>
        <translation>Presupuesto de este mes</translation>
    </message>
    <message>
        <source>%1 turns, %2 model calls, %3 tokens, US$ %4</source>
        <translation>%1 turnos, %2 llamadas al modelo, %3 tokens, US$ %4</translation>
    </message>
    <message>
        <source>Cost per day (US$)</source>
        <translation>Coste por día (US$)</translation>
    </message>
    <message>
        <source>Tokens per day</source>
        <translation>Tokens por día</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(ninguno)</translation>
    </message>
    <message>
        <source>Cost per model (US$)</source>
        <translation>Coste por modelo (US$)</translation>
    </message>
    <message>
        <source>US$</source>
        <translation>US$</translation>
    </message>
    <message>
        <source>Answers by source</source>
        <translation>Respuestas por origen</translation>
    </message>
    <message>
        <source>US$ %1 of %2 (%3%)</source>
        <translation>US$ %1 de %2 (%3 %)</translation>
    </message>
    <message>
        <source>A budget is spent: the animals answer offline until it resets or is raised.</source>
        <translation>Se agotó un presupuesto: los animales responden sin conexión hasta que se renueve o se aumente.</translation>
    </message>
    <message>
        <source>Today&apos;s spending has passed %1% of the daily budget.</source>
        <translation>El gasto de hoy ha superado el %1 % del presupuesto diario.</translation>
    </message>
    <message>
        <source>This month&apos;s spending has passed %1% of the monthly budget.</source>
        <translation>El gasto de este mes ha superado el %1 % del presupuesto mensual.</translation>
    </message>
</context>
</TS>
