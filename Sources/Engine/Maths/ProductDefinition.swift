// The matrix product by its definition: the code every faster product must match bit for bit.
//
//     C[i][j] = β·C[i][j] + Σₚ op(A)[i][p] · op(B)[p][j]
//
// A sum of floats depends on its order (rounding happens at every step), so the definition fixes
// one: start from β·C[i][j] (or from 0 when β is 0), then add the products for p = 0, 1, 2, … in
// turn, each with one rounding: `sum.addingProduct(x, y)` is the fused multiply-add sum + x·y,
// computed exactly and rounded once, which every processor of the last decade does in one
// instruction. The engine's kernels (MatrixKernel) keep this order for every element, so they give
// exactly these bits, only much sooner; MatrixTests and PiecesTests check it on every shape the
// chapters use.

extension Matrix {
    /// C = op(A)·op(B) + β·C by the definition, one element at a time. Slow: for reading and for
    /// testing the kernels.
    public static func productByDefinition(_ a: Matrix, transposeA: Bool = false, _ b: Matrix, transposeB: Bool = false,
                                           beta: Float = 0, into c: inout Matrix) {
        let (m, k) = transposeA ? (a.cols, a.rows) : (a.rows, a.cols)
        let n = transposeB ? b.rows : b.cols
        precondition(k == (transposeB ? b.cols : b.rows), "cannot multiply: inner sizes differ")
        precondition(c.rows == m && c.cols == n, "result must be \(m)×\(n), got \(c.rows)×\(c.cols)")
        for i in 0..<m {
            for j in 0..<n {
                var sum: Float = beta == 0 ? 0 : beta * c[i, j]
                for p in 0..<k {
                    let x = transposeA ? a[p, i] : a[i, p]
                    let y = transposeB ? b[j, p] : b[p, j]
                    sum = sum.addingProduct(x, y)          // sum + x·y, rounded once
                }
                c[i, j] = sum
            }
        }
    }

    /// self · other by the definition.
    public func multipliedByDefinition(_ other: Matrix) -> Matrix {
        var out = Matrix(rows: rows, cols: other.cols)
        Matrix.productByDefinition(self, other, into: &out)
        return out
    }
}
