// Training: the mini-batch training loop shared by every chapter.
//
// Each epoch: shuffle the sample order with the seeded generator, then for each mini-batch run
// forward, compute the loss and its gradient, backpropagate, and let the optimiser step (plain SGD
// steps each Dense layer's weights inside backprop, in the product that gives their gradient).
// The helper thread writes the next batch's inputs while the current batch computes its loss and
// backpropagates (see BatchAhead). The loss
// and accuracy reported for an epoch are those of the batches as they were seen during the epoch
// (so they lag the final weights slightly), which costs nothing extra to compute.
// If the loss ever becomes NaN or infinite, training stops with a TrainingDiverged error saying where.

import Foundation

public struct TrainingConfig: Sendable {
    public var epochs: Int
    public var batchSize: Int
    /// Shuffle the sample order at the start of every epoch (with the generator passed to `train`).
    public var shuffle: Bool

    public init(epochs: Int, batchSize: Int, shuffle: Bool = true) {
        self.epochs = epochs
        self.batchSize = batchSize
        self.shuffle = shuffle
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
                      onBatch: (Int) -> Void = { _ in },
                      onEpoch: (EpochReport) throws -> Void = { _ in }) throws -> [EpochReport] {
        guard config.batchSize > 0 else {
            throw WorkbookError("The batch size must be at least 1, got \(config.batchSize).")
        }
        guard config.epochs >= 0 else {
            throw WorkbookError("The number of epochs cannot be negative, got \(config.epochs).")
        }
        guard data.count > 0 else { throw WorkbookError("There are no training samples to learn from.") }
        guard config.epochs > 0 else { return [] }

        let batchCount = (data.count + config.batchSize - 1) / config.batchSize
        var order = Array(0..<data.count)
        // The rows of batch b of the epoch's order.
        func batch(_ b: Int) -> ArraySlice<Int> { order[(b * config.batchSize)..<min((b + 1) * config.batchSize, data.count)] }
        let upcoming = BatchAhead(data)
        var reports: [EpochReport] = []

        for epoch in 1...config.epochs {
            let start = ContinuousClock.now
            // Read each epoch, so a callback may freeze or unfreeze parameters between epochs.
            let parameters = trainableParameters
            if config.shuffle { rng.shuffle(&order) }
            var totalLoss: Double = 0
            var correct = 0
            upcoming.prepare(batch(0))

            for b in 0..<batchCount {
                // #region training-step
                let (x, labels) = upcoming.take()                        // this batch, written while the last one trained
                let output = forward(x)                                  // forward
                if b + 1 < batchCount { upcoming.prepare(batch(b + 1)) } // the next one is written meanwhile
                let (loss, dLdOutput) = lossFunction(output, labels)     // loss and its gradient
                guard loss.isFinite else {
                    throw TrainingDiverged.loss(loss, of: lossFunction, epoch: epoch, place: .batch(b + 1, of: batchCount),
                                                learningRate: optimizer.learningRate)
                }
                totalLoss += Double(loss) * Double(labels.count)
                for (p, label) in zip(output.argmaxPerRow(), labels) where p == label { correct += 1 }
                let stepped = backwardParametersOnly(dLdOutput, steppingWith: optimizer)   // backward (SGD steps the weights in it)
                optimizer.step(parameters.filter { p in !stepped.contains { $0 === p } })  // one step downhill
                // #endregion
                onBatch(b + 1)
            }

            // The last step of an epoch could still have overflowed a weight; never hand back NaN weights.
            if let broken = parameters.first(where: { !$0.value.isFinite }) {
                throw TrainingDiverged.parameter(broken.name, epoch: epoch, learningRate: optimizer.learningRate)
            }

            let elapsed = start.duration(to: .now).components
            let report = EpochReport(
                epoch: epoch,
                loss: Float(totalLoss / Double(data.count)),
                accuracy: Float(correct) / Float(data.count),
                seconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)
            reports.append(report)
            try onEpoch(report)
        }
        return reports
    }
}
