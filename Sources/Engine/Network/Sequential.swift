// Sequential: a network as a list of layers, each feeding the next.
//
// forward runs the layers in order; backward runs them in reverse, handing each layer the
// gradient returned by the one above. Sequential is itself a Layer, so networks can nest.
// The multilayer perceptron, the network of most chapters, is built by `Sequential(mlp:)`.

public final class Sequential: Layer {
    /// The layers, first to last. A var, so a chapter can swap the output layer.
    public var layers: [Layer]

    public init(_ layers: [Layer]) { self.layers = layers }

    public func forward(_ x: Matrix) -> Matrix {
        var h = x
        for layer in layers { h = layer.forward(h) }
        return h
    }

    /// Backpropagates dL/dOutput through every layer (setting their gradients); returns dL/dInput.
    @discardableResult
    public func backward(_ dOutput: Matrix) -> Matrix {
        var d = dOutput
        for layer in layers.reversed() { d = layer.backward(d) }
        return d
    }

    /// Sets every layer's parameter gradients without computing dL/dInput for the first layer
    /// (what a training step needs: the network's input is the data).
    public func backwardParametersOnly(_ dOutput: Matrix) {
        // Below the lowest layer that still learns nothing needs a gradient: with frozen hidden
        // layers (transfer learning, Chapter 7) backprop stops at the new output layer.
        guard let lowest = lowestLayerThatLearns else { return }
        var d = dOutput
        for layer in layers[(lowest + 1)...].reversed() { d = layer.backward(d) }
        layers[lowest].backwardParametersOnly(d)
    }

    /// The backward pass of a training step: backwardParametersOnly, except that each parameter
    /// whose step `optimizer` can take inside the product of its gradient (a Dense layer's weights,
    /// with plain SGD) is stepped there and then. Returns those parameters, for the optimiser's own
    /// step to leave alone.
    public func backwardParametersOnly(_ dOutput: Matrix, steppingWith optimizer: Optimizer) -> [Parameter] {
        backward(dOutput, steppingWith: optimizer, needsInputGradient: false).stepped
    }

    public func backward(_ dOutput: Matrix, steppingWith optimizer: Optimizer,
                         needsInputGradient: Bool) -> (inputGradient: Matrix?, stepped: [Parameter]) {
        // As in backwardParametersOnly, nothing below the lowest layer that learns needs a gradient
        // unless dL/dInput is wanted.
        let lowest = needsInputGradient ? 0 : lowestLayerThatLearns
        guard let lowest, lowest < layers.count else { return (needsInputGradient ? dOutput : nil, []) }
        var d = dOutput
        var stepped: [Parameter] = []
        for k in (lowest..<layers.count).reversed() {
            let (dInput, steppedHere) = layers[k].backward(d, steppingWith: optimizer,
                                                           needsInputGradient: needsInputGradient || k > lowest)
            stepped += steppedHere
            if let dInput { d = dInput }
        }
        return (needsInputGradient ? d : nil, stepped)
    }

    /// The index of the first layer with a parameter that is not frozen.
    private var lowestLayerThatLearns: Int? { layers.firstIndex { $0.parameters.contains { !$0.isFrozen } } }

    /// Every parameter of every layer, in layer order.
    public var parameters: [Parameter] { layers.flatMap { $0.parameters } }

    /// The parameters an optimiser should update (those not frozen).
    public var trainableParameters: [Parameter] { parameters.filter { !$0.isFrozen } }

    /// How many numbers the network learns: every weight and every bias.
    public var parameterCount: Int { parameters.map(\.value.count).reduce(0, +) }

    /// The Dense layers, in order.
    public var denseLayers: [Dense] { layers.compactMap { $0 as? Dense } }

    /// The predicted class of each row: the output column with the largest value.
    public func predict(_ x: Matrix) -> [Int] { forward(x).argmaxPerRow() }
}
