// Chapter 4 · Backprop on Alice
//
// Victor Zhou's worked example: how much does the cost change when w₁ changes? The chain rule
// answers factor by factor, and a numerical gradient checks every answer.

import ArgumentParser
import Engine
import Workbook
import Foundation

@main
struct Chapter04: ChapterCommand {
    static let configuration = CommandConfiguration(
        abstract: Text(en: "Chapter 4: backpropagation by hand on Alice, checked against a numerical gradient.",
                       zh: "第 4 章：在 Alice 身上手算反向传播，并用数值梯度核对。").forReader)

    @OptionGroup var options: ChapterOptions

    func run() throws {
        let nb = Notebook(chapter: 4, title: Text(en: "Backprop on Alice", zh: "在 Alice 身上做反向传播"), options: options)
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
        nb.section(Text(en: "The data: four people", zh: "数据：四个人"))
        nb.text(Text(en: """
            This chapter works through the third part of Victor Zhou's "neural networks from scratch" (one \
            of the beginner notes this workbook follows, in Chinese translation). Predict someone's gender from weight and height. \
            To keep the numbers small, weight is given in pounds minus 135 and height in inches minus 66. \
            Female is 1, male is 0.
            """, zh: """
            本章逐步走一遍 Victor Zhou《从零开始的神经网络》的第三部分（本书依据的入门笔记之一，\
            有中文译文）。任务是根据体重和身高预测一个人的性别。为了让数字小一些，体重用“磅数减 135”表\
            示，身高用“英寸数减 66”表示。女性记为 1，男性记为 0。
            """))
        nb.table([Text(en: "name", zh: "姓名"), Text(en: "weight − 135 (lb)", zh: "体重 − 135（磅）"),
                  Text(en: "height − 66 (in)", zh: "身高 − 66（英寸）"), Text(en: "gender", zh: "性别")],
                 People.training.map {
                     [Text(en: $0.name), Text(en: fixed($0.x[0], 0)), Text(en: fixed($0.x[1], 0)),
                      $0.y == 1 ? Text(en: "F (1)", zh: "女（1）") : Text(en: "M (0)", zh: "男（0）")]
                 })
        // The same people in kilograms and centimetres, for readers who think in them (1 lb = 0.45359237 kg,
        // 1 in = 2.54 cm).
        let metric = People.training.map { person in
            "\(person.name) \(fixed((person.x[0] + 135) * 0.45359237, 1))\u{A0}kg、\(fixed((person.x[1] + 66) * 2.54, 1))\u{A0}cm"
        }
        nb.chineseNote("""
            换算成公制更直观：\(metric.joined(separator: "；"))。\
            比如 Alice 的 x = (−2, −1)，就是 \(fixed(People.alice.x[0] + 135, 0)) 磅、\
            \(fixed(People.alice.x[1] + 66, 0)) 英寸。网络只看减去 135 和 66 之后的那两个数，单位本身并不影响它学到什么。
            """)
    }

    static let aliceFile = "Sources/Engine/Examples/AliceNetwork.swift"

    func forwardPass(_ nb: Notebook, _ network: AliceNetwork, _ alice: Person) throws {
        nb.section(Text(en: "Forward pass for Alice, every weight 1 and every bias 0", zh: "Alice 的前馈：所有权重为 1，所有偏置为 0"))
        nb.text(Text(en: """
            The network is the 2-2-1 of Chapter 1: h₁ = σ(w₁x₁ + w₂x₂ + b₁), h₂ = σ(w₃x₁ + w₄x₂ + b₂), \
            y_pred = o₁ = σ(w₅h₁ + w₆h₂ + b₃). Alice is x = (−2, −1) with y_true = 1; her cost is \
            L = (1 − y_pred)².
            """, zh: """
            网络就是第 1 章的 2-2-1 网络：h₁ = σ(w₁x₁ + w₂x₂ + b₁)，h₂ = σ(w₃x₁ + w₄x₂ + b₂)，y_pred = o₁ = σ(w₅h₁ + w₆h₂ + b₃)。\
            Alice 的输入是 x = (−2, −1)，y_true = 1；她的损失是 L = (1 − y_pred)²。
            """))
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
        try nb.figure(figure, zh: "Alice 的前馈：所有权重为 1，所有偏置为 0")
    }


