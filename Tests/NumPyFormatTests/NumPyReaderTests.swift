// Tests of the `.npy` reader and writer: round trips, every dtype and version, and an
// error naming the file for every malformed, truncated, mistyped or misshapen input.

import Foundation
import Testing
import NumPyFormat

@Suite struct NumPyReaderTests {
    /// A `.npy` file with a version, a raw dictionary text and data bytes.
    func file(version: UInt8 = 1, dictionary: String, data: [UInt8]) -> [UInt8] {
        var text = Array(dictionary.utf8)
        let prefix = version == 1 ? 10 : 12
        text += [UInt8](repeating: UInt8(ascii: " "), count: (64 - (prefix + text.count + 1) % 64) % 64) + [UInt8(ascii: "\n")]
        var bytes = NumPyHeader.magic + [version, 0]
        if version == 1 {
            bytes += [UInt8(text.count & 0xFF), UInt8(text.count >> 8)]
        } else {
            bytes += (0..<4).map { UInt8((text.count >> (8 * $0)) & 0xFF) }
        }
        return bytes + text + data
    }

    func dictionary(_ descr: String, _ shape: String, fortran: String = "False") -> String {
        "{'descr': '\(descr)', 'fortran_order': \(fortran), 'shape': \(shape), }"
    }

    func bytes<T>(_ values: [T]) -> [UInt8] { values.withUnsafeBytes { Array($0) } }

    /// The values' bytes most significant first, as NumPy writes a `>` dtype.
    func bigEndianBytes<T>(_ values: [T]) -> [UInt8] {
        values.flatMap { value in withUnsafeBytes(of: value) { Array($0.reversed()) } }
    }

