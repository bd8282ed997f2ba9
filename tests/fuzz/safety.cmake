# libFuzzer target for the local safety layer (TextNormalizer, PiiRedactor,
# InjectionDetector, LocalModerator). Included from tests/fuzz/CMakeLists.txt
# after its ZK_FUZZ / clang checks, so it is only reached in a clang build
# with -DZK_FUZZ=ON:
#   cmake --build build-fuzz --target fuzz_safety
#   mkdir -p /tmp/fuzz-safety && build-fuzz/tests/fuzz/fuzz_safety \
#       -max_total_time=300 -timeout=10 -rss_limit_mb=4096 \
#       /tmp/fuzz-safety tests/fuzz/corpus_safety
# (new inputs land in the first directory, not among the checked-in seeds).

# The code under test is compiled into the target, like fuzz_sseparser, so
# that the coverage instrumentation and the sanitizers see it. LocalModerator
# loads its word lists and rules from the qrc (":/safety/"): the resource
# object library is linked in and the target calls zk::ensureResources().
set(ZK_SAFETY_FUZZ_APP_DIR ${CMAKE_CURRENT_LIST_DIR}/../../app)
add_executable(fuzz_safety
    ${CMAKE_CURRENT_LIST_DIR}/fuzz_safety.cpp
    ${ZK_SAFETY_FUZZ_APP_DIR}/core/logging.cpp
    ${ZK_SAFETY_FUZZ_APP_DIR}/core/resources.cpp
    ${ZK_SAFETY_FUZZ_APP_DIR}/safety/textnormalizer.cpp
    ${ZK_SAFETY_FUZZ_APP_DIR}/safety/piiredactor.cpp
    ${ZK_SAFETY_FUZZ_APP_DIR}/safety/injectiondetector.cpp
    ${ZK_SAFETY_FUZZ_APP_DIR}/safety/moderationlexicon.cpp
    ${ZK_SAFETY_FUZZ_APP_DIR}/safety/compiledlexicon.cpp
    ${ZK_SAFETY_FUZZ_APP_DIR}/safety/lexiconindex.cpp
    ${ZK_SAFETY_FUZZ_APP_DIR}/safety/localmoderator.cpp)
target_include_directories(fuzz_safety PRIVATE ${ZK_SAFETY_FUZZ_APP_DIR})
target_link_libraries(fuzz_safety PRIVATE zk_common zookiosk_resources Qt6::Core)
target_compile_options(fuzz_safety PRIVATE
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
target_link_options(fuzz_safety PRIVATE -fsanitize=fuzzer,address,undefined)

# Smoke test (ctest -L fuzz): the seeds, then 20,000 mutations, bounded in
# time and memory. libFuzzer writes the inputs it finds into the first
# directory it is given: a scratch directory in the build tree, so the
# checked-in seeds stay as they are. Crash reproducers land in the build
# directory.
set(ZK_SAFETY_FUZZ_SCRATCH ${CMAKE_CURRENT_BINARY_DIR}/corpus_safety_scratch)
file(MAKE_DIRECTORY ${ZK_SAFETY_FUZZ_SCRATCH})
add_test(NAME fuzz_safety_smoke
    COMMAND fuzz_safety -seed=1 -runs=20000 -timeout=10 -rss_limit_mb=4096
            ${ZK_SAFETY_FUZZ_SCRATCH} ${CMAKE_CURRENT_LIST_DIR}/corpus_safety
    WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
set_tests_properties(fuzz_safety_smoke PROPERTIES
    LABELS fuzz TIMEOUT 600
    ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1;LSAN_OPTIONS=suppressions=${CMAKE_CURRENT_LIST_DIR}/../lsan.supp")
