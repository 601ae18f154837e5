// NumPyError: why a `.npy` file could not be read or written — always naming the file
// and what was expected.

/// A problem with a `.npy` file: malformed, truncated, of the wrong type or shape.
///
/// Its description reads `q.npy: expected a float32, float64 or float16 array, found '<i4'`;
/// tools print it after `error: `.
public struct NumPyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file, as the user named it.
    public var path: String
    /// What is wrong, and what was expected.
    public var message: String

    /// Makes an error about the file at `path`.
    public init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    /// A float64 value at flat index `index` that is finite but beyond Float32's range.
    static func outOfRange(path: String, index: Int, value: Double) -> NumPyError {
        NumPyError(path: path, "value \(value) at index \(index) does not fit in float32 (its largest magnitude is about 3.4e38)")
    }

    /// `path: message`.
    public var description: String { "\(path): \(message)" }
}
