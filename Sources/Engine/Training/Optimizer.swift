// Optimizers: how parameters move, given their gradients.
//
// Each optimiser updates every parameter it is given, in place, except frozen ones. Weight decay
// is the classic L2 penalty: λ·w is added to the gradient of each parameter that applies weight
// decay (a Dense layer's weights, not its biases). `learningRate` is a var so a schedule can
// change it between steps.
//
//     SGD:       w ← w − η·g
//     Momentum:  v ← μ·v − η·g;  w ← w + v
//     Adam:      m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  w ← w − η·m̂ / (√v̂ + ε),
//                with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ)  (Kingma & Ba, 2015)

import Foundation

public protocol Optimizer: AnyObject {
    var learningRate: Float { get set }
    /// Updates every parameter that is not frozen, using its current gradient.
    func step(_ parameters: [Parameter])
}

/// Calls `body` with the parameter's values (mutable), its gradient, and the weight decay factor
/// that applies to it.
func update(_ p: Parameter, weightDecay: Float,
                    _ body: (UnsafeMutableBufferPointer<Float>, UnsafeBufferPointer<Float>, Float) -> Void) {
    precondition(p.value.shape == p.gradient.shape, "\(p.name): gradient shape differs from value shape")
    let decay = p.appliesWeightDecay ? weightDecay : 0
    p.value.data.withUnsafeMutableBufferPointer { w in
        p.gradient.data.withUnsafeBufferPointer { g in body(w, g, decay) }
    }
}
