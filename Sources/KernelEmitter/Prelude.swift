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
        var needed = [Bool](repeating: false, count: lines.count)
        var uses = result
        for index in lines.indices.reversed() where Self.mentions(uses, lines[index].name) {
            needed[index] = true
            uses += " " + lines[index].value
        }
        return lines.indices.filter { needed[$0] }.map { "let \(lines[$0].name) = \(lines[$0].value)" }
    }

    /// Whether `text` uses the identifier `name` (a whole identifier, not a member after `.`).
    static func mentions(_ text: String, _ name: String) -> Bool {
        var current = ""
        var afterDot = false
        var previous: Character = " "
        for character in text + " " {
            if character.isLetter || character.isNumber || character == "_" {
                if current.isEmpty { afterDot = previous == "." }
                current.append(character)
            } else {
                if current == name && !afterDot { return true }
                current = ""
            }
            previous = character
        }
        return false
    }
}
