// QueryLanesAVX512: flash attention with a chunk's 64 query rows in the lanes of four
// sixteen-lane vectors, for CPUs with AVX-512. The tile products are the row-major ones
// turned over — Sᵀ = K·Qᵀ and Oᵀ += Vᵀ·Pᵀ — so that K and V are read where they are, one
// broadcast component at a time, and never packed (which cost 8–10 % of a narrow band's
// call in memory traffic, see docs/performance.md), while the chunk's Qᵀ and Oᵀ stay in L1.
// With the rows in lanes, a row's max and sum over a tile are plain vector maxima and sums
// across the key rows (no horizontal reductions), and the max comes out of the score
// product's registers. A partial tile is its kept key rows, each with the lanes (query
// rows) that keep it: empty key rows are skipped, runs of four key rows compute only the
// vectors their lanes touch, and P·V adds a key row into its kept lanes only (masked
// multiply-adds), so a dropped key never contributes, whatever its values; runs of key rows
// that every lane of their vectors keeps (a summary column) need no masks.

#include "CTileKernels.h"

#if defined(__x86_64__)

#include <math.h>
#include "TargetAttributes.h"
#include "QueryLanes.h"
#include "SoftmaxRowAVX512.h"

/// The 16 lanes of vector `j` of key row mask `bits`.
static inline __mmask16 lanes_of(uint64_t bits, int j) { return (__mmask16)(bits >> (16 * j)); }

/// Scores of `NR` key rows (at `k[i]`) against the vectors `j0 ..< j0 + NV` of Qᵀ, times
/// `factor`, into `scores_t` rows `first ..< first + NR` (the other vectors −∞, as the lanes
/// their mask drops when `masks`); folds them into the lane maxima `mx` and NaN lanes `nan`.
#define SCORE_BLOCK(NR, NV)                                                                                            \
    do {                                                                                                               \
        __m512 acc[NR][NV];                                                                                            \
        for (int i = 0; i < NR; i++)                                                                                   \
            for (int v = 0; v < NV; v++) acc[i][v] = _mm512_setzero_ps();                                              \
        for (long c = 0; c < depth; c++) {                                                                             \
            if ((c & 3) == 0) prefetch_one(lines);                                                                     \
            __m512 qv[NV];                                                                                             \
            for (int v = 0; v < NV; v++) qv[v] = _mm512_loadu_ps(query_t + c * LANES + 16 * (j0 + v));                 \
            for (int i = 0; i < NR; i++) {                                                                             \
                const __m512 b = _mm512_set1_ps(k[i][c]);                                                              \
                for (int v = 0; v < NV; v++) acc[i][v] = _mm512_fmadd_ps(b, qv[v], acc[i][v]);                         \
            }                                                                                                          \
        }                                                                                                              \
        for (int i = 0; i < NR; i++) {                                                                                 \
            float *row = scores_t + (first + i) * LANES;                                                               \
            for (int j = 0; j < 4; j++) {                                                                              \
                __m512 s = minus_infinity;                                                                             \
                if (j >= j0 && j < j0 + NV) {                                                                          \
                    s = _mm512_mul_ps(acc[i][j - j0], factor);                                                         \
                    if (masks) s = _mm512_mask_mov_ps(minus_infinity, lanes_of(masks[i], j), s);                       \
                    nan[j] |= _mm512_cmp_ps_mask(s, s, _CMP_UNORD_Q);                                                  \
                    mx[j] = _mm512_max_ps(mx[j], s);                                                                   \
                }                                                                                                      \
                _mm512_storeu_ps(row + 16 * j, s);                                                                     \
            }                                                                                                          \
        }                                                                                                              \
    } while (0)

/// Scores of up to four key rows: `count` of them at `k`, lanes `masks` (or all).
AVX512
static inline void score_rows(const float *const *k, int count, const uint64_t *masks, const float *query_t, long depth, __m512 factor,
                              float *scores_t, long first, __m512 *mx, __mmask16 *nan, struct prefetch_lines *lines) {
    const __m512 minus_infinity = _mm512_set1_ps(-INFINITY);
    int j0 = 0, width = 4;
    if (masks) {
        uint64_t any = 0;
        for (int i = 0; i < count; i++) any |= masks[i];
        int j1;
        touched_vectors(any, 16, &j0, &j1);
        width = j1 - j0;
        if (width == 3) width = 4, j0 = 0;
    }
    if (count == 4) {
        if (width == 4) SCORE_BLOCK(4, 4);
        else if (width == 2) SCORE_BLOCK(4, 2);
        else if (width == 1) SCORE_BLOCK(4, 1);
    } else {
        // The last one to three rows, one at a time.
        for (int r = 0; r < count; r++, k++, first++, masks = masks ? masks + 1 : 0) {
            if (width == 4) SCORE_BLOCK(1, 4);
            else if (width == 2) SCORE_BLOCK(1, 2);
            else if (width == 1) SCORE_BLOCK(1, 1);
        }
    }
}

