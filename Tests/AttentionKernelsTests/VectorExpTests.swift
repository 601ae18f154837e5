// Tests of the vectorised exp: accuracy against the libm exp over the range softmax uses,
// and the edge cases −∞, large negative inputs and large positive inputs.

import AttentionKernels
import Foundation
import Testing

@Suite struct VectorExpTests {
    @Test func accurateToAFewUlps() {
        var worst: Float = 0
        var x: Float = -87
        while x < 88 {
            let lanes = SIMD8<Float>((0..<8).map { x + Float($0) * 0.0123 })
            let result = lanes.exponential()
            for lane in 0..<8 {
                let exact = Foundation.exp(Double(lanes[lane]))
                let ulp = Double(Float(exact).ulp)
                worst = max(worst, Float(abs(Double(result[lane]) - exact) / ulp))
            }
            x += 0.173
        }
        #expect(worst <= 3, "worst error \(worst) ulp")
    }

    @Test func edgeCases() {
        let inputs = SIMD8<Float>(-.infinity, -1000, -100, -87.5, 0, -0.0, 100, .infinity)
        let result = inputs.exponential()
        #expect(result == SIMD8<Float>(0, 0, 0, 0, 1, 1, .infinity, .infinity))
        #expect(SIMD8<Float>(repeating: -Float.greatestFiniteMagnitude).exponential() == SIMD8<Float>())
    }
}
