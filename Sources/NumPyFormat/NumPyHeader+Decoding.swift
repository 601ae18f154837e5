// NumPyHeader+Decoding: reading the header of a `.npy` file (versions 1, 2 and 3) — the
// magic, the version, the header length and the Python dictionary literal.

extension NumPyHeader {
    /// Decodes the header at the start of `bytes`; returns it with the offset at which the
    /// data starts. Every malformed header is an error naming `path`.
    public static func decode(_ bytes: [UInt8], path: String) throws(NumPyError) -> (header: NumPyHeader, dataOffset: Int) {
        guard bytes.count >= 6, Array(bytes[0..<6]) == magic else {
            throw NumPyError(path: path, bytes.isEmpty ? "the file is empty; expected a NumPy .npy file"
                                                      : "not a NumPy .npy file (it does not start with '\\x93NUMPY')")
        }
        guard bytes.count >= 8 else { throw NumPyError(path: path, "the file is truncated inside its header") }
        let major = bytes[6]
        guard (1...3).contains(major) else {
            throw NumPyError(path: path, "unsupported .npy format version \(major).\(bytes[7]); expected 1.0, 2.0 or 3.0")
        }
        let lengthBytes = major == 1 ? 2 : 4
        guard bytes.count >= 8 + lengthBytes else { throw NumPyError(path: path, "the file is truncated inside its header") }
        var headerLength = 0
        for index in 0..<lengthBytes { headerLength |= Int(bytes[8 + index]) << (8 * index) }
        let start = 8 + lengthBytes
        guard bytes.count - start >= headerLength else {
            throw NumPyError(path: path, "the header says it is \(headerLength) bytes long but the file ends after \(bytes.count - start)")
        }
        let headerBytes = bytes[start..<start + headerLength]
        if major < 3, headerBytes.contains(where: { $0 >= 0x80 }) {
            throw NumPyError(path: path, "the header of a version \(major) file must be ASCII (version 3 allows UTF-8)")
        }
        guard let text = String(validating: headerBytes, as: UTF8.self) else {
            throw NumPyError(path: path, "the header is not valid UTF-8")
        }
        var parser = HeaderDictionaryParser(text: text, path: path)
        let header = try parser.parse()
        return (header, start + headerLength)
    }
}
