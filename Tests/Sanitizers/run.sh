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
shift || true
swift build --build-tests --sanitize="$sanitizer" --scratch-path ".build/sanitize-$sanitizer"
swift test --skip-build --sanitize="$sanitizer" --scratch-path ".build/sanitize-$sanitizer" "$@"
