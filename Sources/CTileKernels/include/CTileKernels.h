// CTileKernels: the kernels' inner loops — the tile products S = scale · Q·Kᵀ and O += P·V,
// the online softmax step over a tile's score rows (on AVX-512 also overlapped with P·V),
// the same step with a chunk's query rows in vector lanes (K and V read in place), a query
// row's listed keys, and the transposition that packs a key tile — compiled for AVX2 and
// FMA (the products and both softmax steps also for AVX-512) by per-function target
// attributes, so that the default build (baseline x86-64, no machine flags) runs them at
// least at the native build's speed on CPUs that have those instructions. `AttentionKernels`
// calls them when `sparse_attention_cpu_has_avx2_fma()` (and `..._avx512()`) say so, and its
// own Swift loops otherwise. Only on x86-64: elsewhere (arm64 has NEON and FMA in its
// baseline) this module is empty.

#ifndef C_TILE_KERNELS_H
#define C_TILE_KERNELS_H

#if defined(__x86_64__)

#include <stdbool.h>
#include <stdint.h>

/// Whether this CPU has AVX2 and FMA and the operating system saves the YMM registers.
bool sparse_attention_cpu_has_avx2_fma(void);

/// `s[r][j] = scale · Σ_d q[r][d] · kt[d][j]` for `r < rows`, `j < columns` (a multiple of 8,
/// at most `key_stride`): `q` has rows of `depth` floats, `kt` `depth` rows of `key_stride`.
/// Meanwhile the `prefetch_bytes` bytes at `prefetch` (the next key tile, or NULL) are
/// prefetched into L1, a cache line per step of the inner loop. Requires AVX2 and FMA.
void sparse_attention_avx2_scores(const float *q, long rows, long depth, const float *kt, long key_stride,
                                  long columns, float scale, float *s, long score_stride, const void *prefetch,
                                  long prefetch_bytes);

/// `o[r][c] += Σ_j p[r][j] · v[j][c]` for `r < rows`, `j < keys`, `c < width` (a multiple of 8):
/// `p` has rows of `probability_stride` floats, `v` and `o` rows of `width`. Meanwhile the
/// `prefetch_bytes` bytes at `prefetch` (the next value tile, or NULL) are prefetched into
/// L1, a cache line per key. Requires AVX2 and FMA.
void sparse_attention_avx2_accumulate(const float *p, long probability_stride, long rows, long keys,
                                      const float *v, long width, float *o, const void *prefetch, long prefetch_bytes);

/// Twelve independent chains of eight-lane multiply-adds `a ← a · factor + addend`, chain `i`
/// starting at `i` in every lane, `steps` steps each, held in registers: the sum of every lane
/// of every chain at the end. Times the most multiply-adds a core can start (`bench`'s
/// ceiling). Requires AVX2 and FMA.
float sparse_attention_avx2_multiply_add_chains(long steps, float factor, float addend);

/// ``sparse_attention_avx2_multiply_add_chains`` with sixteen lanes. Requires AVX-512F.
float sparse_attention_avx512_multiply_add_chains(long steps, float factor, float addend);

/// Whether this CPU has AVX-512 Foundation (and AVX2 and FMA) and the operating system saves
/// the ZMM and mask registers.
bool sparse_attention_cpu_has_avx512(void);

/// ``sparse_attention_avx2_scores`` with sixteen-lane multiply-adds; meanwhile, the
/// `prefetch_bytes` bytes at `prefetch` (the next key tile, or NULL) are prefetched into L1,
/// a cache line per step of the inner loop. Requires AVX-512F.
void sparse_attention_avx512_scores(const float *q, long rows, long depth, const float *kt, long key_stride,
                                    long columns, float scale, float *s, long score_stride, const void *prefetch,
                                    long prefetch_bytes);

/// ``sparse_attention_avx2_accumulate`` with sixteen-lane multiply-adds. Requires AVX-512F.
void sparse_attention_avx512_accumulate(const float *p, long probability_stride, long rows, long keys,
                                        const float *v, long width, float *o);

