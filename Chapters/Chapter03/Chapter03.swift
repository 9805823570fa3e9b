// Chapter 3 · Gradient descent
//
// Walk downhill on functions we can see: one variable, two variables, a bumpy curve with two
// valleys, and finally a straight line fitted to data, the smallest "network" there is.

import ArgumentParser
import Engine
import Workbook
import Foundation

@main
struct Chapter03: ChapterCommand {
    static let configuration = CommandConfiguration(
        abstract: Text(en: "Chapter 3: gradient descent, learning rates, local minima, and a linear regression.",
                       zh: "第 3 章：梯度下降、学习率、局部极小值，以及一个线性回归。").forReader)

    @OptionGroup var options: ChapterOptions

    static let learningRateOption = NumericOption<Double>.learningRate(
        Text(en: "Learning rate of the linear regression", zh: "线性回归的学习率"))
    static let epochsOption = NumericOption(
        "--epochs", 1...100_000, Text(en: "Epochs of full-batch gradient descent for the linear regression",
                                      zh: "线性回归做全批量梯度下降的轮数"))

    @Option(help: Self.learningRateOption.help)
    var learningRate: Double = 0.01

    @Option(help: Self.epochsOption.help)
    var epochs: Int = 100

    func validate() throws {
        try Self.learningRateOption.check(learningRate)
        try Self.epochsOption.check(epochs)
    }

    func run() throws {
        let nb = Notebook(chapter: 3, title: Text(en: "Gradient descent", zh: "梯度下降"), options: options)
        try oneVariable(nb)
        try learningRates(nb)
        try twoVariables(nb)
        try localMinima(nb)
        try advisingOnDivergence { try linearRegression(nb) }
        pyTorchDemo(nb)
        furtherReading(nb)
        try nb.finish()
    }

    // MARK: - One variable

    func oneVariable(_ nb: Notebook) throws {
        nb.section(Text(en: "Downhill on f(x) = x²", zh: "沿 f(x) = x² 往下走"))
        nb.text(Text(en: """
            The derivative f'(x) = 2x says which way is uphill and how steep it is. Gradient descent takes \
            a small step the other way: x ← x − η·f'(x), where η (eta) is the learning rate. Start at \
            x = 10 with η = 0.2: every step multiplies x by 1 − 2·0.2 = 0.6.
            """, zh: """
            导数 f'(x) = 2x 告诉我们哪边是上坡、坡有多陡。梯度下降就朝反方向走一小步：x ← x − η·f'(x)，\
            其中 η（读作 eta）是学习率。从 x = 10 出发，取 η = 0.2：每走一步，x 都乘以 1 − 2·0.2 = 0.6。
            """))
        nb.code("descent-1d")
        // #region descent-1d
        let f = { (x: Double) in x * x }
        let dfdx = { (x: Double) in 2 * x }
        let path = gradientDescentPath(from: 10, learningRate: 0.2, steps: 10, gradient: dfdx)
        // #endregion
        nb.table([Text(en: "step", zh: "步"), "x", "f(x)"], path.enumerated().map { [String($0), fixed($1, 6), fixed(f($1), 6)] })
        nb.result(Text(en: "x after 10 steps", zh: "10 步之后的 x"), fixed(path.last!, 6))

        var figure = Figure(name: "ch03-descent-1d", title: "Gradient descent on f(x) = x², η = 0.2, from x = 10",
                            xLabel: "x", yLabel: "f(x)")
        figure.series = [Series("f(x) = x²", from: -11, to: 11, f),
                         Series("steps of gradient descent", x: path, y: path.map(f), style: .linesPoints)]
        figure.legend = .topLeft
        try nb.figure(figure, zh: "在 f(x) = x² 上做梯度下降，η = 0.2，从 x = 10 出发")
    }

    // MARK: - Learning rates

    func learningRates(_ nb: Notebook) throws {
        nb.section(Text(en: "The learning rate: too small, about right, too large", zh: "学习率：太小、合适、太大"))
        nb.text(Text(en: """
            The step size is η·f'(x). Too small and the walk crawls; too large and every step jumps over the \
            valley and lands higher than it started, so x grows without end: the descent diverges. On \
            f(x) = x² each step multiplies x by 1 − 2η, which shrinks x only when 0 < η < 1.
            """, zh: """
            每一步的步长是 η·f'(x)。η 太小，就走得慢吞吞；η 太大，每一步都跨过谷底，落到比出发点\
            还高的地方，x 越变越大，没有尽头：梯度下降发散了。在 f(x) = x² 上，每一步把 x 乘以 1 − 2η，\
            只有 0 < η < 1 时 x 才会缩小。
            """))
        let rates: [(Text, Double)] = [(Text(en: "too small", zh: "太小"), 0.02), (Text(en: "about right", zh: "合适"), 0.2),
                                      (Text(en: "too large", zh: "太大"), 1.05)]
        var figure = Figure(name: "ch03-learning-rates", title: "Learning rate on f(x) = x², 10 steps from x = 10",
                            xLabel: "step", yLabel: "x")
        var rows: [[Text]] = []
        for (name, eta) in rates {
            nb.code("learning-rates")
            // #region learning-rates
            let path = gradientDescentPath(from: 10, learningRate: eta, steps: 10) { 2 * $0 }
            // #endregion
            figure.series.append(Series("η = \(eta) (\(name.en))", y: path, style: .linesPoints))
            rows.append(["\(eta)", name, Text(en: fixed(path.last!, 6)), Text(en: fixed(path.last! * path.last!, 4))])
            nb.result(Text(en: "x after 10 steps, η = \(eta)", zh: "η = \(eta) 时 10 步之后的 x"), fixed(path.last!, 6))
        }
        nb.table(["η", Text(en: "verdict", zh: "评价"), Text(en: "x after 10 steps", zh: "10 步之后的 x"), "f(x)"], rows)
        figure.legend = .bottomLeft
        try nb.figure(figure, zh: "f(x) = x² 上的学习率：从 x = 10 出发走 10 步")
    }