    func message(_ bytes: [UInt8], ranks: ClosedRange<Int>? = nil) -> String {
        do {
            _ = try NumPyArray.decode(bytes, path: "q.npy", ranks: ranks)
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test func roundTripsThroughTheWriter() throws {
        let array = NumPyArray(shape: [2, 3], values: [0, 1.5, -2, .infinity, 1e-30, 7])
        let decoded = try NumPyArray.decode(array.encoded(), path: "a.npy")
        #expect(decoded == array)
        let scalar = NumPyArray(shape: [4], values: [1, 2, 3, 4])
        #expect(try NumPyArray.decode(scalar.encoded(), path: "a.npy") == scalar)
    }

    @Test func theWritersPiecesAreTheEncodedBytes() {
        for array in [NumPyArray(shape: [2, 3], values: [0, 1.5, -2, .infinity, .nan, 7]), NumPyArray(shape: [0], values: []),
                      NumPyArray(shape: [], values: [4])] {
            var pieces: [UInt8] = []
            array.withEncodedPieces { pieces += $0 }
            #expect(pieces == array.encoded(), "shape \(array.shape)")
        }
    }

    @Test func longHeadersAreWrittenAsVersion2() throws {
        // A dictionary over 65,535 bytes does not fit version 1's 2-byte length.
        let array = NumPyArray(shape: [Int](repeating: 1, count: 25_000) + [2], values: [3, 4])
        let bytes = array.encoded()
        #expect(bytes[6] == 2 && bytes[7] == 0)
        #expect(try NumPyArray.decode(bytes, path: "long.npy") == array)
    }

    @Test(arguments: [UInt8(1), 2, 3])
    func readsEveryVersion(version: UInt8) throws {
        let data = bytes([Float(1), 2, 3, 4, 5, 6])
        let array = try NumPyArray.decode(file(version: version, dictionary: dictionary("<f4", "(3, 2)"), data: data), path: "a.npy")
        #expect(array.shape == [3, 2] && array.values == [1, 2, 3, 4, 5, 6])
    }

    @Test func convertsFloat64AndFloat16() throws {
        // Infinities and NaN convert to themselves; the largest float64 values that round
        // to Float32's largest magnitude are kept.
        let largest = Double(Float.greatestFiniteMagnitude)
        let edges = [1.0, -0.25, .infinity, -.infinity, largest, -largest, largest.nextUp]
        let doubles = try NumPyArray.decode(file(dictionary: dictionary("<f8", "(8,)"), data: bytes(edges + [.nan])), path: "d.npy")
        #expect(doubles.values.dropLast() == [1, -0.25, .infinity, -.infinity, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .greatestFiniteMagnitude])
        #expect(doubles.values.last!.isNaN)
        // 1.0, -2.0, 65504 (largest half), a subnormal, +inf
        let halves: [UInt16] = [0x3C00, 0xC000, 0x7BFF, 0x0001, 0x7C00]
        let half = try NumPyArray.decode(file(dictionary: "{\"descr\": \"<f2\", \"shape\": (5,), \"fortran_order\": False}", data: bytes(halves)), path: "h.npy")
        #expect(half.values == [1, -2, 65504, 0x1p-24, .infinity])
    }

    @Test func readsBigEndianArrays() throws {
        // As `numpy.save` writes `astype('>f4')` and friends: the same values, bytes reversed.
        let values: [Float] = [1, -2.5, 65504, .infinity, 0x1p-140, 3.25]
        let floats = try NumPyArray.decode(file(dictionary: dictionary(">f4", "(2, 3)"), data: bigEndianBytes(values)), path: "b.npy")
        #expect(floats.shape == [2, 3] && floats.values == values)
        let doubles = try NumPyArray.decode(file(dictionary: dictionary(">f8", "(6,)"), data: bigEndianBytes(values.map(Double.init))), path: "b.npy")
        #expect(doubles.values == values)
        let halves = try NumPyArray.decode(file(dictionary: dictionary(">f2", "(3,)"), data: bigEndianBytes([UInt16(0x3C00), 0xC100, 0x7C00])), path: "b.npy")
        #expect(halves.values == [1, -2.5, .infinity])
        // The range check reads the value, not its reversed bytes.
        #expect(message(file(dictionary: dictionary(">f8", "(2,)"), data: bigEndianBytes([1.0, 1e300])))
            == "q.npy: value 1e+300 at index 1 does not fit in float32 (its largest magnitude is about 3.4e38)")
    }

    @Test func float64ValuesBeyondFloat32AreErrors() {
        for (values, index, shown) in [([1.0, 2, 1e300, -1e300], 2, "1e+300"), ([0, -1e39], 1, "-1e+39"),
                                      ([Double.infinity, .nan, 0, -Double.greatestFiniteMagnitude], 3, "-1.7976931348623157e+308")] {
            let bytes = file(dictionary: dictionary("<f8", "(\(values.count),)"), data: bytes(values))
            #expect(message(bytes) == "q.npy: value \(shown) at index \(index) does not fit in float32 (its largest magnitude is about 3.4e38)")
        }
    }

    @Test func acceptsEmptyAndScalarShapes() throws {
        #expect(try NumPyArray.decode(file(dictionary: dictionary("<f4", "(0, 4)"), data: []), path: "e.npy").values.isEmpty)
        #expect(try NumPyArray.decode(file(dictionary: dictionary("<f4", "()"), data: bytes([Float(3)])), path: "s.npy").values == [3])
    }

    @Test(arguments: [
        ("<i4", "q.npy: expected a float32, float64 or float16 array, found '<i4'"),
        (">i4", "q.npy: expected a float32, float64 or float16 array, found '>i4'"),
        ("|b1", "q.npy: expected a float32, float64 or float16 array, found '|b1'"),
        ("<c8", "q.npy: expected a float32, float64 or float16 array, found '<c8'"),
    ])
    func wrongDtypeIsAnError(descr: String, expected: String) {
        #expect(message(file(dictionary: dictionary(descr, "(2,)"), data: [UInt8](repeating: 0, count: 8))) == expected)
    }

    @Test func fortranOrderIsAnError() {
        #expect(message(file(dictionary: dictionary("<f4", "(2, 2)", fortran: "True"), data: bytes([Float](repeating: 0, count: 4))))
                    .hasPrefix("q.npy: expected a C-ordered (row-major) array, found Fortran order"))
    }

    @Test func wrongRankIsAnError() {
        let data = file(dictionary: dictionary("<f4", "(5,)"), data: bytes([Float](repeating: 0, count: 5)))
        #expect(message(data, ranks: 2...4) == "q.npy: expected an array of rank 2, 3 or 4, found rank 1 (shape (5,))")
        #expect(message(data, ranks: 2...2) == "q.npy: expected an array of rank 2, found rank 1 (shape (5,))")
        #expect(message(data, ranks: 1...1) == "no error")
    }

