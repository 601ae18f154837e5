// TileKernels: the two products of a tile — S = scale · Q·Kᵀ and O += P·V — register
// blocked over raw pointers, so the hot loops have no bounds checks, allocation or
// reference counting. The block fits the build's registers: with AVX2 (native builds,
// 16 YMM) 4 query rows × 2 SIMD8 columns, eight accumulators; with SSE (the default
// build, where a SIMD8 takes two of the 16 XMM registers) 2 rows × 2 SIMD8 columns —
// 4 × 2 spilled there and ran at 27 GFLOP/s a thread, 2 × 2 at 49. On an x86-64 CPU with
// AVX2 and FMA, the default build hands both products to CTileKernels (see
// ``KernelInstructions``), whose AVX2 loops run 4 × 2 blocks as the native build's do,
// and whose AVX-512 loops run 4 rows × 4 vectors of sixteen columns.

#if arch(x86_64)
import CTileKernels
#endif

/// Loads eight floats from `pointer` (no alignment needed).
@inline(__always) func load8(_ pointer: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Float>.self)
}

/// Stores eight floats at `pointer` (no alignment needed).
@inline(__always) func store8(_ vector: SIMD8<Float>, _ pointer: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(pointer).storeBytes(of: vector, as: SIMD8<Float>.self)
}

/// The SIMD tile products shared by every kernel.
enum TileKernels {
    /// `s[r][j] = scale · Σ_d q[r][d] · kᵀ[d][j]` for `r < rows`, `j < columns`.
    ///
    /// `q` has rows of `depth` floats; `kᵀ` is the packed, transposed key tile (`depth`
    /// rows of `keyStride` floats); `columns` is a multiple of 8 and at most `keyStride`.
    /// The C loops also prefetch the `prefetchBytes` bytes at `prefetch` (the next key tile)
    /// meanwhile.
    @inline(__always)
    static func scores(query q: UnsafePointer<Float>, rows: Int, depth: Int, keys kt: UnsafePointer<Float>, keyStride: Int,
                       columns: Int, scale: Float, into s: UnsafeMutablePointer<Float>, scoreStride: Int,
                       prefetch: UnsafeRawPointer? = nil, prefetchBytes: Int = 0) {
        #if arch(x86_64) && !SPARSE_ATTENTION_NATIVE
        switch KernelInstructions.current {
        case .avx512:
            return sparse_attention_avx512_scores(q, rows, depth, kt, keyStride, columns, scale, s, scoreStride, prefetch, prefetchBytes)
        case .avx2FMA:
            return sparse_attention_avx2_scores(q, rows, depth, kt, keyStride, columns, scale, s, scoreStride, prefetch, prefetchBytes)
        case .swiftSIMD: break
        }
        #endif
        var r = 0
        #if SPARSE_ATTENTION_NATIVE
        while r + 4 <= rows {
            let q0 = q + r * depth, q1 = q0 + depth, q2 = q1 + depth, q3 = q2 + depth
            let s0 = s + r * scoreStride, s1 = s0 + scoreStride, s2 = s1 + scoreStride, s3 = s2 + scoreStride
            var j = 0
            while j + 16 <= columns {
                var a00 = SIMD8<Float>(), a01 = SIMD8<Float>(), a10 = SIMD8<Float>(), a11 = SIMD8<Float>()
                var a20 = SIMD8<Float>(), a21 = SIMD8<Float>(), a30 = SIMD8<Float>(), a31 = SIMD8<Float>()
                var k = kt + j
                for d in 0..<depth {
                    let k0 = load8(k), k1 = load8(k + 8)
                    let x0 = SIMD8(repeating: q0[d]), x1 = SIMD8(repeating: q1[d])
                    a00 = multiplyAdd(a00, x0, k0); a01 = multiplyAdd(a01, x0, k1)
                    a10 = multiplyAdd(a10, x1, k0); a11 = multiplyAdd(a11, x1, k1)
                    let x2 = SIMD8(repeating: q2[d]), x3 = SIMD8(repeating: q3[d])
                    a20 = multiplyAdd(a20, x2, k0); a21 = multiplyAdd(a21, x2, k1)
                    a30 = multiplyAdd(a30, x3, k0); a31 = multiplyAdd(a31, x3, k1)
                    k += keyStride
                }
                store8(a00 * scale, s0 + j); store8(a01 * scale, s0 + j + 8)
                store8(a10 * scale, s1 + j); store8(a11 * scale, s1 + j + 8)
                store8(a20 * scale, s2 + j); store8(a21 * scale, s2 + j + 8)
                store8(a30 * scale, s3 + j); store8(a31 * scale, s3 + j + 8)
                j += 16
            }
            if j < columns {
                var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
                var k = kt + j
                for d in 0..<depth {
                    let k0 = load8(k)
                    a0 = multiplyAdd(a0, SIMD8(repeating: q0[d]), k0); a1 = multiplyAdd(a1, SIMD8(repeating: q1[d]), k0)
                    a2 = multiplyAdd(a2, SIMD8(repeating: q2[d]), k0); a3 = multiplyAdd(a3, SIMD8(repeating: q3[d]), k0)
                    k += keyStride
                }
                store8(a0 * scale, s0 + j); store8(a1 * scale, s1 + j)
                store8(a2 * scale, s2 + j); store8(a3 * scale, s3 + j)
            }
            r += 4
        }
        #else
        while r + 2 <= rows {
            let q0 = q + r * depth, q1 = q0 + depth
            let s0 = s + r * scoreStride, s1 = s0 + scoreStride
            var j = 0
            while j + 16 <= columns {
                var a00 = SIMD8<Float>(), a01 = SIMD8<Float>(), a10 = SIMD8<Float>(), a11 = SIMD8<Float>()
                var k = kt + j
                for d in 0..<depth {
                    let k0 = load8(k), k1 = load8(k + 8)
                    let x0 = SIMD8(repeating: q0[d]), x1 = SIMD8(repeating: q1[d])
                    a00 = multiplyAdd(a00, x0, k0); a01 = multiplyAdd(a01, x0, k1)
                    a10 = multiplyAdd(a10, x1, k0); a11 = multiplyAdd(a11, x1, k1)
                    k += keyStride
                }
                store8(a00 * scale, s0 + j); store8(a01 * scale, s0 + j + 8)
                store8(a10 * scale, s1 + j); store8(a11 * scale, s1 + j + 8)
                j += 16
            }
            if j < columns {
                var a0 = SIMD8<Float>(), a1 = SIMD8<Float>()
                var k = kt + j
                for d in 0..<depth {
                    let k0 = load8(k)
                    a0 = multiplyAdd(a0, SIMD8(repeating: q0[d]), k0); a1 = multiplyAdd(a1, SIMD8(repeating: q1[d]), k0)
                    k += keyStride
                }
                store8(a0 * scale, s0 + j); store8(a1 * scale, s1 + j)
            }
            r += 2
        }
        #endif
        while r < rows {
            let q0 = q + r * depth, s0 = s + r * scoreStride
            var j = 0
            while j < columns {
                var a0 = SIMD8<Float>()
                var k = kt + j
                for d in 0..<depth {
                    a0 = multiplyAdd(a0, SIMD8(repeating: q0[d]), load8(k))
                    k += keyStride
                }
                store8(a0 * scale, s0 + j)
                j += 8
            }
            r += 1
        }
    }

