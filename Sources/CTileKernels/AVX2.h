// AVX2.h (private to CTileKernels): the attribute that compiles one function for AVX2 and
// FMA — no compiler flag, so the package stays usable as a versioned dependency — and the
// intrinsics those functions use. Callers must check `sparse_attention_cpu_has_avx2_fma()`.

#ifndef C_TILE_KERNELS_AVX2_H
#define C_TILE_KERNELS_AVX2_H

#include <immintrin.h>

#define AVX2_FMA __attribute__((target("avx2,fma")))

#endif
