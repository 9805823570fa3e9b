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
            minimum near x = −1.30 and a shallower local one near x = 1.13. Gradient descent only ever \
            walks downhill, so where it starts decides where it ends. Both walks use η = 0.05 for 50 steps.
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
            classic PyTorch demo; w and b start from a seeded random draw in [−1, 1], as PyTorch's \
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
        let exactLoss = zip(x, y).map { pow(exact.slope * $0 + exact.intercept - $1, 2) }.reduce(0, +) / Double(x.count)
        nb.text("""
            For a straight line the best w and b can also be solved exactly (the least-squares line, from \
            the normal equations). Gradient descent heads towards it; with η = \(learningRate) it gets the \
            slope almost right within a few epochs, while the intercept creeps along a long, flat valley.
            """)
        nb.result("least squares (w, b)", "(\(fixed(exact.slope, 4)), \(fixed(exact.intercept, 4)))")
        nb.result("least-squares loss", fixed(exactLoss, 4))

        var loss = Figure(name: "ch03-regression-loss", title: "Linear regression: loss per epoch (η = \(learningRate))",
                          xLabel: "epoch", yLabel: "mean squared error")
        loss.series = [Series("gradient descent", x: fit.losses.indices.map(Double.init), y: fit.losses),
                       Series("least-squares optimum", x: [0, Double(epochs)], y: [exactLoss, exactLoss], style: .dashed)]
        loss.yRange = 0...(fit.losses.first! * 1.1)
        try nb.figure(loss)

        var line = Figure(name: "ch03-regression-fit", title: "Linear regression on the 15 points of the PyTorch demo",
                          xLabel: "x", yLabel: "y")
        line.series = [Series("data", x: x, y: y, style: .points),
                       Series("gradient descent after \(epochs) epochs", from: 1.5, to: 11.5) { fit.w * $0 + fit.b },
                       Series("least squares", from: 1.5, to: 11.5, style: .dashed) { exact.slope * $0 + exact.intercept }]
        line.legend = .topLeft
        try nb.figure(line)
    }

    /// Full-batch gradient descent on the mean squared error of ŷ = w·x + b.
    func fitLine(x: [Double], y: [Double], learningRate eta: Double, epochs: Int, seed: UInt64) throws
        -> (w: Double, b: Double, start: (w: Double, b: Double), losses: [Double]) {
        // #region regression
        var rng = SeededRandom(seed: seed)
        var w = Double(rng.uniform(-1, 1)), b = Double(rng.uniform(-1, 1))
        let start = (w: w, b: b)
        let n = Double(x.count)
        var losses: [Double] = []
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
        }
        // #endregion
        return (w, b, start, losses)
    }
}
