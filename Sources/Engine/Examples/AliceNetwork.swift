// AliceNetwork: Victor Zhou's 2-2-1 network, written out neuron by neuron, with backprop by hand.
//
// Inputs x₁ (weight − 135 lb) and x₂ (height − 66 in); hidden neurons h₁, h₂ and output o₁, all
// sigmoid; cost L = (y_true − y_pred)² for one person. Every gradient below is one line of the
// chain rule, named after its derivative (dLdYpred = ∂L/∂y_pred), in Double so each printed
// digit is exact. Chapters 4 and 5 use it; the matrix engine (Dense, Sequential) does the same
// arithmetic for whole batches.

import Foundation

public struct AliceNetwork: Sendable {
    /// w₁…w₆: w₁, w₂ into h₁; w₃, w₄ into h₂; w₅, w₆ from h₁, h₂ into o₁.
    public var w: [Double]
    /// b₁ (h₁), b₂ (h₂), b₃ (o₁).
    public var b: [Double]

    public init(w: [Double], b: [Double]) {
        precondition(w.count == 6 && b.count == 3, "the 2-2-1 network has 6 weights and 3 biases")
        self.w = w
        self.b = b
    }

    /// Every weight and bias drawn from a standard normal, as in Victor Zhou's code.
    public init(rng: inout SeededRandom) {
        w = (0..<6).map { _ in Double(rng.normal()) }
        b = (0..<3).map { _ in Double(rng.normal()) }
    }

    /// The names of the nine parameters, in the order of `parameters`.
    public static let parameterNames = ["w₁", "w₂", "w₃", "w₄", "w₅", "w₆", "b₁", "b₂", "b₃"]

    public var parameters: [Double] {
        get { w + b }
        set { w = Array(newValue[0..<6]); b = Array(newValue[6..<9]) }
    }

    /// Everything a forward pass computes.
    public struct Forward: Sendable {
        public let sumH1, h1, sumH2, h2, sumO1, o1: Double
    }

    public func forward(_ x: [Double]) -> Forward {
        // #region forward
        let sumH1 = w[0] * x[0] + w[1] * x[1] + b[0]
        let h1 = sigmoid(sumH1)
        let sumH2 = w[2] * x[0] + w[3] * x[1] + b[1]
        let h2 = sigmoid(sumH2)
        let sumO1 = w[4] * h1 + w[5] * h2 + b[2]
        let o1 = sigmoid(sumO1)
        // #endregion
        return Forward(sumH1: sumH1, h1: h1, sumH2: sumH2, h2: h2, sumO1: sumO1, o1: o1)
    }

    /// The prediction y_pred = o₁.
    public func predict(_ x: [Double]) -> Double { forward(x).o1 }

    /// Squared error of one person: (y_true − y_pred)².
    public func loss(_ x: [Double], _ yTrue: Double) -> Double {
        let yPred = predict(x)
        return (yTrue - yPred) * (yTrue - yPred)
    }

    /// Mean squared error over several people.
    public func meanLoss(_ xs: [[Double]], _ ys: [Double]) -> Double {
        zip(xs, ys).map { loss($0, $1) }.reduce(0, +) / Double(xs.count)
    }

    /// Every factor of the chain rule for one person, and the nine gradients they multiply into.
    public struct Backprop: Sendable {
        public let forward: Forward
        public let dLdYpred: Double
        // Output neuron o₁ = σ(w₅h₁ + w₆h₂ + b₃)
        public let dYpreddW5, dYpreddW6, dYpreddB3, dYpreddH1, dYpreddH2: Double
        // Hidden neuron h₁ = σ(w₁x₁ + w₂x₂ + b₁)
        public let dH1dW1, dH1dW2, dH1dB1: Double
        // Hidden neuron h₂ = σ(w₃x₁ + w₄x₂ + b₂)
        public let dH2dW3, dH2dW4, dH2dB2: Double
        /// ∂L/∂w₁ … ∂L/∂b₃, in the order of `AliceNetwork.parameters`.
        public let gradients: [Double]
    }

