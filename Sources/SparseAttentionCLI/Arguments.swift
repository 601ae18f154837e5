// Arguments: the command line of one command split into positionals, options with
// values, and flags — with "did you mean" for misspelt options.

import PatternLanguage

/// A mistake in how a command was called (exit status 2), as opposed to a mistake in
/// its inputs (exit status 1).
public struct UsageError: Error, Sendable {
    /// What is wrong.
    public var message: String
    /// What would fix it.
    public var hint: String?

    /// Makes a usage error.
    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }
}

/// What a command accepts.
struct ArgumentSpecification {
    /// Options that take a value, such as `--length`.
    var options: Set<String> = []
    /// Options that may be given more than once, such as `--set`.
    var repeatable: Set<String> = []
    /// Options without a value, such as `--json`.
    var flags: Set<String> = []
}

/// A parsed command line.
struct Arguments {
    var positionals: [String] = []
    var values: [String: [String]] = [:]
    var flags: Set<String> = []

    /// Parses `--name value`, `--name=value`, `--flag` and positionals; `--` ends options.
    init(_ arguments: [String], _ specification: ArgumentSpecification) throws(UsageError) {
        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard !optionsEnded, argument.hasPrefix("--"), argument.count > 2 else {
                if argument == "--" && !optionsEnded { optionsEnded = true } else { positionals.append(argument) }
                continue
            }
            var name = argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            if specification.flags.contains(name) {
                guard inlineValue == nil else { throw UsageError("'\(name)' takes no value") }
                flags.insert(name)
            } else if specification.options.contains(name) || specification.repeatable.contains(name) {
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else {
                    guard index < arguments.count else { throw UsageError("'\(name)' needs a value") }
                    value = arguments[index]
                    index += 1
                }
                if values[name] != nil, !specification.repeatable.contains(name) {
                    throw UsageError("'\(name)' is given more than once")
                }
                values[name, default: []].append(value)
            } else {
                let known = specification.options.union(specification.flags).union(specification.repeatable)
                throw UsageError("unknown option '\(name)'\(Suggestions.didYouMean(name, among: known))",
                                 hint: known.isEmpty ? "this command takes no options" : "the options are: \(known.sorted().joined(separator: ", "))")
            }
        }
    }

    /// The value of an option given at most once.
    func value(_ name: String) -> String? { values[name]?.last }

    /// The values of a repeatable option.
    func all(_ name: String) -> [String] { values[name] ?? [] }

    /// The value of a required option.
    func required(_ name: String) throws(UsageError) -> String {
        guard let value = value(name) else { throw UsageError("missing '\(name)'") }
        return value
    }

    /// An integer option within bounds, with a clear error otherwise.
    func integer(_ name: String, in range: ClosedRange<Int>) throws(UsageError) -> Int? {
        guard let text = value(name) else { return nil }
        guard let value = Int(text.replacingUnderscores) else {
            throw UsageError("'\(name)' needs an integer, but got '\(text)'")
        }
        guard range.contains(value) else {
            throw UsageError("'\(name)' must be between \(range.lowerBound) and \(range.upperBound), but got \(value)")
        }
        return value
    }
}

extension String {
    /// The text without `_` digit separators, so that `--length 65_536` reads like the language.
    var replacingUnderscores: String { filter { $0 != "_" } }
}
