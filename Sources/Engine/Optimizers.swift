// Optimizers: how parameters move, given their gradients.
//
// Each optimiser updates every parameter it is given, in place, except frozen ones. Weight decay
// is the classic L2 penalty: λ·w is added to the gradient of each parameter that applies weight
// decay (a Dense layer's weights, not its biases). `learningRate` is a var so a schedule can
// change it between steps.
//
//     SGD:       w ← w − η·g
//     Momentum:  v ← μ·v − η·g;  w ← w + v
//     Adam:      m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  w ← w − η·m̂ / (√v̂ + ε),
//                with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ)  (Kingma & Ba, 2015)

import Foundation

public protocol Optimizer: AnyObject {
    var learningRate: Float { get set }
    /// Updates every parameter that is not frozen, using its current gradient.
    func step(_ parameters: [Parameter])
}

/// Calls `body` with the parameter's values (mutable), its gradient, and the weight decay factor
/// that applies to it.
private func update(_ p: Parameter, weightDecay: Float,
                    _ body: (UnsafeMutableBufferPointer<Float>, UnsafeBufferPointer<Float>, Float) -> Void) {
    precondition(p.value.shape == p.gradient.shape, "\(p.name): gradient shape differs from value shape")
    let decay = p.appliesWeightDecay ? weightDecay : 0
    p.value.data.withUnsafeMutableBufferPointer { w in
        p.gradient.data.withUnsafeBufferPointer { g in body(w, g, decay) }
    }
}

/// Plain stochastic gradient descent: w ← w − η·(g + λw).
public final class SGD: Optimizer {
    public var learningRate: Float
    public var weightDecay: Float

    public init(learningRate: Float, weightDecay: Float = 0) {
        self.learningRate = learningRate
        self.weightDecay = weightDecay
    }

    public func step(_ parameters: [Parameter]) {
        let eta = learningRate
        for p in parameters where !p.isFrozen {
            update(p, weightDecay: weightDecay) { w, g, decay in
                for i in w.indices { w[i] -= eta * (g[i] + decay * w[i]) }
            }
        }
    }
}

/// SGD with momentum: a velocity that remembers past steps, v ← μv − η·(g + λw), w ← w + v.
public final class Momentum: Optimizer {
    public var learningRate: Float
    public var momentum: Float
    public var weightDecay: Float
    /// Velocity per parameter. Keyed by identity; the parameter is kept alive with its state so
    /// its identifier cannot be reused by a new parameter.
    private var velocity: [ObjectIdentifier: (parameter: Parameter, v: [Float])] = [:]

    public init(learningRate: Float, momentum: Float = 0.9, weightDecay: Float = 0) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
    }

    public func step(_ parameters: [Parameter]) {
        let eta = learningRate, mu = momentum
        for p in parameters where !p.isFrozen {
            let key = ObjectIdentifier(p)
            var v = velocity.removeValue(forKey: key)?.v ?? [Float](repeating: 0, count: p.value.count)
            update(p, weightDecay: weightDecay) { w, g, decay in
                v.withUnsafeMutableBufferPointer { v in
                    for i in w.indices {
                        v[i] = mu * v[i] - eta * (g[i] + decay * w[i])
                        w[i] += v[i]
                    }
                }
            }
            velocity[key] = (p, v)
        }
    }
}

/// Adam: per-element step sizes from running averages of the gradient and its square.
/// Its first step moves every element by about η, whatever the gradient's size.
public final class Adam: Optimizer {
    public var learningRate: Float
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
    public var weightDecay: Float

    /// Moments per parameter, keyed by identity (the parameter is kept alive with its state).
    /// A class, so a step updates m and v where they are instead of taking them out of the
    /// dictionary and putting them back.
    private final class Moments {
        let parameter: Parameter
        var m: [Float]
        var v: [Float]
        var t = 0
        init(parameter: Parameter) {
            self.parameter = parameter
            m = [Float](repeating: 0, count: parameter.value.count)
            v = m
        }
    }
    private var state: [ObjectIdentifier: Moments] = [:]

    public init(learningRate: Float = 0.001, beta1: Float = 0.9, beta2: Float = 0.999,
                epsilon: Float = 1e-8, weightDecay: Float = 0) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    public func step(_ parameters: [Parameter]) {
        let eta = learningRate, b1 = beta1, b2 = beta2, eps = epsilon
        for p in parameters where !p.isFrozen {
            let key = ObjectIdentifier(p)
            let s = state[key] ?? Moments(parameter: p)
            state[key] = s
            s.t += 1
            // The bias corrections m̂ = m/(1−β₁ᵗ) and v̂ = v/(1−β₂ᵗ) are folded into two per-step
            // constants, as PyTorch does: w −= (η/(1−β₁ᵗ))·m / (√v/√(1−β₂ᵗ) + ε). Same maths, one
            // division per element instead of three.
            let correction1 = 1 - Float(pow(Double(b1), Double(s.t)))
            let correction2 = 1 - Float(pow(Double(b2), Double(s.t)))
            let stepSize = eta / correction1
            let inverseRootCorrection2 = 1 / correction2.squareRoot()
            update(p, weightDecay: weightDecay) { w, g, decay in
                s.m.withUnsafeMutableBufferPointer { m in
                    s.v.withUnsafeMutableBufferPointer { v in
                        for i in w.indices {
                            let grad = g[i] + decay * w[i]
                            m[i] = b1 * m[i] + (1 - b1) * grad
                            v[i] = b2 * v[i] + (1 - b2) * grad * grad
                            // v is an average of squares, never negative, so .magnitude changes
                            // nothing; it tells the compiler so, and then it uses the processor's
                            // square root on several elements at once instead of calling the C
                            // library's sqrtf, which must check for negative inputs one by one.
                            w[i] -= stepSize * m[i] / (v[i].magnitude.squareRoot() * inverseRootCorrection2 + eps)
                        }
                    }
                }
            }
        }
    }
}
