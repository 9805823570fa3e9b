// SteppedSGDTests: in training, plain SGD takes the step of a Dense layer's weights inside the product
// that computes their gradient, W ← β·W + α·Xᵀ·dY with α = −η and β = 1 − ηλ
// (Dense.backward(_:steppingWith:needsInputGradient:)). That changes the rounding of each step (BLAS
// rounds β·W + α·Xᵀ·dY once, where w − η·(g + λw) rounds several times), not the algorithm: on
// the same short seeded run, the weights agree with the textbook step, taken after a backward pass
// that stores every gradient, to about six digits. The layer below must still get dL/dInput computed
// with the weights from before the step; if it were computed after, the runs would part by far more.

import Foundation
import Testing
@testable import Engine

@Suite struct SteppedSGDTests {
    /// SGD as the textbook writes it. It offers no productStep, so every gradient is stored and
    /// every parameter stepped here, after the backward pass.
    final class TextbookSGD: Optimizer {
        var learningRate: Float
        let weightDecay: Float
        init(learningRate: Float, weightDecay: Float) {
            self.learningRate = learningRate
            self.weightDecay = weightDecay
        }
        func step(_ parameters: [Parameter]) {
            for p in parameters where !p.isFrozen {
                let decay = p.appliesWeightDecay ? weightDecay : 0
                for i in 0..<p.value.count {
                    p.value.data[i] -= learningRate * (p.gradient.data[i] + decay * p.value.data[i])
                }
            }
        }
    }

    /// 8 steps of batch 64 on 256 synthetic images, through two hidden layers: the epoch losses and
    /// every parameter.
    static func run(_ optimizer: Optimizer) throws -> (losses: [Float], parameters: [Matrix]) {
        let data = SyntheticImages.make(count: 256, seed: 11)
        var rng = SeededRandom(seed: 7)
        let network = Sequential(mlp: [784, 128, 32, 10], activation: .relu, rng: &rng)
        let reports = try network.train(on: data, optimizer: optimizer,
                                        config: TrainingConfig(epochs: 2, batchSize: 64), rng: &rng)
        return (reports.map(\.loss), network.parameters.map(\.value))
    }

    @Test(arguments: [Float(0), 0.01])
    func steppedSGDMatchesTextbookSGD(weightDecay: Float) throws {
        let gap = TrainingGap(try Self.run(SGD(learningRate: 0.1, weightDecay: weightDecay)),
                              try Self.run(TextbookSGD(learningRate: 0.1, weightDecay: weightDecay)))
        #expect(gap.loss <= 1e-5)
        #expect(gap.parameter > 0)          // the two really are computed differently
        #expect(gap.parameter <= 1e-5)      // the weights themselves are of order 0.1
    }

    /// What the step inside the product leaves to the optimiser: the biases, and nothing of a frozen
    /// layer. With Adam, which needs the gradient itself, nothing is stepped in the product.
    @Test func onlyUnfrozenDenseWeightsAreStepped() {
        var rng = SeededRandom(seed: 3)
        let network = Sequential(mlp: [6, 5, 4, 3], activation: .relu, rng: &rng)
        let dense = network.denseLayers
        dense[0].weights.isFrozen = true
        dense[0].bias.isFrozen = true
        let x = Matrix(rows: 2, cols: 6, data: (0..<12).map { Float($0) / 12 })
        let loss = LossFunction.softmaxWithCrossEntropy

        let before = dense.map(\.weights.value)
        let (_, d) = loss(network.forward(x), [0, 2])
        // The gradients the textbook would step with, from a backward pass that stores them all.
        _ = network.backward(d)
        let gradients = dense.map(\.weights.gradient)
        let biasGradients = dense.map(\.bias.gradient)

        let sgd = SGD(learningRate: 0.5)
        let stepped = network.backwardParametersOnly(d, steppingWith: sgd)
        #expect(stepped.map(\.name) == [dense[2].weights.name, dense[1].weights.name])
        #expect(dense[0].weights.value == before[0])
        for k in 1...2 {
            let textbook = zip(before[k].data, gradients[k].data).map { w, g in w - 0.5 * g }
            for (got, want) in zip(dense[k].weights.value.data, textbook) { #expect(abs(got - want) <= 1e-6) }
            #expect(dense[k].weights.value != before[k])
            #expect(dense[k].bias.gradient == biasGradients[k])          // still stored, for sgd.step
        }

        _ = network.forward(x)
        #expect(network.backwardParametersOnly(d, steppingWith: Adam(learningRate: 0.001)).isEmpty)
    }
}
