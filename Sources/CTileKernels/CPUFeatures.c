// CPUFeatures: whether the AVX2 + FMA loops may run here — the CPU reports AVX, AVX2 and FMA,
// and the operating system saves the YMM registers (OSXSAVE, XCR0) — and whether the AVX-512
// products may (AVX-512F, and the ZMM and mask registers saved).

#include "CTileKernels.h"

#if defined(__x86_64__)

#include <cpuid.h>

/// The register state the operating system saves (XCR0), or 0 without OSXSAVE.
static unsigned int saved_state(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !(ecx & bit_OSXSAVE)) return 0;
    unsigned int low, high;
    __asm__ volatile("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
    return low;
}

bool sparse_attention_cpu_has_avx2_fma(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return false;
    if (!(ecx & bit_AVX) || !(ecx & bit_FMA)) return false;
    if ((saved_state() & 0x6) != 0x6) return false;  // XMM and YMM state
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return false;
    return (ebx & bit_AVX2) != 0;
}

bool sparse_attention_cpu_has_avx512(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!sparse_attention_cpu_has_avx2_fma() || !__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return false;
    if (!(ebx & bit_AVX512F)) return false;
    return (saved_state() & 0xE6) == 0xE6;  // and the mask, ZMM upper-half and ZMM16–31 state
}

#endif
