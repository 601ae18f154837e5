// VectorAVX2.h (private to CTileKernels): eight-lane helpers that the AVX2 loops share — the
// horizontal sum and max of a vector, the sums of eight vectors as one vector's lanes, a dot
// product's partial sums, and 2^x for x ≤ 0 with the Swift `exp2OfNonPositive`'s reduction
// and polynomial.

#ifndef C_TILE_KERNELS_VECTOR_AVX2_H
#define C_TILE_KERNELS_VECTOR_AVX2_H

#include "TargetAttributes.h"

AVX2_FMA
static inline float horizontal_sum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

AVX2_FMA
static inline float horizontal_maximum(__m256 v) {
    __m128 m = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    m = _mm_max_ps(m, _mm_movehl_ps(m, m));
    m = _mm_max_ss(m, _mm_movehdup_ps(m));
    return _mm_cvtss_f32(m);
}

/// The sum of each of eight vectors, as the lanes of one vector.
AVX2_FMA
static inline __m256 horizontal_sums(__m256 a[8]) {
    const __m256 s01 = _mm256_hadd_ps(a[0], a[1]), s23 = _mm256_hadd_ps(a[2], a[3]);
    const __m256 s45 = _mm256_hadd_ps(a[4], a[5]), s67 = _mm256_hadd_ps(a[6], a[7]);
    const __m256 s0123 = _mm256_hadd_ps(s01, s23), s4567 = _mm256_hadd_ps(s45, s67);
    // Lanes 0–3 of s0123 hold the low halves' sums of vectors 0–3, lanes 4–7 the high halves'.
    const __m256 low = _mm256_permute2f128_ps(s0123, s4567, 0x20), high = _mm256_permute2f128_ps(s0123, s4567, 0x31);
    return _mm256_add_ps(low, high);
}

/// The products `a[c] · b[c]` over `depth` floats summed into eight lanes (lane `i` holds the
/// products with `c % 8 == i`; the last `depth % 8` in lanes of their own): reduce with
/// `horizontal_sum` or, for eight of them at once, `horizontal_sums`.
AVX2_FMA
static inline __m256 dot_product_lanes(const float *a, const float *b, long depth) {
    __m256 sum = _mm256_setzero_ps();
    long c = 0;
    for (; c + 8 <= depth; c += 8) sum = _mm256_fmadd_ps(_mm256_loadu_ps(a + c), _mm256_loadu_ps(b + c), sum);
    if (c < depth) {
        float last_a[8] = {0}, last_b[8] = {0};
        for (long i = 0; c + i < depth; i++) { last_a[i] = a[c + i]; last_b[i] = b[c + i]; }
        sum = _mm256_fmadd_ps(_mm256_loadu_ps(last_a), _mm256_loadu_ps(last_b), sum);
    }
    return sum;
}

AVX2_FMA
static inline __m256 exp2_of_non_positive(__m256 x) {
    const __m256 magic = _mm256_set1_ps(EXP2_MAGIC);
    const __m256 shifted = _mm256_add_ps(x, magic);
    const __m256 r = _mm256_sub_ps(x, _mm256_sub_ps(shifted, magic));
    __m256 p = _mm256_set1_ps(EXP2_C5);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(EXP2_C4));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(EXP2_C3));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(EXP2_C2));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(EXP2_C1));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
    const __m256 power = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_castps_si256(shifted), 23));
    // Inputs below -126 (and −∞) give 0; NaN stays NaN, as in the Swift version.
    const __m256 keep = _mm256_cmp_ps(x, _mm256_set1_ps(-126.0f), _CMP_NLT_UQ);
    return _mm256_and_ps(_mm256_mul_ps(p, power), keep);
}

#endif
