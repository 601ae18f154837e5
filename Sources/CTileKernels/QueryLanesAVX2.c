// QueryLanesAVX2: the lanes step of QueryLanesAVX512.c — a chunk's 64 query rows in vector
// lanes, Sᵀ = K·Qᵀ and Oᵀ += Vᵀ·Pᵀ with K and V read where they are — for CPUs with AVX2
// and FMA: the 64 lanes are eight vectors of eight, and a block of the products covers half
// of them (four vectors) for two key rows or two components, since sixteen registers hold
// eight accumulators and their operands, not sixteen (blocks of 4 × 3, twelve accumulators,
// made the compiler spill them inside the loop: 1.6× slower). AVX2 has no mask registers: a
// key row's lanes become a vector mask where the scores need one (a dropped lane's score is
// −∞, so its weight is 0). P·V adds those zero weights like any other when every value row
// a segment of key rows reads is finite, which a pass over the rows checks first (Dv / 8
// vector multiplies and adds a key row, against up to 8 · Dv multiply-adds in P·V); only a
// segment with a NaN or ∞ among its values masks the multiply-adds, so that a dropped key
// never contributes, whatever its values. A segment whose rows keep every lane of their
// vectors drops nothing and needs no check.

#include "CTileKernels.h"

#if defined(__x86_64__)

#include <math.h>
#include "OnlineSoftmax.h"
#include "QueryLanes.h"
#include "VectorAVX2.h"

#define VECTORS 8

/// The eight bits of vector `j` of key row mask `bits`.
static inline unsigned lanes_of(uint64_t bits, int j) { return (unsigned)(bits >> (8 * j)) & 0xFF; }

/// The lanes of vector `j` of `bits` as a vector mask (all ones where the bit is set).
AVX2_FMA
static inline __m256 lane_mask(uint64_t bits, int j) {
    const __m256i select = _mm256_setr_epi32(1, 2, 4, 8, 16, 32, 64, 128);
    const __m256i byte = _mm256_set1_epi32((int)lanes_of(bits, j));
    return _mm256_castsi256_ps(_mm256_cmpeq_epi32(_mm256_and_si256(byte, select), select));
}

/// Scores of `NR` key rows (at `k[i]`) against the vectors `j ..< j + NV` of Qᵀ, times
/// `factor`, into `scores_t` rows `first ..< first + NR` (−∞ in the lanes their mask drops,
/// when `masks`); folds them into the lane maxima `mx` and NaN lanes `nan`.
#define SCORE_BLOCK(NR, NV)                                                                                            \
    do {                                                                                                               \
        __m256 acc[NR][NV];                                                                                            \
        for (int i = 0; i < NR; i++)                                                                                   \
            for (int w = 0; w < NV; w++) acc[i][w] = _mm256_setzero_ps();                                              \
        for (long c = 0; c < depth; c++) {                                                                             \
            if ((c & 15) == 0) prefetch_one(lines);                                                                    \
            const float *q = query_t + c * LANES + 8 * j;                                                              \
            for (int i = 0; i < NR; i++) {                                                                             \
                const __m256 b = _mm256_broadcast_ss(k[i] + c);                                                        \
                for (int w = 0; w < NV; w++) acc[i][w] = _mm256_fmadd_ps(b, _mm256_loadu_ps(q + 8 * w), acc[i][w]);   \
            }                                                                                                          \
        }                                                                                                              \
        for (int i = 0; i < NR; i++) {                                                                                 \
            float *row = scores_t + (first + i) * LANES;                                                               \
            for (int w = 0; w < NV; w++) {                                                                             \
                __m256 s = _mm256_mul_ps(acc[i][w], factor);                                                           \
                if (masks) s = _mm256_blendv_ps(minus_infinity, s, lane_mask(masks[i], j + w));                        \
                nan[j + w] = _mm256_or_ps(nan[j + w], _mm256_cmp_ps(s, s, _CMP_UNORD_Q));                              \
                mx[j + w] = _mm256_max_ps(mx[j + w], s);                                                               \
                _mm256_storeu_ps(row + 8 * (j + w), s);                                                                \
            }                                                                                                          \
        }                                                                                                              \
    } while (0)

