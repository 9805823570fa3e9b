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
        let eta = learningRate, mu = momentum
        for p in parameters where !p.isFrozen {
            let velocity = memory.of(p)
            update(p, weightDecay: weightDecay) { w, g, decay in
                velocity.first.withUnsafeMutableBufferPointer { v in
                    for i in w.indices {
                        v[i] = mu * v[i] - eta * (g[i] + decay * w[i])
                        w[i] += v[i]
                    }
                }
            }
        }
    }
}
