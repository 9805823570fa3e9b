import Testing
@testable import Engine

@Suite struct MatrixTests {
    @Test func blasProductMatchesReference() {
        var rng = SeededRandom(seed: 1)
        for (m, k, n) in [(1, 1, 1), (3, 4, 5), (17, 33, 9), (64, 784, 10)] {
            let a = rng.normalMatrix(rows: m, cols: k)
            let b = rng.normalMatrix(rows: k, cols: n)
            let fast = a * b
            let slow = a.referenceMultiplied(by: b)
            #expect(fast.rows == m && fast.cols == n)
            for (x, y) in zip(fast.data, slow.data) { #expect(abs(x - y) <= 1e-5 * Float(k) * max(1, abs(y))) }
        }
    }

    @Test func transposedProductsMatchExplicitTranspose() {
        var rng = SeededRandom(seed: 2)
        let a = rng.normalMatrix(rows: 5, cols: 3)
        let b = rng.normalMatrix(rows: 5, cols: 4)
        let atb = a.multiplied(by: b, transposeSelf: true)
        let ref = a.transposed.referenceMultiplied(by: b)
        #expect(atb.rows == 3 && atb.cols == 4)
        for (x, y) in zip(atb.data, ref.data) { #expect(abs(x - y) < 1e-5) }
        let c = rng.normalMatrix(rows: 4, cols: 3)
        let act = a.multiplied(by: c, transposeOther: true)
        let ref2 = a.referenceMultiplied(by: c.transposed)
        for (x, y) in zip(act.data, ref2.data) { #expect(abs(x - y) < 1e-5) }
    }

    @Test func smallProductByHand() {
        let a = Matrix([[1, 2], [3, 4]])
        let b = Matrix([[5, 6], [7, 8]])
        #expect((a * b).data == [19, 22, 43, 50])
        #expect(a.columnSums().data == [4, 6])
        #expect(Matrix([[0, 3, 1], [5, 2, 9]]).argmaxPerRow() == [1, 2])
        #expect(a.transposed.data == [1, 3, 2, 4])
    }
}
