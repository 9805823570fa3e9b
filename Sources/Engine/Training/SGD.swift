// SGD: plain stochastic gradient descent, w ← w − η·(g + λw).
//
// In training, a Dense layer takes this step for its weights inside the product that computes their
// gradient (productStep); `step` then moves the rest, such as the biases.

/// Plain stochastic gradient descent: w ← w − η·(g + λw).
public final class SGD: Optimizer {
    public var learningRate: Float
    public var weightDecay: Float

    public init(learningRate: Float, weightDecay: Float = 0) {
        self.learningRate = learningRate
        self.weightDecay = weightDecay
    }

    /// w − η·(g + λw) = (1 − ηλ)·w − η·g: α = −η and β = 1 − ηλ (β = 1 without weight decay).
    public func productStep(for p: Parameter) -> (alpha: Float, beta: Float)? {
        (alpha: -learningRate, beta: p.appliesWeightDecay ? 1 - learningRate * weightDecay : 1)
    }

    public func step(_ parameters: [Parameter]) {
        let eta = learningRate
        for p in parameters where !p.isFrozen {
            let shape = (rows: p.value.rows, cols: p.value.cols)
            update(p, weightDecay: weightDecay) { w, g, decay in
                Pieces.inPiecesOf(rows: shape.rows, cols: shape.cols, minimum: 4096) { range in
                    if decay == 0 {
                        // The same numbers as below, one multiply and one add fewer: for a finite w,
                        // 0·w is ±0 and g + (±0) leaves g as it is, apart from the sign of a zero,
                        // which w − η·g then loses (w − 0 and w − (−0) are both w).
                        for i in range { w[i] -= eta * g[i] }
                    } else {
                        for i in range { w[i] -= eta * (g[i] + decay * w[i]) }
                    }
                }
            }
        }
    }
}
