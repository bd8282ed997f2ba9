#!/usr/bin/env bash
# The DEB end to end on this machine (Debian bookworm, as root; not part of
# CI: it builds two versions and takes minutes). See README.md here.
#
#   bash packaging/test-deb.sh [BUILD_DIR]      (default: <repo>/build-deb)
#
# 1. builds zookiosk_<version>_amd64.deb from this tree (cpack -G DEB) and one
#    from an earlier commit (git archive ZK_DEB_OLD_COMMIT, default c064598 at
#    schema 5, with this packaging/ overlaid and the lower version
#    <version>~old), cached under BUILD_DIR/deb-test;
# 2. installs the old one with apt-get, checks files, user, ownership, runs
#    `zookioskctl --version` and a visitor turn against the local test server
#    (zk_fakeopenai) as the user zookiosk; edits the conffile;
# 3. upgrades to the new one: the database (its turn), the edited conffile
#    and the data directory stay, the migrations ran (schema 6+), a new turn works;
# 4. removes: binaries gone, data, settings and user kept;
# 5. purges: /var/lib/zookiosk, /etc/zookiosk, the unit's enablement and the user gone.
# It purges any zookiosk package installed before it starts.
set -euo pipefail
export LC_ALL=C DEBIAN_FRONTEND=noninteractive

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# ZK_DEB_SOURCE: package another checkout of the project (default: this one).
src="$(realpath "${ZK_DEB_SOURCE:-$root}")"
build="$(realpath -m "${1:-$root/build-deb}")"
work="$build/deb-test"
old_commit="${ZK_DEB_OLD_COMMIT:-c064598}"
jobs="${JOBS:-2}"
[ "$(id -u)" -eq 0 ] || { echo "test-deb.sh: run as root (it installs packages)" >&2; exit 2; }
mkdir -p "$work"

step() { printf '\n== %s\n' "$*"; }
ok() { printf '   ok: %s\n' "$*"; }
fail() { printf '   FAILED: %s\n' "$*" >&2; exit 1; }
check() { local what="$1"; shift; if "$@"; then ok "$what"; else fail "$what"; fi; }
owner_mode() { stat -c '%U:%G %a' "$1"; }
as_kiosk() { runuser -u zookiosk -- "$@"; }

version="$(sed -n 's/^project(ZooKiosk VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")"

# ---------------------------------------------------------------- build
# Debian's hardening flags (lintian checks for them), without -g (stripped anyway).
export DEB_BUILD_MAINT_OPTIONS=hardening=+all DEB_CXXFLAGS_MAINT_STRIP=-g
build_deb() { # $1 source dir, $2 build dir, $3 package version, $4 tests ON/OFF
    if [ ! -f "$2/CMakeCache.txt" ]; then
        cmake -S "$1" -B "$2" -G Ninja -DCMAKE_BUILD_TYPE=Release -DZK_BUILD_TESTS="$4" \
            "-DCMAKE_CXX_FLAGS=$(dpkg-buildflags --get CPPFLAGS) $(dpkg-buildflags --get CXXFLAGS)" \
            "-DCMAKE_EXE_LINKER_FLAGS=$(dpkg-buildflags --get LDFLAGS)" >/dev/null
    fi
    cmake "$2" -DZK_PACKAGE_VERSION="$3" >/dev/null
    local targets=(zookiosk zookioskctl zk_package_docs)
    [ "$4" = ON ] && targets+=(zk_fakeopenai)
    ninja -C "$2" -j"$jobs" "${targets[@]}" >/dev/null
    (cd "$2" && cpack -G DEB >/dev/null)
}

step "build the package from this tree ($version)"
build_deb "$src" "$build" "$version" ON
new_deb="$build/zookiosk_${version}_amd64.deb"
check "$(basename "$new_deb") ($(stat -c %s "$new_deb") bytes)" test -s "$new_deb"
fake="$build/tests/fakeserver/zk_fakeopenai"

