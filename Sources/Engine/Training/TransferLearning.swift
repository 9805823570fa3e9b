// TransferLearning: keep what a trained network learned to see, give it a new output layer.
//
// A trained network is a feature extractor (every layer before its last Dense layer) followed by a
// classifier (that last Dense layer). For a new task we keep the feature extractor, throw the output
// layer away and put a fresh one on with as many outputs as the new task has classes. Then either
// only the new layer learns (the layers below are frozen) or everything is fine-tuned. The feature
// extractor may be the hidden layers of a multilayer perceptron or convolutions and pooling.

import Bilingual

public enum TransferMode: String, CaseIterable, Sendable {
    /// New output layer on frozen pretrained hidden layers: only the new layer learns.
    case frozen = "frozen features"
    /// New output layer, then every layer keeps learning from the pretrained weights.
    case fineTune = "fine-tuning"
    /// The same architecture from a fresh random start.
    case scratch = "from scratch"
    /// A control: a new output layer on frozen *random* hidden layers (never trained). If this does
    /// as well as frozen pretrained features, the pretraining taught the features nothing the new
    /// task can use.
    case randomFrozen = "frozen random features"

    /// Adam's learning rate for each approach. When only the new output layer learns, the problem is
    /// a linear classifier on fixed features, which takes a ten times larger step without trouble.
    public var learningRate: Float { self == .frozen || self == .randomFrozen ? 0.01 : 0.001 }

    /// The approach's name in English (its raw value) and Chinese, as tables head their columns.
    public var name: Text {
        switch self {
        case .frozen: Text(en: rawValue, zh: "冻结特征")
        case .fineTune: Text(en: rawValue, zh: "微调")
        case .scratch: Text(en: rawValue, zh: "从头训练")
        case .randomFrozen: Text(en: rawValue, zh: "冻结随机特征")
        }
    }
}

extension Sequential {
    /// A copy of the hidden layers (everything before the last Dense layer) with a new, freshly
    /// initialised output layer of `classes` outputs. With `freeze`, the copied hidden parameters are
    /// frozen: the optimiser skips them, so they stay bit-for-bit as they were. The copy shares no
    /// parameter with this network: fine-tuning it never changes the weights another run starts from.
    public func swappingOutputLayer(classes: Int, freeze: Bool, rng: inout SeededRandom) -> Sequential {
        if !isMultilayerPerceptron { return swappingOutputLayerOfAnyNetwork(classes: classes, freeze: freeze, rng: &rng) }
        guard let activation = hiddenActivation, layerSizes.count >= 3 else {
            preconditionFailure("only a multilayer perceptron with a hidden layer can swap its output layer")
        }
        let hidden = denseLayers.dropLast().map { (weights: $0.weights.value, bias: $0.bias.value) }
        let sizes = layerSizes
        let output = Dense(inputs: sizes[sizes.count - 2], outputs: classes, initializer: .xavier, rng: &rng,
                           name: "layers.\(sizes.count - 2)")
        let copy = Sequential(mlpWeights: hidden + [(output.weights.value, output.bias.value)], activation: activation)
        for dense in copy.denseLayers.dropLast() {
            dense.weights.isFrozen = freeze
            dense.bias.isFrozen = freeze
        }
        return copy
    }

    /// The same architecture with `classes` outputs, from a fresh He/Xavier start.
    public func freshCopy(classes: Int, rng: inout SeededRandom) -> Sequential {
        if !isMultilayerPerceptron { return freshCopyOfAnyNetwork(classes: classes, rng: &rng) }
        guard let activation = hiddenActivation else {
            preconditionFailure("only a multilayer perceptron can be copied afresh")
        }
        return Sequential(mlp: layerSizes.dropLast() + [classes], activation: activation, rng: &rng)
    }

    /// True when the network is Dense layers with activations between them (Sequential(mlp:)).
    var isMultilayerPerceptron: Bool { layers.allSatisfy { $0 is Dense || $0 is ActivationLayer } }

