// JSON: a minimal JSON value with ordered objects, printed deterministically, for the
// `--json` outputs of the commands.

/// A JSON value. Objects keep the order their keys were given in.
public enum JSON: Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    /// Equal when the two print the same text.
    public static func == (lhs: JSON, rhs: JSON) -> Bool { lhs.printed() == rhs.printed() }
    /// Hashes the printed text, as `==` compares it.
    public func hash(into hasher: inout Hasher) { hasher.combine(printed()) }

    /// The value as JSON text; `indent` spaces per level, or one line when `indent` is 0.
    public func printed(indent: Int = 2) -> String {
        var output = ""
        write(to: &output, indent: indent, level: 0)
        return output
    }

    private func write(to output: inout String, indent: Int, level: Int) {
        let newline = indent > 0 ? "\n" : ""
        let pad = String(repeating: " ", count: indent * (level + 1))
        let closingPad = String(repeating: " ", count: indent * level)
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .integer(let value): output += String(value)
        case .number(let value): output += value.isFinite ? String(value) : "null"
        case .string(let value): output += JSON.quoted(value)
        case .array(let elements):
            // Arrays of scalars stay on one line: layouts have long integer lists.
            if elements.allSatisfy(\.isScalar) {
                output += "[" + elements.map { $0.printed(indent: 0) }.joined(separator: ", ") + "]"
                return
            }
            output += "[" + newline
            for (index, element) in elements.enumerated() {
                output += pad
                element.write(to: &output, indent: indent, level: level + 1)
                output += (index + 1 < elements.count ? "," : "") + newline
            }
            output += closingPad + "]"
        case .object(let members):
            if members.isEmpty { output += "{}"; return }
            output += "{" + newline
            for (index, (key, value)) in members.enumerated() {
                output += pad + JSON.quoted(key) + (indent > 0 ? ": " : ":")
                value.write(to: &output, indent: indent, level: level + 1)
                output += (index + 1 < members.count ? "," : "") + newline
            }
            output += closingPad + "}"
        }
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }

    /// A string literal with JSON escapes.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                result += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
