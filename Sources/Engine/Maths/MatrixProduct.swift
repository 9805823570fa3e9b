// Matrix products: C = op(A)·op(B) + β·C, computed by the engine's own kernels (MatrixKernel).
//
// Every kernel gives exactly the bits of the definition (ProductDefinition.swift): each element's
// sum in the order p = 0, 1, 2, …, one fused multiply-add at a time. So how a product is cut into
// pieces, which thread computes a piece and which processor runs it change nothing in its bits.
//
// A large product is cut into MatrixKernel.pieces pieces, always the same rows (or columns) of the
// result whatever the machine, each computed by one single-threaded kernel call; the pieces run on
// MatrixKernel.threads threads (see Pieces).

import CMatrixKernel

extension Matrix {
    /// self · other.
    public static func * (a: Matrix, b: Matrix) -> Matrix { a.multiplied(by: b) }

    /// op(self) · op(other), where op transposes when asked: `x.multiplied(by: w, transposeSelf: true)`
    /// is xᵀ·w without building xᵀ.
    public func multiplied(by other: Matrix, transposeSelf: Bool = false, transposeOther: Bool = false) -> Matrix {
        let m = transposeSelf ? cols : rows
        let n = transposeOther ? other.rows : other.cols
        var out = Matrix(rows: m, cols: n)
        Matrix.gemm(self, transposeA: transposeSelf, other, transposeB: transposeOther, into: &out)
        return out
    }

    /// c = op(a)·op(b) + beta · c, the general matrix product, writing into `c` (beta = 1 adds the
    /// product to what is there: a layer's forward pass starts each row at its bias).
    public static func gemm(_ a: Matrix, transposeA: Bool = false, _ b: Matrix, transposeB: Bool = false,
                            beta: Float = 0, into c: inout Matrix) {
        let m = transposeA ? a.cols : a.rows
        let k = transposeA ? a.rows : a.cols
        let kb = transposeB ? b.cols : b.rows
        let n = transposeB ? b.rows : b.cols
        precondition(k == kb, "cannot multiply: inner sizes \(k) and \(kb) differ")
        precondition(c.rows == m && c.cols == n, "result must be \(m)×\(n), got \(c.rows)×\(c.cols)")
        if m == 0 || n == 0 { return }
        if k == 0 { return productByDefinition(a, transposeA: transposeA, b, transposeB: transposeB, beta: beta, into: &c) }
        let lda = max(a.cols, 1), ldb = max(b.cols, 1), ldc = max(n, 1)
        a.data.withUnsafeBufferPointer { pa in
            b.data.withUnsafeBufferPointer { pb in
                c.data.withUnsafeMutableBufferPointer { pc in
                    nonisolated(unsafe) let (pA, pB, pC) = (pa.baseAddress!, pb.baseAddress!, pc.baseAddress!)
                    let cut = pieceCut(rows: m, cols: n, work: m * n * k)
                    let kernel = MatrixKernel.current
                    // Rows (or columns) lower..<upper of C, from the same rows of op(A) (columns of op(B)).
                    let piece = { @Sendable (lower: Int, upper: Int) in
                        let byRows = cut.byRows
                        let aStart = !byRows ? 0 : transposeA ? lower : lower * lda
                        let bStart = byRows ? 0 : transposeB ? lower * ldb : lower
                        let cStart = byRows ? lower * ldc : lower
                        blockProduct(m: byRows ? upper - lower : m, n: byRows ? n : upper - lower, k: k,
                                     pA + aStart, lda: lda, transposeA: transposeA,
                                     pB + bStart, ldb: ldb, transposeB: transposeB,
                                     beta: beta, into: pC + cStart, ldc: ldc, kernel: kernel)
                    }
                    let bounds = cut.boundaries
                    Pieces.run(bounds.count - 1) { piece(bounds[$0], bounds[$0 + 1]) }
                }
            }
        }
    }

    /// C = op(A)·op(B) + β·C on blocks of larger matrices, given by their first element and row
    /// stride (leading dimension), in one single-threaded kernel call: each piece of `gemm`, and
    /// callers that cut the work themselves, such as a convolution computing each image's block of
    /// its output where it belongs.
    static func blockProduct(m: Int, n: Int, k: Int,
                             _ a: UnsafePointer<Float>, lda: Int, transposeA: Bool = false,
                             _ b: UnsafePointer<Float>, ldb: Int, transposeB: Bool = false,
                             beta: Float, into c: UnsafeMutablePointer<Float>, ldc: Int,
                             kernel: MatrixKernel.Kind = MatrixKernel.current) {
        guard m > 0 && n > 0 else { return }
        MatrixKernel.checkSubnormals()
        nn_sgemm(Int32(kernel.rawValue), m, n, k, a, lda, transposeA ? 1 : 0,
                 b, ldb, transposeB ? 1 : 0, beta, c, ldc)
    }

    /// How a product is cut: not at all ([0, m] by rows) when it is too small to be worth it (under
    /// 2¹⁸ multiply-adds, or fewer than 8 rows or columns per piece), else into MatrixKernel.pieces
    /// pieces, along its rows when it has at least as many rows as columns and along its columns
    /// otherwise (so that the pieces share the smaller operand: X·W₁ of a batch of 64 is cut between
    /// W₁'s columns, Xᵀ·dZ₁ between its rows). The cuts fall at multiples of 16, or of 8 for a
    /// product with fewer than 32 rows and columns (a first convolution's dW = dZ·Pᵀ: 16 filters
    /// × 25 kernel weights, summed over 36,864 positions). It depends on the product's shape only,
    /// never on the machine. The products of a small top layer (64 × 128 × 10 multiply-adds for a
    /// batch of 64) stay whole: handing half of one over costs about what it saves, and meanwhile
    /// the helper thread is free to write the next batch (see BatchAhead).
    static func pieceCut(rows m: Int, cols n: Int, work: Int) -> (byRows: Bool, boundaries: [Int]) {
        let pieces = MatrixKernel.pieces
        let byRows = m >= n
        let length = byRows ? m : n
        let step = length >= 16 * pieces ? 16 : 8
        guard work >= 1 << 18, length >= step * pieces else { return (true, [0, m]) }
        return (byRows, (0...pieces).map { $0 == pieces ? length : ($0 * length / pieces + step - 1) / step * step })
    }
}
