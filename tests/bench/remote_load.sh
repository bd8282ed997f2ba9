#!/usr/bin/env bash
# Load on the remote management endpoint (issue 8): CONNECTIONS staff consoles
# (default 50) each sending RATE requests a second (default 10) for SECONDS
# seconds (default 60) to one kiosk, `zookioskctl serve` on 127.0.0.1, while
# visitor turns stream from the local fake OpenAI server. Prints the consoles'
# latency (zk_bench_remoteload: p50 / p90 / p99 / max, per method and per 10 s),
# the requests refused or lost, the connections the kiosk closed, and the
# kiosk process's memory (VmRSS, VmHWM, RssAnon from /proc/PID/status) before
# the consoles connect, at its peak during the load (sampled every second),
# right after, and after IDLE seconds of quiet; also its CPU time during the
# load. Figures only; it asserts nothing on timings or memory (it stops with
# exit 1 only when the kiosk or the load client did not run at all).
#
#   bash tests/bench/remote_load.sh [BUILD_DIR]     (default: <repo>/build-bench)
#
# Environment: CONNECTIONS (default 50), RATE (requests/s per connection,
# default 10), SECONDS (default 60; bash's own SECONDS counter is not
# mistaken for it: only a SECONDS given in the environment counts), ROUNDS
# (load rounds against the same kiosk process, default 1; with 2 or more, the
# memory after each round tells one-time growth from growth per request),
# IDLE (seconds of quiet before the last memory reading, default 5),
# TURN_WORDS (words in each streamed visitor reply, default 250), TURN_DELAY_MS
# (the fake server's pause between deltas, default 25: ~40 tokens/s, one turn
# ~6.5 s; the turns run back to back during the whole load), SEED_TURNS
# (finished turns stored before the kiosk starts, so history.query returns
# rows from the start, default 5).
#
# The visitor turns run in their own process, `zookioskctl ask`, on the same
# data directory (the same SQLite database) and the same fake server as the
# kiosk: `zookioskctl serve` runs the endpoint and the kiosk's background
# services, and no remote method starts a visitor turn. So the turns compete
# with the kiosk for the 2 CPUs and for the database (each turn writes its
# journal every 500 ms and stores the turn), but the kiosk process itself does
# not stream.
#
# Then the same load against the named peer, the same protocol served by
# Node.js with the ws package (tests/bench/node/remote_peer.mjs; it answers
# each method with the reply this kiosk gave, from memory, so it is the floor
# of transport + login + JSON, not a database), with visitor turns streaming
# beside it again, and a table of both: latency, memory, CPU. PEER=none skips
# it. It runs `npm ci` in tests/bench/node when the ws package is missing.
#
# It builds nothing: build BUILD_DIR first:
#   cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release
#   cmake --build build-bench --target zk_bench_remote
set -euo pipefail
export LC_ALL=C

# Read SECONDS before bash's counter moves: only an exported (inherited) one is the knob.
seconds=$(printenv SECONDS || echo 60)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"
repo=$(cd "$here/../.." && pwd)
build=${1:-$repo/build-bench}
connections=${CONNECTIONS:-50}
rate=${RATE:-10}
rounds=${ROUNDS:-1}
idle=${IDLE:-5}
turn_words=${TURN_WORDS:-250}
turn_delay=${TURN_DELAY_MS:-25}
seed_turns=${SEED_TURNS:-5}

bench=$build/tests/bench/zk_bench_remoteload
ctl=$build/app/zookioskctl
fake=$build/tests/fakeserver/zk_fakeopenai
if [[ ! -x $bench || ! -x $ctl || ! -x $fake ]]; then
    echo "remote_load.sh: $bench, $ctl or $fake is missing. Build them first:" >&2
    echo "  cmake -S $repo -B $build -G Ninja -DCMAKE_BUILD_TYPE=Release" >&2
    echo "  cmake --build $build --target zk_bench_remote" >&2
    exit 2
fi
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt" 2> /dev/null || true)
# An empty CMAKE_BUILD_TYPE is the project's default, RelWithDebInfo (-O2 -g).
[[ $build_type == Release || -z $build_type ]] || echo "remote_load.sh: warning: $build is a '$build_type' build; figures are meant for Release" >&2
for v in connections rate seconds rounds idle turn_words seed_turns; do
    [[ ${!v} =~ ^[1-9][0-9]*$ || ($v == idle || $v == seed_turns) && ${!v} == 0 ]] || {
        echo "remote_load.sh: ${v^^} must be a positive whole number" >&2
        exit 2
    }
