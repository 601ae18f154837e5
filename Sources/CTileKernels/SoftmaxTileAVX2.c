// SoftmaxTileAVX2: the online softmax step of a tile's score rows, each in two vector passes
// — the mask (dropped scores to −∞) and the row's maximum, then 2^(score − maximum) in place
// and its sum — or, for a full tile's row that has seen keys, in one pass checked against
// its previous reference max; and the scalar update of its running max, sum and output
// (OnlineSoftmax.h), eight lanes at a time: the same reduction and polynomial as the Swift
// `exp2OfNonPositive`.

#include "CTileKernels.h"

#if defined(__x86_64__)

#include "OnlineSoftmax.h"
#include "VectorAVX2.h"

/// The row's scores with the dropped ones set to −∞ in place — columns from `kept` on, and,
/// when `words` is given, those whose bit is clear (column `j` is bit `first + j`), by a
/// compare and blend per eight — and their largest; `*has_nan` tells whether one of them is NaN.
AVX2_FMA
static inline float masked_row_maximum(float *row, long columns, long kept, const uint64_t *words, long first, int *has_nan) {
    const __m256i lane_bits = _mm256_setr_epi32(1, 2, 4, 8, 16, 32, 64, 128);
    const __m256 minus_infinity = _mm256_set1_ps(-INFINITY);
    __m256 maximum = minus_infinity, unordered = _mm256_setzero_ps();
    for (long j = 0; j < columns; j += 8) {
        unsigned int keep = lanes_before(j, kept, 8);
        if (words) keep &= mask_bits(words, first + j, 1);
        __m256 scores = _mm256_loadu_ps(row + j);
        if (keep != 0xFF) {
            const __m256i bits = _mm256_and_si256(_mm256_set1_epi32((int)keep), lane_bits);
            const __m256 drop = _mm256_castsi256_ps(_mm256_cmpeq_epi32(bits, _mm256_setzero_si256()));
            scores = _mm256_blendv_ps(scores, minus_infinity, drop);
            _mm256_storeu_ps(row + j, scores);
        }
        maximum = _mm256_max_ps(scores, maximum);
        unordered = _mm256_or_ps(unordered, _mm256_cmp_ps(scores, scores, _CMP_UNORD_Q));
    }
    *has_nan = _mm256_movemask_ps(unordered) != 0;
    return horizontal_maximum(maximum);
}

/// `row[j] = 2^(row[j] − maximum)` in place for `j < columns`; returns their sum.
AVX2_FMA
static inline float exp2_row(float *row, long columns, float maximum) {
    const __m256 shift = _mm256_set1_ps(maximum);
    __m256 sum = _mm256_setzero_ps();
    for (long j = 0; j < columns; j += 8) {
        const __m256 weights = exp2_of_non_positive(_mm256_sub_ps(_mm256_loadu_ps(row + j), shift));
        sum = _mm256_add_ps(sum, weights);
        _mm256_storeu_ps(row + j, weights);
    }
    return horizontal_sum(sum);
}

/// A full row's weights against its previous reference, kept only if no score is NaN or
/// above `limit` (see `exp2_full_row_pass` in OnlineSoftmax.h).
AVX2_FMA
static inline int exp2_full_row(float *row, float previous, float limit, float *total) {
    const __m256 shift = _mm256_set1_ps(previous), bound = _mm256_set1_ps(limit);
    __m256 weights[8], beyond = _mm256_setzero_ps(), sum = _mm256_setzero_ps();
    for (int v = 0; v < 8; v++) {
        const __m256 scores = _mm256_loadu_ps(row + 8 * v);
        beyond = _mm256_or_ps(beyond, _mm256_cmp_ps(scores, bound, _CMP_NLE_UQ));
        weights[v] = exp2_of_non_positive(_mm256_sub_ps(scores, shift));
        sum = _mm256_add_ps(sum, weights[v]);
    }
    if (_mm256_movemask_ps(beyond)) return 0;
    for (int v = 0; v < 8; v++) _mm256_storeu_ps(row + 8 * v, weights[v]);
    *total = horizontal_sum(sum);
    return 1;
}

AVX2_FMA
void sparse_attention_avx2_softmax_tile(float *scores, long score_stride, long rows, long columns, long kept,
                                        const uint64_t *mask, long words_per_row, long first_key, float *maxima,
                                        float *sums, float *output, long output_width) {
    online_softmax_tile(scores, score_stride, rows, columns, kept, mask, words_per_row, first_key, maxima, sums, output,
                        output_width, masked_row_maximum, exp2_row, exp2_full_row);
}

#endif
