// TileMaskAVX: applying a partial tile's bit mask to a row of scores (see `TileMask` in
// AttentionKernels) — dropped pairs become −∞ — with a masked store of −∞ per sixteen
// columns on AVX-512, and a compare and blend per eight on AVX2.

#include "CTileKernels.h"

#if defined(__x86_64__)

#include "TargetAttributes.h"

/// Bits `j ..< j + 16` of the mask row `words` (`j` a multiple of 8; only 8 when `eight`),
/// from two words when they straddle a boundary (`j % 64 == 56`).
static inline unsigned int mask_bits(const uint64_t *words, long j, int eight) {
    const long shift = j % 64;
    uint64_t word = words[j / 64] >> shift;
    if (!eight && shift > 48) word |= words[j / 64 + 1] << (64 - shift);
    return (unsigned int)(word & (eight ? 0xFFu : 0xFFFFu));
}

AVX512
void sparse_attention_avx512_mask_row(const uint64_t *words, float *row, long first, long columns) {
    const __m512 dropped = _mm512_set1_ps(-__builtin_inff());
    for (long j = first; j < first + columns; j += 16) {
        const int eight = j + 16 > first + columns;
        const unsigned int kept = mask_bits(words, j, eight);
        const __mmask16 lanes = (__mmask16)(eight ? 0x00FF : 0xFFFF);
        _mm512_mask_storeu_ps(row + (j - first), (__mmask16)(~kept & lanes), dropped);
    }
}

AVX2_FMA
void sparse_attention_avx2_mask_row(const uint64_t *words, float *row, long first, long columns) {
    const __m256i lane_bits = _mm256_setr_epi32(1, 2, 4, 8, 16, 32, 64, 128);
    const __m256 dropped = _mm256_set1_ps(-__builtin_inff());
    for (long j = first; j < first + columns; j += 8) {
        const unsigned int kept = mask_bits(words, j, 1);
        if (kept == 0xFF) continue;
        const __m256i bits = _mm256_and_si256(_mm256_set1_epi32((int)kept), lane_bits);
        const __m256 drop = _mm256_castsi256_ps(_mm256_cmpeq_epi32(bits, _mm256_setzero_si256()));
        _mm256_storeu_ps(row + (j - first), _mm256_blendv_ps(_mm256_loadu_ps(row + (j - first)), dropped, drop));
    }
}

#endif
