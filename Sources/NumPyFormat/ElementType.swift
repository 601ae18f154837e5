// ElementType: the floating-point dtypes a `.npy` input may hold, and their conversion
// to Float32.

/// A little-endian floating-point element type of a `.npy` file.
enum ElementType {
    case float32, float64, float16

    /// Recognises `<f4`, `<f8`, `<f2` (and `=` for native order, little-endian here).
    init?(descriptor: String) {
        guard descriptor.count == 3, descriptor.first == "<" || descriptor.first == "=" else { return nil }
        switch descriptor.dropFirst() {
        case "f4": self = .float32
        case "f8": self = .float64
        case "f2": self = .float16
        default: return nil
        }
    }

    /// Bytes per element.
    var size: Int {
        switch self {
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
        switch self {
        case .float32:
            #if _endian(little)
            UnsafeMutableRawPointer(destination).copyMemory(from: raw.baseAddress!, byteCount: count * 4)
            #else
            for index in 0..<count {
                destination[index] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self)))
            }
            #endif
        case .float64:
            for index in 0..<count {
                let value = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * index, as: UInt64.self)))
                let converted = Float(value)
                if converted.isInfinite && value.isFinite { return (index, value) }
                destination[index] = converted
            }
        case .float16:
            for index in 0..<count {
                destination[index] = ElementType.halfToFloat(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * index, as: UInt16.self)))
            }
        }
        return nil
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
