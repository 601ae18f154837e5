// Tests of the vectorised e^x and 2^x: accuracy against libm over the range softmax uses,
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
        let nonPositive = SIMD8<Float>(-.infinity, -1000, -100, -87.5, -87.3, -1e-30, -0.0, 0).exponentialOfNonPositive()
        #expect((0..<4).allSatisfy { nonPositive[$0] == 0 } && nonPositive[5] == 1 && nonPositive[6] == 1 && nonPositive[7] == 1)
        #expect(abs(nonPositive[4] / Float(Foundation.exp(Double(Float(-87.3)))) - 1) < 1e-6)
    }

    @Test func nonPositiveVariantAgreesWithTheClampedOne() {
        var x: Float = -87.3
        while x <= 0 {
            let lanes = SIMD8<Float>((0..<8).map { min(0, x + Float($0) * 0.01) })
            #expect(lanes.exponentialOfNonPositive() == lanes.exponential())
            x += 0.37
        }
    }

    @Test func powerOfTwoIsAccurateOverTheSoftmaxRange() {
        var worst = 0.0
        var x: Float = -125.9
        while x <= 0 {
            let lanes = SIMD8<Float>((0..<8).map { min(0, x + Float($0) * 0.0123) })
            let result = lanes.exp2OfNonPositive()
            for lane in 0..<8 {
                let exact = Foundation.exp2(Double(lanes[lane]))
                worst = max(worst, abs(Double(result[lane]) - exact) / exact)
            }
            x += 0.0731
        }
        #expect(worst <= 2.5e-7, "worst relative error \(worst)")
    }

    @Test func powerOfTwoIsExactOnIntegersAndFlushesBelowTheNormalRange() {
        for n in 0...126 {
            let result = SIMD8<Float>(repeating: -Float(n)).exp2OfNonPositive()
            #expect(result == SIMD8(repeating: Float(sign: .plus, exponent: -n, significand: 1)), "2^-\(n)")
        }
        let edges = SIMD8<Float>(-.infinity, -1000, -126.5, -127, -1e-30, -0.0, 0, -0.5).exp2OfNonPositive()
        #expect(edges[0] == 0 && edges[1] == 0 && edges[2] == 0 && edges[3] == 0)
        #expect(edges[4] == 1 && edges[5] == 1 && edges[6] == 1)
        #expect(abs(Double(edges[7]) - 0.5.squareRoot()) < 1e-7)
    }
}