/// The online softmax step of `rows` rows of scores (row `r` at `scores + r · score_stride`,
/// base 2, `columns` of them, a multiple of 8; column `j` is key `first_key + j`): drops the
/// columns from `kept` on and, when `mask` is given, the keys whose bit is clear (row `r`'s
/// words at `mask + r · words_per_row`, bit `k % 64` of word `k / 64` for key `k`); then folds
/// the row into its reference max `maxima[r]`, sum `sums[r]` and unnormalised output (`output_width`
/// floats at `output + r · output_width`), leaving the weights 2^(score − reference) in place of
/// the scores; the reference moves to the row's max, and the sum and output are rescaled, only
/// when the max grows past it by more than 8 (see OnlineSoftmax.h). A NaN or +∞ kept score,
/// or a NaN max, makes the row NaN. Requires AVX2 and FMA.
void sparse_attention_avx2_softmax_tile(float *scores, long score_stride, long rows, long columns, long kept,
                                        const uint64_t *mask, long words_per_row, long first_key, float *maxima,
                                        float *sums, float *output, long output_width);

/// ``sparse_attention_avx2_softmax_tile`` sixteen lanes at a time. Requires AVX-512F.
void sparse_attention_avx512_softmax_tile(float *scores, long score_stride, long rows, long columns, long kept,
                                          const uint64_t *mask, long words_per_row, long first_key, float *maxima,
                                          float *sums, float *output, long output_width);

/// ``sparse_attention_avx512_softmax_tile`` on the `rows` score rows, then
/// ``sparse_attention_avx512_accumulate`` of their weights (`keys` of them, at most `columns`)
/// times `values` (rows of `output_width` floats) into `output`, with the same maxima, sums and
/// output bit for bit, in groups of four rows: each group's exponentials are computed between
/// the multiply-adds of the previous group's product, where they run beside them, and most rows
/// of full tiles skip the pass that finds their max. The score rows are left as scratch (the
/// weights of most rows are kept elsewhere). Meanwhile the
/// `prefetch_bytes` bytes at `prefetch` (the next value tile, or NULL) are prefetched into L1,
/// a cache line per key of the product. Requires AVX-512F.
void sparse_attention_avx512_softmax_accumulate(float *scores, long score_stride, long rows, long columns, long kept,
                                                const uint64_t *mask, long words_per_row, long first_key, float *maxima,
                                                float *sums, float *output, long output_width, const float *values,
                                                long keys, const void *prefetch, long prefetch_bytes);

/// The most rows (a workspace's chunk) and key columns (a block) that
/// ``sparse_attention_avx512_partial_tile`` takes.
#define PARTIAL_TILE_MAX_ROWS 64
#define PARTIAL_TILE_MAX_COLUMNS 512

/// A partial tile's step for `rows` query rows (at most 64, rows of `depth` floats at `q`):
/// their scores against the packed key tile `kt` (`depth` rows of `key_stride` floats, the
/// tile's block, at most 512), the online softmax step and the P·V product with `values`
/// (rows of `output_width` floats, at least 64), as ``sparse_attention_avx512_scores`` and
/// ``sparse_attention_avx512_softmax_accumulate`` would do on each piece of eight rows over
/// the columns its rows keep, with the same maxima, sums and output bit for bit. Row `r` keeps
/// keys `column_ranges[2r] ..< column_ranges[2r + 1]` at most (and below `key_count`), those
/// whose bit is set in its mask words at `mask + r · words_per_row`; its state is `maxima[r]`,
/// `sums[r]` and the `output_width` floats at `output + r · output_width`. `scores` (rows of
/// `score_stride` floats, at least `key_stride`) is scratch. The score products prefetch the
/// `key_prefetch_bytes` bytes at `key_prefetch` and the P·V product the `value_prefetch_bytes`
/// at `value_prefetch` (either may be NULL), a cache line per step. Requires AVX-512F.
void sparse_attention_avx512_partial_tile(const float *q, long rows, long depth, const float *kt, long key_stride, float scale,
                                          const int32_t *column_ranges, long key_count, const uint64_t *mask, long words_per_row,
                                          float *scores, long score_stride, float *maxima, float *sums, float *output,
                                          long output_width, const float *values, const void *key_prefetch,
                                          long key_prefetch_bytes, const void *value_prefetch, long value_prefetch_bytes);

/// `scores[lane] = scale · Σ_c query[c] · keys[lane][c]` over `depth` floats, for
/// `lane < count` (at most 8). Requires AVX2 and FMA.
void sparse_attention_avx2_listed_scores(const float *query, long depth, const float *const *keys, long count, float scale,
                                         float *scores);

/// `output[c] += Σ_lane weights[lane] · values[lane][c]` for `c < width` (a multiple of 8)
/// over `lane < count` (at most 8), leaving out the lanes whose weight is 0. Requires AVX2 and FMA.
void sparse_attention_avx2_listed_accumulate(const float *weights, const float *const *values, long count, long width, float *output);

