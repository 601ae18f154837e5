// TileProductsAVX512: the tile products with sixteen-lane fused multiply-adds, for CPUs with
// AVX-512 (which has twice AVX2's multiply-adds per instruction, and on this project's machine
// twice its throughput). Groups of 64 columns run 4 query rows × 4 vectors of 16 columns,
// sixteen accumulators: four vectors a row load each broadcast query (or weight) once for four
// multiply-adds instead of two, and sixteen independent sums keep both multiply-add pipes busy
// through their latency (9 % faster than 4 × 2 on a 64 × 64 × 64 product held in L1, 12 % on
// dense attention). The score product's last 8 to 56 columns — all of a partial tile's
// narrower pieces — run 8 rows × 2 vectors, the last in masked lanes (they were AVX2 loops of
// 4 rows: 1–3 % on windowed patterns); P·V's remainders stay in TileProductsAVX2's loops.

#include "CTileKernels.h"

#if defined(__x86_64__)

#include "PVBlockAVX512.h"

/// Scores of `rows` rows over `columns` columns (a multiple of 8, at most 56: what a block's
/// 64-column groups leave, or a partial tile's 8-row piece keeps) in chunks of 32 columns,
/// the last vector of a chunk in masked lanes: eight rows at a time (sixteen or eight sums,
/// enough to keep both multiply-add pipes busy through their latency), then four, then one.
/// Every score is the same chain of multiply-adds over `d` as in the other loops.
AVX512
static void scores_narrow(const float *q, long rows, long depth, const float *kt, long key_stride, long columns, __m512 factor,
                          float *s, long score_stride, struct prefetch_lines *lines) {
    for (long j = 0; j < columns; j += 32) {
        const long width = columns - j < 32 ? columns - j : 32;
        const __mmask16 m0 = width >= 16 ? 0xFFFF : (__mmask16)((1u << width) - 1);
        const __mmask16 m1 = width > 16 ? (__mmask16)((1u << (width - 16)) - 1) : 0;
        const float *k = kt + j;
        long r = 0;
        for (; r + 8 <= rows; r += 8) {
            const float *x = q + r * depth;
            float *t = s + r * score_stride + j;
            __m512 a[8], b[8];
            for (int i = 0; i < 8; i++) a[i] = b[i] = _mm512_setzero_ps();
            if (m1) {
                for (long d = 0; d < depth; d++) {
                    prefetch_one(lines);
                    const __m512 k0 = _mm512_maskz_loadu_ps(m0, k + d * key_stride), k1 = _mm512_maskz_loadu_ps(m1, k + d * key_stride + 16);
                    for (int i = 0; i < 8; i++) {
                        const __m512 xi = _mm512_set1_ps(x[i * depth + d]);
                        a[i] = _mm512_fmadd_ps(xi, k0, a[i]);
                        b[i] = _mm512_fmadd_ps(xi, k1, b[i]);
                    }
                }
                for (int i = 0; i < 8; i++) _mm512_mask_storeu_ps(t + i * score_stride + 16, m1, _mm512_mul_ps(b[i], factor));
            } else {
                for (long d = 0; d < depth; d++) {
                    prefetch_one(lines);
                    const __m512 k0 = _mm512_maskz_loadu_ps(m0, k + d * key_stride);
                    for (int i = 0; i < 8; i++) a[i] = _mm512_fmadd_ps(_mm512_set1_ps(x[i * depth + d]), k0, a[i]);
                }
            }
            for (int i = 0; i < 8; i++) _mm512_mask_storeu_ps(t + i * score_stride, m0, _mm512_mul_ps(a[i], factor));
        }
        for (; r + 4 <= rows; r += 4) {
            const float *x = q + r * depth;
            float *t = s + r * score_stride + j;
            __m512 a[4], b[4];
            for (int i = 0; i < 4; i++) a[i] = b[i] = _mm512_setzero_ps();
            for (long d = 0; d < depth; d++) {
                const __m512 k0 = _mm512_maskz_loadu_ps(m0, k + d * key_stride), k1 = _mm512_maskz_loadu_ps(m1, k + d * key_stride + 16);
                for (int i = 0; i < 4; i++) {
                    const __m512 xi = _mm512_set1_ps(x[i * depth + d]);
                    a[i] = _mm512_fmadd_ps(xi, k0, a[i]);
                    b[i] = _mm512_fmadd_ps(xi, k1, b[i]);
                }
            }
            for (int i = 0; i < 4; i++) {
                _mm512_mask_storeu_ps(t + i * score_stride, m0, _mm512_mul_ps(a[i], factor));
                _mm512_mask_storeu_ps(t + i * score_stride + 16, m1, _mm512_mul_ps(b[i], factor));
            }
        }
        for (; r < rows; r++) {
            const float *x = q + r * depth;
            float *t = s + r * score_stride + j;
            __m512 a = _mm512_setzero_ps(), b = a;
            for (long d = 0; d < depth; d++) {
                const __m512 xi = _mm512_set1_ps(x[d]);
                a = _mm512_fmadd_ps(xi, _mm512_maskz_loadu_ps(m0, k + d * key_stride), a);
                b = _mm512_fmadd_ps(xi, _mm512_maskz_loadu_ps(m1, k + d * key_stride + 16), b);
            }
            _mm512_mask_storeu_ps(t, m0, _mm512_mul_ps(a, factor));
            _mm512_mask_storeu_ps(t + 16, m1, _mm512_mul_ps(b, factor));
        }
    }
}

