// ReservedTypeNames: the Swift type names a pattern's compiled type may not take — those
// Swift cannot declare, and those whose type would hide another that generated code, or the
// code that imports the pattern's module, names: a module or type of its own, or a type of
// Swift's standard library, Foundation or AttentionKernels.

/// The type names ruled out for patterns' compiled types, and why.
public enum ReservedTypeNames {
    /// Names that are identifiers but that Swift does not accept as a type's name.
    public static let undeclarable: Set<String> = ["Self", "Type", "Protocol", "Any", "Never"]

    /// What a type named `typeName` in module `module` (when known) would hide, or `nil`.
    ///
    /// A type of the module shadows the standard library's type of that name in every file
    /// that imports the module (`Int` would mean the pattern), and makes another imported
    /// module's type of that name ambiguous (`AttentionTensor`); a type named as its module
    /// stops `Module.Name` from naming the module's other types.
    public static func hidden(by typeName: String, module: String? = nil) -> String? {
        if typeName == module { return "its own module '\(typeName)'" }
        if let what = generatedCodeNames[typeName] { return what }
        if standardLibrary.contains(typeName) { return "Swift's '\(typeName)'" }
        if foundation.contains(typeName) { return "Foundation's '\(typeName)'" }
        if attentionKernelsTypes.contains(typeName) { return "AttentionKernels' '\(typeName)'" }
        return nil
    }

    /// The modules generated code names library types through (`BlockSparsePlanner.Box`,
    /// `Swift.Int64`), and the registry it declares.
    static let generatedCodeNames: [String: String] = [
        "Swift": "the module 'Swift' that generated kernels use",
        "AttentionKernels": "the module 'AttentionKernels' that generated kernels use",
        "BlockSparsePlanner": "the module 'BlockSparsePlanner' that generated kernels use",
        "PatternLanguage": "the module 'PatternLanguage' that generated kernels use",
        "CompiledPatterns": "the registry 'CompiledPatterns' that generated kernels use",
    ]

    /// The standard library's types and protocols that code commonly writes by name.
    static let standardLibrary: Set<String> = [
        "Int", "Int8", "Int16", "Int32", "Int64", "Int128", "UInt", "UInt8", "UInt16", "UInt32", "UInt64", "UInt128",
        "Float", "Float16", "Float32", "Float64", "Float80", "Double", "Bool", "String", "Substring", "Character",
        "Unicode", "StaticString", "Array", "ArraySlice", "ContiguousArray", "Dictionary", "Set", "Optional", "Result",
        "Error", "Void", "Range", "ClosedRange", "Sequence", "Collection", "IteratorProtocol", "Equatable", "Hashable",
        "Comparable", "Codable", "Encodable", "Decodable", "Sendable", "Identifiable", "CustomStringConvertible",
        "Numeric", "BinaryInteger", "FixedWidthInteger", "SignedInteger", "UnsignedInteger", "FloatingPoint",
        "BinaryFloatingPoint", "SIMD", "SIMD2", "SIMD3", "SIMD4", "SIMD8", "SIMD16", "SIMD32", "SIMD64",
        "UnsafePointer", "UnsafeMutablePointer", "UnsafeBufferPointer", "UnsafeMutableBufferPointer",
        "UnsafeRawPointer", "UnsafeMutableRawPointer", "UnsafeRawBufferPointer", "UnsafeMutableRawBufferPointer",
        "AnyHashable", "AnyObject", "Hasher", "KeyPath", "Mirror", "Task", "Actor", "MainActor", "Duration", "Clock",
        "ContinuousClock", "Span", "InlineArray", "Stride",
    ]

    /// Foundation's, Dispatch's and the test libraries' names that code commonly writes.
    static let foundation: Set<String> = [
        "Foundation", "Data", "Date", "URL", "UUID", "Decimal", "FileManager", "ProcessInfo", "JSONEncoder",
        "JSONDecoder", "Dispatch", "DispatchQueue", "Testing", "XCTest",
    ]

    /// The public types of AttentionKernels, which code calling a generated kernel imports
    /// (`ReservedTypeNamesTests` checks the list against its sources). The types of
    /// BlockSparsePlanner and PatternLanguage are not reserved: generated code names them with
    /// their module, and code that imports one of those as well gets a clear "ambiguous" error
    /// that the module's name resolves.
    static let attentionKernelsTypes: Set<String> = [
        "AttentionResult", "AttentionShape", "AttentionShapeError", "AttentionTensor", "BlockSparseInterpreter",
        "ColumnRanges", "ColumnSpan", "CompiledAttention", "CompiledExecution", "CompiledPattern", "CompiledWorkspace",
        "DenseFlashAttention", "KernelBuild", "KernelInstructions", "MaskDependence", "MaskResidual", "MatrixMultiply",
        "MultiplyAddPeak", "RandomDraws", "RecycledBuffers", "ReferenceAttention", "ResiduePermutation", "SharedMaskCache", "WorkQueue",
    ]
}
