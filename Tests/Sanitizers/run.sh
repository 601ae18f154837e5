#!/usr/bin/env bash
# Runs the test suite under a sanitizer, in its own build folder so the normal build is
# not disturbed:
#
#   Tests/Sanitizers/run.sh address     # AddressSanitizer: out-of-bounds, use after free, leaks of raw memory
#   Tests/Sanitizers/run.sh thread      # ThreadSanitizer: data races in the threaded kernels and schedules
#
# Extra arguments go to `swift test` (for instance `--filter Interpreter`).
set -euo pipefail
cd "$(dirname "$0")/../.."
sanitizer=${1:-address}
# LeakSanitizer reports the front end's syntax-tree boxes as leaked when the generator
# (a build tool, built with the sanitizer too) exits, which fails the build. They are
# reachable: Swift keeps an enum's case in the spare bits of its payload pointer, which
# LeakSanitizer's scan does not recognise as a pointer (and checking the same file 40,000
# times keeps resident memory flat). So leak detection is off unless ASAN_OPTIONS says
# otherwise; memory errors (out of bounds, use after free) are still caught.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
shift || true
swift build --build-tests --sanitize="$sanitizer" --scratch-path ".build/sanitize-$sanitizer"
swift test --skip-build --sanitize="$sanitizer" --scratch-path ".build/sanitize-$sanitizer" "$@"
