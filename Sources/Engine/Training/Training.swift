// Training: the mini-batch training loop shared by every chapter.
//
// Each epoch: shuffle the sample order with the seeded generator, then for each mini-batch run
// forward, compute the loss and its gradient, backpropagate, and let the optimiser take one step.
// The batches come from a sequence (Batches), which writes the next batch on the helper thread
// while the current one trains. The loss and accuracy reported for an epoch are those of the
// batches as they were seen during the epoch (so they lag the final weights slightly), which costs
// nothing extra to compute. If the loss ever becomes NaN or infinite, training stops with a
// TrainingDiverged error saying where.

import Bilingual
import Foundation

/// How long to train and how many samples per step. The sample order is shuffled at the start of
/// every epoch, with the generator passed to `train`.
public struct TrainingConfig: Sendable {
    public var epochs: Int
    public var batchSize: Int

    public init(epochs: Int, batchSize: Int) {
        self.epochs = epochs
        self.batchSize = batchSize
    }
}

/// What one epoch of training did.
public struct EpochReport: Sendable, Equatable {
    /// 1 for the first epoch.
    public let epoch: Int
    /// Mean loss per sample over the epoch's batches.
    public let loss: Float
    /// Fraction of the epoch's samples that were classified correctly when their batch was seen, in [0, 1].
    public let accuracy: Float
    /// Wall-clock time of the epoch.
    public let seconds: Double

    public init(epoch: Int, loss: Float, accuracy: Float, seconds: Double) {
        self.epoch = epoch
        self.loss = loss
        self.accuracy = accuracy
        self.seconds = seconds
    }
}

extension Sequential {
    /// Trains the network on `data` for `config.epochs` epochs and returns one report per epoch.
    ///
    /// - Parameters:
    ///   - rng: shuffles the samples; the same seed gives the same batches and the same weights.
    ///   - lossFunction: from the network output and labels to the loss and dL/dOutput;
    ///     softmax cross-entropy (the network outputs logits) unless told otherwise.
    ///   - onBatch: called after each mini-batch with the number of batches done in this epoch
    ///     (to draw a progress bar).
    ///   - onEpoch: called after each epoch with its report (to print a line, or save numbers);
    ///     an error it throws stops training.
    /// - Throws: `WorkbookError` if the batch size or epoch count is not positive or there is no
    ///   data; `TrainingDiverged` if the loss or a weight becomes NaN or infinite.
    @discardableResult
    public func train(on data: BatchSource, optimizer: Optimizer, config: TrainingConfig, rng: inout SeededRandom,
                      lossFunction: LossFunction = .softmaxWithCrossEntropy,
                      onBatch: @escaping (Int) -> Void = { _ in },
                      onEpoch: (EpochReport) throws -> Void = { _ in }) throws -> [EpochReport] {
        guard config.batchSize > 0 else {
            throw WorkbookError(Text(en: "The batch size must be at least 1, got \(config.batchSize).",
                                     zh: "批量大小至少要是 1，收到的是 \(config.batchSize)。"))
        }
        guard config.epochs >= 0 else {
            throw WorkbookError(Text(en: "The number of epochs cannot be negative, got \(config.epochs).",
                                     zh: "轮数不能是负数，收到的是 \(config.epochs)。"))
        }
        guard data.count > 0 else {
            throw WorkbookError(Text(en: "There are no training samples to learn from.", zh: "没有可以学习的训练样本。"))
        }
        guard config.epochs > 0 else { return [] }

        var order = Array(0..<data.count)
        var reports: [EpochReport] = []

        for epoch in 1...config.epochs {
            let start = ContinuousClock.now
            // Read each epoch, so a callback may freeze or unfreeze parameters between epochs.
            let parameters = trainableParameters
            rng.shuffle(&order)
            let batches = data.batches(of: config.batchSize, order: order)
            var seen = EpochTally(epoch: epoch, batches: batches.count, optimizer: optimizer, onBatch: onBatch)

            // #region training-step
            for (x, labels) in batches {
                let output = forward(x)                                            // forward
                let (_, dLdOutput) = try seen.loss(lossFunction, output, labels)   // loss (tallied) and its gradient
                backward(dLdOutput)                                                // backward
                optimizer.step(parameters)                                         // one step downhill
            }
            // #endregion

            // The last step of an epoch could still have overflowed a weight; never hand back NaN weights.
            if let broken = parameters.first(where: { !$0.value.isFinite }) {
                throw TrainingDiverged.parameter(broken.name, epoch: epoch, learningRate: optimizer.learningRate)
            }

            let report = EpochReport(
                epoch: epoch,
                loss: Float(seen.totalLoss / Double(data.count)),
                accuracy: Float(seen.correct) / Float(data.count),
                seconds: start.secondsUntilNow)
            reports.append(report)
            try onEpoch(report)
        }
        return reports
    }
}

/// What the batches of one epoch showed as they were trained on: the summed loss and the number of
/// samples classified correctly, taken as each batch's loss is computed. It stops training when a
/// batch's loss is not a finite number, before that loss's gradient can reach the weights.
struct EpochTally {
    let epoch: Int
    let batches: Int
    let optimizer: Optimizer
    let onBatch: (Int) -> Void
    private(set) var seen = 0
    private(set) var totalLoss: Double = 0
    private(set) var correct = 0

    init(epoch: Int, batches: Int, optimizer: Optimizer, onBatch: @escaping (Int) -> Void) {
        self.epoch = epoch
        self.batches = batches
        self.optimizer = optimizer
        self.onBatch = onBatch
    }

    /// The loss of one batch and its gradient, computed by `lossFunction` from the network's output and
    /// the labels; the loss and the classes the output gets right are added to the epoch's report.
    /// Throws TrainingDiverged if the loss is NaN or infinite, before its gradient can reach a weight.
    mutating func loss(_ lossFunction: LossFunction, _ output: Matrix, _ labels: [Int]) throws
        -> (loss: Float, dOutput: Matrix) {
        let (loss, dOutput) = lossFunction(output, labels)
        try add(loss, of: lossFunction, output: output, labels: labels)
        return (loss, dOutput)
    }

    /// Adds one batch's mean loss and its network output; throws TrainingDiverged if the loss is NaN or infinite.
    private mutating func add(_ loss: Float, of lossFunction: LossFunction, output: Matrix, labels: [Int]) throws {
        seen += 1
        guard loss.isFinite else {
            throw TrainingDiverged.loss(loss, of: lossFunction, epoch: epoch, place: .batch(seen, of: batches),
                                        learningRate: optimizer.learningRate)
        }
        totalLoss += Double(loss) * Double(labels.count)
        for (p, label) in zip(output.argmaxPerRow(), labels) where p == label { correct += 1 }
        onBatch(seen)
    }
}
