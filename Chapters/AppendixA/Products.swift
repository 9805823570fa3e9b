// Products: c = a·b computed six ways, from the definition to the engine's own kernel, each giving
// exactly the bits of the definition (the appendix counts the elements that differ: none).
//
// Every matrix is stored row after row, as the engine's Matrix is: a is m×k, b is k×n, c is m×n, and
// element [i][j] of c lives at c[i * n + j]. The faster versions compute c = a·b (β = 0, as the forward
// pass X·W does) and, to stay short, ask for m a multiple of 8 and n a multiple of 16; the engine's
// kernel handles any shape and any β.

import Engine

typealias Floats = UnsafeBufferPointer<Float>
typealias MutableFloats = UnsafeMutableBufferPointer<Float>

enum Products {
    // #region definition
    /// c = a·b + β·c by the definition: every c[i][j] starts at β·c[i][j] (at 0 when β = 0) and adds
    /// a[i][p]·b[p][j] for p = 0, 1, …, k − 1, in that order, each time rounding once (a fused
    /// multiply-add: the exact sum + a·b, rounded to the nearest Float).
    static func definition(m: Int, n: Int, k: Int, _ a: Floats, _ b: Floats, beta: Float = 0, into c: MutableFloats) {
        for i in 0..<m {
            for j in 0..<n {
                var sum: Float = beta == 0 ? 0 : beta * c[i * n + j]
                for p in 0..<k {
                    sum = sum.addingProduct(a[i * k + p], b[p * n + j])   // sum + a·b, rounded once
                }
                c[i * n + j] = sum
            }
        }
    }
    // #endregion

    // #region loop-order
    /// The same sums with the loops over p and j swapped: for each p, the whole row i of c takes its
    /// next term, walking row p of b from left to right. Each c[i][j] still adds its terms in the
    /// order p = 0, 1, …, k − 1; only the other elements' additions now come in between.
    static func rowByRow(m: Int, n: Int, k: Int, _ a: Floats, _ b: Floats, into c: MutableFloats) {
        for i in 0..<m {
            for j in 0..<n { c[i * n + j] = 0 }
            for p in 0..<k {
                let aip = a[i * k + p]
                for j in 0..<n {                                   // b[p][0], b[p][1], …: side by side in memory
                    c[i * n + j] = c[i * n + j].addingProduct(aip, b[p * n + j])
                }
            }
        }
    }
    // #endregion

    // #region tile
    /// A 4×16 block of c at a time, its 64 sums kept in a small local array (`tile`) over all of p,
    /// and written to c once, at the end. The 16 columns of b the block needs are first copied into a
    /// panel, row p of the panel right after row p − 1, so the innermost loop reads 16 neighbours.
    static func tiled(m: Int, n: Int, k: Int, _ a: Floats, _ b: Floats, into c: MutableFloats) {
        precondition(m % 4 == 0 && n % 16 == 0, "the 4×16 tiles need m a multiple of 4 and n of 16")
        var panel = [Float](repeating: 0, count: k * 16)
        var tile = [Float](repeating: 0, count: 4 * 16)
        for j0 in stride(from: 0, to: n, by: 16) {
            for p in 0..<k {
                for jj in 0..<16 { panel[p * 16 + jj] = b[p * n + j0 + jj] }   // b[p][j0 ..< j0 + 16]
            }
            for i0 in stride(from: 0, to: m, by: 4) {
                for t in 0..<64 { tile[t] = 0 }
                for p in 0..<k {
                    for r in 0..<4 {
                        let arp = a[(i0 + r) * k + p]
                        for jj in 0..<16 {
                            tile[r * 16 + jj] = tile[r * 16 + jj].addingProduct(arp, panel[p * 16 + jj])
                        }
                    }
                }
                for r in 0..<4 {
                    for jj in 0..<16 { c[(i0 + r) * n + j0 + jj] = tile[r * 16 + jj] }
                }
            }
        }
    }
    // #endregion

