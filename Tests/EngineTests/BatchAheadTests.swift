// BatchAheadTests: the batches of the Batches sequence, written ahead on the helper thread, are
// exactly the batches the data set hands out, on one thread or two, and a batch still being written
// when training stops is finished safely.

import Foundation
import Testing
@testable import Engine

@Suite struct BatchAheadTests {
    /// Every batch of `order` as the training loop takes them: from the Batches sequence, each one
    /// used at once (a copy of its numbers kept) while the next one is being written. The last
    /// batches stay alive meanwhile, as the first layer keeps its input until the next forward pass.
    func batchesAhead(_ source: BatchSource, _ order: [Int], batchSize: Int) -> [(x: Matrix, labels: [Int])] {
        var batches: [(x: Matrix, labels: [Int])] = []
        var held: Matrix? = nil
        for (x, labels) in source.batches(of: batchSize, order: order) {
            batches.append((Matrix(rows: x.rows, cols: x.cols, data: Array(x.data)), labels))
            held = x
        }
        _ = held
        return batches
    }

    func expectSameBatches(_ got: [(x: Matrix, labels: [Int])], _ want: [(x: Matrix, labels: [Int])], _ what: String) {
        #expect(got.count == want.count, "\(what)")
        for (g, w) in zip(got, want) {
            #expect(g.x.rows == w.x.rows && g.x.cols == w.x.cols, "\(what)")
            #expect(g.x.data.map(\.bitPattern) == w.x.data.map(\.bitPattern), "\(what)")
            #expect(g.labels == w.labels, "\(what)")
        }
    }

    @Test func imagesAheadAreTheImagesOfTheBatch() {
        let images = SyntheticImages.make(count: 300, seed: 5)
        var rng = SeededRandom(seed: 9)
        var order = Array(0..<images.count)
        rng.shuffle(&order)
        for normalization in [Normalization.scale, images.standardization()] {
            let source = images.normalized(normalization)
            // 300 = 4 batches of 64 and one of 44, whose last chunk of rows is short.
            let want = stride(from: 0, to: order.count, by: 64).map { source.batch(Array(order[$0..<min($0 + 64, order.count)])) }
            withEveryThreadCount { threads in
                expectSameBatches(batchesAhead(source, order, batchSize: 64), want, "\(normalization), \(threads) threads")
            }
        }
    }

    @Test func matrixRowsAheadAreTheRowsOfTheBatch() {
        var rng = SeededRandom(seed: 4)
        let source = MatrixBatchSource(x: rng.normalMatrix(rows: 50, cols: 7), labels: (0..<50).map { $0 % 3 })
        let order = (0..<50).reversed().map { $0 }
        let want = stride(from: 0, to: 50, by: 16).map { source.batch(Array(order[$0..<min($0 + 16, 50)])) }
        withEveryThreadCount { threads in
            expectSameBatches(batchesAhead(source, order, batchSize: 16), want, "\(threads) threads")
        }
    }

    /// Random shifts draw from their generator batch by batch, so they are asked for each batch
    /// when it is taken, in order: the same shifts as drawing the batches one after the other.
    @Test func shiftedBatchesComeInTheirOrder() {
        let images = SyntheticImages.make(count: 100, seed: 2)
        let order = Array(0..<100)
        let direct = RandomShifts(images, maxShift: 2, seed: 7)
        let want = stride(from: 0, to: 100, by: 32).map { direct.batch(Array(order[$0..<min($0 + 32, 100)])) }
        expectSameBatches(batchesAhead(RandomShifts(images, maxShift: 2, seed: 7), order, batchSize: 32), want, "shifts")
    }

    /// Training that stops between asking for a batch and taking it (an error) lets go of the
    /// BatchAhead with rows still being written: they are finished first, and the helper is free
    /// again for the next products.
    @Test func aBatchLeftBehindIsFinished() {
        let images = SyntheticImages.make(count: 256, seed: 1)
        for _ in 0..<50 {
            do {
                // The first batch is taken, and the second is being written when the loop stops.
                var iterator = images.batches(of: 128, order: Array(0..<256)).makeIterator()
                _ = iterator.next()
            }
            // The helper runs pieces again: both pieces of a product, and the right product.
            var rng = SeededRandom(seed: 1)
            let a = rng.normalMatrix(rows: 64, cols: 784), b = rng.normalMatrix(rows: 784, cols: 128)
            let product = a * b
            #expect(product == a.multipliedByDefinition(b))
        }
    }
}
