# One INTERFACE target carries the language level, warnings and Qt strictness
# flags for every target of the project (after qBittorrent's CommonConfig).
add_library(zk_common INTERFACE)
target_compile_features(zk_common INTERFACE cxx_std_20)
target_compile_definitions(zk_common INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CONTEXTLESS_CONNECT
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_USE_QSTRINGBUILDER
    QT_NO_KEYWORDS
    QT_DISABLE_DEPRECATED_BEFORE=0x060400)
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(zk_common INTERFACE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)
endif()
if(ZK_SANITIZE)
    target_compile_options(zk_common INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(zk_common INTERFACE -fsanitize=address,undefined)
endif()
