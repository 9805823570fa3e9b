import Foundation
import Testing
@testable import Engine

/// Every backward pass and every loss gradient against central differences, with ε = 1e-2.
/// Float rounding leaves the numerical gradient about 1e-5 off in absolute terms, so we compare
/// whole gradients (norm-wise relative error): single layers agree to about 1e-4, small networks
/// to about 2e-3; a real bug gives errors from 0.3 to 1 (see gradientCheckCatchesABug).
@Suite struct LayerGradientTests {
    static let layerTolerance: Float = 1e-3
    static let networkTolerance: Float = 1e-2

    /// Normal inputs kept at least 0.1 away from 0, so ReLU's kink is never inside a ±ε probe.
    static func inputs(rows: Int, cols: Int, rng: inout SeededRandom) -> Matrix {
        rng.normalMatrix(rows: rows, cols: cols).map { $0 < 0 ? $0 - 0.1 : $0 + 0.1 }
    }

    @Test func denseLayer() {
        var rng = SeededRandom(seed: 11)
        let dense = Dense(inputs: 4, outputs: 3, initializer: .xavier, rng: &rng, name: "dense")
        dense.bias.value = rng.normalMatrix(rows: 1, cols: 3, std: 0.5)
        let x = Self.inputs(rows: 5, cols: 4, rng: &rng)
        let report = checkGradients(layer: dense, input: x,
                                    loss: weightedSumLoss(weights: rng.normalMatrix(rows: 5, cols: 3)))
        #expect(report.entries.map(\.name) == ["dense.weights", "dense.bias", "input"])
        #expect(report.maxNormRelativeError < Self.layerTolerance, "\(report)")
    }

    @Test func denseForwardAndBackwardByHand() {
        let dense = Dense(weights: Matrix([[1, 2], [3, 4], [5, 6]]), bias: Matrix(row: [0.5, -1]))
        let y = dense.forward(Matrix([[1, 0, 2], [0, 1, 1]]))
        #expect(y.data == [11.5, 13, 8.5, 9])
        let dX = dense.backward(Matrix([[1, 0], [0, 2]]))
        #expect(dense.weights.gradient.data == [1, 0, 0, 2, 2, 2])   // Xᵀ·dY
        #expect(dense.bias.gradient.data == [1, 2])                  // column sums
        #expect(dX.data == [1, 3, 5, 4, 8, 12])                      // dY·Wᵀ
    }

    @Test(arguments: Activation.allCases)
    func activationLayer(_ activation: Activation) {
        var rng = SeededRandom(seed: 12)
        let layer = ActivationLayer(activation)
        let x = Self.inputs(rows: 4, cols: 5, rng: &rng)
        let report = checkGradients(layer: layer, input: x,
                                    loss: weightedSumLoss(weights: rng.normalMatrix(rows: 4, cols: 5)))
        #expect(report.entries.map(\.name) == ["input"])
        #expect(report.maxNormRelativeError < Self.layerTolerance, "\(activation): \(report)")
    }

    /// Compares a loss's gradient with respect to its prediction matrix to central differences.
    static func lossGradientError(at prediction: Matrix, _ loss: (Matrix) -> (Float, Matrix)) -> Float {
        let analytic = loss(prediction).1
        let numerical = numericalGradient(of: { loss($0).0 }, at: prediction, epsilon: 1e-2)
        return GradientCheckReport.entry("loss", analytic: analytic, numerical: numerical).normRelativeError
    }

    @Test func softmaxCrossEntropyGradient() {
        var rng = SeededRandom(seed: 13)
        let logits = rng.normalMatrix(rows: 4, cols: 5, std: 2)
        let labels = [0, 3, 4, 1]
        let error = Self.lossGradientError(at: logits) { z in
            let r = softmaxCrossEntropy(logits: z, labels: labels)
            return (r.loss, r.dLogits)
        }
        #expect(error < Self.layerTolerance)
    }

    @Test func meanSquaredErrorGradientMatches() {
        var rng = SeededRandom(seed: 14)
        let target = rng.normalMatrix(rows: 3, cols: 4)
        let prediction = rng.normalMatrix(rows: 3, cols: 4)
        let error = Self.lossGradientError(at: prediction) {
            (meanSquaredError(yTrue: target, yPred: $0), meanSquaredErrorGradient(yTrue: target, yPred: $0))
        }
        #expect(error < Self.layerTolerance)
    }

