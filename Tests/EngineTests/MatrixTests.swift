import CMatrixKernel
import Testing
@testable import Engine

@Suite struct MatrixTests {
    /// One product to check: op(A) is m×k, op(B) is k×n.
    struct Product: CustomStringConvertible, Sendable {
        let m, n, k: Int
        let transposeA, transposeB: Bool
        var description: String { "\(m)×\(k)\(transposeA ? "ᵀ" : "")·\(k)×\(n)\(transposeB ? "ᵀ" : "")" }
    }

    /// The products the chapters compute, as the layers call them: the training step of 784-H-10
    /// networks (Chapters 06–07, the benchmark) on batches of 64, and Chapter 08's convolutions
    /// (as Conv2D computes them for a batch of 64 images, 5×5 filters: 1→16 and 16→32 channels).
    static let chapterProducts: [Product] = [
        Product(m: 64, n: 128, k: 784, transposeA: false, transposeB: false),     // X·W₁
        Product(m: 64, n: 784, k: 128, transposeA: false, transposeB: true),      // dZ₁·W₁ᵀ
        Product(m: 784, n: 128, k: 64, transposeA: true, transposeB: false),      // Xᵀ·dZ₁
        Product(m: 64, n: 10, k: 128, transposeA: false, transposeB: false),      // H·W₂
        Product(m: 128, n: 10, k: 64, transposeA: true, transposeB: false),       // Hᵀ·dZ₂
        Product(m: 64, n: 128, k: 10, transposeA: false, transposeB: true),       // dZ₂·W₂ᵀ
        Product(m: 64, n: 256, k: 784, transposeA: false, transposeB: false),
        Product(m: 64, n: 16, k: 784, transposeA: false, transposeB: false),
        Product(m: 16, n: 576, k: 25, transposeA: false, transposeB: false),      // W·P, one image
        Product(m: 26, n: 16, k: 36864, transposeA: false, transposeB: false),    // (P | 1)·dZᵀ, 64 images
        Product(m: 32, n: 64, k: 400, transposeA: false, transposeB: false),      // W·P, one image
        Product(m: 401, n: 32, k: 4096, transposeA: false, transposeB: false),    // (P | 1)·dZᵀ, 64 images
        Product(m: 400, n: 64, k: 32, transposeA: true, transposeB: false),       // Wᵀ·dY, one image
        Product(m: 32, n: 400, k: 1024, transposeA: false, transposeB: true),     // dZ·Pᵀ, 16 images
    ]

    /// Every size from 1 to 33 along one side with the others odd, and every transpose: the tiles'
    /// edges (rows left over, columns left over, a last block of p) in every combination.
    static let oddProducts: [Product] = [(1, 1, 1), (3, 5, 7), (13, 37, 513), (33, 17, 300), (12, 32, 256),
                                         (25, 47, 257), (7, 65, 2), (29, 16, 1)].flatMap { m, n, k in
        [false, true].flatMap { ta in [false, true].map { tb in Product(m: m, n: n, k: k, transposeA: ta, transposeB: tb) } }
    }

    /// Every kernel this processor runs gives the definition's bits, on one thread and on two, for
    /// β = 0 (C ignored, even a NaN in it), 1 (added to) and ½.
    @Test(arguments: chapterProducts + oddProducts)
    func everyKernelGivesTheDefinitionsBits(_ p: Product) {
        var rng = SeededRandom(seed: UInt64(p.m * 1_000_003 + p.n * 1009 + p.k))
        let a = p.transposeA ? rng.normalMatrix(rows: p.k, cols: p.m) : rng.normalMatrix(rows: p.m, cols: p.k)
        let b = p.transposeB ? rng.normalMatrix(rows: p.n, cols: p.k) : rng.normalMatrix(rows: p.k, cols: p.n)
        var start = rng.normalMatrix(rows: p.m, cols: p.n)
        for beta: Float in [0, 1, 0.5] {
            if beta == 0 { start.data[0] = .nan }
            var definition = start
            Matrix.productByDefinition(a, transposeA: p.transposeA, b, transposeB: p.transposeB, beta: beta, into: &definition)
            let want = definition.data.map(\.bitPattern)
            for kind in MatrixKernel.Kind.allCases where kind.isAvailable {
                MatrixKernel.using(kind) {
                    withEveryThreadCount { threads in
                        var c = start
                        Matrix.gemm(a, transposeA: p.transposeA, b, transposeB: p.transposeB, beta: beta, into: &c)
                        let wrong = zip(c.data, want).filter { $0.0.bitPattern != $0.1 }.count
                        #expect(wrong == 0, "\(p), β = \(beta), \(kind), \(threads) threads: \(wrong) elements differ")
                    }
                }
            }
        }
    }

