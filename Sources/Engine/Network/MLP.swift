// MLP: the multilayer perceptron, built from a list of layer sizes.
//
// `Sequential(mlp: [784, 256, 10], activation: .relu, rng: &rng)` is Dense(784→256), ReLU,
// Dense(256→10): one Dense layer between each pair of sizes and the activation between Dense
// layers. After the last Dense layer comes `outputActivation` if one is given, else nothing: the
// outputs are logits for softmax cross-entropy. 3Blue1Brown's digit network, sigmoid everywhere, is
// `Sequential(mlp: [784, 16, 16, 10], activation: .sigmoid, outputActivation: .sigmoid, rng: &rng)`.
// As micrograd's MLP(nin, nouts) and Deep Learning from Scratch's MultiLayerNet, one builder makes every such
// network of the workbook: the chapters', the benchmark's, the tests', a loaded model's.
//
// Hidden layers start from He initialisation for ReLU (Xavier for sigmoid and tanh), the output
// layer from Xavier; biases start at 0. The layers are named layers.0, layers.1, … as in a model file.

extension Sequential {
    /// A multilayer perceptron with fresh weights drawn from `rng`.
    /// - Parameters:
    ///   - sizes: inputs, then each hidden layer's units, then outputs (at least two numbers).
    ///   - activation: the activation of every hidden layer.
    ///   - outputActivation: an activation after the output layer (nil: none, the outputs are logits).
    ///     It does not change how the weights are drawn.
    public convenience init(mlp sizes: [Int], activation: Activation = .relu, outputActivation: Activation? = nil,
                            rng: inout SeededRandom) {
        precondition(sizes.count >= 2 && sizes.allSatisfy { $0 > 0 },
                     "an MLP needs at least an input and an output size, all positive, got \(sizes)")
        var dense: [Dense] = []
        for k in 0..<(sizes.count - 1) {
            let isOutput = k == sizes.count - 2
            let initializer: Initializer = isOutput || activation != .relu ? .xavier : .he
            dense.append(Dense(inputs: sizes[k], outputs: sizes[k + 1], initializer: initializer, rng: &rng,
                               name: "layers.\(k)"))
        }
        self.init(mlpLayers: dense, activation: activation, outputActivation: outputActivation)
    }

    /// A multilayer perceptron with the given weights (inputs × outputs) and biases (1 × outputs), as
    /// read from a model file.
    public convenience init(mlpWeights weights: [(weights: Matrix, bias: Matrix)], activation: Activation) {
        precondition(!weights.isEmpty, "an MLP needs at least one layer")
        self.init(mlpLayers: weights.enumerated().map { k, layer in
            Dense(weights: layer.weights, bias: layer.bias, name: "layers.\(k)")
        }, activation: activation)
    }

    /// Dense layers with `activation` between them, and `outputActivation` (if any) after the last.
    private convenience init(mlpLayers dense: [Dense], activation: Activation, outputActivation: Activation? = nil) {
        var layers: [Layer] = []
        for (k, layer) in dense.enumerated() {
            if k > 0 { layers.append(ActivationLayer(activation)) }
            layers.append(layer)
        }
        if let outputActivation { layers.append(ActivationLayer(outputActivation)) }
        self.init(layers)
    }

    /// The sizes of a multilayer perceptron: inputs, hidden units, outputs ([784, 256, 10]).
    public var layerSizes: [Int] {
        let dense = denseLayers
        return dense.isEmpty ? [] : [dense[0].inputCount] + dense.map(\.outputCount)
    }

    /// The activation between the Dense layers (nil when there is none, or more than one kind).
    public var hiddenActivation: Activation? {
        let lastDense = layers.lastIndex(where: { $0 is Dense }) ?? layers.endIndex
        let kinds = Set(layers[..<lastDense].compactMap { ($0 as? ActivationLayer)?.activation })
        return kinds.count == 1 ? kinds.first : nil
    }

    /// The activation after the last Dense layer (nil when the outputs are the last layer's scores).
    public var outputActivation: Activation? {
        guard let lastDense = layers.lastIndex(where: { $0 is Dense }) else { return nil }
        return layers[(lastDense + 1)...].compactMap { ($0 as? ActivationLayer)?.activation }.last
    }
}