    @Test func crossEntropyGradients() {
        var rng = SeededRandom(seed: 15)
        // Probabilities well inside (0, 1), so the clamp is not involved.
        let p = rng.uniformMatrix(rows: 3, cols: 4, low: 0.1, high: 0.9)
        let targets = Matrix([[1, 0, 0, 1], [0, 1, 1, 0], [1, 1, 0, 0]])
        let binary = Self.lossGradientError(at: p) {
            (binaryCrossEntropy(probabilities: $0, targets: targets),
             binaryCrossEntropyGradient(probabilities: $0, targets: targets))
        }
        #expect(binary < Self.layerTolerance)

        let labels = [3, 0, 2]
        let categorical = Self.lossGradientError(at: p) {
            (categoricalCrossEntropy(probabilities: $0, labels: labels),
             categoricalCrossEntropyGradient(probabilities: $0, labels: labels))
        }
        #expect(categorical < Self.layerTolerance)
    }

    @Test(arguments: [Activation.sigmoid, .tanh, .relu])
    func twoLayerNetwork(_ hidden: Activation) throws {
        var rng = SeededRandom(seed: 16)
        let network = Sequential([
            Dense(inputs: 3, outputs: 6, initializer: .xavier, rng: &rng, name: "dense1"),
            ActivationLayer(hidden),
            Dense(inputs: 6, outputs: 4, initializer: .xavier, rng: &rng, name: "dense2"),
        ])
        let x = Self.inputs(rows: 5, cols: 3, rng: &rng)
        if hidden == .relu {
            // Moving one weight or one input by ε moves a hidden pre-activation by at most ε times the
            // largest input or weight. A unit closer than that to 0 could cross ReLU's kink, where there
            // is no derivative to check; if this fails after a change of seed or initialiser, pick
            // another seed.
            let first = network.layers[0] as! Dense
            let reach = 1e-2 * max(1, x.data.map(abs).max()!, first.weights.value.data.map(abs).max()!)
            let z = first.forward(x)
            try #require(z.data.allSatisfy { abs($0) > reach }, "a hidden pre-activation is within \(reach) of ReLU's kink")
        }
        let report = checkGradients(network: network, input: x, labels: [0, 1, 2, 3, 1])
        #expect(report.entries.map(\.name) ==
                ["dense1.weights", "dense1.bias", "dense2.weights", "dense2.bias", "input"])
        #expect(report.maxNormRelativeError < Self.networkTolerance, "\(hidden):\n\(report)")

        let mse = checkGradients(network: network, input: x, labels: [0, 1, 2, 3, 1],
                                 lossFunction: .meanSquaredErrorOneHot)
        #expect(mse.maxNormRelativeError < Self.networkTolerance, "\(hidden), MSE:\n\(mse)")
    }

    @Test func gradientCheckCatchesABug() {
        /// A dense layer whose backward forgets the bias gradient and doubles dX.
        final class BrokenDense: Layer {
            let inner: Dense
            init(_ inner: Dense) { self.inner = inner }
            var parameters: [Parameter] { inner.parameters }
            func forward(_ x: Matrix) -> Matrix { inner.forward(x) }
            func backward(_ dOutput: Matrix) -> Matrix {
                let dX = inner.backward(dOutput)
                inner.bias.gradient = Matrix(rows: 1, cols: inner.outputCount)
                return 2 * dX
            }
        }
        var rng = SeededRandom(seed: 17)
        let broken = BrokenDense(Dense(inputs: 3, outputs: 2, rng: &rng))
        let report = checkGradients(layer: broken, input: rng.normalMatrix(rows: 4, cols: 3),
                                    loss: weightedSumLoss(weights: rng.normalMatrix(rows: 4, cols: 2)))
        #expect(report["dense.weights"]!.normRelativeError < Self.layerTolerance)
        #expect(report["dense.bias"]!.normRelativeError > 0.99)      // ‖0 − n‖ / ‖n‖ = 1
        #expect(report["input"]!.normRelativeError > 0.49)           // ‖2a − a‖ / ‖2a‖ = 0.5
        #expect(report["input"]!.maxRelativeError > 0.49)
    }
}
