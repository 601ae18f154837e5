// MultiplyAddPeak: the most multiply-adds a core can start, as the ceiling that `bench`
// measures its yardstick and its kernels against. Twelve independent chains of vector
// multiply-adds, held in registers — more than the multiply-add units' latency times their
// number, so that no chain waits for its own last result, and no load or store between.

#include "CTileKernels.h"

#if defined(__x86_64__)

#include "TargetAttributes.h"

/// Twelve chains `a ← a · factor + addend` of one vector type, chain `i` starting at `i` in
/// every lane, `steps` steps each; the sum of every lane of every chain (so that no step can
/// be left out).
#define MULTIPLY_ADD_CHAINS(vector, broadcast, fma, store, lanes)                      \
    vector b = broadcast(factor), c = broadcast(addend);                               \
    vector a0 = broadcast(0), a1 = broadcast(1), a2 = broadcast(2), a3 = broadcast(3); \
    vector a4 = broadcast(4), a5 = broadcast(5), a6 = broadcast(6), a7 = broadcast(7); \
    vector a8 = broadcast(8), a9 = broadcast(9), a10 = broadcast(10), a11 = broadcast(11); \
    for (long step = 0; step < steps; step++) {                                        \
        a0 = fma(a0, b, c); a1 = fma(a1, b, c); a2 = fma(a2, b, c); a3 = fma(a3, b, c);  \
        a4 = fma(a4, b, c); a5 = fma(a5, b, c); a6 = fma(a6, b, c); a7 = fma(a7, b, c);  \
        a8 = fma(a8, b, c); a9 = fma(a9, b, c); a10 = fma(a10, b, c); a11 = fma(a11, b, c); \
    }                                                                                  \
    vector chains[12] = {a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11};            \
    float values[lanes], sum = 0;                                                      \
    for (int chain = 0; chain < 12; chain++) {                                         \
        store(values, chains[chain]);                                                  \
        for (int lane = 0; lane < lanes; lane++) sum += values[lane];                  \
    }                                                                                  \
    return sum;

AVX2_FMA
float sparse_attention_avx2_multiply_add_chains(long steps, float factor, float addend) {
    MULTIPLY_ADD_CHAINS(__m256, _mm256_set1_ps, _mm256_fmadd_ps, _mm256_storeu_ps, 8)
}

AVX512
float sparse_attention_avx512_multiply_add_chains(long steps, float factor, float addend) {
    MULTIPLY_ADD_CHAINS(__m512, _mm512_set1_ps, _mm512_fmadd_ps, _mm512_storeu_ps, 16)
}

#endif
