// BatchAheadTests: the batches written ahead, on the helper thread, are exactly the batches the data
// set hands out, on one thread or two, and a batch still being written when training stops is
// finished safely.

import Foundation
import Testing
@testable import Engine

@Suite struct BatchAheadTests {
    /// Takes every batch of `order` through BatchAhead, asking for the next one before the current
    /// one is used, as the training loop does.
    func batchesAhead(_ source: BatchSource, _ order: [Int], batchSize: Int) -> [(x: Matrix, labels: [Int])] {
        let upcoming = BatchAhead(source)
        var batches: [(x: Matrix, labels: [Int])] = []
        let starts = Array(stride(from: 0, to: order.count, by: batchSize))
        upcoming.prepare(order[0..<min(batchSize, order.count)])
        for b in starts.indices {
            // Use the batch at once, as the training loop does, before asking for the next one;
            // keep only a copy of its numbers (the loop lets go of each batch too).
            let batch = upcoming.take()
            batches.append((Matrix(rows: batch.x.rows, cols: batch.x.cols, data: Array(batch.x.data)), batch.labels))
            if b + 1 < starts.count {
                let next = starts[b + 1]
                upcoming.prepare(order[next..<min(next + batchSize, order.count)])
            }
        }
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
                let upcoming = BatchAhead(images)
                upcoming.prepare(Array(0..<256)[...])
            }
            // The helper runs pieces again: both pieces of a product, and the right product.
            var rng = SeededRandom(seed: 1)
            let a = rng.normalMatrix(rows: 64, cols: 784), b = rng.normalMatrix(rows: 784, cols: 128)
            let product = a * b
            let reference = a.referenceMultiplied(by: b)
            #expect(zip(product.data, reference.data).allSatisfy { abs($0 - $1) <= 1e-3 * max(1, abs($1)) })
        }
    }
}
