// BatchAhead: the next mini-batch, written on the helper thread while the current one trains.
//
// Turning a mini-batch of 64 images into floats reads images scattered over the whole data set and
// writes 200 KB: about a tenth of a training step of Chapter 06's network. So when the training
// loop takes a batch (Batches), the next one is asked for at once, and the helper thread writes it,
// eight rows at a time (Pieces.inBackground), while the calling thread goes on. When the calling
// thread reaches a large product, it takes whatever rows are left, and the product starts once
// all are written. Each row depends on its own image alone (RowwiseBatchSource), so who wrote
// which row changes no bit. Another BatchSource (random shifts drawn batch by batch) is asked for
// its batch when the loop takes it.
//
// Three buffers take turns: the batch before, which the first layer still holds as its input
// until the next forward pass, the batch being trained on, and the batch being written.

final class BatchAhead {
    private let source: BatchSource
    /// Rows per chunk of work: small enough for the two threads to share the end of a batch.
    private static let rowsPerChunk = 8
    private var buffers = [Matrix(rows: 0, cols: 0), Matrix(rows: 0, cols: 0), Matrix(rows: 0, cols: 0)]
    /// The buffer the batch asked for goes to.
    private var turn = 0
    /// The batch asked for and not taken yet.
    private var asked: Asked?
    private enum Asked {
        /// Rows being written into buffers[turn], with their labels.
        case writing(Background, labels: [Int])
        /// A source that is not rowwise, asked for these samples when they are taken.
        case drawnWhenTaken([Int])
    }

    init(_ source: BatchSource) { self.source = source }

    /// Starts writing the samples at `indices` as the next batch.
    func prepare(_ indices: ArraySlice<Int>) {
        precondition(asked == nil, "the batch asked for before has not been taken")
        guard let rowwise = source as? RowwiseBatchSource else {
            asked = .drawnWhenTaken(Array(indices))
            return
        }
        turn = (turn + 1) % buffers.count
        let n = source.featureCount, count = indices.count
        buffers[turn].reuse(rows: count, cols: n)
        // The rows are written through this address while the calling thread goes on, so nothing
        // may touch buffers[turn] until `take` has waited for them: writing into the buffer here
        // first makes its storage this buffer's own (a copy, should someone still hold the batch
        // that was in it, which with three buffers the training loop never does).
        nonisolated(unsafe) let rows = buffers[turn].data.withUnsafeMutableBufferPointer { $0.baseAddress! }
        let chunk = Self.rowsPerChunk
        let writing = Pieces.inBackground(chunks: (count + chunk - 1) / chunk) { [indices] c in
            let lower = c * chunk, upper = min(lower + chunk, count)
            let start = indices.startIndex
            rowwise.write(indices[start + lower..<start + upper],
                          into: UnsafeMutableBufferPointer(start: rows + lower * n, count: (upper - lower) * n))
        }
        asked = .writing(writing, labels: rowwise.labels(of: indices))
    }

    /// The batch `prepare` asked for, once every row is written.
    func take() -> (x: Matrix, labels: [Int]) {
        guard let taken = asked else { preconditionFailure("no batch was asked for") }
        asked = nil
        switch taken {
        case let .writing(writing, labels):
            writing.finish()
            return (buffers[turn], labels)
        case let .drawnWhenTaken(indices):
            return source.batch(indices)
        }
    }

    /// A batch still being written when training stops early (an error) is finished first: its
    /// rows go into memory this object owns.
    deinit { if case let .writing(writing, _) = asked { writing.finish() } }
}
