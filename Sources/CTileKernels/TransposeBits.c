// TransposeBits: a 64 × 64 tile mask turned from query rows to key rows, for the kernels
// that keep a chunk's query rows in vector lanes (QueryLanesAVX512.c): in six rounds of
// swaps of whole words' halves, quarters, … rather than 4,096 steps of one bit each.

#include "CTileKernels.h"

#if defined(__x86_64__)

void sparse_attention_transpose_bits(const uint64_t *rows, long count, uint64_t *lanes) {
    uint64_t m[64];
    for (long r = 0; r < 64; r++) m[r] = r < count ? rows[r] : 0;
    // Swap the off-diagonal blocks of 32 × 32, then 16 × 16 inside each, down to 1 × 1
    // (Hacker's Delight, 7–3): bit j of word r and bit r of word j trade places.
    uint64_t mask = 0x00000000FFFFFFFFull;
    for (int width = 32; width > 0; width >>= 1, mask ^= mask << width) {
        for (int r = 0; r < 64; r = (r + width + 1) & ~width) {
            const uint64_t t = ((m[r] >> width) ^ m[r + width]) & mask;
            m[r] ^= t << width;
            m[r + width] ^= t;
        }
    }
    for (int j = 0; j < 64; j++) lanes[j] = m[j];
}

#endif
