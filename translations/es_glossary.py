#!/usr/bin/env python3
"""Fills zookiosk_es.ts from the Spanish glossary below and zookiosk_en.ts with
the English source text, after `cmake --build build --target zookiosk_ui_lupdate`.
Any string without a Spanish entry is listed and the script exits 1, so a new
visitor-facing string cannot ship untranslated."""
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
