import Bilingual
import Foundation
import Testing
@testable import Engine

@Suite struct TrainingTests {
    /// Three well separated Gaussian blobs in the plane, 60 samples each.
    static func blobs(seed: UInt64) -> MatrixBatchSource {
        var rng = SeededRandom(seed: seed)
        let centres: [(Float, Float)] = [(-2, 0), (2, 0), (0, 2.5)]
        var rows: [[Float]] = []
        var labels: [Int] = []
        for _ in 0..<60 {
            for (label, c) in centres.enumerated() {
                rows.append([c.0 + 0.5 * rng.normal(), c.1 + 0.5 * rng.normal()])
                labels.append(label)
            }
        }
        return MatrixBatchSource(x: Matrix(rows), labels: labels)
    }

    static func network(rng: inout SeededRandom) -> Sequential {
        Sequential([
            Dense(inputs: 2, outputs: 16, initializer: .he, rng: &rng, name: "dense1"),
            ActivationLayer(.relu),
            Dense(inputs: 16, outputs: 3, initializer: .xavier, rng: &rng, name: "dense2"),
        ])
    }

    @Test func learnsSeparableBlobs() throws {
        let data = Self.blobs(seed: 1)
        var rng = SeededRandom(seed: 42)
        let network = Self.network(rng: &rng)
        let before = network.evaluate(on: data).accuracy
        var seen: [Int] = []
        let reports = try network.train(on: data, optimizer: SGD(learningRate: 0.1),
                                        config: TrainingConfig(epochs: 10, batchSize: 16), rng: &rng,
                                        onEpoch: { seen.append($0.epoch) })
        #expect(seen == Array(1...10))
        #expect(reports.count == 10)
        #expect(reports.last!.loss < reports.first!.loss)
        #expect(reports.allSatisfy { $0.seconds >= 0 && $0.loss.isFinite })
        #expect(reports.last!.accuracy >= 0.97)
        let after = network.evaluate(on: data, batchSize: 50).accuracy
        #expect(after >= 0.97, "accuracy went from \(before) to \(after)")
        #expect(network.predict(Matrix([[-2, 0], [2, 0], [0, 2.5]])) == [0, 1, 2])
    }

    @Test func learnsWithAdamAndMeanSquaredError() throws {
        let data = Self.blobs(seed: 2)
        var rng = SeededRandom(seed: 7)
        let network = Sequential([
            Dense(inputs: 2, outputs: 8, initializer: .xavier, rng: &rng),
            ActivationLayer(.tanh),
            Dense(inputs: 8, outputs: 3, initializer: .xavier, rng: &rng),
            ActivationLayer(.sigmoid),
        ])
        try network.train(on: data, optimizer: Adam(learningRate: 0.02),
                  config: TrainingConfig(epochs: 15, batchSize: 10), rng: &rng,
                  lossFunction: .meanSquaredErrorOneHot)
        #expect(network.evaluate(on: data).accuracy >= 0.95)
    }

    @Test func sameSeedGivesIdenticalWeights() throws {
        func run(seed: UInt64) throws -> ([Matrix], [EpochReport]) {
            var rng = SeededRandom(seed: seed)
            let network = Self.network(rng: &rng)
            let reports = try network.train(on: Self.blobs(seed: 1), optimizer: Momentum(learningRate: 0.05),
                                    config: TrainingConfig(epochs: 3, batchSize: 8), rng: &rng)
            return (network.parameters.map(\.value), reports)
        }
        let (a, reportsA) = try run(seed: 5)
        let (b, reportsB) = try run(seed: 5)
        let (c, _) = try run(seed: 6)
        #expect(a == b)
        #expect(reportsA.map(\.loss) == reportsB.map(\.loss))
        #expect(a != c)
    }

    @Test func divergenceThrowsAnExplainingError() {
        var rng = SeededRandom(seed: 9)
        let network = Self.network(rng: &rng)
        var epochsReported = 0
        do {
            try network.train(on: Self.blobs(seed: 1), optimizer: SGD(learningRate: 1e30),
                              config: TrainingConfig(epochs: 5, batchSize: 16), rng: &rng,
                              onEpoch: { _ in epochsReported += 1 })
            Issue.record("training with a learning rate of 1e30 should diverge")
        } catch let error as TrainingDiverged {
            #expect(error.epoch == 1)
            #expect(error.learningRate == Double(Float(1e30)))
            #expect(error.description.contains("diverged"))
            #expect(error.description.contains("learning rate 1e+30"))
            #expect(error.description.contains("epoch 1"))
            // The engine says what happened; which flag to change is the chapter's business.
            #expect(!error.description.contains("--"))
            // And it says it in Chinese too, for a chapter that talks Chinese.
            #expect(error.what == Text(en: "the softmax cross-entropy loss became NaN", zh: "softmax 交叉熵损失变成了 NaN")
                || error.what == Text(en: "the softmax cross-entropy loss became infinite", zh: "softmax 交叉熵损失变成了无穷大"))
            // Where: a batch of the 12 (180 samples in batches of 16), said the same way in both languages.
            guard case .batch(let b, of: let count)? = error.place else {
                Issue.record("expected the batch where the loss broke down, got \(String(describing: error.place))")
                return
            }
            #expect(count == 12 && (1...12).contains(b))
            #expect(error.description.hasPrefix("Training diverged in epoch 1, batch \(b) of 12, with learning rate 1e+30: "))
            #expect(error.message.in(.zh).hasPrefix("训练在第 1 轮的第 \(b) 个小批量（共 12 个）发散了（学习率 1e+30）：softmax 交叉熵损失变成了"))
        } catch {
            Issue.record("expected TrainingDiverged, got \(error)")
        }
        #expect(epochsReported == 0)
    }

    @Test func badBatchSizeIsAnError() {
        var rng = SeededRandom(seed: 1)
        let network = Self.network(rng: &rng)
        #expect(throws: WorkbookError.self) {
            try network.train(on: Self.blobs(seed: 1), optimizer: SGD(learningRate: 0.1),
                      config: TrainingConfig(epochs: 1, batchSize: 0), rng: &rng)
        }
    }
}