    // MARK: - Two variables

    func twoVariables(_ nb: Notebook) throws {
        nb.section(Text(en: "Two variables: f(x₁, x₂) = x₁² + 2·x₂²", zh: "两个变量：f(x₁, x₂) = x₁² + 2·x₂²"))
        nb.text(Text(en: """
            With two inputs the derivative becomes the gradient ∇f = (∂f/∂x₁, ∂f/∂x₂) = (2x₁, 4x₂), and the \
            step is taken in both directions at once. The bowl is steeper along x₂, so x₂ shrinks faster \
            (×0.6 per step) than x₁ (×0.8). Start at (−5, −2), η = 0.1, 20 steps.
            """, zh: """
            有两个输入时，导数变成了梯度 ∇f = (∂f/∂x₁, ∂f/∂x₂) = (2x₁, 4x₂)，每一步同时沿两个方向\
            走。这个碗沿 x₂ 方向更陡，所以 x₂ 缩小得比 x₁ 快（每步乘以 0.6，而 x₁ 乘以 0.8）。从 (−5, −2) 出\
            发，η = 0.1，走 20 步。
            """))
        nb.code("descent-2d")
        // #region descent-2d
        let f = { (x1: Double, x2: Double) in x1 * x1 + 2 * x2 * x2 }
        let path = gradientDescentPath(from: [-5, -2], learningRate: 0.1, steps: 20) { x in [2 * x[0], 4 * x[1]] }
        // #endregion
        let end = path.last!
        nb.result(Text(en: "(x₁, x₂) after 20 steps", zh: "20 步之后的 (x₁, x₂)"), "(\(fixed(end[0], 6)), \(fixed(end[1], 6)))")
        nb.result(Text(en: "f after 20 steps", zh: "20 步之后的 f"), fixed(f(end[0], end[1]), 6))

        var figure = Figure(name: "ch03-descent-2d", title: "Gradient descent on x₁² + 2·x₂², η = 0.1, from (−5, −2)",
                            xLabel: "x₁", yLabel: "x₂")
        figure.surface = Surface(x: -6...6, y: -3...3, samples: 61, levels: [0.5, 2, 5, 10, 20, 35, 50], f)
        figure.series = [Series("20 steps of gradient descent", x: path.map { $0[0] }, y: path.map { $0[1] },
                                style: .linesPoints, color: "#d62728")]
        figure.annotations = [Annotation("start", x: -5, y: -2), Annotation("minimum (0, 0)", x: 0, y: 0)]
        figure.xRange = -6...6
        figure.yRange = -3...3
        figure.equalAxes = true
        figure.height = 440
        figure.legend = .topRight
        try nb.figure(figure, zh: "在 x₁² + 2·x₂² 上做梯度下降，η = 0.1，从 (−5, −2) 出发")
    }

    // MARK: - Local and global minima

