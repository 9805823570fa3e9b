// FoldedAdamTests: the engine's Adam folds its two bias corrections into per-step constants (one
// division per element instead of three). That changes the rounding of each step, not the algorithm:
// compared with Adam exactly as Kingma & Ba write it, on the same short seeded run, the losses agree
// to about 6 digits and no weight moves by more than a tenth of one step.

import Foundation
import Testing
@testable import Engine

@Suite struct FoldedAdamTests {
    /// Adam as the paper writes it, with m̂ and v̂ computed per element.
    final class TextbookAdam: Optimizer {
        var learningRate: Float = 0.001
        let b1: Float = 0.9, b2: Float = 0.999, eps: Float = 1e-8
        var state: [ObjectIdentifier: (m: [Float], v: [Float], t: Int)] = [:]
        func step(_ parameters: [Parameter]) {
            for p in parameters where !p.isFrozen {
                var s = state[ObjectIdentifier(p)] ?? ([Float](repeating: 0, count: p.value.count),
                                                       [Float](repeating: 0, count: p.value.count), 0)
                s.t += 1
                let c1 = 1 - Float(pow(Double(b1), Double(s.t))), c2 = 1 - Float(pow(Double(b2), Double(s.t)))
                for i in 0..<p.value.count {
                    let g = p.gradient.data[i]
                    s.m[i] = b1 * s.m[i] + (1 - b1) * g
                    s.v[i] = b2 * s.v[i] + (1 - b2) * g * g
                    p.value.data[i] -= learningRate * (s.m[i] / c1) / ((s.v[i] / c2).squareRoot() + eps)
                }
                state[ObjectIdentifier(p)] = s
            }
        }
    }

    /// 16 steps on 512 standardised synthetic images: the epoch losses, the test loss and the weights.
    static func run(_ optimizer: Optimizer) throws -> (losses: [Float], parameters: [Matrix]) {
        var trainSet = SyntheticImages.make(count: 512, seed: 11)
        var test = SyntheticImages.make(count: 200, seed: 12)
        let standard = trainSet.standardization()
        trainSet = trainSet.normalized(standard)
        test = test.normalized(standard)
        var rng = SeededRandom(seed: 2024)
        let network = Sequential(mlp: [784, 128, 10], activation: .relu, rng: &rng)
        let reports = try network.train(on: trainSet, optimizer: optimizer,
                                        config: TrainingConfig(epochs: 2, batchSize: 64), rng: &rng)
        return (reports.map(\.loss) + [network.evaluate(on: test).loss], network.parameters.map(\.value))
    }

    @Test func foldedAdamMatchesTextbookAdam() throws {
        let gap = TrainingGap(try Self.run(Adam(learningRate: 0.001)), try Self.run(TextbookAdam()))
        #expect(gap.loss <= 1e-5)
        #expect(gap.parameter > 0)          // the two really are computed differently
        #expect(gap.parameter <= 1e-4)      // a tenth of Adam's step η = 0.001
    }
}
