// RMSprop: AdaGrad with a forgetting sum of squared gradients (Hinton's lecture notes, 2012).

/// RMSprop: h ← ρh + (1 − ρ)g², w ← w − η·g / (√h + ε), with g = gradient + λw.
/// Like AdaGrad it divides each element's step by the size of its recent gradients, but old
/// gradients fade by the factor ρ per step, so the steps do not shrink to nothing.
public final class RMSprop: Optimizer {
    public var learningRate: Float
    /// ρ, how much of the running average of g² is kept each step.
    public var decay: Float
    public var epsilon: Float
    public var weightDecay: Float

    /// The running average of squared gradients per parameter, keyed by identity (the parameter is
    /// kept alive with its state so its identifier cannot be reused by a new parameter).
    private final class Average {
        let parameter: Parameter
        var h: [Float]
        init(parameter: Parameter) {
            self.parameter = parameter
            h = [Float](repeating: 0, count: parameter.value.count)
        }
    }
    private var state: [ObjectIdentifier: Average] = [:]

    /// ρ = 0.99 and ε = 1e-7 as in Deep Learning from Scratch (common/optimizer.py).
    public init(learningRate: Float = 0.01, decay: Float = 0.99, epsilon: Float = 1e-7, weightDecay: Float = 0) {
        self.learningRate = learningRate
        self.decay = decay
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    public func step(_ parameters: [Parameter]) {
        let eta = learningRate, rho = decay, eps = epsilon
        for p in parameters where !p.isFrozen {
            let key = ObjectIdentifier(p)
            let s = state[key] ?? Average(parameter: p)
            state[key] = s
            update(p, weightDecay: weightDecay) { w, g, lambda in
                s.h.withUnsafeMutableBufferPointer { h in
                    // #region update
                    for i in w.indices {
                        let grad = g[i] + lambda * w[i]
                        h[i] = rho * h[i] + (1 - rho) * grad * grad
                        w[i] -= eta * grad / (h[i].squareRoot() + eps)
                    }
                    // #endregion
                }
            }
        }
    }
}