    func localMinima(_ nb: Notebook) throws {
        nb.section(Text(en: "Local and global minima", zh: "局部最小值与全局最小值"))
        nb.text(Text(en: """
            A network's cost is not a simple bowl. On f(x) = x⁴ − 3x² + x there are two valleys: the global \
            minimum near x = −1.30 and a shallower local one near x = 1.13 (Mofan's notes draw the same \
            picture: global and local minima). Gradient descent only sees the slope where it stands, so \
            where it starts decides which valley it ends in. Both walks use η = 0.05 for 50 steps.
            """, zh: """
            神经网络的代价函数可不是一个简单的碗。f(x) = x⁴ − 3x² + x 有两个山谷：全局最小值在 x = −1.30 附\
            近，另一个较浅的局部最小值在 x = 1.13 附近（莫烦的笔记画的也是这幅图：全局最小值和局\
            部最小值）。梯度下降只看得见脚下的斜率，所以从哪里出发，决定了最后落进哪个山谷。两次\
            都取 η = 0.05，走 50 步。
            """))
        nb.code("two-valleys")
        // #region two-valleys
        let f = { (x: Double) in x * x * x * x - 3 * x * x + x }
        let dfdx = { (x: Double) in 4 * x * x * x - 6 * x + 1 }
        // #endregion
        var figure = Figure(name: "ch03-local-minima", title: "Where you start decides which valley you reach",
                            xLabel: "x", yLabel: "f(x) = x⁴ − 3x² + x")
        figure.series = [Series("f(x)", from: -2.2, to: 2.2, f)]
        var rows: [[Text]] = []
        for start in [-0.5, 2.0] {
            nb.code("walk-from-start")
            // #region walk-from-start
            let path = gradientDescentPath(from: start, learningRate: 0.05, steps: 50, gradient: dfdx)
            // #endregion
            let end = path.last!
            let kind = f(end) < -3 ? Text(en: "global minimum", zh: "全局最小值") : Text(en: "local minimum", zh: "局部最小值")
            rows.append([Text(en: fixed(start, 1)), Text(en: fixed(end, 4)), Text(en: fixed(f(end), 4)), kind])
            nb.result(Text(en: "where the walk from x = \(fixed(start, 1)) ends", zh: "从 x = \(fixed(start, 1)) 出发的终点"), fixed(end, 4))
            figure.series.append(Series("start at x = \(fixed(start, 1)) → \(kind.en)", x: path, y: path.map(f),
                                        style: .linesPoints))
        }
        nb.table([Text(en: "start", zh: "起点"), Text(en: "end x", zh: "终点 x"), Text(en: "f(end)", zh: "f(终点)"), Text(en: "reached", zh: "到达")], rows)
        let firstStep = gradientDescentPath(from: 2.0, learningRate: 0.05, steps: 1, gradient: dfdx)[1]
        nb.result("f'(2.0)", fixed(dfdx(2), 0))
        nb.result(Text(en: "first step from x = 2.0 lands at", zh: "从 x = 2.0 出发的第一步落在"), fixed(firstStep, 4))
        nb.text(Text(en: """
            A step follows the slope, but its length is η times the slope, so it can go too far. Where \
            f'(2.0) = \(fixed(dfdx(2), 0)) is steep, the first step from x = 2.0 jumps right past the bottom of its valley, \
            to x = \(fixed(firstStep, 4)) on the other side, and the walk then creeps back up to 1.13 from \
            the left. In the previous section η = 1.05 went further still and climbed. Gradient descent \
            does not promise to walk downhill: a small enough step does.
            """, zh: """
            每一步都顺着斜率走，但步长是 η 乘以斜率，所以可能走过头。在 f'(2.0) = \(fixed(dfdx(2), 0)) 这\
            样陡的地方，从 x = 2.0 出发的第一步直接跳过了所在山谷的谷底，落到另一侧的 x = \(fixed(firstStep, 4))，\
            之后才从左边慢慢爬回 1.13。上一节里 η = 1.05 走得更远，反而越爬越高。梯度下降并不保证\
            一直下坡：只有步子足够小，才能保证。
            """))
        figure.legend = .bottomRight
        figure.yRange = -4.5...7
        try nb.figure(figure, zh: "从哪里出发，决定你落进哪个山谷")
    }

    // MARK: - Linear regression

