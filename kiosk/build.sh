#!/usr/bin/env bash
# Configures and builds Zoo Kiosk into ./build (or $ZK_BUILD_DIR).
# Extra arguments go to CMake's configure step, e.g. -DZK_SANITIZE=ON.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${ZK_BUILD_DIR:-$root/build}"
cmake -S "$root" -B "$build" -G Ninja "$@" >/dev/null
cmake --build "$build" --parallel "$(nproc)"
