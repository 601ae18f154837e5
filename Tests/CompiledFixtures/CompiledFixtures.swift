// CompiledFixtures: pattern files compiled by the plugin for the generated-kernel tests —
// random well-typed patterns over the whole grammar and hand-written edge cases. The
// generated types and the `CompiledPatterns` registry are this module's API.