done
[[ $turn_delay =~ ^[0-9]+$ ]] || { echo "remote_load.sh: TURN_DELAY_MS must be a whole number" >&2; exit 2; }
command -v perl > /dev/null || { echo "remote_load.sh: perl is missing" >&2; exit 2; }

work=$(mktemp -d)
pids=()
cleanup() {
    local pid
    touch "$work/stop" 2> /dev/null || true
    [[ -s $work/ask.pid ]] && kill "$(cat "$work/ask.pid")" 2> /dev/null || true
    for pid in "${pids[@]}"; do kill "$pid" 2> /dev/null || true; done
    wait 2> /dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

bench_reply_words "$turn_words" > "$work/reply.txt"
reply_bytes=$(wc -c < "$work/reply.txt")

key=sk-bench-remote-0001
start_server() { # $1 name, then zk_fakeopenai options; sets $port
    local name=$1
    shift
    "$fake" --reply-file "$work/reply.txt" --chunks "$turn_words" --api-key "$key" "$@" \
        > "$work/fake-$name.out" 2> "$work/fake-$name.err" &
    pids+=($!)
    local i
    for i in $(seq 200); do
        port=$(sed -n 's/^PORT //p' "$work/fake-$name.out" 2> /dev/null)
        [[ -n $port ]] && return
        sleep 0.05
    done
    echo "remote_load.sh: zk_fakeopenai did not start" >&2
    cat "$work/fake-$name.err" >&2
    exit 1
}
start_server stream --delay-ms "$turn_delay"
port_stream=$port

data=$work/data
mkdir -p "$data"
token=bench-remote-load-token-$RANDOM$RANDOM$RANDOM
# Settings for every zookioskctl: the answer cache off (the same question would
# otherwise be answered from it, without a stream), budgets and the turn
# deadline high enough for many long turns.
ctl_sets=(--set cache/enabled=false --set budget/daily_usd=1000000 --set budget/monthly_usd=1000000
          --set timeouts/turn_deadline_ms=600000)
ctl_env=(ZOOKIOSK_DATA_DIR="$data" OPENAI_API_KEY="$key")

printf '%s\n' "$token" | env "${ctl_env[@]}" "$ctl" fleet set-token > /dev/null

if ((seed_turns > 0)); then
    start_server seed
    for ((i = 0; i < seed_turns; ++i)); do
        env "${ctl_env[@]}" OPENAI_BASE_URL="http://127.0.0.1:$port/v1" "$ctl" "${ctl_sets[@]}" \
            ask --animal red_panda "What do you like to eat?" > /dev/null 2> "$work/seed.err" || {
            echo "remote_load.sh: a seed turn failed" >&2
            cat "$work/seed.err" >&2
            exit 1
        }
    done
fi

env "${ctl_env[@]}" OPENAI_BASE_URL="http://127.0.0.1:$port_stream/v1" ZOOKIOSK_REMOTE_LISTEN=127.0.0.1:0 \
    "$ctl" "${ctl_sets[@]}" serve > "$work/serve.out" 2> "$work/serve.err" &
serve_pid=$!
pids+=($serve_pid)
url=
for i in $(seq 200); do
    url=$(sed -n 's/^LISTENING //p' "$work/serve.out" 2> /dev/null)
    [[ -n $url ]] && break
    kill -0 "$serve_pid" 2> /dev/null || break
    sleep 0.05
done
if [[ -z $url ]]; then
    echo "remote_load.sh: zookioskctl serve did not start" >&2
    cat "$work/serve.err" >&2
    exit 1
fi

# mem PID -> "VmRSS VmHWM RssAnon" in kB
mem() { awk '/^VmRSS:/ { r = $2 } /^VmHWM:/ { h = $2 } /^RssAnon:/ { a = $2 } END { print r, h, a }' "/proc/$1/status"; }
# cpu PID -> user+sys seconds
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / hz }' "/proc/$1/stat"; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
fds() { find "/proc/$1/fd" -mindepth 1 2> /dev/null | wc -l; }
db_size() { du -k --apparent-size -c "$data"/zookiosk.db* 2> /dev/null | tail -1 | cut -f1; }

