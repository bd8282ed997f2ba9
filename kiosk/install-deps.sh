#!/usr/bin/env bash
# Installs what a fresh Debian bookworm machine lacks to build, run and test
# Zoo Kiosk (Debian's Qt 6.4.2 packages). Safe to run again: installs only what
# is missing. Uses sudo when not root.
set -euo pipefail

packages=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-base-dev-tools qt6-websockets-dev qt6-svg-dev libqt6svg6
    libqt6sql6-sqlite qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-qpa-plugins
    libssl-dev libgl1-mesa-dev
    qt6-charts-dev
    # The central store (app/central): Qt's PostgreSQL driver; the PostgreSQL
    # server runs only in the tests (tst_centralstore starts its own).
    libqt6sql6-psql postgresql
    fonts-dejavu-core
    # Read-aloud (ui/speech): Qt TextToSpeech (configuring it needs
    # qt6-declarative-dev) and speech-dispatcher with espeak-ng for English and
    # Spanish voices. Optional at build time; without them read-aloud is off.
    qt6-speech-dev qt6-declarative-dev qt6-speech-speechd-plugin
    speech-dispatcher speech-dispatcher-espeak-ng espeak-ng
    # Screenshots and the smoothness benchmark under a virtual X server.
    xvfb xauth imagemagick
)
# The tests run headless (QT_QPA_PLATFORM=offscreen) and need nothing more.
# install-deps.sh --fuzz adds clang and its sanitizer/libFuzzer runtime.
if [ "${1:-}" = "--fuzz" ]; then
    packages+=(clang libclang-rt-14-dev)
fi
# The benchmarks also use Node.js and npm, and ui_smoothness.sh Debian's
# chromium (see tests/bench/README.md); install-deps.sh --bench adds chromium.
if [ "${1:-}" = "--bench" ]; then
    packages+=(chromium)
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
