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

    @Test func adaGradTwoStepsByHand() {
        let p = Self.quadratic([1])
        let optimizer = AdaGrad(learningRate: 0.1)
        optimizer.step([p])                  // g = 2, h = 4, w = 1 − 0.1·2/√4 = 0.9
        #expect(abs(p.value.data[0] - 0.9) < 1e-6)
        p.gradient = 2 * p.value             // g = 1.8, h = 4 + 3.24 = 7.24
        optimizer.step([p])                  // w = 0.9 − 0.1·1.8/√7.24 = 0.9 − 0.066896 = 0.833104
        #expect(abs(p.value.data[0] - 0.833104) < 1e-6)
    }

    @Test func adaGradFirstStepIsTheLearningRateWhateverTheGradient() {
        // h = g² after one step, so the step is η·g/|g| = η for every element (up to ε).
        let p = Self.quadratic([1000, -0.5, 3])
        AdaGrad(learningRate: 0.1).step([p])
        #expect(zip(p.value.data, [Float(999.9), -0.4, 2.9]).allSatisfy { abs($0 - $1) < 1e-4 })
    }

    @Test func rmspropTwoStepsByHand() {
        let p = Self.quadratic([1])
        let optimizer = RMSprop(learningRate: 0.01, decay: 0.9)
        optimizer.step([p])                  // g = 2, h = 0.1·4 = 0.4, w = 1 − 0.01·2/√0.4 = 0.968377
        #expect(abs(p.value.data[0] - 0.968377) < 1e-6)
        p.gradient = 2 * p.value             // g = 1.936754, h = 0.9·0.4 + 0.1·g² = 0.735102
        optimizer.step([p])                  // w = 0.968377 − 0.01·1.936754/√0.735102 = 0.945788
        #expect(abs(p.value.data[0] - 0.945788) < 1e-6)
    }

    @Test func rmspropForgetsWhereAdaGradRemembers() {
        // After 50 steps on a constant gradient AdaGrad's step has shrunk as 1/√t; RMSprop's
        // running average has settled near g², so its step stays near η.
        let slow = Parameter(name: "a", value: Matrix(row: [0])), steady = Parameter(name: "r", value: Matrix(row: [0]))
        let adaGrad = AdaGrad(learningRate: 0.1), rmsprop = RMSprop(learningRate: 0.1, decay: 0.9)
        var lastSteps: [Float] = [0, 0]
        for _ in 0..<50 {
            let before = [slow.value.data[0], steady.value.data[0]]
            slow.gradient = Matrix(row: [1])
            steady.gradient = Matrix(row: [1])
            adaGrad.step([slow])
            rmsprop.step([steady])
            lastSteps = [before[0] - slow.value.data[0], before[1] - steady.value.data[0]]
        }
        #expect(abs(lastSteps[0] - 0.1 / Float(50).squareRoot()) < 1e-5)   // 0.01414
        #expect(abs(lastSteps[1] - 0.1 / (1 - Float(pow(0.9, 50.0))).squareRoot()) < 1e-5)   // ≈ 0.1
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

    @Test func adamTwoStepsByHandWithTheBiasCorrections() {
        let p = Self.quadratic([1])
        let optimizer = Adam(learningRate: 0.1)
        optimizer.step([p])
        // g = 2, m = 0.2, v = 0.004; m̂ = 0.2/(1 − 0.9) = 2, v̂ = 0.004/(1 − 0.999) = 4;
        // w = 1 − 0.1·2/(√4 + 1e-8) = 0.9
        #expect(abs(p.value.data[0] - 0.9) < 1e-6)
        p.gradient = 2 * p.value
        optimizer.step([p])
        // g = 1.8, m = 0.9·0.2 + 0.1·1.8 = 0.36, v = 0.999·0.004 + 0.001·3.24 = 0.007236;
        // m̂ = 0.36/0.19 = 1.894737, v̂ = 0.007236/0.001999 = 3.619810;
        // w = 0.9 − 0.1·1.894737/1.902580 = 0.800412
        #expect(abs(p.value.data[0] - 0.800412) < 1e-6)
    }

    @Test func adamWithoutTheCorrectionsWouldStepTooFar() {
        // With the corrections the first step is η whatever g; without them it would be
        // η·(1 − β₁)/√(1 − β₂) = 3.16·η. The engine's step is the corrected one.
        let p = Self.quadratic([5])
        Adam(learningRate: 0.01).step([p])
        #expect(abs((5 - p.value.data[0]) - 0.01) < 1e-6)
    }

    @Test func weightDecayIsAddedToTheGradientOfWeightsOnly() {
        // g + λw with λ = 0.5 on L = Σ w²: every optimiser sees the gradient 2.5w for the weights and
        // 2b for the bias, so one step on (w, b) equals one step of the same rule without decay on a
        // weight whose gradient was set to 2.5w.
        let makers: [(Float) -> Optimizer] = [
            { SGD(learningRate: 0.1, weightDecay: $0) }, { Momentum(learningRate: 0.1, weightDecay: $0) },
            { AdaGrad(learningRate: 0.1, weightDecay: $0) }, { RMSprop(learningRate: 0.1, weightDecay: $0) },
            { Adam(learningRate: 0.1, weightDecay: $0) },
        ]
        for make in makers {
            let w = Self.quadratic([1, -2]), b = Parameter(name: "b", value: Matrix(row: [1, -2]), appliesWeightDecay: false)
            b.gradient = 2 * b.value
            make(0.5).step([w, b])
            let plainW = Parameter(name: "w", value: Matrix(row: [1, -2])), plainB = Self.quadratic([1, -2])
            plainW.gradient = 2.5 * plainW.value
            make(0).step([plainW, plainB])
            #expect(w.value.data == plainW.value.data, "\(type(of: make(0)))")
            #expect(b.value.data == plainB.value.data, "\(type(of: make(0)))")
        }
    }

    @Test func everyOptimizerMinimisesTheQuadratic() {
        let optimizers: [Optimizer] = [SGD(learningRate: 0.1), Momentum(learningRate: 0.05, momentum: 0.9),
                                       AdaGrad(learningRate: 0.5), RMSprop(learningRate: 0.05),
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
                                       AdaGrad(learningRate: 0.1, weightDecay: 0.1),
                                       RMSprop(learningRate: 0.1, weightDecay: 0.1),
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