sleep 1 # let the kiosk settle after its start
read -r rss0 hwm0 anon0 < <(mem "$serve_pid")
fds0=$(fds "$serve_pid")
db0=$(db_size)
# Rows in the events table (remote_call events: every call but status.get,
# animals.list and guardrails.list records one), when sqlite3 is installed.
events_count() {
    command -v sqlite3 > /dev/null || { echo "?"; return; }
    sqlite3 -readonly "$data/zookiosk.db" "SELECT count(*) FROM events" 2> /dev/null || echo "?"
}
events0=$(events_count)

# Memory every second while the load runs (peak RSS).
(
    while kill -0 "$serve_pid" 2> /dev/null && [[ ! -e $work/stop-sampler ]]; do
        echo "$EPOCHREALTIME $(mem "$serve_pid")" >> "$work/mem.samples"
        sleep 1
    done
) &
sampler_pid=$!
pids+=($sampler_pid)

# Visitor turns, back to back, until stop_turns (one `zookioskctl ask` each);
# $1 names the phase (kiosk, peer). Returns once the first turn is streaming.
start_turns() {
    local tag=$1
    rm -f "$work/stop"
    (
        n=0
        while [[ ! -e $work/stop ]]; do
            t0=$EPOCHREALTIME
            rc=0
            env "${ctl_env[@]}" OPENAI_BASE_URL="http://127.0.0.1:$port_stream/v1" "$ctl" "${ctl_sets[@]}" \
                ask --animal red_panda "Tell me everything about your day, please." > "$work/$tag-turn-$n.out" 2> "$work/$tag-turn-$n.err" &
            echo $! > "$work/ask.pid"
            wait $! || rc=$?
            echo "$n $rc $t0 $EPOCHREALTIME $(wc -c < "$work/$tag-turn-$n.out")" >> "$work/$tag-turns.log"
            n=$((n + 1))
        done
    ) &
    turns_pid=$!
    pids+=($turns_pid)
    local i
    for i in $(seq 200); do
        [[ -s $work/$tag-turn-0.out ]] && break
        sleep 0.05
    done
}
# Stops the visitor turns (the one streaming now is cut off).
stop_turns() {
    touch "$work/stop"
    [[ -s $work/ask.pid ]] && kill "$(cat "$work/ask.pid")" 2> /dev/null || true
    wait "$turns_pid" 2> /dev/null || true
}
start_turns kiosk

load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)
echo "remote_load.sh: kiosk $url (pid $serve_pid); $connections consoles x $rate req/s x $seconds s, $rounds round(s); visitor turns of $turn_words words, ${turn_delay} ms apart" >&2
cpu0=$(cpu "$serve_pid")
t_load=$EPOCHREALTIME
after_round=()
results=()
for ((r = 1; r <= rounds; ++r)); do
    ZOOKIOSK_REMOTE_TOKEN=$token "$bench" --url "$url" --connections "$connections" --rate "$rate" \
        --seconds "$seconds" > "$work/bench-$r.out" 2> "$work/bench-$r.err" || {
        echo "remote_load.sh: zk_bench_remoteload failed (round $r)" >&2
        cat "$work/bench-$r.err" >&2
        exit 1
    }
    results+=("$(grep '^RESULT' "$work/bench-$r.out")")
    after_round+=("$(mem "$serve_pid")")
    cat "$work/bench-$r.err" >&2
done
t_end=$EPOCHREALTIME
cpu1=$(cpu "$serve_pid")
read -r rss1 hwm1 anon1 <<< "${after_round[-1]}"
fds1=$(fds "$serve_pid")
load_at_end=$(cut -d' ' -f1-3 /proc/loadavg)

stop_turns

sleep "$idle"
read -r rss2 hwm2 anon2 < <(mem "$serve_pid")
touch "$work/stop-sampler"
wait "$sampler_pid" 2> /dev/null || true
db1=$(db_size)
events1=$(events_count)
peak_rss=$(awk '{ if ($2 > m) m = $2 } END { print m + 0 }' "$work/mem.samples")
alive=yes
kill -0 "$serve_pid" 2> /dev/null || alive=no

# Turns that finished while the consoles were busy, and how long each streamed.
turns_done=$(awk -v e="$t_end" '$2 == 0 && $4 <= e' "$work/kiosk-turns.log" | wc -l)
turns_failed=$(awk -v e="$t_end" '$2 != 0 && $4 <= e' "$work/kiosk-turns.log" | wc -l)
turn_secs=$(awk -v e="$t_end" '$2 == 0 && $4 <= e { printf "%.3f\n", $4 - $3 }' "$work/kiosk-turns.log" | sort -g |
    awk '{ d[++n] = $1 } END { if (!n) print "n/a"; else printf "%.1f s median (%.1f to %.1f)", d[int((n + 1) / 2)], d[1], d[n] }')
