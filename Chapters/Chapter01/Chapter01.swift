// Chapter 1 · Neurons
//
// A neuron multiplies its inputs by weights, adds a bias and passes the total through an
// activation function. Wire three of them together and you have a network.

import ArgumentParser
import Engine
import Workbook
import Foundation

@main
struct Chapter01: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Chapter 1: a neuron, activation functions, softmax, and a 2-2-1 feed-forward pass.")

    @OptionGroup var options: ChapterOptions

    func run() throws {
        let nb = Notebook(chapter: 1, title: "Neurons", options: options)
        oneNeuron(nb)
        try activations(nb)
        try softmaxSection(nb)
        feedForward(nb)
        try nb.finish()
    }

    // MARK: - One neuron

    func oneNeuron(_ nb: Notebook) {
        nb.section("A neuron: w·x + b through an activation")
        nb.text("""
            A neuron takes inputs x = (x₁, x₂), multiplies each by a weight, adds a bias b and squashes \
            the total with an activation function f: y = f(w₁x₁ + w₂x₂ + b). Victor Zhou's example uses \
            w = (0, 1), b = 4, x = (2, 3) and the sigmoid σ(z) = 1 / (1 + e^(−z)).
            """)
        nb.code("neuron")
        // #region neuron
        let w: [Double] = [0, 1], b = 4.0, x: [Double] = [2, 3]
        let total = zip(w, x).map { $0 * $1 }.reduce(0, +) + b   // w·x + b = 0·2 + 1·3 + 4
        let y = sigmoid(total)
        // #endregion
        nb.result("w·x + b", fixed(total, 1))
        nb.result("σ(7)", fixed(y, 7))
        nb.text("""
            The engine's Dense layer computes the same thing for a whole batch at once: X·W + b, where each \
            row of X is one input and each column of W holds one neuron's weights.
            """)
        let layer = Dense(weights: Matrix(column: [0, 1]), bias: Matrix(row: [4]))
        let batchOutput = Activation.sigmoid.apply(layer.forward(Matrix([[2, 3], [0, 0], [-4, 1]])))
        nb.table(["input x", "Dense + sigmoid (Float)"],
                 [["(2, 3)", fixed(batchOutput[0, 0], 6)], ["(0, 0)", fixed(batchOutput[1, 0], 6)],
                  ["(−4, 1)", fixed(batchOutput[2, 0], 6)]])
        nb.text("""
            The engine computes in 32-bit Float, like most deep-learning libraries: about 7 significant \
            digits, plenty for training. The worked numbers above use 64-bit Double so that every printed \
            digit is exact.
            """)
    }

    // MARK: - Activation functions

    func activations(_ nb: Notebook) throws {
        nb.section("Activation functions: sigmoid, tanh, ReLU")
        nb.text("""
            Without an activation a stack of neurons is still one big linear function. The activation bends \
            it. Sigmoid squashes any number into (0, 1); tanh into (−1, 1), centred on 0; ReLU keeps \
            positive numbers and clips negative ones to 0, which is cheap and does not saturate for large \
            inputs, so it is the usual choice inside deep networks.
            """)
        let zs: [Float] = [-5, -1, 0, 1, 5]
        nb.table(["z", "sigmoid(z)", "tanh(z)", "ReLU(z)"],
                 zs.map { [fixed($0, 0), fixed(sigmoid($0), 4), fixed(tanh($0), 4), fixed(relu($0), 0)] })
        var figure = Figure(name: "ch01-activations", title: "Activation functions", xLabel: "z", yLabel: "f(z)")
        figure.series = [
            Series("sigmoid σ(z) = 1/(1+e^(−z))", from: -5, to: 5) { 1 / (1 + exp(-$0)) },
            Series("tanh(z)", from: -5, to: 5) { tanh($0) },
            Series("ReLU(z) = max(0, z)", from: -5, to: 5) { max(0, $0) },
        ]
        figure.xRange = -5...5
        figure.yRange = -1.5...3
        figure.legend = .topLeft
        try nb.figure(figure)
    }

    // MARK: - Softmax

    func softmaxSection(_ nb: Notebook) throws {
        nb.section("Softmax: from scores to probabilities")
        nb.text("""
            A classifier's last layer produces one score per class. Softmax turns the scores into \
            probabilities: pᵢ = e^(zᵢ) / Σⱼ e^(zⱼ). Every pᵢ is positive, they add up to 1, and the largest \
            score gets the largest share.
            """)
        nb.code("softmax")
        // #region softmax
        let scores: [Float] = [2.0, 1.0, 0.1]
        let probabilities = softmax(scores)
        // #endregion
        nb.table(["class", "score z", "probability p"],
                 scores.indices.map { ["\($0)", fixed(scores[$0], 1), fixed(probabilities[$0], 4)] })
        nb.result("sum of the probabilities", fixed(probabilities.reduce(0, +), 4))
        nb.text("""
            Computed naively, e^1000 overflows to infinity and the result is NaN. Subtracting the largest \
            score first changes nothing mathematically (the factor e^(−max) cancels) but keeps every \
            exponent ≤ 0, so the engine's softmax handles any scores.
            """)
        let large: [Float] = [1000, 1001, 1002]
        let naive = large.map { exp($0) / large.map { exp($0) }.reduce(0, +) }
        nb.result("naive softmax of (1000, 1001, 1002)", naive.map { $0.isNaN ? "NaN" : "\($0)" }.joined(separator: ", "))
        nb.result("stable softmax of (1000, 1001, 1002)", softmax(large).map { fixed($0, 4) }.joined(separator: ", "))

        var figure = Figure(name: "ch01-softmax", title: "Softmax turns scores (2.0, 1.0, 0.1) into probabilities",
                            xLabel: "class", yLabel: "score z")
        figure.y2Label = "probability p"
        figure.series = [
            Series("score z (left axis)", x: [-0.14, 0.86, 1.86], y: scores.map(Double.init), style: .bars(width: 0.26)),
            Series("probability p (right axis)", x: [0.14, 1.14, 2.14], y: probabilities.map(Double.init),
                   style: .bars(width: 0.26), axis: .right),
        ]
        figure.xTicks = [(0, "class 0"), (1, "class 1"), (2, "class 2")]
        figure.xRange = -0.5...2.5
        figure.xLabel = ""
        figure.yRange = 0...2.5
        figure.y2Range = 0...1
        try nb.figure(figure)
    }

    // MARK: - Feed-forward

    func feedForward(_ nb: Notebook) {
        nb.section("A 2-2-1 network: feed-forward")
        nb.text("""
            Two inputs feed two hidden neurons h₁ and h₂, which feed one output neuron o₁. Passing the inputs \
            forward through the layers is called feed-forward. In Victor Zhou's example every neuron has \
            w = (0, 1) and b = 0, and x = (2, 3): h₁ = h₂ = σ(0·2 + 1·3) = σ(3), then o₁ = σ(0·h₁ + 1·h₂).
            """)
        nb.code("feed-forward")
        // #region feed-forward
        let hiddenLayer = Dense(weights: Matrix([[0, 0], [1, 1]]), bias: Matrix(row: [0, 0]))  // column j = neuron hⱼ
        let outputLayer = Dense(weights: Matrix([[0], [1]]), bias: Matrix(row: [0]))
        let x = Matrix(row: [2, 3])
        let h = Activation.sigmoid.apply(hiddenLayer.forward(x))
        let o = Activation.sigmoid.apply(outputLayer.forward(h))
        // #endregion
        nb.result("h₁", fixed(h[0, 0], 4))
        nb.result("h₂", fixed(h[0, 1], 4))
        nb.result("o₁", fixed(o[0, 0], 7))
    }
}
