// Robustness of the `.npy` reader: thousands of mutations and truncations of valid files
// must each be read or rejected with an error naming the file — never a crash or a hang —
// and the file reader must give what decoding the same bytes gives.

import Foundation
import Testing
import NumPyFormat

@Suite struct NumPyRobustnessTests {
    @Test func mutatedFilesAreReadOrRejected() {
        let seeds = [
            NumPyArray(shape: [2, 3], values: [1, 2, 3, 4, 5, 6]).encoded(),
            NumPyArray(shape: [1, 1, 2, 2], values: [0, -1, .infinity, 3]).encoded(),
            NumPyHeader(descriptor: "<f2", shape: [3]).encoded() + [0, 60, 0, 188, 255, 123],
            NumPyHeader(descriptor: "<f8", shape: [1]).encoded() + [UInt8](repeating: 7, count: 8),
        ]
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ bound: Int) -> Int {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Int(state % UInt64(bound))
        }
        let interesting: [UInt8] = Array("0123456789(),: '\"{}<>|fiTrueFalse-L\n".utf8) + [0, 0x80, 0xFF]
        var (read, rejected) = (0, 0)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("npy-robustness-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("m.npy").path
        for round in 0..<3000 {
            var bytes = seeds[round % seeds.count]
            for _ in 0...next(4) {
                guard !bytes.isEmpty else { break }
                switch next(4) {
                case 0: bytes[next(bytes.count)] = UInt8(truncatingIfNeeded: next(256))
                case 1: bytes[next(bytes.count)] = interesting[next(interesting.count)]
                case 2: bytes.removeLast(next(bytes.count) + 1)
                default: bytes.insert(interesting[next(interesting.count)], at: next(bytes.count))
                }
            }
            let decoded = Result { () throws(NumPyError) in try NumPyArray.decode(bytes, path: path) }
            switch decoded {
            case .success(let array):
                #expect(array.values.count == array.shape.reduce(1, *))
                read += 1
            case .failure(let error):
                #expect(error.description.hasPrefix(path + ": "))
                rejected += 1
            }
            // Every tenth file also from disk: the file reader agrees with the decoder.
            if round % 10 == 0 {
                #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
                #expect(NumPyReaderTests.same(Result { () throws(NumPyError) in try NumPyArray.read(path: path) }, decoded), "round \(round)")
            }
        }
        #expect(read > 0 && rejected > 0)
    }
}
