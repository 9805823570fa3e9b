// Chapter 1 · Neurons
//
// A neuron multiplies its inputs by weights, adds a bias and passes the total through an
// activation function. Wire three of them together and you have a network.

import ArgumentParser
import Engine
import Workbook
import Foundation

@main
struct Chapter01: ChapterCommand {
    static let configuration = CommandConfiguration(
        abstract: Text(en: "Chapter 1: a neuron, activation functions, softmax, and a 2-2-1 feed-forward pass.",
                       zh: "第 1 章：神经元、激活函数、softmax，以及 2-2-1 网络的一次前向传播。").forReader)

    @OptionGroup var options: ChapterOptions

    func run() throws {
        let nb = Notebook(chapter: 1, title: Text(en: "Neurons", zh: "神经元"), options: options)
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
        nb.section(Text(en: "A neuron: w·x + b through an activation", zh: "神经元：w·x + b 再经过激活函数"))
        nb.text(Text(en: """
            A neuron takes inputs x = (x₁, x₂), multiplies each by a weight, adds a bias b and squashes \
            the total with an activation function f: y = f(w₁x₁ + w₂x₂ + b). The example is Victor Zhou's \
            (his "neural networks from scratch" tutorial, one of the beginner notes this workbook follows): \
            w = (0, 1), b = 4, x = (2, 3) and the sigmoid σ(z) = 1 / (1 + e^(−z)). Mofan's PyTorch notes \
            compare a neuron to a nerve cell: a signal comes in, and the cell fires more or less strongly.
            """, zh: """
            一个神经元接收输入 x = (x₁, x₂)，把每个输入乘上一个权重，加上偏置 b，再用激活函数 f 把\
            总和“压扁”：y = f(w₁x₁ + w₂x₂ + b)。例子取自 Victor Zhou 的教程（《从零开始的神经网络\
            》，本书依据的入门笔记之一）：w = (0, 1)，b = 4，x = (2, 3)，激活函数用 sigmoid 函数 σ(z) = 1 / (1 + e^(−z))。\
            莫烦的 PyTorch 笔记把神经元比作神经细胞：信号传进来，细胞或强或弱地兴奋起来。
            """))
        nb.code("neuron")
        // #region neuron
        let w: [Double] = [0, 1], b = 4.0, x: [Double] = [2, 3]
        let total = zip(w, x).map { $0 * $1 }.reduce(0, +) + b   // w·x + b = 0·2 + 1·3 + 4
        let y = sigmoid(total)
        // #endregion
        nb.result("w·x + b", fixed(total, 1))
        nb.result("σ(7)", fixed(y, 7))
        nb.chineseNote("""
            读过 3Blue1Brown 那篇笔记的同学请留意：笔记把公式写成了 a = σ(Σ W·a) + B，偏置放在了 σ 的\
            外面。应当放在里面：a = σ(Σ W·a + B)。笔记自己的文字其实说对了——偏置是神经元“是否容易被\
            激活”的阈值，它要先和加权和相加，再一起经过 σ，才能起到阈值的作用；放到 σ 外面，它只会把\
            输出整体平移，输出也不再落在 (0, 1) 之间。上面的 σ(7) 就是 σ(0·2 + 1·3 + 4)，偏置在括号里。
            """)
        nb.text(Text(en: """
            The engine's Dense layer computes the same thing for a whole batch at once: X·W + b, where each \
            row of X is one input and each column of W holds one neuron's weights.
            """, zh: """
            引擎里的 Dense 层对一整批输入一次算完同样的事：X·W + b，其中 X 的每一行是一个输入，W 的\
            每一列是一个神经元的权重。
            """))
        let layer = Dense(weights: Matrix(column: [0, 1]), bias: Matrix(row: [4]))
        let batchOutput = Activation.sigmoid.apply(layer.forward(Matrix([[2, 3], [0, 0], [-4, 1]])))
        nb.table([Text(en: "input x", zh: "输入 x"), Text(en: "Dense + sigmoid (Float)", zh: "Dense + sigmoid（Float）")],
                 [["(2, 3)", fixed(batchOutput[0, 0], 6)], ["(0, 0)", fixed(batchOutput[1, 0], 6)],
                  ["(−4, 1)", fixed(batchOutput[2, 0], 6)]])
        nb.text(Text(en: """
            The engine computes in 32-bit Float, like most deep-learning libraries: about 7 significant \
            digits, plenty for training. The worked numbers above use 64-bit Double so that every printed \
            digit is exact.
            """, zh: """
            和大多数深度学习库一样，引擎用 32 位的 Float 计算：大约 7 位有效数字，训练绰绰有余。\
            上面的手算例子用的是 64 位的 Double，好让打印出来的每一位都准确无误。
            """))
    }

