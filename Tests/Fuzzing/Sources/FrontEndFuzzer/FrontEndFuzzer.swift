// FrontEndFuzzer: libFuzzer entry point for the front end. Any input must end in
// diagnostics (each located) or valid patterns whose mask evaluates — never a crash,
// a hang, or an error without a location.

import BlockSparsePlanner
import PatternLanguage

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrontEnd(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let file = SourceFile(path: "fuzz.attn", bytes: Array(UnsafeBufferPointer(start: data, count: count)))
    let library = PatternLibrary.check([file])
    for diagnostic in library.diagnostics {
        _ = diagnostic.rendered()
        precondition(diagnostic.location != nil, "an unlocated diagnostic: \(diagnostic.message)")
    }
    for declaration in library.declarations {
        for length in [1, 9, 17] {
            let pattern = declaration.checked
            // The brute-force layout evaluates every pair: the whole evaluator at small N.
            let layout = BlockLayout.bruteForce(pattern, length: length)
            precondition(layout.tileCount == (length + pattern.blockSize - 1) / pattern.blockSize)
        }
        _ = try? declaration.bind(overrides: declaration.parameters.map { "\($0.name)=-1" })
    }
    return 0
}
