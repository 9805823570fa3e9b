// Adam: per-element step sizes from running averages of the gradient and its square (Kingma & Ba, 2015).

import Foundation

/// Adam: per-element step sizes from running averages of the gradient and its square.
/// Its first step moves every element by about η, whatever the gradient's size.
public final class Adam: Optimizer {
    public var learningRate: Float
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
    public var weightDecay: Float

    /// The moments m and v of every parameter, and its step count t.
    private var memory = OptimizerMemory(buffers: 2)

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
            let s = memory.of(p)
            s.steps += 1
            // The bias corrections m̂ = m/(1−β₁ᵗ) and v̂ = v/(1−β₂ᵗ) are folded into two per-step
            // constants, as PyTorch does: w −= (η/(1−β₁ᵗ))·m / (√v/√(1−β₂ᵗ) + ε). Same maths, one
            // division per element instead of three.
            let correction1 = 1 - Float(pow(Double(b1), Double(s.steps)))
            let correction2 = 1 - Float(pow(Double(b2), Double(s.steps)))
            let constants = Constants(beta1: b1, beta2: b2, epsilon: eps, stepSize: eta / correction1,
                                      inverseRootCorrection2: 1 / correction2.squareRoot())
            let shape = (rows: p.value.rows, cols: p.value.cols)
            update(p, weightDecay: weightDecay) { w, g, decay in
                s.first.withUnsafeMutableBufferPointer { m in
                    s.second.withUnsafeMutableBufferPointer { v in
                        Pieces.inPiecesOf(rows: shape.rows, cols: shape.cols, minimum: 4096) { range in
                            Adam.move(range, w: w, g: g, m: m, v: v, decay: decay, constants)
                        }
                    }
                }
            }
        }
    }

    /// The numbers one step uses for every element of a parameter.
    struct Constants {
        let beta1, beta2, epsilon, stepSize, inverseRootCorrection2: Float
    }

    /// Moves elements `range` by one step. A function of its own rather than a closure: its arguments sit
    /// in registers, where the compiler knows that storing into w, m and v cannot change them, so
    /// it works on several elements at once (inside a closure it reloads each capture per element).
    private static func move(_ range: Range<Int>, w: UnsafeMutableBufferPointer<Float>, g: UnsafeBufferPointer<Float>,
                               m: UnsafeMutableBufferPointer<Float>, v: UnsafeMutableBufferPointer<Float>,
                               decay: Float, _ c: Constants) {
        let (b1, b2, eps, stepSize, inverseRootCorrection2) = (c.beta1, c.beta2, c.epsilon, c.stepSize, c.inverseRootCorrection2)
        for i in range {
            let grad = g[i] + decay * w[i]
            m[i] = b1 * m[i] + (1 - b1) * grad
            v[i] = b2 * v[i] + (1 - b2) * grad * grad
            // v is an average of squares, never negative, so .magnitude changes nothing; it tells
            // the compiler so, and then it uses the processor's square root on several elements at
            // once instead of calling the C library's sqrtf, which must check for negative inputs
            // one by one.
            w[i] -= stepSize * m[i] / (v[i].magnitude.squareRoot() * inverseRootCorrection2 + eps)
        }
    }
}
