// TileProductsAVX2: the tile products with eight-lane fused multiply-adds, register blocked
// as the native Swift build blocks them — 4 query rows × 2 vectors of 8 columns, eight
// accumulators — with the remainders (8 columns, single rows) in the same instructions,
// so that every element is rounded the same way. Loads are unaligned; nothing is allocated.

#include "CTileKernels.h"

#if defined(__x86_64__)

#include "TargetAttributes.h"

AVX2_FMA
void sparse_attention_avx2_scores(const float *q, long rows, long depth, const float *kt, long key_stride,
                                  long columns, float scale, float *s, long score_stride, const void *prefetch,
                                  long prefetch_bytes) {
    struct prefetch_lines lines = prefetch_lines_of(prefetch, prefetch_bytes);
    const __m256 factor = _mm256_set1_ps(scale);
    long r = 0;
    for (; r + 4 <= rows; r += 4) {
        const float *q0 = q + r * depth, *q1 = q0 + depth, *q2 = q1 + depth, *q3 = q2 + depth;
        float *s0 = s + r * score_stride, *s1 = s0 + score_stride, *s2 = s1 + score_stride, *s3 = s2 + score_stride;
        long j = 0;
        for (; j + 16 <= columns; j += 16) {
            __m256 a00 = _mm256_setzero_ps(), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
            const float *k = kt + j;
            for (long d = 0; d < depth; d++, k += key_stride) {
                prefetch_one(&lines);
                const __m256 k0 = _mm256_loadu_ps(k), k1 = _mm256_loadu_ps(k + 8);
                const __m256 x0 = _mm256_broadcast_ss(q0 + d), x1 = _mm256_broadcast_ss(q1 + d);
                a00 = _mm256_fmadd_ps(x0, k0, a00); a01 = _mm256_fmadd_ps(x0, k1, a01);
                a10 = _mm256_fmadd_ps(x1, k0, a10); a11 = _mm256_fmadd_ps(x1, k1, a11);
                const __m256 x2 = _mm256_broadcast_ss(q2 + d), x3 = _mm256_broadcast_ss(q3 + d);
                a20 = _mm256_fmadd_ps(x2, k0, a20); a21 = _mm256_fmadd_ps(x2, k1, a21);
                a30 = _mm256_fmadd_ps(x3, k0, a30); a31 = _mm256_fmadd_ps(x3, k1, a31);
            }
            _mm256_storeu_ps(s0 + j, _mm256_mul_ps(a00, factor)); _mm256_storeu_ps(s0 + j + 8, _mm256_mul_ps(a01, factor));
            _mm256_storeu_ps(s1 + j, _mm256_mul_ps(a10, factor)); _mm256_storeu_ps(s1 + j + 8, _mm256_mul_ps(a11, factor));
            _mm256_storeu_ps(s2 + j, _mm256_mul_ps(a20, factor)); _mm256_storeu_ps(s2 + j + 8, _mm256_mul_ps(a21, factor));
            _mm256_storeu_ps(s3 + j, _mm256_mul_ps(a30, factor)); _mm256_storeu_ps(s3 + j + 8, _mm256_mul_ps(a31, factor));
        }
        if (j < columns) {
            __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
            const float *k = kt + j;
            for (long d = 0; d < depth; d++, k += key_stride) {
                const __m256 k0 = _mm256_loadu_ps(k);
                a0 = _mm256_fmadd_ps(_mm256_broadcast_ss(q0 + d), k0, a0);
                a1 = _mm256_fmadd_ps(_mm256_broadcast_ss(q1 + d), k0, a1);
                a2 = _mm256_fmadd_ps(_mm256_broadcast_ss(q2 + d), k0, a2);
                a3 = _mm256_fmadd_ps(_mm256_broadcast_ss(q3 + d), k0, a3);
            }
            _mm256_storeu_ps(s0 + j, _mm256_mul_ps(a0, factor)); _mm256_storeu_ps(s1 + j, _mm256_mul_ps(a1, factor));
            _mm256_storeu_ps(s2 + j, _mm256_mul_ps(a2, factor)); _mm256_storeu_ps(s3 + j, _mm256_mul_ps(a3, factor));
        }
    }
    for (; r < rows; r++) {
        const float *q0 = q + r * depth;
        float *s0 = s + r * score_stride;
        for (long j = 0; j < columns; j += 8) {
            __m256 a0 = _mm256_setzero_ps();
            const float *k = kt + j;
            for (long d = 0; d < depth; d++, k += key_stride) a0 = _mm256_fmadd_ps(_mm256_broadcast_ss(q0 + d), _mm256_loadu_ps(k), a0);
            _mm256_storeu_ps(s0 + j, _mm256_mul_ps(a0, factor));
        }
    }
    prefetch_rest(&lines);
}

AVX2_FMA
/// `sparse_attention_avx2_accumulate_from`, prefetching `lines` a line per key of its
/// first block.
AVX2_FMA
static void accumulate_from_prefetching(const float *p, long probability_stride, long rows, long keys, const float *v, long width,
                                        long first_column, float *o, struct prefetch_lines *lines);

