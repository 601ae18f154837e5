// SharedListedKeysAVX2: listed keys that a run of consecutive query rows share — a global
// column (Longformer's key 0 in every row of a tile), attention sinks — eight rows at a
// time: the rows' dot products with each key come out as one vector over the rows, and the
// online softmax step runs across the eight rows at once, where the row-by-row listed keys
// (ListedKeysAVX2.c and `TileWorkspace.attend(row:…)`) paid a chain of reductions, an
// exponential and their scalar logic for every row. The step follows the row-by-row rules.

#include "CTileKernels.h"

#if defined(__x86_64__)

#include <math.h>

#include "VectorAVX2.h"

/// `scale · query_r · key` for the eight rows at `query` (rows of `depth` floats; only the
/// first `rows` are read, the other lanes are 0), as one vector over the rows: each the same
/// sum as the row-by-row listed keys' (`dot_product_lanes`, then `horizontal_sums`).
AVX2_FMA
static inline __m256 row_dot_products(const float *query, long rows, long depth, const float *key, float scale) {
    __m256 sums[8];
    for (long r = 0; r < 8; r++) sums[r] = r < rows ? dot_product_lanes(query + r * depth, key, depth) : _mm256_setzero_ps();
    return _mm256_mul_ps(horizontal_sums(sums), _mm256_set1_ps(scale));
}

AVX2_FMA
void sparse_attention_avx2_shared_listed_keys(const float *query, long rows, long depth, const float *const *keys,
                                              const float *const *values, long count, float scale, float *maxima, float *sums,
                                              float *output, long width) {
    for (long first = 0; first < rows; first += 8) {
        const long block = rows - first < 8 ? rows - first : 8;
        // scores[lane]: key `lane`'s scores over the block's rows.
        __m256 scores[8], largest = _mm256_set1_ps(-INFINITY), unordered = _mm256_setzero_ps();
        for (long lane = 0; lane < count; lane++) {
            scores[lane] = row_dot_products(query + first * depth, block, depth, keys[lane], scale);
            largest = _mm256_max_ps(scores[lane], largest);
            unordered = _mm256_or_ps(unordered, _mm256_cmp_ps(scores[lane], scores[lane], _CMP_UNORD_Q));
        }
        float previous[8], maximum[8], weights[8][8];
        float row_largest[8];
        int row_unordered = _mm256_movemask_ps(unordered);
        for (long r = 0; r < block; r++) previous[r] = maxima[first + r];
        _mm256_storeu_ps(row_largest, largest);
        for (long r = 0; r < block; r++) {
            maximum[r] = row_largest[r] > previous[r] ? row_largest[r] : previous[r];
        }
        for (long r = block; r < 8; r++) maximum[r] = 0;
        const __m256 shift = _mm256_loadu_ps(maximum);
        __m256 total = _mm256_setzero_ps();
        for (long lane = 0; lane < count; lane++) {
            const __m256 w = exp2_of_non_positive(_mm256_sub_ps(scores[lane], shift));
            total = _mm256_add_ps(total, w);
            _mm256_storeu_ps(weights[lane], w);
        }
        float totals[8];
        _mm256_storeu_ps(totals, total);
        for (long r = 0; r < block; r++) {
            const long row = first + r;
            // The rules of the row-by-row step: a NaN row stays as it is; a NaN or +∞ score
            // makes the row NaN; a row whose max is still −∞ takes nothing.
            if (isnan(previous[r])) continue;
            if ((row_unordered >> r & 1) || !(row_largest[r] < INFINITY)) {
                maxima[row] = NAN;
                sums[row] = NAN;
                continue;
            }
            if (!(maximum[r] > -INFINITY)) continue;
            float *row_output = output + row * width;
            if (maximum[r] > previous[r] && previous[r] > -INFINITY) {
                const float factor = exp2f(previous[r] - maximum[r]);
                sums[row] = sums[row] * factor + totals[r];
                const __m256 rescale = _mm256_set1_ps(factor);
                for (long c = 0; c < width; c += 8) {
                    _mm256_storeu_ps(row_output + c, _mm256_mul_ps(_mm256_loadu_ps(row_output + c), rescale));
                }
            } else {
                sums[row] += totals[r];
            }
            maxima[row] = maximum[r];
            float row_weights[8];
            for (long lane = 0; lane < count; lane++) row_weights[lane] = weights[lane][r];
            sparse_attention_avx2_listed_accumulate(row_weights, values, count, width, row_output);
        }
    }
}

#endif