    func chainRule(_ nb: Notebook, _ network: AliceNetwork, _ alice: Person) throws {
        nb.section(Text(en: "The chain rule, one factor at a time", zh: "链式法则，一个因子一个因子地来"))
        nb.text(Text(en: """
            w₁ only reaches the cost through h₁, and h₁ only through y_pred, so \
            ∂L/∂w₁ = ∂L/∂y_pred · ∂y_pred/∂h₁ · ∂h₁/∂w₁. Each factor is a simple derivative: \
            ∂L/∂y_pred = −2(1 − y_pred); ∂y_pred/∂h₁ = w₅·σ'(w₅h₁ + w₆h₂ + b₃); ∂h₁/∂w₁ = x₁·σ'(w₁x₁ + w₂x₂ + b₁), \
            with σ'(z) = σ(z)(1 − σ(z)).
            """, zh: """
            w₁ 只能通过 h₁ 影响损失，h₁ 又只能通过 y_pred 影响损失，所以 ∂L/∂w₁ = ∂L/∂y_pred · ∂y_pred/∂h₁ · ∂h₁/∂w₁。\
            每个因子都是一个简单的导数：∂L/∂y_pred = −2(1 − y_pred)；∂y_pred/∂h₁ = w₅·σ'(w₅h₁ + w₆h₂ + b₃)；\
            ∂h₁/∂w₁ = x₁·σ'(w₁x₁ + w₂x₂ + b₁)，其中 σ'(z) = σ(z)(1 − σ(z))。
            """))
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
        let round = { (v: Double, places: Int) in (v * Elementary.power(10, places)).rounded() / Elementary.power(10, places) }
        let publishedDLdYpred = -2 * (1 - round(f.o1, 3))
        let roundedH = round(f.h1, 4)
        let publishedDYpreddH1 = round(network.w[4] * sigmoidDerivative(network.w[4] * roundedH + network.w[5] * roundedH
                                                                          + network.b[2]), 3)
        let publishedDH1dW1 = alice.x[0] * round(sigmoidDerivative(f.sumH1), 4)
        let publishedDLdW1 = publishedDLdYpred * publishedDYpreddH1 * publishedDH1dW1
        nb.table([Text(en: "factor", zh: "因子"), Text(en: "as published (rounded on the way)", zh: "原文的值（计算途中四舍五入）"), Text(en: "exact", zh: "精确值")], [
            ["∂L/∂y_pred", fixed(publishedDLdYpred, 3), fixed(dLdYpred, 6)].map { Text(en: $0) },
            ["∂y_pred/∂h₁", fixed(publishedDYpreddH1, 3), fixed(dYpreddH1, 6)].map { Text(en: $0) },
            ["∂h₁/∂w₁", fixed(publishedDH1dW1, 4), fixed(dH1dW1, 6)].map { Text(en: $0) },
            [Text(en: "∂L/∂w₁ (their product)", zh: "∂L/∂w₁（三者之积）"), Text(en: fixed(publishedDLdW1, 4)), Text(en: fixed(dLdW1, 6))],
        ])
        nb.result(Text(en: "∂L/∂y_pred (published)", zh: "∂L/∂y_pred（原文）"), fixed(publishedDLdYpred, 3))
        nb.result(Text(en: "∂y_pred/∂h₁ (published)", zh: "∂y_pred/∂h₁（原文）"), fixed(publishedDYpreddH1, 3))
        nb.result(Text(en: "∂h₁/∂w₁ (published)", zh: "∂h₁/∂w₁（原文）"), fixed(publishedDH1dW1, 4))
        nb.result(Text(en: "∂L/∂w₁ (published)", zh: "∂L/∂w₁（原文）"), fixed(publishedDLdW1, 4))
        nb.result(Text(en: "∂L/∂w₁ (exact)", zh: "∂L/∂w₁（精确值）"), fixed(dLdW1, 5))
        nb.text(Text(en: """
            Why 0.0214 and not 0.02147? The tutorial rounds on the way: y_pred = 0.5237 becomes 0.524, so \
            ∂L/∂y_pred = −2(1 − 0.524) = −0.952 instead of −0.9526, and σ'(−3) = 0.045177 becomes 0.0452. \
            Multiplying rounded factors, −0.952 × 0.249 × −0.0904 = \(fixed(publishedDLdW1, 6)); multiplying the \
            exact ones gives \(fixed(dLdW1, 6)). Both say the same thing: the gradient is positive, so raising \
            w₁ would raise Alice's cost a little, and gradient descent will lower w₁.
            """, zh: """
            为什么原文是 0.0214 而不是 0.02147？因为教程在计算途中就做了四舍五入：y_pred = 0.5237 记\
            成了 0.524，于是 ∂L/∂y_pred = −2(1 − 0.524) = −0.952，而不是 −0.9526；σ'(−3) = 0.045177 也\
            记成了 0.0452。把四舍五入后的因子相乘，−0.952 × 0.249 × −0.0904 = \(fixed(publishedDLdW1, 6))；\
            把精确的因子相乘，得到 \(fixed(dLdW1, 6))。两者说的是同一件事：梯度是正的，所以增大 w₁ 会\
            让 Alice 的损失略微增加，梯度下降会把 w₁ 调小。
            """))
        try computationalGraph(nb, network, alice, g)
    }

