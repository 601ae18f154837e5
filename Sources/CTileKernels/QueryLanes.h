// QueryLanes.h (private to CTileKernels): what both widths of the lanes step
// (QueryLanesAVX2.c, QueryLanesAVX512.c) do alike before their vector code — the key rows a
// tile computes, the vectors a lane mask touches, and the segments of key rows that P·V
// adds into the same vectors.

#ifndef C_TILE_KERNELS_QUERY_LANES_H
#define C_TILE_KERNELS_QUERY_LANES_H

#include <stdint.h>

/// A chunk's query rows: the lanes of its vectors.
#define LANES 64

/// The key rows of a tile that some lane keeps: the addresses of their key and value rows,
/// and their lane masks (when the tile has any).
struct kept_key_rows {
    const float *k[LANES], *v[LANES];
    uint64_t masks[LANES];
    long count;
};

/// Fills `kept` from a lanes step's arguments (see `sparse_attention_avx512_lanes_tile`):
/// key row `i` is row `key_rows[i]` (or `i`) of `keys` and `values`, left out when its lane
/// mask is 0.
static inline void keep_key_rows(const float *keys, long depth, const float *values, long value_depth, long key_count,
                                 const int32_t *key_rows, const uint64_t *lane_masks, struct kept_key_rows *kept) {
    long count = 0;
    for (long i = 0; i < key_count; i++) {
        if (lane_masks && !lane_masks[i]) continue;
        const long row = key_rows ? key_rows[i] : i;
        kept->k[count] = keys + row * depth;
        kept->v[count] = values + row * value_depth;
        if (lane_masks) kept->masks[count] = lane_masks[i];
        count++;
    }
    kept->count = count;
}

/// The vectors `*j0 ..< *j1` (of `lanes` lanes each) from the first to the last that the
/// lanes `bits` (not 0) touch.
static inline void touched_vectors(uint64_t bits, int lanes, int *j0, int *j1) {
    *j0 = __builtin_ctzll(bits) / lanes;
    *j1 = (63 - __builtin_clzll(bits)) / lanes + 1;
}

/// Consecutive key rows that P·V adds into the same vectors of lanes, `j0 ..< j1`; `whole`
/// when each of them keeps every lane of those vectors (a summary column's key rows, a
/// global column), so P·V needs no lane masks there.
struct key_segment {
    long first, end;
    int j0, j1;
    int whole;
};

/// The lanes of vectors `j0 ..< j1`, of `lanes` lanes each.
static inline uint64_t lanes_of_vectors(int j0, int j1, int lanes) {
    const int width = (j1 - j0) * lanes;
    return (width == 64 ? ~(uint64_t)0 : (((uint64_t)1 << width) - 1)) << (j0 * lanes);
}

/// Cuts the `count` key rows of `masks` into segments of groups of four rows whose lanes
/// touch the same vectors (of `lanes` lanes each) and are whole alike; returns how many. A
/// band's edge triangle with sixteen lanes: four segments, of 4, 3, 2 and 1 vectors.
static inline long key_segments(const uint64_t *masks, long count, int lanes, struct key_segment *segments) {
    long n = 0;
    for (long first = 0; first < count; first += 4) {
        const long end = first + 4 < count ? first + 4 : count;
        uint64_t any = 0, all = ~(uint64_t)0;
        for (long i = first; i < end; i++) any |= masks[i], all &= masks[i];
        int j0, j1;
        touched_vectors(any, lanes, &j0, &j1);
        const uint64_t vectors = lanes_of_vectors(j0, j1, lanes);
        const int whole = (all & vectors) == vectors;
        if (n > 0 && segments[n - 1].j0 == j0 && segments[n - 1].j1 == j1 && segments[n - 1].whole == whole) {
            segments[n - 1].end = end;
        } else {
            segments[n++] = (struct key_segment){first, end, j0, j1, whole};
        }
    }
    return n;
}

#endif