    func linearRegression(_ nb: Notebook) throws {
        nb.section(Text(en: "Linear regression: fitting ŷ = w·x + b", zh: "线性回归：拟合 ŷ = w·x + b"))
        nb.text(Text(en: """
            The same walk fits a line to data. The model ŷ = w·x + b is one neuron without an activation. \
            Its cost is the mean squared error L = (1/n)·Σ(ŷᵢ − yᵢ)², and the chain rule gives \
            ∂L/∂w = (2/n)·Σ(ŷᵢ − yᵢ)·xᵢ and ∂L/∂b = (2/n)·Σ(ŷᵢ − yᵢ). The data are the 15 points of the \
            PyTorch demo in the beginner's overview this workbook follows (a Chinese introduction to deep \
            learning); w and b start from a seeded random draw in [−1, 1], as PyTorch's \
            nn.Linear(1, 1) does, and every epoch is one step on all 15 points (full-batch gradient descent).
            """, zh: """
            同样的走法也能给数据拟合一条直线。模型 ŷ = w·x + b 就是一个不带激活函数的神经元。它的\
            代价函数是均方误差 L = (1/n)·Σ(ŷᵢ − yᵢ)²，由链式法则得到 ∂L/∂w = (2/n)·Σ(ŷᵢ − yᵢ)·xᵢ 和 ∂L/∂b = (2/n)·Σ(ŷᵢ − yᵢ)。\
            数据是本书依据的入门综述（一篇中文深度学习入门）里 PyTorch 演示用的 15 个点；w 和 b 的\
            初值像 PyTorch 的 nn.Linear(1, 1) 那样，从 [−1, 1] 中按种子随机抽取。每一轮（epoch）\
            都在全部 15 个点上走一步（全批量梯度下降）。
            """))
        nb.code("regression")
        let x = RegressionPoints.x, y = RegressionPoints.y
        let fit = try fitLine(x: x, y: y, learningRate: learningRate, epochs: epochs, seed: options.seed)
        nb.result(Text(en: "start (w, b)", zh: "初值 (w, b)"), "(\(fixed(fit.start.w, 4)), \(fixed(fit.start.b, 4)))")
        nb.result(Text(en: "loss at the start", zh: "初始损失"), fixed(fit.losses.first!, 4))
        nb.result(Text(en: "after \(epochs) epochs (w, b)", zh: "\(epochs) 轮之后的 (w, b)"), "(\(fixed(fit.w, 4)), \(fixed(fit.b, 4)))")
        nb.result(Text(en: "loss after \(epochs) epochs", zh: "\(epochs) 轮之后的损失"), fixed(fit.losses.last!, 4))

        let exact = leastSquaresLine(x: x, y: y)
        let exactLoss = meanSquaredError(x: x, y: y, w: exact.slope, b: exact.intercept)
        nb.text(Text(en: """
            For a straight line the best w and b can also be solved exactly (the least-squares line, from \
            the normal equations). Compare it with where gradient descent stands after \(epochs) epochs:
            """, zh: """
            对直线来说，最好的 w 和 b 也可以精确解出来（最小二乘直线，由正规方程求得）。把它和梯\
            度下降走了 \(epochs) 轮之后的位置比一比：
            """))
        nb.result(Text(en: "least squares (w, b)", zh: "最小二乘的 (w, b)"), "(\(fixed(exact.slope, 4)), \(fixed(exact.intercept, 4)))")
        nb.result(Text(en: "least-squares loss", zh: "最小二乘的损失"), fixed(exactLoss, 4))
        nb.table(["", "w", "b", Text(en: "loss", zh: "损失")], [
            [Text(en: "gradient descent, \(epochs) epochs", zh: "梯度下降，\(epochs) 轮"), Text(en: fixed(fit.w, 4)), Text(en: fixed(fit.b, 4)),
             Text(en: fixed(fit.losses.last!, 4))],
            [Text(en: "least squares", zh: "最小二乘"), Text(en: fixed(exact.slope, 4)), Text(en: fixed(exact.intercept, 4)),
             Text(en: fixed(exactLoss, 4))],
        ])

        nb.text(Text(en: """
            The loss is close, but neither number is right yet. The reason is the shape of the valley. The \
            xᵢ are all positive (about 6 on average), so raising w and lowering b by about 6 times as much \
            hardly changes the predictions in the middle of the data: the loss forms a long, narrow \
            valley along that direction, and gradient descent must trade w against b all the way along it. Its second derivatives \
            measure how sharply it curves: across the valley and along it.
            """, zh: """
            损失已经很接近了，但 w 和 b 都还不对。原因在山谷的形状。xᵢ 都是正数（平均约为 6），所\
            以把 w 调大一点、同时把 b 调小约 6 倍于此的量，数据中间的预测几乎不变：损失沿这个方向形成一条又长\
            又窄的山谷，梯度下降只能一路在 w 和 b 之间此消彼长地挪过去。损失的二阶导数衡量它弯曲\
            得有多厉害，下面分别沿横穿山谷和顺着山谷两个方向来看。
            """))
        nb.code("curvature")
        let raw = curvatures(x)
        let safeRate = 2 / raw.across
        nb.result(Text(en: "curvature across the valley", zh: "横穿山谷方向的曲率"), fixed(raw.across, 2))
        nb.result(Text(en: "curvature along the valley", zh: "顺着山谷方向的曲率"), fixed(raw.along, 4))
        nb.result(Text(en: "ratio", zh: "两者之比"), fixed(raw.across / raw.along, 0))
        nb.result(Text(en: "largest η that does not diverge, 2 / \(fixed(raw.across, 2))",
                       zh: "不发散的最大 η，2 / \(fixed(raw.across, 2))"), fixed(safeRate, 4))
        nb.result(Text(en: "share of the error along the valley removed per epoch at η = \(learningRate)",
                       zh: "η = \(learningRate) 时每轮消去的顺谷方向误差比例"),
                  fixed(learningRate * raw.along, 4))
        nb.text(Text(en: """
            This is section 2's rule in two dimensions. On f(x) = x², whose curvature is 2, each step \
            multiplied x by 1 − 2η and diverged for η > 1 = 2/2. Here each direction is multiplied by \
            1 − η·(its curvature). The steep direction caps η below \(fixed(safeRate, 4)); at η = \
            \(learningRate) the flat direction then loses only \(fixed(100 * learningRate * raw.along, 2))% of its \
            error per epoch. The first epochs slide down the steep walls, and the rest is a slow creep \
            along the floor. The loss curves \(fixed(raw.across / raw.along, 0)) times more sharply across than \
            along: no single η suits both.
            """, zh: """
            这正是第 2 节那条规则在二维里的样子。在曲率为 2 的 f(x) = x² 上，每一步把 x 乘以 1 − 2η，\
            η > 1 = 2/2 时发散。这里每个方向都乘以 1 − η·(该方向的曲率)。陡的方向把 η 限制在 \(fixed(safeRate, 4)) 以\
            下；于是在 η = \(learningRate) 时，平的方向每轮只消去 \(fixed(100 * learningRate * raw.along, 2))% 的\
            误差。最初几轮沿陡峭的谷壁滑下去，剩下的就是沿着谷底慢慢挪。横穿方向的弯曲程度是顺谷\
            方向的 \(fixed(raw.across / raw.along, 0)) 倍：没有哪一个 η 能同时照顾好两个方向。
            """))
        var valley = Figure(name: "ch03-regression-valley",
                            title: "The (w, b) path on the loss contours: fast down the wall, slow along the valley",
                            xLabel: "w (slope)", yLabel: "b (intercept)")
        // Both valleys are drawn with one unit of w as long as one unit of b (or c), so that their
        // shapes can be compared.
        valley.surface = Surface(x: -0.15...0.65, y: 0.2...1.0, samples: 121,
                                 levels: [0.003, 0.01, 0.03, 0.1, 0.3, 1, 3].map { exactLoss + $0 }) { w, b in
            meanSquaredError(x: x, y: y, w: w, b: b)
        }
        valley.series = [Series("gradient descent, \(epochs) epochs, η = \(learningRate)", x: fit.path.map(\.w),
                                y: fit.path.map(\.b), style: .linesPoints, color: "#d62728", lineWidth: 1.5)]
        valley.annotations = [Annotation("start", x: fit.start.w, y: fit.start.b),
                              Annotation("least squares", x: exact.slope, y: exact.intercept)]
        valley.xRange = -0.15...0.65
        valley.yRange = 0.2...1.0
        valley.equalAxes = true
        valley.height = 800
        valley.legend = .bottomLeft
        try nb.figure(valley, zh: "(w, b) 在损失等高线上的路径：沿谷壁下得快，顺着山谷走得慢")
        try centring(nb, fit: fit, exact: exact, exactLoss: exactLoss)
    }

