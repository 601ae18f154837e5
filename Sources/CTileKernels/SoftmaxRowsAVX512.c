// SoftmaxRowsAVX512: the softmax's two passes over a row (see SoftmaxRowsAVX2) sixteen lanes
// at a time, with a masked last vector when the row's columns are an odd multiple of 8.

#include "CTileKernels.h"

#if defined(__x86_64__)

#include "TargetAttributes.h"

/// The lanes of a row's last vector that hold columns: all sixteen, or the low eight.
AVX512
static inline __mmask16 lanes(long j, long columns) {
    return j + 16 <= columns ? (__mmask16)0xFFFF : (__mmask16)0x00FF;
}

AVX512
float sparse_attention_avx512_row_maximum(const float *row, long columns, float *check) {
    __m512 maximum = _mm512_set1_ps(-__builtin_inff()), sum = _mm512_setzero_ps();
    for (long j = 0; j < columns; j += 16) {
        const __mmask16 mask = lanes(j, columns);
        const __m512 scores = _mm512_maskz_loadu_ps(mask, row + j);
        maximum = _mm512_mask_max_ps(maximum, mask, scores, maximum);
        sum = _mm512_add_ps(sum, scores);
    }
    *check = _mm512_reduce_add_ps(sum);
    return _mm512_reduce_max_ps(maximum);
}

AVX512
static inline __m512 exp2_of_non_positive(__m512 x) {
    const __m512 magic = _mm512_set1_ps(EXP2_MAGIC);
    const __m512 shifted = _mm512_add_ps(x, magic);
    const __m512 r = _mm512_sub_ps(x, _mm512_sub_ps(shifted, magic));
    __m512 p = _mm512_set1_ps(EXP2_C5);
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(EXP2_C4));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(EXP2_C3));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(EXP2_C2));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(EXP2_C1));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f));
    const __m512 power = _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_castps_si512(shifted), 23));
    // Inputs below -126 (and −∞) give 0; NaN stays NaN, as in the Swift version.
    const __mmask16 keep = _mm512_cmp_ps_mask(x, _mm512_set1_ps(-126.0f), _CMP_NLT_UQ);
    return _mm512_maskz_mul_ps(keep, p, power);
}

AVX512
float sparse_attention_avx512_exp2_row(float *row, long columns, float maximum) {
    const __m512 shift = _mm512_set1_ps(maximum);
    __m512 sum = _mm512_setzero_ps();
    for (long j = 0; j < columns; j += 16) {
        const __mmask16 mask = lanes(j, columns);
        const __m512 weights = _mm512_maskz_mov_ps(mask, exp2_of_non_positive(_mm512_sub_ps(_mm512_maskz_loadu_ps(mask, row + j), shift)));
        sum = _mm512_add_ps(sum, weights);
        _mm512_mask_storeu_ps(row + j, mask, weights);
    }
    return _mm512_reduce_add_ps(sum);
}

#endif
