// PVExponentiatingAVX512.h (private to CTileKernels): the P·V block of four rows with the
// next group's exponentials between its multiply-adds, one vector every four keys (see
// SoftmaxAccumulateAVX512.c) — for any tile, and unrolled for a full 64 × 64 one, where each
// vector's row, sum and limit are known when compiled and stay in registers (3–4 % of dense
// attention's time against the general loop, whose bookkeeping went through the stack).

#ifndef C_TILE_KERNELS_PV_EXPONENTIATING_AVX512_H
#define C_TILE_KERNELS_PV_EXPONENTIATING_AVX512_H

#include "PVBlockAVX512.h"
#include "SoftmaxRowAVX512.h"

/// The weights of a group's rows, wherever they are: row `i` at `rows + i · stride`.
struct group_weights {
    const float *rows;
    long stride;
};

/// The next pending exponential vector of the next group: row `next_row`'s scores from
/// `next_column` on, taken as 2^(score − reference) into that row of `staged` and added to the
/// row's sum; lanes whose score is NaN or above the row's limit are marked in `beyond`.
#define NEXT_EXPONENTIAL()                                                                                               \
    do {                                                                                                                 \
        row_sums[next_row] = _mm512_add_ps(                                                                              \
            row_sums[next_row],                                                                                          \
            exp2_vector_checked(next + next_row * stride, staged + next_row * staged_stride, next_column, columns,       \
                                _mm512_set1_ps(references[next_row]), _mm512_set1_ps(limits[next_row]),                  \
                                beyond + next_row));                                                                     \
        next_column += 16;                                                                                               \
        if (next_column >= columns) next_column = 0, next_row++;                                                         \
    } while (0)

/// `o[r][c] += Σ_j p[r][j] · v[j][c]` for the four rows of `p`, `j < keys` and the first 64 of
/// the `width` columns of `o` and `v`; between its multiply-adds, the four score rows at `next`
/// (rows of `stride`, `columns` of them) become 2^(score − references[row]) in the rows of
/// `staged` (rows of `staged_stride`), with their sums in `totals` and, in `beyond`, the lanes
/// whose score is NaN or above `limits[row]`. One exponential vector every four keys.
AVX512
static void accumulate_four_rows_exponentiating(struct group_weights p, long keys, const float *v, long width, float *o,
                                                const float *next, long stride, float *staged, long staged_stride,
                                                long columns, const float *references, const float *limits, float *totals,
                                                __mmask16 *beyond, struct prefetch_lines *lines) {
    const float *p0 = p.rows, *p1 = p0 + p.stride, *p2 = p1 + p.stride, *p3 = p2 + p.stride;
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

/// Four keys of the P·V product, then row `row`'s exponential vector at `column` (all of a
/// full tile's 64 columns, so that the row, its sum and its limit are known when compiled).
#define FOUR_KEYS_THEN_EXPONENTIAL(j, row, sum, column)                                                                  \
    do {                                                                                                                 \
        _Pragma("clang loop unroll(disable)") for (long key = (j); key < (j) + 4; key++) {                               \
            prefetch_one(lines);                                                                                         \
            PV_BLOCK_KEY(v + key * width, p0, p1, p2, p3, key);                                                          \
        }                                                                                                                \
        sum = _mm512_add_ps(sum, exp2_vector_checked(next + (row) * stride, staged + (row) * staged_stride, column, 64, \
                                                     _mm512_set1_ps(references[row]), _mm512_set1_ps(limits[row]),        \
                                                     beyond + (row)));                                                   \
    } while (0)

/// `accumulate_four_rows_exponentiating` for a full tile: 64 keys and 64 columns.
AVX512
static void accumulate_four_rows_exponentiating_64(struct group_weights p, const float *v, long width, float *o, const float *next,
                                                   long stride, float *staged, long staged_stride, const float *references,
                                                   const float *limits, float *totals, __mmask16 *beyond,
                                                   struct prefetch_lines *lines) {
    const float *p0 = p.rows, *p1 = p0 + p.stride, *p2 = p1 + p.stride, *p3 = p2 + p.stride;
    float *o0 = o, *o1 = o0 + width, *o2 = o1 + width, *o3 = o2 + width;
    PV_BLOCK_LOAD(o0, o1, o2, o3);
    __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps(), s2 = _mm512_setzero_ps(), s3 = _mm512_setzero_ps();
    FOUR_KEYS_THEN_EXPONENTIAL(0, 0, s0, 0);
    FOUR_KEYS_THEN_EXPONENTIAL(4, 0, s0, 16);
    FOUR_KEYS_THEN_EXPONENTIAL(8, 0, s0, 32);
    FOUR_KEYS_THEN_EXPONENTIAL(12, 0, s0, 48);
    FOUR_KEYS_THEN_EXPONENTIAL(16, 1, s1, 0);
    FOUR_KEYS_THEN_EXPONENTIAL(20, 1, s1, 16);
    FOUR_KEYS_THEN_EXPONENTIAL(24, 1, s1, 32);
    FOUR_KEYS_THEN_EXPONENTIAL(28, 1, s1, 48);
    FOUR_KEYS_THEN_EXPONENTIAL(32, 2, s2, 0);
    FOUR_KEYS_THEN_EXPONENTIAL(36, 2, s2, 16);
    FOUR_KEYS_THEN_EXPONENTIAL(40, 2, s2, 32);
    FOUR_KEYS_THEN_EXPONENTIAL(44, 2, s2, 48);
    FOUR_KEYS_THEN_EXPONENTIAL(48, 3, s3, 0);
    FOUR_KEYS_THEN_EXPONENTIAL(52, 3, s3, 16);
    FOUR_KEYS_THEN_EXPONENTIAL(56, 3, s3, 32);
    FOUR_KEYS_THEN_EXPONENTIAL(60, 3, s3, 48);
    totals[0] = _mm512_reduce_add_ps(s0);
    totals[1] = _mm512_reduce_add_ps(s1);
    totals[2] = _mm512_reduce_add_ps(s2);
    totals[3] = _mm512_reduce_add_ps(s3);
    PV_BLOCK_STORE(o0, o1, o2, o3);
}

#undef FOUR_KEYS_THEN_EXPONENTIAL

#endif
