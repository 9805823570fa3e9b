// Activations: the non-linear functions a neuron applies to its weighted sum, and their derivatives.
//
// Scalar functions first (chapter 1 calls `sigmoid(7)` directly), named after the maths as in
// Victor Zhou's network.py: `sigmoidDerivative(x)` is dσ/dx at the input x. Then `Activation`,
// the same functions applied element-wise to a whole batch, which ActivationLayer wraps.


// MARK: Scalar functions

/// σ(x) = 1 / (1 + e⁻ˣ). Saturates cleanly: σ(−1000) = 0 and σ(1000) = 1, never NaN.
/// `sigmoid(7)` = 0.9990889.
public func sigmoid(_ x: Float) -> Float { Activation.sigmoid.apply(x) }

/// σ in Double (or any binary floating-point type), handy for plotting smooth curves.
/// Note that Swift reads a literal with a decimal point as a Double, so `sigmoid(0.5)` uses this
/// version while `sigmoid(7)` and `sigmoid(someFloat)` use the Float one.
public func sigmoid<T: BinaryFloatingPoint>(_ x: T) -> T { T(1 / (1 + Elementary.exp(-Double(x)))) }

/// dσ/dx at the input x: σ(x)·(1 − σ(x)). Largest at x = 0, where it is 0.25.
public func sigmoidDerivative(_ x: Float) -> Float {
    let s = sigmoid(x)
    return s * (1 - s)
}

/// dσ/dz in Double: σ(z)·(1 − σ(z)) (Alice's network computes in Double).
public func sigmoidDerivative(_ z: Double) -> Double {
    let s = sigmoid(z)
    return s * (1 - s)
}

/// d tanh/dx at the input x: 1 − tanh²(x).
public func tanhDerivative(_ x: Float) -> Float {
    let t = Elementary.tanh(x)
    return 1 - t * t
}

/// max(0, x). A NaN stays NaN, so a diverging network is noticed rather than silently zeroed.
public func relu(_ x: Float) -> Float { Activation.relu.apply(x) }

/// d relu/dx at the input x: 1 for x > 0, else 0 (we take 0 at the kink x = 0, as most libraries do).
public func reluDerivative(_ x: Float) -> Float { x > 0 ? 1 : 0 }

// MARK: Activation applied to a batch

/// An element-wise activation function, applied to every entry of a matrix.
public enum Activation: String, CaseIterable, Sendable {
    case sigmoid, tanh, relu, identity

    /// f(x) for one number.
    public func apply(_ x: Float) -> Float {
        switch self {
        // The workbook's own exp and tanh (Elementary), which give the same bits on every machine.
        case .sigmoid: return 1 / (1 + Elementary.exp(-x))
        case .tanh: return Elementary.tanh(x)
        case .relu: return x < 0 ? 0 : x
        case .identity: return x
        }
    }

    /// f applied to every element.
    public func apply(_ m: Matrix) -> Matrix {
        switch self {
        case .identity: return m
        case .relu:
            var out = m
            out.data.withUnsafeMutableBufferPointer { p in
                for i in p.indices where p[i] < 0 { p[i] = 0 }
            }
            return out
        default:
            return m.map(apply)
        }
    }

    /// df/dx for one number, given both the input x and the output y = f(x); each function uses
    /// whichever is cheaper (σ' = y(1 − y), tanh' = 1 − y², relu' = [x > 0]).
    public func derivative(input x: Float, output y: Float) -> Float {
        switch self {
        case .sigmoid: return y * (1 - y)
        case .tanh: return 1 - y * y
        case .relu: return x > 0 ? 1 : 0
        case .identity: return 1
        }
    }

    /// df/dx element by element, given the input matrix and the output matrix f(input).
    public func derivative(input: Matrix, output: Matrix) -> Matrix {
        input.zipWith(output) { derivative(input: $0, output: $1) }
    }
}