    /// Subnormal inputs and sums, a sum that overflows to infinity, an infinity times zero (NaN),
    /// zeros of both signs: the kernels follow IEEE's rules in the definition's order.
    @Test func theEdgesOfFloatArithmeticComeOutAsDefined() {
        let tiny = Float.leastNonzeroMagnitude, big = Float.greatestFiniteMagnitude
        let a = Matrix(rows: 3, cols: 4, data: [tiny, 0x1p-130, -0x1p-140, 1, big, big, -big, 1, 0, .infinity, -0.0, 2])
        let b = Matrix(rows: 4, cols: 20, data: (0..<80).map { i in
            [Float(0.5), -0.0, 0x1p-10, 3, 0, -1, 0x1p-126, 2][i % 8] * (i % 3 == 0 ? -1 : 1)
        })
        var definition = Matrix(rows: 3, cols: 20)
        Matrix.productByDefinition(a, b, into: &definition)
        #expect(definition.data.contains { $0.isSubnormal })
        for kind in MatrixKernel.Kind.allCases where kind.isAvailable {
            MatrixKernel.using(kind) {
                let product = a * b
                #expect(product.data.map(\.bitPattern) == definition.data.map(\.bitPattern), "\(kind)")
            }
        }
    }

    /// Blocks of larger matrices (a leading dimension past the block's width), as a convolution
    /// writes each image's block of its output in place: the elements outside the block untouched.
    @Test func aBlockOfALargerMatrixLeavesTheRestAlone() {
        var rng = SeededRandom(seed: 5)
        let a = rng.normalMatrix(rows: 20, cols: 50), b = rng.normalMatrix(rows: 40, cols: 37)
        var c = rng.normalMatrix(rows: 17, cols: 45)
        let before = c
        // C[2..<17][5..<38] = A[3..<18][0..<40] · B[0..<40][0..<33] + C.
        a.data.withUnsafeBufferPointer { pa in b.data.withUnsafeBufferPointer { pb in c.data.withUnsafeMutableBufferPointer { pc in
            Matrix.blockProduct(m: 15, n: 33, k: 40, pa.baseAddress! + 3 * 50, lda: 50, pb.baseAddress!, ldb: 37,
                                beta: 1, into: pc.baseAddress! + 2 * 45 + 5, ldc: 45)
        } } }
        for i in 0..<17 {
            for j in 0..<45 {
                guard (2..<17).contains(i) && (5..<38).contains(j) else {
                    #expect(c[i, j].bitPattern == before[i, j].bitPattern)
                    continue
                }
                var sum = before[i, j]
                for p in 0..<40 { sum = sum.addingProduct(a[i + 1, p], b[p, j - 5]) }
                #expect(c[i, j].bitPattern == sum.bitPattern, "(\(i), \(j))")
            }
        }
    }

    /// The order is part of the result: the same terms summed from the last p to the first give other
    /// bits in some elements, so "the same numbers" needs the one order of the definition.
    @Test func anotherOrderGivesOtherBits() {
        var rng = SeededRandom(seed: 6)
        let a = rng.normalMatrix(rows: 64, cols: 784), b = rng.normalMatrix(rows: 784, cols: 16)
        let forward = a * b
        var reversed = Matrix(rows: 64, cols: 16)
        for i in 0..<64 {
            for j in 0..<16 {
                var sum: Float = 0
                for p in (0..<784).reversed() { sum = sum.addingProduct(a[i, p], b[p, j]) }
                reversed[i, j] = sum
            }
        }
        let differing = zip(forward.data, reversed.data).filter { $0.bitPattern != $1.bitPattern }.count
        #expect(differing > 100)
        #expect(zip(forward.data, reversed.data).allSatisfy { abs($0 - $1) < 1e-3 })
    }

    @Test func thisThreadKeepsSubnormals() {
        #expect(nn_denormals_flushed() == 0)
    }

    @Test func smallProductByHand() {
        let a = Matrix([[1, 2], [3, 4]])
        let b = Matrix([[5, 6], [7, 8]])
        #expect((a * b).data == [19, 22, 43, 50])
        #expect(a.multiplied(by: b, transposeSelf: true).data == [26, 30, 38, 44])
        #expect(a.multiplied(by: b, transposeOther: true).data == [17, 23, 39, 53])
        #expect(Matrix(rows: 2, cols: 0) * Matrix(rows: 0, cols: 3) == Matrix(rows: 2, cols: 3))
        #expect(a.columnSums().data == [4, 6])
        #expect(Matrix([[0, 3, 1], [5, 2, 9]]).argmaxPerRow() == [1, 2])
        #expect(a.transposed.data == [1, 3, 2, 4])
    }
}
