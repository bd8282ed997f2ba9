#!/usr/bin/env bash
# CPU and wall time to consume one 20,000-chunk streamed reply from the local
# OpenAI-compatible server: `zookioskctl ask` against the official OpenAI Node
# SDK (npm openai@6, tests/bench/node/consume.mjs), same server, same reply.
# Over HTTPS by default, as production talks to https://api.openai.com: a
# throwaway certificate (zk_fakeopenai --make-cert) that zookioskctl trusts
# through --set openai/ca_file=... and Node through NODE_EXTRA_CA_CERTS.
# Also a 1-chunk reply on each side, so the fixed start-up cost and the
# per-stream cost can be told apart. Prints figures; asserts nothing on timings
# (it fails only when a client did not get the whole reply).
#
#   bash tests/bench/stream_consumption.sh [BUILD_DIR]     (default: <repo>/build-bench)
#
# Environment: RUNS (measured runs per variant, default 5), CHUNKS (default
# 20000), TIMER (bash | gnu; default bash: getrusage of the child through bash's
# `times`, millisecond resolution; gnu: /usr/bin/time -f "%e %U %S", 10 ms),
# PROTO (https | http; default https; http = the old plain-HTTP/1.1 figures),
# CTL_ENV (extra VAR=VALUE words for zookioskctl's environment only, e.g.
# CTL_ENV=QT_NO_GLIB=1 to try Qt's own event dispatcher instead of GLib's;
# default none, so the figures are those of the program as shipped).
# It builds nothing: build BUILD_DIR first (see README.md). It runs `npm ci`
# in tests/bench/node when node_modules is missing.
set -euo pipefail
export LC_ALL=C

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"
repo=$(cd "$here/../.." && pwd)
build=${1:-$repo/build-bench}
runs=${RUNS:-5}
chunks=${CHUNKS:-20000}
timer=${TIMER:-bash}
proto=${PROTO:-https}
read -r -a ctl_env <<< "${CTL_ENV:-}"
for kv in "${ctl_env[@]}"; do
    if [[ $kv != [A-Za-z_]*=* ]]; then
        echo "stream_consumption.sh: CTL_ENV takes VAR=VALUE words, not '$kv'" >&2
        exit 2
    fi
done

ctl=$build/app/zookioskctl
fake=$build/tests/fakeserver/zk_fakeopenai
if [[ ! -x $ctl || ! -x $fake ]]; then
    echo "stream_consumption.sh: $ctl or $fake is missing. Build them first:" >&2
    echo "  cmake -S $repo -B $build -G Ninja -DCMAKE_BUILD_TYPE=Release" >&2
    echo "  cmake --build $build --target zk_bench_stream" >&2
    exit 2
fi
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt" 2>/dev/null || true)
if [[ $build_type != Release ]]; then
    echo "stream_consumption.sh: warning: $build is a '${build_type:-?}' build; figures are meant for Release" >&2
fi
if ! [[ $runs =~ ^[1-9][0-9]*$ && $chunks =~ ^[1-9][0-9]*$ ]]; then
    echo "stream_consumption.sh: RUNS and CHUNKS must be positive whole numbers" >&2
    exit 2
fi
if [[ $proto != https && $proto != http ]]; then
    echo "stream_consumption.sh: PROTO must be https or http" >&2
    exit 2
fi
if [[ $timer == gnu && ! -x /usr/bin/time ]]; then
    echo "stream_consumption.sh: TIMER=gnu but /usr/bin/time is missing (apt-get install time); using bash" >&2
    timer=bash
fi
if (( BASH_VERSINFO[0] < 5 )); then
    echo "stream_consumption.sh: needs bash 5 (EPOCHREALTIME)" >&2
    exit 2
fi

