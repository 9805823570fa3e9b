// Optimizers: how parameters move, given their gradients.
//
// Each optimiser updates every parameter it is given, in place, except frozen ones, by its update
// rule as the books write it, element by element. Weight decay is the classic L2 penalty: λ·w is
// added to the gradient of each parameter that applies weight decay (a Dense layer's weights, not
// its biases). `learningRate` is a var so a schedule can change it between steps.
//
//     SGD:       w ← w − η·g
//     Momentum:  v ← μ·v − η·g;  w ← w + v
//     AdaGrad:   h ← h + g²;  w ← w − η·g / (√h + ε)
//     RMSprop:   h ← ρh + (1−ρ)g²;  w ← w − η·g / (√h + ε)
//     Adam:      m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  w ← w − η·m̂ / (√v̂ + ε),
//                with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ)  (Kingma & Ba, 2015)
// What an optimiser remembers between steps (v, h, m) lives in an OptimizerMemory.

public protocol Optimizer: AnyObject {
    var learningRate: Float { get set }
    /// Updates every parameter that is not frozen, using its current gradient.
    func step(_ parameters: [Parameter])
}

extension Parameter {
    /// The weight decay factor λ that applies to this parameter under an optimiser's `weightDecay`:
    /// the optimiser's λ for weights, 0 for biases.
    func decay(_ weightDecay: Float) -> Float { appliesWeightDecay ? weightDecay : 0 }

    /// Calls `body` with the parameter's values w, to change in place, and its gradient g, read and
    /// written like arrays (w[i], g[i], w.indices): the one place where optimisers touch memory, so
    /// that their loops are the update rules as written. A large parameter is cut in two runs of
    /// elements that the two threads update at once, each the rows of the gradient it computed
    /// (Pieces.inPiecesOf); a run's indices are the parameter's own, so the body reads the same
    /// element of an optimiser's memory (m[i], v[i]) as of w and g. Each element is updated by the
    /// same operations either way, so the bits do not depend on the cut.
    func update(_ body: (_ w: Elements, _ g: Elements) -> Void) {
        precondition(value.shape == gradient.shape, "\(name): gradient shape differs from value shape")
        let (rows, cols) = (value.rows, value.cols)
        value.data.withUnsafeMutableBufferPointer { w in
            gradient.data.withUnsafeBufferPointer { g in
                guard let weights = w.baseAddress, let gradients = g.baseAddress else { return }
                let readOnly = UnsafeMutablePointer(mutating: gradients)
                Pieces.inPiecesOf(rows: rows, cols: cols, minimum: 1 << 14) { range in
                    body(Elements(base: weights, indices: range), Elements(base: readOnly, indices: range))
                }
            }
        }
    }
}

/// Some of a parameter's numbers (or of an optimiser's memory of it), read and written like an
/// array: e[i] for i in e.indices, the indices being the parameter's own.
struct Elements {
    let base: UnsafeMutablePointer<Float>
    let indices: Range<Int>

    subscript(i: Int) -> Float {
        @inline(__always) get { base[i] }
        @inline(__always) nonmutating set { base[i] = newValue }
    }
}

/// What an optimiser remembers about one parameter between steps: one or two buffers the size of
/// the parameter, all zeros at first, and how many steps it has taken. Its buffers stay where
/// they are for its whole life, so a step reads and writes them in place.
final class ParameterMemory {
    /// Kept alive with its memory, so its identifier cannot be reused by a new parameter.
    let parameter: Parameter
    /// Momentum's velocity v, AdaGrad's and RMSprop's h, Adam's m.
    let first: UnsafeMutableBufferPointer<Float>
    /// Adam's v (empty for the others).
    let second: UnsafeMutableBufferPointer<Float>
    var steps = 0

    init(parameter: Parameter, buffers: Int) {
        self.parameter = parameter
        let count = parameter.value.count
        first = .allocate(capacity: count)
        first.initialize(repeating: 0)
        second = .allocate(capacity: buffers > 1 ? count : 0)
        second.initialize(repeating: 0)
    }

    deinit {
        first.deallocate()
        second.deallocate()
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
