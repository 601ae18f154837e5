// SoftmaxRowAVX512.h (private to CTileKernels): one score row's two passes of the online
// softmax sixteen lanes at a time — drop the masked scores and take the max, then 2^(score −
// max) in place and the sum — shared by the softmax step alone (SoftmaxTileAVX512.c) and the
// one that overlaps it with the P·V product (SoftmaxAccumulateAVX512.c).

#ifndef C_TILE_KERNELS_SOFTMAX_ROW_AVX512_H
#define C_TILE_KERNELS_SOFTMAX_ROW_AVX512_H

#include "OnlineSoftmax.h"
#include "TargetAttributes.h"

/// The lanes of a row's last vector that hold columns: all sixteen, or the low eight.
AVX512
static inline __mmask16 lanes(long j, long columns) {
    return j + 16 <= columns ? (__mmask16)0xFFFF : (__mmask16)0x00FF;
}

/// The row's scores with the dropped ones set to −∞ in place — columns from `kept` on, and,
/// when `words` is given, those whose bit is clear (column `j` is bit `first + j`) — and
/// their largest; `*has_nan` tells whether one of them is NaN.
AVX512
static inline float masked_row_maximum(float *row, long columns, long kept, const uint64_t *words, long first, int *has_nan) {
    const __m512 minus_infinity = _mm512_set1_ps(-INFINITY);
    __m512 maximum = minus_infinity;
    __mmask16 unordered = 0;
    if (!words && kept >= columns) {
        // Nothing to drop: a full tile's row.
        for (long j = 0; j < columns; j += 16) {
            const __m512 scores = _mm512_mask_loadu_ps(minus_infinity, lanes(j, columns), row + j);
            maximum = _mm512_max_ps(scores, maximum);
            unordered |= _mm512_cmp_ps_mask(scores, scores, _CMP_UNORD_Q);
        }
        *has_nan = unordered != 0;
        return _mm512_reduce_max_ps(maximum);
    }
    for (long j = 0; j < columns; j += 16) {
        const __mmask16 present = lanes(j, columns);
        __mmask16 keep = (__mmask16)(present & lanes_before(j, kept, 16));
        if (words) keep &= (__mmask16)mask_bits(words, first + j, j + 16 > columns);
        __m512 scores = _mm512_mask_loadu_ps(minus_infinity, present, row + j);
        if (keep != present) {
            scores = _mm512_mask_mov_ps(minus_infinity, keep, scores);
            _mm512_mask_storeu_ps(row + j, present, scores);
        }
        maximum = _mm512_max_ps(scores, maximum);
        unordered |= _mm512_cmp_ps_mask(scores, scores, _CMP_UNORD_Q);
    }
    *has_nan = unordered != 0;
    return _mm512_reduce_max_ps(maximum);
}

/// 2^x for x ≤ 0 (or up to 8, see OnlineSoftmax.h) as the Swift `exp2OfNonPositive`, with
/// AVX-512's rounding and scaling instructions: x = n + r, n an integer (nearest), 2^r the
/// same polynomial, times 2^n.
AVX512
static inline __m512 exp2_of_non_positive(__m512 x) {
    const __m512 n = _mm512_roundscale_ps(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    const __m512 r = _mm512_sub_ps(x, n);
    __m512 p = _mm512_set1_ps(EXP2_C5);
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(EXP2_C4));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(EXP2_C3));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(EXP2_C2));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(EXP2_C1));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f));
    // Inputs below -126 (and −∞, whose r is NaN) give 0, never a subnormal; NaN stays NaN.
    const __mmask16 keep = _mm512_cmp_ps_mask(x, _mm512_set1_ps(-126.0f), _CMP_NLT_UQ);
    return _mm512_maskz_scalef_ps(keep, p, n);
}

/// The scores `row[j ..< j + 16]` (those of the lanes `lanes(j, columns)`) replaced by
/// 2^(score − shift) in place; returns those weights, 0 in the other lanes.
AVX512
static inline __m512 exp2_vector(float *row, long j, long columns, __m512 shift) {
    const __mmask16 mask = lanes(j, columns);
    const __m512 weights = _mm512_maskz_mov_ps(mask, exp2_of_non_positive(_mm512_sub_ps(_mm512_maskz_loadu_ps(mask, row + j), shift)));
    _mm512_mask_storeu_ps(row + j, mask, weights);
    return weights;
}

/// `exp2_vector` from the scores at `row` into the weights at `weights`, leaving the scores as
/// they are; the lanes whose score is NaN or above `limit` are added to `*beyond`.
AVX512
static inline __m512 exp2_vector_checked(const float *row, float *weights, long j, long columns, __m512 shift, __m512 limit,
                                         __mmask16 *beyond) {
    const __mmask16 mask = lanes(j, columns);
    const __m512 scores = _mm512_maskz_loadu_ps(mask, row + j);
    *beyond |= _mm512_mask_cmp_ps_mask(mask, scores, limit, _CMP_NLE_UQ);
    const __m512 result = _mm512_maskz_mov_ps(mask, exp2_of_non_positive(_mm512_sub_ps(scores, shift)));
    _mm512_mask_storeu_ps(weights + j, mask, result);
    return result;
}

/// `row[j] = 2^(row[j] − maximum)` in place for `j < columns`; returns their sum.
AVX512
static inline float exp2_row(float *row, long columns, float maximum) {
    const __m512 shift = _mm512_set1_ps(maximum);
    __m512 sum = _mm512_setzero_ps();
    for (long j = 0; j < columns; j += 16) sum = _mm512_add_ps(sum, exp2_vector(row, j, columns, shift));
    return _mm512_reduce_add_ps(sum);
}

/// A full row's weights against its previous reference, kept only if no score is NaN or
/// above `limit` (see `exp2_full_row_pass` in OnlineSoftmax.h).
AVX512
static inline int exp2_full_row(float *row, float previous, float limit, float *total) {
    const __m512 shift = _mm512_set1_ps(previous), bound = _mm512_set1_ps(limit);
    __m512 weights[4], sum = _mm512_setzero_ps();
    __mmask16 beyond = 0;
    for (int v = 0; v < 4; v++) {
        const __m512 scores = _mm512_loadu_ps(row + 16 * v);
        beyond |= _mm512_cmp_ps_mask(scores, bound, _CMP_NLE_UQ);
        weights[v] = exp2_of_non_positive(_mm512_sub_ps(scores, shift));
        sum = _mm512_add_ps(sum, weights[v]);
    }
    if (beyond) return 0;
    for (int v = 0; v < 4; v++) _mm512_storeu_ps(row + 16 * v, weights[v]);
    *total = _mm512_reduce_add_ps(sum);
    return 1;
}

#endif