    /// swappingOutputLayer for a network with other layers than Dense and activations (convolutions,
    /// pooling): every layer before the last Dense one is copied (and frozen with `freeze`), then a
    /// fresh Dense output layer follows, drawn from `rng` exactly as the multilayer perceptron's is.
    private func swappingOutputLayerOfAnyNetwork(classes: Int, freeze: Bool, rng: inout SeededRandom) -> Sequential {
        guard let last = layers.lastIndex(where: { $0 is Dense }), last == layers.count - 1, last > 0,
              let old = layers[last] as? Dense else {
            preconditionFailure("only a network that ends in a Dense layer, with layers below it, can swap its output layer")
        }
        let output = Dense(inputs: old.inputCount, outputs: classes, initializer: .xavier, rng: &rng,
                           name: "layers.\(last)")
        let body = layers[..<last].map { Self.copy(of: $0) }
        for parameter in body.flatMap(\.parameters) { parameter.isFrozen = freeze }
        return Sequential(body + [output])
    }

    /// freshCopy for a network with other layers than Dense and activations: the same layers, every
    /// weight drawn afresh in layer order (He for convolutions and hidden Dense layers, Xavier for the
    /// output layer), biases 0, and `classes` outputs.
    private func freshCopyOfAnyNetwork(classes: Int, rng: inout SeededRandom) -> Sequential {
        Sequential(freshLayers(from: 0, classes: classes, rng: &rng))
    }

    /// A copy of the first `count` layers (the feature extractor, frozen with `freeze`) under a new
    /// head: the remaining layers drawn afresh (as freshCopy draws them) with `classes` outputs.
    /// With `count` = the index of the last Dense layer this is swappingOutputLayer; with fewer
    /// layers kept, several Dense layers are new (a convolutional base under a new dense head).
    public func swappingHead(keeping count: Int, classes: Int, freeze: Bool, rng: inout SeededRandom) -> Sequential {
        precondition(count > 0 && count < layers.count, "keep between 1 and \(layers.count - 1) layers, not \(count)")
        let head = freshLayers(from: count, classes: classes, rng: &rng)
        let body = layers[..<count].map { Self.copy(of: $0) }
        for parameter in body.flatMap(\.parameters) { parameter.isFrozen = freeze }
        return Sequential(body + head)
    }

    /// Layers `start...` drawn afresh: Conv2D and Dense layers with new weights (He, Xavier for the
    /// last Dense layer, which gets `classes` outputs), the others copied.
    private func freshLayers(from start: Int, classes: Int, rng: inout SeededRandom) -> [Layer] {
        guard let last = layers.lastIndex(where: { $0 is Dense }), last == layers.count - 1, last >= start else {
            preconditionFailure("only a network that ends in a Dense layer can be drawn afresh with new classes")
        }
        var fresh: [Layer] = []
        for k in start..<layers.count {
            switch layers[k] {
            case let conv as Conv2D:
                let g = conv.geometry
                precondition(g.kernelHeight == g.kernelWidth, "only square kernels can be drawn afresh")
                fresh.append(Conv2D(inChannels: g.channels, outChannels: conv.outChannels, kernel: g.kernelHeight,
                                    height: g.height, width: g.width, padding: g.padding, initializer: .he, rng: &rng,
                                    name: "layers.\(k)"))
            case let dense as Dense:
                let isOutput = k == last
                fresh.append(Dense(inputs: dense.inputCount, outputs: isOutput ? classes : dense.outputCount,
                                   initializer: isOutput ? .xavier : .he, rng: &rng, name: "layers.\(k)"))
            default:
                fresh.append(Self.copy(of: layers[k]))
            }
        }
        return fresh
    }

    /// A copy of one layer sharing no parameter with it (so training the copy never changes the original).
    private static func copy(of layer: Layer) -> Layer {
        switch layer {
        case let dense as Dense:
            return Dense(weights: dense.weights.value, bias: dense.bias.value, name: String(dense.weights.name.dropLast(".weights".count)))
        case let conv as Conv2D:
            return Conv2D(weights: conv.weights.value, bias: conv.bias.value, geometry: conv.geometry,
                          name: String(conv.weights.name.dropLast(".weights".count)))
        case let activation as ActivationLayer:
            return ActivationLayer(activation.activation)
        case let pool as MaxPool2D:
            return MaxPool2D(channels: pool.channels, height: pool.height, width: pool.width, size: pool.size)
        case let flatten as Flatten:
            return Flatten(channels: flatten.channels, height: flatten.height, width: flatten.width)
        default:
            preconditionFailure("cannot copy a layer of type \(type(of: layer))")
        }
    }