    /// Alice's loss as a chain of small steps: the forward value above each node, ∂L/∂(node) below it.
    func computationalGraph(_ nb: Notebook, _ network: AliceNetwork, _ alice: Person, _ g: AliceNetwork.Backprop) throws {
        let f = g.forward
        let dLdSumO1 = g.dLdYpred * g.dYpreddB3            // ∂L/∂sum_o₁: ∂sum_o₁/∂b₃ = 1
        let dLdH1 = g.dLdYpred * g.dYpreddH1, dLdH2 = g.dLdYpred * g.dYpreddH2
        let dLdSumH1 = dLdH1 * g.dH1dB1, dLdSumH2 = dLdH2 * g.dH2dB2
        nb.text(Text(en: """
            Drawn as a computational graph (Saito's chapter 5 and D2L's section 5.3 teach backprop this \
            way), the loss is a chain of small steps. The forward pass fills in each node's value from left \
            to right (blue). The backward pass starts with ∂L/∂L = 1 at the right and walks back, each \
            node multiplying what arrives by its own local slope (red): σ' at a sigmoid, the weight on an \
            edge at a sum (each sum also adds its bias, 0 here). The gradient of a weight is the gradient arriving at its sum times the input \
            the weight multiplies: ∂L/∂w₁ = x₁ · ∂L/∂sum_h₁ = \(fixed(alice.x[0], 0)) × \(fixed(dLdSumH1, 5)) = \
            \(fixed(alice.x[0] * dLdSumH1, 5)).
            """, zh: """
            画成计算图（斋藤康毅的书第 5 章和《动手学深度学习》5.3 节都是这样讲反向传播的），损失\
            就是一串小步骤。前向传播从左到右填出每个节点的值（蓝色）。反向传播从右端的 ∂L/∂L = 1 开\
            始往回走，每个节点把传过来的值乘以自己的局部斜率（红色）：在 sigmoid 处乘以 σ'，在求\
            和节点处乘以边上的权重（每个求和节点还加上自己的偏置，这里是 0）。一个权重的梯度，等\
            于传到它所在求和节点的梯度，乘以这个权重所乘的输入：∂L/∂w₁ = x₁ · ∂L/∂sum_h₁ = \(fixed(alice.x[0], 0)) × \(fixed(dLdSumH1, 5)) = \(fixed(alice.x[0] * dLdSumH1, 5))。
            """))
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
        try nb.figure(figure, zh: "把 Alice 的损失画成计算图（所有权重为 1，所有偏置为 0）")
    }

