// MaskCoverage: whether a filled partial-tile mask keeps every pair of its tile, none, or
// some — found by a scan that stops at the first row showing "some", which for a band's or
// a random pattern's masks is the first row or nearly.

/// What a tile's mask keeps of the tile's pairs.
enum MaskCoverage: Equatable {
    case none
    case some
    case all

    /// The coverage of a mask of rows of `wordsPerRow` words (bit `j % 64` of word `j / 64`
    /// keeps key `j`) over its first `rows` rows and `keys` keys; every bit outside them
    /// must be clear.
    static func of(_ mask: UnsafePointer<UInt64>, rows: Int, keys: Int, wordsPerRow: Int) -> MaskCoverage {
        var (anyKept, allKept) = (false, true)
        for row in 0..<rows {
            for word in 0..<wordsPerRow {
                let count = min(64, max(0, keys - 64 * word))
                let valid: UInt64 = count == 64 ? ~0 : (1 << UInt64(count)) - 1
                let bits = mask[row * wordsPerRow + word]
                anyKept = anyKept || bits != 0
                allKept = allKept && bits == valid
            }
            if anyKept && !allKept { return .some }
        }
        return allKept ? .all : .none
    }
}
