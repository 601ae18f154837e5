// SoftmaxRowsAVX2: the two vector passes of the online softmax over one row of scores — the
// row's maximum, then 2^(score − maximum) in place and its sum — with eight-lane fused
// multiply-adds: the same reduction and polynomial as the Swift `exp2OfNonPositive`.

#include "CTileKernels.h"

#if defined(__x86_64__)

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

AVX2_FMA
float sparse_attention_avx2_row_maximum(const float *row, long columns, float *check) {
    __m256 maximum = _mm256_set1_ps(-__builtin_inff()), sum = _mm256_setzero_ps();
    for (long j = 0; j < columns; j += 8) {
        const __m256 scores = _mm256_loadu_ps(row + j);
        maximum = _mm256_max_ps(scores, maximum);
        sum = _mm256_add_ps(sum, scores);
    }
    *check = horizontal_sum(sum);
    return horizontal_maximum(maximum);
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

AVX2_FMA
float sparse_attention_avx2_exp2_row(float *row, long columns, float maximum) {
    const __m256 shift = _mm256_set1_ps(maximum);
    __m256 sum = _mm256_setzero_ps();
    for (long j = 0; j < columns; j += 8) {
        const __m256 weights = exp2_of_non_positive(_mm256_sub_ps(_mm256_loadu_ps(row + j), shift));
        sum = _mm256_add_ps(sum, weights);
        _mm256_storeu_ps(row + j, weights);
    }
    return horizontal_sum(sum);
}

#endif