    @Test func truncatedOrOverlongDataIsAnError() {
        let short = file(dictionary: dictionary("<f4", "(64, 64)"), data: bytes([Float](repeating: 0, count: 100)))
        #expect(message(short) == "q.npy: the header says 4096 values (shape (64, 64)) but the file holds 100")
        let stray = file(dictionary: dictionary("<f4", "(2,)"), data: [0, 0, 0, 0, 0, 0])
        #expect(message(stray) == "q.npy: the header says 2 values (shape (2,)) but the file holds 1 and 2 stray bytes")
        let long = file(dictionary: dictionary("<f8", "(1,)"), data: [UInt8](repeating: 0, count: 16))
        #expect(message(long) == "q.npy: the header says 1 values (shape (1,)) but the file holds 2")
    }

    @Test func overflowingShapeIsAnError() {
        let huge = file(dictionary: dictionary("<f4", "(4294967296, 4294967296)"), data: [])
        #expect(message(huge) == "q.npy: the shape (4294967296, 4294967296) has more elements than can be addressed")
        let itemOverflow = file(dictionary: dictionary("<f8", "(2305843009213693952,)"), data: [])
        #expect(message(itemOverflow).contains("more elements than can be addressed"))
        let digits = file(dictionary: dictionary("<f4", "(99999999999999999999999,)"), data: [])
        #expect(message(digits) == "q.npy: malformed header: the dimension 99999999999999999999999 is too large")
    }

    static let magic: [UInt8] = NumPyHeader.magic
    static let malformedPrefixes: [([UInt8], String)] = [
        ([], "q.npy: the file is empty; expected a NumPy .npy file"),
        (Array("hello world".utf8), "q.npy: not a NumPy .npy file (it does not start with '\\x93NUMPY')"),
        (magic, "q.npy: the file is truncated inside its header"),
        (magic + [1, 0, 5], "q.npy: the file is truncated inside its header"),
        (magic + [4, 0, 0, 0], "q.npy: unsupported .npy format version 4.0; expected 1.0, 2.0 or 3.0"),
        (magic + [1, 0, 200, 0] + Array("{'descr'".utf8), "q.npy: the header says it is 200 bytes long but the file ends after 8"),
    ]

    @Test(arguments: malformedPrefixes)
    func malformedPrefixIsAnError(bytes: [UInt8], expected: String) {
        #expect(message(bytes) == expected)
    }