/// The listed keys that `rows` consecutive query rows all keep — `count` (at most 8) key rows
/// of `depth` floats and value rows of `width` (a multiple of 8) — folded into those rows'
/// running state (row `r`'s query at `query + r · depth`, reference max `maxima[r]`, sum
/// `sums[r]`, output at `output + r · width`) as one online softmax step per row, with the
/// rules of the listed keys in AttentionKernels: the max moves whenever it grows (the sum and
/// output rescaled), a NaN or +∞ score makes the row NaN, a NaN row is left as it is, a
/// weight of 0 leaves its value row out. Eight rows at a time. Requires AVX2 and FMA.
void sparse_attention_avx2_shared_listed_keys(const float *query, long rows, long depth, const float *const *keys,
                                              const float *const *values, long count, float scale, float *maxima, float *sums,
                                              float *output, long width);

/// `lanes[j]` bit `r` = `rows[r]` bit `j` for `r, j < 64`: a 64 × 64 tile mask by query rows
/// (bit `j` of row `r` for key `j`) turned into one by key rows (bit `r` of key row `j` for
/// query `r`); rows from `count` on are taken as 0.
void sparse_attention_transpose_bits(const uint64_t *rows, long count, uint64_t *lanes);

/// Starts a chunk of `rows` query rows (at most 64, rows of `depth` floats at `q`) kept in
/// lanes: `query_t` (`depth` rows of 64 floats) gets Qᵀ, zeros in the lanes of absent rows;
/// each lane's reference max `maxima[r]` becomes −∞ and its sum `sums[r]` 0 (64 of each), and
/// `output_t` (`value_depth` rows of 64 floats, Oᵀ) 0. For both widths of the lanes step.
/// Requires AVX2.
void sparse_attention_lanes_begin(const float *q, long rows, long depth, float *query_t, float *maxima, float *sums, float *output_t,
                                  long value_depth);

/// Folds `key_count` key rows (at most 64) into a chunk kept in lanes (see
/// `sparse_attention_lanes_begin`): key row `i` is at `keys + x · depth` and its value
/// row at `values + x · value_depth`, where `x` is `key_rows[i]` (or `i` when `key_rows` is
/// NULL); it is kept by the lanes whose bits are set in `lane_masks[i]` (bit `r` for query row
/// `r`), or by every lane when `lane_masks` is NULL. Scores are `scale · q·k` (base 2); the
/// online softmax step and its NaN and ∞ rules are those of
/// `sparse_attention_avx512_softmax_tile`, per lane; a key row adds its value row to the lanes
/// that keep it only. `scores_t` (64 rows of 64 floats) is scratch. The `key_prefetch_bytes` at
/// `key_prefetch` and the `value_prefetch_bytes` at `value_prefetch` (either may be NULL) are
/// prefetched into L1 a cache line at a time, during the score product and the P·V product.
/// Requires AVX-512F.
void sparse_attention_avx512_lanes_tile(const float *query_t, long depth, float scale, const float *keys, const float *values,
                                        long value_depth, long key_count, const int32_t *key_rows, const uint64_t *lane_masks,
                                        float *scores_t, float *maxima, float *sums, float *output_t, const void *key_prefetch,
                                        long key_prefetch_bytes, const void *value_prefetch, long value_prefetch_bytes);

/// ``sparse_attention_avx512_lanes_tile`` with eight-lane vectors (eight of them for the 64
/// lanes). Where the tile has lane masks and every value row it reads is finite, P·V adds
/// the dropped lanes' weights, which are 0, instead of masking them. Requires AVX2 and FMA.
void sparse_attention_avx2_lanes_tile(const float *query_t, long depth, float scale, const float *keys, const float *values,
                                      long value_depth, long key_count, const int32_t *key_rows, const uint64_t *lane_masks,
                                      float *scores_t, float *maxima, float *sums, float *output_t, const void *key_prefetch,
                                      long key_prefetch_bytes, const void *value_prefetch, long value_prefetch_bytes);

/// Ends a chunk kept in lanes: `output[r · output_width + c] = output_t[c · 64 + r]` for all 64
/// lanes and `c < value_depth` (the maxima and sums are already the rows'). For both widths
/// of the lanes step. Requires AVX2.
void sparse_attention_lanes_end(const float *output_t, long value_depth, float *output, long output_width);

/// `target[c · target_stride + j] = source[j · depth + c]` for `j < rows`, `c < depth`: `rows`
/// consecutive rows of `depth` floats transposed (a key tile packed for the score product).
/// Requires AVX2.
void sparse_attention_avx2_transpose(const float *source, long rows, long depth, float *target, long target_stride);

#endif

#endif
