// NumPyHeader: the header of a `.npy` file (NumPy format versions 1 to 3) — encoding
// for the files the tools write; decoding is in NumPyHeader+Decoding.

/// The header of a NumPy `.npy` file: magic, version, and the Python-literal dictionary
/// that gives the element type, the order and the shape.
///
/// ```swift
/// let header = NumPyHeader(descriptor: "|b1", shape: [4, 4])
/// var bytes = header.encoded()   // then 16 bytes of data follow
/// ```
public struct NumPyHeader: Sendable, Hashable {
    /// The NumPy dtype string: `<f4`, `<f8`, `<f2`, `|b1`, `|u1`.
    public var descriptor: String
    /// Whether the data is in Fortran (column-major) order.
    public var fortranOrder: Bool
    /// The dimensions, outermost first.
    public var shape: [Int]

    /// The magic string every `.npy` file starts with.
    public static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// Makes a header for C-ordered data.
    public init(descriptor: String, fortranOrder: Bool = false, shape: [Int]) {
        self.descriptor = descriptor
        self.fortranOrder = fortranOrder
        self.shape = shape
    }

    /// The dictionary literal as NumPy writes it: `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`.
    public var dictionary: String {
        let dimensions = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        return "{'descr': '\(descriptor)', 'fortran_order': \(fortranOrder ? "True" : "False"), 'shape': \(dimensions), }"
    }

    /// The header bytes: version 1.0 when the dictionary fits in 65,535 bytes, else 2.0;
    /// padded with spaces and a newline so that the data starts on a 64-byte boundary.
    public func encoded() -> [UInt8] {
        var text = Array(dictionary.utf8)
        let isVersion1 = text.count + 1 + 10 < 65_536
        let prefixLength = isVersion1 ? 10 : 12
        let total = prefixLength + text.count + 1
        text += [UInt8](repeating: UInt8(ascii: " "), count: (64 - total % 64) % 64)
        text.append(UInt8(ascii: "\n"))
        var bytes = NumPyHeader.magic
        if isVersion1 {
            bytes += [1, 0, UInt8(text.count & 0xFF), UInt8(text.count >> 8)]
        } else {
            let count = UInt32(text.count)
            bytes += [2, 0] + (0..<4).map { UInt8((count >> (8 * $0)) & 0xFF) }
        }
        return bytes + text
    }
}