/// Scores of one or two key rows (`count` of them at `k`, lanes `masks` or all) over the
/// vectors they touch, four at a time; −∞ in the other vectors.
AVX2_FMA
static inline void score_rows(const float *const *k, int count, const uint64_t *masks, const float *query_t, long depth, __m256 factor,
                              float *scores_t, long first, __m256 *mx, __m256 *nan, struct prefetch_lines *lines) {
    const __m256 minus_infinity = _mm256_set1_ps(-INFINITY);
    int j0 = 0, j1 = VECTORS;
    if (masks) {
        touched_vectors(count == 2 ? masks[0] | masks[1] : masks[0], 8, &j0, &j1);
        for (int i = 0; i < count; i++)
            for (int j = 0; j < VECTORS; j++)
                if (j < j0 || j >= j1) _mm256_storeu_ps(scores_t + (first + i) * LANES + 8 * j, minus_infinity);
    }
    for (int j = j0; j < j1; j += 4) {
        const int width = j1 - j < 4 ? j1 - j : 4;
        if (count == 2) {
            switch (width) {
            case 4: SCORE_BLOCK(2, 4); break;
            case 3: SCORE_BLOCK(2, 3); break;
            case 2: SCORE_BLOCK(2, 2); break;
            case 1: SCORE_BLOCK(2, 1); break;
            }
        } else {
            switch (width) {
            case 4: SCORE_BLOCK(1, 4); break;
            case 3: SCORE_BLOCK(1, 3); break;
            case 2: SCORE_BLOCK(1, 2); break;
            case 1: SCORE_BLOCK(1, 1); break;
            }
        }
    }
}

/// `Oᵀ[c][lanes] += V[key][c] · Pᵀ[key][lanes]` for the `ND` components `c0 ..< c0 + ND`, the
/// key rows `first ..< end` (values at `v[key]`) and the `NV` vectors of lanes from `j`; when
/// `EXP`, first turns each key row's scores there into weights 2^(s − shift) and adds them to
/// `sum`. When `MASKED`, each key row only into the lanes of `masks[key]`.
#define PV_BLOCK(ND, EXP, MASKED, NV)                                                                                  \
    do {                                                                                                               \
        __m256 acc[ND][NV];                                                                                            \
        for (int i = 0; i < ND; i++)                                                                                   \
            for (int w = 0; w < NV; w++) acc[i][w] = _mm256_loadu_ps(output_t + (c0 + i) * LANES + 8 * (j + w));      \
        for (long key = first; key < end; key++) {                                                                     \
            if ((key & 7) == 0) prefetch_one(lines);                                                                   \
            float *row = scores_t + key * LANES + 8 * j;                                                               \
            __m256 p[NV];                                                                                              \
            for (int w = 0; w < NV; w++) {                                                                             \
                if (EXP) {                                                                                             \
                    p[w] = exp2_of_non_positive(_mm256_sub_ps(_mm256_loadu_ps(row + 8 * w), shift[j + w]));            \
                    _mm256_storeu_ps(row + 8 * w, p[w]);                                                               \
                    sum[j + w] = _mm256_add_ps(sum[j + w], p[w]);                                                      \
                } else {                                                                                               \
                    p[w] = _mm256_loadu_ps(row + 8 * w);                                                               \
                }                                                                                                      \
            }                                                                                                          \
            const float *value = v[key] + c0;                                                                          \
            for (int i = 0; i < ND; i++) {                                                                             \
                const __m256 b = _mm256_broadcast_ss(value + i);                                                       \
                for (int w = 0; w < NV; w++) {                                                                         \
                    const __m256 added = _mm256_fmadd_ps(b, p[w], acc[i][w]);                                          \
                    acc[i][w] = MASKED ? _mm256_blendv_ps(acc[i][w], added, lane_mask(masks[key], j + w)) : added;     \
                }                                                                                                      \
            }                                                                                                          \
        }                                                                                                              \
        for (int i = 0; i < ND; i++)                                                                                   \
            for (int w = 0; w < NV; w++) _mm256_storeu_ps(output_t + (c0 + i) * LANES + 8 * (j + w), acc[i][w]);      \
    } while (0)

