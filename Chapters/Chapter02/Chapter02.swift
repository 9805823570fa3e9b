// Chapter 2 · Cost function
//
// Training needs one number that says how wrong the network is: the cost (or loss). Mean squared
// error for numbers, cross-entropy for classes, and the cost seen as a curve of one weight.

import ArgumentParser
import Engine
import Workbook
import Foundation

@main
struct Chapter02: ChapterCommand {
    static let configuration = CommandConfiguration(
        abstract: Text(en: "Chapter 2: mean squared error, cross-entropy, and the cost as a function of one weight.",
                       zh: "第 2 章：均方误差、交叉熵，以及把代价看成一个权重的函数。").forReader)

    @OptionGroup var options: ChapterOptions

    func run() throws {
        let nb = Notebook(chapter: 2, title: Text(en: "Cost function", zh: "代价函数"), options: options)
        meanSquaredErrorSection(nb)
        try crossEntropySection(nb)
        softmaxGradient(nb)
        try costCurve(nb)
        furtherReading(nb)
        try nb.finish()
    }

    // MARK: - Mean squared error

    func meanSquaredErrorSection(_ nb: Notebook) {
        nb.section(Text(en: "Mean squared error", zh: "均方误差"))
        nb.text(Text(en: """
            The mean squared error averages the squared differences between what we wanted (y_true) and \
            what the network said (y_pred): MSE = (1/n)·Σ(y_trueᵢ − y_predᵢ)². Victor Zhou's example has \
            y_true = (1, 0, 0, 1) and a network that always answers 0. 3Blue1Brown's video uses the same \
            idea for a digit: add up (tᵢ − aᵢ)² over the ten outputs, where t is what each output should be.
            """, zh: """
            均方误差（MSE）把期望的输出（y_true）和网络给出的输出（y_pred）之差平方，再求平均：MSE = (1/n)·Σ(y_trueᵢ − y_predᵢ)²。\
            Victor Zhou 的例子里 y_true = (1, 0, 0, 1)，而网络不管输入什么都回答 0。3Blue1Brown 的\
            视频对一个手写数字用的是同一个思路：把十个输出的 (tᵢ − aᵢ)² 加起来，其中 t 是每个输出\
            应有的值。
            """))
        nb.code("mse")
        // #region mse
        let yTrue: [Float] = [1, 0, 0, 1]
        let yPred: [Float] = [0, 0, 0, 0]
        let mse = meanSquaredError(yTrue: yTrue, yPred: yPred)   // (1 + 0 + 0 + 1) / 4
        // #endregion
        nb.result(Text(en: "MSE with every prediction 0", zh: "预测全为 0 时的 MSE"), fixed(mse, 1))
        let better: [Float] = [0.9, 0.1, 0.2, 0.8]
        nb.result(Text(en: "MSE with predictions (0.9, 0.1, 0.2, 0.8)", zh: "预测为 (0.9, 0.1, 0.2, 0.8) 时的 MSE"), fixed(meanSquaredError(yTrue: yTrue, yPred: better), 3))
        nb.text(Text(en: """
            Better predictions, lower cost: training means making this number small. Hung-yi Lee's notes \
            call the sum over the whole training set the total loss: training looks for the parameters \
            that make it smallest.
            """, zh: """
            预测越好，代价越低：所谓训练，就是把这个数变小。李宏毅的笔记把整个训练集上的损失之和\
            叫做总体损失（total loss）：训练就是寻找使它最小的那组参数。
            """))
    }

    // MARK: - Cross-entropy

