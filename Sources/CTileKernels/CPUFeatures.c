// CPUFeatures: whether the AVX2 + FMA tile products may run here — the CPU reports AVX, AVX2
// and FMA, and the operating system has enabled saving the YMM registers (OSXSAVE, XCR0).

#include "CTileKernels.h"

#if defined(__x86_64__)

#include <cpuid.h>

bool sparse_attention_cpu_has_avx2_fma(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return false;
    if (!(ecx & bit_AVX) || !(ecx & bit_FMA) || !(ecx & bit_OSXSAVE)) return false;
    unsigned int low, high;
    __asm__ volatile("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
    if ((low & 0x6) != 0x6) return false;  // XMM and YMM state saved by the OS
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return false;
    return (ebx & bit_AVX2) != 0;
}

#endif