    /// The hidden representation: the output of everything before the last Dense layer.
    public func hiddenRepresentation(_ x: Matrix) -> Matrix {
        guard let lastDense = layers.lastIndex(where: { $0 is Dense }) else { return x }
        var h = x
        for layer in layers[..<lastDense] { h = layer.forward(h) }
        return h
    }
}

/// One cell of a transfer experiment: how one approach did with so many labelled examples.
public struct TransferTrial: Sendable, Equatable {
    public let mode: TransferMode
    public let labelsPerClass: Int
    public let seed: UInt64
    public let testAccuracy: Float
}

/// Compares the three approaches on a new task with the same few labelled examples and the same
/// training budget (`steps` optimiser steps of Adam on mini-batches of up to 32, at each mode's
/// `learningRate`).
///
/// - Parameters:
///   - base: the pretrained network; it is copied, never changed.
///   - newTrain: the new task's labelled pool (normalised as the base expects); each trial draws
///     `labelsPerClass` examples of every class from it.
///   - newTest: the new task's test set.
///   - keepingLayers: how many of the base's layers make the feature extractor that is kept (frozen
///     or fine-tuned) under a new head (see swappingHead); nil keeps everything but the output layer.
///   - learningRate: Adam's learning rate for each approach (by default `mode.learningRate`).
public func transferExperiment(base: Sequential, newTrain: ImageDataset, newTest: ImageDataset,
                               labelsPerClass: [Int], seeds: [UInt64], steps: Int = 150, keepingLayers: Int? = nil,
                               learningRate: (TransferMode) -> Float = { $0.learningRate },
                               modes: [TransferMode] = TransferMode.allCases,
                               onTrial: (TransferTrial) -> Void = { _ in }) throws -> [TransferTrial] {
    let classes = newTest.classCount
    var trials: [TransferTrial] = []
    for k in labelsPerClass {
        for seed in seeds {
            var pick = SeededRandom(seed: seed)
            let labelled = try newTrain.sampling(perClass: k, rng: &pick)
            let batchSize = min(32, labelled.count)
            let epochs = max(1, (steps * batchSize + labelled.count - 1) / labelled.count)
            for mode in modes {
                var rng = SeededRandom(seed: seed &+ 1000)
                let network = transferNetwork(base, mode: mode, classes: classes, keepingLayers: keepingLayers, rng: &rng)
                try network.train(on: labelled, optimizer: Adam(learningRate: learningRate(mode)),
                                  config: TrainingConfig(epochs: epochs, batchSize: batchSize), rng: &rng)
                let trial = TransferTrial(mode: mode, labelsPerClass: k, seed: seed,
                                          testAccuracy: network.evaluate(on: newTest).accuracy)
                trials.append(trial)
                onTrial(trial)
            }
        }
    }
    return trials
}

/// The network one approach of the experiment starts from (see transferExperiment).
private func transferNetwork(_ base: Sequential, mode: TransferMode, classes: Int, keepingLayers: Int?,
                             rng: inout SeededRandom) -> Sequential {
    if let kept = keepingLayers {
        switch mode {
        case .frozen: return base.swappingHead(keeping: kept, classes: classes, freeze: true, rng: &rng)
        case .fineTune: return base.swappingHead(keeping: kept, classes: classes, freeze: false, rng: &rng)
        case .scratch: return base.freshCopy(classes: classes, rng: &rng)
        case .randomFrozen:
            return base.freshCopy(classes: classes, rng: &rng).swappingHead(keeping: kept, classes: classes, freeze: true, rng: &rng)
        }
    }
    switch mode {
    case .frozen: return base.swappingOutputLayer(classes: classes, freeze: true, rng: &rng)
    case .fineTune: return base.swappingOutputLayer(classes: classes, freeze: false, rng: &rng)
    case .scratch: return base.freshCopy(classes: classes, rng: &rng)
    case .randomFrozen:
        return base.freshCopy(classes: classes, rng: &rng).swappingOutputLayer(classes: classes, freeze: true, rng: &rng)
    }
}