    func allNine(_ nb: Notebook, _ network: AliceNetwork, _ alice: Person) {
        nb.section(Text(en: "All nine gradients, as the engine computes them", zh: "全部九个梯度：引擎是怎么算的"))
        nb.text(Text(en: """
            Here is AliceNetwork's backprop, the code Chapter 5 trains with. Every variable is one factor \
            of the chain rule, named after its derivative (dYpreddH1 is ∂y_pred/∂h₁), as in Victor Zhou's \
            code, and every gradient is the product of the factors on the path from its parameter to L.
            """, zh: """
            下面是 AliceNetwork 的反向传播，第 5 章就用它来训练。和 Victor Zhou 的代码一样，每个\
            变量都是链式法则中的一个因子，以它所表示的导数命名（dYpreddH1 就是 ∂y_pred/∂h₁）；每\
            个梯度都是从这个参数到 L 的路径上各个因子的乘积。
            """))
        nb.code("backprop", file: Self.aliceFile)
        let g = network.backprop(alice.x, alice.y)
        nb.text(Text(en: """
            w₁'s path has three factors because w₁ sits two layers back. Parameters of the output neuron \
            are one step from y_pred, so their paths are shorter: ∂L/∂w₅ = ∂L/∂y_pred · ∂y_pred/∂w₅ with \
            ∂y_pred/∂w₅ = h₁·σ'(sum_o₁), and ∂L/∂b₃ = ∂L/∂y_pred · σ'(sum_o₁), because the bias is \
            multiplied by nothing.
            """, zh: """
            w₁ 的路径上有三个因子，因为 w₁ 位于从输出往回数的第二层。输出神经元的参数离 y_pred 只有一步，路\
            径也就更短：∂L/∂w₅ = ∂L/∂y_pred · ∂y_pred/∂w₅，其中 ∂y_pred/∂w₅ = h₁·σ'(sum_o₁)；而 ∂L/∂b₃ = ∂L/∂y_pred · σ'(sum_o₁)，\
            因为偏置不乘任何输入。
            """))
        let w5 = g.dLdYpred * g.dYpreddW5, b3 = g.dLdYpred * g.dYpreddB3
        nb.table([Text(en: "parameter", zh: "参数"), Text(en: "path", zh: "路径"), Text(en: "factors", zh: "各因子"), Text(en: "gradient", zh: "梯度")], [
            ["w₁", "∂L/∂y_pred · ∂y_pred/∂h₁ · ∂h₁/∂w₁",
             "\(fixed(g.dLdYpred, 4)) × \(fixed(g.dYpreddH1, 4)) × \(fixed(g.dH1dW1, 4))", fixed(g.gradients[0], 5)],
            ["w₅", "∂L/∂y_pred · ∂y_pred/∂w₅", "\(fixed(g.dLdYpred, 4)) × \(fixed(g.dYpreddW5, 4))", fixed(w5, 5)],
            ["b₃", "∂L/∂y_pred · ∂y_pred/∂b₃", "\(fixed(g.dLdYpred, 4)) × \(fixed(g.dYpreddB3, 4))", fixed(b3, 5)],
        ])
        nb.result("∂L/∂w₅", fixed(w5, 5))
        nb.result("∂L/∂b₃", fixed(b3, 5))
        nb.text(Text(en: """
            b₃'s gradient is more than ten times w₁'s: the output neuron's bias moves fastest here, and the \
            further back a parameter sits, the more factors shrink its gradient (each σ' is at most 0.25; \
            Chapter 1).
            """, zh: """
            b₃ 的梯度是 w₁ 的十倍还多：在这里，输出神经元的偏置变化得最快；参数越靠前，乘上的因子\
            越多，梯度就被压得越小（每个 σ' 最多只有 0.25，见第 1 章）。
            """))
    }

