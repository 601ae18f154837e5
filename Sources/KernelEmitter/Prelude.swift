// Prelude: the `let` lines an emitted function needs before its result — the pattern's
// `let`s, shared temporaries, tile indices — kept only when something uses them, so the
// generated code compiles without "never used" warnings.

/// Named lines emitted before a function's result.
struct Prelude {
    private var lines: [(name: String, value: String)] = []

    /// Declares `let name = value`.
    mutating func declare(_ name: String, _ value: String) {
        lines.append((name, value))
    }

    /// The lines that `result` needs, directly or through other lines, in order.
    func lines(neededBy result: String) -> [String] {
        // One pass from the last line up: a line is needed when a needed text names it.
        var wanted = Self.identifiers(in: result)
        var needed = [Bool](repeating: false, count: lines.count)
        for index in lines.indices.reversed() where wanted.contains(lines[index].name) {
            needed[index] = true
            wanted.formUnion(Self.identifiers(in: lines[index].value))
        }
        return lines.indices.filter { needed[$0] }.map { "let \(lines[$0].name) = \(lines[$0].value)" }
    }

    /// The identifiers `text` uses, leaving out members (those after a `.`).
    static func identifiers(in text: String) -> Set<String> {
        var found: Set<String> = []
        var current = ""
        var afterDot = false
        var previous: Character = " "
        for character in text + " " {
            if character.isLetter || character.isNumber || character == "_" {
                if current.isEmpty { afterDot = previous == "." }
                current.append(character)
            } else {
                if !current.isEmpty && !afterDot { found.insert(current) }
                current = ""
            }
            previous = character
        }
        return found
    }
}
