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

extension Sequential {
    /// A copy of the hidden layers (everything before the last Dense layer) with a new, freshly
    /// initialised output layer of `classes` outputs. With `freeze`, the copied hidden parameters are
    /// frozen: the optimiser skips them, so they stay bit-for-bit as they were. The copy shares no
    /// parameter with this network: fine-tuning it never changes the weights another run starts from.
    public func swappingOutputLayer(classes: Int, freeze: Bool, rng: inout SeededRandom) -> Sequential {
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
        guard let activation = hiddenActivation else {
            preconditionFailure("only a multilayer perceptron can be copied afresh")
        }
        return Sequential(mlp: layerSizes.dropLast() + [classes], activation: activation, rng: &rng)
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
public func transferExperiment(base: Sequential, newTrain: ImageDataset, newTest: ImageDataset,
                               labelsPerClass: [Int], seeds: [UInt64], steps: Int = 150,
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
                let network: Sequential
                switch mode {
                case .frozen: network = base.swappingOutputLayer(classes: classes, freeze: true, rng: &rng)
                case .fineTune: network = base.swappingOutputLayer(classes: classes, freeze: false, rng: &rng)
                case .scratch: network = base.freshCopy(classes: classes, rng: &rng)
                case .randomFrozen:
                    network = base.freshCopy(classes: classes, rng: &rng)
                        .swappingOutputLayer(classes: classes, freeze: true, rng: &rng)
                }
                try network.train(on: labelled, optimizer: Adam(learningRate: mode.learningRate),
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
