#!/usr/bin/env bash
# Builds the libFuzzer targets (with AddressSanitizer) and runs one of them.
#
#   Tests/Fuzzing/run.sh FrontEndFuzzer|NumPyFuzzer [SECONDS] [extra libFuzzer flags...]
#
# The corpus starts from Patterns/ and the test fixtures and grows in
# .build/fuzz-corpus/TARGET (not committed); crashes land in .build/fuzz-artifacts/.
# A crash found here becomes a fixed bug and a regression fixture in the tests.
set -euo pipefail
cd "$(dirname "$0")"
target=${1:-FrontEndFuzzer}
seconds=${2:-60}
shift $(( $# > 2 ? 2 : $# ))

swift build -c release --product "$target" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library

corpus=.build/fuzz-corpus/$target
artifacts=.build/fuzz-artifacts/$target
mkdir -p "$corpus" "$artifacts"
if [ "$target" = FrontEndFuzzer ]; then
    cp ../../Patterns/*.attn ../PatternLanguageTests/Fixtures/diagnostics/*.attn ../CompiledFixtures/*.attn "$corpus"/ 2>/dev/null || true
elif [ "$target" = NumPyFuzzer ]; then
    python3 ../../Tests/Fuzzing/seed-npy.py "$corpus"
fi
exec ".build/release/$target" "$corpus" -artifact_prefix="$artifacts/" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=4096 "$@"
