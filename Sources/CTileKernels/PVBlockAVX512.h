// PVBlockAVX512.h (private to CTileKernels): the block of AVX-512's P·V product — four rows ×
// 64 columns of the output in sixteen accumulators, `a00` … `a33` (row, vector) — as
// macros, so that the product alone (TileProductsAVX512.c) and the product overlapped with
// the softmax step (SoftmaxAccumulateAVX512.c) run the same instructions in the same order,
// and give the same bits.

#ifndef C_TILE_KERNELS_PV_BLOCK_AVX512_H
#define C_TILE_KERNELS_PV_BLOCK_AVX512_H

#include "TargetAttributes.h"

/// Declares the sixteen accumulators and loads them from the output rows `o0` … `o3`.
#define PV_BLOCK_LOAD(o0, o1, o2, o3)                                                                                    \
    __m512 a00 = _mm512_loadu_ps(o0), a01 = _mm512_loadu_ps((o0) + 16), a02 = _mm512_loadu_ps((o0) + 32),              \
           a03 = _mm512_loadu_ps((o0) + 48);                                                                             \
    __m512 a10 = _mm512_loadu_ps(o1), a11 = _mm512_loadu_ps((o1) + 16), a12 = _mm512_loadu_ps((o1) + 32),              \
           a13 = _mm512_loadu_ps((o1) + 48);                                                                             \
    __m512 a20 = _mm512_loadu_ps(o2), a21 = _mm512_loadu_ps((o2) + 16), a22 = _mm512_loadu_ps((o2) + 32),              \
           a23 = _mm512_loadu_ps((o2) + 48);                                                                             \
    __m512 a30 = _mm512_loadu_ps(o3), a31 = _mm512_loadu_ps((o3) + 16), a32 = _mm512_loadu_ps((o3) + 32),              \
           a33 = _mm512_loadu_ps((o3) + 48)

/// One key: the value row at `value` (64 floats) times each row's weight `p0[j]` … `p3[j]`.
#define PV_BLOCK_KEY(value, p0, p1, p2, p3, j)                                                                           \
    do {                                                                                                                 \
        const __m512 v0 = _mm512_loadu_ps(value), v1 = _mm512_loadu_ps((value) + 16);                                    \
        const __m512 v2 = _mm512_loadu_ps((value) + 32), v3 = _mm512_loadu_ps((value) + 48);                              \
        const __m512 x0 = _mm512_set1_ps((p0)[j]), x1 = _mm512_set1_ps((p1)[j]);                                         \
        a00 = _mm512_fmadd_ps(x0, v0, a00); a01 = _mm512_fmadd_ps(x0, v1, a01);                                          \
        a02 = _mm512_fmadd_ps(x0, v2, a02); a03 = _mm512_fmadd_ps(x0, v3, a03);                                          \
        a10 = _mm512_fmadd_ps(x1, v0, a10); a11 = _mm512_fmadd_ps(x1, v1, a11);                                          \
        a12 = _mm512_fmadd_ps(x1, v2, a12); a13 = _mm512_fmadd_ps(x1, v3, a13);                                          \
        const __m512 x2 = _mm512_set1_ps((p2)[j]), x3 = _mm512_set1_ps((p3)[j]);                                         \
        a20 = _mm512_fmadd_ps(x2, v0, a20); a21 = _mm512_fmadd_ps(x2, v1, a21);                                          \
        a22 = _mm512_fmadd_ps(x2, v2, a22); a23 = _mm512_fmadd_ps(x2, v3, a23);                                          \
        a30 = _mm512_fmadd_ps(x3, v0, a30); a31 = _mm512_fmadd_ps(x3, v1, a31);                                          \
        a32 = _mm512_fmadd_ps(x3, v2, a32); a33 = _mm512_fmadd_ps(x3, v3, a33);                                          \
    } while (0)

/// Stores the sixteen accumulators back to the output rows `o0` … `o3`.
#define PV_BLOCK_STORE(o0, o1, o2, o3)                                                                                   \
    do {                                                                                                                 \
        _mm512_storeu_ps(o0, a00); _mm512_storeu_ps((o0) + 16, a01);                                                     \
        _mm512_storeu_ps((o0) + 32, a02); _mm512_storeu_ps((o0) + 48, a03);                                              \
        _mm512_storeu_ps(o1, a10); _mm512_storeu_ps((o1) + 16, a11);                                                     \
        _mm512_storeu_ps((o1) + 32, a12); _mm512_storeu_ps((o1) + 48, a13);                                              \
        _mm512_storeu_ps(o2, a20); _mm512_storeu_ps((o2) + 16, a21);                                                     \
        _mm512_storeu_ps((o2) + 32, a22); _mm512_storeu_ps((o2) + 48, a23);                                              \
        _mm512_storeu_ps(o3, a30); _mm512_storeu_ps((o3) + 16, a31);                                                     \
        _mm512_storeu_ps((o3) + 32, a32); _mm512_storeu_ps((o3) + 48, a33);                                              \
    } while (0)

#endif
