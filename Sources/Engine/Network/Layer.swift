// Layer: the building block of a network, with a forward pass and a backward pass.
//
// The shape follows Deep Learning from Scratch's common/layers.py: forward computes the output
// for a batch and caches what backward will need; backward receives dL/dOutput, SETS the gradient
// of each of the layer's parameters for that last forward batch (it does not accumulate), and
// returns dL/dInput for the layer below.

/// One step of a network. Batches have one sample per row.
public protocol Layer: AnyObject {
    /// The output for the batch `x`; remembers what backward needs.
    func forward(_ x: Matrix) -> Matrix
    /// Given dL/dOutput for the last forward batch, sets each parameter's gradient and returns dL/dInput.
    func backward(_ dOutput: Matrix) -> Matrix
    /// The layer's trainable matrices (empty for an activation).
    var parameters: [Parameter] { get }
}

/// A layer that can set its parameters' gradients without computing dL/dInput. The lowest layer of
/// a network that learns has the data (or frozen layers) below it, so nobody needs its dL/dInput,
/// which for a dense or convolutional layer costs as much arithmetic as its forward pass; the
/// network's backward pass asks such a layer for its parameters' gradients only.
public protocol SkipsInputGradient: Layer {
    /// Sets each parameter's gradient for the last forward batch, as backward does, and nothing else.
    func backwardParametersOnly(_ dOutput: Matrix)
}
