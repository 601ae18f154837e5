// MatrixMultiply: a plain register-blocked SIMD float32 matrix product on the same tile
// kernel as Q·Kᵀ — the yardstick of what this machine and build can compute per second.

import Dispatch
import Foundation

/// `C = A · B` for row-major Float32 matrices, and a timed run of 64×64×64 tile
/// products to measure the machine's rate.
///
/// ```swift
/// let c = MatrixMultiply.multiply(a, b, m: 64, n: 64, k: 64)
/// let gflops = MatrixMultiply.measureRate(threadCount: 2)
/// ```
public enum MatrixMultiply {
    /// `C[m × n] = A[m × k] · B[k × n]`; `n` must be a multiple of 8.
    public static func multiply(_ a: [Float], _ b: [Float], m: Int, n: Int, k: Int) -> [Float] {
        precondition(a.count == m * k && b.count == k * n && n % 8 == 0, "A is m×k, B is k×n, n a multiple of 8")
        var c = [Float](repeating: 0, count: m * n)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    var column = 0
                    while column < n {
                        let width = min(64, n - column)
                        TileKernels.scores(query: a.baseAddress!, rows: m, depth: k, keys: b.baseAddress! + column, keyStride: n,
                                           columns: width, scale: 1, into: c.baseAddress! + column, scoreStride: n)
                        column += width
                    }
                }
            }
        }
        return c
    }

    /// The rate of 64×64 by 64×64 tile products run over and over on each of `threadCount`
    /// threads for about `seconds`, in GFLOP/s (2 · 64³ floating-point operations each).
    public static func measureRate(threadCount: Int, seconds: Double = 0.3) -> Double {
        let size = 64
        let (products, elapsed) = RepeatedWork.run(threadCount: threadCount, seconds: seconds) { thread, deadline in
            let a = UnsafeMutablePointer<Float>.allocate(capacity: size * size)
            let b = UnsafeMutablePointer<Float>.allocate(capacity: size * size)
            let c = UnsafeMutablePointer<Float>.allocate(capacity: size * size)
            defer { a.deallocate(); b.deallocate(); c.deallocate() }
            for index in 0..<size * size {
                a[index] = Float(index % 7) * 0.01
                b[index] = Float((index + thread) % 5) * 0.01
            }
            var count = 0
            repeat {
                for _ in 0..<10 {
                    TileKernels.scores(query: a, rows: size, depth: size, keys: b, keyStride: size, columns: size,
                                       scale: 1, into: c, scoreStride: size)
                    a[0] = c[size + 1] * 1e-9  // a dependency, so that no repetition is skipped
                }
                count += 10
            } while DispatchTime.now().uptimeNanoseconds < deadline
            return count
        }
        return 2 * Double(size * size * size) * Double(products) / elapsed / 1e9
    }
}