    /// `o[r][c] += Σ_j p[r][j] · v[j][c]` for `r < rows`, `j < keys`, `c < width`.
    ///
    /// `v` is the packed value tile (rows of `width` floats, `width` a multiple of 8);
    /// `o` has rows of `width` floats; `p` rows of `probabilityStride`. The AVX2 loops also
    /// prefetch the `prefetchBytes` bytes at `prefetch` (the next value tile) meanwhile.
    @inline(__always)
    static func accumulate(probabilities p: UnsafePointer<Float>, probabilityStride: Int, rows: Int, keys: Int,
                           values v: UnsafePointer<Float>, width: Int, into o: UnsafeMutablePointer<Float>,
                           prefetch: UnsafeRawPointer? = nil, prefetchBytes: Int = 0) {
        #if arch(x86_64) && !SPARSE_ATTENTION_NATIVE
        switch KernelInstructions.current {
        case .avx512: return sparse_attention_avx512_accumulate(p, probabilityStride, rows, keys, v, width, o)
        case .avx2FMA: return sparse_attention_avx2_accumulate(p, probabilityStride, rows, keys, v, width, o, prefetch, prefetchBytes)
        case .swiftSIMD: break
        }
        #endif
        var r = 0
        #if SPARSE_ATTENTION_NATIVE
        while r + 4 <= rows {
            let p0 = p + r * probabilityStride, p1 = p0 + probabilityStride, p2 = p1 + probabilityStride, p3 = p2 + probabilityStride
            let o0 = o + r * width, o1 = o0 + width, o2 = o1 + width, o3 = o2 + width
            var c = 0
            while c + 16 <= width {
                var a00 = load8(o0 + c), a01 = load8(o0 + c + 8), a10 = load8(o1 + c), a11 = load8(o1 + c + 8)
                var a20 = load8(o2 + c), a21 = load8(o2 + c + 8), a30 = load8(o3 + c), a31 = load8(o3 + c + 8)
                var row = v + c
                for j in 0..<keys {
                    let v0 = load8(row), v1 = load8(row + 8)
                    let x0 = SIMD8(repeating: p0[j]), x1 = SIMD8(repeating: p1[j])
                    a00 = multiplyAdd(a00, x0, v0); a01 = multiplyAdd(a01, x0, v1)
                    a10 = multiplyAdd(a10, x1, v0); a11 = multiplyAdd(a11, x1, v1)
                    let x2 = SIMD8(repeating: p2[j]), x3 = SIMD8(repeating: p3[j])
                    a20 = multiplyAdd(a20, x2, v0); a21 = multiplyAdd(a21, x2, v1)
                    a30 = multiplyAdd(a30, x3, v0); a31 = multiplyAdd(a31, x3, v1)
                    row += width
                }
                store8(a00, o0 + c); store8(a01, o0 + c + 8); store8(a10, o1 + c); store8(a11, o1 + c + 8)
                store8(a20, o2 + c); store8(a21, o2 + c + 8); store8(a30, o3 + c); store8(a31, o3 + c + 8)
                c += 16
            }
            if c < width {
                var a0 = load8(o0 + c), a1 = load8(o1 + c), a2 = load8(o2 + c), a3 = load8(o3 + c)
                var row = v + c
                for j in 0..<keys {
                    let v0 = load8(row)
                    a0 = multiplyAdd(a0, SIMD8(repeating: p0[j]), v0); a1 = multiplyAdd(a1, SIMD8(repeating: p1[j]), v0)
                    a2 = multiplyAdd(a2, SIMD8(repeating: p2[j]), v0); a3 = multiplyAdd(a3, SIMD8(repeating: p3[j]), v0)
                    row += width
                }
                store8(a0, o0 + c); store8(a1, o1 + c); store8(a2, o2 + c); store8(a3, o3 + c)
            }
            r += 4
        }
        #else
        while r + 2 <= rows {
            let p0 = p + r * probabilityStride, p1 = p0 + probabilityStride
            let o0 = o + r * width, o1 = o0 + width
            var c = 0
            while c + 16 <= width {
                var a00 = load8(o0 + c), a01 = load8(o0 + c + 8), a10 = load8(o1 + c), a11 = load8(o1 + c + 8)
                var row = v + c
                for j in 0..<keys {
                    let v0 = load8(row), v1 = load8(row + 8)
                    let x0 = SIMD8(repeating: p0[j]), x1 = SIMD8(repeating: p1[j])
                    a00 = multiplyAdd(a00, x0, v0); a01 = multiplyAdd(a01, x0, v1)
                    a10 = multiplyAdd(a10, x1, v0); a11 = multiplyAdd(a11, x1, v1)
                    row += width
                }
                store8(a00, o0 + c); store8(a01, o0 + c + 8); store8(a10, o1 + c); store8(a11, o1 + c + 8)
                c += 16
            }
            if c < width {
                var a0 = load8(o0 + c), a1 = load8(o1 + c)
                var row = v + c
                for j in 0..<keys {
                    let v0 = load8(row)
                    a0 = multiplyAdd(a0, SIMD8(repeating: p0[j]), v0); a1 = multiplyAdd(a1, SIMD8(repeating: p1[j]), v0)
                    row += width
                }
                store8(a0, o0 + c); store8(a1, o1 + c)
            }
            r += 2
        }
        #endif
        while r < rows {
            let p0 = p + r * probabilityStride, o0 = o + r * width
            var c = 0
            while c < width {
                var a0 = load8(o0 + c)
                var row = v + c
                for j in 0..<keys {
                    a0 = multiplyAdd(a0, SIMD8(repeating: p0[j]), load8(row))
                    row += width
                }
                store8(a0, o0 + c)
                c += 8
            }
            r += 1
        }
    }
}