    // #region simd-tile
    /// b cut into panels of 16 columns, each row of a panel one vector:
    /// panels[(j0 / 16) * k + p] holds b[p][j0 ..< j0 + 16].
    static func panels(n: Int, k: Int, _ b: Floats) -> [SIMD16<Float>] {
        var panels = [SIMD16<Float>](repeating: .zero, count: n / 16 * k)
        for j0 in stride(from: 0, to: n, by: 16) {
            for p in 0..<k { panels[j0 / 16 * k + p] = SIMD16(b[(p * n + j0)..<(p * n + j0 + 16)]) }
        }
        return panels
    }

    /// Rows `rows` of c (a multiple of 4 of them), a 4×16 tile at a time: four vectors of 16 sums,
    /// one per row. Each step of p multiplies the panel's row p by a[i][p] and adds it to a row's
    /// vector, 16 fused multiply-adds in one operation, one for each column j.
    static func vectorTiles(rows: Range<Int>, n: Int, k: Int, _ a: Floats,
                            _ panels: [SIMD16<Float>], into c: MutableFloats) {
        for j0 in stride(from: 0, to: n, by: 16) {
            let panel = j0 / 16 * k                                // where this panel's k vectors start
            for i0 in stride(from: rows.lowerBound, to: rows.upperBound, by: 4) {
                var c0 = SIMD16<Float>(), c1 = SIMD16<Float>(), c2 = SIMD16<Float>(), c3 = SIMD16<Float>()
                for p in 0..<k {
                    let bp = panels[panel + p]                     // b[p][j0 ..< j0 + 16]
                    c0 = c0.addingProduct(SIMD16(repeating: a[i0 * k + p]), bp)
                    c1 = c1.addingProduct(SIMD16(repeating: a[(i0 + 1) * k + p]), bp)
                    c2 = c2.addingProduct(SIMD16(repeating: a[(i0 + 2) * k + p]), bp)
                    c3 = c3.addingProduct(SIMD16(repeating: a[(i0 + 3) * k + p]), bp)
                }
                for (r, sums) in [c0, c1, c2, c3].enumerated() {
                    for jj in 0..<16 { c[(i0 + r) * n + j0 + jj] = sums[jj] }
                }
            }
        }
    }

    static func vectorised(m: Int, n: Int, k: Int, _ a: Floats, _ b: Floats, into c: MutableFloats) {
        precondition(m % 4 == 0 && n % 16 == 0, "the 4×16 tiles need m a multiple of 4 and n of 16")
        vectorTiles(rows: 0..<m, n: n, k: k, a, panels(n: n, k: k, b), into: c)
    }
    // #endregion

    // #region two-threads
    /// The vector tiles on two threads: the first computes rows 0 ..< m/2 of c, the second the rest,
    /// from the same panels of b. Each c[i][j] is computed by one thread, as before.
    static func twoThreads(m: Int, n: Int, k: Int, _ a: Floats, _ b: Floats, into c: MutableFloats) {
        precondition(m % 8 == 0 && n % 16 == 0, "two halves of 4×16 tiles need m a multiple of 8 and n of 16")
        let panels = panels(n: n, k: k, b)
        Pieces.run(2) { half in                        // both halves at once, on the engine's two threads
            let rows = half == 0 ? 0..<(m / 2) : (m / 2)..<m
            vectorTiles(rows: rows, n: n, k: k, a, panels, into: c)
        }
    }
    // #endregion

    // #region engine
    /// The engine's own product, as every layer calls it (c = a·b + β·c, here with β = 0).
    static func engine(_ a: Matrix, _ b: Matrix, into c: inout Matrix) {
        Matrix.gemm(a, b, beta: 0, into: &c)
    }
    // #endregion

    // #region reversed
    /// The definition with one change: each sum adds its k terms from p = k − 1 down to p = 0.
    static func reversedOrder(m: Int, n: Int, k: Int, _ a: Floats, _ b: Floats, into c: MutableFloats) {
        for i in 0..<m {
            for j in 0..<n {
                var sum: Float = 0
                for p in (0..<k).reversed() {
                    sum = sum.addingProduct(a[i * k + p], b[p * n + j])
                }
                c[i * n + j] = sum
            }
        }
    }
    // #endregion
}
