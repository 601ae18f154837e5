// SoftmaxAccumulateAVX512: a tile's online softmax step and its P·V product in one call, for
// CPUs with AVX-512, in groups of four rows. The exponentials of group g + 1 are computed
// between the multiply-adds of group g's P·V, one vector every four keys, so that those of
// their instructions that do not need the multiply-add pipes run beside the multiply-adds
// instead of in a pass of their own (11 % of a tile's time in a standalone 64 × 64 × 64
// test held in L1, 2–6 % of whole calls; see docs/performance.md, also for what was tried
// beyond this).
//
// A full tile's row that has seen keys before skips the pass that finds its max: its weights
// are taken against its previous reference max straight away, into a small buffer of their
// own, and checked as they go; only a row with a score above the reference plus the rescale
// threshold (or NaN) goes through both passes afterwards, from its scores, which are still
// there. That is the reference the two passes would have chosen, so the maxima, sums and
// output are those of `sparse_attention_avx512_softmax_tile` followed by
// `sparse_attention_avx512_accumulate`, bit for bit: each row's weights, sum and output come
// from the same instructions in the same order, only interleaved with another group's.

#include "CTileKernels.h"

#if defined(__x86_64__)

#include "PVExponentiatingAVX512.h"

#include <string.h>

/// The first half of a row's online softmax step: its dropped scores set to −∞ and its
/// reference max chosen (see OnlineSoftmax.h), or NaN when the row is already done with (made
/// NaN, or keeping nothing so far).
AVX512
static inline float row_reference(float *row, long columns, long kept, const uint64_t *words, long first_key,
                                  float *maximum_slot, float *sum_slot) {
    int has_nan;
    const float largest = masked_row_maximum(row, columns, kept, words, first_key, &has_nan);
    return online_softmax_maximum(row, columns, largest, has_nan, maximum_slot, sum_slot);
}

/// The group of four rows from `first`: their weights computed into `staged` (rows of
/// `staged_stride`) while the previous group's P·V runs, and folded into their running state.
/// Returns where the group's weights are: in `staged`, or in place of the scores when a row
/// turned NaN or keeps nothing so far (those rows go one by one, as the softmax step alone).
AVX512
static struct group_weights exponentiate_next_group(struct group_weights previous_group, float *scores, long score_stride, long first,
                                                    long columns, long kept, const uint64_t *mask, long words_per_row,
                                                    long first_key, float *maxima, float *sums, float *output,
                                                    long output_width, const float *values, long keys, float *staged,
                                                    long staged_stride, float *group_output, struct prefetch_lines *lines) {
    float *next = scores + first * score_stride;
    float references[4], limits[4], totals[4];
    int skips[4], ordinary = 1;
    for (long i = 0; i < 4; i++) {
        float *row = next + i * score_stride;
        skips[i] = may_skip_max_pass(mask, kept, columns, maxima[first + i]);
        if (skips[i]) {
            // Checked below: a score above the limit, or NaN, sends the row through both passes.
            references[i] = maxima[first + i];
            limits[i] = references[i] + ONLINE_SOFTMAX_RESCALE_THRESHOLD;
        } else {
            references[i] = row_reference(row, columns, kept, mask ? mask + (first + i) * words_per_row : 0, first_key,
                                          maxima + first + i, sums + first + i);
            limits[i] = INFINITY;
            ordinary &= !isnan(references[i]);
        }
    }
    if (!ordinary) {
        // A row made NaN or keeping nothing: the rows one by one, as the softmax step alone.
        for (long i = 0; i < 4; i++) {
            float *row = next + i * score_stride;
            if (skips[i]) {
                references[i] = row_reference(row, columns, kept, 0, first_key, maxima + first + i, sums + first + i);
            }
            if (!isnan(references[i])) totals[i] = exp2_row(row, columns, references[i]);
        }
        sparse_attention_avx512_accumulate(previous_group.rows, previous_group.stride, 4, keys, values, output_width, group_output);
    } else {
        __mmask16 beyond[4] = {0, 0, 0, 0};
        if (keys == 64 && columns == 64) {
            accumulate_four_rows_exponentiating_64(previous_group, values, output_width, group_output, next, score_stride, staged,
                                                   staged_stride, references, limits, totals, beyond, lines);
        } else {
            accumulate_four_rows_exponentiating(previous_group, keys, values, output_width, group_output, next, score_stride,
                                                staged, staged_stride, columns, references, limits, totals, beyond, lines);
        }
        sparse_attention_avx512_accumulate_from(previous_group.rows, previous_group.stride, 4, keys, values, output_width, 64,
                                                group_output);
        for (long i = 0; i < 4; i++) {
            if (!beyond[i]) continue;
            // The max grew past the limit (or a score is NaN): both passes, as the softmax step alone.
            float *row = next + i * score_stride;
            references[i] = row_reference(row, columns, kept, 0, first_key, maxima + first + i, sums + first + i);
            if (!isnan(references[i])) totals[i] = exp2_row(row, columns, references[i]);
            memcpy(staged + i * staged_stride, row, (size_t)columns * sizeof(float));
        }
    }
    for (long i = 0; i < 4; i++) {
        if (isnan(references[i])) continue;
        online_softmax_advance(references[i], totals[i], maxima + first + i, sums + first + i,
                               output + (first + i) * output_width, output_width);
    }
    return ordinary ? (struct group_weights){staged, staged_stride} : (struct group_weights){next, score_stride};
}

