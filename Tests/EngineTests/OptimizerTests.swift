import Foundation
import Testing
@testable import Engine

@Suite struct OptimizerTests {
    /// A parameter on the quadratic L = Σ w², whose gradient is 2w.
    static func quadratic(_ w: [Float]) -> Parameter {
        let p = Parameter(name: "w", value: Matrix(row: w))
        p.gradient = 2 * p.value
        return p
    }

    @Test func sgdOneStepByHand() {
        let p = Self.quadratic([1, -2, 0.5])
        SGD(learningRate: 0.1).step([p])
        // w − 0.1·2w = 0.8w
        #expect(p.value.data == [0.8, -1.6, 0.4])
    }

    @Test func sgdWeightDecaySkipsBiases() {
        let w = Self.quadratic([1, -2])
        let b = Parameter(name: "b", value: Matrix(row: [1, -2]), appliesWeightDecay: false)
        b.gradient = 2 * b.value
        SGD(learningRate: 0.1, weightDecay: 0.5).step([w, b])
        // w − 0.1·(2w + 0.5w) = 0.75w; the bias ignores the decay: 0.8b.
        #expect(w.value.data == [0.75, -1.5])
        #expect(b.value.data == [0.8, -1.6])
    }

    @Test func momentumTwoStepsByHand() {
        let p = Self.quadratic([1])
        let optimizer = Momentum(learningRate: 0.1, momentum: 0.9)
        optimizer.step([p])                  // v = −0.2, w = 0.8
        #expect(abs(p.value.data[0] - 0.8) < 1e-7)
        p.gradient = 2 * p.value             // g = 1.6
        optimizer.step([p])                  // v = 0.9·(−0.2) − 0.16 = −0.34, w = 0.46
        #expect(abs(p.value.data[0] - 0.46) < 1e-6)
    }

    @Test func adamFirstStepIsAboutTheLearningRate() {
        // Whatever the gradient's size, Adam's first step moves each element by ≈ lr against it.
        let p = Self.quadratic([1000, -0.001, 3])
        let before = p.value.data
        Adam(learningRate: 0.01).step([p])
        for (w0, w1) in zip(before, p.value.data) {
            #expect(abs(abs(w1 - w0) - 0.01) < 1e-4)
            #expect((w1 - w0) * w0 < 0)
        }
    }

    @Test func everyOptimizerMinimisesTheQuadratic() {
        let optimizers: [Optimizer] = [SGD(learningRate: 0.1), Momentum(learningRate: 0.05, momentum: 0.9),
                                       Adam(learningRate: 0.1)]
        for optimizer in optimizers {
            let p = Self.quadratic([3, -4])
            for _ in 0..<300 {
                p.gradient = 2 * p.value
                optimizer.step([p])
            }
            #expect(p.value.data.allSatisfy { abs($0) < 1e-2 }, "\(type(of: optimizer)): \(p.value.data)")
        }
    }

    @Test func frozenParametersAreUnchangedBitForBit() {
        let optimizers: [Optimizer] = [SGD(learningRate: 0.1, weightDecay: 0.1),
                                       Momentum(learningRate: 0.1, weightDecay: 0.1),
                                       Adam(learningRate: 0.1, weightDecay: 0.1)]
        for optimizer in optimizers {
            let frozen = Self.quadratic([0.1234567, -7.654321, 1e-30])
            frozen.isFrozen = true
            let moving = Self.quadratic([1, 2, 3])
            let before = frozen.value.data.map(\.bitPattern)
            optimizer.step([frozen, moving])
            optimizer.step([frozen, moving])
            #expect(frozen.value.data.map(\.bitPattern) == before)
            #expect(moving.value.data != [1, 2, 3])
        }
    }

    @Test func sequentialTrainableParametersSkipFrozen() {
        var rng = SeededRandom(seed: 3)
        let first = Dense(inputs: 2, outputs: 3, rng: &rng, name: "first")
        let network = Sequential([first, ActivationLayer(.relu), Dense(inputs: 3, outputs: 2, rng: &rng, name: "second")])
        #expect(network.parameters.count == 4)
        first.weights.isFrozen = true
        first.bias.isFrozen = true
        #expect(network.trainableParameters.map(\.name) == ["second.weights", "second.bias"])
    }
}
