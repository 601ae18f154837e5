// HeaderDictionaryParser: the small subset of Python literal syntax a `.npy` header uses —
// a dictionary of 'descr' (a string), 'fortran_order' (a bool) and 'shape' (a tuple).

/// Parses `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`.
struct HeaderDictionaryParser {
    let characters: [Character]
    let path: String
    var index = 0

    init(text: String, path: String) {
        self.characters = Array(text)
        self.path = path
    }

    mutating func parse() throws(NumPyError) -> NumPyHeader {
        var descriptor: String?
        var fortranOrder: Bool?
        var shape: [Int]?
        try expect("{")
        while true {
            skipSpace()
            if peek == "}" { index += 1; break }
            let key = try string()
            try expect(":")
            switch key {
            case "descr": descriptor = try string()
            case "fortran_order": fortranOrder = try boolean()
            case "shape": shape = try tuple()
            default: throw failure("unexpected key '\(key)' in the header; expected 'descr', 'fortran_order' and 'shape'")
            }
            skipSpace()
            if peek == "," { index += 1; continue }
            try expect("}")
            break
        }
        skipSpace()
        guard index == characters.count else { throw failure("unexpected text after the header dictionary") }
        guard let descriptor else { throw failure("the header has no 'descr' (the element type)") }
        guard let fortranOrder else { throw failure("the header has no 'fortran_order'") }
        guard let shape else { throw failure("the header has no 'shape'") }
        return NumPyHeader(descriptor: descriptor, fortranOrder: fortranOrder, shape: shape)
    }

    var peek: Character? { index < characters.count ? characters[index] : nil }

    func failure(_ message: String) -> NumPyError { NumPyError(path: path, "malformed header: \(message)") }

    mutating func skipSpace() {
        while let character = peek, character == " " || character == "\n" || character == "\t" || character == "\r" { index += 1 }
    }

    mutating func expect(_ character: Character) throws(NumPyError) {
        skipSpace()
        guard peek == character else {
            throw failure("expected '\(character)' at character \(index + 1), found \(peek.map { "'\($0)'" } ?? "the end")")
        }
        index += 1
    }

    mutating func string() throws(NumPyError) -> String {
        skipSpace()
        guard let quote = peek, quote == "'" || quote == "\"" else { throw failure("expected a quoted string at character \(index + 1)") }
        index += 1
        var value = ""
        while let character = peek, character != quote {
            value.append(character)
            index += 1
        }
        guard peek == quote else { throw failure("unterminated string") }
        index += 1
        return value
    }

    mutating func boolean() throws(NumPyError) -> Bool {
        skipSpace()
        for (word, value) in [("True", true), ("False", false)] where characters[index...].starts(with: word) {
            index += word.count
            return value
        }
        throw failure("'fortran_order' must be True or False")
    }

    mutating func tuple() throws(NumPyError) -> [Int] {
        try expect("(")
        var values: [Int] = []
        while true {
            skipSpace()
            if peek == ")" { index += 1; return values }
            var digits = ""
            while let character = peek, character.isASCII, character.isNumber { digits.append(character); index += 1 }
            if peek == "L" { index += 1 }  // Python 2 long integers
            guard !digits.isEmpty else { throw failure("'shape' must be a tuple of non-negative integers") }
            guard let value = Int(digits) else { throw failure("the dimension \(digits) is too large") }
            values.append(value)
            skipSpace()
            if peek == "," { index += 1; continue }
            try expect(")")
            return values
        }
    }
}