/// P·V over all components of the key rows `first ..< end` into the `NV` vectors from `j`,
/// the first components computing the weights as they go; masked by one component at a time
/// (the masks take registers of their own).
#define values_product(MASKED, NV)                                                                                     \
    {                                                                                                                  \
        long c0 = 0;                                                                                                   \
        if (value_depth >= 2 && !MASKED) {                                                                             \
            PV_BLOCK(2, 1, 0, NV);                                                                                     \
            c0 = 2;                                                                                                    \
        } else {                                                                                                       \
            PV_BLOCK(1, 1, MASKED, NV);                                                                                \
            c0 = 1;                                                                                                    \
        }                                                                                                              \
        if (!MASKED)                                                                                                   \
            for (; c0 + 2 <= value_depth; c0 += 2) PV_BLOCK(2, 0, 0, NV);                                             \
        for (; c0 < value_depth; c0++) PV_BLOCK(1, 0, MASKED, NV);                                                     \
    }

/// P·V of the key rows `first ..< end` into the vectors `j0 ..< j1`, four at a time.
#define values_products(MASKED)                                                                                        \
    for (int j = j0; j < j1; j += 4) {                                                                                 \
        switch (j1 - j < 4 ? j1 - j : 4) {                                                                             \
        case 4: values_product(MASKED, 4) break;                                                                       \
        case 3: values_product(MASKED, 3) break;                                                                       \
        case 2: values_product(MASKED, 2) break;                                                                       \
        case 1: values_product(MASKED, 1) break;                                                                       \
        }                                                                                                              \
    }

/// Whether the `value_depth` floats of each of the `count` rows at `v` are all finite
/// (x · 0 is NaN for x = ±∞ or NaN, ±0 otherwise).
AVX2_FMA
static int values_are_finite(const float *const *v, long count, long value_depth) {
    const __m256 zero = _mm256_setzero_ps();
    __m256 products = zero;
    const long whole = value_depth & ~7L;
    for (long i = 0; i < count; i++) {
        for (long c = 0; c < whole; c += 8) products = _mm256_add_ps(products, _mm256_mul_ps(_mm256_loadu_ps(v[i] + c), zero));
        for (long c = whole; c < value_depth; c++)
            if (!isfinite(v[i][c])) return 0;
    }
    return _mm256_movemask_ps(_mm256_cmp_ps(products, products, _CMP_UNORD_Q)) == 0;
}

/// The lanes' online softmax step of `step_lanes` in QueryLanesAVX512.c, on eight vectors
/// with vector masks: a NaN or +∞ score, or a NaN max, makes the lane NaN; a lane that keeps
/// nothing so far gets weights 0 (shift 0 against scores of −∞); otherwise the reference
/// moves to the new max only when it grows past the previous one by more than the
/// threshold, rescaling the lane's sum and output. Returns the shifts of the weights.
AVX2_FMA
static inline void step_lanes(const __m256 *mx, const __m256 *nan, float *maxima, float *sums, float *output_t, long value_depth,
                              __m256 *shift) {
    const __m256 minus_infinity = _mm256_set1_ps(-INFINITY), infinity = _mm256_set1_ps(INFINITY);
    const __m256 not_a_number = _mm256_set1_ps(NAN), one = _mm256_set1_ps(1.0f);
    __m256 factor[VECTORS];
    int rescales = 0;
    for (int j = 0; j < VECTORS; j++) {
        const __m256 previous = _mm256_loadu_ps(maxima + 8 * j);
        const __m256 maximum = _mm256_max_ps(mx[j], previous);
        const __m256 bad = _mm256_or_ps(_mm256_or_ps(nan[j], _mm256_cmp_ps(previous, previous, _CMP_UNORD_Q)),
                                        _mm256_cmp_ps(maximum, infinity, _CMP_EQ_OQ));
        const __m256 empty = _mm256_andnot_ps(bad, _mm256_cmp_ps(maximum, minus_infinity, _CMP_EQ_OQ));
        const __m256 finite_previous = _mm256_cmp_ps(previous, minus_infinity, _CMP_GT_OQ);
        const __m256 keeps_previous = _mm256_and_ps(
            finite_previous,
            _mm256_cmp_ps(maximum, _mm256_add_ps(previous, _mm256_set1_ps(ONLINE_SOFTMAX_RESCALE_THRESHOLD)), _CMP_LE_OQ));
        __m256 reference = _mm256_blendv_ps(maximum, previous, keeps_previous);
        // Rescaled: lanes whose reference moved up from a finite one.
        const __m256 moved = _mm256_andnot_ps(bad, _mm256_andnot_ps(empty, _mm256_andnot_ps(keeps_previous, finite_previous)));
        factor[j] = _mm256_blendv_ps(one, exp2_of_non_positive(_mm256_sub_ps(previous, reference)), moved);
        rescales |= _mm256_movemask_ps(moved);
        // An empty lane's reference is its max, −∞, already.
        reference = _mm256_blendv_ps(reference, not_a_number, bad);
        shift[j] = _mm256_blendv_ps(reference, _mm256_setzero_ps(), empty);
        _mm256_storeu_ps(maxima + 8 * j, reference);
        const __m256 sum = _mm256_mul_ps(_mm256_loadu_ps(sums + 8 * j), factor[j]);
        _mm256_storeu_ps(sums + 8 * j, _mm256_blendv_ps(sum, not_a_number, bad));
    }
    if (rescales)
        for (long c = 0; c < value_depth; c++)
            for (int j = 0; j < VECTORS; j++)
                _mm256_storeu_ps(output_t + c * LANES + 8 * j, _mm256_mul_ps(_mm256_loadu_ps(output_t + c * LANES + 8 * j), factor[j]));
}

