import Testing
import Engine

/// 3Blue1Brown's network, sigmoid everywhere with the cost C = Σ(t − a)²: the MLP builder's output
/// activation and the squared-error loss.
@Suite struct SigmoidOutputTests {
    @Test func squaredErrorIsSummedOverOutputsAndAveragedOverTheBatch() {
        let output = Matrix([[0.2, 0.7], [0.9, 0.1]])
        let (loss, dOutput) = LossFunction.squaredErrorOneHot(output, [1, 0])
        // Image 1: (0 − 0.2)² + (1 − 0.7)² = 0.13; image 2: (1 − 0.9)² + (0 − 0.1)² = 0.02; mean 0.075.
        #expect(abs(loss - 0.075) < 1e-7)
        // dC/da = 2·(a − t) / 2 images.
        let expected: [Float] = [0.2, -0.3, -0.1, 0.1]
        for (a, b) in zip(dOutput.data, expected) { #expect(abs(a - b) < 1e-7) }
        // The same cost as the mean squared error times the number of outputs.
        let mse = LossFunction.meanSquaredErrorOneHot(output, [1, 0])
        #expect(abs(loss - 2 * mse.loss) < 1e-7)
    }

    @Test func builderPutsTheOutputActivationLastAndDrawsTheSameWeights() {
        var rng = SeededRandom(seed: 3)
        let sigmoidNetwork = Sequential(mlp: [784, 16, 16, 10], activation: .sigmoid, outputActivation: .sigmoid, rng: &rng)
        #expect(sigmoidNetwork.parameterCount == 784 * 16 + 16 * 16 + 16 * 10 + 16 + 16 + 10)
        #expect(sigmoidNetwork.layers.count == 6)
        #expect(sigmoidNetwork.hiddenActivation == .sigmoid)
        #expect(sigmoidNetwork.outputActivation == .sigmoid)
        #expect(sigmoidNetwork.layerSizes == [784, 16, 16, 10])
        let outputs = sigmoidNetwork.forward(rng.uniformMatrix(rows: 4, cols: 784, low: 0, high: 1))
        #expect(outputs.data.allSatisfy { $0 > 0 && $0 < 1 })

        // Without an output activation: the same weights from the same seed, logits out.
        var again = SeededRandom(seed: 3)
        let logits = Sequential(mlp: [784, 16, 16, 10], activation: .sigmoid, rng: &again)
        #expect(logits.layers.count == 5)
        #expect(logits.outputActivation == nil)
        #expect(logits.hiddenActivation == .sigmoid)
        #expect(zip(logits.parameters, sigmoidNetwork.parameters).allSatisfy { $0.value == $1.value })

        // ReLU hidden layers with a sigmoid output: the two activations are told apart.
        let mixed = Sequential(mlp: [4, 3, 2], activation: .relu, outputActivation: .sigmoid, rng: &rng)
        #expect(mixed.hiddenActivation == .relu)
        #expect(mixed.outputActivation == .sigmoid)
    }

    @Test func gradientsOfTheSigmoidNetworkWithSquaredErrorAreRight() {
        var rng = SeededRandom(seed: 5)
        let network = Sequential(mlp: [3, 5, 4, 3], activation: .sigmoid, outputActivation: .sigmoid, rng: &rng)
        let x = rng.uniformMatrix(rows: 4, cols: 3, low: -1, high: 1)
        let report = checkGradients(network: network, input: x, labels: [0, 2, 1, 2], lossFunction: .squaredErrorOneHot)
        #expect(report.maxNormRelativeError < 1e-2, "\(report)")
    }
}
