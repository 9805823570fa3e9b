// Evaluation: how well a classifier does on data it is not trained on.
//
// Runs the network forward over a data set in batches (no gradients, no weight changes) and
// reports the mean softmax cross-entropy loss, the accuracy and every prediction.

public struct Evaluation: Sendable {
    public let loss: Float
    public let accuracy: Float
    public let predictions: [Int]
    public let labels: [Int]
}

extension Sequential {
    /// Loss, accuracy and predictions on `data`, `batchSize` samples at a time. An empty data set
    /// has no accuracy to report: that is a mistake in the caller, and stops the program.
    public func evaluate(on data: BatchSource, batchSize: Int = 500) -> Evaluation {
        precondition(data.count > 0, "cannot evaluate a network on an empty data set")
        precondition(batchSize > 0, "the evaluation batch size must be at least 1, got \(batchSize)")
        var totalLoss = 0.0, correct = 0
        var predictions: [Int] = [], labels: [Int] = []
        predictions.reserveCapacity(data.count)
        var start = 0
        while start < data.count {
            let indices = Array(start..<min(start + batchSize, data.count))
            let (x, y) = data.batch(indices)
            let logits = forward(x)
            let (loss, _) = softmaxCrossEntropy(logits: logits, labels: y)
            totalLoss += Double(loss) * Double(y.count)
            let predicted = logits.argmaxPerRow()
            correct += zip(predicted, y).filter { $0 == $1 }.count
            predictions += predicted
            labels += y
            start += batchSize
        }
        return Evaluation(loss: Float(totalLoss / Double(data.count)),
                          accuracy: Float(correct) / Float(data.count),
                          predictions: predictions, labels: labels)
    }
}