AVX2_FMA
void sparse_attention_avx2_lanes_tile(const float *query_t, long depth, float scale, const float *keys, const float *values,
                                      long value_depth, long key_count, const int32_t *key_rows, const uint64_t *lane_masks,
                                      float *scores_t, float *maxima, float *sums, float *output_t, const void *key_prefetch,
                                      long key_prefetch_bytes, const void *value_prefetch, long value_prefetch_bytes) {
    struct kept_key_rows kept;
    keep_key_rows(keys, depth, values, value_depth, key_count, key_rows, lane_masks, &kept);
    const long count = kept.count;
    if (count == 0) return;
    const float *const *k = kept.k, *const *v = kept.v;
    const uint64_t *masks = lane_masks ? kept.masks : 0;
    const __m256 factor = _mm256_set1_ps(scale);
    __m256 mx[VECTORS], nan[VECTORS];
    for (int j = 0; j < VECTORS; j++) mx[j] = _mm256_set1_ps(-INFINITY), nan[j] = _mm256_setzero_ps();
    struct prefetch_lines key_lines = prefetch_lines_of(key_prefetch, key_prefetch_bytes);
    for (long first = 0; first < count; first += 2) {
        const int rows = count - first < 2 ? 1 : 2;
        score_rows(k + first, rows, masks ? masks + first : 0, query_t, depth, factor, scores_t, first, mx, nan, &key_lines);
    }
    prefetch_rest(&key_lines);
    __m256 shift[VECTORS], sum[VECTORS];
    step_lanes(mx, nan, maxima, sums, output_t, value_depth, shift);
    for (int j = 0; j < VECTORS; j++) sum[j] = _mm256_setzero_ps();
    struct prefetch_lines value_lines = prefetch_lines_of(value_prefetch, value_prefetch_bytes);
    struct prefetch_lines *lines = &value_lines;
    if (masks) {
        struct key_segment segments[LANES / 4];
        const long segment_count = key_segments(masks, count, 8, segments);
        for (long n = 0; n < segment_count; n++) {
            const long first = segments[n].first, end = segments[n].end;
            const int j0 = segments[n].j0, j1 = segments[n].j1;
            // A dropped lane's weight is 0, which P·V may add unmasked unless a value is not finite.
            if (segments[n].whole || values_are_finite(v + first, end - first, value_depth)) {
                values_products(0)
            } else {
                values_products(1)
            }
        }
    } else {
        const long first = 0, end = count;
        const int j0 = 0, j1 = VECTORS;
        values_products(0)
    }
    prefetch_rest(&value_lines);
    for (int j = 0; j < VECTORS; j++) _mm256_storeu_ps(sums + 8 * j, _mm256_add_ps(_mm256_loadu_ps(sums + 8 * j), sum[j]));
}

#endif
