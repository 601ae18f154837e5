// PartialTileAVX512: a partial tile's whole step — scores, masked online softmax and P·V —
// in one call, for CPUs with AVX-512. Its rows go in pieces of eight, each reading only the
// columns its rows keep (a band's edge keeps a triangle: about 56 % of the tile this way);
// the pieces' scores first, then the softmax overlapped with P·V in groups of four rows as
// for a whole tile (SoftmaxGroupAVX512.h), each group reading its own piece's columns. Called
// a piece at a time, every piece paid its first group's softmax and its last group's product
// on their own, with nothing beside them: a band's edge triangles ran their multiply-adds at
// two fifths of P·V's rate (docs/performance.md). The maxima, sums and output are those of
// the piece-by-piece calls (`sparse_attention_avx512_scores`, then
// `sparse_attention_avx512_softmax_accumulate`) bit for bit.

#include "CTileKernels.h"

#if defined(__x86_64__)

#include "SoftmaxGroupAVX512.h"

/// Rows of a piece: those that share the columns they read.
#define PARTIAL_PIECE_ROWS 8

/// A group of four rows in the pipeline: its first row and the columns it reads.
struct row_group {
    long row;
    struct score_window window;
};

AVX512
void sparse_attention_avx512_partial_tile(const float *q, long rows, long depth, const float *kt, long key_stride, float scale,
                                          const int32_t *column_ranges, long key_count, const uint64_t *mask, long words_per_row,
                                          float *scores, long score_stride, float *maxima, float *sums, float *output,
                                          long output_width, const float *values, const void *key_prefetch,
                                          long key_prefetch_bytes, const void *value_prefetch, long value_prefetch_bytes) {
    struct row_group groups[PARTIAL_TILE_MAX_ROWS / 4];
    long group_count = 0, widest = 0;
    for (long start = 0; start < rows; start += PARTIAL_PIECE_ROWS) {
        const long end = start + PARTIAL_PIECE_ROWS < rows ? start + PARTIAL_PIECE_ROWS : rows;
        long low = key_stride, high = 0;
        for (long r = start; r < end; r++) {
            if (column_ranges[2 * r] < low) low = column_ranges[2 * r];
            if (column_ranges[2 * r + 1] > high) high = column_ranges[2 * r + 1];
        }
        if (high > key_count) high = key_count;
        if (low >= high) continue;
        const long first_key = low / 8 * 8;
        const struct score_window window = {first_key, (high + 7) / 8 * 8 - first_key, high - first_key};
        sparse_attention_avx512_scores(q + start * depth, end - start, depth, kt + first_key, key_stride, window.columns, scale,
                                       scores + start * score_stride, score_stride, key_prefetch, key_prefetch_bytes);
        key_prefetch = 0;
        long r = start;
        for (; r + 4 <= end; r += 4) groups[group_count++] = (struct row_group){r, window};
        if (window.columns > widest) widest = window.columns;
        if (r < end) {
            // A piece's last rows short of a group: on their own, now (rows do not depend on each other).
            sparse_attention_avx512_softmax_tile(scores + r * score_stride, score_stride, end - r, window.columns, window.kept,
                                                 mask + r * words_per_row, words_per_row, first_key, maxima + r, sums + r,
                                                 output + r * output_width, output_width);
            sparse_attention_avx512_accumulate(scores + r * score_stride, score_stride, end - r, window.kept,
                                               values + first_key * output_width, output_width, output + r * output_width);
        }
    }
    struct prefetch_lines lines = prefetch_lines_of(value_prefetch, value_prefetch_bytes);
    if (group_count > 0) {
        // As `sparse_attention_avx512_softmax_accumulate`, with each group's own columns.
        const long staged_stride = (widest + 15) / 16 * 16;
        float staged[2][4 * PARTIAL_TILE_MAX_COLUMNS] __attribute__((aligned(64)));
        const struct row_group *first = &groups[0];
        sparse_attention_avx512_softmax_tile(scores + first->row * score_stride, score_stride, 4, first->window.columns,
                                             first->window.kept, mask + first->row * words_per_row, words_per_row,
                                             first->window.first_key, maxima + first->row, sums + first->row,
                                             output + first->row * output_width, output_width);
        struct group_weights weights = {scores + first->row * score_stride, score_stride};
        for (long g = 0; g + 1 < group_count; g++) {
            const struct row_group *current = &groups[g], *next = &groups[g + 1];
            weights = exponentiate_next_group(weights, current->window.kept, values + current->window.first_key * output_width,
                                              scores, score_stride, next->row, next->window, mask, words_per_row, maxima, sums,
                                              output, output_width, staged[(g + 1) & 1], staged_stride,
                                              output + current->row * output_width, &lines);
        }
        const struct row_group *last = &groups[group_count - 1];
        sparse_attention_avx512_accumulate(weights.rows, weights.stride, 4, last->window.kept,
                                           values + last->window.first_key * output_width, output_width,
                                           output + last->row * output_width);
    }
    prefetch_rest(&lines);
}

#endif
