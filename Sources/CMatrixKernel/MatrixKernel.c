// The kernels of the matrix product and the choice among them (see include/CMatrixKernel.h).
//
// Kernel.inc is written once and compiled three times: for any processor (four lanes), for x86-64
// with AVX2 and FMA (eight lanes) and with AVX-512 (sixteen lanes). The program holds all three
// and uses the widest the processor has, so that it needs no special build flags and runs on any
// x86-64; every kernel gives the same bits, only sooner.
#include "CMatrixKernel.h"
#include <stddef.h>

#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)

/// The block of p that one panel of B covers: 256 rows of 32 floats are 32 KiB.
#define KC 256

/// TILE_ROWS(F) is F(1) … F(MR), TILE_MORE_ROWS(F) is F(MR + 1) … F(2·MR): a case for each number of
/// rows a tile can have, so that each is compiled with its sums in registers.
#define ROWS_1_6(F) F(1) F(2) F(3) F(4) F(5) F(6)
#define ROWS_7_8(F) F(7) F(8)
#define ROWS_9_12(F) F(9) F(10) F(11) F(12)
#define ROWS_13_16(F) F(13) F(14) F(15) F(16)
#define ROWS_17_24(F) F(17) F(18) F(19) F(20) F(21) F(22) F(23) F(24)

#define KERNEL gemm_portable
#define TARGET
#define LANES 4
#define MR 8
#define TILE_ROWS(F) ROWS_1_6(F) ROWS_7_8(F)
#define TILE_MORE_ROWS(F) ROWS_9_12(F) ROWS_13_16(F)
#include "Kernel.inc"

#if defined(__x86_64__)
#define KERNEL gemm_avx2
#define TARGET __attribute__((target("avx2,fma")))
#define LANES 8
#define MR 6
#define TILE_ROWS(F) ROWS_1_6(F)
#define TILE_MORE_ROWS(F) ROWS_7_8(F) ROWS_9_12(F)
#include "Kernel.inc"

#define KERNEL gemm_avx512
#define TARGET __attribute__((target("avx512f,avx2,fma")))
#define LANES 16
#define MR 12
#define TILE_ROWS(F) ROWS_1_6(F) ROWS_7_8(F) ROWS_9_12(F)
#define TILE_MORE_ROWS(F) ROWS_13_16(F) ROWS_17_24(F)
#include "Kernel.inc"
#endif

int nn_kernel_available(int kernel) {
    switch (kernel) {
    case NNKernelPortable: return 1;
#if defined(__x86_64__)
    case NNKernelAVX2:
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case NNKernelAVX512:
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx512f") && nn_kernel_available(NNKernelAVX2);
#endif
    default: return 0;
    }
}

int nn_best_kernel(void) {
    if (nn_kernel_available(NNKernelAVX512)) return NNKernelAVX512;
    if (nn_kernel_available(NNKernelAVX2)) return NNKernelAVX2;
    return NNKernelPortable;
}

int nn_denormals_flushed(void) {
    // The smallest normal float halved is a subnormal, unless results are flushed (FTZ, FZ);
    // a subnormal doubled is not zero, unless inputs are treated as zero (DAZ). `volatile` keeps
    // the compiler from working these out itself.
    volatile float smallestNormal = 0x1p-126f, half = 0.5f, subnormal = 0x1p-140f, two = 2.0f;
    const float result = smallestNormal * half, input = subnormal * two;
    return result == 0.0f || input == 0.0f;
}

void nn_sgemm(int kernel, long m, long n, long k,
              const float *a, long lda, int transposeA,
              const float *b, long ldb, int transposeB,
              float beta, float *c, long ldc) {
    if (m <= 0 || n <= 0) return;
    if (k <= 0) {   // an empty sum: β·C, or 0 when β is 0 (even where C held a NaN)
        for (long i = 0; i < m; i++)
            for (long j = 0; j < n; j++) c[i * ldc + j] = beta == 0.0f ? 0.0f : beta * c[i * ldc + j];
        return;
    }
    switch (kernel) {
#if defined(__x86_64__)
    case NNKernelAVX512: gemm_avx512(m, n, k, a, lda, transposeA, b, ldb, transposeB, beta, c, ldc); break;
    case NNKernelAVX2: gemm_avx2(m, n, k, a, lda, transposeA, b, ldb, transposeB, beta, c, ldc); break;
#endif
    default: gemm_portable(m, n, k, a, lda, transposeA, b, ldb, transposeB, beta, c, ldc); break;
    }
}