    /// The second derivatives of L(w, b) = (1/n)·Σ(w·xᵢ + b − yᵢ)² in their steepest and flattest directions.
    func curvatures(_ x: [Double]) -> (across: Double, along: Double) {
        // #region curvature
        // ∂²L/∂w² = (2/n)·Σxᵢ², ∂²L/∂w∂b = (2/n)·Σxᵢ, ∂²L/∂b² = 2: the Hessian [[a, c], [c, d]].
        let n = Double(x.count)
        let a = 2 * x.map { $0 * $0 }.reduce(0, +) / n, c = 2 * x.reduce(0, +) / n, d = 2.0
        // Its eigenvalues: the curvature in the steepest and in the flattest direction.
        let middle = (a + d) / 2, radius = (((a - d) / 2) * ((a - d) / 2) + c * c).squareRoot()
        // #endregion
        return (middle + radius, middle - radius)
    }

    func meanSquaredError(x: [Double], y: [Double], w: Double, b: Double) -> Double {
        zip(x, y).map { (w * $0 + b - $1) * (w * $0 + b - $1) }.reduce(0, +) / Double(x.count)
    }

    // MARK: - Centring x

    func centring(_ nb: Notebook, fit: Fit, exact: (slope: Double, intercept: Double), exactLoss: Double) throws {
        nb.section(Text(en: "Centring x: a rounder valley", zh: "把 x 中心化：圆得多的山谷"))
        let x = RegressionPoints.x, y = RegressionPoints.y
        nb.text(Text(en: """
            The valley is long because x is far from 0. Subtract the mean of x first, and fit \
            ŷ = w·(x − mean x) + c instead: the same lines, written differently (b = c − w·mean x). Now \
            changing w turns the line about the middle of the data rather than about x = 0, and w and c \
            stop trading off against each other.
            """, zh: """
            山谷之所以狭长，是因为 x 离 0 很远。先减去 x 的均值，改为拟合 ŷ = w·(x − x 的均值) + c：\
            还是同样那些直线，只是换了一种写法（b = c − w·x 的均值）。这样改变 w 时，直线绕着数据\
            的中间转动，而不是绕着 x = 0 转动，w 和 c 也就不再互相牵制。
            """))
        nb.code("centre")
        // #region centre
        let meanX = x.reduce(0, +) / Double(x.count)
        let centred = x.map { $0 - meanX }                  // mean 0
        let fitCentred = try fitLine(x: centred, y: y, learningRate: 0.1, epochs: epochs, seed: options.seed)
        let intercept = fitCentred.b - fitCentred.w * meanX   // back to ŷ = w·x + b
        // #endregion
        let raw = curvatures(x), round = curvatures(centred)
        let slowCentred = try fitLine(x: centred, y: y, learningRate: learningRate, epochs: epochs, seed: options.seed)
        nb.result(Text(en: "mean of x", zh: "x 的均值"), fixed(meanX, 4))
        nb.result(Text(en: "curvatures on centred x", zh: "中心化之后的两个曲率"), Text(en: "\(fixed(round.across, 2)) and \(fixed(round.along, 2))", zh: "\(fixed(round.across, 2)) 和 \(fixed(round.along, 2))"))
        nb.result(Text(en: "ratio on centred x", zh: "中心化之后的曲率之比"), fixed(round.across / round.along, 1))
        nb.result(Text(en: "largest η that does not diverge on centred x", zh: "中心化之后不发散的最大 η"), fixed(2 / round.across, 4))
        nb.result(Text(en: "centred x, η = 0.1, after \(epochs) epochs (w, b)", zh: "中心化的 x，η = 0.1，\(epochs) 轮之后的 (w, b)"),
                  "(\(fixed(fitCentred.w, 4)), \(fixed(intercept, 4)))")
        nb.table(["x", "η", Text(en: "after \(epochs) epochs (w, b)", zh: "\(epochs) 轮之后的 (w, b)"),
                  Text(en: "loss − least-squares loss", zh: "损失 − 最小二乘损失")], [
            [Text(en: "as given", zh: "原样"), "\(learningRate)", "(\(fixed(fit.w, 4)), \(fixed(fit.b, 4)))",
             Text(en: fixed(fit.losses.last! - exactLoss, 6))],
            [Text(en: "centred", zh: "中心化"), "\(learningRate)",
             "(\(fixed(slowCentred.w, 4)), \(fixed(slowCentred.b - slowCentred.w * meanX, 4)))",
             Text(en: fixed(slowCentred.losses.last! - exactLoss, 6))],
            [Text(en: "centred", zh: "中心化"), "0.1", "(\(fixed(fitCentred.w, 4)), \(fixed(intercept, 4)))",
             Text(en: fixed(fitCentred.losses.last! - exactLoss, 6))],
        ])
        nb.text(Text(en: """
            With the same η = \(learningRate), centring gets w right (second row), but c, whose curvature is \
            2, still closes only 2η = \(fixed(200 * learningRate, 0))% of its gap per epoch. The real gain is \
            a rounder valley: the ratio of the two curvatures falls from \(fixed(raw.across / raw.along, 0)) \
            to \(fixed(round.across / round.along, 1)) (still an ellipse, no longer a trench: the two \
            figures draw w and b on the same scale), and the steepest curvature drops from \
            \(fixed(raw.across, 2)) to \(fixed(round.across, 2)), so η = 0.1 is safe (on the raw x anything above \(fixed(2 / raw.across, 4)) \
            diverges), and with it both w and b reach the least-squares line. This is the standardisation \
            the beginner's overview lists among its basic ideas: Chapter 6 subtracts each pixel's mean over the \
            training images and divides by the standard deviation, for the same reason.
            """, zh: """
            同样取 η = \(learningRate)，中心化之后 w 就对了（第二行），但曲率为 2 的 c 每轮仍然只\
            缩小 2η = \(fixed(200 * learningRate, 0))% 的差距。真正的收获是山谷圆了很多：两个曲率之比\
            从 \(fixed(raw.across / raw.along, 0)) 降到 \(fixed(round.across / round.along, 1))（仍是椭圆，但\
            不再是一道深沟：两张图里 w 和 b 用的是同样的比例尺），最陡的曲率从 \(fixed(raw.across, 2)) \
            降到 \(fixed(round.across, 2))，所以 η = 0.1 也很安全（在\
            原始的 x 上，η 超过 \(fixed(2 / raw.across, 4)) 就会发散），w 和 b 也都走到了最小二乘\
            直线上。这就是入门综述列为基本概念之一的标准化：第 6 章出于同样的理由，把每个像素减去\
            它在训练图像上的均值，再除以标准差。
            """))
        var round2D = Figure(name: "ch03-regression-centred", title: "The same descent on centred x (η = 0.1): a rounder valley",
                             xLabel: "w (slope)", yLabel: "c (value of ŷ at the mean x)")
        let bestC = exact.intercept + exact.slope * meanX
        round2D.surface = Surface(x: -0.95...1.45, y: 0.3...2.7, samples: 121,
                                  levels: [0.003, 0.01, 0.03, 0.1, 0.3, 1, 3].map { exactLoss + $0 }) { w, c in
            meanSquaredError(x: centred, y: y, w: w, b: c)
        }
        round2D.series = [Series("gradient descent on centred x, η = 0.1", x: fitCentred.path.map(\.w),
                                 y: fitCentred.path.map(\.b), style: .linesPoints, color: "#d62728", lineWidth: 1.5)]
        round2D.annotations = [Annotation("start", x: fitCentred.start.w, y: fitCentred.start.b),
                               Annotation("least squares", x: exact.slope, y: bestC)]
        round2D.xRange = -0.95...1.45
        round2D.yRange = 0.3...2.7
        round2D.equalAxes = true
        round2D.height = 800
        round2D.legend = .bottomRight
        try nb.figure(round2D, zh: "在中心化的 x 上做同样的梯度下降（η = 0.1）：圆得多的山谷")
        nb.chineseNote("""
            入门综述对标准化的说法是：“將數據按比例縮放，使之落入一個小的特定區間”，接着又说“轉化\
            為標準的正態分布，均值為0，方差為1”。后一句才是标准化：(x − 均值) / 标准\
            差，只保证均值为 0、方差为 1，并不把数据限定在某个区间里——偏离均值三个标准差的值，标\
            准化之后就是 3 或 −3。把数据压进一个固定小区间（比如 [0, 1]）的是归一化（最小-最大缩\
            放）。两者的区别见第 6 章和术语表。
            """)

        var loss = Figure(name: "ch03-regression-loss",
                          title: "Loss above the least-squares loss, per epoch (log scale)",
                          xLabel: "epoch", yLabel: "L − L* (L* = least-squares loss)")
        func excess(_ losses: [Double]) -> [Double] { losses.map { $0 - exactLoss > 0 ? $0 - exactLoss : .nan } }
        loss.series = [
            Series("x as given, η = \(learningRate)", x: fit.losses.indices.map(Double.init), y: excess(fit.losses)),
            Series("centred x, η = \(learningRate)", x: slowCentred.losses.indices.map(Double.init),
                   y: excess(slowCentred.losses), style: .dashed),
            Series("centred x, η = 0.1", x: fitCentred.losses.indices.map(Double.init), y: excess(fitCentred.losses)),
        ]
        loss.logY = true
        loss.yRange = 1e-10...10
        loss.legend = .bottomLeft
        try nb.figure(loss, zh: "每一轮的损失比最小二乘损失高出多少（对数坐标）")

        var line = Figure(name: "ch03-regression-fit", title: "Linear regression on the 15 points of the PyTorch demo",
                          xLabel: "x", yLabel: "y")
        line.series = [Series("data", x: x, y: y, style: .points),
                       Series("x as given, η = \(learningRate), \(epochs) epochs", from: 1.5, to: 11.5) { fit.w * $0 + fit.b },
                       Series("least squares", from: 1.5, to: 11.5, style: .dashed) { exact.slope * $0 + exact.intercept }]
        line.legend = .topLeft
        try nb.figure(line, zh: "在 PyTorch 演示的 15 个点上做线性回归")
    }

