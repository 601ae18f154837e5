// SoftmaxTileAVX512: the online softmax step of a tile's score rows (see SoftmaxTileAVX2)
// sixteen lanes at a time — a partial tile's mask taken as a lane mask straight from its
// bits — with a masked last vector when a row's columns are an odd multiple of 8.

#include "CTileKernels.h"

#if defined(__x86_64__)

#include "SoftmaxRowAVX512.h"

AVX512
void sparse_attention_avx512_softmax_tile(float *scores, long score_stride, long rows, long columns, long kept,
                                          const uint64_t *mask, long words_per_row, long first_key, float *maxima,
                                          float *sums, float *output, long output_width) {
    online_softmax_tile(scores, score_stride, rows, columns, kept, mask, words_per_row, first_key, maxima, sums, output,
                        output_width, masked_row_maximum, exp2_row, exp2_full_row);
}

#endif
