// SoftmaxAccumulateAVX512: a tile's online softmax step and its P·V product in one call, for
// CPUs with AVX-512, in groups of four rows. The exponentials of group g + 1 are computed
// between the multiply-adds of group g's P·V, one vector every four keys, so that those of
// their instructions that do not need the multiply-add pipes run beside the multiply-adds
// instead of in a pass of their own (11 % of a tile's time in a standalone 64 × 64 × 64
// test held in L1, 2–6 % of whole calls; see docs/performance.md, also for what was tried
// beyond this). The results are those of `sparse_attention_avx512_softmax_tile` followed by
// `sparse_attention_avx512_accumulate`, bit for bit: each row's weights, sum and output come
// from the same instructions in the same order, only interleaved with another group's.

#include "CTileKernels.h"

#if defined(__x86_64__)

#include "PVBlockAVX512.h"
#include "SoftmaxRowAVX512.h"

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

/// The next pending exponential vector of the next group: row `next_row`'s columns from
/// `next_column`, added to that row's sum.
#define NEXT_EXPONENTIAL()                                                                                               \
    do {                                                                                                                 \
        row_sums[next_row] = _mm512_add_ps(row_sums[next_row], exp2_vector(next + next_row * stride, next_column, columns, \
                                                                            _mm512_set1_ps(references[next_row])));      \
        next_column += 16;                                                                                               \
        if (next_column >= columns) next_column = 0, next_row++;                                                         \
    } while (0)

/// `o[r][c] += Σ_j p[r][j] · v[j][c]` for the four rows at `p` (rows of `stride`), `j < keys`
/// and the first 64 of the `width` columns of `o` and `v`; between its multiply-adds, the
/// four score rows at `next` (rows of `stride`, `columns` of them) become 2^(score −
/// references[row]) in place, with their sums in `totals`.
AVX512
static void accumulate_four_rows_exponentiating(const float *p, long stride, long keys, const float *v, long width, float *o,
                                                float *next, long columns, const float *references, float *totals,
                                                struct prefetch_lines *lines) {
    const float *p0 = p, *p1 = p0 + stride, *p2 = p1 + stride, *p3 = p2 + stride;
    float *o0 = o, *o1 = o0 + width, *o2 = o1 + width, *o3 = o2 + width;
    PV_BLOCK_LOAD(o0, o1, o2, o3);
    long next_row = 0, next_column = 0;
    __m512 row_sums[4] = {_mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps()};
    for (long j = 0; j < keys; j++) {
        prefetch_one(lines);
        PV_BLOCK_KEY(v + j * width, p0, p1, p2, p3, j);
        if ((j & 3) == 3 && next_row < 4) NEXT_EXPONENTIAL();
    }
    while (next_row < 4) NEXT_EXPONENTIAL();
    for (long i = 0; i < 4; i++) totals[i] = _mm512_reduce_add_ps(row_sums[i]);
    PV_BLOCK_STORE(o0, o1, o2, o3);
}

#undef NEXT_EXPONENTIAL

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
    sparse_attention_avx512_softmax_tile(scores, score_stride, 4, columns, kept, mask, words_per_row, first_key, maxima, sums, output,
                                         output_width);
    for (long group = 0; group < groups; group++) {
        const long r = 4 * group, n = r + 4;
        const float *weights = scores + r * score_stride;
        float *group_output = output + r * output_width;
        if (group + 1 == groups) {
            sparse_attention_avx512_accumulate(weights, score_stride, 4, keys, values, output_width, group_output);
            break;
        }
        float references[4], totals[4];
        int ordinary = 1;
        for (long i = 0; i < 4; i++) {
            references[i] = row_reference(scores + (n + i) * score_stride, columns, kept, mask ? mask + (n + i) * words_per_row : 0,
                                          first_key, maxima + n + i, sums + n + i);
            ordinary &= !isnan(references[i]);
        }
        if (ordinary) {
            accumulate_four_rows_exponentiating(weights, score_stride, keys, values, output_width, group_output,
                                                scores + n * score_stride, columns, references, totals, &lines);
            sparse_attention_avx512_accumulate_from(weights, score_stride, 4, keys, values, output_width, 64, group_output);
        } else {
            // A row made NaN or keeping nothing: the rows one by one, as the softmax step alone.
            for (long i = 0; i < 4; i++) {
                if (!isnan(references[i])) totals[i] = exp2_row(scores + (n + i) * score_stride, columns, references[i]);
            }
            sparse_attention_avx512_accumulate(weights, score_stride, 4, keys, values, output_width, group_output);
        }
        for (long i = 0; i < 4; i++) {
            if (isnan(references[i])) continue;
            online_softmax_advance(references[i], totals[i], maxima + n + i, sums + n + i, output + (n + i) * output_width,
                                   output_width);
        }
    }
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