    // MARK: - The PyTorch demo, line by line

    func pyTorchDemo(_ nb: Notebook) {
        nb.section(Text(en: "The PyTorch demo, line by line", zh: "逐行对照 PyTorch 演示"))
        nb.text(Text(en: """
            The beginner's overview fits these 15 points with PyTorch. Every line of its training has a \
            counterpart in the Swift above, which spells out what the library does for you:
            """, zh: """
            入门综述用 PyTorch 拟合这 15 个点。它训练部分的每一行，在上面的 Swift 代码里都有对应\
            ，库替你做的事情，这里都一一写了出来：
            """))
        nb.table([Text(en: "PyTorch (the overview's demo)", zh: "PyTorch（入门综述的演示）"), Text(en: "the Swift above", zh: "上面的 Swift"), Text(en: "what it does", zh: "作用")], [
            ["model = nn.Linear(1, 1)", Text(en: "var w = …, b = … (uniform in [−1, 1])", zh: "var w = …, b = …（[−1, 1] 上均匀分布）"),
             Text(en: "one weight and one bias; for one input PyTorch draws them from [−1, 1]",
                  zh: "一个权重和一个偏置；只有一个输入时，PyTorch 从 [−1, 1] 中抽取它们")],
            ["lossFunc = nn.MSELoss()", "loss = Σ(ŷ − y)² / n", Text(en: "the mean squared error", zh: "均方误差")],
            ["optimizer = optim.SGD(model.parameters(), lr=0.01)", "eta = 0.01", Text(en: "plain steps p ← p − η·∂L/∂p", zh: "最朴素的一步：p ← p − η·∂L/∂p")],
            ["for epoch in range(num_epochs):", "for epoch in 0...epochs", Text(en: "100 epochs", zh: "100 轮")],
            ["y_hat = model(x)", "let yPred = x.map { w * $0 + b }", Text(en: "the forward pass on all 15 points", zh: "在全部 15 个点上做前向传播")],
            ["loss = lossFunc(y_hat, y)", "let loss = … / n", Text(en: "one number for the whole data set", zh: "整个数据集只算出一个数")],
            ["optimizer.zero_grad()", Text(en: "(nothing to clear)", zh: "（无需清零）"),
             Text(en: "PyTorch adds new gradients to the old ones, so they are cleared first; here dLdw, dLdb are new each epoch",
                  zh: "PyTorch 会把新梯度累加到旧梯度上，所以要先清零；这里的 dLdw、dLdb 每轮都是新算的")],
            ["loss.backward()", "let dLdw = …, let dLdb = …", Text(en: "the gradients, by the chain rule", zh: "用链式法则求梯度")],
            ["optimizer.step()", "w -= eta * dLdw; b -= eta * dLdb", Text(en: "one step downhill", zh: "往下坡走一步")],
        ])
        nb.text(Text(en: """
            Notice that optim.SGD, "stochastic" gradient descent, is given all 15 points at every step. \
            With the full batch nothing is random about the step: it is plain gradient descent. SGD \
            proper takes each step on one example (Chapter 5) or a small random batch (Chapter 6). Run in \
            PyTorch, the demo prints other digits than this chapter: PyTorch computes in 32-bit floats and \
            draws its own random start.
            """, zh: """
            注意：optim.SGD 虽然叫“随机”梯度下降，每一步拿到的却是全部 15 个点。用全批量时，每一\
            步都没有任何随机的成分：这就是普通的梯度下降。真正的 SGD 每一步只用一个样本（第 5 章\
            ），或者随机抽取的一小批样本（第 6 章）。在 PyTorch 里运行这个演示，打印出来的数字会\
            和本章不同：PyTorch 用 32 位浮点数计算，随机初值也是它自己抽的。
            """))
    }

