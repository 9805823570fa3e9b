// Overfitting: a big network on a few images, with and without an L2 penalty on its weights.

import Engine
import Foundation
import Workbook

extension Chapter06 {
    // MARK: - Overfitting

    func overfitting(_ nb: Notebook, _ raw: DataSet.Splits, _ normalization: Normalization) throws {
        nb.section(Text(en: "Overfitting, and an L2 penalty", zh: "过拟合与 L2 惩罚"))
        let small = raw.train.subset(Array(0..<min(500, raw.train.count))).normalized(normalization)
        let validation = raw.validation.normalized(normalization)
        let runs: [(Text, Double)] = [(Text(en: "no penalty", zh: "不加惩罚"), 0),
                                      (Text(en: "L2 penalty λ = 0.01", zh: "L2 惩罚 λ = 0.01"), 0.01)]
        let epochs = 30
        nb.text(Text(en: """
            A big network on a small training set can memorise it: training loss keeps falling while the \
            validation loss, after a while, turns up again. That is overfitting. Here a 784-256-256-10 network \
            trains on only \(small.count) images for \(epochs) epochs with Adam and no augmentation, once without \
            and once with an L2 penalty. Regularisation is the name for such ways of limiting what a network \
            can memorise; L2 adds (λ/2)·Σw² over all weights (not the biases) to the cost, so the gradient of \
            every weight gets λ·w added, and every step pulls each weight a little towards 0: the network \
            cannot lean on a few huge weights.
            """, zh: """
            大网络在小训练集上可能把它背下来：训练损失一直下降，验证损失过一阵却又回升。这就是过拟合。\
            这里让一个 784-256-256-10 的网络只在 \(small.count) 张图像上训练 \(epochs) 轮，用 Adam，不做数据\
            增强，一次不加 L2 惩罚，一次加。正则化就是这类限制网络死记硬背的办法的统称；L2 在代价上加 \
            (λ/2)·Σw²，对所有权重求和（不含偏置），于是每个权重的梯度都加上 λ·w，每一步都把每个权重往 0 \
            拉一点：网络没法依赖少数几个特别大的权重。
            """))
        nb.text(Text(en: """
            With Adam, the λ·w added to the gradient goes through Adam's per-weight scaling like the rest of \
            the gradient: this is L2 regularisation, not the decoupled weight decay of AdamW, which shrinks \
            each weight by η·λ·w directly, outside Adam's scaling. Three other common kinds, in a sentence \
            each: L1 adds λ·Σ|w|, whose gradient λ·sign(w) pushes many weights to exactly 0. Dropout switches \
            off a random share of the hidden units at every training step, so no unit can rely on another. \
            Early stopping keeps the weights of the epoch with the lowest validation loss and stops once it \
            no longer improves.
            """, zh: """
            用 Adam 时，加在梯度上的 λ·w 和梯度的其余部分一样，要经过 Adam 对每个权重的缩放：这是 L2 \
            正则化，而不是 AdamW 那种解耦的权重衰减——AdamW 在 Adam 的缩放之外，直接把每个权重缩小 η·λ·w。\
            另外三种常见的做法，各用一句话说明：L1 在代价上加 λ·Σ|w|，它的梯度 λ·sign(w) 会把许多权重\
            推到恰好为 0。Dropout（丢弃法）在每一步训练时随机关掉一部分隐藏单元，让哪个单元都不能依赖\
            别的单元。早停（early stopping）保留验证损失最低那一轮的权重，验证损失不再改善时就停下来。
            """))
        var figure = Figure(name: "ch06-overfitting",
                            title: "784-256-256-10 on \(small.count) training images, with and without L2",
                            xLabel: "epoch", yLabel: "loss (cross-entropy)")
        var rows: [[Text]] = []
        var bestEpochs: [Int] = []
        var noPenalty: (train: Double, best: Double, final: Double)?
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
            if lambda == 0 { noPenalty = (trainLoss.last!, best, validationLoss.last!) }
            rows.append([name, Text(en: fixed(trainLoss.last!, 4)),
                         Text(en: fixed(best, 4) + " (epoch \(bestEpoch))", zh: fixed(best, 4) + "（第 \(bestEpoch) 轮）"),
                         Text(en: fixed(validationLoss.last!, 4)), Text(en: String(format: "%.1f%%", 100 * final.accuracy))])
            nb.result(Text(en: "final validation loss, \(name.en)", zh: "最终的验证损失，\(name.in(.zh))"), fixed(validationLoss.last!, 4))
            nb.result(Text(en: "lowest validation loss, \(name.en)", zh: "最低的验证损失，\(name.in(.zh))"), fixed(best, 4))
            let color = k == 0 ? "#d62728" : "#2ca02c"
            let xs = (1...epochs).map(Double.init)
            figure.series.append(Series("train, \(name.en)", x: xs, y: trainLoss, style: .dashed, color: color))
            figure.series.append(Series("validation, \(name.en)", x: xs, y: validationLoss, color: color))
        }
        nb.text(Text(en: """
            Without the penalty, early stopping would have kept the weights of epoch \(bestEpochs[0]), where the \
            validation loss was lowest.
            """, zh: """
            不加惩罚时，早停会保留第 \(bestEpochs[0]) 轮的权重，那一轮的验证损失最低。
            """))
        nb.table([Text(en: "run", zh: "运行"), Text(en: "final train loss", zh: "最终训练损失"),
                  Text(en: "lowest validation loss", zh: "最低验证损失"), Text(en: "final validation loss", zh: "最终验证损失"),
                  Text(en: "validation accuracy", zh: "验证准确率")], rows)
        figure.legend = .topRight
        figure.yRange = 0...1.2
        try nb.figure(figure, zh: "784-256-256-10 在 \(small.count) 张训练图像上，加与不加 L2 惩罚")
        if let noPenalty {
            lossNearZero(nb, images: small.count, epochs: epochs, trainLoss: noPenalty.train, bestValidation: noPenalty.best,
                         bestEpoch: bestEpochs[0], finalValidation: noPenalty.final)
        }
    }
}