command -v node > /dev/null || { echo "stream_consumption.sh: node is missing (apt-get install nodejs npm)" >&2; exit 2; }
if [[ ! -d $here/node/node_modules/openai ]]; then
    echo "stream_consumption.sh: installing the openai SDK in $here/node" >&2
    (cd "$here/node" && { npm ci --no-audit --no-fund || npm install --no-audit --no-fund; }) >&2
fi

work=$(mktemp -d)
pids=()
cleanup() {
    local pid
    for pid in "${pids[@]}"; do kill "$pid" 2> /dev/null || true; done
    wait 2> /dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# The reply: $chunks ASCII words, so the server sends exactly one word per delta
# (" bamboo", like a real token) and bytes == characters on both sides.
bench_reply_words "$chunks" > "$work/reply-big.txt"
printf 'Hello!' > "$work/reply-one.txt"
big_bytes=$(wc -c < "$work/reply-big.txt")
one_bytes=$(wc -c < "$work/reply-one.txt")

# zookioskctl settings for every run: the first-turn answer cache off (the
# reused data dir would otherwise answer the same question from the cache,
# without a stream), and budgets high enough that many 20,000-token replies
# are never refused.
ctl_sets=(--set cache/enabled=false --set budget/daily_usd=1000000 --set budget/monthly_usd=1000000)

# HTTPS: one throwaway self-signed certificate (EC P-256, for 127.0.0.1 and
# localhost) for both servers, trusted by each client beside the system CAs.
# NODE_EXTRA_CA_CERTS is always set by the script (or removed for plain HTTP):
# an inherited one (some images point it at the whole system bundle) would make
# Node parse ~140 more certificates at start.
tls_args=()
ctl_tls=()
node_tls=(-u NODE_EXTRA_CA_CERTS)
if [[ $proto == https ]]; then
    "$fake" --make-cert "$work/tls"
    tls_args=(--tls-cert "$work/tls/cert.pem" --tls-key "$work/tls/key.pem")
    ctl_tls=(--set "openai/ca_file=$work/tls/cert.pem")
    node_tls=(NODE_EXTRA_CA_CERTS="$work/tls/cert.pem")
fi

key=sk-bench-stream-0001
start_server() { # $1 reply file, $2 chunks; sets $port
    local log=$work/server-$2.out
    # --verbose: one stderr line per request, with its TLS version and ALPN
    "$fake" --reply-file "$1" --chunks "$2" --api-key "$key" --verbose "${tls_args[@]}" \
        > "$log" 2> "$work/server-$2.err" &
    pids+=($!)
    local i
    for i in $(seq 200); do
        port=$(sed -n 's/^PORT //p' "$log" 2> /dev/null)
        [[ -n $port ]] && return
        sleep 0.05
    done
    echo "stream_consumption.sh: zk_fakeopenai did not start" >&2
    cat "$work/server-$2.err" >&2
    exit 1
}
start_server "$work/reply-big.txt" "$chunks"
port_big=$port
start_server "$work/reply-one.txt" 1
port_one=$port

secs() { # "1m2.345s" -> 62.345
    awk -v t="$1" 'BEGIN { split(t, a, "m"); sub("s", "", a[2]); printf "%.3f", a[1] * 60 + a[2] }'
}

# measure OUT ERR CMD... : runs CMD with stdout > OUT, stderr > ERR; sets
# m_wall m_user m_sys (seconds) and m_rc. CPU is the child's rusage (all threads).
measure() {
    local out=$1 err=$2
    shift 2
    m_rc=0
    if [[ $timer == gnu ]]; then
        /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" > "$out" 2> "$err" || m_rc=$?
        read -r m_wall m_user m_sys < "$work/time"
    else
        local t0 t1 lines
        t0=$EPOCHREALTIME
        # In the command substitution's subshell, `times` reports the rusage of
        # its one waited-for child, the command.
        lines=$(rc=0; "$@" > "$out" 2> "$err" || rc=$?; times; exit $rc) || m_rc=$?
        t1=$EPOCHREALTIME
        local child
        child=$(sed -n 2p <<< "$lines")
        m_user=$(secs "${child% *}")
        m_sys=$(secs "${child#* }")
        m_wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
    fi
}

ask_text="What do you like to eat?"
shared_dir=$work/data-shared
mkdir -p "$shared_dir"

# run_variant NAME : one run; appends "cpu wall" to $work/NAME.times
run_variant() {
    local name=$1 port expect data
    case $name in
        *-big) port=$port_big; expect=$big_bytes ;;
        *-one) port=$port_one; expect=$one_bytes ;;
    esac
    case $name in
        zkfresh-*)
            data=$(mktemp -d "$work/data-XXXXXX")
            measure "$work/out" "$work/err" env "${ctl_env[@]}" OPENAI_API_KEY=$key OPENAI_BASE_URL=$proto://127.0.0.1:$port/v1 \
                ZOOKIOSK_DATA_DIR="$data" "$ctl" "${ctl_sets[@]}" "${ctl_tls[@]}" ask --animal red_panda "$ask_text"
            rm -rf "$data"
            expect=$((expect + 1)) ;; # zookioskctl ends the reply with a newline
        zkreuse-*)
            measure "$work/out" "$work/err" env "${ctl_env[@]}" OPENAI_API_KEY=$key OPENAI_BASE_URL=$proto://127.0.0.1:$port/v1 \
                ZOOKIOSK_DATA_DIR="$shared_dir" "$ctl" "${ctl_sets[@]}" "${ctl_tls[@]}" ask --animal red_panda "$ask_text"
            expect=$((expect + 1)) ;;
        node-*)
            measure "$work/out" "$work/err" env "${node_tls[@]}" OPENAI_API_KEY=$key \
                OPENAI_BASE_URL=$proto://127.0.0.1:$port/v1 EXPECT_CHARS=$expect node "$here/node/consume.mjs" "$ask_text" ;;
    esac
    local got
    got=$(wc -c < "$work/out")
    if (( m_rc != 0 || got != expect )); then
        echo "stream_consumption.sh: $name: exit $m_rc, $got stdout bytes, expected $expect" >&2
        head -c 2000 "$work/err" >&2
        exit 1
    fi
    echo "$(awk -v u="$m_user" -v s="$m_sys" 'BEGIN { printf "%.3f", u + s }') $m_wall $m_user $m_sys" \
        >> "$work/$name.times"
}

