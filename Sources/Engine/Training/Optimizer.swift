// Optimizers: how parameters move, given their gradients.
//
// Each optimiser updates every parameter it is given, in place, except frozen ones. Weight decay
// is the classic L2 penalty: λ·w is added to the gradient of each parameter that applies weight
// decay (a Dense layer's weights, not its biases). `learningRate` is a var so a schedule can
// change it between steps.
//
//     SGD:       w ← w − η·g
//     Momentum:  v ← μ·v − η·g;  w ← w + v
//     AdaGrad:   h ← h + g²;  w ← w − η·g / (√h + ε)
//     RMSprop:   h ← ρh + (1−ρ)g²;  w ← w − η·g / (√h + ε)
//     Adam:      m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  w ← w − η·m̂ / (√v̂ + ε),
//                with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ)  (Kingma & Ba, 2015)
// What an optimiser remembers between steps (v, h, m) lives in an OptimizerMemory.

import Foundation

public protocol Optimizer: AnyObject {
    var learningRate: Float { get set }
    /// Updates every parameter that is not frozen, using its current gradient.
    func step(_ parameters: [Parameter])
    /// (α, β) when this optimiser's step for `p` is w ← β·w + α·g, with g the gradient and nothing
    /// else. A layer whose gradient is a matrix product, g = A·B, can then take the step inside that
    /// product (BLAS computes C ← α·A·B + β·C), writing the new w straight into w, and g is never
    /// stored (Layer.backward(_:steppingWith:needsInputGradient:)). nil, the default, when the step
    /// needs more than g: a velocity, a running mean.
    func productStep(for p: Parameter) -> (alpha: Float, beta: Float)?
}

extension Optimizer {
    public func productStep(for p: Parameter) -> (alpha: Float, beta: Float)? { nil }
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

/// What an optimiser remembers about one parameter between steps: one or two buffers the size of
/// the parameter, and how many steps it has taken. A class, so a step updates the buffers where
/// they are instead of taking them out and putting them back.
final class ParameterMemory {
    /// Kept alive with its memory, so its identifier cannot be reused by a new parameter.
    let parameter: Parameter
    /// Momentum's velocity v, AdaGrad's and RMSprop's h, Adam's m.
    var first: [Float]
    /// Adam's v (empty for the others).
    var second: [Float]
    var steps = 0

    init(parameter: Parameter, buffers: Int) {
        self.parameter = parameter
        first = [Float](repeating: 0, count: parameter.value.count)
        second = buffers > 1 ? first : []
    }
}

/// Every parameter's memory, keyed by the parameter's identity; created, all zeros, on first use.
struct OptimizerMemory {
    private var memories: [ObjectIdentifier: ParameterMemory] = [:]
    /// How many buffers each parameter gets (1 for a velocity or h, 2 for Adam's m and v).
    let buffers: Int

    init(buffers: Int) {
        precondition(buffers == 1 || buffers == 2, "an optimiser keeps one or two buffers per parameter")
        self.buffers = buffers
    }

    mutating func of(_ p: Parameter) -> ParameterMemory {
        if let memory = memories[ObjectIdentifier(p)] { return memory }
        let memory = ParameterMemory(parameter: p, buffers: buffers)
        memories[ObjectIdentifier(p)] = memory
        return memory
    }
}
