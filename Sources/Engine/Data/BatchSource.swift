// BatchSource: anything a training loop can draw mini-batches from.
//
// A data set keeps its samples in whatever form is cheapest (MNIST keeps bytes) and hands out one
// mini-batch at a time as a Float matrix, one sample per row, with the class label of each row.

public protocol BatchSource {
    /// Number of samples.
    var count: Int { get }
    /// Number of input features per sample (784 for a 28×28 image).
    var featureCount: Int { get }
    /// The samples at `indices`, one per row, and their class labels.
    func batch(_ indices: [Int]) -> (x: Matrix, labels: [Int])
}

/// A BatchSource over samples already held as a Float matrix.
public struct MatrixBatchSource: BatchSource {
    public let x: Matrix
    public let labels: [Int]
    public init(x: Matrix, labels: [Int]) {
        precondition(x.rows == labels.count, "\(x.rows) samples but \(labels.count) labels")
        self.x = x
        self.labels = labels
    }
    public var count: Int { x.rows }
    public var featureCount: Int { x.cols }
    public func batch(_ indices: [Int]) -> (x: Matrix, labels: [Int]) {
        (x.gatherRows(indices), indices.map { labels[$0] })
    }
}
