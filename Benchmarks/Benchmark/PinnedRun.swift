// PinnedRun: a short seeded training run whose every bit is recorded, so that work on the engine's
// speed can never quietly change what it computes.
//
// 512 synthetic 28×28 images (SyntheticImages, seed 11), a 784-128-10 ReLU network (seed 2024),
// 2 epochs of batch 64, then the loss on 200 more images (seed 12). SGD trains on x/255, Adam on
// standardised inputs. `swift run Benchmark fingerprint` prints each run's epoch losses and test
// loss as Float bit patterns and an FNV-1a hash of every weight's bits; the chapter tests compare
// them with numbers recorded once, with products run on one thread and on two.

import Engine
import Foundation

enum PinnedRun: String, CaseIterable {
    case sgd, adam

    struct Outcome {
        let network: Sequential
        let epochLosses: [Float]
        let testLoss: Float
    }

    func train() throws -> Outcome {
        var trainSet = SyntheticImages.make(count: 512, seed: 11)
        var test = SyntheticImages.make(count: 200, seed: 12)
        if self == .adam {
            let standard = trainSet.standardization()
            trainSet = trainSet.normalized(standard)
            test = test.normalized(standard)
        }
        var rng = SeededRandom(seed: 2024)
        let network = Sequential(mlp: [784, 128, 10], activation: .relu, rng: &rng)
        let optimizer: Optimizer = self == .sgd ? SGD(learningRate: 0.1) : Adam(learningRate: 0.001)
        let reports = try network.train(on: trainSet, optimizer: optimizer,
                                        config: TrainingConfig(epochs: 2, batchSize: 64), rng: &rng)
        return Outcome(network: network, epochLosses: reports.map(\.loss),
                       testLoss: network.evaluate(on: test, batchSize: 64).loss)
    }

    /// "fingerprint adam losses=0x3f5ea457,0x3b87a4a5 test_loss=0x3a485e6d weights=0xdcebd48514ffebd8".
    func fingerprint() throws -> String {
        let outcome = try train()
        let losses = outcome.epochLosses.map { hex($0.bitPattern) }.joined(separator: ",")
        return "fingerprint \(rawValue) kernel=\(MatrixKernel.kind.identifier) threads=\(MatrixKernel.threads) losses=\(losses) test_loss=\(hex(outcome.testLoss.bitPattern)) "
            + "weights=\(hex(Self.weightHash(outcome.network)))"
    }

    /// FNV-1a over the bit patterns of every parameter value, in layer order.
    static func weightHash(_ network: Sequential) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for p in network.parameters {
            for v in p.value.data {
                h ^= UInt64(v.bitPattern)
                h &*= 0x0000_0100_0000_01b3
            }
        }
        return h
    }

    private func hex<T: BinaryInteger>(_ v: T) -> String { "0x" + String(v, radix: 16) }
}
