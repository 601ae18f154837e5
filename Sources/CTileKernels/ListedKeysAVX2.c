// ListedKeysAVX2: a query row's listed keys, eight at a time (see `KeyLists` in
// AttentionKernels) — their eight dot products with the query, and the row's output plus
// their weighted value rows — with eight-lane fused multiply-adds.

#include "CTileKernels.h"

#if defined(__x86_64__)

#include "VectorAVX2.h"

AVX2_FMA
void sparse_attention_avx2_listed_scores(const float *query, long depth, const float *const *keys, long count, float scale,
                                         float *scores) {
    __m256 sums[8];
    long lane = 0;
    for (; lane < count; lane++) sums[lane] = dot_product_lanes(query, keys[lane], depth);
    for (; lane < 8; lane++) sums[lane] = _mm256_setzero_ps();
    const __m256 result = _mm256_mul_ps(horizontal_sums(sums), _mm256_set1_ps(scale));
    float all[8];
    _mm256_storeu_ps(all, result);
    for (lane = 0; lane < count; lane++) scores[lane] = all[lane];
}

AVX2_FMA
void sparse_attention_avx2_listed_accumulate(const float *weights, const float *const *values, long count, long width, float *output) {
    for (long c = 0; c < width; c += 32) {
        if (c + 32 <= width) {
            __m256 o0 = _mm256_loadu_ps(output + c), o1 = _mm256_loadu_ps(output + c + 8);
            __m256 o2 = _mm256_loadu_ps(output + c + 16), o3 = _mm256_loadu_ps(output + c + 24);
            for (long lane = 0; lane < count; lane++) {
                // A zero weight (a key far below the row's max) is skipped: 0 · NaN would be NaN.
                if (weights[lane] == 0) continue;
                const __m256 w = _mm256_set1_ps(weights[lane]);
                const float *value = values[lane] + c;
                o0 = _mm256_fmadd_ps(w, _mm256_loadu_ps(value), o0);
                o1 = _mm256_fmadd_ps(w, _mm256_loadu_ps(value + 8), o1);
                o2 = _mm256_fmadd_ps(w, _mm256_loadu_ps(value + 16), o2);
                o3 = _mm256_fmadd_ps(w, _mm256_loadu_ps(value + 24), o3);
            }
            _mm256_storeu_ps(output + c, o0); _mm256_storeu_ps(output + c + 8, o1);
            _mm256_storeu_ps(output + c + 16, o2); _mm256_storeu_ps(output + c + 24, o3);
        } else {
            for (long d = c; d < width; d += 8) {
                __m256 o = _mm256_loadu_ps(output + d);
                for (long lane = 0; lane < count; lane++) {
                    if (weights[lane] == 0) continue;
                    o = _mm256_fmadd_ps(_mm256_set1_ps(weights[lane]), _mm256_loadu_ps(values[lane] + d), o);
                }
                _mm256_storeu_ps(output + d, o);
            }
        }
    }
}

#endif
