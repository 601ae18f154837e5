// Planner: a checked pattern and a sequence length in, the block-sparse layout out.
// TEMPORARY: classifies by brute force until the interval planner lands (issue 3).

import PatternLanguage

extension BlockLayout {
    /// The layout of `pattern` at sequence length `length` (`length >= 1`).
    public init(pattern: CheckedPattern, length: Int) {
        self = BlockLayout.bruteForce(pattern, length: length)
    }
}