short_turns=$(awk -v e="$t_end" -v want="$((reply_bytes + 1))" '$2 == 0 && $4 <= e && $5 != want' "$work/kiosk-turns.log" | wc -l)

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<< " $2"; }
echo
echo "remote_load.sh: $(date -u +%Y-%m-%dT%H:%MZ)  nproc $(nproc)  build $(basename "$build") (${build_type:-RelWithDebInfo, the project default})  load average at start: $load_at_start, at end: $load_at_end"
echo "consoles: $connections x $rate req/s x $seconds s, $rounds round(s), against zookioskctl serve (pid $serve_pid, $url)"
printf '%-6s %7s %7s %6s %5s %6s %8s %8s %8s %8s %9s %10s\n' round sent replies errors lost closed p50_ms p90_ms p99_ms max_ms "req/s" login_max
for ((r = 1; r <= rounds; ++r)); do
    l=${results[r - 1]}
    printf '%-6s %7s %7s %6s %5s %6s %8s %8s %8s %8s %9s %10s\n' "$r" "$(field sent "$l")" "$(field replies "$l")" \
        "$(field errors "$l")" "$(field lost "$l")" "$(field closed "$l")" "$(field p50_ms "$l")" "$(field p90_ms "$l")" \
        "$(field p99_ms "$l")" "$(field max_ms "$l")" "$(field throughput_rps "$l")" "$(field login_max_ms "$l")"
done
echo "visitor turns during the load (own process, zookioskctl ask, $turn_words words, ${turn_delay} ms between deltas): $turns_done finished, $turns_failed failed, $short_turns with a short reply; each streamed $turn_secs"
echo "kiosk CPU during the load: $(awk -v a="$cpu0" -v b="$cpu1" -v t0="$t_load" -v t1="$t_end" 'BEGIN { printf "%.2f s user+sys in %.1f s of wall time (%.0f%% of one core)", b - a, t1 - t0, 100 * (b - a) / (t1 - t0) }')"
echo "kiosk memory (MB)        VmRSS   VmHWM  RssAnon"
printf '  %-22s %6s  %6s  %6s\n' "before the consoles" "$(mb "$rss0")" "$(mb "$hwm0")" "$(mb "$anon0")"
for ((r = 1; r <= rounds; ++r)); do
    read -r a b c <<< "${after_round[r - 1]}"
    printf '  %-22s %6s  %6s  %6s\n' "after round $r" "$(mb "$a")" "$(mb "$b")" "$(mb "$c")"
done
printf '  %-22s %6s  %6s  %6s\n' "after ${idle} s idle" "$(mb "$rss2")" "$(mb "$hwm2")" "$(mb "$anon2")"
echo "  peak VmRSS sampled every second: $(mb "$peak_rss") MB; growth, after the load minus before: VmRSS $(awk -v a="$rss0" -v b="$rss1" 'BEGIN { printf "%+.1f", (b - a) / 1024 }') MB, after idle $(awk -v a="$rss0" -v b="$rss2" 'BEGIN { printf "%+.1f", (b - a) / 1024 }') MB"
echo "kiosk file descriptors: $fds0 before, $fds1 after the load (consoles closed by then); database files: $(mb "$db0") -> $(mb "$db1") MB, events: $events0 -> $events1 rows; kiosk still running: $alive"
for ((r = 1; r <= rounds; ++r)); do
    echo "${results[r - 1]}"
done

# ---- the named peer: the same protocol served by Node.js + ws ----------------
# PEER=none skips it. The peer answers each method with what this kiosk just
# answered (captured with `zookioskctl remote`), from memory; the same load
# client, the same consoles, rate and duration, and visitor turns streaming
# beside it again (into the kiosk's database; the kiosk keeps running, idle).
[[ ${PEER:-node} == none ]] && exit 0
command -v node > /dev/null || { echo "remote_load.sh: node is missing (apt-get install nodejs npm); PEER=none skips the peer" >&2; exit 1; }
if [[ ! -d $here/node/node_modules/ws ]]; then
    echo "remote_load.sh: installing the ws package in $here/node" >&2
    (cd "$here/node" && { npm ci --no-audit --no-fund || npm install --no-audit --no-fund; }) >&2
