// Chapter 4 · Backprop on Alice
//
// Victor Zhou's worked example: how much does the cost change when w₁ changes? The chain rule
// answers factor by factor, and a numerical gradient checks every answer.

import ArgumentParser
import Engine
import Workbook
import Foundation

@main
struct Chapter04: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Chapter 4: backpropagation by hand on Alice, checked against a numerical gradient.")

    @OptionGroup var options: ChapterOptions

    func run() throws {
        let nb = Notebook(chapter: 4, title: "Backprop on Alice", options: options)
        theData(nb)
        let network = AliceNetwork(w: [1, 1, 1, 1, 1, 1], b: [0, 0, 0])
        let alice = People.alice
        try forwardPass(nb, network, alice)
        try chainRule(nb, network, alice)
        allNine(nb, network, alice)
        gradientCheck(nb, network, alice)
        symmetry(nb, network)
        matrixEngine(nb, network, alice)
        furtherReading(nb)
        try nb.finish()
    }

    func theData(_ nb: Notebook) {
        nb.section("The data: four people")
        nb.text("""
            This chapter works through the third part of Victor Zhou's "neural networks from scratch" (one \
            of the beginner notes this workbook follows, in Chinese translation). Predict someone's gender from weight and height. \
            To keep the numbers small, weight is given in pounds minus 135 and height in inches minus 66. \
            Female is 1, male is 0.
            """)
        nb.table(["name", "weight − 135 (lb)", "height − 66 (in)", "gender"],
                 People.training.map { [$0.name, fixed($0.x[0], 0), fixed($0.x[1], 0), $0.y == 1 ? "F (1)" : "M (0)"] })
    }

    static let aliceFile = "Sources/Engine/Examples/AliceNetwork.swift"

    func forwardPass(_ nb: Notebook, _ network: AliceNetwork, _ alice: Person) throws {
        nb.section("Forward pass for Alice, every weight 1 and every bias 0")
        nb.text("""
            The network is the 2-2-1 of Chapter 1: h₁ = σ(w₁x₁ + w₂x₂ + b₁), h₂ = σ(w₃x₁ + w₄x₂ + b₂), \
            y_pred = o₁ = σ(w₅h₁ + w₆h₂ + b₃). Alice is x = (−2, −1) with y_true = 1; her cost is \
            L = (1 − y_pred)².
            """)
        nb.code("forward")
        // #region forward
        let f = network.forward(alice.x)   // h₁, h₂ and o₁ = y_pred
        // #endregion
        nb.code("forward", file: Self.aliceFile)
        nb.result("h₁", fixed(f.h1, 4))
        nb.result("h₂", fixed(f.h2, 4))
        nb.result("o₁ = y_pred", fixed(f.o1, 3))
        nb.result("L", fixed(network.loss(alice.x, alice.y), 4))
        var figure = Figure(name: "ch04-network", title: "Alice's forward pass: every weight 1, every bias 0")
        let names = AliceNetwork.parameterNames
        figure.diagram = .twoTwoOne(weights: (0..<6).map { "\(names[$0]) = \(fixed(network.w[$0], 0))" },
                                    biases: (0..<3).map { "\(names[6 + $0]) = \(fixed(network.b[$0], 0))" },
                                    inputs: ["x₁ = \(fixed(alice.x[0], 0))", "x₂ = \(fixed(alice.x[1], 0))"])
        let value = "#1f77b4"
        figure.diagram!.texts += [
            .init("h₁ = \(fixed(f.h1, 4))", x: 3.4, y: 1.35, color: value),
            .init("h₂ = \(fixed(f.h2, 4))", x: 3.4, y: 0.65, color: value),
            .init("y_pred = \(fixed(f.o1, 4))", x: 8.8, y: 1.65, color: value),
        ]
        figure.height = 400
        try nb.figure(figure)
    }


    func chainRule(_ nb: Notebook, _ network: AliceNetwork, _ alice: Person) throws {
        nb.section("The chain rule, one factor at a time")
        nb.text("""
            w₁ only reaches the cost through h₁, and h₁ only through y_pred, so \
            ∂L/∂w₁ = ∂L/∂y_pred · ∂y_pred/∂h₁ · ∂h₁/∂w₁. Each factor is a simple derivative: \
            ∂L/∂y_pred = −2(1 − y_pred); ∂y_pred/∂h₁ = w₅·σ'(w₅h₁ + w₆h₂ + b₃); ∂h₁/∂w₁ = x₁·σ'(w₁x₁ + w₂x₂ + b₁), \
            with σ'(z) = σ(z)(1 − σ(z)).
            """)
        nb.code("chain-rule")
        // #region chain-rule
        let g = network.backprop(alice.x, alice.y)
        let dLdYpred = g.dLdYpred        // −2(1 − y_pred)
        let dYpreddH1 = g.dYpreddH1      // w₅ · σ'(sum_o₁)
        let dH1dW1 = g.dH1dW1            // x₁ · σ'(sum_h₁)
        let dLdW1 = dLdYpred * dYpreddH1 * dH1dW1
        // #endregion
        // The tutorial rounds as it goes: y_pred to 0.524, h₁ and h₂ to 0.0474, σ'(−3) to 0.0452.
        let f = g.forward
        let round = { (v: Double, places: Double) in (v * pow(10, places)).rounded() / pow(10, places) }
        let publishedDLdYpred = -2 * (1 - round(f.o1, 3))
        let roundedH = round(f.h1, 4)
        let publishedDYpreddH1 = round(network.w[4] * sigmoidDerivative(network.w[4] * roundedH + network.w[5] * roundedH
                                                                          + network.b[2]), 3)
        let publishedDH1dW1 = alice.x[0] * round(sigmoidDerivative(f.sumH1), 4)
        let publishedDLdW1 = publishedDLdYpred * publishedDYpreddH1 * publishedDH1dW1
        nb.table(["factor", "as published (rounded on the way)", "exact"], [
            ["∂L/∂y_pred", fixed(publishedDLdYpred, 3), fixed(dLdYpred, 6)],
            ["∂y_pred/∂h₁", fixed(publishedDYpreddH1, 3), fixed(dYpreddH1, 6)],
            ["∂h₁/∂w₁", fixed(publishedDH1dW1, 4), fixed(dH1dW1, 6)],
            ["∂L/∂w₁ (their product)", fixed(publishedDLdW1, 4), fixed(dLdW1, 6)],
        ])
        nb.result("∂L/∂y_pred (published)", fixed(publishedDLdYpred, 3))
        nb.result("∂y_pred/∂h₁ (published)", fixed(publishedDYpreddH1, 3))
        nb.result("∂h₁/∂w₁ (published)", fixed(publishedDH1dW1, 4))
        nb.result("∂L/∂w₁ (published)", fixed(publishedDLdW1, 4))
        nb.result("∂L/∂w₁ (exact)", fixed(dLdW1, 5))
        nb.text("""
            Why 0.0214 and not 0.02147? The tutorial rounds on the way: y_pred = 0.5237 becomes 0.524, so \
            ∂L/∂y_pred = −2(1 − 0.524) = −0.952 instead of −0.9526, and σ'(−3) = 0.045177 becomes 0.0452. \
            Multiplying rounded factors, −0.952 × 0.249 × −0.0904 = \(fixed(publishedDLdW1, 6)); multiplying the \
            exact ones gives \(fixed(dLdW1, 6)). Both say the same thing: the gradient is positive, so raising \
            w₁ would raise Alice's cost a little, and gradient descent will lower w₁.
            """)
        try computationalGraph(nb, network, alice, g)
    }

    /// Alice's loss as a chain of small steps: the forward value above each node, ∂L/∂(node) below it.
    func computationalGraph(_ nb: Notebook, _ network: AliceNetwork, _ alice: Person, _ g: AliceNetwork.Backprop) throws {
        let f = g.forward
        let dLdSumO1 = g.dLdYpred * g.dYpreddB3            // ∂L/∂sum_o₁: ∂sum_o₁/∂b₃ = 1
        let dLdH1 = g.dLdYpred * g.dYpreddH1, dLdH2 = g.dLdYpred * g.dYpreddH2
        let dLdSumH1 = dLdH1 * g.dH1dB1, dLdSumH2 = dLdH2 * g.dH2dB2
        nb.text("""
            Drawn as a computational graph (Saito's chapter 5 and D2L's section 5.3 teach backprop this \
            way), the loss is a chain of small steps. The forward pass fills in each node's value from left \
            to right (blue). The backward pass starts with ∂L/∂L = 1 at the right and walks back, each \
            node multiplying what arrives by its own local slope (red): σ' at a sigmoid, the weight on an \
            edge at a sum (each sum also adds its bias, 0 here). The gradient of a weight is the gradient arriving at its sum times the input \
            the weight multiplies: ∂L/∂w₁ = x₁ · ∂L/∂sum_h₁ = \(fixed(alice.x[0], 0)) × \(fixed(dLdSumH1, 5)) = \
            \(fixed(alice.x[0] * dLdSumH1, 5)).
            """)
        nb.result("∂L/∂sum_o₁", fixed(dLdSumO1, 4))
        nb.result("∂L/∂h₁", fixed(dLdH1, 4))
        nb.result("∂L/∂sum_h₁", fixed(dLdSumH1, 5))
        let box = { (w: Double) in Diagram.Shape.box(width: w, height: 0.7) }
        let sigmoidNode = Diagram.Shape.circle(radius: 0.45)
        let nodes: [Diagram.Node] = [
            .init("x1", "x₁", x: 0, y: 3, shape: box(0.8), fill: "#eeeeee"),
            .init("x2", "x₂", x: 0, y: 0, shape: box(0.8), fill: "#eeeeee"),
            .init("s1", "sum_h₁", x: 3, y: 3, shape: box(1.5)), .init("s2", "sum_h₂", x: 3, y: 0, shape: box(1.5)),
            .init("h1", "σ", x: 5.6, y: 3, shape: sigmoidNode, fill: "#deebf7"),
            .init("h2", "σ", x: 5.6, y: 0, shape: sigmoidNode, fill: "#deebf7"),
            .init("so", "sum_o₁", x: 8.3, y: 1.5, shape: box(1.5)),
            .init("o", "σ", x: 10.8, y: 1.5, shape: sigmoidNode, fill: "#fde0c5"),
            .init("L", "(1 − ·)²", x: 13.4, y: 1.5, shape: box(1.5), fill: "#f2f2f2"),
        ]
        let edges: [Diagram.Edge] = [
            .init("x1", "s1", label: "× w₁", labelAt: 0.3), .init("x2", "s1", label: "× w₂", labelAt: 0.3),
            .init("x1", "s2", label: "× w₃", labelAt: 0.3), .init("x2", "s2", label: "× w₄", labelAt: 0.3),
            .init("s1", "h1"), .init("s2", "h2"),
            .init("h1", "so", label: "× w₅"), .init("h2", "so", label: "× w₆"),
            .init("so", "o"), .init("o", "L"),
        ]
        let blue = "#1f77b4", red = "#d62728"
        func value(_ text: String, _ x: Double, _ y: Double) -> Diagram.Text { .init(text, x: x, y: y + 0.7, color: blue) }
        func gradient(_ text: String, _ x: Double, _ y: Double) -> Diagram.Text { .init(text, x: x, y: y - 0.95, color: red) }
        let texts: [Diagram.Text] = [
            value("\(fixed(alice.x[0], 0))", 0, 3), value("\(fixed(alice.x[1], 0))", 0, 0),
            value("\(fixed(f.sumH1, 0))", 3, 3), value("\(fixed(f.sumH2, 0))", 3, 0),
            value("h₁ = \(fixed(f.h1, 4))", 5.6, 3), value("h₂ = \(fixed(f.h2, 4))", 5.6, 0),
            value("\(fixed(f.sumO1, 4))", 8.3, 1.5), value("y_pred = \(fixed(f.o1, 4))", 10.8, 1.5),
            value("L = \(fixed(network.loss(alice.x, alice.y), 4))", 13.4, 1.5),
            gradient("∂L/∂sum_h₁\n= \(fixed(dLdSumH1, 5))", 3, 3), gradient("∂L/∂sum_h₂\n= \(fixed(dLdSumH2, 5))", 3, 0),
            gradient("∂L/∂h₁\n= \(fixed(dLdH1, 4))", 5.6, 3), gradient("∂L/∂h₂\n= \(fixed(dLdH2, 4))", 5.6, 0),
            gradient("∂L/∂sum_o₁\n= \(fixed(dLdSumO1, 4))", 8.3, 1.5),
            gradient("∂L/∂y_pred\n= \(fixed(g.dLdYpred, 4))", 10.8, 1.5), gradient("∂L/∂L\n= 1", 13.4, 1.5),
            .init("forward: values (blue), left to right", x: -0.6, y: 4.6, color: blue, alignment: .left),
            .init("backward: ∂L/∂(node) (red), right to left", x: -0.6, y: 4.15, color: red, alignment: .left),
            .init("∂L/∂w₁ = x₁ · ∂L/∂sum_h₁ = \(fixed(alice.x[0], 0)) × \(fixed(dLdSumH1, 5)) = \(fixed(alice.x[0] * dLdSumH1, 5))",
                  x: 7, y: -1.9, color: red),
        ]
        var figure = Figure(name: "ch04-graph", title: "Alice's loss as a computational graph (every weight 1, every bias 0)")
        figure.diagram = Diagram(nodes: nodes, edges: edges, texts: texts, xRange: -1...14.6, yRange: -2.4...5.0)
        figure.width = 1000
        figure.height = 560
        try nb.figure(figure)
    }

    func allNine(_ nb: Notebook, _ network: AliceNetwork, _ alice: Person) {
        nb.section("All nine gradients, as the engine computes them")
        nb.text("""
            Here is AliceNetwork's backprop, the code Chapter 5 trains with. Every variable is one factor \
            of the chain rule, named after its derivative (dYpreddH1 is ∂y_pred/∂h₁), as in Victor Zhou's \
            code, and every gradient is the product of the factors on the path from its parameter to L.
            """)
        nb.code("backprop", file: Self.aliceFile)
        let g = network.backprop(alice.x, alice.y)
        nb.text("""
            w₁'s path has three factors because w₁ sits two layers back. Parameters of the output neuron \
            are one step from y_pred, so their paths are shorter: ∂L/∂w₅ = ∂L/∂y_pred · ∂y_pred/∂w₅ with \
            ∂y_pred/∂w₅ = h₁·σ'(sum_o₁), and ∂L/∂b₃ = ∂L/∂y_pred · σ'(sum_o₁), because the bias is \
            multiplied by nothing.
            """)
        let w5 = g.dLdYpred * g.dYpreddW5, b3 = g.dLdYpred * g.dYpreddB3
        nb.table(["parameter", "path", "factors", "gradient"], [
            ["w₁", "∂L/∂y_pred · ∂y_pred/∂h₁ · ∂h₁/∂w₁",
             "\(fixed(g.dLdYpred, 4)) × \(fixed(g.dYpreddH1, 4)) × \(fixed(g.dH1dW1, 4))", fixed(g.gradients[0], 5)],
            ["w₅", "∂L/∂y_pred · ∂y_pred/∂w₅", "\(fixed(g.dLdYpred, 4)) × \(fixed(g.dYpreddW5, 4))", fixed(w5, 5)],
            ["b₃", "∂L/∂y_pred · ∂y_pred/∂b₃", "\(fixed(g.dLdYpred, 4)) × \(fixed(g.dYpreddB3, 4))", fixed(b3, 5)],
        ])
        nb.result("∂L/∂w₅", fixed(w5, 5))
        nb.result("∂L/∂b₃", fixed(b3, 5))
        nb.text("""
            b₃'s gradient is more than ten times w₁'s: the output neuron's bias moves fastest here, and the \
            further back a parameter sits, the more factors shrink its gradient (each σ' is at most 0.25; \
            Chapter 1).
            """)
    }

    func symmetry(_ nb: Notebook, _ network: AliceNetwork) {
        nb.section("Why weights start random")
        nb.text("""
            Look again at the table above: w₁ and w₃ get the same gradient, and so do w₂ and \
            w₄, w₅ and w₆, b₁ and b₂. With every weight 1 the two hidden neurons compute the same thing, \
            so they receive the same gradient, take the same step, and compute the same thing again: \
            they stay twins forever, and the network has in effect one hidden neuron. Training Chapter 5's \
            way from this start shows it:
            """)
        nb.code("twins")
        // #region twins
        var twins = network                                   // every weight 1, every bias 0
        for _ in 0..<1000 {
            for person in People.training { twins.sgdStep(person.x, person.y, learningRate: 0.1) }
        }
        let w = twins.w, b = twins.b
        let largestDifference = max(abs(w[0] - w[2]), abs(w[1] - w[3]), abs(w[4] - w[5]), abs(b[0] - b[1]))
        // #endregion
        nb.result("w₁, w₃ after 1000 epochs", "\(fixed(w[0], 6)), \(fixed(w[2], 6))")
        nb.result("largest difference between h₁'s and h₂'s parameters", String(format: "%g", largestDifference))
        nb.text("""
            Exactly 0: not one bit apart after 4000 steps. Starting from random weights breaks the \
            symmetry, so each hidden neuron can learn something different; Chapter 5 starts that way.
            """)
    }

    func gradientCheck(_ nb: Notebook, _ network: AliceNetwork, _ alice: Person) {
        nb.section("All nine gradients, checked numerically")
        nb.text("""
            To trust the chain rule's nine gradients, nudge each parameter by \
            ±ε and watch the cost: (L(p + ε) − L(p − ε)) / 2ε approximates ∂L/∂p without any calculus. \
            If backprop is right the two columns agree to many digits.
            """)
        nb.code("gradient-check")
        // #region gradient-check
        let backprop = network.backprop(alice.x, alice.y).gradients
        let numerical = network.numericalGradients(alice.x, alice.y)   // (L(p + ε) − L(p − ε)) / 2ε
        // #endregion
        var worst = 0.0
        var rows: [[String]] = []
        for i in backprop.indices {
            let relative = abs(backprop[i] - numerical[i]) / max(abs(backprop[i]), abs(numerical[i]), 1e-12)
            worst = max(worst, relative)
            rows.append([AliceNetwork.parameterNames[i], fixed(backprop[i], 8), fixed(numerical[i], 8),
                         String(format: "%.1e", relative)])
        }
        nb.table(["parameter", "backprop ∂L/∂p", "numerical", "relative difference"], rows)
        nb.result("largest relative difference below 1e-6", worst < 1e-6 ? "yes" : "NO")
    }

    func matrixEngine(_ nb: Notebook, _ network: AliceNetwork, _ alice: Person) {
        nb.section("The same gradients from the matrix engine")
        nb.text("""
            The engine stores each layer's weights as a matrix and runs backprop layer by layer: Dense, \
            sigmoid, Dense, sigmoid, then the squared-error loss. It computes in Float, so it agrees with \
            the hand-written chain rule to about six digits.
            """)
        nb.code("matrix-engine")
        // #region matrix-engine
        let net = Sequential([
            Dense(weights: Matrix([[1, 1], [1, 1]]), bias: Matrix(row: [0, 0])), ActivationLayer(.sigmoid),
            Dense(weights: Matrix([[1], [1]]), bias: Matrix(row: [0])), ActivationLayer(.sigmoid),
        ])
        let yPred = net.forward(Matrix(row: alice.x.map(Float.init)))
        let yTrue = Matrix(row: [Float(alice.y)])
        _ = net.backward(meanSquaredErrorGradient(yTrue: yTrue, yPred: yPred))
        // #endregion
        let p = net.parameters
        let engine = [p[0].gradient[0, 0], p[0].gradient[1, 0], p[0].gradient[0, 1], p[0].gradient[1, 1],
                      p[2].gradient[0, 0], p[2].gradient[1, 0], p[1].gradient[0, 0], p[1].gradient[0, 1],
                      p[3].gradient[0, 0]].map(Double.init)
        let hand = network.backprop(alice.x, alice.y).gradients
        nb.table(["parameter", "chain rule (Double)", "matrix engine (Float)"],
                 hand.indices.map { [AliceNetwork.parameterNames[$0], fixed(hand[$0], 6), fixed(engine[$0], 6)] })
        nb.result("∂L/∂w₁ from the engine", fixed(engine[0], 5))
        nb.text("""
            How does a Dense layer find the gradients of a whole weight matrix at once? In the engine's \
            notation (Chapter 1: X holds one example per row, Y = X·W + b) the backward pass gets ∂Y, the \
            gradient of the loss with respect to each of the layer's sums, and computes three things: \
            ∂W = Xᵀ·∂Y (each weight's input times the gradient at its sum, summed over the examples), \
            ∂b = the column sums of ∂Y (a bias is added to every example), and ∂X = ∂Y·Wᵀ, the gradient \
            handed back to the layer before. They are the same chain rule as above, for every weight at \
            once:
            """)
        nb.code("backward-parameters", file: "Sources/Engine/Network/Dense.swift")
        nb.code("backward-input", file: "Sources/Engine/Network/Dense.swift")
        let hiddenDY = p[1].gradient   // ∂Y of the hidden layer: its bias gradient, for one example
        nb.result("∂Y of the hidden Dense layer", "(\(fixed(hiddenDY[0, 0], 6)), \(fixed(hiddenDY[0, 1], 6)))")
        nb.result("∂W = Xᵀ·∂Y, first row", "(\(fixed(p[0].gradient[0, 0], 6)), \(fixed(p[0].gradient[0, 1], 6)))")
        nb.text("""
            For Alice X = (−2, −1) and ∂Y = (∂L/∂sum_h₁, ∂L/∂sum_h₂), so ∂W's first row is x₁·∂Y = \
            (∂L/∂w₁, ∂L/∂w₃): the red numbers of the computational graph, multiplied by the input.
            """)
    }

    func furtherReading(_ nb: Notebook) {
        nb.section("Further reading")
        nb.table(["reading", "where to find it", "what it adds"], [
            ["Michael Nielsen, Neural Networks and Deep Learning, chapter 2",
             "http://neuralnetworksanddeeplearning.com/chap2.html", "the four equations of backprop, in matrix form"],
            ["3Blue1Brown, \"What is backpropagation really doing?\" and \"Backpropagation calculus\"",
             "https://www.3blue1brown.com/lessons/backpropagation",
             "the intuition, then the chain rule on a chain of single neurons"],
            ["Koki Saito, Deep Learning from Scratch, chapter 5 and section 6.2",
             "sections 5.1–5.7, 6.2.1", "computational graphs, the Affine (Dense) layer, gradient checks; why not to start from equal weights"],
            ["Dive into Deep Learning, section 5.3 (Forward Propagation, Backward Propagation, and Computational Graphs)",
             "https://d2l.ai/chapter_multilayer-perceptrons/backprop.html", "the same derivation for a matrix network"],
            ["Dive into Deep Learning, section 5.4 (Numerical Stability and Initialization)",
             "https://d2l.ai/chapter_multilayer-perceptrons/numerical-stability-and-init.html",
             "vanishing gradients and breaking the symmetry"],
        ])
    }
}
