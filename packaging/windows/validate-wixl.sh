#!/usr/bin/env bash
# What can be checked of the MSI on Linux (this machine cannot build Windows
# binaries): stage the file tree windeployqt produces for zookiosk.exe and
# zookioskctl.exe (stand-in files with the real names), write the .wxs the way
# CPack's WIX generator shapes it from wix.cmake and autostart-patch.xml
# (gen-wxs.py), build an .msi from it with wixl (msitools) and read its tables
# back with msiinfo. Needs: apt-get install wixl msitools python3.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
version="$(sed -n 's/^project(ZooKiosk VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")"
out="${1:-$(mktemp -d /tmp/zk-wix.XXXXXX)}"
stage="$out/stage"
rm -rf "$stage"
mkdir -p "$stage"

# The install tree on Windows (see README.md): executables, what windeployqt
# --release copies for Core, Gui, Widgets, Network, Sql, WebSockets, Svg and
# TextToSpeech, OpenSSL 3 and the MSVC runtime, and the notices.
files=(
    bin/zookiosk.exe bin/zookioskctl.exe
    bin/Qt6Core.dll bin/Qt6Gui.dll bin/Qt6Widgets.dll bin/Qt6Network.dll bin/Qt6Sql.dll
    bin/Qt6WebSockets.dll bin/Qt6Svg.dll bin/Qt6TextToSpeech.dll
    bin/platforms/qwindows.dll bin/styles/qwindowsvistastyle.dll
    bin/sqldrivers/qsqlite.dll
    bin/tls/qschannelbackend.dll bin/tls/qopensslbackend.dll bin/tls/qcertonlybackend.dll
    bin/imageformats/qsvg.dll bin/imageformats/qico.dll bin/imageformats/qjpeg.dll bin/imageformats/qgif.dll
    bin/iconengines/qsvgicon.dll bin/networkinformation/qnetworklistmanager.dll
    bin/generic/qtuiotouchplugin.dll bin/texttospeech/qtexttospeech_sapi.dll
    bin/libcrypto-3-x64.dll bin/libssl-3-x64.dll
    bin/vcruntime140.dll bin/vcruntime140_1.dll bin/msvcp140.dll
)
for f in "${files[@]}"; do
    mkdir -p "$stage/$(dirname "$f")"
    printf 'stand-in for %s (built on Windows)\n' "$f" > "$stage/$f"
done
mkdir -p "$stage/doc/safety/licenses"
cp "$root/resources/safety/README.md" "$stage/doc/safety/"
cp "$root/resources/safety/licenses/"* "$stage/doc/safety/licenses/"

python3 "$here/gen-wxs.py" "$stage" "$out/zookiosk.wxs" --version "$version"
(cd "$out" && wixl -a x64 -o "zookiosk-$version-win64.msi" zookiosk.wxs)
msi="$out/zookiosk-$version-win64.msi"
echo "wixl: built $msi ($(stat -c %s "$msi") bytes)"
files_in_msi=$(msiinfo export "$msi" File | tail -n +4 | wc -l)
echo "msiinfo: File table has $files_in_msi rows (staged ${#files[@]} + $(ls "$stage/doc/safety" "$stage/doc/safety/licenses" | grep -c '\.'))"
msiinfo export "$msi" Registry | grep -q 'CurrentVersion\\Run' && echo "msiinfo: autostart Run value present"
msiinfo export "$msi" Shortcut | grep -q 'zookiosk' && echo "msiinfo: Start-menu shortcut present"
msiinfo export "$msi" Upgrade | grep -qi "$(sed -n 's/.*CPACK_WIX_UPGRADE_GUID "\(.*\)".*/\1/p' "$here/wix.cmake")" \
    && echo "msiinfo: upgrade code from wix.cmake present"
