// Recipe: everything that decides how Chapter 6 trains a network, so that the climb from
// 3Blue1Brown's network to the chapter's model can change one thing at a time, and so that the
// chapter's model is built by the same code as every step of the climb.

import Engine
import Foundation
import Workbook

struct Recipe: Equatable, Sendable {
    /// Hidden layer sizes; 3Blue1Brown's network has two layers of 16.
    var hidden = [16, 16]
    /// The hidden layers' activation.
    var activation = Activation.sigmoid
    /// false: sigmoid outputs and the cost C = Σ(t − a)²; true: softmax with cross-entropy.
    var softmax = false
    /// false: pixels scaled to [0, 1] (x/255); true: standardised with the training set's statistics.
    var standardize = false
    var batchSize = 1
    var optimizer = OptimizerChoice.sgd
    /// The starting learning rate. nil: for SGD, the best of `Recipe.sgdRates` on the validation set.
    var learningRate: Double? = nil
    /// L2 penalty λ on the weights (0: none).
    var weightDecay = 0.0
    /// Random shifts of the training images, in pixels (0: none).
    var maxShift = 0
    /// Lower the learning rate along a cosine, to 0 by the end of the last epoch.
    var cosine = false
    var epochs = 10

    /// The learning rates the climb tries for SGD: the best one moves with almost every change.
    static let sgdRates = [0.03, 0.1, 0.3, 1, 3]

    var sizes: [Int] { [784] + hidden + [10] }

    // #region recipe
    func network(rng: inout SeededRandom) -> Sequential {
        // He initialisation for ReLU hidden layers, Xavier for sigmoid ones and for the output layer.
        Sequential(mlp: sizes, activation: activation, outputActivation: softmax ? nil : .sigmoid, rng: &rng)
    }
    var lossFunction: LossFunction { softmax ? .softmaxWithCrossEntropy : .squaredErrorOneHot }
    func learningRate(after epoch: Int, startingAt rate: Double) -> Double {
        cosine ? rate * 0.5 * (1 + Elementary.cos(Double.pi * Double(epoch) / Double(epochs))) : rate
    }
    // #endregion

    /// Optimiser steps over the whole training on `count` images.
    func steps(images count: Int) -> Int { epochs * ((count + batchSize - 1) / batchSize) }

    /// Multiply-adds of the whole training on `count` images: per image, the forward pass
    /// (inputs × outputs of every layer), the weight gradients (as many again) and the gradients
    /// handed down to the layer below (every layer but the first).
    func multiplyAdds(images count: Int) -> Double {
        let products = zip(sizes, sizes.dropFirst()).map { Double($0 * $1) }
        return Double(epochs * count) * (2 * products.reduce(0, +) + products.dropFirst().reduce(0, +))
    }

    /// Weights and biases of the network.
    var parameterCount: Int { zip(sizes, sizes.dropFirst()).map { $0 * $1 + $1 }.reduce(0, +) }

    /// "784-16-16-10".
    var shape: String { sizes.map(String.init).joined(separator: "-") }
}
