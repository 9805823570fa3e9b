// Overfitting: a big network on a few images, with and without an L2 penalty on its weights.

import Engine
import Foundation
import Workbook

extension Chapter06 {
    // MARK: - Overfitting

    func overfitting(_ nb: Notebook, _ raw: DataSet.Splits, _ normalization: Normalization) throws {
        nb.section("Overfitting, and an L2 penalty")
        let small = raw.train.subset(Array(0..<min(500, raw.train.count))).normalized(normalization)
        let validation = raw.validation.normalized(normalization)
        let runs: [(String, Double)] = [("no penalty", 0), ("L2 penalty λ = 0.01", 0.01)]
        let epochs = 30
        nb.text("""
            A big network on a small training set can memorise it: training loss keeps falling while the \
            validation loss, after a while, turns up again. That is overfitting. Here a 784-256-256-10 network \
            trains on only \(small.count) images for \(epochs) epochs with Adam and no augmentation, once without \
            and once with an L2 penalty. Regularisation is the name for such ways of limiting what a network \
            can memorise; L2 adds (λ/2)·Σw² over all weights (not the biases) to the cost, so the gradient of \
            every weight gets λ·w added, and every step pulls each weight a little towards 0: the network \
            cannot lean on a few huge weights.
            """)
        nb.text("""
            With Adam, the λ·w added to the gradient goes through Adam's per-weight scaling like the rest of \
            the gradient: this is L2 regularisation, not the decoupled weight decay of AdamW, which shrinks \
            each weight by η·λ·w directly, outside Adam's scaling. Three other common kinds, in a sentence \
            each: L1 adds λ·Σ|w|, whose gradient λ·sign(w) pushes many weights to exactly 0. Dropout switches \
            off a random share of the hidden units at every training step, so no unit can rely on another. \
            Early stopping keeps the weights of the epoch with the lowest validation loss and stops once it \
            no longer improves.
            """)
        var figure = Figure(name: "ch06-overfitting",
                            title: "784-256-256-10 on \(small.count) training images, with and without L2",
                            xLabel: "epoch", yLabel: "loss (cross-entropy)")
        var rows: [[String]] = []
        var bestEpochs: [Int] = []
        for (k, (name, lambda)) in runs.enumerated() {
            var rng = SeededRandom(seed: options.seed &+ 100)
            let network = Sequential(mlp: [784, 256, 256, 10], activation: .relu, rng: &rng)
            let optimizer = Adam(learningRate: 0.001, weightDecay: Float(lambda))
            var trainLoss: [Double] = [], validationLoss: [Double] = []
            try network.train(on: small, optimizer: optimizer, config: TrainingConfig(epochs: epochs, batchSize: 50),
                              rng: &rng, onEpoch: { report in
                trainLoss.append(Double(report.loss))
                validationLoss.append(Double(network.evaluate(on: validation).loss))
            })
            let best = validationLoss.min()!
            let bestEpoch = validationLoss.firstIndex(of: best)! + 1
            bestEpochs.append(bestEpoch)
            let final = network.evaluate(on: validation)
            rows.append([name, fixed(trainLoss.last!, 4), fixed(best, 4) + " (epoch \(bestEpoch))", fixed(validationLoss.last!, 4),
                         String(format: "%.1f%%", 100 * final.accuracy)])
            nb.result("final validation loss, \(name)", fixed(validationLoss.last!, 4))
            nb.result("lowest validation loss, \(name)", fixed(best, 4))
            let color = k == 0 ? "#d62728" : "#2ca02c"
            let xs = (1...epochs).map(Double.init)
            figure.series.append(Series("train, \(name)", x: xs, y: trainLoss, style: .dashed, color: color))
            figure.series.append(Series("validation, \(name)", x: xs, y: validationLoss, color: color))
        }
        nb.text("""
            Without the penalty, early stopping would have kept the weights of epoch \(bestEpochs[0]), where the \
            validation loss was lowest.
            """)
        nb.table(["run", "final train loss", "lowest validation loss", "final validation loss", "validation accuracy"], rows)
        figure.legend = .topRight
        figure.yRange = 0...1.2
        try nb.figure(figure)
    }
}
