// Builtins: the table of built-in functions — their names, parameters and result types.

/// A built-in function of the language.
public enum BuiltinFunction: String, Sendable, CaseIterable {
    case abs, min, max
    case window, local, dilated, strided, global, sink, random, blocks

    /// The parameter names, as diagnostics and documentation show them.
    public var parameterNames: [String] {
        switch self {
        case .abs: return ["x"]
        case .min, .max: return ["a", "b"]
        case .window: return ["before", "after"]
        case .local: return ["w"]
        case .dilated: return ["w", "d"]
        case .strided: return ["s"]
        case .global: return ["list"]
        case .sink: return ["s"]
        case .random: return ["r", "seed"]
        case .blocks: return ["e"]
        }
    }

    /// How the function is called, as in `window(before, after)`.
    public var signature: String { "\(rawValue)(\(parameterNames.joined(separator: ", ")))" }

    /// Whether the function makes a mask (its arguments must then be constants, except
    /// for `blocks`, whose argument is a mask over tiles).
    public var isMask: Bool {
        switch self {
        case .abs, .min, .max: return false
        default: return true
        }
    }

    /// All names that may not be declared again, as `let`s or parameters.
    public static let names: Set<String> = Set(allCases.map(\.rawValue))
}
