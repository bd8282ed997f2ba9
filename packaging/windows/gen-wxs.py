#!/usr/bin/env python3
"""Writes a WiX 3 source (.wxs) for a staged Windows install tree, shaped like
the one CPack's WIX generator writes from wix.cmake (same upgrade GUID, install
folder, Start-menu folder and shortcut, icon, and the autostart patch), so that
the layout and the patch can be checked on Linux with wixl (msitools).

    gen-wxs.py STAGED_DIR OUT.wxs --version 0.1.0

On Windows `cpack -G WIX` is the real thing; this is only for validation here.
"""
import argparse
import copy
import hashlib
import os
import re
import sys
import uuid
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
WIX_NS = "http://schemas.microsoft.com/wix/2006/wi"


def cmake_setting(text, name):
    m = re.search(r'set\(%s\s+"?([^")]+)"?\)' % re.escape(name), text)
    if not m:
        sys.exit("gen-wxs: %s not found in wix.cmake" % name)
    return m.group(1).replace("${CMAKE_CURRENT_LIST_DIR}", HERE)


def ident(prefix, rel):
    """CPack-style ids: CM_CP_bin.zookiosk.exe; hashed when too long for MSI (72)."""
    raw = prefix + re.sub(r"[^A-Za-z0-9_.]", "_", rel.replace(os.sep, "."))
    if len(raw) > 72:
        raw = prefix + "h" + hashlib.sha1(rel.encode()).hexdigest()
    return raw


def stable_guid(rel):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "zookiosk:" + rel)).upper()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("staged")
    ap.add_argument("out")
    ap.add_argument("--version", required=True)
    args = ap.parse_args()

    cmake = open(os.path.join(HERE, "wix.cmake"), encoding="utf-8").read()
    upgrade = cmake_setting(cmake, "CPACK_WIX_UPGRADE_GUID")
    install_dir = cmake_setting(cmake, "CPACK_PACKAGE_INSTALL_DIRECTORY")
    menu = cmake_setting(cmake, "CPACK_WIX_PROGRAM_MENU_FOLDER")
    icon = cmake_setting(cmake, "CPACK_WIX_PRODUCT_ICON")
    name = cmake_setting(cmake, "CPACK_PACKAGE_NAME")
    executables = cmake_setting(cmake, "CPACK_PACKAGE_EXECUTABLES").split(";")
    patch = ET.parse(cmake_setting(cmake, "CPACK_WIX_PATCH_FILE")).getroot()
    fragments = {f.get("Id"): list(f) for f in patch.iter("CPackWiXFragment")}

    ET.register_namespace("", WIX_NS)
    q = lambda tag: "{%s}%s" % (WIX_NS, tag)
    wix = ET.Element(q("Wix"))
    product = ET.SubElement(wix, q("Product"), Id="*", Name=name, Language="1033",
                            Version=args.version, Manufacturer="Zoo Kiosk", UpgradeCode=upgrade)
    ET.SubElement(product, q("Package"), InstallerVersion="500", Compressed="yes",
                  InstallScope="perMachine", Description=name)
    ET.SubElement(product, q("MajorUpgrade"),
                  DowngradeErrorMessage="A later version of [ProductName] is already installed.")
    ET.SubElement(product, q("Media"), Id="1", Cabinet="media1.cab", EmbedCab="yes")
    # wixl takes source paths relative to the .wxs (run it from that folder).
    base = os.path.dirname(os.path.abspath(args.out))
    from_wxs = lambda path: os.path.relpath(path, base)
    ET.SubElement(product, q("Icon"), Id="ProductIcon.ico", SourceFile=from_wxs(icon))
    ET.SubElement(product, q("Property"), Id="ARPPRODUCTICON", Value="ProductIcon.ico")

    target = ET.SubElement(product, q("Directory"), Id="TARGETDIR", Name="SourceDir")
    pf = ET.SubElement(target, q("Directory"), Id="ProgramFiles64Folder")
    root = ET.SubElement(pf, q("Directory"), Id="INSTALL_ROOT", Name=install_dir)
    menu_dir = ET.SubElement(ET.SubElement(target, q("Directory"), Id="ProgramMenuFolder"),
                             q("Directory"), Id="PROGRAM_MENU_FOLDER", Name=menu)
    feature = ET.SubElement(product, q("Feature"), Id="ProductFeature", Title=name, Level="1")

    patched = set()
    dirs = {"": root}
    count = 0
    for here, subdirs, files in os.walk(args.staged):
        subdirs.sort()
        rel_dir = os.path.relpath(here, args.staged)
        rel_dir = "" if rel_dir == "." else rel_dir
        parent = dirs[rel_dir]
        for d in subdirs:
            rel = os.path.join(rel_dir, d)
            dirs[rel] = ET.SubElement(parent, q("Directory"), Id=ident("CM_DP_", rel), Name=d)
        for f in sorted(files):
            rel = os.path.join(rel_dir, f)
            cid = ident("CM_CP_", rel)
            comp = ET.SubElement(parent, q("Component"), Id=cid, Guid=stable_guid(rel), Win64="yes")
            ET.SubElement(comp, q("File"), Id=ident("CM_FP_", rel), Source=from_wxs(os.path.join(here, f)), KeyPath="yes")
            for child in fragments.get(cid, []):
                comp.append(copy.deepcopy(child))
                patched.add(cid)
            ET.SubElement(feature, q("ComponentRef"), Id=cid)
            count += 1

    # Start-menu shortcuts (CPACK_PACKAGE_EXECUTABLES: pairs of exe name, label).
    shortcuts = ET.SubElement(menu_dir, q("Component"), Id="CM_SHORTCUT", Guid=stable_guid("shortcuts"), Win64="yes")
    for exe, label in zip(executables[::2], executables[1::2]):
        ET.SubElement(shortcuts, q("Shortcut"), Id="CM_S_" + exe, Name=label,
                      Target="[INSTALL_ROOT]bin\\%s.exe" % exe, WorkingDirectory="INSTALL_ROOT")
    ET.SubElement(shortcuts, q("RemoveFolder"), Id="CM_REMOVE_PROGRAM_MENU_FOLDER", On="uninstall")
    ET.SubElement(shortcuts, q("RegistryValue"), Root="HKCU", Key="Software\\Zoo Kiosk\\Zoo Kiosk",
                  Name="installed_shortcuts", Type="integer", Value="1", KeyPath="yes")
    ET.SubElement(feature, q("ComponentRef"), Id="CM_SHORTCUT")

    missing = set(fragments) - patched
    if missing:
        sys.exit("gen-wxs: patch fragments for files not in the staged tree: %s" % ", ".join(sorted(missing)))
    # The patch's elements come without the WiX namespace: give it to them.
    for el in wix.iter():
        if not el.tag.startswith("{"):
            el.tag = q(el.tag)
    ET.indent(wix)
    ET.ElementTree(wix).write(args.out, xml_declaration=True, encoding="utf-8")
    print("gen-wxs: %d files, %d patched component(s) -> %s" % (count, len(patched), args.out))


if __name__ == "__main__":
    main()
