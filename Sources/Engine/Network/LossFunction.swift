// LossFunction: a loss as the training loop uses it, by name, with its gradient.

import Bilingual

/// A loss the training loop can use: from a batch of network outputs and the class labels of its
/// rows, the mean loss and its gradient with respect to the outputs.
public struct LossFunction {
    /// The loss's name in English and Chinese ("softmax cross-entropy", "softmax 交叉熵").
    public let name: Text
    public let compute: (_ output: Matrix, _ labels: [Int]) -> (loss: Float, dOutput: Matrix)

    public init(name: Text, compute: @escaping (_ output: Matrix, _ labels: [Int]) -> (loss: Float, dOutput: Matrix)) {
        self.name = name
        self.compute = compute
    }

    public func callAsFunction(_ output: Matrix, _ labels: [Int]) -> (loss: Float, dOutput: Matrix) {
        compute(output, labels)
    }

    /// The network outputs logits; softmax and cross-entropy are applied together
    /// (Deep Learning from Scratch's SoftmaxWithLoss).
    public static var softmaxWithCrossEntropy: LossFunction {
        LossFunction(name: Text(en: "softmax cross-entropy", zh: "softmax 交叉熵")) { output, labels in
            let (loss, dLogits) = softmaxCrossEntropy(logits: output, labels: labels)
            return (loss, dLogits)
        }
    }

    /// 3Blue1Brown's cost: C = Σᵢ (tᵢ − aᵢ)² over the outputs a of one sample and its one-hot
    /// target t, averaged over the samples of the batch. Its gradient is dC/da = 2·(a − t) / batchSize.
    /// (meanSquaredErrorOneHot also divides by the number of outputs.)
    public static var squaredErrorOneHot: LossFunction {
        LossFunction(name: Text(en: "squared error", zh: "平方误差")) { output, labels in
            // #region squared-error
            let targets = oneHot(labels, classes: output.cols)       // t: one row per image
            let n = Float(max(labels.count, 1))                       // images in the batch
            var total: Float = 0
            for (t, a) in zip(targets.data, output.data) { total += (t - a) * (t - a) }
            return (total / n, output.zipWith(targets) { a, t in 2 * (a - t) / n })   // C and dC/da
            // #endregion
        }
    }

    /// Mean squared error between the outputs and one-hot targets (Nielsen's sigmoid networks): the
    /// mean over the batch AND the outputs, so squaredErrorOneHot divided by the number of outputs.
    public static var meanSquaredErrorOneHot: LossFunction {
        LossFunction(name: Text(en: "mean squared error", zh: "均方误差")) { output, labels in
            let targets = oneHot(labels, classes: output.cols)
            return (meanSquaredError(yTrue: targets, yPred: output),
                    meanSquaredErrorGradient(yTrue: targets, yPred: output))
        }
    }
}