    // MARK: - Activation functions

    func activations(_ nb: Notebook) throws {
        nb.section(Text(en: "Activation functions: sigmoid, tanh, ReLU", zh: "激活函数：sigmoid、tanh、ReLU"))
        nb.text(Text(en: """
            Without an activation a stack of neurons is still one big linear function. The activation bends \
            it. Sigmoid squashes any number into (0, 1); tanh into (−1, 1), centred on 0; ReLU keeps \
            positive numbers and clips negative ones to 0. 3Blue1Brown's video starts with sigmoid and ends \
            by noting that modern networks mostly use ReLU; the next section shows why.
            """, zh: """
            没有激活函数，神经元叠得再多也仍然只是一个大的线性函数；激活函数让它弯曲起来。sigmoid 把\
            任何数压进 (0, 1)；tanh 压进 (−1, 1)，以 0 为中心；ReLU 保留正数，把负数截成 0。3Blue1Brown 的\
            视频从 sigmoid 讲起，最后提到如今的网络大多用 ReLU；下一节说明其中的原因。
            """))
        let zs: [Float] = [-5, -1, 0, 1, 5]
        nb.table(["z", "sigmoid(z)", "tanh(z)", "ReLU(z)"],
                 zs.map { [fixed($0, 0), fixed(sigmoid($0), 4), fixed(Elementary.tanh($0), 4), fixed(relu($0), 0)] })
        var figure = Figure(name: "ch01-activations", title: "Activation functions", xLabel: "z", yLabel: "f(z)")
        figure.series = [
            Series("sigmoid σ(z) = 1/(1+e^(−z))", from: -5, to: 5) { 1 / (1 + Elementary.exp(-$0)) },
            Series("tanh(z)", from: -5, to: 5) { Elementary.tanh($0) },
            Series("ReLU(z) = max(0, z)", from: -5, to: 5) { max(0, $0) },
        ]
        figure.xRange = -5...5
        figure.yRange = -1.5...3
        figure.legend = .topLeft
        try nb.figure(figure, zh: "激活函数")
    }

    // MARK: - Slopes of the activations

