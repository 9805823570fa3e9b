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

    /// The running average of squared gradients h of every parameter.
    private var memory = OptimizerMemory(buffers: 1)

    /// ρ = 0.99 and ε = 1e-7 as in Deep Learning from Scratch (common/optimizer.py).
    public init(learningRate: Float = 0.01, decay: Float = 0.99, epsilon: Float = 1e-7, weightDecay: Float = 0) {
        self.learningRate = learningRate
        self.decay = decay
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    public func step(_ parameters: [Parameter]) {
        let (η, ρ, ε) = (learningRate, decay, epsilon)
        for p in parameters where !p.isFrozen {
            let h = memory.of(p).first
            let λ = p.decay(weightDecay)
            p.update { w, dw in
                // #region update
                for i in w.indices {
                    let g = dw[i] + λ * w[i]
                    h[i] = ρ * h[i] + (1 - ρ) * g * g
                    w[i] -= η * g / (h[i].squareRoot() + ε)
                }
                // #endregion
            }
        }
    }
}
