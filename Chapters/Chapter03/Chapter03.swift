// Chapter 3 · Gradient descent
//
// Walk downhill on functions we can see: one variable, two variables, a bumpy curve with two
// valleys, and finally a straight line fitted to data, the smallest "network" there is.

import ArgumentParser
import Engine
import Workbook
import Foundation

@main
struct Chapter03: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Chapter 3: gradient descent, learning rates, local minima, and a linear regression.")

    @OptionGroup var options: ChapterOptions

    @Option(help: "Learning rate of the linear regression (up to 10).")
    var learningRate: Double = 0.01

    @Option(help: "Epochs of full-batch gradient descent for the linear regression (1–100000).")
    var epochs: Int = 100

    func validate() throws {
        try OptionCheck.checkLearningRate(learningRate)
        try OptionCheck.check(epochs, in: 1...100_000, flag: "--epochs")
    }

    func run() throws {
        let nb = Notebook(chapter: 3, title: "Gradient descent", options: options)
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
        nb.section("Downhill on f(x) = x²")
        nb.text("""
            The derivative f'(x) = 2x says which way is uphill and how steep it is. Gradient descent takes \
            a small step the other way: x ← x − η·f'(x), where η (eta) is the learning rate. Start at \
            x = 10 with η = 0.2: every step multiplies x by 1 − 2·0.2 = 0.6.
            """)
        nb.code("descent-1d")
        // #region descent-1d
        let f = { (x: Double) in x * x }
        let dfdx = { (x: Double) in 2 * x }
        let path = gradientDescentPath(from: 10, learningRate: 0.2, steps: 10, gradient: dfdx)
        // #endregion
        nb.table(["step", "x", "f(x)"], path.enumerated().map { [String($0), fixed($1, 6), fixed(f($1), 6)] })
        nb.result("x after 10 steps", fixed(path.last!, 6))

        var figure = Figure(name: "ch03-descent-1d", title: "Gradient descent on f(x) = x², η = 0.2, from x = 10",
                            xLabel: "x", yLabel: "f(x)")
        figure.series = [Series("f(x) = x²", from: -11, to: 11, f),
                         Series("steps of gradient descent", x: path, y: path.map(f), style: .linesPoints)]
        figure.legend = .topLeft
        try nb.figure(figure)
    }

    // MARK: - Learning rates

    func learningRates(_ nb: Notebook) throws {
        nb.section("The learning rate: too small, about right, too large")
        nb.text("""
            The step size is η·f'(x). Too small and the walk crawls; too large and every step jumps over the \
            valley and lands higher than it started, so x grows without end: the descent diverges. On \
            f(x) = x² each step multiplies x by 1 − 2η, which shrinks x only when 0 < η < 1.
            """)
        let rates: [(String, Double)] = [("too small", 0.02), ("about right", 0.2), ("too large", 1.05)]
        var figure = Figure(name: "ch03-learning-rates", title: "Learning rate on f(x) = x², 10 steps from x = 10",
                            xLabel: "step", yLabel: "x")
        var rows: [[String]] = []
        for (name, eta) in rates {
            nb.code("learning-rates")
            // #region learning-rates
            let path = gradientDescentPath(from: 10, learningRate: eta, steps: 10) { 2 * $0 }
            // #endregion
            figure.series.append(Series("η = \(eta) (\(name))", y: path, style: .linesPoints))
            rows.append(["\(eta)", name, fixed(path.last!, 6), fixed(path.last! * path.last!, 4)])
            nb.result("x after 10 steps, η = \(eta)", fixed(path.last!, 6))
        }
        nb.table(["η", "verdict", "x after 10 steps", "f(x)"], rows)
        figure.legend = .bottomLeft
        try nb.figure(figure)
    }

    // MARK: - Two variables

    func twoVariables(_ nb: Notebook) throws {
        nb.section("Two variables: f(x₁, x₂) = x₁² + 2·x₂²")
        nb.text("""
            With two inputs the derivative becomes the gradient ∇f = (∂f/∂x₁, ∂f/∂x₂) = (2x₁, 4x₂), and the \
            step is taken in both directions at once. The bowl is steeper along x₂, so x₂ shrinks faster \
            (×0.6 per step) than x₁ (×0.8). Start at (−5, −2), η = 0.1, 20 steps.
            """)
        nb.code("descent-2d")
        // #region descent-2d
        let f = { (x1: Double, x2: Double) in x1 * x1 + 2 * x2 * x2 }
        let path = gradientDescentPath(from: [-5, -2], learningRate: 0.1, steps: 20) { x in [2 * x[0], 4 * x[1]] }
        // #endregion
        let end = path.last!
        nb.result("(x₁, x₂) after 20 steps", "(\(fixed(end[0], 6)), \(fixed(end[1], 6)))")
        nb.result("f after 20 steps", fixed(f(end[0], end[1]), 6))

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
        try nb.figure(figure)
    }

    // MARK: - Local and global minima

    func localMinima(_ nb: Notebook) throws {
        nb.section("Local and global minima")
        nb.text("""
            A network's cost is not a simple bowl. On f(x) = x⁴ − 3x² + x there are two valleys: the global \
            minimum near x = −1.30 and a shallower local one near x = 1.13 (Mofan's notes draw the same \
            picture: global and local minima). Gradient descent only sees the slope where it stands, so \
            where it starts decides which valley it ends in. Both walks use η = 0.05 for 50 steps.
            """)
        nb.code("two-valleys")
        // #region two-valleys
        let f = { (x: Double) in x * x * x * x - 3 * x * x + x }
        let dfdx = { (x: Double) in 4 * x * x * x - 6 * x + 1 }
        // #endregion
        var figure = Figure(name: "ch03-local-minima", title: "Where you start decides which valley you reach",
                            xLabel: "x", yLabel: "f(x) = x⁴ − 3x² + x")
        figure.series = [Series("f(x)", from: -2.2, to: 2.2, f)]
        var rows: [[String]] = []
        for start in [-0.5, 2.0] {
            nb.code("walk-from-start")
            // #region walk-from-start
            let path = gradientDescentPath(from: start, learningRate: 0.05, steps: 50, gradient: dfdx)
            // #endregion
            let end = path.last!
            let kind = f(end) < -3 ? "global minimum" : "local minimum"
            rows.append([fixed(start, 1), fixed(end, 4), fixed(f(end), 4), kind])
            nb.result("where the walk from x = \(fixed(start, 1)) ends", fixed(end, 4))
            figure.series.append(Series("start at x = \(fixed(start, 1)) → \(kind)", x: path, y: path.map(f),
                                        style: .linesPoints))
        }
        nb.table(["start", "end x", "f(end)", "reached"], rows)
        let firstStep = gradientDescentPath(from: 2.0, learningRate: 0.05, steps: 1, gradient: dfdx)[1]
        nb.result("f'(2.0)", fixed(dfdx(2), 0))
        nb.result("first step from x = 2.0 lands at", fixed(firstStep, 4))
        nb.text("""
            A step follows the slope, but its length is η times the slope, so it can go too far. Where \
            f'(2.0) = \(fixed(dfdx(2), 0)) is steep, the first step from x = 2.0 jumps right past the bottom of its valley, \
            to x = \(fixed(firstStep, 4)) on the other side, and the walk then creeps back up to 1.13 from \
            the left. In the previous section η = 1.05 went further still and climbed. Gradient descent \
            does not promise to walk downhill: a small enough step does.
            """)
        figure.legend = .bottomRight
        figure.yRange = -4.5...7
        try nb.figure(figure)
    }

    // MARK: - Linear regression

    func linearRegression(_ nb: Notebook) throws {
        nb.section("Linear regression: fitting ŷ = w·x + b")
        nb.text("""
            The same walk fits a line to data. The model ŷ = w·x + b is one neuron without an activation. \
            Its cost is the mean squared error L = (1/n)·Σ(ŷᵢ − yᵢ)², and the chain rule gives \
            ∂L/∂w = (2/n)·Σ(ŷᵢ − yᵢ)·xᵢ and ∂L/∂b = (2/n)·Σ(ŷᵢ − yᵢ). The data are the 15 points of the \
            PyTorch demo in the beginner's overview this workbook follows (a Chinese introduction to deep \
            learning); w and b start from a seeded random draw in [−1, 1], as PyTorch's \
            nn.Linear(1, 1) does, and every epoch is one step on all 15 points (full-batch gradient descent).
            """)
        nb.code("regression")
        let x = RegressionPoints.x, y = RegressionPoints.y
        let fit = try fitLine(x: x, y: y, learningRate: learningRate, epochs: epochs, seed: options.seed)
        nb.result("start (w, b)", "(\(fixed(fit.start.w, 4)), \(fixed(fit.start.b, 4)))")
        nb.result("loss at the start", fixed(fit.losses.first!, 4))
        nb.result("after \(epochs) epochs (w, b)", "(\(fixed(fit.w, 4)), \(fixed(fit.b, 4)))")
        nb.result("loss after \(epochs) epochs", fixed(fit.losses.last!, 4))

        let exact = leastSquaresLine(x: x, y: y)
        let exactLoss = meanSquaredError(x: x, y: y, w: exact.slope, b: exact.intercept)
        nb.text("""
            For a straight line the best w and b can also be solved exactly (the least-squares line, from \
            the normal equations). Compare it with where gradient descent stands after \(epochs) epochs:
            """)
        nb.result("least squares (w, b)", "(\(fixed(exact.slope, 4)), \(fixed(exact.intercept, 4)))")
        nb.result("least-squares loss", fixed(exactLoss, 4))
        nb.table(["", "w", "b", "loss"], [
            ["gradient descent, \(epochs) epochs", fixed(fit.w, 4), fixed(fit.b, 4), fixed(fit.losses.last!, 4)],
            ["least squares", fixed(exact.slope, 4), fixed(exact.intercept, 4), fixed(exactLoss, 4)],
        ])

        nb.text("""
            The loss is close, but neither number is right yet. The reason is the shape of the valley. The \
            xᵢ are all positive (about 6 on average), so raising w and lowering b by about 6 times as much \
            hardly changes the predictions in the middle of the data: the loss forms a long, narrow \
            valley along that direction, and gradient descent must trade w against b all the way along it. Its second derivatives \
            measure how sharply it curves: across the valley and along it.
            """)
        nb.code("curvature")
        let raw = curvatures(x)
        let safeRate = 2 / raw.across
        nb.result("curvature across the valley", fixed(raw.across, 2))
        nb.result("curvature along the valley", fixed(raw.along, 4))
        nb.result("ratio", fixed(raw.across / raw.along, 0))
        nb.result("largest η that does not diverge, 2 / \(fixed(raw.across, 2))", fixed(safeRate, 4))
        nb.result("share of the error along the valley removed per epoch at η = \(learningRate)",
                  fixed(learningRate * raw.along, 4))
        nb.text("""
            This is section 2's rule in two dimensions. On f(x) = x², whose curvature is 2, each step \
            multiplied x by 1 − 2η and diverged for η > 1 = 2/2. Here each direction is multiplied by \
            1 − η·(its curvature). The steep direction caps η below \(fixed(safeRate, 4)); at η = \
            \(learningRate) the flat direction then loses only \(fixed(100 * learningRate * raw.along, 2))% of its \
            error per epoch. The first epochs slide down the steep walls, and the rest is a slow creep \
            along the floor. The loss curves \(fixed(raw.across / raw.along, 0)) times more sharply across than \
            along: no single η suits both.
            """)
        var valley = Figure(name: "ch03-regression-valley",
                            title: "The (w, b) path on the loss contours: fast down the wall, slow along the valley",
                            xLabel: "w (slope)", yLabel: "b (intercept)")
        valley.surface = Surface(x: 0.05...0.45, y: -0.4...1.6, samples: 81,
                                 levels: [0.003, 0.01, 0.03, 0.1, 0.3, 1, 3].map { exactLoss + $0 }) { w, b in
            meanSquaredError(x: x, y: y, w: w, b: b)
        }
        valley.series = [Series("gradient descent, \(epochs) epochs, η = \(learningRate)", x: fit.path.map(\.w),
                                y: fit.path.map(\.b), style: .linesPoints, color: "#d62728", lineWidth: 1.5)]
        valley.annotations = [Annotation("start", x: fit.start.w, y: fit.start.b),
                              Annotation("least squares", x: exact.slope, y: exact.intercept)]
        valley.xRange = 0.05...0.45
        valley.yRange = -0.4...1.6
        valley.legend = .bottomLeft
        try nb.figure(valley)
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
        nb.section("Centring x: a round valley")
        let x = RegressionPoints.x, y = RegressionPoints.y
        nb.text("""
            The valley is long because x is far from 0. Subtract the mean of x first, and fit \
            ŷ = w·(x − mean x) + c instead: the same lines, written differently (b = c − w·mean x). Now \
            changing w turns the line about the middle of the data rather than about x = 0, and w and c \
            stop trading off against each other.
            """)
        nb.code("centre")
        // #region centre
        let meanX = x.reduce(0, +) / Double(x.count)
        let centred = x.map { $0 - meanX }                  // mean 0
        let fitCentred = try fitLine(x: centred, y: y, learningRate: 0.1, epochs: epochs, seed: options.seed)
        let intercept = fitCentred.b - fitCentred.w * meanX   // back to ŷ = w·x + b
        // #endregion
        let raw = curvatures(x), round = curvatures(centred)
        let slowCentred = try fitLine(x: centred, y: y, learningRate: learningRate, epochs: epochs, seed: options.seed)
        nb.result("mean of x", fixed(meanX, 4))
        nb.result("curvatures on centred x", "\(fixed(round.across, 2)) and \(fixed(round.along, 2))")
        nb.result("ratio on centred x", fixed(round.across / round.along, 1))
        nb.result("largest η that does not diverge on centred x", fixed(2 / round.across, 4))
        nb.result("centred x, η = 0.1, after \(epochs) epochs (w, b)", "(\(fixed(fitCentred.w, 4)), \(fixed(intercept, 4)))")
        nb.table(["x", "η", "after \(epochs) epochs (w, b)", "loss − least-squares loss"], [
            ["as given", "\(learningRate)", "(\(fixed(fit.w, 4)), \(fixed(fit.b, 4)))", fixed(fit.losses.last! - exactLoss, 6)],
            ["centred", "\(learningRate)",
             "(\(fixed(slowCentred.w, 4)), \(fixed(slowCentred.b - slowCentred.w * meanX, 4)))",
             fixed(slowCentred.losses.last! - exactLoss, 6)],
            ["centred", "0.1", "(\(fixed(fitCentred.w, 4)), \(fixed(intercept, 4)))",
             fixed(fitCentred.losses.last! - exactLoss, 6)],
        ])
        nb.text("""
            With the same η = \(learningRate), centring gets w right (second row), but c, whose curvature is \
            2, still closes only 2η = \(fixed(200 * learningRate, 0))% of its gap per epoch. The real gain is \
            the round valley: the steepest curvature drops from \(fixed(raw.across, 2)) to \
            \(fixed(round.across, 2)), so η = 0.1 is safe (on the raw x anything above \(fixed(2 / raw.across, 4)) \
            diverges), and with it both w and b reach the least-squares line. This is the standardisation \
            the beginner's overview lists among its basic ideas: Chapter 6 subtracts each pixel's mean over the \
            training images and divides by the standard deviation, for the same reason.
            """)
        var round2D = Figure(name: "ch03-regression-centred", title: "The same descent on centred x (η = 0.1): a round valley",
                             xLabel: "w (slope)", yLabel: "c (value of ŷ at the mean x)")
        let bestC = exact.intercept + exact.slope * meanX
        round2D.surface = Surface(x: 0.0...0.5, y: 0.2...2.8, samples: 81,
                                  levels: [0.003, 0.01, 0.03, 0.1, 0.3, 1, 3].map { exactLoss + $0 }) { w, c in
            meanSquaredError(x: centred, y: y, w: w, b: c)
        }
        round2D.series = [Series("gradient descent on centred x, η = 0.1", x: fitCentred.path.map(\.w),
                                 y: fitCentred.path.map(\.b), style: .linesPoints, color: "#d62728", lineWidth: 1.5)]
        round2D.annotations = [Annotation("start", x: fitCentred.start.w, y: fitCentred.start.b),
                               Annotation("least squares", x: exact.slope, y: bestC)]
        round2D.xRange = 0.0...0.5
        round2D.yRange = 0.2...2.8
        round2D.legend = .bottomRight
        try nb.figure(round2D)

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
        try nb.figure(loss)

        var line = Figure(name: "ch03-regression-fit", title: "Linear regression on the 15 points of the PyTorch demo",
                          xLabel: "x", yLabel: "y")
        line.series = [Series("data", x: x, y: y, style: .points),
                       Series("x as given, η = \(learningRate), \(epochs) epochs", from: 1.5, to: 11.5) { fit.w * $0 + fit.b },
                       Series("least squares", from: 1.5, to: 11.5, style: .dashed) { exact.slope * $0 + exact.intercept }]
        line.legend = .topLeft
        try nb.figure(line)
    }

    // MARK: - The PyTorch demo, line by line

    func pyTorchDemo(_ nb: Notebook) {
        nb.section("The PyTorch demo, line by line")
        nb.text("""
            The beginner's overview fits these 15 points with PyTorch. Every line of its training has a \
            counterpart in the Swift above, which spells out what the library does for you:
            """)
        nb.table(["PyTorch (the overview's demo)", "the Swift above", "what it does"], [
            ["model = nn.Linear(1, 1)", "var w = …, b = … (uniform in [−1, 1])",
             "one weight and one bias; for one input PyTorch draws them from [−1, 1]"],
            ["lossFunc = nn.MSELoss()", "loss = Σ(ŷ − y)² / n", "the mean squared error"],
            ["optimizer = optim.SGD(model.parameters(), lr=0.01)", "eta = 0.01", "plain steps p ← p − η·∂L/∂p"],
            ["for epoch in range(num_epochs):", "for epoch in 0...epochs", "100 epochs"],
            ["y_hat = model(x)", "let yPred = x.map { w * $0 + b }", "the forward pass on all 15 points"],
            ["loss = lossFunc(y_hat, y)", "let loss = … / n", "one number for the whole data set"],
            ["optimizer.zero_grad()", "(nothing to clear)",
             "PyTorch adds new gradients to the old ones, so they are cleared first; here dLdw, dLdb are new each epoch"],
            ["loss.backward()", "let dLdw = …, let dLdb = …", "the gradients, by the chain rule"],
            ["optimizer.step()", "w -= eta * dLdw; b -= eta * dLdb", "one step downhill"],
        ])
        nb.text("""
            Notice that optim.SGD, "stochastic" gradient descent, is given all 15 points at every step. \
            With the full batch nothing is random about the step: it is plain gradient descent. SGD \
            proper takes each step on one example (Chapter 5) or a small random batch (Chapter 6). Run in \
            PyTorch, the demo prints other digits than this chapter: PyTorch computes in 32-bit floats and \
            draws its own random start.
            """)
    }

    // MARK: - Further reading

    func furtherReading(_ nb: Notebook) {
        nb.section("Further reading")
        nb.table(["reading", "where to find it", "what it adds"], [
            ["Michael Nielsen, Neural Networks and Deep Learning, chapter 1 (Learning with gradient descent)",
             "http://neuralnetworksanddeeplearning.com/chap1.html", "the ball rolling down a valley, and why η must be small"],
            ["3Blue1Brown, \"Gradient descent, how neural networks learn\"",
             "https://www.3blue1brown.com/lessons/gradient-descent", "the gradient as the direction of steepest ascent, in 13,002 dimensions"],
            ["Koki Saito, Deep Learning from Scratch, chapter 4", "sections 4.3–4.4",
             "numerical derivatives, the gradient, the gradient method and the learning rate"],
            ["Dive into Deep Learning, section 12.3 (Gradient Descent)", "https://d2l.ai/chapter_optimization/gd.html",
             "learning rates, and why ill-conditioned problems are slow"],
            ["Dive into Deep Learning, section 3.4 (Linear Regression Implementation from Scratch)",
             "https://d2l.ai/chapter_linear-regression/linear-regression-scratch.html", "the same fit, written with tensors"],
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
                throw TrainingDiverged(epoch: epoch, learningRate: eta, what: "the loss became \(loss)")
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