    func crossEntropySection(_ nb: Notebook) throws {
        nb.section(Text(en: "Cross-entropy, and why classification uses it", zh: "交叉熵，以及分类为什么用它"))
        nb.text(Text(en: """
            A classifier outputs a probability for each class. Cross-entropy charges −log p, where p is the \
            probability the network gave to the right class: nearly free when p is near 1, and without bound \
            as p goes to 0. Squared error on the same probability, (1 − p)², can never cost more than 1.
            """, zh: """
            分类器为每个类别输出一个概率。交叉熵的代价是 −log p，其中 p 是网络给正确类别的概率：\
            p 接近 1 时几乎不付代价，p 趋近 0 时代价无限增大。而同一个概率的平方误差 (1 − p)² 最\
            多也只有 1。
            """))
        let ps: [Double] = [0.99, 0.9, 0.6, 0.3, 0.1, 0.01]
        nb.table([Text(en: "p (right class)", zh: "p（正确类别）"), Text(en: "cross-entropy −log p", zh: "交叉熵 −log p"),
                  Text(en: "squared error (1 − p)²", zh: "平方误差 (1 − p)²")],
                 ps.map { [fixed($0, 2), fixed(-Elementary.log($0), 4), fixed((1 - $0) * (1 - $0), 4)] })
        nb.code("cross-entropy")
        // #region cross-entropy
        let probabilities = Matrix([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1]])
        let ce = categoricalCrossEntropy(probabilities: probabilities, labels: [0, 1])
        // #endregion
        nb.result(Text(en: "cross-entropy of p = 0.7 and 0.8 for the right classes (mean)", zh: "正确类别的概率为 0.7 和 0.8 时的交叉熵（平均）"), fixed(ce, 4))
        nb.text(Text(en: """
            With one sigmoid output o = σ(z) that says "class 1 with probability o", the probability of \
            the right class is o when y = 1 and 1 − o when y = 0. Both cases in one formula give the \
            binary cross-entropy L = −[y·log o + (1 − y)·log(1 − o)]. Its slope with respect to z takes \
            three lines of the chain rule:
            """, zh: """
            如果只有一个 sigmoid 输出 o = σ(z)，表示“属于第 1 类的概率是 o”，那么 y = 1 时正确类\
            别的概率是 o，y = 0 时是 1 − o。把两种情况写进一个公式，就是二元交叉熵 L = −[y·log o + (1 − y)·log(1 − o)]。\
            它对 z 的斜率用链式法则三行就能求出：
            """))
        nb.text(Text(en: """
            ∂L/∂o = −y/o + (1 − y)/(1 − o) = (o − y) / (o(1 − o))
            ∂o/∂z = σ'(z) = o(1 − o)
            ∂L/∂z = ∂L/∂o · ∂o/∂z = o − y, because o(1 − o) cancels.
            """, zh: """
            ∂L/∂o = −y/o + (1 − y)/(1 − o) = (o − y) / (o(1 − o))
            ∂o/∂z = σ'(z) = o(1 − o)
            ∂L/∂z = ∂L/∂o · ∂o/∂z = o − y，因为 o(1 − o) 约掉了。
            """))
        nb.text(Text(en: """
            The bigger reason to prefer it is this gradient. Take one sigmoid output that is confidently \
            wrong: z = −5 when the answer is 1. The gradient of squared error (o − y)² with respect to z is \
            2(o − y)·σ'(z), and σ'(z) is tiny when the sigmoid saturates (Chapter 1), so learning stalls \
            exactly when the mistake is worst. Cross-entropy's gradient is o − y, with no σ' left in it: \
            large when wrong, small when right. A numerical slope of L confirms the three lines.
            """, zh: """
            更重要的理由在于这个梯度。设想一个 sigmoid 输出错得很有把握：正确答案是 1，而 z = −5。\
            平方误差 (o − y)² 对 z 的梯度是 2(o − y)·σ'(z)，而 sigmoid 饱和时 σ'(z) 非常小（第 1 章\
            ），于是错得最厉害的时候，学习反而停滞了。交叉熵的梯度是 o − y，里面不再有 σ'：错得多\
            ，梯度就大；对了，梯度就小。用数值方法求 L 的斜率，可以验证上面三行的推导。
            """))
        nb.code("saturated-gradients")
        // #region saturated-gradients
        let z: Float = -5, o = sigmoid(z), y: Float = 1
        let dMSEdz = 2 * (o - y) * sigmoidDerivative(z)   // squared error: the factor σ'(z) is tiny
        let dCEdz = o - y                                  // cross-entropy: o − y, σ'(z) cancelled
        func binaryCrossEntropy(_ z: Double) -> Double {
            let o = 1 / (1 + Elementary.exp(-z))
            return -(Double(y) * Elementary.log(o) + (1 - Double(y)) * Elementary.log(1 - o))
        }
        let numerical = (binaryCrossEntropy(-5 + 1e-6) - binaryCrossEntropy(-5 - 1e-6)) / 2e-6
        // #endregion
        nb.result("σ(−5)", fixed(o, 4))
        nb.result(Text(en: "∂(squared error)/∂z at z = −5", zh: "z = −5 处的 ∂(平方误差)/∂z"), fixed(dMSEdz, 4))
        nb.result(Text(en: "∂(cross-entropy)/∂z at z = −5", zh: "z = −5 处的 ∂(交叉熵)/∂z"), fixed(dCEdz, 4))
        nb.result(Text(en: "numerical slope of the cross-entropy at z = −5", zh: "z = −5 处交叉熵的数值斜率"), fixed(numerical, 4))

