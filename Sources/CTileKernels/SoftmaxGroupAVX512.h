// SoftmaxGroupAVX512.h (private to CTileKernels): one step of the pipeline that overlaps a
// tile's online softmax with its P·V product in groups of four rows (see
// SoftmaxAccumulateAVX512.c): the next group's weights computed between the multiply-adds of
// the previous group's product. Shared by the drivers of whole tiles, whose groups all read
// the same columns, and of partial tiles (PartialTileAVX512.c), whose groups each read the
// columns their rows keep.

#ifndef C_TILE_KERNELS_SOFTMAX_GROUP_AVX512_H
#define C_TILE_KERNELS_SOFTMAX_GROUP_AVX512_H

#include "PVExponentiatingAVX512.h"

#include <string.h>

/// The columns a group's score rows hold: column `j` is key `first_key + j` of the tile;
/// `columns` (a multiple of 8) of them, of which those from `kept` on are past the keys the
/// group may keep.
struct score_window {
    long first_key;
    long columns;
    long kept;
};

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

/// The group of four rows from `first` (score rows at `scores + first · score_stride`, read
/// through `window`): their weights computed into `staged` (rows of `staged_stride`) while
/// the previous group's P·V runs — its weights `previous_group` times `previous_keys` value
/// rows from `previous_values`, into `group_output` — and folded into their running state.
/// Returns where the group's weights are: in `staged`, or in place of the scores when a row
/// turned NaN or keeps nothing so far (those rows go one by one, as the softmax step alone).
AVX512
static struct group_weights exponentiate_next_group(struct group_weights previous_group, long previous_keys,
                                                    const float *previous_values, float *scores, long score_stride, long first,
                                                    struct score_window window, const uint64_t *mask, long words_per_row,
                                                    float *maxima, float *sums, float *output, long output_width, float *staged,
                                                    long staged_stride, float *group_output, struct prefetch_lines *lines) {
    const long columns = window.columns, kept = window.kept, first_key = window.first_key;
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
        sparse_attention_avx512_accumulate(previous_group.rows, previous_group.stride, 4, previous_keys, previous_values, output_width, group_output);
    } else {
        __mmask16 beyond[4] = {0, 0, 0, 0};
        if (previous_keys == 64 && columns == 64) {
            accumulate_four_rows_exponentiating_64(previous_group, previous_values, output_width, group_output, next, score_stride, staged,
                                                   staged_stride, references, limits, totals, beyond, lines);
        } else {
            accumulate_four_rows_exponentiating(previous_group, previous_keys, previous_values, output_width, group_output, next, score_stride,
                                                staged, staged_stride, columns, references, limits, totals, beyond, lines);
        }
        sparse_attention_avx512_accumulate_from(previous_group.rows, previous_group.stride, 4, previous_keys, previous_values, output_width, 64,
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

#endif