AVX512
void sparse_attention_avx512_softmax_accumulate(float *scores, long score_stride, long rows, long columns, long kept,
                                                const uint64_t *mask, long words_per_row, long first_key, float *maxima,
                                                float *sums, float *output, long output_width, const float *values,
                                                long keys, const void *prefetch, long prefetch_bytes) {
    struct prefetch_lines lines = prefetch_lines_of(prefetch, prefetch_bytes);
    const long groups = output_width >= 64 ? rows / 4 : 0;
    if (groups < 2) {
        // Nothing to overlap.
        sparse_attention_avx512_softmax_tile(scores, score_stride, rows, columns, kept, mask, words_per_row, first_key, maxima, sums,
                                             output, output_width);
        sparse_attention_avx512_accumulate(scores, score_stride, rows, keys, values, output_width, output);
        prefetch_rest(&lines);
        return;
    }
    // Two groups' weights, the one being multiplied and the one being computed (a block's
    // columns are at most 512).
    const long staged_stride = (columns + 15) / 16 * 16;
    float staged[2][4 * 512] __attribute__((aligned(64)));
    sparse_attention_avx512_softmax_tile(scores, score_stride, 4, columns, kept, mask, words_per_row, first_key, maxima, sums, output,
                                         output_width);
    struct group_weights weights = {scores, score_stride};
    for (long group = 0; group + 1 < groups; group++) {
        weights = exponentiate_next_group(weights, scores, score_stride, 4 * group + 4, columns, kept, mask, words_per_row,
                                          first_key, maxima, sums, output, output_width, values, keys, staged[(group + 1) & 1],
                                          staged_stride, output + 4 * group * output_width, &lines);
    }
    sparse_attention_avx512_accumulate(weights.rows, weights.stride, 4, keys, values, output_width,
                                       output + 4 * (groups - 1) * output_width);
    const long tail = 4 * groups;
    if (tail < rows) {
        sparse_attention_avx512_softmax_tile(scores + tail * score_stride, score_stride, rows - tail, columns, kept,
                                             mask ? mask + tail * words_per_row : 0, words_per_row, first_key, maxima + tail,
                                             sums + tail, output + tail * output_width, output_width);
        sparse_attention_avx512_accumulate(scores + tail * score_stride, score_stride, rows - tail, keys, values, output_width,
                                           output + tail * output_width);
    }
    prefetch_rest(&lines);
}

#endif