old_version="${version}~old"
old_src="$work/old-src-$old_commit"
old_build="$work/old-build-$old_commit"
old_deb="$old_build/zookiosk_${old_version}_amd64.deb"
step "build the package from commit $old_commit ($old_version)"
if [ ! -s "$old_deb" ]; then
    rm -rf "$old_src"
    mkdir -p "$old_src"
    git -C "$root" archive "$old_commit" | tar -x -C "$old_src"
    # That commit had no packaging: lay this one over it.
    rm -rf "$old_src/packaging" "$old_src/kiosk/systemd"
    cp -r "$src/packaging" "$old_src/packaging"
    mkdir -p "$old_src/kiosk"
    cp -r "$src/kiosk/systemd" "$old_src/kiosk/systemd"
    grep -q 'add_subdirectory(packaging)' "$old_src/CMakeLists.txt" \
        || sed -i 's/^add_subdirectory(app)$/add_subdirectory(app)\nadd_subdirectory(packaging)/' "$old_src/CMakeLists.txt"
    build_deb "$old_src" "$old_build" "$old_version" OFF
else
    echo "   (cached: $old_deb)"
fi
check "$(basename "$old_deb")" test -s "$old_deb"

if command -v lintian >/dev/null; then
    step "lintian $(basename "$new_deb")"
    lintian --info "$new_deb" || true
fi

# ---------------------------------------------------------------- the test server
step "start the local OpenAI-compatible test server"
reply="Hello! I am Zara and I love bamboo, fruit and eggs."
"$fake" --reply "$reply" --api-key sk-deb-test-0001 > "$work/server.out" 2> "$work/server.err" &
server_pid=$!
cleanup() { kill "$server_pid" 2>/dev/null || true; }
trap cleanup EXIT
port=""
for _ in $(seq 200); do
    port="$(sed -n 's/^PORT //p' "$work/server.out" 2>/dev/null)"
    [ -n "$port" ] && break
    sleep 0.05
done
[ -n "$port" ] || fail "zk_fakeopenai did not start: $(cat "$work/server.err")"
ok "zk_fakeopenai on 127.0.0.1:$port"

visitor_turn() { # $1 question; prints the JSON line
    as_kiosk env OPENAI_API_KEY=sk-deb-test-0001 OPENAI_BASE_URL="http://127.0.0.1:$port/v1" \
        zookioskctl --config /etc/zookiosk/zookiosk.conf ask --animal red_panda --json "$1" | tail -n 1
}
turns_stored() {
    as_kiosk zookioskctl --config /etc/zookiosk/zookiosk.conf history --json --limit 100 \
        | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d if isinstance(d,list) else d.get("turns",[])))'
}
schema_version() {
    python3 -c 'import sqlite3,sys; print(sqlite3.connect("file:"+sys.argv[1]+"?mode=ro", uri=True).execute("select max(version) from schema_version").fetchone()[0])' \
        /var/lib/zookiosk/zookiosk.db
}

installed_checks() { # $1 expected version
    check "dpkg: zookiosk $1 installed" test "$(dpkg-query -W -f='${Version} ${Status}' zookiosk)" = "$1 install ok installed"
    for f in /usr/bin/zookiosk /usr/bin/zookioskctl /lib/systemd/system/zookiosk.service /etc/pam.d/zookiosk \
             /usr/share/applications/zookiosk.desktop /usr/share/icons/hicolor/scalable/apps/zookiosk.svg \
             /usr/share/icons/hicolor/256x256/apps/zookiosk.png /usr/share/doc/zookiosk/copyright \
             /usr/share/doc/zookiosk/safety/licenses/LDNOOBW-LICENSE.txt /usr/share/man/man1/zookioskctl.1.gz; do
        check "$f" test -f "$f"
    done
    check "/usr/bin/zookiosk root:root 755" test "$(owner_mode /usr/bin/zookiosk)" = "root:root 755"
    check "/etc/zookiosk/zookiosk.conf is a conffile" \
        sh -c "dpkg-query -W -f='\${Conffiles}' zookiosk | grep -q '/etc/zookiosk/zookiosk.conf'"
    check "user zookiosk: system, home /var/lib/zookiosk, nologin" \
        sh -c 'getent passwd zookiosk | awk -F: '\''$3 < 1000 && $6 == "/var/lib/zookiosk" && $7 == "/usr/sbin/nologin" {ok=1} END {exit !ok}'\'
    check "/var/lib/zookiosk zookiosk:zookiosk 700" test "$(owner_mode /var/lib/zookiosk)" = "zookiosk:zookiosk 700"
    check "no missing shared libraries" sh -c '! ldd /usr/bin/zookiosk /usr/bin/zookioskctl | grep -q "not found"'
    check "zookiosk.service enabled (multi-user.target)" test -L /etc/systemd/system/multi-user.target.wants/zookiosk.service
    local v
    v="$(as_kiosk zookioskctl --version)"
    check "zookioskctl --version as zookiosk: $v" test -n "$v"
    # The GUI links and loads its plugins (offscreen; the SQLite driver, SVG).
    v="$(as_kiosk env QT_QPA_PLATFORM=offscreen zookiosk --version 2>/dev/null)"
    check "zookiosk --version as zookiosk (offscreen): $v" test -n "$v"
}

