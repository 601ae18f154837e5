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

#include "SoftmaxGroupAVX512.h"

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
        const struct score_window window = {first_key, columns, kept};
        weights = exponentiate_next_group(weights, keys, values, scores, score_stride, 4 * group + 4, window, mask, words_per_row,
                                          maxima, sums, output, output_width, staged[(group + 1) & 1], staged_stride,
                                          output + 4 * group * output_width, &lines);
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