        var figure = Figure(name: "ch02-cross-entropy", title: "Cost of one prediction when the right answer is 1",
                            xLabel: "probability p given to the right class", yLabel: "cost")
        figure.series = [Series("cross-entropy −log p", from: 0.005, to: 1) { -Elementary.log($0) },
                         Series("squared error (1 − p)²", from: 0.005, to: 1) { (1 - $0) * (1 - $0) }]
        figure.yRange = 0...5
        try nb.figure(figure, zh: "正确答案为 1 时，一次预测的代价")
    }

    // MARK: - Softmax with cross-entropy: the gradient p − t

    func softmaxGradient(_ nb: Notebook) {
        nb.section(Text(en: "Softmax with cross-entropy: the gradient is p − t",
                        zh: "softmax 加交叉熵：梯度就是 p − t"))
        nb.text(Text(en: """
            With several classes the network's last layer gives one score zᵢ per class, softmax turns \
            the scores into probabilities pᵢ = e^(zᵢ) / Σⱼ e^(zⱼ) (Chapter 1), and the cost is the \
            cross-entropy L = −Σₖ tₖ·log pₖ, where t is the one-hot label: 1 for the right class, 0 for \
            the others. The same cancellation as above makes its gradient as simple as it can be. Each \
            pₖ depends on every score: ∂pₖ/∂zᵢ = pₖ·(1 − pᵢ) when k = i, and −pₖ·pᵢ otherwise, which is \
            pₖ·(δₖᵢ − pᵢ) with δₖᵢ = 1 when k = i and 0 otherwise. Then
            """, zh: """
            有多个类别时，网络的最后一层给每个类别一个分数 zᵢ，softmax 把分数变成概率 \
            pᵢ = e^(zᵢ) / Σⱼ e^(zⱼ)（第 1 章），代价是交叉熵 L = −Σₖ tₖ·log pₖ，其中 t 是独热编码的\
            标签：正确类别处为 1，其余为 0。和上面一样的约分，让它的梯度简单到不能再简单。每个 pₖ \
            都依赖所有的分数：k = i 时 ∂pₖ/∂zᵢ = pₖ·(1 − pᵢ)，否则为 −pₖ·pᵢ，合起来写作 \
            pₖ·(δₖᵢ − pᵢ)，其中 k = i 时 δₖᵢ = 1，否则为 0。于是
            """))
        nb.text(Text(en: """
            ∂L/∂zᵢ = −Σₖ (tₖ/pₖ)·pₖ·(δₖᵢ − pᵢ) = −Σₖ tₖ·(δₖᵢ − pᵢ) = −tᵢ + pᵢ·Σₖ tₖ = pᵢ − tᵢ,
            because the entries of a one-hot t add up to 1.
            """, zh: """
            ∂L/∂zᵢ = −Σₖ (tₖ/pₖ)·pₖ·(δₖᵢ − pᵢ) = −Σₖ tₖ·(δₖᵢ − pᵢ) = −tᵢ + pᵢ·Σₖ tₖ = pᵢ − tᵢ，
            因为独热编码 t 的各个分量加起来等于 1。
            """))
        nb.text(Text(en: """
            The gradient of the scores is the predicted probabilities minus the label: p − t. From its \
            third step on, Chapter 6's climb trains every network with it. Here it is on the scores of Chapter 1's \
            softmax example, (2, 1, 0.1), when the right class is the second, beside the engine's own \
            softmax cross-entropy and a numerical slope of L in each score:
            """, zh: """
            分数的梯度就是预测的概率减去标签：p − t。第 6 章的攀登从第三步起训练的每个网络都用它。下面用\
            第 1 章 softmax 例子的分数 (2, 1, 0.1)，正确类别是第二个，把它和引擎自己的 softmax \
            交叉熵、以及 L 对每个分数的数值斜率放在一起：
            """))
        nb.code("softmax-gradient")
        // #region softmax-gradient
        let scores = Matrix(row: [2, 1, 0.1]), label = 1           // the right class is the second
        let p = softmax(scores)
        let t = Matrix(row: [0, 1, 0])                             // its one-hot label
        let (loss, engine) = softmaxCrossEntropy(logits: scores, labels: [label])
        // L(z) = log Σⱼ e^(zⱼ) − z₂, in Double, nudged by ±h in one score at a time
        func L(_ z: [Double]) -> Double { Elementary.log(z.map { Elementary.exp($0) }.reduce(0, +)) - z[label] }
        let h = 1e-6, z = scores.data.map(Double.init)
        let numerical = Matrix(row: z.indices.map { i in
            var up = z, down = z
            up[i] += h
            down[i] -= h
            return Float((L(up) - L(down)) / (2 * h))
        })
        // #endregion
        let vector = { (m: Matrix) in "(" + m.data.map { fixed($0, 4) }.joined(separator: ", ") + ")" }
        nb.result("p = softmax(2, 1, 0.1)", vector(p))
        nb.result(Text(en: "L = −log p₂", zh: "L = −log p₂"), fixed(loss, 4))
        nb.result("p − t", vector(p - t))
        nb.result(Text(en: "the engine's ∂L/∂z", zh: "引擎算出的 ∂L/∂z"), vector(engine))
        nb.result(Text(en: "numerical ∂L/∂z", zh: "数值方法求出的 ∂L/∂z"), vector(numerical))
        let agree = [engine, numerical].allSatisfy { vector($0) == vector(p - t) }
        let largest = zip(engine.data, numerical.data).map { abs($0 - $1) }.max()!
        nb.result(Text(en: "largest |engine − numerical|", zh: "|引擎 − 数值| 的最大值"), String(format: "%.1e", largest))
        nb.text(Text(en: """
            \(agree ? "The three agree to the four digits shown." : "The three differ in the fourth digit.") \
            The right class's score is pushed up (its gradient \
            is negative), the others down, each in proportion to the probability it took: the first class, \
            which took \(fixed(p.data[0], 4)), is pushed down hardest.
            """, zh: """
            \(agree ? "三者在显示的四位小数上完全一致。" : "三者在第四位小数上有差别。")正确类别的分数被往上推（它的梯度是负的），其他类别的往下\
            压，各自与它拿走的概率成正比：第一类拿走了 \(fixed(p.data[0], 4))，被压得最厉害。
            """))
    }

    // MARK: - The cost as a curve of one weight

    func costCurve(_ nb: Notebook) throws {
        nb.section(Text(en: "The cost as a curve of one weight", zh: "把代价看成一个权重的曲线"))
        nb.text(Text(en: """
            Fix everything but one weight and the cost becomes an ordinary curve. Take the 15 points of \
            the PyTorch regression demo (Chapter 3 fits them), the model ŷ = w·x with no bias, and \
            L(w) = (1/n)·Σ(w·xᵢ − yᵢ)². Training means finding the bottom of this curve; here it can be \
            found exactly, at w* = Σxᵢyᵢ / Σxᵢ².
            """, zh: """
            除了一个权重，其余全部固定，代价就成了一条普通的曲线。取 PyTorch 回归演示中的 15 个点\
            （第 3 章会拟合它们），模型取不带偏置的 ŷ = w·x，代价 L(w) = (1/n)·Σ(w·xᵢ − yᵢ)²。训\
            练就是找这条曲线的最低点；这里可以精确地求出来：w* = Σxᵢyᵢ / Σxᵢ²。
            """))
        let x: [Double] = [3.3, 4.4, 5.5, 6.71, 6.93, 4.168, 9.779, 6.182, 7.59, 2.167, 7.042, 10.791, 5.313, 7.997, 3.1]
        let y: [Double] = [1.7, 2.76, 2.09, 3.19, 1.694, 1.573, 3.366, 2.596, 2.53, 1.221, 2.827, 3.465, 1.65, 2.904, 1.3]
        nb.code("cost-curve")
        // #region cost-curve
        func cost(_ w: Double) -> Double {
            zip(x, y).map { (w * $0 - $1) * (w * $0 - $1) }.reduce(0, +) / Double(x.count)
        }
        let wBest = zip(x, y).map { $0 * $1 }.reduce(0, +) / x.map { $0 * $0 }.reduce(0, +)
        // #endregion
        nb.result("w*", fixed(wBest, 4))
        nb.result("L(w*)", fixed(cost(wBest), 4))
        nb.result("L(0)", fixed(cost(0), 4))
        nb.result("L(1)", fixed(cost(1), 4))
        nb.chineseNote("""
            入门综述里说，训练的目的是“让损失函数值最终为 0”。这话说得太满了：这 15 个点并不在一条过\
            原点的直线上，所以不论 w 取什么，L(w) 都不会是 0，最低也只能到 L(w*) = \(fixed(cost(wBest), 4))。\
            训练要做的是让损失尽可能小，而不是等于 0；在训练集上把损失压到接近 0，往往反而是过拟合的\
            信号（第 6 章）。
            """)
        nb.text(Text(en: """
            Mofan's notes draw the central picture of gradient descent on such a curve. At the current w \
            draw the tangent: its slope L'(w) says which way is uphill. Take a small step the other way, \
            draw the tangent again, and repeat. Where the tangent lies flat (slope 0) no direction is \
            downhill any more: that is the bottom, and the place to stop. Here the slope is \
            L'(w) = (2/n)·Σ(w·xᵢ − yᵢ)·xᵢ.
            """, zh: """
            莫烦的笔记在这样一条曲线上画出了梯度下降最核心的图景。在当前的 w 处画切线：切线的斜率 L'(w) 告\
            诉我们哪边是上坡。朝反方向走一小步，再画切线，如此反复。等到切线放平（斜率为 0），往\
            哪边走都不再是下坡：这就是谷底，也就该停下了。这里的斜率是 L'(w) = (2/n)·Σ(w·xᵢ − yᵢ)·xᵢ。
            """))
        nb.code("slope")
        // #region slope
        func slope(_ w: Double) -> Double {
            2 * zip(x, y).map { (w * $0 - $1) * $0 }.reduce(0, +) / Double(x.count)
        }
        // #endregion
        let points = [0.0, 0.2, 0.6, wBest]
        nb.table(["w", "L(w)", Text(en: "slope L'(w)", zh: "斜率 L'(w)"), Text(en: "downhill is", zh: "下坡方向")], points.map { w in
            let s = slope(w)
            let downhill = abs(s) < 1e-9 ? Text(en: "nowhere: stop", zh: "哪边都不是：停下")
                : (s < 0 ? Text(en: "larger w", zh: "增大 w") : Text(en: "smaller w", zh: "减小 w"))
            return [Text(en: fixed(w, 4)), Text(en: fixed(cost(w), 4)), Text(en: fixed(s, 4)), downhill]
        })
        nb.result(Text(en: "slope at w*", zh: "w* 处的斜率"), fixed(slope(wBest), 4))
        var figure = Figure(name: "ch02-cost-curve", title: "The cost L(w) of ŷ = w·x, with its tangent at four points",
                            xLabel: "weight w", yLabel: "cost L(w) (mean squared error)")
        figure.series = [Series("L(w)", from: -0.2, to: 1.0, cost)]
        for w in points {
            // A short piece of the tangent line L(w) + L'(w)·(v − w) around each point.
            let ends = [w - 0.09, w + 0.09]
            figure.series.append(Series(w == points[0] ? "tangent lines: slope L'(w)" : "", x: ends,
                                        y: ends.map { cost(w) + slope(w) * ($0 - w) }, color: "#d62728",
                                        lineWidth: 3))
        }
        figure.annotations = points.map { Annotation("", x: $0, y: cost($0)) }
            + [Annotation("minimum: w* = \(fixed(wBest, 4)), L = \(fixed(cost(wBest), 4)), slope 0",
                          x: 0.3, y: -2.2, marker: false)]
        figure.yRange = -3...18
        figure.legend = .topLeft
        try nb.figure(figure, zh: "ŷ = w·x 的代价 L(w)，以及它在四个点处的切线")
    }

    func furtherReading(_ nb: Notebook) {
        nb.section(Text(en: "Further reading", zh: "延伸阅读"))
        nb.table([Text(en: "reading", zh: "读物"), Text(en: "where to find it", zh: "在哪里找"), Text(en: "what it adds", zh: "补充了什么")], [
            [Text(en: "Michael Nielsen, Neural Networks and Deep Learning, chapter 3",
                  zh: "Michael Nielsen，《Neural Networks and Deep Learning》第 3 章（英文）"),
             "http://neuralnetworksanddeeplearning.com/chap3.html",
             Text(en: "the cross-entropy cost and why it learns faster than the quadratic cost",
                  zh: "交叉熵代价函数，以及它为什么比二次代价函数学得快")],
            [Text(en: "3Blue1Brown, \"Gradient descent, how neural networks learn\"",
                  zh: "3Blue1Brown，“Gradient descent, how neural networks learn”（B 站有中文字幕版）"),
             "https://www.3blue1brown.com/lessons/gradient-descent",
             Text(en: "the cost of the digit network, the cost as a landscape",
                  zh: "手写数字网络的代价函数，把代价看成一片地形")],
            [Text(en: "Koki Saito, Deep Learning from Scratch, chapter 4",
                  zh: "斋藤康毅，《深度学习入门：基于 Python 的理论与实现》第 4 章"),
             Text(en: "section 4.2", zh: "4.2 节"),
             Text(en: "mean squared error, cross-entropy, why a loss and not accuracy",
                  zh: "均方误差、交叉熵，为什么用损失函数而不用准确率")],
            [Text(en: "Dive into Deep Learning, section 4.1 (Softmax Regression)",
                  zh: "《动手学深度学习》英文版 4.1 节（softmax 回归）"),
             "https://d2l.ai/chapter_linear-classification/softmax-regression.html",
             Text(en: "cross-entropy from likelihood, and its gradient: the same o − y",
                  zh: "从似然推出交叉熵，以及它的梯度：同样是 o − y")],
        ])
    }
}
