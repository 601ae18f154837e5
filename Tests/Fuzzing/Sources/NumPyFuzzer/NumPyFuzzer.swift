// NumPyFuzzer: libFuzzer entry point for the `.npy` reader. Any bytes must decode to an
// array whose values fill its shape, or to a NumPyError naming the file — never a crash,
// a hang or an allocation the header merely claims.

import NumPyFormat

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNumPy(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: count))
    do {
        let array = try NumPyArray.decode(bytes, path: "fuzz.npy")
        precondition(NumPyArray.elementCount(array.shape) == array.values.count, "values do not fill the shape")
        // What we write, we read back the same.
        let again = try NumPyArray.decode(array.encoded(), path: "again.npy")
        precondition(again.shape == array.shape && zip(again.values, array.values).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
    } catch {
        precondition(error.description.contains("fuzz.npy"), "an error that does not name the file: \(error)")
    }
    return 0
}