    func symmetry(_ nb: Notebook, _ network: AliceNetwork) {
        nb.section(Text(en: "Why weights start random", zh: "为什么权重要随机初始化"))
        nb.text(Text(en: """
            Look again at the table above: w₁ and w₃ get the same gradient, and so do w₂ and \
            w₄, w₅ and w₆, b₁ and b₂. With every weight 1 the two hidden neurons compute the same thing, \
            so they receive the same gradient, take the same step, and compute the same thing again: \
            they stay twins forever, and the network has in effect one hidden neuron. Training Chapter 5's \
            way from this start shows it:
            """, zh: """
            再看看上面的表：w₁ 和 w₃ 的梯度相同，w₂ 和 w₄、w₅ 和 w₆、b₁ 和 b₂ 也一样。所有权重都\
            是 1 时，两个隐藏神经元算的是同一个东西，于是得到同样的梯度，迈出同样的一步，下一步又\
            算出同样的东西：它们永远是一对双胞胎，网络实际上只有一个隐藏神经元。从这个起点按第 5 章\
            的方法训练，就能看到这一点：
            """))
        nb.code("twins")
        // #region twins
        var twins = network                                   // every weight 1, every bias 0
        for _ in 0..<1000 {
            for person in People.training { twins.sgdStep(person.x, person.y, learningRate: 0.1) }
        }
        let w = twins.w, b = twins.b
        let largestDifference = max(abs(w[0] - w[2]), abs(w[1] - w[3]), abs(w[4] - w[5]), abs(b[0] - b[1]))
        // #endregion
        nb.result(Text(en: "w₁, w₃ after 1000 epochs", zh: "1000 轮之后的 w₁、w₃"), "\(fixed(w[0], 6)), \(fixed(w[2], 6))")
        nb.result(Text(en: "largest difference between h₁'s and h₂'s parameters", zh: "h₁ 与 h₂ 的参数之间的最大差值"), String(format: "%g", largestDifference))
        nb.text(Text(en: """
            Exactly 0: not one bit apart after 4000 steps. Starting from random weights breaks the \
            symmetry, so each hidden neuron can learn something different; Chapter 5 starts that way.
            """, zh: """
            恰好是 0：走了 4000 步，连一个二进制位都没有差别。从随机的权重出发就能打破这种对称，\
            让每个隐藏神经元学到不同的东西；第 5 章就是这样开始的。
            """))
    }

    func gradientCheck(_ nb: Notebook, _ network: AliceNetwork, _ alice: Person) {
        nb.section(Text(en: "All nine gradients, checked numerically", zh: "用数值方法检验全部九个梯度"))
        nb.text(Text(en: """
            To trust the chain rule's nine gradients, nudge each parameter by \
            ±ε and watch the cost: (L(p + ε) − L(p − ε)) / 2ε approximates ∂L/∂p without any calculus. \
            If backprop is right the two columns agree to many digits.
            """, zh: """
            要相信链式法则算出的九个梯度，可以把每个参数轻轻推动 ±ε，看损失怎么变：(L(p + ε) − L(p − ε)) / 2ε 不\
            用任何微积分就能近似 ∂L/∂p。如果反向传播是对的，两列数会在很多位上都一致。
            """))
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
        nb.table([Text(en: "parameter", zh: "参数"), Text(en: "backprop ∂L/∂p", zh: "反向传播 ∂L/∂p"), Text(en: "numerical", zh: "数值梯度"), Text(en: "relative difference", zh: "相对差")], rows)
        nb.result(Text(en: "largest relative difference below 1e-6", zh: "最大相对差小于 1e-6"), worst < 1e-6 ? Text(en: "yes", zh: "是") : Text(en: "NO", zh: "否"))
    }

