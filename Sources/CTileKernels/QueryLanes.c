// QueryLanes: the start and end of a chunk kept in lanes, which both widths of the lanes
// step (QueryLanesAVX2.c, QueryLanesAVX512.c) share: Qᵀ in, Oᵀ out, through the AVX2 8 × 8
// transposition. They are memory traffic, as fast with eight lanes as with sixteen.

#include "CTileKernels.h"

#if defined(__x86_64__)

#include <math.h>
#include "QueryLanes.h"
#include "TargetAttributes.h"

AVX2_FMA
void sparse_attention_lanes_begin(const float *q, long rows, long depth, float *query_t, float *maxima, float *sums, float *output_t,
                                  long value_depth) {
    // The lanes of absent rows compute on zeros: finite, and never read.
    if (rows < LANES)
        for (long c = 0; c < depth * LANES; c += 8) _mm256_storeu_ps(query_t + c, _mm256_setzero_ps());
    sparse_attention_avx2_transpose(q, rows, depth, query_t, LANES);
    for (int j = 0; j < LANES; j += 8) {
        _mm256_storeu_ps(maxima + j, _mm256_set1_ps(-INFINITY));
        _mm256_storeu_ps(sums + j, _mm256_setzero_ps());
    }
    for (long c = 0; c < value_depth * LANES; c += 8) _mm256_storeu_ps(output_t + c, _mm256_setzero_ps());
}

AVX2_FMA
void sparse_attention_lanes_end(const float *output_t, long value_depth, float *output, long output_width) {
    sparse_attention_avx2_transpose(output_t, value_depth, LANES, output, output_width);
}

#endif