    func slopes(_ nb: Notebook) throws {
        nb.section(Text(en: "Slopes: where an activation stops passing gradients", zh: "斜率：激活函数在哪里不再传递梯度"))
        nb.text(Text(en: """
            Training (Chapters 3 to 5) moves each weight by the slope of the cost, and the chain rule \
            (Chapter 4) multiplies that slope by the activation's own slope f'(z) at every neuron it \
            passes. So the slopes matter as much as the curves: σ'(z) = σ(z)(1 − σ(z)), \
            tanh'(z) = 1 − tanh²(z), and ReLU'(z) = 1 for z > 0, 0 for z < 0. Leaky ReLU, max(0.01·z, z), \
            keeps a slope of 0.01 on the negative side (the engine does not provide it; it is one line).
            """, zh: """
            训练（第 3 到 5 章）按代价函数的斜率调整每个权重，而链式法则（第 4 章）会在信号经过的\
            每个神经元处，把这个斜率再乘上激活函数自己的斜率 f'(z)。所以斜率和曲线本身一样重要：\
            σ'(z) = σ(z)(1 − σ(z))，tanh'(z) = 1 − tanh²(z)；ReLU'(z) 在 z > 0 时为 1，在 z < 0 时\
            为 0。Leaky ReLU 即 max(0.01·z, z)，在负半轴保留 0.01 的斜率（引擎没有提供它，自己写\
            只要一行）。
            """))
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
        let tenLayers = Elementary.power(Double(sigmoidPeak), 10)
        nb.result(Text(en: "σ'(0), the largest slope of σ", zh: "σ'(0)，σ 的最大斜率"), fixed(sigmoidPeak, 4))
        nb.result("σ'(5)", fixed(sigmoidAt5, 4))
        nb.result("tanh'(0)", fixed(tanhDerivative(Float(0)), 4))
        nb.result("ReLU'(5)", fixed(reluDerivative(Float(5)), 0))
        nb.result(Text(en: "0.25¹⁰, ten σ' factors at their largest", zh: "0.25¹⁰，十个 σ' 因子都取最大值时的乘积"), String(format: "%.2e", tenLayers))
        nb.text(Text(en: """
            σ' is never more than \(fixed(sigmoidPeak, 4)), and at z = 5 it is already \(fixed(sigmoidAt5, 4)): \
            a saturated sigmoid passes almost nothing back. Through ten sigmoid layers the ten σ' factors \
            multiply to at most 0.25¹⁰ = \(String(format: "%.2e", tenLayers)), so the first layers barely \
            learn. (Strictly, the chain rule passes through each layer's weight too: a layer contributes \
            w·σ', at most 0.25·|w|. With weights of modest size the product shrinks as above; weights \
            larger than 1/0.25 = 4 can make it grow instead, the exploding gradient, though large weights \
            also push z out to where σ' is far below 0.25.) This is the vanishing gradient that the beginner's overview among those notes (a \
            Chinese introduction with a PyTorch demo) warns about when it advises against sigmoid and \
            tanh inside deep networks. tanh' reaches 1 at z = 0 but vanishes even faster for large |z| \
            (\(fixed(tanhDerivative(Float(5)), 4)) at z = 5). ReLU' is exactly 1 for every positive z, however large: ReLU does not \
            saturate, which is why it is the default for hidden layers. Its one weakness is the flat side: \
            a neuron whose total stays negative gets slope 0 and stops learning, which leaky ReLU avoids.
            """, zh: """
            σ' 最大也不超过 \(fixed(sigmoidPeak, 4))，到 z = 5 时只剩 \(fixed(sigmoidAt5, 4))：饱\
            和的 sigmoid 几乎什么也传不回去。经过十层 sigmoid，十个 σ' 因子相乘最多只有 0.25¹⁰ = \(String(format: "%.2e", tenLayers))，\
            前面几层几乎学不到东西。（严格地说，链式法则还要经过每一层的权重：每层贡献的是 w·σ'，\
            至多 0.25·|w|。权重大小适中时，乘积就像上面那样缩小；权重大于 1/0.25 = 4 时，乘积反而可能\
            越乘越大，这就是梯度爆炸。不过权重大了，z 也会被推到 σ' 远小于 0.25 的两端。）这就是梯度消失。那几篇笔记中的入门综述（一篇附有 PyTorch 演示\
            的中文深度学习入门）正是因此建议不要在深层网络内部使用 sigmoid 和 tanh。tanh' 在 z = 0 处\
            能达到 1，但 |z| 变大时消失得更快（z = 5 时为 \(fixed(tanhDerivative(Float(5)), 4))）\
            。而 ReLU' 对每个正的 z 都恰好是 1，不论 z 多大：ReLU 不会饱和，所以它是隐藏层的默认\
            选择。它唯一的弱点在平坦的那一侧：一个神经元的总和如果一直是负数，斜率就是 0，它便不\
            再学习；Leaky ReLU 正好避开了这个问题。
            """))
        var figure = Figure(name: "ch01-activation-slopes", title: "Slopes of the activations: σ' vanishes, ReLU' stays 1",
                            xLabel: "z", yLabel: "f'(z)")
        figure.series = [
            Series("σ'(z) = σ(z)(1 − σ(z))", from: -6, to: 8) { sigmoidDerivative($0) },
            Series("tanh'(z) = 1 − tanh²(z)", from: -6, to: 8) { 1 - Elementary.tanh($0) * Elementary.tanh($0) },
            Series("ReLU'(z)", x: [-6, 0, 0, 8], y: [0, 0, 1, 1], style: .dashed),
        ]
        figure.annotations = [Annotation("σ'(0) = 0.25", x: 0, y: 0.25),
                              Annotation("σ'(5) = \(fixed(sigmoidAt5, 4))", x: 5, y: Double(sigmoidAt5))]
        figure.xRange = -6...8
        figure.yRange = -0.05...1.3
        figure.legend = .topLeft
        try nb.figure(figure, zh: "激活函数的斜率：σ' 会消失，ReLU' 始终为 1")
    }

