// Batches: an epoch's mini-batches, as a sequence a training loop walks with `for (x, labels) in …`.
//
// The samples are taken in the order given (the training loop shuffles it every epoch), `size` at a
// time, the last batch holding what is left. While a batch trains, the next one is already being
// written on the helper thread (BatchAhead): asking for batch b hands out batch b and starts
// writing batch b + 1, so the loop itself only ever sees the batches.

public struct Batches: Sequence {
    public let source: BatchSource
    public let order: [Int]
    public let size: Int

    /// The samples of `source` at `order`, `size` at a time.
    public init(_ source: BatchSource, order: [Int], size: Int) {
        precondition(size > 0, "a batch holds at least one sample")
        self.source = source
        self.order = order
        self.size = size
    }

    /// How many batches: the last one may be short.
    public var count: Int { (order.count + size - 1) / size }

    /// The positions in `order` of batch b.
    func indices(of b: Int) -> ArraySlice<Int> { order[(b * size)..<Swift.min((b + 1) * size, order.count)] }

    public func makeIterator() -> Iterator { Iterator(self) }

    public struct Iterator: IteratorProtocol {
        private let batches: Batches
        private let ahead: BatchAhead
        private var taken = 0

        init(_ batches: Batches) {
            self.batches = batches
            ahead = BatchAhead(batches.source)
            if batches.count > 0 { ahead.prepare(batches.indices(of: 0)) }
        }

        public mutating func next() -> (x: Matrix, labels: [Int])? {
            guard taken < batches.count else { return nil }
            let batch = ahead.take()
            taken += 1
            if taken < batches.count { ahead.prepare(batches.indices(of: taken)) }
            return batch
        }
    }
}

extension BatchSource {
    /// The samples at `order`, `size` at a time: one epoch's mini-batches.
    public func batches(of size: Int, order: [Int]) -> Batches { Batches(self, order: order, size: size) }
}