AVX512
void sparse_attention_avx512_scores(const float *q, long rows, long depth, const float *kt, long key_stride,
                                    long columns, float scale, float *s, long score_stride, const void *prefetch,
                                    long prefetch_bytes) {
    struct prefetch_lines lines = prefetch_lines_of(prefetch, prefetch_bytes);
    const __m512 factor = _mm512_set1_ps(scale);
    // Groups of 64 columns: 4 rows × 4 vectors; the last 8 to 56 columns in `scores_narrow`.
    const long whole = columns / 64 * 64;
    long r = 0;
    for (; r + 4 <= rows && whole > 0; r += 4) {
        const float *q0 = q + r * depth, *q1 = q0 + depth, *q2 = q1 + depth, *q3 = q2 + depth;
        float *s0 = s + r * score_stride, *s1 = s0 + score_stride, *s2 = s1 + score_stride, *s3 = s2 + score_stride;
        for (long j = 0; j < whole; j += 64) {
            __m512 a00 = _mm512_setzero_ps(), a01 = a00, a02 = a00, a03 = a00, a10 = a00, a11 = a00, a12 = a00, a13 = a00;
            __m512 a20 = a00, a21 = a00, a22 = a00, a23 = a00, a30 = a00, a31 = a00, a32 = a00, a33 = a00;
            const float *k = kt + j;
            for (long d = 0; d < depth; d++, k += key_stride) {
                prefetch_one(&lines);
                const __m512 k0 = _mm512_loadu_ps(k), k1 = _mm512_loadu_ps(k + 16), k2 = _mm512_loadu_ps(k + 32), k3 = _mm512_loadu_ps(k + 48);
                const __m512 x0 = _mm512_set1_ps(q0[d]), x1 = _mm512_set1_ps(q1[d]);
                a00 = _mm512_fmadd_ps(x0, k0, a00); a01 = _mm512_fmadd_ps(x0, k1, a01);
                a02 = _mm512_fmadd_ps(x0, k2, a02); a03 = _mm512_fmadd_ps(x0, k3, a03);
                a10 = _mm512_fmadd_ps(x1, k0, a10); a11 = _mm512_fmadd_ps(x1, k1, a11);
                a12 = _mm512_fmadd_ps(x1, k2, a12); a13 = _mm512_fmadd_ps(x1, k3, a13);
                const __m512 x2 = _mm512_set1_ps(q2[d]), x3 = _mm512_set1_ps(q3[d]);
                a20 = _mm512_fmadd_ps(x2, k0, a20); a21 = _mm512_fmadd_ps(x2, k1, a21);
                a22 = _mm512_fmadd_ps(x2, k2, a22); a23 = _mm512_fmadd_ps(x2, k3, a23);
                a30 = _mm512_fmadd_ps(x3, k0, a30); a31 = _mm512_fmadd_ps(x3, k1, a31);
                a32 = _mm512_fmadd_ps(x3, k2, a32); a33 = _mm512_fmadd_ps(x3, k3, a33);
            }
            _mm512_storeu_ps(s0 + j, _mm512_mul_ps(a00, factor)); _mm512_storeu_ps(s0 + j + 16, _mm512_mul_ps(a01, factor));
            _mm512_storeu_ps(s0 + j + 32, _mm512_mul_ps(a02, factor)); _mm512_storeu_ps(s0 + j + 48, _mm512_mul_ps(a03, factor));
            _mm512_storeu_ps(s1 + j, _mm512_mul_ps(a10, factor)); _mm512_storeu_ps(s1 + j + 16, _mm512_mul_ps(a11, factor));
            _mm512_storeu_ps(s1 + j + 32, _mm512_mul_ps(a12, factor)); _mm512_storeu_ps(s1 + j + 48, _mm512_mul_ps(a13, factor));
            _mm512_storeu_ps(s2 + j, _mm512_mul_ps(a20, factor)); _mm512_storeu_ps(s2 + j + 16, _mm512_mul_ps(a21, factor));
            _mm512_storeu_ps(s2 + j + 32, _mm512_mul_ps(a22, factor)); _mm512_storeu_ps(s2 + j + 48, _mm512_mul_ps(a23, factor));
            _mm512_storeu_ps(s3 + j, _mm512_mul_ps(a30, factor)); _mm512_storeu_ps(s3 + j + 16, _mm512_mul_ps(a31, factor));
            _mm512_storeu_ps(s3 + j + 32, _mm512_mul_ps(a32, factor)); _mm512_storeu_ps(s3 + j + 48, _mm512_mul_ps(a33, factor));
        }
    }
    // Rows left over by the groups of four: eight-lane blocks, as on AVX2.
    if (r < rows && whole > 0)
        sparse_attention_avx2_scores(q + r * depth, rows - r, depth, kt, key_stride, whole, scale, s + r * score_stride, score_stride, 0, 0);
    if (whole < columns) scores_narrow(q, rows, depth, kt + whole, key_stride, columns - whole, factor, s + whole, score_stride, &lines);
    prefetch_rest(&lines);
}

