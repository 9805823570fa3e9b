// BatchSource: anything a training loop can draw mini-batches from.
//
// A data set keeps its samples in whatever form is cheapest (MNIST keeps bytes) and hands out one
// mini-batch at a time as a Float matrix, one sample per row, with the class label of each row.
// When each row depends on its own sample alone (RowwiseBatchSource), a batch can be written a few
// rows at a time, on any thread: the training loop then writes the next batch on the helper thread
// while the current one trains (see BatchAhead).

public protocol BatchSource {
    /// Number of samples.
    var count: Int { get }
    /// Number of input features per sample (784 for a 28×28 image).
    var featureCount: Int { get }
    /// The samples at `indices`, one per row, and their class labels.
    func batch(_ indices: [Int]) -> (x: Matrix, labels: [Int])
}

/// A BatchSource whose rows each depend on their own sample only (not, say, on a random draw made
/// batch by batch), so that the rows of a batch can be written in parts, in any order, on any thread.
public protocol RowwiseBatchSource: BatchSource, Sendable {
    /// Writes the samples at `indices`, one per row of featureCount values, into `rows`.
    func write(_ indices: ArraySlice<Int>, into rows: UnsafeMutableBufferPointer<Float>)
    /// The class labels of the samples at `indices`.
    func labels(of indices: ArraySlice<Int>) -> [Int]
}

extension RowwiseBatchSource {
    /// The samples at `indices`, one per row, and their labels: the rows written all at once.
    public func batch(_ indices: [Int]) -> (x: Matrix, labels: [Int]) {
        let x = Matrix(rows: indices.count, cols: featureCount) { rows in write(indices[...], into: rows) }
        return (x, labels(of: indices[...]))
    }
}

/// A BatchSource over samples already held as a Float matrix.
public struct MatrixBatchSource: RowwiseBatchSource {
    public let x: Matrix
    public let labels: [Int]
    public init(x: Matrix, labels: [Int]) {
        precondition(x.rows == labels.count, "\(x.rows) samples but \(labels.count) labels")
        self.x = x
        self.labels = labels
    }
    public var count: Int { x.rows }
    public var featureCount: Int { x.cols }
    public func write(_ indices: ArraySlice<Int>, into rows: UnsafeMutableBufferPointer<Float>) {
        let n = x.cols
        precondition(rows.count == indices.count * n, "\(indices.count) samples need \(indices.count * n) values, got \(rows.count)")
        x.data.withUnsafeBufferPointer { source in
            for (r, i) in indices.enumerated() {
                precondition(i >= 0 && i < x.rows, "sample \(i) is outside 0..<\(x.rows)")
                (rows.baseAddress! + r * n).update(from: source.baseAddress! + i * n, count: n)
            }
        }
    }
    public func labels(of indices: ArraySlice<Int>) -> [Int] { indices.map { labels[$0] } }
}