    public func backprop(_ x: [Double], _ yTrue: Double) -> Backprop {
        let f = forward(x)
        // #region backprop
        let yPred = f.o1
        // The loss L = (y_true − y_pred)²
        let dLdYpred = -2 * (yTrue - yPred)

        // Output neuron: y_pred = o₁ = σ(sum_o₁), sum_o₁ = w₅h₁ + w₆h₂ + b₃
        let dYpreddW5 = f.h1 * sigmoidDerivative(f.sumO1)
        let dYpreddW6 = f.h2 * sigmoidDerivative(f.sumO1)
        let dYpreddB3 = sigmoidDerivative(f.sumO1)
        let dYpreddH1 = w[4] * sigmoidDerivative(f.sumO1)
        let dYpreddH2 = w[5] * sigmoidDerivative(f.sumO1)

        // Hidden neuron h₁ = σ(sum_h₁), sum_h₁ = w₁x₁ + w₂x₂ + b₁
        let dH1dW1 = x[0] * sigmoidDerivative(f.sumH1)
        let dH1dW2 = x[1] * sigmoidDerivative(f.sumH1)
        let dH1dB1 = sigmoidDerivative(f.sumH1)

        // Hidden neuron h₂ = σ(sum_h₂), sum_h₂ = w₃x₁ + w₄x₂ + b₂
        let dH2dW3 = x[0] * sigmoidDerivative(f.sumH2)
        let dH2dW4 = x[1] * sigmoidDerivative(f.sumH2)
        let dH2dB2 = sigmoidDerivative(f.sumH2)

        // Each gradient multiplies the factors on the path from the parameter to L.
        let dLdW1 = dLdYpred * dYpreddH1 * dH1dW1
        let dLdW2 = dLdYpred * dYpreddH1 * dH1dW2
        let dLdB1 = dLdYpred * dYpreddH1 * dH1dB1
        let dLdW3 = dLdYpred * dYpreddH2 * dH2dW3
        let dLdW4 = dLdYpred * dYpreddH2 * dH2dW4
        let dLdB2 = dLdYpred * dYpreddH2 * dH2dB2
        let dLdW5 = dLdYpred * dYpreddW5
        let dLdW6 = dLdYpred * dYpreddW6
        let dLdB3 = dLdYpred * dYpreddB3
        // #endregion
        return Backprop(
            forward: f, dLdYpred: dLdYpred,
            dYpreddW5: dYpreddW5, dYpreddW6: dYpreddW6, dYpreddB3: dYpreddB3, dYpreddH1: dYpreddH1,
            dYpreddH2: dYpreddH2,
            dH1dW1: dH1dW1, dH1dW2: dH1dW2, dH1dB1: dH1dB1, dH2dW3: dH2dW3, dH2dW4: dH2dW4, dH2dB2: dH2dB2,
            gradients: [dLdW1, dLdW2, dLdW3, dLdW4, dLdW5, dLdW6, dLdB1, dLdB2, dLdB3])
    }

    /// One step of stochastic gradient descent on one person: each parameter −= η·∂L/∂parameter.
    public mutating func sgdStep(_ x: [Double], _ yTrue: Double, learningRate: Double) {
        // #region sgd-step
        let g = backprop(x, yTrue).gradients               // ∂L/∂w₁ … ∂L/∂b₃ for this person
        parameters = zip(parameters, g).map { $0 - learningRate * $1 }   // p ← p − η·∂L/∂p
        // #endregion
    }

    /// ∂L/∂parameter by central differences: (L(p + ε) − L(p − ε)) / 2ε, for checking backprop.
    public func numericalGradients(_ x: [Double], _ yTrue: Double, epsilon: Double = 1e-6) -> [Double] {
        parameters.indices.map { i in
            var plus = self, minus = self
            plus.parameters[i] += epsilon
            minus.parameters[i] -= epsilon
            return (plus.loss(x, yTrue) - minus.loss(x, yTrue)) / (2 * epsilon)
        }
    }
}
