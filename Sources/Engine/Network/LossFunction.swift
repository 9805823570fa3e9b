// LossFunction: a loss as the training loop uses it, by name, with its gradient.

/// A loss the training loop can use: from a batch of network outputs and the class labels of its
/// rows, the mean loss and its gradient with respect to the outputs.
public struct LossFunction {
    public let name: String
    public let compute: (_ output: Matrix, _ labels: [Int]) -> (loss: Float, dOutput: Matrix)

    public init(name: String, compute: @escaping (_ output: Matrix, _ labels: [Int]) -> (loss: Float, dOutput: Matrix)) {
        self.name = name
        self.compute = compute
    }

    public func callAsFunction(_ output: Matrix, _ labels: [Int]) -> (loss: Float, dOutput: Matrix) {
        compute(output, labels)
    }

    /// The network outputs logits; softmax and cross-entropy are applied together
    /// (Deep Learning from Scratch's SoftmaxWithLoss).
    public static var softmaxWithCrossEntropy: LossFunction {
        LossFunction(name: "softmax cross-entropy") { output, labels in
            let (loss, dLogits) = softmaxCrossEntropy(logits: output, labels: labels)
            return (loss, dLogits)
        }
    }

    /// Mean squared error between the outputs and one-hot targets (Nielsen's sigmoid networks).
    public static var meanSquaredErrorOneHot: LossFunction {
        LossFunction(name: "mean squared error") { output, labels in
            let targets = oneHot(labels, classes: output.cols)
            return (meanSquaredError(yTrue: targets, yPred: output),
                    meanSquaredErrorGradient(yTrue: targets, yPred: output))
        }
    }
}
