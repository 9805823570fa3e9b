// Parameter: a trainable matrix (weights or biases) together with its gradient.

/// A trainable matrix (weights or biases) and the gradient of the loss with respect to it.
/// A class, because the layer that uses it and the optimiser that updates it share one value.
public final class Parameter {
    /// A name for reports: "dense1.weights".
    public var name: String
    public var value: Matrix
    /// dL/dvalue for the last backward pass; same shape as `value`.
    public var gradient: Matrix
    /// A frozen parameter keeps its value: optimisers skip it, and backprop computes no gradient
    /// below the lowest layer that still learns (Sequential.backwardParametersOnly).
    public var isFrozen: Bool
    /// Whether an optimiser's weight decay applies to it. Dense layers decay weights, not biases.
    public var appliesWeightDecay: Bool

    public init(name: String, value: Matrix, isFrozen: Bool = false, appliesWeightDecay: Bool = true) {
        self.name = name
        self.value = value
        self.gradient = Matrix(rows: value.rows, cols: value.cols)
        self.isFrozen = isFrozen
        self.appliesWeightDecay = appliesWeightDecay
    }
}