    // MARK: - Softmax

    func softmaxSection(_ nb: Notebook) throws {
        nb.section(Text(en: "Softmax: from scores to probabilities", zh: "softmax：从分数到概率"))
        nb.text(Text(en: """
            A classifier's last layer produces one score per class. Softmax turns the scores into \
            probabilities: pᵢ = e^(zᵢ) / Σⱼ e^(zⱼ). Every pᵢ is positive, they add up to 1, and the largest \
            score gets the largest share.
            """, zh: """
            分类器的最后一层为每个类别给出一个分数。softmax 把这些分数变成概率：pᵢ = e^(zᵢ) / Σⱼ e^(zⱼ)。\
            每个 pᵢ 都是正数，它们加起来等于 1，分数最大的类别分到的概率也最大。
            """))
        nb.code("softmax")
        // #region softmax
        let scores: [Float] = [2.0, 1.0, 0.1]
        let probabilities = softmax(scores)
        // #endregion
        nb.table([Text(en: "class", zh: "类别"), Text(en: "score z", zh: "分数 z"), Text(en: "probability p", zh: "概率 p")],
                 scores.indices.map { ["\($0)", fixed(scores[$0], 1), fixed(probabilities[$0], 4)] })
        nb.result(Text(en: "sum of the probabilities", zh: "概率之和"), fixed(probabilities.reduce(0, +), 4))
        nb.text(Text(en: """
            Computed naively, e^1000 overflows to infinity and the result is NaN. Subtracting the largest \
            score first changes nothing mathematically (the factor e^(−max) cancels) but keeps every \
            exponent ≤ 0, so the engine's softmax handles any scores.
            """, zh: """
            如果照公式直接算，e^1000 会溢出成无穷大，结果是 NaN。先减去最大的分数，在数学上什么也\
            没改变（因子 e^(−max) 会约掉），却让每个指数都 ≤ 0，所以引擎的 softmax 对任何分数都算\
            得出来。
            """))
        let large: [Float] = [1000, 1001, 1002]
        let naive = large.map { Elementary.exp($0) / large.map { Elementary.exp($0) }.reduce(0, +) }
        nb.result(Text(en: "naive softmax of (1000, 1001, 1002)", zh: "照公式直接算 (1000, 1001, 1002) 的 softmax"), naive.map { $0.isNaN ? "NaN" : "\($0)" }.joined(separator: ", "))
        nb.result(Text(en: "stable softmax of (1000, 1001, 1002)", zh: "先减去最大值再算 (1000, 1001, 1002) 的 softmax"), softmax(large).map { fixed($0, 4) }.joined(separator: ", "))
        nb.text(Text(en: """
            Which to put at the output? The beginner's overview gives the rule: a sigmoid for two classes, softmax for \
            more. They agree where they overlap: softmax of two scores (z, 0) gives the first class \
            e^z / (e^z + 1) = σ(z), exactly a sigmoid.
            """, zh: """
            输出层该用哪一个？入门综述给出的规则是：二分类用 sigmoid，多分类用 softmax。两者在重\
            叠的地方是一致的：对两个分数 (z, 0) 做 softmax，第一类的概率是 e^z / (e^z + 1) = σ(z)，\
            恰好就是 sigmoid。
            """))
        nb.result(Text(en: "softmax(2, 0), first class", zh: "softmax(2, 0) 中第一类的概率"), fixed(softmax([2, 0])[0], 4))
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
        try nb.figure(figure, zh: "softmax 把分数 (2.0, 1.0, 0.1) 变成概率")
    }

    // MARK: - Feed-forward

