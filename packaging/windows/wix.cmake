# Windows: CPack WiX (WiX Toolset 3.x) builds zookiosk-<version>-win64.msi with
# `cpack -G WIX` in a Release build directory. See README.md here for the recipe
# (Qt 6 MSVC, OpenSSL 3, windeployqt). Included from ../CMakeLists.txt on WIN32.

# The application directory holds the executables, Qt's DLLs and plugins
# (windeployqt), OpenSSL and the notices; everything at the top level of the
# install prefix, as windeployqt expects plugins next to the executables.
find_program(ZK_WINDEPLOYQT windeployqt HINTS "${QT6_INSTALL_PREFIX}/bin" "${Qt6_DIR}/../../../bin" REQUIRED)
install(CODE "
    foreach(exe zookiosk.exe zookioskctl.exe)
        execute_process(COMMAND \"${ZK_WINDEPLOYQT}\" --release --no-compiler-runtime
                                --no-translations --no-system-d3d-compiler --no-opengl-sw
                                \"\${CMAKE_INSTALL_PREFIX}/bin/\${exe}\"
                        COMMAND_ERROR_IS_FATAL ANY)
    endforeach()
")
# OpenSSL 3 (the core links libcrypto; Qt's TLS plugin loads libssl): the DLLs
# next to the executables. OPENSSL_ROOT_DIR points at e.g. C:/Program Files/OpenSSL-Win64.
file(GLOB ZK_OPENSSL_DLLS "${OPENSSL_ROOT_DIR}/bin/libcrypto-3-x64.dll" "${OPENSSL_ROOT_DIR}/bin/libssl-3-x64.dll")
install(FILES ${ZK_OPENSSL_DLLS} DESTINATION bin)
# The MSVC runtime (vcruntime140.dll, msvcp140.dll ...) beside them.
set(CMAKE_INSTALL_SYSTEM_RUNTIME_DESTINATION bin)
include(InstallRequiredSystemLibraries)
install(FILES ${CMAKE_SOURCE_DIR}/resources/safety/README.md DESTINATION doc/safety)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/resources/safety/licenses/ DESTINATION doc/safety/licenses)

set(CPACK_GENERATOR WIX)
set(CPACK_PACKAGE_NAME "Zoo Kiosk")
set(CPACK_PACKAGE_FILE_NAME "zookiosk-${ZK_PACKAGE_VERSION}-win64")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "Zoo Kiosk")
# Never change: it ties every version together so a newer MSI upgrades an older one.
set(CPACK_WIX_UPGRADE_GUID "6B0E3C52-9A4D-4C47-8E1B-5D2F7A9C3E10")
set(CPACK_WIX_PRODUCT_ICON "${CMAKE_CURRENT_LIST_DIR}/zookiosk.ico")
set(CPACK_WIX_PROGRAM_MENU_FOLDER "Zoo Kiosk")
set(CPACK_PACKAGE_EXECUTABLES "zookiosk;Zoo Kiosk")
set(CPACK_WIX_ARCHITECTURE x64)
set(CPACK_WIX_LICENSE_RTF "${CMAKE_CURRENT_LIST_DIR}/license.rtf")
set(CPACK_WIX_PROPERTY_ARPURLINFOABOUT "https://example.org/zookiosk")
# Start the kiosk at logon of the kiosk account (a per-machine Run entry).
set(CPACK_WIX_PATCH_FILE "${CMAKE_CURRENT_LIST_DIR}/autostart-patch.xml")