    @Test(arguments: [
        ("{'descr': '<f4', 'shape': (2,)}", "malformed header: the header has no 'fortran_order'"),
        ("{'fortran_order': False, 'shape': (2,)}", "malformed header: the header has no 'descr' (the element type)"),
        ("{'descr': '<f4', 'fortran_order': False}", "malformed header: the header has no 'shape'"),
        ("{'descr': '<f4', 'fortran_order': Nope, 'shape': (2,)}", "malformed header: 'fortran_order' must be True or False"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -1)}", "malformed header: 'shape' must be a tuple of non-negative integers"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'extra': 1}", "malformed header: unexpected key 'extra' in the header; expected 'descr', 'fortran_order' and 'shape'"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (2,)} x", "malformed header: unexpected text after the header dictionary"),
        ("['descr']", "malformed header: expected '{' at character 1, found '['"),
        ("{'descr: '<f4'", "malformed header: expected ':' at character 11, found '<'"),
        ("{'descr': '<f4", "malformed header: unterminated string"),
        ("{descr: 1}", "malformed header: expected a quoted string at character 2"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (2 3)}", "malformed header: expected ')' at character 54, found '3'"),
    ])
    func malformedDictionaryIsAnError(dictionary: String, expected: String) {
        #expect(message(file(dictionary: dictionary, data: [0, 0, 0, 0, 0, 0, 0, 0])) == "q.npy: " + expected)
    }

    @Test func nonASCIIHeaderNeedsVersion3() throws {
        let text = "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'é': 1}"
        #expect(message(file(version: 1, dictionary: text, data: [0, 0, 0, 0])) == "q.npy: the header of a version 1 file must be ASCII (version 3 allows UTF-8)")
        #expect(message(file(version: 3, dictionary: text, data: [0, 0, 0, 0])).hasPrefix("q.npy: malformed header: unexpected key 'é'"))
        var invalid = file(version: 3, dictionary: dictionary("<f4", "(1,)"), data: [0, 0, 0, 0])
        invalid[14] = 0xFF
        #expect(message(invalid) == "q.npy: the header is not valid UTF-8")
    }

    /// Whether two reads gave the same error, or arrays of the same shape and bits (NaN included).
    static func same(_ a: Result<NumPyArray, NumPyError>, _ b: Result<NumPyArray, NumPyError>) -> Bool {
        switch (a, b) {
        case (.failure(let x), .failure(let y)): return x == y
        case (.success(let x), .success(let y)): return x.shape == y.shape && x.values.map(\.bitPattern) == y.values.map(\.bitPattern)
        default: return false
        }
    }

    @Test func readingAFileGivesWhatDecodingItsBytesGives() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("npy-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("q.npy").path
        // Values over several of the reader's one-megabyte chunks, in every dtype.
        let many = (0..<300_000).map { Double($0 % 977) * 0.25 - 100 }
        var files = Self.malformedPrefixes.map(\.0) + [
            file(dictionary: dictionary("<f8", "(300000,)"), data: bytes(many)),
            file(dictionary: dictionary("<f4", "(3, 100000)"), data: bytes(many.map(Float.init))),
            file(version: 2, dictionary: dictionary("<f2", "(600000,)"), data: bytes((0..<600_000).map { UInt16(truncatingIfNeeded: $0 &* 7919) & 0xFBFF })),
            file(dictionary: dictionary("<f4", "(64, 64)"), data: bytes([Float](repeating: 0, count: 100))),
            file(dictionary: dictionary("<f8", "(1,)"), data: [UInt8](repeating: 0, count: 16)),
            // A value beyond Float32 in the second one-megabyte chunk, and one in the first.
            file(dictionary: dictionary("<f8", "(300000,)"), data: bytes(many.enumerated().map { $0.offset == 200_017 ? -1e300 : $0.element })),
            file(dictionary: dictionary("<f8", "(2, 2)"), data: bytes([0, .nan, 1e40, .infinity])),
            file(dictionary: dictionary("<i4", "(2,)"), data: [UInt8](repeating: 0, count: 8)),
            file(dictionary: dictionary("<f4", "(0, 4)"), data: []),
            file(dictionary: dictionary(">f4", "(3, 100000)"), data: bigEndianBytes(many.map(Float.init))),
            file(dictionary: dictionary(">f8", "(300000,)"), data: bigEndianBytes(many)),
            file(dictionary: dictionary("<f4", "(5,)"), data: bytes([Float](repeating: 1, count: 5))),
        ]
        files.append(Array(files[files.count - 2].prefix(20)))
        for (index, bytes) in files.enumerated() {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            for ranks in [nil, 2...4] as [ClosedRange<Int>?] {
                let decoded = Result { () throws(NumPyError) in try NumPyArray.decode(bytes, path: path, ranks: ranks) }
                let read = Result { () throws(NumPyError) in try NumPyArray.read(path: path, ranks: ranks) }
                #expect(Self.same(read, decoded), "file \(index), ranks \(String(describing: ranks))")
            }
        }
        // The value beyond Float32 in the second chunk is named with its flat index.
        try Data(files[Self.malformedPrefixes.count + 5]).write(to: URL(fileURLWithPath: path))
        #expect(throws: NumPyError(path: path, "value -1e+300 at index 200017 does not fit in float32 (its largest magnitude is about 3.4e38)")) {
            try NumPyArray.read(path: path)
        }
        // A pipe has no size: it is read to its end and decoded.
        let array = NumPyArray(shape: [2, 2], values: [1, 2, 3, 4])
        let pipe = Pipe()
        pipe.fileHandleForWriting.write(Data(array.encoded()))
        try pipe.fileHandleForWriting.close()
        #expect(try NumPyArray.read(path: "/dev/fd/\(pipe.fileHandleForReading.fileDescriptor)") == array)
    }

    @Test func readingFromDiskNamesTheFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("npy-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("k.npy").path
        let array = NumPyArray(shape: [1, 2, 3], values: [1, 2, 3, 4, 5, 6])
        try Data(array.encoded()).write(to: URL(fileURLWithPath: path))
        #expect(try NumPyArray.read(path: path, ranks: 2...4) == array)
        #expect(throws: NumPyError(path: folder.path + "/none.npy", "no such file")) { try NumPyArray.read(path: folder.path + "/none.npy") }
        #expect(throws: NumPyError(path: folder.path, "is a directory, not a .npy file")) { try NumPyArray.read(path: folder.path) }
    }
}
