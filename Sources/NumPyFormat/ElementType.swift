// ElementType: the floating-point dtypes a `.npy` input may hold, in either byte order, and
// their conversion to Float32.

/// A floating-point element type of a `.npy` file: its width and byte order.
struct ElementType {
    /// The three widths read.
    enum Width { case float32, float64, float16 }

    /// The element's width.
    let width: Width
    /// Whether the file stores it most significant byte first (`>`).
    let isBigEndian: Bool

    /// Recognises `f4`, `f8` and `f2` after `<` (little-endian), `>` (big-endian) or `=`
    /// (native order, little-endian here).
    init?(descriptor: String) {
        guard descriptor.count == 3, let order = descriptor.first, "<>=".contains(order) else { return nil }
        switch descriptor.dropFirst() {
        case "f4": width = .float32
        case "f8": width = .float64
        case "f2": width = .float16
        default: return nil
        }
        #if _endian(little)
        isBigEndian = order == ">"
        #else
        isBigEndian = order != "<"
        #endif
    }

    /// Bytes per element.
    var size: Int {
        switch width {
        case .float32: 4
        case .float64: 8
        case .float16: 2
        }
    }

    /// Converts the first `count` elements of `raw` to Float32 into `destination`; returns
    /// the first element that does not fit in Float32 (a finite float64 value that would
    /// become infinite), with its index, or `nil` when all fit. NaN and infinities convert
    /// to themselves.
    func convert(_ raw: UnsafeRawBufferPointer, count: Int, into destination: UnsafeMutablePointer<Float>) -> (index: Int, value: Double)? {
        precondition(raw.count >= count * size, "fewer bytes than elements")
        guard count > 0 else { return nil }
        switch width {
        case .float32:
            #if _endian(little)
            if !isBigEndian {
                UnsafeMutableRawPointer(destination).copyMemory(from: raw.baseAddress!, byteCount: count * 4)
                return nil
            }
            #endif
            for index in 0..<count {
                destination[index] = Float(bitPattern: ordered(raw.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self)))
            }
        case .float64:
            for index in 0..<count {
                let value = Double(bitPattern: ordered(raw.loadUnaligned(fromByteOffset: 8 * index, as: UInt64.self)))
                let converted = Float(value)
                if converted.isInfinite && value.isFinite { return (index, value) }
                destination[index] = converted
            }
        case .float16:
            for index in 0..<count {
                destination[index] = ElementType.halfToFloat(ordered(raw.loadUnaligned(fromByteOffset: 2 * index, as: UInt16.self)))
            }
        }
        return nil
    }

    /// `stored`, the bytes of one element as the file holds them, in this machine's order.
    @inline(__always)
    private func ordered<Bits: FixedWidthInteger>(_ stored: Bits) -> Bits {
        isBigEndian ? Bits(bigEndian: stored) : Bits(littleEndian: stored)
    }

    /// IEEE 754 binary16 to binary32, exactly (subnormals, infinities and NaN included).
    static func halfToFloat(_ bits: UInt16) -> Float {
        let sign: Float = bits & 0x8000 != 0 ? -1 : 1
        let exponent = Int(bits >> 10 & 0x1F)
        let fraction = Float(bits & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24
        case 31: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}
