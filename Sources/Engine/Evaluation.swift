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

public func evaluate(_ network: Sequential, on data: BatchSource, batchSize: Int = 500) -> Evaluation {
    var totalLoss = 0.0, correct = 0
    var predictions: [Int] = [], labels: [Int] = []
    predictions.reserveCapacity(data.count)
    var start = 0
    while start < data.count {
        let indices = Array(start..<min(start + batchSize, data.count))
        let (x, y) = data.batch(indices)
        let logits = network.forward(x)
        let (loss, _) = softmaxCrossEntropy(logits: logits, labels: y)
        totalLoss += Double(loss) * Double(y.count)
        let predicted = logits.argmaxPerRow()
        correct += zip(predicted, y).filter { $0 == $1 }.count
        predictions += predicted
        labels += y
        start += batchSize
    }
    let n = max(data.count, 1)
    return Evaluation(loss: Float(totalLoss / Double(n)), accuracy: Float(correct) / Float(n),
                      predictions: predictions, labels: labels)
}
