// EntryPoint: SwiftPM links an executable with `main` aliased to `<Module>_main`; under
// `-parse-as-library` nothing defines that, so we define it and hand over to libFuzzer's
// driver, which then calls `LLVMFuzzerTestOneInput` for each input.

@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("NumPyFuzzer_main")
func numPyFuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments, fuzzNumPy)
}
