// NumPyArray: a Float32 array read from or written to a `.npy` file. Inputs may be
// `f4`, `f8` or `f2` in either byte order (converted to Float32), C order; outputs are
// written `<f4`.

import Foundation

/// A C-ordered Float32 array with its shape, as read from a `.npy` file.
///
/// ```swift
/// let q = try NumPyArray.read(path: "q.npy", ranks: 2...4)
/// let bytes = NumPyArray(shape: [2, 3], values: [0, 1, 2, 3, 4, 5]).encoded()
/// ```
public struct NumPyArray: Sendable, Hashable {
    /// The dimensions, outermost first.
    public var shape: [Int]
    /// The values in C (row-major) order; `shape.reduce(1, *)` of them.
    public var values: [Float]

    /// Makes an array; `values.count` must be the product of `shape`.
    public init(shape: [Int], values: [Float]) {
        precondition(NumPyArray.elementCount(shape) == values.count, "the values do not fill the shape")
        self.shape = shape
        self.values = values
    }

    /// The number of elements of `shape`, or `nil` when the product overflows.
    public static func elementCount(_ shape: [Int]) -> Int? {
        var count = 1
        for dimension in shape {
            guard dimension >= 0 else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow else { return nil }
            count = product
        }
        return count
    }

    /// Decodes the bytes of a `.npy` file; `path` names it in errors.
    public static func decode(_ bytes: [UInt8], path: String, ranks: ClosedRange<Int>? = nil) throws(NumPyError) -> NumPyArray {
        try bytes.withUnsafeBytes { raw in
            Result { () throws(NumPyError) in try decode(raw, path: path, ranks: ranks) }
        }.get()
    }

    /// Decodes the bytes of a `.npy` file in memory; `path` names it in errors.
    static func decode(_ raw: UnsafeRawBufferPointer, path: String, ranks: ClosedRange<Int>?) throws(NumPyError) -> NumPyArray {
        // Only the header is copied out: the magic, the version, its length and its text.
        let headerEnd = min(raw.count, headerEnd(prefix: raw) ?? raw.count)
        let (header, offset) = try NumPyHeader.decode(Array(raw.prefix(headerEnd)), path: path)
        let (element, count) = try checkPayload(of: header, path: path, ranks: ranks, available: raw.count - offset)
        var outOfRange: (index: Int, value: Double)?
        let values = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            if let destination = buffer.baseAddress {
                outOfRange = element.convert(UnsafeRawBufferPointer(rebasing: raw[offset...]), count: count, into: destination)
                if outOfRange != nil { buffer.initialize(repeating: 0) }
            }
            initialized = count
        }
        if let outOfRange { throw NumPyError.outOfRange(path: path, index: outOfRange.index, value: outOfRange.value) }
        return NumPyArray(shape: header.shape, values: values)
    }

    /// The element type and count of a file with `header` and `available` bytes after it,
    /// or the error that names what was expected.
    static func checkPayload(of header: NumPyHeader, path: String, ranks: ClosedRange<Int>?,
                             available: Int) throws(NumPyError) -> (element: ElementType, count: Int) {
        guard let element = ElementType(descriptor: header.descriptor) else {
            throw NumPyError(path: path, "expected a float32, float64 or float16 array, found '\(header.descriptor)'")
        }
        guard !header.fortranOrder else {
            throw NumPyError(path: path, "expected a C-ordered (row-major) array, found Fortran order; save it with numpy.ascontiguousarray")
        }
        if let ranks, !ranks.contains(header.shape.count) {
            let allowed = ranks.count == 1 ? "\(ranks.lowerBound)" : ranks.map(String.init).dropLast().joined(separator: ", ") + " or \(ranks.upperBound)"
            throw NumPyError(path: path, "expected an array of rank \(allowed), found rank \(header.shape.count) (shape \(describe(header.shape)))")
        }
        guard let count = elementCount(header.shape), count.multipliedReportingOverflow(by: element.size).overflow == false else {
            throw NumPyError(path: path, "the shape \(describe(header.shape)) has more elements than can be addressed")
        }
        guard available == count * element.size else {
            let held = available / element.size
            let remainder = available % element.size == 0 ? "" : " and \(available % element.size) stray bytes"
            throw NumPyError(path: path, "the header says \(count) values (shape \(describe(header.shape))) but the file holds \(held)\(remainder)")
        }
        return (element, count)
    }

    /// Where the header of a file starting with `prefix` ends, when the prefix holds the
    /// magic, a known version and the header's length; otherwise `nil`.
    static func headerEnd(prefix: UnsafeRawBufferPointer) -> Int? {
        guard prefix.count >= 12, prefix.prefix(6).elementsEqual(NumPyHeader.magic), (1...3).contains(prefix[6]) else { return nil }
        let lengthBytes = prefix[6] == 1 ? 2 : 4
        let length = (0..<lengthBytes).reduce(0) { $0 | Int(prefix[8 + $1]) << (8 * $1) }
        return 8 + lengthBytes + length
    }

    /// The `.npy` bytes of this array, written as `<f4`.
    public func encoded() -> [UInt8] {
        let header = NumPyHeader(descriptor: "<f4", shape: shape).encoded()
        return [UInt8](unsafeUninitializedCapacity: header.count + 4 * values.count) { bytes, initialized in
            let raw = UnsafeMutableRawBufferPointer(bytes)
            raw.copyBytes(from: header)
            values.withUnsafeBufferPointer { values in
                for (index, value) in values.enumerated() {
                    raw.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: header.count + 4 * index, as: UInt32.self)
                }
            }
            initialized = header.count + 4 * values.count
        }
    }

    /// Calls `body` with the `.npy` bytes of this array (as ``encoded()`` gives them) in
    /// pieces — the header, then the values — so that a writer need not hold a copy of the
    /// whole file; on a big-endian machine the values are encoded first.
    public func withEncodedPieces(_ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        #if _endian(little)
        try NumPyHeader(descriptor: "<f4", shape: shape).encoded().withUnsafeBytes(body)
        try values.withUnsafeBytes(body)
        #else
        try encoded().withUnsafeBytes(body)
        #endif
    }

    /// A shape as NumPy prints it: `(2, 3)`, `(5,)`, `()`.
    public static func describe(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
}
