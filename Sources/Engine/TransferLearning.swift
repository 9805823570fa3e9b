// TransferLearning: keep what a trained network learned to see, give it a new output layer.
//
// A trained multilayer perceptron is a feature extractor (its hidden layers) followed by a
// classifier (its last Dense layer). For a new task we keep the hidden layers, throw the output
// layer away and put a fresh one on with as many outputs as the new task has classes. Then either
// only the new layer learns (the hidden layers are frozen) or everything is fine-tuned.

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
}

/// A copy of `network`'s hidden layers (everything before its last Dense layer) with a new,
/// freshly initialised output layer of `classes` outputs. With `freeze`, the copied hidden
/// parameters are frozen: the optimiser skips them, so they stay bit-for-bit as they were.
public func swappingOutputLayer(of network: Sequential, classes: Int, freeze: Bool, rng: inout SeededRandom) -> Sequential {
    guard let lastDense = network.layers.lastIndex(where: { $0 is Dense }), let old = network.layers[lastDense] as? Dense else {
        preconditionFailure("the network has no Dense layer to replace")
    }
    var layers: [Layer] = []
    for layer in network.layers[..<lastDense] {
        if let dense = layer as? Dense {
            // A copy: fine-tuning one model must not change the pretrained weights another run starts from.
            let copy = Dense(weights: dense.weights.value, bias: dense.bias.value, name: dense.weights.name.replacingOccurrences(of: ".weights", with: ""))
            copy.weights.isFrozen = freeze
            copy.bias.isFrozen = freeze
            layers.append(copy)
        } else if let activation = layer as? ActivationLayer {
            layers.append(ActivationLayer(activation.activation))
        } else {
            preconditionFailure("only Dense and activation layers can be copied")
        }
    }
    layers.append(Dense(inputs: old.inputCount, outputs: classes, initializer: .xavier, rng: &rng, name: "new-output"))
    return Sequential(layers)
}

/// The hidden representation: the output of everything before the last Dense layer.
public func hiddenRepresentation(of network: Sequential, _ x: Matrix) -> Matrix {
    guard let lastDense = network.layers.lastIndex(where: { $0 is Dense }) else { return x }
    var h = x
    for layer in network.layers[..<lastDense] { h = layer.forward(h) }
    return h
}

/// One cell of a transfer experiment: how one approach did with so many labelled examples.
public struct TransferTrial: Sendable, Equatable {
    public let mode: TransferMode
    public let labelsPerClass: Int
    public let seed: UInt64
    public let testAccuracy: Float
}

/// Picks `perClass` examples of every class, with a seeded shuffle: the labelled examples of one trial.
public func fewLabels(_ data: ImageDataset, perClass: Int, rng: inout SeededRandom) -> ImageDataset {
    var picks: [Int] = []
    for c in 0..<data.classCount {
        var ofClass = (0..<data.count).filter { Int(data.labels[$0]) == c }
        rng.shuffle(&ofClass)
        picks += ofClass.prefix(perClass)
    }
    return data.subset(picks)
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
public func transferExperiment(base: Sequential, newTrain: ImageDataset, newTest: ImageDataset,
                               labelsPerClass: [Int], seeds: [UInt64], steps: Int = 150,
                               modes: [TransferMode] = TransferMode.allCases,
                               onTrial: (TransferTrial) -> Void = { _ in }) throws -> [TransferTrial] {
    let classes = newTest.classCount
    var trials: [TransferTrial] = []
    for k in labelsPerClass {
        for seed in seeds {
            var pick = SeededRandom(seed: seed)
            let labelled = fewLabels(newTrain, perClass: k, rng: &pick)
            let batchSize = min(32, labelled.count)
            let epochs = max(1, (steps * batchSize + labelled.count - 1) / labelled.count)
            for mode in modes {
                var rng = SeededRandom(seed: seed &+ 1000)
                let network: Sequential
                switch mode {
                case .frozen: network = swappingOutputLayer(of: base, classes: classes, freeze: true, rng: &rng)
                case .fineTune: network = swappingOutputLayer(of: base, classes: classes, freeze: false, rng: &rng)
                case .scratch: network = freshCopy(of: base, classes: classes, rng: &rng)
                case .randomFrozen:
                    network = swappingOutputLayer(of: freshCopy(of: base, classes: classes, rng: &rng), classes: classes,
                                                  freeze: true, rng: &rng)
                }
                try train(network, on: labelled, optimizer: Adam(learningRate: mode.learningRate),
                          config: TrainingConfig(epochs: epochs, batchSize: batchSize), rng: &rng)
                let trial = TransferTrial(mode: mode, labelsPerClass: k, seed: seed,
                                          testAccuracy: evaluate(network, on: newTest).accuracy)
                trials.append(trial)
                onTrial(trial)
            }
        }
    }
    return trials
}

/// The same architecture as `network` (with `classes` outputs) from a fresh He/Xavier start.
public func freshCopy(of network: Sequential, classes: Int, rng: inout SeededRandom) -> Sequential {
    let denseCount = network.layers.filter { $0 is Dense }.count
    var seen = 0
    return Sequential(network.layers.map { layer -> Layer in
        if let dense = layer as? Dense {
            seen += 1
            let last = seen == denseCount
            return Dense(inputs: dense.inputCount, outputs: last ? classes : dense.outputCount,
                         initializer: last ? .xavier : .he, rng: &rng, name: last ? "new-output" : "hidden\(seen)")
        }
        return ActivationLayer((layer as! ActivationLayer).activation)
    })
}

/// Only the images of `classes`, relabelled 0, 1, 2, … in that order (digits 5–9 become classes 0–4).
public func selectingClasses(_ data: ImageDataset, _ classes: [Int]) -> ImageDataset {
    let keep = (0..<data.count).filter { classes.contains(Int(data.labels[$0])) }
    var pixels: [UInt8] = []
    pixels.reserveCapacity(keep.count * data.featureCount)
    for i in keep { pixels += data.image(i) }
    let labels = keep.map { UInt8(classes.firstIndex(of: Int(data.labels[$0]))!) }
    return ImageDataset(pixels: pixels, labels: labels, classNames: classes.map { data.classNames[$0] },
                        width: data.width, height: data.height, name: data.name, normalization: data.normalization)
}
