// TargetAttributes.h (private to CTileKernels): the attributes that compile one function for
// AVX2 + FMA or for AVX-512 — no compiler flag, so the package stays usable as a versioned
// dependency — the intrinsics those functions use, the constants of the vector 2^x that both
// widths share, and the loops on part of a row's columns that other loops call for their
// remainders. Callers must check `sparse_attention_cpu_has_avx2_fma()` or
// `sparse_attention_cpu_has_avx512()`.

#ifndef C_TILE_KERNELS_TARGET_ATTRIBUTES_H
#define C_TILE_KERNELS_TARGET_ATTRIBUTES_H

#include <immintrin.h>

#define AVX2_FMA __attribute__((target("avx2,fma")))
#define AVX512 __attribute__((target("avx512f,avx2,fma")))

/// 2^x for x ≤ 0 (or up to 8, see OnlineSoftmax.h), as the Swift `exp2OfNonPositive`:
/// adding 1.5 · 2²³ + 127 rounds x to an integer n and leaves n + 127 in the low bits;
/// 2^(x − n) is a degree-5 polynomial (its constant term 1), highest coefficient first.
#define EXP2_MAGIC 12583039.0f
#define EXP2_C5 1.326472731e-3f
#define EXP2_C4 9.671512991e-3f
#define EXP2_C3 5.550733581e-2f
#define EXP2_C2 2.402224243e-1f
#define EXP2_C1 6.931470037e-1f

/// Cache lines of the next tile that a loop still has to prefetch, one per step of its
/// inner loop (so that the requests spread over the tile's work instead of filling the
/// memory queue at once), and the rest when it ends.
struct prefetch_lines {
    const char *next;
    long remaining;
};

/// Prefetches the next line, if any, into L1.
static inline void prefetch_one(struct prefetch_lines *lines) {
    if (lines->remaining > 0) {
        _mm_prefetch(lines->next, _MM_HINT_T0);
        lines->next += 64;
        lines->remaining--;
    }
}

/// Prefetches every line not prefetched yet.
static inline void prefetch_rest(struct prefetch_lines *lines) {
    while (lines->remaining > 0) prefetch_one(lines);
}

/// The lines of `bytes` bytes at `start` (none when `start` is NULL).
static inline struct prefetch_lines prefetch_lines_of(const void *start, long bytes) {
    struct prefetch_lines lines = {(const char *)start, start ? (bytes + 63) / 64 : 0};
    return lines;
}

/// `sparse_attention_avx2_accumulate` on columns `first_column ..< width` only (a multiple
/// of 8), for the remainders of the AVX-512 loops.
void sparse_attention_avx2_accumulate_from(const float *p, long probability_stride, long rows, long keys,
                                           const float *v, long width, long first_column, float *o);

/// `sparse_attention_avx512_accumulate` on columns `first_column ..< width` only (a multiple
/// of 8), for the columns the overlapped softmax step (SoftmaxAccumulateAVX512.c) leaves.
void sparse_attention_avx512_accumulate_from(const float *p, long probability_stride, long rows, long keys,
                                             const float *v, long width, long first_column, float *o);

#endif
