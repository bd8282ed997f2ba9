#!/usr/bin/env bash
# The kiosk's local safety checks beside a named peer, over the same messages:
# zk_bench_localchecks (TextNormalizer -> PiiRedactor -> InjectionDetector +
# LocalModerator::checkInput, C++/Qt) and obscenity, a well-known npm
# profanity filter with leetspeak and look-alike transforms
# (tests/safety_eval/peer/bench_obscenity.mjs). The C++ benchmark writes the
# message set (--messages) and the peer reads that file, so both time exactly
# the same texts, one message per call, CPU time and wall clock, p50/p90/p99/
# max in microseconds. Figures only; asserts nothing.
#
# The peer does less: profanity words only (no Unicode clean-up for display,
# no personal-data redaction, no prompt-injection or harmful-request rules, no
# Spanish). Its times are a floor for a word-list check in JavaScript, not the
# cost of the same screen; its "flagged" shares say how much of each group it
# catches.
#
#   bash tests/safety_eval/localchecks_vs_peer.sh [BUILD_DIR]   (default: <repo>/build)
#
# Environment: REPS (timed rounds on each side, default 10). Builds nothing:
# build zk_bench_localchecks in BUILD_DIR (Release) first. Runs `npm ci` in
# tests/safety_eval/peer when node_modules is missing.
set -euo pipefail
export LC_ALL=C

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=${1:-$repo/build}
reps=${REPS:-10}
bench=$build/tests/safety_eval/zk_bench_localchecks
if [[ ! -x $bench ]]; then
    echo "localchecks_vs_peer.sh: $bench is missing. Build it first:" >&2
    echo "  cmake -S $repo -B $build -DCMAKE_BUILD_TYPE=Release" >&2
    echo "  cmake --build $build --target zk_bench_localchecks" >&2
    exit 2
fi
if ! [[ $reps =~ ^[1-9][0-9]*$ ]]; then
    echo "localchecks_vs_peer.sh: REPS must be a positive whole number" >&2
    exit 2
fi
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt" 2>/dev/null || true)
if [[ $build_type != Release ]]; then
    echo "localchecks_vs_peer.sh: warning: $build is a '${build_type:-?}' build; figures are meant for Release" >&2
fi
command -v node > /dev/null || { echo "localchecks_vs_peer.sh: node is not installed" >&2; exit 2; }
peer=$here/peer
if [[ ! -d $peer/node_modules/obscenity ]]; then
    (cd "$peer" && npm ci --no-audit --no-fund > /dev/null)
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
messages=$work/messages.json # offensive test data: removed on exit

tree=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')
dirty=$(git -C "$repo" status --porcelain -- app/safety tests/safety_eval 2>/dev/null | head -1)
echo "== local checks beside a named peer, $(date -u '+%Y-%m-%d %H:%M UTC'), tree $tree${dirty:+ (with local changes)}"
qt=$(pkg-config --modversion Qt6Core 2>/dev/null || qtpaths6 --qt-version 2>/dev/null || echo '?')
obscenity=$(node -p "require('$peer/node_modules/obscenity/package.json').version" 2>/dev/null || echo '?')
echo "   $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); Qt $qt; node $(node --version), obscenity $obscenity"
echo
echo "--- zookiosk: zk_bench_localchecks --reps $reps"
"$bench" --reps "$reps" --messages "$messages"
echo
echo "--- peer: node peer/bench_obscenity.mjs --reps $reps (profanity words only)"
node "$peer/bench_obscenity.mjs" "$messages" --reps "$reps"
