#!/usr/bin/env python3
"""Fills zookiosk_es.ts from the Spanish glossary below (the visitors' and the
staff's strings) and zookiosk_en.ts with the English source text, after
`cmake --build build --target zookiosk_ui_lupdate`. Any string without a
Spanish entry is listed and the script exits 1, so a new string cannot ship
untranslated."""
import html
import re
import sys
from pathlib import Path

ES = {
    "The kiosk could not start. Please call a member of staff.":
        "El quiosco no pudo iniciarse. Por favor, llama a un miembro del personal.",
    "Our animal ambassadors are taking a short break.":
        "Nuestros embajadores animales están tomando un breve descanso.",
    "Zoo Kiosk": "Quiosco del zoológico",
    "Tap an animal to talk!": "¡Toca un animal para hablar!",
    "Español": "English",
    "Other animals": "Otros animales",
    "Send": "Enviar",
    "Stop": "Detener",
    "Type your question here": "Escribe tu pregunta aquí",
    "Type a question for %1, or tap one of the buttons!":
        "¡Escribe una pregunta para %1 o toca uno de los botones!",
    "That is a lot of words! Could you ask it a bit shorter, please?":
        "¡Cuántas palabras! ¿Podrías preguntarlo un poco más corto, por favor?",
    "Oops, something got tangled. Please try again.":
        "¡Uy, algo se enredó! Por favor, inténtalo de nuevo.",
    "You": "Tú",
    "Start over": "Empezar de nuevo",
    "Read aloud": "Leer en voz alta",
    "%1 is thinking": "%1 está pensando",
    "Tap to talk to an animal!": "¡Toca para hablar con un animal!",
    "Smaller text": "Texto más pequeño",
    "Larger text": "Texto más grande",
    "High contrast": "Alto contraste",
    "Are you still there?": "¿Sigues ahí?",
    "Tap anywhere to keep talking.": "Toca en cualquier lugar para seguir hablando.",
    "I'm still here!": "¡Sigo aquí!",
    # The touch keyboard (ui/keyboard).
    "Shift": "Mayúsculas",
    "Backspace": "Borrar",
    "space": "espacio",
    "123": "123",
    "ABC": "ABC",
    "send": "enviar",
    # The staff admin panel (ui/admin).
    "Staff admin panel": "Panel de administración del personal",
    "Lock and close": "Bloquear y cerrar",
    "Keyboard": "Teclado",
    "Animals": "Animales",
    "Guardrails": "Reglas de seguridad",
    "History": "Historial",
    "Usage and cost": "Uso y coste",
    "Health": "Estado",
    "Settings": "Ajustes",
    "English": "Inglés",
    "Spanish": "Español",
    "Shown on the kiosk": "Visible en el quiosco",
    "Name": "Nombre",
    "Title": "Título",
    "Species": "Especie",
    "Personality": "Personalidad",
    "Facts (one per line)": "Datos (uno por línea)",
    "Suggested questions (one per line)": "Preguntas sugeridas (una por línea)",
    "Conservation status": "Estado de conservación",
    "Emergency message": "Mensaje de emergencia",
    "Art": "Ilustración",
    "Save": "Guardar",
    "The animals could not be read.": "No se pudieron leer los animales.",
    "Not saved yet: %1": "Aún sin guardar: %1",
    "Not saved: %1": "No se guardó: %1",
    "The animal could not be saved.": "No se pudo guardar el animal.",
    "Saved. New prompt version: %1.": "Guardado. Nueva versión del prompt: %1.",
    "Type": "Tipo",
    "For": "Para",
    "On": "Activa",
    "Rule": "Regla",
    "What the animal must always, never, or rather (not) do":
        "Lo que el animal debe hacer siempre, nunca, o mejor (no) hacer",
    "New rule": "Nueva regla",
    "Save rule": "Guardar regla",
    "Switch off": "Desactivar",
    "Delete": "Eliminar",
    "All animals": "Todos los animales",
    "Preview for %1": "Vista previa de %1",
    "The guardrails could not be read.": "No se pudieron leer las reglas.",
    "on": "sí",
    "off": "no",
    "Switch on": "Activar",
    "Write the rule first.": "Escribe primero la regla.",
    "A rule is at most 500 characters.": "Una regla tiene como máximo 500 caracteres.",
    "The rule could not be saved.": "No se pudo guardar la regla.",
    "Rule saved.": "Regla guardada.",
    "Rule switched on.": "Regla activada.",
    "Rule switched off.": "Regla desactivada.",
    "Tap again to delete": "Toca otra vez para eliminar",
    "The rule could not be deleted.": "No se pudo eliminar la regla.",
    "Rule deleted.": "Regla eliminada.",
    "Connection": "Conexión",
    "Test connection": "Probar la conexión",
    "Circuit breaker": "Disyuntor",
    "Reset breaker": "Restablecer el disyuntor",
    "Rate-limit headroom": "Margen del límite de uso",
    "Requests: %p% left": "Solicitudes: queda el %p%",
    "Tokens: %p% left": "Tokens: queda el %p%",
    "Today": "Hoy",
    "Database": "Base de datos",
    "Check integrity": "Comprobar la integridad",
    "Last 50 events": "Últimos 50 sucesos",
    "When": "Cuándo",
    "Severity": "Gravedad",
    "What": "Qué",
    "Message": "Mensaje",
    "No API key: the animals answer offline.": "Sin clave de la API: los animales responden sin conexión.",
    "API key set (from the environment).": "Clave de la API configurada (desde el entorno).",
    "API key set (stored, encrypted).": "Clave de la API configurada (guardada y cifrada).",
    "closed (calls go out)": "cerrado (las llamadas salen)",
    "OPEN (answers offline until a probe succeeds)":
        "ABIERTO (respuestas sin conexión hasta que una prueba funcione)",
    "half-open (one probe call decides)": "semiabierto (una llamada de prueba decide)",
    "%1: %2; %3 failures in a row, %4 of the last %5 calls failed.":
        "%1: %2; %3 fallos seguidos, fallaron %4 de las últimas %5 llamadas.",
    "%1 turns, %2 blocked (UTC day).": "%1 turnos, %2 bloqueados (día UTC).",
    "Today's turns could not be counted.": "No se pudieron contar los turnos de hoy.",
    "%1 (%2 KiB)": "%1 (%2 KiB)",
    "%1 critical, %2 errors, %3 warnings, %4 information":
        "%1 críticos, %2 errores, %3 avisos, %4 informativos",
    "Testing…": "Probando…",
    "Connected in %1 ms; %2 models available.": "Conectado en %1 ms; %2 modelos disponibles.",
    "Not connected: %1": "Sin conexión: %1",
    "The breaker could not be reset.": "No se pudo restablecer el disyuntor.",
    "Integrity check passed.": "La comprobación de integridad es correcta.",
    "The database is damaged: %1": "La base de datos está dañada: %1",
    "Any source": "Cualquier origen",
    "From – to": "Desde – hasta",
    "Blocked only": "Solo bloqueados",
    "Words in the question or the reply": "Palabras de la pregunta o de la respuesta",
    "Search": "Buscar",
    "Asked": "Preguntado",
    "Animal": "Animal",
    "Source": "Origen",
    "Model": "Modelo",
    "Risk": "Riesgo",
    "Categories": "Categorías",
    "Latency (ms)": "Latencia (ms)",
    "Question": "Pregunta",
    "Reply": "Respuesta",
    "File path without extension; .csv or .json is added":
        "Ruta del archivo sin extensión; se añade .csv o .json",
    "Export to": "Exportar a",
    "Export CSV": "Exportar CSV",
    "Export JSON": "Exportar JSON",
    "The history could not be read.": "No se pudo leer el historial.",
    "Showing the newest %1 turns; the export holds them all.":
        "Se muestran los %1 turnos más recientes; la exportación los incluye todos.",
    "%1 turns.": "%1 turnos.",
    "Give a file path to export to.": "Indica la ruta del archivo de exportación.",
    "Could not write %1.": "No se pudo escribir %1.",
    "%1 turns written to %2.": "%1 turnos escritos en %2.",
    "Checking…": "Comprobando…",
    "No staff PIN is set yet. Choose one: at least 6 digits, or a passphrase of at least 10 characters.":
        "Aún no hay PIN del personal. Elige uno: al menos 6 dígitos o una frase de al menos 10 caracteres.",
    "Staff PIN": "PIN del personal",
    "Choose a staff PIN": "Elige un PIN del personal",
    "Enter the new PIN again": "Escribe otra vez el nuevo PIN",
    "Use digits": "Usar dígitos",
    "Use a passphrase": "Usar una frase",
    "Not accepted: use at least 6 digits (not all the same), or a passphrase of at least 10 characters.":
        "No se acepta: usa al menos 6 dígitos (no todos iguales) o una frase de al menos 10 caracteres.",
    "Enter the same PIN once more to confirm it.": "Escribe el mismo PIN otra vez para confirmarlo.",
    "The two entries were different. Please choose the PIN again.":
        "Las dos entradas eran distintas. Elige el PIN de nuevo.",
    "The PIN could not be saved.": "No se pudo guardar el PIN.",
    "Wrong PIN. Tries left before entry locks: %1.": "PIN incorrecto. Intentos antes del bloqueo: %1.",
    "Too many wrong PINs. Entry is locked; try again in %1 min.":
        "Demasiados PIN incorrectos. La entrada está bloqueada; inténtalo de nuevo en %1 min.",
    "Del": "Borrar",
    "OK": "Aceptar",
    "Back to the kiosk": "Volver al quiosco",
    "System prompt preview": "Vista previa del prompt del sistema",
    "System prompt preview (version %1)": "Vista previa del prompt del sistema (versión %1)",
    "Block at moderation score: %1": "Bloquear con puntuación de moderación: %1",
    "Models, first choice first (comma-separated)": "Modelos, el preferido primero (separados por comas)",
    "Connect timeout (ms)": "Tiempo máximo de conexión (ms)",
    "First-answer timeout (ms)": "Tiempo máximo hasta la primera respuesta (ms)",
    "Stall timeout while streaming (ms)": "Tiempo máximo sin datos durante la respuesta (ms)",
    "Whole-answer deadline (ms)": "Plazo para la respuesta completa (ms)",
    "Daily budget (US$)": "Presupuesto diario (US$)",
    "Monthly budget (US$)": "Presupuesto mensual (US$)",
    "Budget warning at (share, 0.8 = 80%)": "Aviso de presupuesto al (fracción, 0.8 = 80 %)",
    "\"Are you still there?\" after (ms)": "«¿Sigues ahí?» tras (ms)",
    "Then the visit ends after (ms)": "Después, la visita termina tras (ms)",
    "Starting language (en or es)": "Idioma inicial (en o es)",
    "Remote moderation (true or false)": "Moderación remota (true o false)",
    "Moderation model": "Modelo de moderación",
    "Moderation timeout (ms)": "Tiempo máximo de moderación (ms)",
    "Keep conversations for (days)": "Conservar las conversaciones (días)",
    "Emergency mode": "Modo de emergencia",
    "OpenAI API key": "Clave de la API de OpenAI",
    "Paste or type a new key": "Pega o escribe una clave nueva",
    "Store key": "Guardar la clave",
    "Settings (used from the kiosk's next start)": "Ajustes (se aplican al próximo arranque del quiosco)",
    "Save settings": "Guardar los ajustes",
    "No key in use.": "No hay clave en uso.",
    "Key in use: %1 (%2)": "Clave en uso: %1 (%2)",
    "Refused: %1": "Rechazado: %1",
    "Not stored: %1": "No se guardó: %1",
    "Saved": "Guardado",
    "%1 saved, %2 refused: see the messages beside the fields.":
        "%1 guardados, %2 rechazados: mira los mensajes junto a los campos.",
    "%1 saved. They take effect when the kiosk next starts.":
        "%1 guardados. Se aplican cuando el quiosco vuelva a arrancar.",
    "Nothing changed.": "No hay cambios.",
    "Emergency mode could not be changed.": "No se pudo cambiar el modo de emergencia.",
    "On: every answer comes from the animal's own facts or its emergency message.":
        "Activado: cada respuesta sale de los datos del propio animal o de su mensaje de emergencia.",
    "Off: the animals answer normally.": "Desactivado: los animales responden con normalidad.",
    "Switch emergency mode off": "Desactivar el modo de emergencia",
    "Switch emergency mode on": "Activar el modo de emergencia",
    "Type a key first.": "Escribe primero una clave.",
    "The key was refused (spaces or control characters?).":
        "Se rechazó la clave (¿espacios o caracteres de control?).",
    "Stored %1, encrypted. OPENAI_API_KEY in the environment is used while it is set.":
        "Guardada %1, cifrada. Mientras OPENAI_API_KEY esté en el entorno, se usa esa.",
    "Stored %1, encrypted; used from the kiosk's next start.":
        "Guardada %1, cifrada; se usa desde el próximo arranque del quiosco.",
    "Last 7 days": "Últimos 7 días",
    "Last 30 days": "Últimos 30 días",
    "Last 90 days": "Últimos 90 días",
    "Today's budget": "Presupuesto de hoy",
    "This month's budget": "Presupuesto de este mes",
    "The usage figures could not be read.": "No se pudieron leer las cifras de uso.",
    "%1 turns, %2 model calls, %3 tokens, US$ %4": "%1 turnos, %2 llamadas al modelo, %3 tokens, US$ %4",
    "Cost per day (US$)": "Coste por día (US$)",
    "Tokens per day": "Tokens por día",
    "(none)": "(ninguno)",
    "Cost per model (US$)": "Coste por modelo (US$)",
    "US$": "US$",
    "Turns per animal": "Turnos por animal",
    "Turns": "Turnos",
    "Failures by class": "Fallos por tipo",
    "Answers by source": "Respuestas por origen",
    "Reply latency per day (ms)": "Latencia de respuesta por día (ms)",
    "median (p50)": "mediana (p50)",
    "p95": "p95",
    "%1 to %2": "del %1 al %2",
    "US$ %1 of %2 (%3%)": "US$ %1 de %2 (%3 %)",
    "A budget is spent: the animals answer offline until it resets or is raised.":
        "Se agotó un presupuesto: los animales responden sin conexión hasta que se renueve o se aumente.",
    "Today's spending has passed %1% of the daily budget.":
        "El gasto de hoy ha superado el %1 % del presupuesto diario.",
    "This month's spending has passed %1% of the monthly budget.":
        "El gasto de este mes ha superado el %1 % del presupuesto mensual.",
    # Why a setting is refused (zk::ConfigLoader, zk::OpeningHours), shown
    # next to the field on the admin panel's Settings page.
    "expected a whole number from %1 to %2": "se espera un número entero de %1 a %2",
    "expected a number from %1 to %2": "se espera un número de %1 a %2",
    "expected true or false": "se espera true o false",
    "expected a URL such as https://api.openai.com/v1": "se espera una URL como https://api.openai.com/v1",
    "expected \"chat\" or \"responses\"": "se espera \"chat\" o \"responses\"",
    "expected a readable PEM file of CA certificates":
        "se espera un archivo PEM legible con certificados de CA",
    "expected a comma-separated list of model names, primary first":
        "se espera una lista de nombres de modelos separados por comas, el principal primero",
    "expected a number from 0 to 2": "se espera un número de 0 a 2",
    "expected \"en\" or \"es\"": "se espera \"en\" o \"es\"",
    "expected a model name": "se espera el nombre de un modelo",
    "expected a moderation model name such as omni-moderation-latest":
        "se espera el nombre de un modelo de moderación, como omni-moderation-latest",
    "expected HOST:PORT, e.g. 127.0.0.1:8765 or [::1]:8765 (empty: off)":
        "se espera HOST:PUERTO, p. ej. 127.0.0.1:8765 o [::1]:8765 (vacío: desactivado)",
    "expected a directory path": "se espera la ruta de una carpeta",
    "expected \"<input USD per million tokens>,<output USD per million tokens>\"":
        "se espera \"<USD de entrada por millón de tokens>,<USD de salida por millón de tokens>\"",
    "expected a moderation category such as violence or self-harm/intent":
        "se espera una categoría de moderación, como violence o self-harm/intent",
    "expected a number from 0 to 1": "se espera un número de 0 a 1",
    "unknown setting \"%1\"": "ajuste desconocido \"%1\"",
    "%1 is set in the config file or the environment only":
        "%1 solo se define en el archivo de configuración o en el entorno",
    "\"%1\" is not \"[DAYS ]HH:MM-HH:MM\" (DAYS such as mon, mon-fri or daily)":
        "\"%1\" no tiene la forma \"[DÍAS ]HH:MM-HH:MM\" (DÍAS en inglés, como mon, mon-fri o daily)",
    "expected postgresql://USER:PASSWORD@HOST:PORT/DATABASE (empty: off)":
        "se espera postgresql://USUARIO:CONTRASEÑA@HOST:PUERTO/BASE_DE_DATOS (vacío: desactivado)",
    "expected 1 to 64 letters, digits, dots, dashes or underscores":
        "se esperan de 1 a 64 letras, cifras, puntos, guiones o guiones bajos",
    "Fleet": "Flota",
    "Refresh": "Actualizar",
    "Day": "Día",
    "Kiosk": "Quiosco",
    "Model calls": "Llamadas al modelo",
    "Tokens": "Tokens",
    "Cost": "Coste",
    "When (UTC)": "Cuándo (UTC)",
    "Visitor": "Visitante",
    "The central store is off on this kiosk (central/url in the config file, or ZOOKIOSK_CENTRAL_URL).":
        "El almacén central está desactivado en este quiosco (central/url en el archivo de configuración, o ZOOKIOSK_CENTRAL_URL).",
    "Loading from the central store…": "Cargando desde el almacén central…",
    "The central store cannot be reached just now. This kiosk keeps working and ships its data when it is back.":
        "Ahora no se puede contactar con el almacén central. Este quiosco sigue funcionando y enviará sus datos cuando vuelva.",
    "Central store: %1 kiosks, %2 turns, %3 events.": "Almacén central: %1 quioscos, %2 turnos, %3 eventos.",
    "Fleet budget today: %1 of %2 committed (%3 calls in flight).":
        "Presupuesto de la flota hoy: %1 de %2 comprometido (%3 llamadas en curso).",
    "No fleet budget has been used today.": "Hoy no se ha usado presupuesto de la flota.",
    "Opening hours, dark outside them (e.g. mon-fri 09:00-17:30; empty: always on)":
        "Horario de apertura, pantalla oscura fuera de él (p. ej. mon-fri 09:00-17:30; vacío: siempre encendida)",
    # The staff console (ui/console, zookiosk --console).
    "This console does not trust the kiosk's certificate. Remove the kiosk and add it again with the CA file (PEM) that signed its certificate. Trying again in %1 s.":
        "Esta consola no confía en el certificado del quiosco. Quita el quiosco y vuelve a añadirlo con el archivo de CA (PEM) que firmó su certificado. Se vuelve a intentar en %1 s.",
    "wss only: CA file (PEM) if the kiosk's certificate is your own":
        "Solo wss: archivo de CA (PEM) si el certificado del quiosco es propio",
    "No PEM certificate could be read from the CA file.":
        "No se pudo leer ningún certificado PEM del archivo de CA.",
    "the welcome screen": "la pantalla de bienvenida",
    "the animal picker": "la elección de animal",
    "a conversation": "una conversación",
    "the staff admin panel": "el panel de administración del personal",
    "no screen (zookioskctl serve)": "ninguna pantalla (zookioskctl serve)",
    "open": "abierto",
    "half-open (trying again)": "semiabierto (probando de nuevo)",
    "%1 turns, newest first.":
        "%1 turnos, los más recientes primero.",
    "%1 · %2 · %3\n%4":
        "%1 · %2 · %3\n%4",
    "%1% of the budget is spent.":
        "Se ha gastado el %1 % del presupuesto.",
    "Add a kiosk":
        "Añadir un quiosco",
    "Add kiosk":
        "Añadir quiosco",
    "Added %1; connecting.":
        "%1 añadido; conectando.",
    "Address":
        "Dirección",
    "Address, e.g. wss://kiosk-3.zoo.lan:8765":
        "Dirección, p. ej. wss://kiosk-3.zoo.lan:8765",
    "Animal id (empty: all)":
        "Id. del animal (vacío: todos)",
    "Answer":
        "Respuesta",
    "Choose a kiosk in the table to see and change its settings.":
        "Elige un quiosco en la tabla para ver y cambiar sus ajustes.",
    "Circuit breaker closed: calls to %1 go through.":
        "Disyuntor cerrado: las llamadas a %1 se realizan.",
    "Circuit breaker %1 after %2 failures in a row: the animals answer offline until it closes or is reset.":
        "Disyuntor %1 tras %2 fallos seguidos: los animales responden sin conexión hasta que se cierre o se restablezca.",
    "Connected and healthy.":
        "Conectado y en buen estado.",
    "Connecting and logging in…":
        "Conectando e iniciando sesión…",
    "Connecting":
        "Conectando",
    "Critical":
        "Crítico",
    "Emergency mode is off.":
        "El modo de emergencia está desactivado.",
    "Emergency mode is on.":
        "El modo de emergencia está activado.",
    "Emergency mode is on: the animals answer from their own facts.":
        "El modo de emergencia está activado: los animales responden con sus propios datos.",
    "Emergency mode off: the animals answer normally.":
        "Modo de emergencia desactivado: los animales responden con normalidad.",
    "Emergency mode on: every answer comes from the animal's own facts or its emergency message.":
        "Modo de emergencia activado: cada respuesta sale de los datos del propio animal o de su mensaje de emergencia.",
    "Emergency mode stays on: the kiosk's config file switches it on.":
        "El modo de emergencia sigue activado: lo activa el archivo de configuración del quiosco.",
    "Error":
        "Error",
    "Give the kiosk a name.":
        "Ponle un nombre al quiosco.",
    "Healthy":
        "En buen estado",
    "Information":
        "Información",
    "Kind":
        "Tipo",
    "Kiosk":
        "Quiosco",
    "Kiosk: %1":
        "Quiosco: %1",
    "Kiosks":
        "Quioscos",
    "Last events on the kiosk":
        "Últimos eventos del quiosco",
    "Live alerts, newest first":
        "Alertas en directo, las más recientes primero",
    "Logged in; waiting for the first status…":
        "Sesión iniciada; esperando el primer estado…",
    "Name, e.g. Reptile house":
        "Nombre, p. ej. Casa de los reptiles",
    "Needs a look":
        "Requiere atención",
    "No API key in use: the animals answer offline.":
        "No hay clave de API en uso: los animales responden sin conexión.",
    "No turns match.":
        "Ningún turno coincide.",
    "Not connected":
        "Sin conexión",
    "Off":
        "Inactiva",
    "Reconnect now":
        "Reconectar ahora",
    "Refused by the kiosk: %1":
        "Rechazado por el quiosco: %1",
    "Reload":
        "Volver a cargar",
    "Remove kiosk":
        "Quitar quiosco",
    "Saved on the kiosk.":
        "Guardado en el quiosco.",
    "Saving…":
        "Guardando…",
    "Search the questions and answers":
        "Buscar en las preguntas y respuestas",
    "Set on the kiosk's command line or environment; it cannot be changed here.":
        "Se define en la línea de órdenes o el entorno del quiosco; no se puede cambiar aquí.",
    "Spent today US$ %1 of %2; this month US$ %3 of %4.":
        "Gastado hoy US$ %1 de %2; este mes US$ %3 de %4.",
    "Status":
        "Estado",
    "Tap again to remove":
        "Toca otra vez para quitarlo",
    "The AI service failed several times: the kiosk has paused it (circuit breaker open).":
        "El servicio de IA falló varias veces: el quiosco lo ha pausado (disyuntor abierto).",
    "The address should look like ws://127.0.0.1:8765 or wss://kiosk-3.zoo.lan:8765.":
        "La dirección debe tener la forma ws://127.0.0.1:8765 o wss://kiosk-3.zoo.lan:8765.",
    "The breaker is reset.":
        "El disyuntor se ha restablecido.",
    "The budget is spent: the animals answer offline until it resets or is raised.":
        "El presupuesto está agotado: los animales responden sin conexión hasta que se renueve o se aumente.",
    "The kiosk cannot be reached (switched off, or no network?). Trying again in %1 s.":
        "No se puede contactar con el quiosco (¿apagado o sin red?). Se vuelve a intentar en %1 s.",
    "The kiosk could not do it (%1).":
        "El quiosco no pudo hacerlo (%1).",
    "The kiosk did not accept this console's token. Check the token set on the kiosk (zookioskctl fleet set-token), then remove this kiosk here and add it again with that token.":
        "El quiosco no aceptó el token de esta consola. Comprueba el token definido en el quiosco (zookioskctl fleet set-token); después quita aquí este quiosco y vuelve a añadirlo con ese token.",
    "The kiosk is not connected; try again when its light is green or amber.":
        "El quiosco no está conectado; vuelve a intentarlo cuando su luz esté verde o ámbar.",
    "The kiosk list could not be saved; nothing was added.":
        "No se pudo guardar la lista de quioscos; no se añadió nada.",
    "The kiosk refused it: %1":
        "El quiosco lo rechazó: %1",
    "The kiosk's default":
        "El valor por defecto del quiosco",
    "The kiosk's fleet token":
        "El token de flota del quiosco",
    "The list of kiosks could not be read:\n%1":
        "No se pudo leer la lista de quioscos:\n%1",
    "The token is the one set on the kiosk: at least 16 characters, without spaces.":
        "El token es el definido en el quiosco: al menos 16 caracteres, sin espacios.",
    "There is already a kiosk with this name.":
        "Ya hay un quiosco con este nombre.",
    "Time":
        "Hora",
    "Too many requests at once; wait a moment and try again.":
        "Demasiadas peticiones a la vez; espera un momento y vuelve a intentarlo.",
    "Version %1, running for %2 h %3 min, showing: %4":
        "Versión %1, en marcha desde hace %2 h %3 min, mostrando: %4",
    "Warning":
        "Aviso",
    "What it means":
        "Qué significa",
    "What the animal must always, never, rather or rather not do":
        "Lo que el animal debe hacer siempre, nunca, preferiblemente o preferiblemente no",
    "Zoo Kiosk staff console":
        "Consola del personal del quiosco del zoológico",
}

here = Path(__file__).resolve().parent
pattern = re.compile(r"(<source>(.*?)</source>\s*(?:<comment>.*?</comment>\s*)?)<translation[^>]*>.*?</translation>", re.S)
missing = []


def fill(path, lookup):
    text = path.read_text(encoding="utf-8")

    def repl(m):
        source = html.unescape(m.group(2))
        target = lookup(source)
        if target is None:
            missing.append(source)
            return m.group(0)
        return m.group(1) + "<translation>" + html.escape(target, quote=False) + "</translation>"

    path.write_text(pattern.sub(repl, text), encoding="utf-8")


fill(here / "zookiosk_es.ts", ES.get)
fill(here / "zookiosk_en.ts", lambda s: s)
if missing:
    print("No Spanish translation for:", *missing, sep="\n  ")
    sys.exit(1)
