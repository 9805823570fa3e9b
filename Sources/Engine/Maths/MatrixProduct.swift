// Matrix products: C = αÂ·B̂ + βC through BLAS's sgemm, and a plain Swift reference.
//
// BLAS comes from OpenBLAS on Linux (the CBLAS shim) and from Accelerate on macOS. The reference
// product is the textbook triple loop; tests check that both agree. How many threads BLAS uses
// is decided in BLASSettings.swift.

#if canImport(Accelerate)
import Accelerate
#else
import CBLAS
#endif

extension Matrix {
    /// self · other, through BLAS.
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

    /// c = alpha · op(a)·op(b) + beta · c, the BLAS general matrix product, writing into `c`.
    public static func gemm(_ a: Matrix, transposeA: Bool = false, _ b: Matrix, transposeB: Bool = false,
                            alpha: Float = 1, beta: Float = 0, into c: inout Matrix) {
        let m = transposeA ? a.cols : a.rows
        let k = transposeA ? a.rows : a.cols
        let kb = transposeB ? b.cols : b.rows
        let n = transposeB ? b.rows : b.cols
        precondition(k == kb, "cannot multiply: inner sizes \(k) and \(kb) differ")
        precondition(c.rows == m && c.cols == n, "result must be \(m)×\(n), got \(c.rows)×\(c.cols)")
        if m == 0 || n == 0 { return }
        if k == 0 { for i in 0..<c.data.count { c.data[i] *= beta }; return }
        BLASSettings.prepare()
        a.data.withUnsafeBufferPointer { pa in
            b.data.withUnsafeBufferPointer { pb in
                c.data.withUnsafeMutableBufferPointer { pc in
                    cblas_sgemm(CblasRowMajor,
                                transposeA ? CblasTrans : CblasNoTrans,
                                transposeB ? CblasTrans : CblasNoTrans,
                                Int32(m), Int32(n), Int32(k), alpha,
                                pa.baseAddress, Int32(max(a.cols, 1)),
                                pb.baseAddress, Int32(max(b.cols, 1)),
                                beta, pc.baseAddress, Int32(max(n, 1)))
                }
            }
        }
    }

    /// The textbook product, for readers and for testing BLAS: c[i][j] = Σₖ a[i][k]·b[k][j].
    public func referenceMultiplied(by other: Matrix) -> Matrix {
        precondition(cols == other.rows, "cannot multiply \(rows)×\(cols) by \(other.rows)×\(other.cols)")
        var out = Matrix(rows: rows, cols: other.cols)
        for i in 0..<rows {
            for j in 0..<other.cols {
                var total: Float = 0
                for k in 0..<cols { total += self[i, k] * other[k, j] }
                out[i, j] = total
            }
        }
        return out
    }
}