    func matrixEngine(_ nb: Notebook, _ network: AliceNetwork, _ alice: Person) {
        nb.section(Text(en: "The same gradients from the matrix engine", zh: "矩阵引擎算出的同样的梯度"))
        nb.text(Text(en: """
            The engine stores each layer's weights as a matrix and runs backprop layer by layer: Dense, \
            sigmoid, Dense, sigmoid, then the squared-error loss. It computes in Float, so it agrees with \
            the hand-written chain rule to about six digits.
            """, zh: """
            引擎把每一层的权重存成一个矩阵，一层一层地做反向传播：Dense、sigmoid、Dense、sigmoid，\
            最后是平方误差损失。它用 Float 计算，所以和手写的链式法则在大约六位有效数字上一致。
            """))
        nb.code("matrix-engine")
        // #region matrix-engine
        let net = Sequential([
            Dense(weights: Matrix([[1, 1], [1, 1]]), bias: Matrix(row: [0, 0])), ActivationLayer(.sigmoid),
            Dense(weights: Matrix([[1], [1]]), bias: Matrix(row: [0])), ActivationLayer(.sigmoid),
        ])
        let yPred = net.forward(Matrix(row: alice.x.map(Float.init)))
        let yTrue = Matrix(row: [Float(alice.y)])
        net.backward(meanSquaredErrorGradient(yTrue: yTrue, yPred: yPred))
        // #endregion
        let p = net.parameters
        let engine = [p[0].gradient[0, 0], p[0].gradient[1, 0], p[0].gradient[0, 1], p[0].gradient[1, 1],
                      p[2].gradient[0, 0], p[2].gradient[1, 0], p[1].gradient[0, 0], p[1].gradient[0, 1],
                      p[3].gradient[0, 0]].map(Double.init)
        let hand = network.backprop(alice.x, alice.y).gradients
        nb.table([Text(en: "parameter", zh: "参数"), Text(en: "chain rule (Double)", zh: "链式法则（Double）"), Text(en: "matrix engine (Float)", zh: "矩阵引擎（Float）")],
                 hand.indices.map { [AliceNetwork.parameterNames[$0], fixed(hand[$0], 6), fixed(engine[$0], 6)] })
        nb.result(Text(en: "∂L/∂w₁ from the engine", zh: "引擎算出的 ∂L/∂w₁"), fixed(engine[0], 5))
        nb.text(Text(en: """
            How does a Dense layer find the gradients of a whole weight matrix at once? In the engine's \
            notation (Chapter 1: X holds one example per row, Y = X·W + b) the backward pass gets ∂Y, the \
            gradient of the loss with respect to each of the layer's sums, and computes three things: \
            ∂W = Xᵀ·∂Y (each weight's input times the gradient at its sum, summed over the examples), \
            ∂b = the column sums of ∂Y (a bias is added to every example), and ∂X = ∂Y·Wᵀ, the gradient \
            handed back to the layer before. They are the same chain rule as above, for every weight at \
            once:
            """, zh: """
            Dense 层怎样一次求出整个权重矩阵的梯度？用引擎的记法（第 1 章：X 的每一行是一个样本，\
            Y = X·W + b），反向传播拿到 ∂Y，即损失对这一层每个求和结果的梯度，然后算三样东西：∂W = Xᵀ·∂Y（\
            每个权重的输入乘以它所在求和节点的梯度，再对所有样本求和），∂b = ∂Y 的各列之和（偏置\
            加在每个样本上），以及 ∂X = ∂Y·Wᵀ，也就是交还给前一层的梯度。这和上面的链式法则是同一\
            回事，只不过一次算出了所有权重：
            """))
        nb.code("backward-parameters", file: "Sources/Engine/Network/Dense.swift")
        nb.code("backward-input", file: "Sources/Engine/Network/Dense.swift")
        let hiddenDY = p[1].gradient   // ∂Y of the hidden layer: its bias gradient, for one example
        nb.result(Text(en: "∂Y of the hidden Dense layer", zh: "隐藏 Dense 层的 ∂Y"), "(\(fixed(hiddenDY[0, 0], 6)), \(fixed(hiddenDY[0, 1], 6)))")
        nb.result(Text(en: "∂W = Xᵀ·∂Y, first row", zh: "∂W = Xᵀ·∂Y 的第一行"), "(\(fixed(p[0].gradient[0, 0], 6)), \(fixed(p[0].gradient[0, 1], 6)))")
        nb.text(Text(en: """
            For Alice X = (−2, −1) and ∂Y = (∂L/∂sum_h₁, ∂L/∂sum_h₂), so ∂W's first row is x₁·∂Y = \
            (∂L/∂w₁, ∂L/∂w₃): the red numbers of the computational graph, multiplied by the input.
            """, zh: """
            对 Alice 来说，X = (−2, −1)，∂Y = (∂L/∂sum_h₁, ∂L/∂sum_h₂)，所以 ∂W 的第一行是 x₁·∂Y = (∂L/∂w₁, ∂L/∂w₃)：\
            就是计算图里那些红色的数，再乘以输入。
            """))
    }

