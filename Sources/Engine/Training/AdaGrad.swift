// AdaGrad: each element's step shrinks with the sum of its squared gradients (Duchi, Hazan & Singer, 2011).

/// AdaGrad: h ← h + g², w ← w − η·g / (√h + ε), with g = gradient + λw.
/// Elements that have had large gradients take small steps; the steps only ever shrink, because
/// h only grows, so a long run slows down to a stop.
public final class AdaGrad: Optimizer {
    public var learningRate: Float
    public var epsilon: Float
    public var weightDecay: Float

    /// The sum of squared gradients h of every parameter.
    private var memory = OptimizerMemory(buffers: 1)

    /// ε = 1e-7 as in Deep Learning from Scratch (common/optimizer.py).
    public init(learningRate: Float = 0.01, epsilon: Float = 1e-7, weightDecay: Float = 0) {
        self.learningRate = learningRate
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    public func step(_ parameters: [Parameter]) {
        let (η, ε) = (learningRate, epsilon)
        for p in parameters where !p.isFrozen {
            let h = memory.of(p).first
            let λ = p.decay(weightDecay)
            p.update { w, dw in
                // #region update
                for i in w.indices {
                    let g = dw[i] + λ * w[i]
                    h[i] += g * g
                    w[i] -= η * g / (h[i].squareRoot() + ε)
                }
                // #endregion
            }
        }
    }
}