AVX512
void sparse_attention_avx512_accumulate(const float *p, long probability_stride, long rows, long keys,
                                        const float *v, long width, float *o) {
    sparse_attention_avx512_accumulate_from(p, probability_stride, rows, keys, v, width, 0, o);
}

AVX512
void sparse_attention_avx512_accumulate_from(const float *p, long probability_stride, long rows, long keys,
                                             const float *v, long width, long first_column, float *o) {
    long r = 0;
    for (; r + 4 <= rows; r += 4) {
        const float *p0 = p + r * probability_stride, *p1 = p0 + probability_stride, *p2 = p1 + probability_stride,
                    *p3 = p2 + probability_stride;
        float *o0 = o + r * width, *o1 = o0 + width, *o2 = o1 + width, *o3 = o2 + width;
        long c = first_column;
        for (; c + 64 <= width; c += 64) {
            PV_BLOCK_LOAD(o0 + c, o1 + c, o2 + c, o3 + c);
            const float *row = v + c;
            for (long j = 0; j < keys; j++, row += width) PV_BLOCK_KEY(row, p0, p1, p2, p3, j);
            PV_BLOCK_STORE(o0 + c, o1 + c, o2 + c, o3 + c);
        }
        for (; c + 32 <= width; c += 32) {
            __m512 a00 = _mm512_loadu_ps(o0 + c), a01 = _mm512_loadu_ps(o0 + c + 16);
            __m512 a10 = _mm512_loadu_ps(o1 + c), a11 = _mm512_loadu_ps(o1 + c + 16);
            __m512 a20 = _mm512_loadu_ps(o2 + c), a21 = _mm512_loadu_ps(o2 + c + 16);
            __m512 a30 = _mm512_loadu_ps(o3 + c), a31 = _mm512_loadu_ps(o3 + c + 16);
            const float *row = v + c;
            for (long j = 0; j < keys; j++, row += width) {
                const __m512 v0 = _mm512_loadu_ps(row), v1 = _mm512_loadu_ps(row + 16);
                const __m512 x0 = _mm512_set1_ps(p0[j]), x1 = _mm512_set1_ps(p1[j]);
                a00 = _mm512_fmadd_ps(x0, v0, a00); a01 = _mm512_fmadd_ps(x0, v1, a01);
                a10 = _mm512_fmadd_ps(x1, v0, a10); a11 = _mm512_fmadd_ps(x1, v1, a11);
                const __m512 x2 = _mm512_set1_ps(p2[j]), x3 = _mm512_set1_ps(p3[j]);
                a20 = _mm512_fmadd_ps(x2, v0, a20); a21 = _mm512_fmadd_ps(x2, v1, a21);
                a30 = _mm512_fmadd_ps(x3, v0, a30); a31 = _mm512_fmadd_ps(x3, v1, a31);
            }
            _mm512_storeu_ps(o0 + c, a00); _mm512_storeu_ps(o0 + c + 16, a01);
            _mm512_storeu_ps(o1 + c, a10); _mm512_storeu_ps(o1 + c + 16, a11);
            _mm512_storeu_ps(o2 + c, a20); _mm512_storeu_ps(o2 + c + 16, a21);
            _mm512_storeu_ps(o3 + c, a30); _mm512_storeu_ps(o3 + c + 16, a31);
        }
        if (c < width) sparse_attention_avx2_accumulate_from(p0, probability_stride, 4, keys, v, width, c, o0);
    }
    if (r < rows) {
        sparse_attention_avx2_accumulate_from(p + r * probability_stride, probability_stride, rows - r, keys, v, width, first_column,
                                              o + r * width);
    }
}

#endif
