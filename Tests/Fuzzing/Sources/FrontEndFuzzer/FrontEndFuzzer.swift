// FrontEndFuzzer: libFuzzer entry point for the front end and the planner. Any input must
// end in diagnostics (each located) or valid patterns whose mask evaluates and whose
// planned layout equals the brute-force one — never a crash, a hang, or an error
// without a location.

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
            // The brute-force layout evaluates every pair: the whole evaluator at small N;
            // the planner must find exactly the same tiles, and its masks the same pairs.
            let layout = BlockLayout.bruteForce(pattern, length: length)
            precondition(layout.tileCount == (length + pattern.blockSize - 1) / pattern.blockSize)
            precondition(BlockLayout(pattern: pattern, length: length) == layout, "planner and brute force disagree")
            let masks = PartialTileMasks(pattern: pattern, layout: layout)
            precondition(masks.shapeOfEntry.count == layout.entryCount)
        }
        _ = try? declaration.bind(overrides: declaration.parameters.map { "\($0.name)=-1" })
    }
    return 0
}