turn_checks() { # $1 question
    local json
    json="$(visitor_turn "$1")"
    echo "   turn: $json" | cut -c1-200
    check "the reply came from the model through the test server" \
        python3 -c 'import json,sys; d=json.loads(sys.argv[1]); sys.exit(not (d["source"] in ("model","fallback_model") and "bamboo" in d["reply"]))' "$json"
    check "database owned by zookiosk:zookiosk" \
        sh -c 'stat -c "%U:%G" /var/lib/zookiosk/zookiosk.db | grep -qx zookiosk:zookiosk'
}

# ---------------------------------------------------------------- 0. clean slate
if dpkg-query -W zookiosk >/dev/null 2>&1; then
    step "purge the zookiosk already installed"
    apt-get purge -y -qq zookiosk >/dev/null
fi

# ---------------------------------------------------------------- 1. install old
step "install $old_version with apt-get"
apt-get install -y -qq --no-install-recommends "$old_deb" >/dev/null
installed_checks "$old_version"
turn_checks "What do you like to eat?"
old_schema="$(schema_version)"
ok "schema version $old_schema"
# A local edit the upgrade must keep.
sed -i 's/^;idle_ms=60000$/idle_ms=45000/' /etc/zookiosk/zookiosk.conf
check "conffile edited (idle_ms=45000)" grep -qx 'idle_ms=45000' /etc/zookiosk/zookiosk.conf

# ---------------------------------------------------------------- 2. upgrade
step "upgrade to $version with apt-get"
apt-get install -y -qq --no-install-recommends "$new_deb" >/dev/null
# Read before anything else opens the database: postinst ran the migrations.
new_schema="$(schema_version)"
check "postinst ran the migrations (schema $old_schema -> $new_schema)" test "$new_schema" -gt "$old_schema"
installed_checks "$version"
check "the edited conffile is kept" grep -qx 'idle_ms=45000' /etc/zookiosk/zookiosk.conf
check "the turn from $old_version is still in the database" test "$(turns_stored)" -ge 1
turn_checks "Are you a kind of bear?"
check "both turns stored" test "$(turns_stored)" -ge 2

# ---------------------------------------------------------------- 3. remove
step "apt-get remove"
apt-get remove -y -qq zookiosk >/dev/null
check "binaries removed" test ! -e /usr/bin/zookiosk -a ! -e /usr/bin/zookioskctl
check "dpkg: config-files state" test "$(dpkg-query -W -f='${Status}' zookiosk)" = "deinstall ok config-files"
check "database kept, zookiosk:zookiosk" test "$(stat -c %U:%G /var/lib/zookiosk/zookiosk.db)" = zookiosk:zookiosk
check "/var/lib/zookiosk kept, 700" test "$(owner_mode /var/lib/zookiosk)" = "zookiosk:zookiosk 700"
check "/etc/zookiosk/zookiosk.conf kept (with the edit)" grep -qx 'idle_ms=45000' /etc/zookiosk/zookiosk.conf
check "user zookiosk kept" sh -c 'getent passwd zookiosk >/dev/null'

# ---------------------------------------------------------------- 4. purge
step "apt-get purge"
apt-get purge -y -qq zookiosk >/dev/null
check "package gone" sh -c '! dpkg-query -W -f="\${Status}" zookiosk 2>/dev/null | grep -q installed'
check "/var/lib/zookiosk deleted" test ! -e /var/lib/zookiosk
check "/etc/zookiosk deleted" test ! -e /etc/zookiosk
check "user zookiosk deleted" sh -c '! getent passwd zookiosk'
check "group zookiosk deleted" sh -c '! getent group zookiosk'
check "no enablement symlink left" test ! -e /etc/systemd/system/multi-user.target.wants/zookiosk.service

step "all checks passed"
