// Format: numbers for people — thousands separators, percentages, bytes, durations —
// without Foundation's locale-dependent formatters, so output is the same everywhere.

enum Format {
    /// `1234567` → `1,234,567`.
    static func integer(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result += "," }
            result.append(digit)
        }
        return (value < 0 ? "-" : "") + result
    }

    /// A number with `places` decimals.
    static func decimal(_ value: Double, _ places: Int) -> String {
        guard value.isFinite else { return String(value) }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let rounded = (abs(value) * scale).rounded()
        let whole = Int(rounded / scale)
        let fraction = Int(rounded - Double(whole) * scale)
        let sign = value < 0 && rounded > 0 ? "-" : ""
        guard places > 0 else { return sign + String(whole) }
        let digits = String(fraction)
        return sign + String(whole) + "." + String(repeating: "0", count: places - digits.count) + digits
    }

    /// A fraction as a percentage with enough decimals to show small densities.
    static func percent(_ fraction: Double) -> String {
        let value = fraction * 100
        return decimal(value, value != 0 && value < 1 ? 3 : 1) + " %"
    }

    /// `1.5 G`, `320.0 M`: a count with an SI prefix.
    static func scaled(_ value: Double) -> String {
        for (limit, suffix) in [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")] where value >= limit {
            return decimal(value / limit, 2) + " " + suffix
        }
        return decimal(value, 0)
    }

    /// Bytes in KiB, MiB or GiB.
    static func bytes(_ count: Int) -> String {
        let value = Double(count)
        for (limit, suffix) in [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")] where count >= limit {
            return decimal(value / Double(limit), 1) + " " + suffix
        }
        return "\(count) B"
    }

    /// Seconds as milliseconds.
    static func milliseconds(_ seconds: Double) -> String { decimal(seconds * 1000, 2) + " ms" }
}
