// Sequential: a network as a list of layers, each feeding the next.
//
// forward runs the layers in order; backward runs them in reverse, handing each layer the
// gradient returned by the one above, and stops at the lowest layer that learns: the network's
// input is the data, whose gradient nobody needs. The multilayer perceptron, the network of most
// chapters, is built by `Sequential(mlp:)`.

public final class Sequential {
    /// The layers, first to last. A var, so a chapter can swap the output layer.
    public var layers: [Layer]

    public init(_ layers: [Layer]) { self.layers = layers }

    public func forward(_ x: Matrix) -> Matrix {
        var h = x
        for layer in layers { h = layer.forward(h) }
        return h
    }

    /// Backpropagates dL/dOutput through the layers, top to bottom, setting every gradient of the
    /// parameters that learn. Nothing below the lowest layer that learns needs a gradient (with
    /// frozen hidden layers, in transfer learning, backprop stops at the new output layer), and
    /// that layer is asked for its parameters' gradients only when it can skip dL/dInput.
    public func backward(_ dOutput: Matrix) {
        guard let lowest = lowestLayerThatLearns else { return }
        var d = dOutput
        for layer in layers[(lowest + 1)...].reversed() { d = layer.backward(d) }
        if let layer = layers[lowest] as? SkipsInputGradient {
            layer.backwardParametersOnly(d)
        } else {
            _ = layers[lowest].backward(d)
        }
    }

    /// Backpropagates dL/dOutput through every layer, as backward does, and returns dL/dInput,
    /// the gradient with respect to the network's input (for a gradient check).
    public func inputGradient(_ dOutput: Matrix) -> Matrix {
        var d = dOutput
        for layer in layers.reversed() { d = layer.backward(d) }
        return d
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
