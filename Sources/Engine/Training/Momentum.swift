// Momentum: SGD with a velocity that remembers past steps (Polyak's heavy ball).

/// SGD with momentum: a velocity that remembers past steps, v ← μv − η·(g + λw), w ← w + v.
public final class Momentum: Optimizer {
    public var learningRate: Float
    public var momentum: Float
    public var weightDecay: Float
    /// The velocity v of every parameter.
    private var memory = OptimizerMemory(buffers: 1)

    public init(learningRate: Float, momentum: Float = 0.9, weightDecay: Float = 0) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
    }

    public func step(_ parameters: [Parameter]) {
        let (η, μ) = (learningRate, momentum)
        for p in parameters where !p.isFrozen {
            let v = memory.of(p).first
            let λ = p.decay(weightDecay)
            p.update { w, g in
                // #region update
                for i in w.indices {
                    v[i] = μ * v[i] - η * (g[i] + λ * w[i])
                    w[i] += v[i]
                }
                // #endregion
            }
        }
    }
}
