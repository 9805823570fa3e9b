// Initializers: how a layer's starting weights are drawn.
//
// Weights must start small and different from each other (identical weights would learn
// identically). He and Xavier scale the spread by the number of inputs so that a signal neither
// grows nor shrinks as it passes through many layers. Every draw comes from a SeededRandom.

public enum Initializer: Sendable {
    /// Normal with std √(2 / fanIn), for ReLU layers (He et al., 2015).
    case he
    /// Normal with std √(2 / (fanIn + fanOut)), for sigmoid and tanh layers (Glorot & Bengio, 2010).
    case xavier
    /// Normal with mean 0 and the given standard deviation (Deep Learning from Scratch uses 0.01).
    case normal(std: Float)
    /// Uniform in [−limit, limit).
    case uniform(limit: Float)
    /// Every weight the same value (only for worked examples: it cannot break symmetry).
    case constant(Float)

    /// A fanIn × fanOut weight matrix drawn from `rng`.
    public func matrix(fanIn: Int, fanOut: Int, rng: inout SeededRandom) -> Matrix {
        switch self {
        case .he:
            return rng.normalMatrix(rows: fanIn, cols: fanOut, std: (2 / Float(max(fanIn, 1))).squareRoot())
        case .xavier:
            return rng.normalMatrix(rows: fanIn, cols: fanOut, std: (2 / Float(max(fanIn + fanOut, 1))).squareRoot())
        case .normal(let std):
            return rng.normalMatrix(rows: fanIn, cols: fanOut, std: std)
        case .uniform(let limit):
            return rng.uniformMatrix(rows: fanIn, cols: fanOut, low: -limit, high: limit)
        case .constant(let value):
            return Matrix(rows: fanIn, cols: fanOut, repeating: value)
        }
    }
}