    func feedForward(_ nb: Notebook) throws {
        nb.section(Text(en: "A 2-2-1 network: feed-forward", zh: "2-2-1 网络：前馈"))
        nb.text(Text(en: """
            Two inputs feed two hidden neurons h₁ and h₂, which feed one output neuron o₁. Every arrow \
            carries a weight (w₁ … w₆) and every neuron adds its bias (b₁, b₂, b₃): nine numbers in all, \
            the network's parameters. Hung-yi Lee's lecture notes name the shape: fully connected (every \
            neuron of one layer feeds every neuron of the next) and feed-forward (signals only move from \
            input to output). They also point out that the input layer is not made of neurons: x₁ and x₂ \
            are just the numbers we give the network, so this network has two layers, hidden and output.
            """, zh: """
            两个输入送进两个隐藏神经元 h₁ 和 h₂，它们再送进一个输出神经元 o₁。每条箭头带一个权重\
            （w₁ … w₆），每个神经元加上自己的偏置（b₁、b₂、b₃）：一共九个数，这就是网络的参数。李\
            宏毅的课程笔记给这种结构起了名字：全连接（一层的每个神经元都连到下一层的每个神经元）\
            和前馈（信号只从输入流向输出）。笔记还指出，输入层并不是由神经元组成的：x₁ 和 x₂ 只是\
            我们交给网络的数，所以这个网络只有两层：隐藏层和输出层。
            """))
        var diagram = Figure(name: "ch01-network", title: "The 2-2-1 network: weights on the arrows, biases at the neurons")
        diagram.diagram = .twoTwoOne()
        diagram.height = 400
        try nb.figure(diagram, zh: "2-2-1 网络：权重标在箭头上，偏置标在神经元上")
        nb.chineseNote("""
            李宏毅的笔记里有一句“前馈：传递的方向是由后往前传”，这里的“前”“后”很容易让人读反。\
            前馈是说信号从输入层一层一层传到输出层，从不回头；反过来从输出层往输入层传的，是第 4 章的\
            反向传播，它传的是梯度，而不是信号。
            """)
        nb.text(Text(en: """
            Passing the inputs forward through the layers is called feed-forward. In Victor Zhou's \
            example every neuron has w = (0, 1) and b = 0, and x = (2, 3): h₁ = h₂ = σ(0·2 + 1·3) = σ(3), \
            then o₁ = σ(0·h₁ + 1·h₂).
            """, zh: """
            把输入一层层往前传，穿过整个网络，就叫前馈（也常叫前向传播）。在 Victor Zhou 的例子里\
            ，每个神经元都是 w = (0, 1)、b = 0，输入 x = (2, 3)：h₁ = h₂ = σ(0·2 + 1·3) = σ(3)，\
            然后 o₁ = σ(0·h₁ + 1·h₂)。
            """))
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
        nb.text(Text(en: """
            Lee's notes add two ideas worth keeping. A network's structure (how many layers, how many \
            neurons, which activation) defines a whole set of functions, one for every choice of the \
            parameters; training picks one function from that set. And deeper is not free: more layers can \
            fit more, but every layer adds parameters to learn and arithmetic to do. 3Blue1Brown's digit \
            network, 784 inputs, two hidden layers of 16 and 10 outputs, already has this many:
            """, zh: """
            李宏毅的笔记还有两点值得记住。网络的结构（几层、每层几个神经元、用哪种激活函数）定义\
            了一整个函数集合，参数每取一组值，就对应其中一个函数；训练就是从这个集合里挑出一个函\
            数。另外，加深网络并不是没有代价的：层数越多，能拟合的东西越多，但每一层都会增加要学\
            习的参数和要做的运算。3Blue1Brown 的手写数字网络有 784 个输入、两个各含 16 个神经元的\
            隐藏层和 10 个输出，参数已经有这么多：
            """))
        nb.result(Text(en: "parameters of the 2-2-1 network", zh: "2-2-1 网络的参数个数"), "9")
        nb.result(Text(en: "parameters of a 784-16-16-10 network", zh: "784-16-16-10 网络的参数个数"), "\(digitParameters)")
    }

    // MARK: - From one neuron to a layer of them

