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
    /// Like backward, but without dL/dInput: sets each parameter's gradient only. The training loop
    /// calls this on the whole network, whose input is the data, whose gradient nobody uses.
    func backwardParametersOnly(_ dOutput: Matrix)
    /// The backward pass of a training step with `optimizer`: backward, or backwardParametersOnly
    /// when `needsInputGradient` is false, except that a parameter whose step the optimiser can take
    /// inside the product of its gradient (Optimizer.productStep) is stepped there and then, and its
    /// gradient is not stored. Returns dL/dInput (nil when not needed) and the parameters so stepped,
    /// which the optimiser's own step must leave alone.
    func backward(_ dOutput: Matrix, steppingWith optimizer: Optimizer,
                  needsInputGradient: Bool) -> (inputGradient: Matrix?, stepped: [Parameter])
}

extension Layer {
    /// By default, backward with its result thrown away; layers that can skip work override this.
    public func backwardParametersOnly(_ dOutput: Matrix) { _ = backward(dOutput) }

    /// By default, every gradient is stored and nothing is stepped.
    public func backward(_ dOutput: Matrix, steppingWith optimizer: Optimizer,
                         needsInputGradient: Bool) -> (inputGradient: Matrix?, stepped: [Parameter]) {
        backwardStoringGradients(dOutput, needsInputGradient: needsInputGradient)
    }

    /// backward, or backwardParametersOnly when `needsInputGradient` is false: every gradient
    /// stored, nothing stepped (also what a layer does when the optimiser cannot take its step).
    func backwardStoringGradients(_ dOutput: Matrix,
                                  needsInputGradient: Bool) -> (inputGradient: Matrix?, stepped: [Parameter]) {
        guard needsInputGradient else {
            backwardParametersOnly(dOutput)
            return (nil, [])
        }
        return (backward(dOutput), [])
    }
}
