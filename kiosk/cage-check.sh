#!/usr/bin/env bash
# The kiosk session as the service runs it, seen on this machine: cage (the
# Wayland kiosk compositor) nested in Xvfb (WLR_BACKENDS=x11, since cage's
# headless backend shows only the first frame), as the user zookiosk (cage
# refuses root), zookiosk inside it on the Wayland platform with the service's
# environment, under a fake systemd notification socket with a watchdog.
# Checks READY=1 and WATCHDOG=1 arrive through cage, that they stop while
# zookiosk is frozen (SIGSTOP) and come back after, and takes a screenshot of
# the chat screen with the on-screen keyboard (docs/screenshots/cage-session.png
# unless OUT is set). Run as root; creates the user zookiosk if the package
# has not (and deletes it again at the end).
#   bash kiosk/cage-check.sh [ZOOKIOSK_BINARY]   (default /usr/bin/zookiosk, else build-rb, build)
# Needs: cage xwayland qt6-wayland xvfb imagemagick xdotool python3.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
kiosk="${1:-}"
if [ -z "$kiosk" ]; then
    for k in /usr/bin/zookiosk "$root/build-rb/app/zookiosk" "$root/build/app/zookiosk"; do
        [ -x "$k" ] && { kiosk="$k"; break; }
    done
fi
[ -x "$kiosk" ] || { echo "cage-check.sh: no zookiosk binary" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "cage-check.sh: run as root (it runs cage as the user zookiosk)" >&2; exit 2; }
out="${OUT:-$root/docs/screenshots/cage-session.png}"
display=":${DISPLAY_NUMBER:-87}"

work="$(mktemp -d /tmp/zk-cage.XXXXXX)"
chmod 0755 "$work"
pids=()
created_user=""
cleanup() {
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill -CONT "${pids[i]}" 2>/dev/null || true; kill "${pids[i]}" 2>/dev/null || true; done
    rm -rf "$work"
    if [ -n "$created_user" ]; then
        # userdel refuses while the user's processes (cage, Xwayland) are still exiting.
        for _ in $(seq 50); do pgrep -u zookiosk >/dev/null || break; sleep 0.1; done
        userdel zookiosk || echo "cage-check.sh: could not delete the user zookiosk it created" >&2
    fi
}
trap cleanup EXIT

if ! getent passwd zookiosk >/dev/null; then
    useradd --system --user-group --home-dir /nonexistent --shell /usr/sbin/nologin zookiosk
    created_user=1
fi
install -d -o zookiosk -g zookiosk -m 0700 "$work/runtime" "$work/data"

# The fake notification socket (systemd's side), logging each datagram with its time.
cat > "$work/notify.py" <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
import os; os.chmod(sys.argv[1], 0o666)
with open(sys.argv[2], "a", buffering=1) as log:
    while True:
        data = s.recv(4096).decode()
        for line in data.split("\n"):
            log.write("%.3f %s\n" % (time.monotonic(), line))
PY
python3 "$work/notify.py" "$work/notify.sock" "$work/notify.log" &
pids+=($!)
for _ in $(seq 100); do [ -S "$work/notify.sock" ] && break; sleep 0.1; done

Xvfb "$display" -screen 0 1920x1080x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
chmod 0777 "/tmp/.X11-unix/X${display#:}" 2>/dev/null || true

# The service's environment (kiosk/systemd/zookiosk.service), with the sockets of this test.
runuser -u zookiosk -- env -i PATH=/usr/bin:/bin HOME="$work/data" LANG=C.UTF-8 \
    DISPLAY="$display" WLR_BACKENDS=x11 WLR_X11_OUTPUTS=1 XDG_RUNTIME_DIR="$work/runtime" \
    QT_QPA_PLATFORM=wayland QT_WAYLAND_DISABLE_WINDOWDECORATION=1 \
    ZOOKIOSK_DATA_DIR="$work/data" ZOOKIOSK_CONFIG=/nonexistent.conf \
    NOTIFY_SOCKET="$work/notify.sock" WATCHDOG_USEC=2000000 \
    cage -d -- "$kiosk" --animal red_panda >"$work/cage.log" 2>&1 &
runuser_pid=$!
pids+=($runuser_pid)

count() { if [ -f "$work/notify.log" ]; then grep -c " $1\$" "$work/notify.log" || true; else echo 0; fi; }
for _ in $(seq 300); do [ "$(count READY=1)" -ge 1 ] && break; sleep 0.1; done
[ "$(count READY=1)" -ge 1 ] || { echo "FAILED: no READY=1 through cage"; cat "$work/cage.log"; exit 1; }
echo "ok: READY=1 through cage"
# runuser -> cage -> zookiosk
cage_pid="$(pgrep -P "$runuser_pid" | head -n 1)"
kiosk_pid="$(pgrep -P "$cage_pid" | head -n 1)"
echo "   cage $cage_pid ($(stat -c %U /proc/"$cage_pid")), zookiosk $kiosk_pid ($(tr '\0' ' ' < /proc/"$kiosk_pid"/cmdline), user $(stat -c %U /proc/"$kiosk_pid"))"
[ "$(readlink /proc/"$kiosk_pid"/exe)" = "$(readlink -f "$kiosk")" ] || { echo "FAILED: cage's child is not zookiosk"; exit 1; }
grep -q 'QT_QPA_PLATFORM=wayland' /proc/"$kiosk_pid"/environ && echo "ok: zookiosk runs on the Wayland platform"
sleep 3
b1="$(count WATCHDOG=1)"
[ "$b1" -ge 2 ] && echo "ok: $b1 heartbeats (every 1 s for WATCHDOG_USEC=2 s)" || { echo "FAILED: $b1 heartbeats"; exit 1; }

# cage's X11 output is a 1024x768 window at the top left of the X screen. A
# tap (a click through X into cage, then Wayland) on the question field opens
# the kiosk's own touch keyboard; then two taps on its keys.
DISPLAY="$display" xdotool mousemove 420 705 click 1
sleep 1.5
DISPLAY="$display" xdotool mousemove 560 634 click 1 sleep 0.3 mousemove 754 564 click 1   # "h", "i"
sleep 0.7
mkdir -p "$(dirname "$out")"
import -display "$display" -window root -crop 1024x768+0+0 +repage "$out"
echo "ok: screenshot $out ($(identify -format '%wx%h, %k colours' "$out"))"

kill -STOP "$kiosk_pid"
sleep 0.3
b2="$(count WATCHDOG=1)"
sleep 3
b3="$(count WATCHDOG=1)"
kill -CONT "$kiosk_pid"
[ "$b3" -eq "$b2" ] && echo "ok: no heartbeat in 3 s while zookiosk was frozen (systemd would kill it at WatchdogSec)" \
    || { echo "FAILED: $((b3 - b2)) heartbeats while frozen"; exit 1; }
sleep 2.5
b4="$(count WATCHDOG=1)"
[ "$b4" -gt "$b3" ] && echo "ok: heartbeats again after SIGCONT" || { echo "FAILED: no heartbeat after SIGCONT"; exit 1; }
grep -iE 'not supported|error|could not' "$work/cage.log" | head -5 || true
echo "all cage checks passed"