fi
{
    echo '{'
    sep=
    for call in 'status.get {}' 'animals.list {"language":"en"}' 'guardrails.list {"animal":"red_panda"}' \
                'usage.get {"days":7}' 'history.query {"limit":20}'; do
        method=${call%% *}
        params=${call#* }
        result=$(ZOOKIOSK_REMOTE_TOKEN=$token "$ctl" remote "$url" "$method" "$params" 2> "$work/capture.err") || {
            echo "remote_load.sh: could not capture the kiosk's $method reply for the peer" >&2
            cat "$work/capture.err" >&2
            exit 1
        }
        printf '%s"%s": %s\n' "$sep" "$method" "$result"
        sep=,
    done
    echo '}'
} > "$work/peer-replies.json"
ZOOKIOSK_REMOTE_TOKEN=$token node "$here/node/remote_peer.mjs" --replies "$work/peer-replies.json" \
    > "$work/peer.out" 2> "$work/peer.err" &
peer_pid=$!
pids+=($peer_pid)
peer_url=
for i in $(seq 200); do
    peer_url=$(sed -n 's/^LISTENING //p' "$work/peer.out" 2> /dev/null)
    [[ -n $peer_url ]] && break
    kill -0 "$peer_pid" 2> /dev/null || break
    sleep 0.05
done
if [[ -z $peer_url ]]; then
    echo "remote_load.sh: the Node peer did not start" >&2
    cat "$work/peer.err" >&2
    exit 1
fi
sleep 1
read -r prss0 phwm0 panon0 < <(mem "$peer_pid")
start_turns peer
pcpu0=$(cpu "$peer_pid")
pt0=$EPOCHREALTIME
ZOOKIOSK_REMOTE_TOKEN=$token "$bench" --url "$peer_url" --connections "$connections" --rate "$rate" \
    --seconds "$seconds" > "$work/peer-bench.out" 2> "$work/peer-bench.err" || {
    echo "remote_load.sh: zk_bench_remoteload failed against the peer" >&2
    cat "$work/peer-bench.err" >&2
    exit 1
}
pt1=$EPOCHREALTIME
pcpu1=$(cpu "$peer_pid")
read -r prss1 phwm1 panon1 < <(mem "$peer_pid")
stop_turns
peer_result=$(grep '^RESULT' "$work/peer-bench.out")
echo
echo "peer: Node.js $(node --version), ws $(node -p "require('$here/node/node_modules/ws/package.json').version"), the same protocol and replies from memory (no database), pid $peer_pid, $peer_url"
printf '%-18s %7s %7s %6s %5s %6s %8s %8s %8s %8s %9s %8s %8s %9s\n' server sent replies errors lost closed p50_ms p90_ms p99_ms max_ms "req/s" "rss0_MB" "rss1_MB" "cpu_s"
l=${results[0]}
printf '%-18s %7s %7s %6s %5s %6s %8s %8s %8s %8s %9s %8s %8s %9s\n' "zookioskctl serve" "$(field sent "$l")" "$(field replies "$l")" \
    "$(field errors "$l")" "$(field lost "$l")" "$(field closed "$l")" "$(field p50_ms "$l")" "$(field p90_ms "$l")" \
    "$(field p99_ms "$l")" "$(field max_ms "$l")" "$(field throughput_rps "$l")" "$(mb "$rss0")" "$(mb "${after_round[0]%% *}")" \
    "$(awk -v a="$cpu0" -v b="$cpu1" -v r="$rounds" 'BEGIN { printf "%.2f", (b - a) / r }')"
l=$peer_result
printf '%-18s %7s %7s %6s %5s %6s %8s %8s %8s %8s %9s %8s %8s %9s\n' "node + ws (peer)" "$(field sent "$l")" "$(field replies "$l")" \
    "$(field errors "$l")" "$(field lost "$l")" "$(field closed "$l")" "$(field p50_ms "$l")" "$(field p90_ms "$l")" \
    "$(field p99_ms "$l")" "$(field max_ms "$l")" "$(field throughput_rps "$l")" "$(mb "$prss0")" "$(mb "$prss1")" \
    "$(awk -v a="$pcpu0" -v b="$pcpu1" 'BEGIN { printf "%.2f", b - a }')"
echo "(rss0/rss1: VmRSS before the consoles and after the load; cpu_s: the server's user+sys during one round of load)"
echo "PEER $peer_result"
