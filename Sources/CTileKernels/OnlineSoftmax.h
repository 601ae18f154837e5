// OnlineSoftmax.h (private to CTileKernels): what the AVX2 and AVX-512 softmax loops share —
// a partial tile's mask bits for a run of columns, the loop over a tile's rows, and the
// scalar half of one row's online softmax step, with the meaning of
// `TileWorkspace.softmaxStep` in AttentionKernels: a NaN or +∞ among the kept scores, or a
// NaN running max, makes the row NaN; a row that keeps nothing so far gets weights 0;
// otherwise, when the max grew by more than `ONLINE_SOFTMAX_RESCALE_THRESHOLD`, the row's
// sum and output are rescaled by 2^(previous − maximum) and the weights taken against the
// new max, else the weights are taken against the previous max; then their sum is added.

#ifndef C_TILE_KERNELS_ONLINE_SOFTMAX_H
#define C_TILE_KERNELS_ONLINE_SOFTMAX_H

#include <math.h>
#include <stdint.h>

// As the Swift code: `sum · factor + total` rounded twice, not fused.
#pragma STDC FP_CONTRACT OFF

/// Bits `j ..< j + 16` of the mask row `words` (`j` a multiple of 8; only 8 when `eight`),
/// from two words when they straddle a boundary (`j % 64 == 56`).
static inline unsigned int mask_bits(const uint64_t *words, long j, int eight) {
    const long shift = j % 64;
    uint64_t word = words[j / 64] >> shift;
    if (!eight && shift > 48) word |= words[j / 64 + 1] << (64 - shift);
    return (unsigned int)(word & (eight ? 0xFFu : 0xFFFFu));
}

/// The lanes `j ..< j + lanes` of a row that lie before column `kept` (bit `i` for column `j + i`).
static inline unsigned int lanes_before(long j, long kept, int lanes) {
    if (j + lanes <= kept) return (1u << lanes) - 1;
    return kept > j ? (1u << (kept - j)) - 1 : 0;
}

/// How far (base 2) a row's max may grow past the max its weights are taken against before
/// its sum and output are rescaled to the new one: until then the weights stay below
/// 2^8 = 256, and most tiles after a row's first skip the rescale, which in a band of nine
/// tiles a row was paid by about a third of the tiles (FlashAttention-4 does the same).
/// `TileWorkspace.rescaleThreshold` in AttentionKernels is the same number.
#define ONLINE_SOFTMAX_RESCALE_THRESHOLD 8.0f

/// The max a row's weights are taken against — its previous max when the largest of its
/// masked scores exceeds that by at most the threshold, else the new max — given that
/// largest score and whether one of them is NaN; or NaN once the row is handled here: made
/// NaN (state and scores), or left as it is with weights 0 when it keeps nothing so far.
static inline float online_softmax_maximum(float *row, long columns, float largest, int has_nan, float *maximum_slot,
                                           float *sum_slot) {
    const float previous = *maximum_slot;
    const float maximum = largest >= previous ? largest : previous;
    if (isnan(previous) || has_nan || !(maximum < INFINITY)) {
        *maximum_slot = NAN;
        *sum_slot = NAN;
        for (long j = 0; j < columns; j++) row[j] = NAN;
        return NAN;
    }
    if (!(maximum > -INFINITY)) {
        for (long j = 0; j < columns; j++) row[j] = 0;
        return NAN;
    }
    return previous > -INFINITY && maximum <= previous + ONLINE_SOFTMAX_RESCALE_THRESHOLD ? previous : maximum;
}

/// Moves a row's reference max to `maximum` and adds `total` (weights relative to it) to its
/// sum, rescaling the sum and the `width` floats of its output when the reference grew.
static inline void online_softmax_advance(float maximum, float total, float *maximum_slot, float *sum_slot, float *output,
                                          long width) {
    const float previous = *maximum_slot;
    if (maximum > previous && previous > -INFINITY) {
        const float factor = exp2f(previous - maximum);
        *sum_slot = *sum_slot * factor + total;
        for (long c = 0; c < width; c++) output[c] *= factor;
    } else {
        *sum_slot += total;
    }
    *maximum_slot = maximum;
}

/// A width's pass that drops a row's masked scores and returns their max (see
/// `masked_row_maximum` in SoftmaxTileAVX2.c), and its pass that takes 2^(score − max) in
/// place and returns the sum.
typedef float (*masked_row_maximum_pass)(float *row, long columns, long kept, const uint64_t *words, long first, int *has_nan);
typedef float (*exp2_row_pass)(float *row, long columns, float maximum);

/// Whether a row may skip the pass that finds its max and take its weights against its
/// previous reference max, checked as they are computed: a full tile's row (no mask, no
/// column dropped) with a finite reference. Most rows after their first tile are such rows,
/// and the check almost always holds (a row's max seldom grows past the threshold).
static inline int may_skip_max_pass(const uint64_t *mask, long kept, long columns, float previous) {
    return !mask && kept >= columns && previous > -INFINITY && previous < INFINITY;
}

/// A width's pass over a full tile's row (64 columns, none dropped) that takes its weights
/// against the row's reference max `previous` in place and returns 1, with their sum in
/// `*total`, when none of its scores is NaN or above `limit`; else it returns 0 and leaves the
/// row as it was. It saves the max pass of most rows after their first tile, and gives what
/// the two passes give: with no score above `limit` they keep `previous` as the reference.
typedef int (*exp2_full_row_pass)(float *row, float previous, float limit, float *total);

/// The online softmax step of a tile's rows (see `sparse_attention_avx2_softmax_tile`) on a
/// width's passes; inlined into each width's function, where the passes inline too.
static inline __attribute__((always_inline)) void online_softmax_tile(
    float *scores, long score_stride, long rows, long columns, long kept, const uint64_t *mask, long words_per_row,
    long first_key, float *maxima, float *sums, float *output, long output_width, masked_row_maximum_pass masked_maximum,
    exp2_row_pass exponentiate, exp2_full_row_pass exponentiate_full_row) {
    for (long r = 0; r < rows; r++) {
        float *row = scores + r * score_stride;
        const float previous = maxima[r];
        float total;
        if (columns == 64 && may_skip_max_pass(mask, kept, columns, previous) &&
            exponentiate_full_row(row, previous, previous + ONLINE_SOFTMAX_RESCALE_THRESHOLD, &total)) {
            sums[r] += total;  // online_softmax_advance with the reference unchanged
            continue;
        }
        int has_nan;
        const float largest = masked_maximum(row, columns, kept, mask ? mask + r * words_per_row : 0, first_key, &has_nan);
        const float maximum = online_softmax_maximum(row, columns, largest, has_nan, maxima + r, sums + r);
        if (isnan(maximum)) continue;
        online_softmax_advance(maximum, exponentiate(row, columns, maximum), maxima + r, sums + r, output + r * output_width,
                               output_width);
    }
}

#endif
