// AVX2.h (private to CTileKernels): the attribute that compiles one function for AVX2 and
// FMA, one shared remainder loop — no compiler flag, so the package stays usable as a versioned dependency — and the
// intrinsics those functions use. Callers must check `sparse_attention_cpu_has_avx2_fma()`.

#ifndef C_TILE_KERNELS_AVX2_H
#define C_TILE_KERNELS_AVX2_H

#include <immintrin.h>

#define AVX2_FMA __attribute__((target("avx2,fma")))

/// `sparse_attention_avx2_accumulate` on columns `first_column ..< width` only (a multiple
/// of 8), for the remainders of the AVX-512 loops.
void sparse_attention_avx2_accumulate_from(const float *p, long probability_stride, long rows, long keys,
                                           const float *v, long width, long first_column, float *o);

#endif
