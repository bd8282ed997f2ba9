#!/usr/bin/env bash
# Takes the README's pictures of the kiosk screen: the real zookiosk binary,
# full screen under Xvfb at 1920x1080, talking to the local fake OpenAI server
# (tests/fakeserver). Writes docs/screenshots/*.png.
#   bash kiosk/screenshots.sh          # builds zookiosk and zk_fakeopenai if needed ($ZK_BUILD_DIR or ./build)
# Needs xvfb and xauth (apt-get install xvfb xauth).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${ZK_BUILD_DIR:-$root/build}"
out="$root/docs/screenshots"
command -v xvfb-run >/dev/null || { echo "screenshots.sh: xvfb-run is missing (apt-get install xvfb xauth)" >&2; exit 1; }

if [ ! -f "$build/build.ninja" ]; then
    cmake -S "$root" -B "$build" -G Ninja >/dev/null
fi
cmake --build "$build" --target zookiosk zk_fakeopenai >/dev/null
kiosk="$build/app/zookiosk"
fake="$build/tests/fakeserver/zk_fakeopenai"
mkdir -p "$out"
work="$(mktemp -d)"
servers=()
cleanup() {
    for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

# Starts the fake server with the given options; sets $port.
start_server() {
    local log="$work/server$((${#servers[@]})).out"
    "$fake" "$@" >"$log" 2>/dev/null &
    servers+=("$!")
    for _ in $(seq 50); do
        port="$(sed -n 's/^PORT \([0-9]*\)$/\1/p' "$log")"
        [ -n "$port" ] && return 0
        sleep 0.1
    done
    echo "screenshots.sh: the fake server did not start" >&2
    exit 1
}

# shot NAME [zookiosk options...]: one fresh kiosk (its own data directory), one picture.
shot() {
    local name="$1"
    shift
    local data="$work/data-$name"
    mkdir -p "$data"
    ZOOKIOSK_DATA_DIR="$data" xvfb-run -a -s "-screen 0 1920x1080x24" \
        "$kiosk" --screenshot "$out/$name.png" "$@" 2>"$work/$name.log" \
        || { cat "$work/$name.log" >&2; exit 1; }
    echo "docs/screenshots/$name.png"
}

# English replies stream slowly enough to be caught mid-sentence.
start_server --delay-ms 140 --reply "No, I'm not a bear, silly! Red pandas have their very own animal family. \
I spend most of my day up in the trees, munching bamboo leaves. When it gets cold, I wrap my big fluffy tail \
around me like a warm blanket. What else would you like to know?"
english="http://127.0.0.1:$port/v1"
start_server --reply "¡No, no soy un oso! Las pandas rojas tenemos nuestra propia familia de animales. \
Paso casi todo el día en los árboles, comiendo hojas de bambú. ¿Qué más quieres saber?"
spanish="http://127.0.0.1:$port/v1"

unset OPENAI_API_KEY
shot attract
shot picker --screen picker
OPENAI_API_KEY=sk-screenshots OPENAI_BASE_URL="$english" \
    shot chat-streaming --animal red_panda --ask "Are you a bear?" --screenshot-delay 3500
# No API key: the animal answers from its own knowledge, and the status line says so.
shot offline --animal tiger --ask "What do tigers eat?" --screenshot-delay 2000
OPENAI_API_KEY=sk-screenshots OPENAI_BASE_URL="$spanish" \
    shot chat-spanish --set kiosk/language=es --animal red_panda --ask "¿Eres un oso?" --screenshot-delay 2500