AVX2_FMA
void sparse_attention_avx2_accumulate(const float *p, long probability_stride, long rows, long keys,
                                      const float *v, long width, float *o, const void *prefetch, long prefetch_bytes) {
    struct prefetch_lines lines = prefetch_lines_of(prefetch, prefetch_bytes);
    accumulate_from_prefetching(p, probability_stride, rows, keys, v, width, 0, o, &lines);
    prefetch_rest(&lines);
}

AVX2_FMA
void sparse_attention_avx2_accumulate_from(const float *p, long probability_stride, long rows, long keys,
                                           const float *v, long width, long first_column, float *o) {
    struct prefetch_lines none = prefetch_lines_of(0, 0);
    accumulate_from_prefetching(p, probability_stride, rows, keys, v, width, first_column, o, &none);
}

AVX2_FMA
static void accumulate_from_prefetching(const float *p, long probability_stride, long rows, long keys, const float *v, long width,
                                        long first_column, float *o, struct prefetch_lines *lines) {
    long r = 0;
    for (; r + 4 <= rows; r += 4) {
        const float *p0 = p + r * probability_stride, *p1 = p0 + probability_stride, *p2 = p1 + probability_stride,
                    *p3 = p2 + probability_stride;
        float *o0 = o + r * width, *o1 = o0 + width, *o2 = o1 + width, *o3 = o2 + width;
        long c = first_column;
        for (; c + 16 <= width; c += 16) {
            __m256 a00 = _mm256_loadu_ps(o0 + c), a01 = _mm256_loadu_ps(o0 + c + 8);
            __m256 a10 = _mm256_loadu_ps(o1 + c), a11 = _mm256_loadu_ps(o1 + c + 8);
            __m256 a20 = _mm256_loadu_ps(o2 + c), a21 = _mm256_loadu_ps(o2 + c + 8);
            __m256 a30 = _mm256_loadu_ps(o3 + c), a31 = _mm256_loadu_ps(o3 + c + 8);
            const float *row = v + c;
            for (long j = 0; j < keys; j++, row += width) {
                prefetch_one(lines);
                const __m256 v0 = _mm256_loadu_ps(row), v1 = _mm256_loadu_ps(row + 8);
                const __m256 x0 = _mm256_broadcast_ss(p0 + j), x1 = _mm256_broadcast_ss(p1 + j);
                a00 = _mm256_fmadd_ps(x0, v0, a00); a01 = _mm256_fmadd_ps(x0, v1, a01);
                a10 = _mm256_fmadd_ps(x1, v0, a10); a11 = _mm256_fmadd_ps(x1, v1, a11);
                const __m256 x2 = _mm256_broadcast_ss(p2 + j), x3 = _mm256_broadcast_ss(p3 + j);
                a20 = _mm256_fmadd_ps(x2, v0, a20); a21 = _mm256_fmadd_ps(x2, v1, a21);
                a30 = _mm256_fmadd_ps(x3, v0, a30); a31 = _mm256_fmadd_ps(x3, v1, a31);
            }
            _mm256_storeu_ps(o0 + c, a00); _mm256_storeu_ps(o0 + c + 8, a01);
            _mm256_storeu_ps(o1 + c, a10); _mm256_storeu_ps(o1 + c + 8, a11);
            _mm256_storeu_ps(o2 + c, a20); _mm256_storeu_ps(o2 + c + 8, a21);
            _mm256_storeu_ps(o3 + c, a30); _mm256_storeu_ps(o3 + c + 8, a31);
        }
        if (c < width) {
            __m256 a0 = _mm256_loadu_ps(o0 + c), a1 = _mm256_loadu_ps(o1 + c), a2 = _mm256_loadu_ps(o2 + c), a3 = _mm256_loadu_ps(o3 + c);
            const float *row = v + c;
            for (long j = 0; j < keys; j++, row += width) {
                const __m256 v0 = _mm256_loadu_ps(row);
                a0 = _mm256_fmadd_ps(_mm256_broadcast_ss(p0 + j), v0, a0);
                a1 = _mm256_fmadd_ps(_mm256_broadcast_ss(p1 + j), v0, a1);
                a2 = _mm256_fmadd_ps(_mm256_broadcast_ss(p2 + j), v0, a2);
                a3 = _mm256_fmadd_ps(_mm256_broadcast_ss(p3 + j), v0, a3);
            }
            _mm256_storeu_ps(o0 + c, a0); _mm256_storeu_ps(o1 + c, a1); _mm256_storeu_ps(o2 + c, a2); _mm256_storeu_ps(o3 + c, a3);
        }
    }
    for (; r < rows; r++) {
        const float *p0 = p + r * probability_stride;
        float *o0 = o + r * width;
        for (long c = first_column; c < width; c += 8) {
            __m256 a0 = _mm256_loadu_ps(o0 + c);
            const float *row = v + c;
            for (long j = 0; j < keys; j++, row += width) a0 = _mm256_fmadd_ps(_mm256_broadcast_ss(p0 + j), _mm256_loadu_ps(row), a0);
            _mm256_storeu_ps(o0 + c, a0);
        }
    }
}

#endif