    func furtherReading(_ nb: Notebook) {
        nb.section(Text(en: "Further reading", zh: "延伸阅读"))
        nb.table([Text(en: "reading", zh: "读物"), Text(en: "where to find it", zh: "在哪里找"), Text(en: "what it adds", zh: "补充了什么")], [
            [Text(en: "Michael Nielsen, Neural Networks and Deep Learning, chapter 2",
                  zh: "Michael Nielsen，《Neural Networks and Deep Learning》第 2 章（英文）"),
             "http://neuralnetworksanddeeplearning.com/chap2.html",
             Text(en: "the four equations of backprop, in matrix form", zh: "反向传播的四个方程，写成矩阵形式")],
            [Text(en: "3Blue1Brown, \"What is backpropagation really doing?\" and \"Backpropagation calculus\"",
                  zh: "3Blue1Brown，“What is backpropagation really doing?”和“Backpropagation calculus”（B 站有中文字幕版）"),
             "https://www.3blue1brown.com/lessons/backpropagation",
             Text(en: "the intuition, then the chain rule on a chain of single neurons",
                  zh: "先讲直觉，再在一串单个神经元上讲链式法则")],
            [Text(en: "Koki Saito, Deep Learning from Scratch, chapter 5 and section 6.2",
                  zh: "斋藤康毅，《深度学习入门：基于 Python 的理论与实现》第 5 章和 6.2 节"),
             Text(en: "sections 5.1–5.7, 6.2.1", zh: "5.1–5.7 节、6.2.1 节"),
             Text(en: "computational graphs, the Affine (Dense) layer, gradient checks; why not to start from equal weights",
                  zh: "计算图、Affine（Dense）层、梯度确认；为什么不能让权重从相同的值开始")],
            [Text(en: "Dive into Deep Learning, section 5.3 (Forward Propagation, Backward Propagation, and Computational Graphs)",
                  zh: "《动手学深度学习》英文版 5.3 节（前向传播、反向传播和计算图）"),
             "https://d2l.ai/chapter_multilayer-perceptrons/backprop.html",
             Text(en: "the same derivation for a matrix network", zh: "对矩阵形式的网络做同样的推导")],
            [Text(en: "Dive into Deep Learning, section 5.4 (Numerical Stability and Initialization)",
                  zh: "《动手学深度学习》英文版 5.4 节（数值稳定性和模型初始化）"),
             "https://d2l.ai/chapter_multilayer-perceptrons/numerical-stability-and-init.html",
             Text(en: "vanishing gradients and breaking the symmetry", zh: "梯度消失，以及打破对称性")],
        ])
    }
}