/// `Oᵀ[c][lanes] += V[key][c] · Pᵀ[key][lanes]` for the `ND` components `c0 ..< c0 + ND`, the
/// key rows `first ..< end` (values at `v[key]`) and the `NV` vectors of lanes from `j0`; when
/// `EXP`, first turns each key row's scores there into weights 2^(s − shift) and adds them to
/// `sum`. When `MASKED`, each key row only into the lanes of `masks[key]`.
#define PV_BLOCK(ND, EXP, MASKED, NV)                                                                                  \
    do {                                                                                                               \
        __m512 acc[ND][NV];                                                                                            \
        for (int i = 0; i < ND; i++)                                                                                   \
            for (int j = 0; j < NV; j++) acc[i][j] = _mm512_loadu_ps(output_t + (c0 + i) * LANES + 16 * (j0 + j));     \
        for (long key = first; key < end; key++) {                                                                     \
            if ((key & 3) == 0) prefetch_one(lines);                                                                   \
            float *row = scores_t + key * LANES + 16 * j0;                                                             \
            __m512 p[NV];                                                                                              \
            for (int j = 0; j < NV; j++) {                                                                             \
                if (EXP) {                                                                                             \
                    p[j] = exp2_of_non_positive(_mm512_sub_ps(_mm512_loadu_ps(row + 16 * j), shift[j0 + j]));          \
                    _mm512_storeu_ps(row + 16 * j, p[j]);                                                              \
                    sum[j0 + j] = _mm512_add_ps(sum[j0 + j], p[j]);                                                    \
                } else {                                                                                               \
                    p[j] = _mm512_loadu_ps(row + 16 * j);                                                              \
                }                                                                                                      \
            }                                                                                                          \
            const float *value = v[key] + c0;                                                                          \
            for (int i = 0; i < ND; i++) {                                                                             \
                const __m512 b = _mm512_set1_ps(value[i]);                                                             \
                for (int j = 0; j < NV; j++)                                                                           \
                    acc[i][j] = MASKED ? _mm512_mask3_fmadd_ps(b, p[j], acc[i][j], lanes_of(masks[key], j0 + j))       \
                                       : _mm512_fmadd_ps(b, p[j], acc[i][j]);                                          \
            }                                                                                                          \
        }                                                                                                              \
        for (int i = 0; i < ND; i++)                                                                                   \
            for (int j = 0; j < NV; j++) _mm512_storeu_ps(output_t + (c0 + i) * LANES + 16 * (j0 + j), acc[i][j]);     \
    } while (0)

/// The lanes' online softmax step for a tile whose lane maxima are `mx` and NaN lanes `nan`,
/// as `TileWorkspace.softmaxStep` in AttentionKernels does for a row: a NaN or +∞ score, or a
/// NaN max, makes the lane NaN (its shift NaN, so its weights and sum are NaN too); a lane
/// that keeps nothing so far gets weights 0 (shift 0 against scores of −∞); otherwise the
/// reference moves to the new max only when it grows past the previous one by more than the
/// threshold, rescaling the lane's sum and output. Returns the shifts of the weights.
AVX512
static inline void step_lanes(const __m512 *mx, const __mmask16 *nan, float *maxima, float *sums, float *output_t, long value_depth,
                              __m512 *shift) {
    const __m512 minus_infinity = _mm512_set1_ps(-INFINITY), infinity = _mm512_set1_ps(INFINITY);
    __m512 factor[4];
    int rescales = 0;
    for (int j = 0; j < 4; j++) {
        const __m512 previous = _mm512_loadu_ps(maxima + 16 * j);
        const __m512 maximum = _mm512_max_ps(mx[j], previous);
        const __mmask16 bad = nan[j] | _mm512_cmp_ps_mask(previous, previous, _CMP_UNORD_Q)
                              | _mm512_cmp_ps_mask(maximum, infinity, _CMP_EQ_OQ);
        const __mmask16 empty = (__mmask16)(~bad & _mm512_cmp_ps_mask(maximum, minus_infinity, _CMP_EQ_OQ));
        const __mmask16 keeps_previous = _mm512_cmp_ps_mask(previous, minus_infinity, _CMP_GT_OQ)
                                         & _mm512_cmp_ps_mask(maximum, _mm512_add_ps(previous, _mm512_set1_ps(ONLINE_SOFTMAX_RESCALE_THRESHOLD)), _CMP_LE_OQ);
        __m512 reference = _mm512_mask_mov_ps(maximum, keeps_previous, previous);
        // Rescaled: lanes whose reference moved up from a finite one.
        const __mmask16 moved = (__mmask16)(~bad & ~empty & ~keeps_previous & _mm512_cmp_ps_mask(previous, minus_infinity, _CMP_GT_OQ));
        factor[j] = _mm512_mask_mov_ps(_mm512_set1_ps(1.0f), moved, exp2_of_non_positive(_mm512_sub_ps(previous, reference)));
        rescales |= moved != 0;
        // An empty lane's reference is its max, −∞, already.
        const __m512 not_a_number = _mm512_set1_ps(NAN);
        reference = _mm512_mask_mov_ps(reference, bad, not_a_number);
        shift[j] = _mm512_mask_mov_ps(reference, empty, _mm512_setzero_ps());
        _mm512_storeu_ps(maxima + 16 * j, reference);
        const __m512 sum = _mm512_mul_ps(_mm512_loadu_ps(sums + 16 * j), factor[j]);
        _mm512_storeu_ps(sums + 16 * j, _mm512_mask_mov_ps(sum, bad, not_a_number));
    }
    if (rescales)
        for (long c = 0; c < value_depth; c++)
            for (int j = 0; j < 4; j++)
                _mm512_storeu_ps(output_t + c * LANES + 16 * j, _mm512_mul_ps(_mm512_loadu_ps(output_t + c * LANES + 16 * j), factor[j]));
}