variants=(zkfresh-big zkreuse-big node-big zkfresh-one zkreuse-one node-one)
labels=("zookioskctl, $chunks chunks, fresh data dir"
        "zookioskctl, $chunks chunks, reused data dir"
        "node openai SDK, $chunks chunks"
        "zookioskctl, 1 chunk, fresh data dir"
        "zookioskctl, 1 chunk, reused data dir"
        "node openai SDK, 1 chunk")

load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)
echo "warming up (one unmeasured run of each variant; it also creates the reused data dir)..." >&2
for v in "${variants[@]}"; do run_variant "$v"; done
rm -f "$work"/*.times

# What each client negotiated, from the server's request log (by User-Agent):
# "TLSv1.3 (TLS_AES_256_GCM_SHA384, ALPN http/1.1)" or "plain HTTP".
transport_of() { # $1 user-agent prefix
    sed -n "s|.* over \(.*\) user-agent $1.*|\1|p" "$work/server-$chunks.err" | sort -u | paste -sd';' -
}
transport_ctl=$(transport_of ZooKiosk/)
transport_node=$(transport_of OpenAI/JS)
for t in "$transport_ctl" "$transport_node"; do
    if [[ -z $t || ($proto == https && $t != TLS*) || ($proto == http && $t != "plain HTTP") ]]; then
        echo "stream_consumption.sh: unexpected transport '$t' for PROTO=$proto" >&2
        exit 1
    fi
done
for ((r = 1; r <= runs; ++r)); do
    echo "run $r/$runs..." >&2
    for v in "${variants[@]}"; do run_variant "$v"; done  # interleaved, so drift hits every variant alike
done

# pick FILE COLUMN median|min
pick() {
    cut -d' ' -f"$2" "$1" | sort -g | awk -v what="$3" '
        { v[NR] = $1 }
        END { if (what == "min") { print v[1] } else if (NR % 2) { print v[(NR + 1) / 2] } else { printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 } }'
}
declare -A med min wmed wmin
for v in "${variants[@]}"; do
    med[$v]=$(pick "$work/$v.times" 1 median)
    min[$v]=$(pick "$work/$v.times" 1 min)
    wmed[$v]=$(pick "$work/$v.times" 2 median)
    wmin[$v]=$(pick "$work/$v.times" 2 min)
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
diff3() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a - b }'; }

qt_version=$( (qtpaths6 --qt-version || qmake6 -query QT_VERSION || dpkg-query -W -f='${Version}' libqt6core6) 2> /dev/null | head -1)
echo
echo "Stream consumption: $chunks-chunk reply ($big_bytes bytes) vs a 1-chunk reply ($one_bytes bytes), zk_fakeopenai on 127.0.0.1"
echo "protocol: ${proto^^} (HTTP/1.1)   zookioskctl: $transport_ctl   node: $transport_node"
echo "$(date -u +%Y-%m-%dT%H:%MZ)  nproc $(nproc)  $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)  load average at start: $load_at_start, at end: $(cut -d' ' -f1-3 /proc/loadavg)"
if (( ${#ctl_env[@]} )); then
    echo "zookioskctl ran with CTL_ENV: ${ctl_env[*]} (not the program as shipped)"
fi
echo "$("$ctl" --version | head -1) ($build_type), Qt ${qt_version:-?}, node $(node --version), openai $(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$here/node/node_modules/openai/package.json")"
echo "OpenSSL: Qt's libssl3 $(dpkg-query -W -f='${Version}' libssl3 2> /dev/null || echo ?), node's bundled $(node -p process.versions.openssl)"
echo "$runs measured runs each (after one warm-up), timer: $timer; CPU = user + sys of the client process (all threads), seconds"
echo
printf '%-45s %9s %9s %9s %9s\n' variant "CPU med" "CPU min" "wall med" "wall min"
for i in "${!variants[@]}"; do
    v=${variants[$i]}
    printf '%-45s %9s %9s %9s %9s\n' "${labels[$i]}" "${med[$v]}" "${min[$v]}" "${wmed[$v]}" "${wmin[$v]}"
done
echo
zs_fresh=$(diff3 "${med[zkfresh-big]}" "${med[zkfresh-one]}")
zs_reuse=$(diff3 "${med[zkreuse-big]}" "${med[zkreuse-one]}")
ns=$(diff3 "${med[node-big]}" "${med[node-one]}")
printf 'stream part (median %s chunks - median 1 chunk), CPU s: zookioskctl fresh %s, reused %s; node %s\n' \
    "$chunks" "$zs_fresh" "$zs_reuse" "$ns"
printf 'CPU ratio node / zookioskctl, whole process (medians): fresh dir %sx, reused dir %sx\n' \
    "$(ratio "${med[node-big]}" "${med[zkfresh-big]}")" "$(ratio "${med[node-big]}" "${med[zkreuse-big]}")"
printf 'CPU ratio node / zookioskctl, stream part:            fresh dir %sx, reused dir %sx\n' \
    "$(ratio "$ns" "$zs_fresh")" "$(ratio "$ns" "$zs_reuse")"
printf 'target: zookioskctl at least 5x less CPU than the Node SDK (whole process, fresh dir): %s\n' \
    "$(awk -v n="${med[node-big]}" -v z="${med[zkfresh-big]}" 'BEGIN { print (n >= 5 * z ? "met" : "NOT met") }')"
