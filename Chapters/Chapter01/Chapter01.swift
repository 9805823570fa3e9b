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
        try slopes(nb)
        try softmaxSection(nb)
        try feedForward(nb)
        layerAsMatrix(nb)
        furtherReading(nb)
        try nb.finish()
    }

    // MARK: - One neuron

    func oneNeuron(_ nb: Notebook) {
        nb.section("A neuron: w·x + b through an activation")
        nb.text("""
            A neuron takes inputs x = (x₁, x₂), multiplies each by a weight, adds a bias b and squashes \
            the total with an activation function f: y = f(w₁x₁ + w₂x₂ + b). The example is Victor Zhou's \
            (his "neural networks from scratch" tutorial, one of the beginner notes this workbook follows): \
            w = (0, 1), b = 4, x = (2, 3) and the sigmoid σ(z) = 1 / (1 + e^(−z)). Mofan's PyTorch notes \
            compare a neuron to a nerve cell: a signal comes in, and the cell fires more or less strongly.
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
            positive numbers and clips negative ones to 0. 3Blue1Brown's video starts with sigmoid and ends \
            by noting that modern networks mostly use ReLU; the next section shows why.
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

    // MARK: - Slopes of the activations

    func slopes(_ nb: Notebook) throws {
        nb.section("Slopes: where an activation stops passing gradients")
        nb.text("""
            Training (Chapters 3 to 5) moves each weight by the slope of the cost, and the chain rule \
            (Chapter 4) multiplies that slope by the activation's own slope f'(z) at every neuron it \
            passes. So the slopes matter as much as the curves: σ'(z) = σ(z)(1 − σ(z)), \
            tanh'(z) = 1 − tanh²(z), and ReLU'(z) = 1 for z > 0, 0 for z < 0. Leaky ReLU, max(0.01·z, z), \
            keeps a slope of 0.01 on the negative side (the engine does not provide it; it is one line).
            """)
        nb.code("slopes")
        // #region slopes
        let zs: [Float] = [-5, -1, 0, 1, 5]
        let rows = zs.map { z in
            [fixed(z, 0), fixed(sigmoidDerivative(z), 4), fixed(tanhDerivative(z), 4), fixed(reluDerivative(z), 0),
             fixed(z > 0 ? 1 : Float(0.01), 2)]   // leaky ReLU's slope
        }
        // #endregion
        nb.table(["z", "σ'(z)", "tanh'(z)", "ReLU'(z)", "leaky ReLU'(z)"], rows)
        let sigmoidPeak = sigmoidDerivative(Float(0)), sigmoidAt5 = sigmoidDerivative(Float(5))
        let tenLayers = pow(Double(sigmoidPeak), 10)
        nb.result("σ'(0), the largest slope of σ", fixed(sigmoidPeak, 4))
        nb.result("σ'(5)", fixed(sigmoidAt5, 4))
        nb.result("tanh'(0)", fixed(tanhDerivative(Float(0)), 4))
        nb.result("ReLU'(5)", fixed(reluDerivative(Float(5)), 0))
        nb.result("0.25¹⁰, ten σ' factors at their largest", String(format: "%.2e", tenLayers))
        nb.text("""
            σ' is never more than \(fixed(sigmoidPeak, 4)), and at z = 5 it is already \(fixed(sigmoidAt5, 4)): \
            a saturated sigmoid passes almost nothing back. Through ten sigmoid layers the ten σ' factors \
            multiply to at most 0.25¹⁰ = \(String(format: "%.2e", tenLayers)), so the first layers barely \
            learn. This is the vanishing gradient that the beginner's overview among those notes (a \
            Chinese introduction with a PyTorch demo) warns about when it advises against sigmoid and \
            tanh inside deep networks. tanh' reaches 1 at z = 0 but vanishes even faster for large |z| \
            (\(fixed(tanhDerivative(Float(5)), 4)) at z = 5). ReLU' is exactly 1 for every positive z, however large: ReLU does not \
            saturate, which is why it is the default for hidden layers. Its one weakness is the flat side: \
            a neuron whose total stays negative gets slope 0 and stops learning, which leaky ReLU avoids.
            """)
        var figure = Figure(name: "ch01-activation-slopes", title: "Slopes of the activations: σ' vanishes, ReLU' stays 1",
                            xLabel: "z", yLabel: "f'(z)")
        figure.series = [
            Series("σ'(z) = σ(z)(1 − σ(z))", from: -6, to: 8) { sigmoidDerivative($0) },
            Series("tanh'(z) = 1 − tanh²(z)", from: -6, to: 8) { 1 - tanh($0) * tanh($0) },
            Series("ReLU'(z)", x: [-6, 0, 0, 8], y: [0, 0, 1, 1], style: .dashed),
        ]
        figure.annotations = [Annotation("σ'(0) = 0.25", x: 0, y: 0.25),
                              Annotation("σ'(5) = \(fixed(sigmoidAt5, 4))", x: 5, y: Double(sigmoidAt5))]
        figure.xRange = -6...8
        figure.yRange = -0.05...1.3
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
        nb.text("""
            Which to put at the output? The beginner's overview gives the rule: a sigmoid for two classes, softmax for \
            more. They agree where they overlap: softmax of two scores (z, 0) gives the first class \
            e^z / (e^z + 1) = σ(z), exactly a sigmoid.
            """)
        nb.result("softmax(2, 0), first class", fixed(softmax([2, 0])[0], 4))
        nb.result("σ(2)", fixed(sigmoid(Float(2)), 4))

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

    func feedForward(_ nb: Notebook) throws {
        nb.section("A 2-2-1 network: feed-forward")
        nb.text("""
            Two inputs feed two hidden neurons h₁ and h₂, which feed one output neuron o₁. Every arrow \
            carries a weight (w₁ … w₆) and every neuron adds its bias (b₁, b₂, b₃): nine numbers in all, \
            the network's parameters. Hung-yi Lee's lecture notes name the shape: fully connected (every \
            neuron of one layer feeds every neuron of the next) and feed-forward (signals only move from \
            input to output). They also point out that the input layer is not made of neurons: x₁ and x₂ \
            are just the numbers we give the network, so this network has two layers, hidden and output.
            """)
        var diagram = Figure(name: "ch01-network", title: "The 2-2-1 network: weights on the arrows, biases at the neurons")
        diagram.diagram = .twoTwoOne()
        diagram.height = 400
        try nb.figure(diagram)
        nb.text("""
            Passing the inputs forward through the layers is called feed-forward. In Victor Zhou's \
            example every neuron has w = (0, 1) and b = 0, and x = (2, 3): h₁ = h₂ = σ(0·2 + 1·3) = σ(3), \
            then o₁ = σ(0·h₁ + 1·h₂).
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
        let digitNetwork = [784, 16, 16, 10]
        let digitParameters = zip(digitNetwork, digitNetwork.dropFirst()).map { $0 * $1 + $1 }.reduce(0, +)
        nb.text("""
            Lee's notes add two ideas worth keeping. A network's structure (how many layers, how many \
            neurons, which activation) defines a whole set of functions, one for every choice of the \
            parameters; training picks one function from that set. And deeper is not free: more layers can \
            fit more, but every layer adds parameters to learn and arithmetic to do. 3Blue1Brown's digit \
            network, 784 inputs, two hidden layers of 16 and 10 outputs, already has this many:
            """)
        nb.result("parameters of the 2-2-1 network", "9")
        nb.result("parameters of a 784-16-16-10 network", "\(digitParameters)")
    }

    // MARK: - From one neuron to a layer of them

    func layerAsMatrix(_ nb: Notebook) {
        nb.section("A layer is a matrix product: σ(W·x + b)")
        nb.text("""
            Writing every neuron out by hand stops working beyond a few of them. Hung-yi Lee's notes \
            compute a whole layer at once: stack each neuron's weights as one row of a matrix W, and the \
            layer is σ(W·x + b). His worked layer has two neurons with weights (1, −2) and (−1, 1), biases \
            1 and 0, and input x = (1, −1): W·x + b = (1·1 + (−2)·(−1) + 1, (−1)·1 + 1·(−1) + 0) = (4, −2), \
            and σ(4) = 0.98, σ(−2) = 0.12.
            """)
        nb.code("lee-layer")
        // #region lee-layer
        // Lee writes W·x with one row of W per neuron; the engine writes X·W with one column per neuron,
        // so the engine's weight matrix is Lee's W transposed, and x is a row.
        let leeW: [[Float]] = [[1, -2], [-1, 1]]
        let layer = Dense(weights: Matrix(leeW).transposed, bias: Matrix(row: [1, 0]))
        let x = Matrix(row: [1, -1])
        let total = layer.forward(x)                        // x·Wᵀ + b = (4, −2)
        let a = Activation.sigmoid.apply(total)             // (σ(4), σ(−2))
        // #endregion
        nb.result("W·x + b", "(\(fixed(total[0, 0], 0)), \(fixed(total[0, 1], 0)))")
        nb.result("σ(W·x + b)", "(\(fixed(a[0, 0], 2)), \(fixed(a[0, 1], 2)))")
        nb.text("""
            Why does the engine turn it around? Lee's W·x takes one example as a column. The engine takes \
            a batch of examples as the rows of a matrix X, one row per example, and computes X·W + b for \
            all of them in one matrix product, with the bias added to every row. Each column of W then \
            holds one neuron's weights. PyTorch's nn.Linear also takes the examples as rows (it stores W as Lee does and computes X·Wᵀ + b). The numbers are \
            the same, only the bookkeeping differs, and one big product is much faster than many small \
            ones (Lee's notes make the same point: matrices are what a GPU speeds up). Chapter 4 shows \
            the backward pass of this layer.
            """)
    }

    // MARK: - Further reading

    func furtherReading(_ nb: Notebook) {
        nb.section("Further reading")
        nb.table(["reading", "where to find it", "what it adds"], [
            ["Michael Nielsen, Neural Networks and Deep Learning, chapter 1",
             "http://neuralnetworksanddeeplearning.com/chap1.html",
             "perceptrons, sigmoid neurons, the architecture of neural networks"],
            ["3Blue1Brown, \"But what is a neural network?\"", "https://www.3blue1brown.com/lessons/neural-networks",
             "the 784-16-16-10 digit network, weights and biases, sigmoid and ReLU"],
            ["Koki Saito, Deep Learning from Scratch, chapter 3", "sections 3.2–3.5",
             "activation functions, multidimensional arrays, a three-layer network, softmax"],
            ["Dive into Deep Learning, section 5.1 (Multilayer Perceptrons)",
             "https://d2l.ai/chapter_multilayer-perceptrons/mlp.html",
             "hidden layers, activation functions and their derivatives"],
        ])
    }
}
