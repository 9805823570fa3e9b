// The engine's matrix product, C = op(A)·op(B) + β·C, in C so that one program can hold a kernel for
// each kind of processor and choose among them when it runs.
//
// Every kernel computes exactly the bits of the definition (Sources/Engine/Maths/ProductDefinition.swift):
//     for each i, j:   s = (β == 0 ? 0 : β·C[i][j])
//                      for p = 0, 1, …, k−1:   s = fma(A[i][p], B[p][j], s)     (one rounding each)
//                      C[i][j] = s
// The sum of each element is taken in that one order, one fused multiply-add at a time, whatever
// the processor, the vector width, the blocking or the thread: fused multiply-add, multiplication
// and addition are exactly specified by IEEE 754, so the result is the same on every machine.
// (It assumes subnormal numbers are not flushed to zero: nn_denormals_flushed checks.)
#ifndef C_MATRIX_KERNEL_H
#define C_MATRIX_KERNEL_H

#ifdef __cplusplus
extern "C" {
#endif

/// The kernels, from the one every processor can run to the widest.
enum NNKernel {
    NNKernelPortable = 0,   // four lanes in C vectors: NEON on ARM, fmaf calls (slow, same bits) elsewhere
    NNKernelAVX2 = 1,       // eight lanes, x86-64 with AVX2 and FMA
    NNKernelAVX512 = 2,     // sixteen lanes, x86-64 with AVX-512F
};

/// The widest kernel this processor runs.
int nn_best_kernel(void);

/// Whether this processor can run `kernel`.
int nn_kernel_available(int kernel);

/// 1 when this thread flushes subnormal results or inputs to zero (FTZ/DAZ on x86, FZ on ARM),
/// which would change the bits of products and sums; 0 otherwise.
int nn_denormals_flushed(void);

/// C = op(A)·op(B) + β·C, single-threaded, with `kernel` (which must be available). Matrices are row
/// by row, with lda, ldb, ldc elements between the starts of consecutive rows. op(A) is m×k (A is k×m
/// when transposeA), op(B) is k×n, C is m×n.
void nn_sgemm(int kernel, long m, long n, long k,
              const float *a, long lda, int transposeA,
              const float *b, long ldb, int transposeB,
              float beta, float *c, long ldc);

#ifdef __cplusplus
}
#endif
#endif