/// P·V over all components of the key rows `first ..< end` into the `NV` vectors from `j0`, the
/// first components computing the weights as they go.
#define values_product(MASKED, NV)                                                                                     \
    {                                                                                                                  \
        long c0 = 0;                                                                                                   \
        if (value_depth >= 4) {                                                                                        \
            PV_BLOCK(4, 1, MASKED, NV);                                                                                \
            c0 = 4;                                                                                                    \
        } else {                                                                                                       \
            PV_BLOCK(1, 1, MASKED, NV);                                                                                \
            c0 = 1;                                                                                                    \
        }                                                                                                              \
        for (; c0 + 4 <= value_depth; c0 += 4) PV_BLOCK(4, 0, MASKED, NV);                                            \
        for (; c0 < value_depth; c0++) PV_BLOCK(1, 0, MASKED, NV);                                                     \
    }

/// `values_product` for the `WIDTH` (1 to 4) vectors from `j0`.
#define values_product_of_width(MASKED, WIDTH)                                                                         \
    switch (WIDTH) {                                                                                                   \
    case 4: values_product(MASKED, 4) break;                                                                           \
    case 3: values_product(MASKED, 3) break;                                                                           \
    case 2: values_product(MASKED, 2) break;                                                                           \
    case 1: values_product(MASKED, 1) break;                                                                           \
    }

AVX512
void sparse_attention_avx512_lanes_tile(const float *query_t, long depth, float scale, const float *keys, const float *values,
                                        long value_depth, long key_count, const int32_t *key_rows, const uint64_t *lane_masks,
                                        float *scores_t, float *maxima, float *sums, float *output_t, const void *key_prefetch,
                                        long key_prefetch_bytes, const void *value_prefetch, long value_prefetch_bytes) {
    struct kept_key_rows kept;
    keep_key_rows(keys, depth, values, value_depth, key_count, key_rows, lane_masks, &kept);
    const long count = kept.count;
    if (count == 0) return;
    const float *const *k = kept.k, *const *v = kept.v;
    const uint64_t *masks = lane_masks ? kept.masks : 0;
    const __m512 factor = _mm512_set1_ps(scale);
    __m512 mx[4] = {_mm512_set1_ps(-INFINITY), _mm512_set1_ps(-INFINITY), _mm512_set1_ps(-INFINITY), _mm512_set1_ps(-INFINITY)};
    __mmask16 nan[4] = {0, 0, 0, 0};
    struct prefetch_lines key_lines = prefetch_lines_of(key_prefetch, key_prefetch_bytes);
    for (long first = 0; first < count; first += 4) {
        const int rows = count - first < 4 ? (int)(count - first) : 4;
        score_rows(k + first, rows, masks ? masks + first : 0, query_t, depth, factor, scores_t, first, mx, nan, &key_lines);
    }
    prefetch_rest(&key_lines);
    __m512 shift[4], sum[4];
    step_lanes(mx, nan, maxima, sums, output_t, value_depth, shift);
    for (int j = 0; j < 4; j++) sum[j] = _mm512_setzero_ps();
    struct prefetch_lines value_lines = prefetch_lines_of(value_prefetch, value_prefetch_bytes);
    struct prefetch_lines *lines = &value_lines;
    if (masks) {
        struct key_segment segments[LANES / 4];
        const long segment_count = key_segments(masks, count, 16, segments);
        for (long n = 0; n < segment_count; n++) {
            const long first = segments[n].first, end = segments[n].end;
            const int j0 = segments[n].j0;
            if (segments[n].whole) {
                values_product_of_width(0, segments[n].j1 - j0)
            } else {
                values_product_of_width(1, segments[n].j1 - j0)
            }
        }
    } else {
        const long first = 0, end = count;
        const int j0 = 0;
        values_product(0, 4)
    }
    prefetch_rest(&value_lines);
    for (int j = 0; j < 4; j++) _mm512_storeu_ps(sums + 16 * j, _mm512_add_ps(_mm512_loadu_ps(sums + 16 * j), sum[j]));
}

#endif