    // MARK: - Further reading

    func furtherReading(_ nb: Notebook) {
        nb.section(Text(en: "Further reading", zh: "延伸阅读"))
        nb.table([Text(en: "reading", zh: "读物"), Text(en: "where to find it", zh: "在哪里找"), Text(en: "what it adds", zh: "补充了什么")], [
            [Text(en: "Michael Nielsen, Neural Networks and Deep Learning, chapter 1 (Learning with gradient descent)",
                  zh: "Michael Nielsen，《Neural Networks and Deep Learning》第 1 章（Learning with gradient descent，英文）"),
             "http://neuralnetworksanddeeplearning.com/chap1.html",
             Text(en: "the ball rolling down a valley, and why η must be small", zh: "小球滚下山谷，以及 η 为什么必须小")],
            [Text(en: "3Blue1Brown, \"Gradient descent, how neural networks learn\"",
                  zh: "3Blue1Brown，“Gradient descent, how neural networks learn”（B 站有中文字幕版）"),
             "https://www.3blue1brown.com/lessons/gradient-descent",
             Text(en: "the gradient as the direction of steepest ascent, in 13,002 dimensions",
                  zh: "梯度是上升最快的方向，在 13,002 维空间里也一样")],
            [Text(en: "Koki Saito, Deep Learning from Scratch, chapter 4", zh: "斋藤康毅，《深度学习入门：基于 Python 的理论与实现》第 4 章"),
             Text(en: "sections 4.3–4.4", zh: "4.3–4.4 节"),
             Text(en: "numerical derivatives, the gradient, the gradient method and the learning rate",
                  zh: "数值微分、梯度、梯度法与学习率")],
            [Text(en: "Dive into Deep Learning, section 12.3 (Gradient Descent)", zh: "《动手学深度学习》英文版 12.3 节（梯度下降）"),
             "https://d2l.ai/chapter_optimization/gd.html",
             Text(en: "learning rates, and why ill-conditioned problems are slow", zh: "学习率，以及病态问题为什么收敛慢")],
            [Text(en: "Dive into Deep Learning, section 3.4 (Linear Regression Implementation from Scratch)",
                  zh: "《动手学深度学习》英文版 3.4 节（从零开始实现线性回归）"),
             "https://d2l.ai/chapter_linear-regression/linear-regression-scratch.html",
             Text(en: "the same fit, written with tensors", zh: "同样的拟合，用张量来写")],
        ])
    }

