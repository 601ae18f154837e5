#!/usr/bin/env bash
# The plugin's build-failure path, end to end, in a copy of the consumer package:
#
#   1. a second pattern file with errors (a misspelled built-in, and a pattern whose type
#      would take the target module's name) fails `swift build`, and the build output
#      carries the located diagnostics of `sparse-attn check`;
#   2. fixing the file makes the next `swift build` succeed, and the new file's pattern
#      becomes a type of the module (a Swift file that uses it compiles);
#   3. editing a pattern file again is picked up: the generated source changes.
#
# Usage: bash Tests/ConsumerPackage/check-build-failure.sh   (from anywhere)
# Exits non-zero, with a message that names the failed assertion, on any failure.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)
scratch=$(mktemp -d)
scratch=$(cd "$scratch" && pwd -P)
trap 'rm -rf "$scratch"' EXIT

consumer="$scratch/consumer"
log="$scratch/build.log"

fail() {
    echo "check-build-failure: FAILED: $*" >&2
    if [ -f "$log" ]; then
        echo "---- last build output ----" >&2
        tail -n 40 "$log" >&2
    fi
    exit 1
}

build() {
    (cd "$consumer" && swift build) >"$log" 2>&1
}

expect_no_warnings() {
    if grep -E "warning:" "$log" | grep -v "^warning: 'swift-" >/dev/null; then
        fail "$1: the build has warnings"
    fi
}

# The consumer package without its build folder, depending on this checkout by absolute path.
mkdir -p "$consumer"
(cd "$here" && tar --exclude=./.build --exclude=./.swiftpm -cf - .) | (cd "$consumer" && tar -xf -)
sed -i "s|path: \"../..\"|path: \"$root\"|" "$consumer/Package.swift"
grep -q "path: \"$root\"" "$consumer/Package.swift" || fail "could not point Package.swift at $root"

extra="$consumer/Sources/MyAttention/extra.attn"

# 1. An invalid second pattern file: 'locl' on line 3, column 19; a pattern named after the
# module (MyAttention) on line 5.
cat >"$extra" <<'EOF'
# A second pattern file, added after the first: a causal band of `width` keys.
pattern extra_band(width = 4) {
    mask causal & locl(width)
}
pattern my_attention {
    mask causal
}
EOF
echo "== 1. swift build with an invalid pattern file (expected to fail)"
if build; then
    fail "swift build succeeded with an invalid pattern file"
fi
expected="$extra:3:19: error: unknown function 'locl'; did you mean 'local'?"
grep -F -- "$expected" "$log" >/dev/null \
    || fail "the build output does not contain the located diagnostic: $expected"
grep -F -- "    mask causal & locl(width)" "$log" >/dev/null || fail "the diagnostic does not show the source line"
module_clash="$extra:5:9: error: pattern name 'my_attention' gives the Swift type name 'MyAttention', which would hide its own module 'MyAttention'"
grep -F -- "$module_clash" "$log" >/dev/null \
    || fail "the build output does not contain the located diagnostic: $module_clash"
echo "ok: the build failed with: $expected"
echo "ok: and with: $module_clash"

# 2. Fix the file; the build succeeds and the new pattern is a type of the module.
sed -i 's/locl(width)/local(width)/' "$extra"
sed -i '/^pattern my_attention/,$d' "$extra"
cat >"$consumer/Sources/MyAttention/UsesExtra.swift" <<'EOF'
// Uses the type generated from extra.attn: compiles only if the plugin picked the file up.
import AttentionKernels

public let extraBandWidth: Int64 = ExtraBand.Parameters.width
public let compiledPatternCount: Int = CompiledPatterns.all.count
public func extraBand(query: AttentionTensor, key: AttentionTensor, value: AttentionTensor) throws(AttentionShapeError) -> AttentionResult {
    try ExtraBand.attention(query: query, key: key, value: value)
}
EOF
echo "== 2. swift build after fixing the pattern file (expected to succeed)"
build || fail "swift build failed after the pattern file was fixed"
expect_no_warnings "after the fix"
generated=$(find "$consumer/.build" -path "*SparseAttentionPlugin*" -name extra.swift -print -quit)
[ -n "$generated" ] || fail "no generated extra.swift under .build/plugins/outputs"
grep -F "public struct ExtraBand: AttentionKernels.CompiledPattern" "$generated" >/dev/null || fail "$generated does not declare ExtraBand"
registry=$(dirname "$generated")/CompiledPatterns.swift
grep -F "ExtraBand.self" "$registry" >/dev/null || fail "CompiledPatterns does not list ExtraBand"
echo "ok: the build succeeded; ExtraBand is generated, registered and used by UsesExtra.swift"

# 3. Edit the pattern file again: the next build regenerates its Swift.
sed -i 's/width = 4/width = 6/' "$extra"
echo "== 3. swift build after editing the pattern file"
build || fail "swift build failed after the pattern file was edited"
expect_no_warnings "after the edit"
grep -F "public static let width: Swift.Int64 = 6" "$generated" >/dev/null \
    || fail "the edit (width = 6) is not in the generated source $generated"
echo "ok: the edit was picked up"

echo "check-build-failure: all assertions passed"