    func layerAsMatrix(_ nb: Notebook) {
        nb.section(Text(en: "A layer is a matrix product: σ(W·x + b)", zh: "一层就是一次矩阵乘法：σ(W·x + b)"))
        nb.text(Text(en: """
            Writing every neuron out by hand stops working beyond a few of them. Hung-yi Lee's notes \
            compute a whole layer at once: stack each neuron's weights as one row of a matrix W, and the \
            layer is σ(W·x + b). His worked layer has two neurons with weights (1, −2) and (−1, 1), biases \
            1 and 0, and input x = (1, −1): W·x + b = (1·1 + (−2)·(−1) + 1, (−1)·1 + 1·(−1) + 0) = (4, −2), \
            and σ(4) = 0.98, σ(−2) = 0.12.
            """, zh: """
            神经元一多，逐个手写就行不通了。李宏毅的笔记一次算出整层：把每个神经元的权重作为一行\
            ，叠成矩阵 W，这一层就是 σ(W·x + b)。他举的例子有两个神经元，权重分别是 (1, −2) 和 (−1, 1)，\
            偏置是 1 和 0，输入 x = (1, −1)：W·x + b = (1·1 + (−2)·(−1) + 1, (−1)·1 + 1·(−1) + 0) = (4, −2)，\
            σ(4) = 0.98，σ(−2) = 0.12。
            """))
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
        nb.text(Text(en: """
            Why does the engine turn it around? Lee's W·x takes one example as a column. The engine takes \
            a batch of examples as the rows of a matrix X, one row per example, and computes X·W + b for \
            all of them in one matrix product, with the bias added to every row. Each column of W then \
            holds one neuron's weights. PyTorch's nn.Linear also takes the examples as rows (it stores W as Lee does and computes X·Wᵀ + b). The numbers are \
            the same, only the bookkeeping differs, and one big product is much faster than many small \
            ones (Lee's notes make the same point: matrices are what a GPU speeds up). Chapter 4 shows \
            the backward pass of this layer.
            """, zh: """
            引擎为什么要把它倒过来写？李宏毅的 W·x 把一个样本当作一列。引擎则把一批样本放进矩阵 X，\
            一行一个样本，用一次矩阵乘法为所有样本算出 X·W + b，偏置加到每一行上；于是 W 的每一列\
            存放一个神经元的权重。PyTorch 的 nn.Linear 也把样本当作行（它像李宏毅那样存放 W，计算\
            的是 X·Wᵀ + b）。数值完全一样，只是记法不同；而一次大的矩阵乘法比许多次小的快得多（李\
            宏毅的笔记也说到了这一点：写成矩阵运算，就可以用 GPU 加速）。第 4 章会讲这一层的反向\
            传播。
            """))
    }

    // MARK: - Further reading

    func furtherReading(_ nb: Notebook) {
        nb.section(Text(en: "Further reading", zh: "延伸阅读"))
        nb.table([Text(en: "reading", zh: "读物"), Text(en: "where to find it", zh: "在哪里找"), Text(en: "what it adds", zh: "补充了什么")], [
            [Text(en: "Michael Nielsen, Neural Networks and Deep Learning, chapter 1",
                  zh: "Michael Nielsen，《Neural Networks and Deep Learning》第 1 章（英文）"),
             "http://neuralnetworksanddeeplearning.com/chap1.html",
             Text(en: "perceptrons, sigmoid neurons, the architecture of neural networks",
                  zh: "感知机、sigmoid 神经元、神经网络的结构")],
            [Text(en: "3Blue1Brown, \"But what is a neural network?\"",
                  zh: "3Blue1Brown，“But what is a neural network?”（B 站有中文字幕版）"),
             "https://www.3blue1brown.com/lessons/neural-networks",
             Text(en: "the 784-16-16-10 digit network, weights and biases, sigmoid and ReLU",
                  zh: "784-16-16-10 手写数字网络、权重和偏置、sigmoid 与 ReLU")],
            [Text(en: "Koki Saito, Deep Learning from Scratch, chapter 3",
                  zh: "斋藤康毅，《深度学习入门：基于 Python 的理论与实现》第 3 章"),
             Text(en: "sections 3.2–3.5", zh: "3.2–3.5 节"),
             Text(en: "activation functions, multidimensional arrays, a three-layer network, softmax",
                  zh: "激活函数、多维数组、三层神经网络、softmax")],
            [Text(en: "Dive into Deep Learning, section 5.1 (Multilayer Perceptrons)",
                  zh: "《动手学深度学习》英文版 5.1 节（多层感知机）"),
             "https://d2l.ai/chapter_multilayer-perceptrons/mlp.html",
             Text(en: "hidden layers, activation functions and their derivatives",
                  zh: "隐藏层、激活函数及其导数")],
        ])
    }
}
