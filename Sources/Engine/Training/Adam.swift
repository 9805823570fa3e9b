// Adam: per-element step sizes from running averages of the gradient and its square (Kingma & Ba, 2015).


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
        let (η, β1, β2, ε) = (learningRate, beta1, beta2, epsilon)
        for p in parameters where !p.isFrozen {
            let state = memory.of(p)
            state.steps += 1
            let (m, v, t) = (state.first, state.second, state.steps)
            let λ = p.decay(weightDecay)
            // #region update
            // m and v start at 0, so early on they are too small; dividing by these corrects them.
            let correction1 = 1 - power(β1, t), correction2 = 1 - power(β2, t)
            p.update { w, dw in
                for i in w.indices {
                    let g = dw[i] + λ * w[i]
                    m[i] = β1 * m[i] + (1 - β1) * g
                    v[i] = β2 * v[i] + (1 - β2) * g * g
                    let mHat = m[i] / correction1
                    let vHat = v[i] / correction2
                    w[i] -= η * mHat / (vHat.squareRoot() + ε)
                }
            }
            // #endregion
        }
    }

    /// βᵗ, by repeated squaring in Double (the same bits on every machine), rounded once.
    private func power(_ beta: Float, _ t: Int) -> Float { Elementary.power(beta, t) }
}