    struct Fit {
        var w: Double, b: Double
        var start: (w: Double, b: Double)
        var losses: [Double]
        /// (w, b) before every epoch and after the last.
        var path: [(w: Double, b: Double)]
    }

    /// Full-batch gradient descent on the mean squared error of ŷ = w·x + b.
    func fitLine(x: [Double], y: [Double], learningRate eta: Double, epochs: Int, seed: UInt64) throws -> Fit {
        // #region regression
        var rng = SeededRandom(seed: seed)
        var w = Double(rng.uniform(-1, 1)), b = Double(rng.uniform(-1, 1))
        let start = (w: w, b: b)
        let n = Double(x.count)
        var losses: [Double] = [], path = [(w: w, b: b)]
        for epoch in 0...epochs {
            let yPred = x.map { w * $0 + b }
            let loss = zip(yPred, y).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / n
            guard loss.isFinite else {
                throw TrainingDiverged(epoch: epoch, learningRate: eta,
                                       what: Text(en: "the loss became \(loss)", zh: "损失变成了 \(loss)"))
            }
            losses.append(loss)
            if epoch == epochs { break }
            let dLdw = 2 / n * zip(zip(yPred, y), x).map { ($0.0 - $0.1) * $1 }.reduce(0, +)
            let dLdb = 2 / n * zip(yPred, y).map { $0 - $1 }.reduce(0, +)
            w -= eta * dLdw
            b -= eta * dLdb
            path.append((w, b))
        }
        // #endregion
        return Fit(w: w, b: b, start: start, losses: losses, path: path)
    }
}
