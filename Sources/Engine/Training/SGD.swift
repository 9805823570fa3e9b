// SGD: plain stochastic gradient descent, w ← w − η·(g + λw).

/// Plain stochastic gradient descent: w ← w − η·(g + λw).
public final class SGD: Optimizer {
    public var learningRate: Float
    public var weightDecay: Float

    public init(learningRate: Float, weightDecay: Float = 0) {
        self.learningRate = learningRate
        self.weightDecay = weightDecay
    }

    public func step(_ parameters: [Parameter]) {
        let η = learningRate
        for p in parameters where !p.isFrozen {
            let λ = p.decay(weightDecay)
            p.update { w, g in
                // #region update
                for i in w.indices {
                    w[i] -= η * (g[i] + λ * w[i])
                }
                // #endregion
            }
        }
    }
}
