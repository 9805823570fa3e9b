// Chapter 5 · Stochastic gradient descent
//
// Train Victor Zhou's network on Alice, Bob, Charlie and Diana one person at a time, watch the
// loss fall, predict two new people, and compare SGD, momentum and Adam on one surface.

import ArgumentParser
import Engine
import Workbook
import Foundation

@main
struct Chapter05: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Chapter 5: training with stochastic gradient descent, predictions, and optimisers compared.")

    @OptionGroup var options: ChapterOptions

    @Option(help: "Learning rate η of the SGD training (up to 10).")
    var learningRate: Double = 0.1

    @Option(help: "Epochs of training, one step per person each (1–100000).")
    var epochs: Int = 1000

    func validate() throws {
        try OptionCheck.checkLearningRate(learningRate)
        try OptionCheck.check(epochs, in: 1...100_000, flag: "--epochs")
    }

    func run() throws {
        let nb = Notebook(chapter: 5, title: "Stochastic gradient descent", options: options)
        let network = try advisingOnDivergence { try training(nb) }
        try predictions(nb, network)
        try optimisers(nb)
        try nb.finish()
    }

    /// Per-sample SGD on the four people; the loss over all four every 10 epochs.
    static func train(seed: UInt64, learningRate: Double, epochs: Int) throws -> (AliceNetwork, [(Int, Double)]) {
        let people = People.training
        // #region sgd
        var rng = SeededRandom(seed: seed)
        var network = AliceNetwork(rng: &rng)          // every weight and bias ~ N(0, 1)
        var losses = [(0, network.meanLoss(people.map(\.x), people.map(\.y)))]
        for epoch in 1...epochs {
            for person in people {                     // one step per person: stochastic
                network.sgdStep(person.x, person.y, learningRate: learningRate)
            }
            if epoch % 10 == 0 {
                let loss = network.meanLoss(people.map(\.x), people.map(\.y))
                guard loss.isFinite else {
                    throw TrainingDiverged(epoch: epoch, learningRate: learningRate, what: "the loss became \(loss)")
                }
                losses.append((epoch, loss))
            }
        }
        // #endregion
        return (network, losses)
    }

    func training(_ nb: Notebook) throws -> AliceNetwork {
        nb.section("Training on Alice, Bob, Charlie and Diana")
        nb.text("""
            Stochastic gradient descent takes one person at a time: compute the nine gradients of that \
            person's cost by backprop (Chapter 4) and move every parameter a little against its gradient, \
            p ← p − η·∂L/∂p. One pass over the four people is an epoch. The weights start as random draws \
            from a normal distribution (seed \(options.seed)); η = \(learningRate), \(epochs) epochs.
            """)
        nb.code("sgd")
        let (network, losses) = try Self.train(seed: options.seed, learningRate: learningRate, epochs: epochs)
        let shown = losses.filter { $0.0 % max(10, epochs / 10 / 10 * 10) == 0 }
        nb.table(["epoch", "loss (mean squared error)"], shown.map { ["\($0.0)", fixed($0.1, 4)] })
        nb.result("loss before training", fixed(losses.first!.1, 4))
        nb.result("loss after \(epochs) epochs", fixed(losses.last!.1, 4))
        var figure = Figure(name: "ch05-loss", title: "SGD on four people: loss every 10 epochs (η = \(learningRate))",
                            xLabel: "epoch", yLabel: "loss (mean squared error)")
        figure.series = [Series("loss", x: losses.map { Double($0.0) }, y: losses.map(\.1), style: .linesPoints)]
        figure.legend = .none
        try nb.figure(figure)
        return network
    }

    func predictions(_ nb: Notebook, _ network: AliceNetwork) throws {
        nb.section("Predicting new people")
        nb.text("""
            Emily weighs 128 lb and is 63 in tall: x = (−7, −3). Frank weighs 155 lb and is 68 in tall: \
            x = (20, 2). The tutorial's network said 0.951 for Emily (female) and 0.039 for Frank (male).
            """)
        nb.code("predict")
        // #region predict
        let emily = network.predict(People.emily.x), frank = network.predict(People.frank.x)
        // #endregion
        nb.result("Emily", fixed(emily, 3))
        nb.result("Frank", fixed(frank, 3))
        nb.text("""
            The exact numbers depend on where the weights started, so the tutorial's digits cannot be \
            reproduced exactly; what holds for every start is the verdict. Here is the same training from \
            ten random starts:
            """)
        var rows: [[String]] = []
        var emilies: [Double] = [], franks: [Double] = []
        for seed in UInt64(1)...10 {
            let (net, losses) = try Self.train(seed: seed, learningRate: learningRate, epochs: epochs)
            let e = net.predict(People.emily.x), f = net.predict(People.frank.x)
            emilies.append(e)
            franks.append(f)
            rows.append(["\(seed)", fixed(losses.last!.1, 4), fixed(e, 3), fixed(f, 3)])
        }
        nb.table(["seed", "final loss", "Emily", "Frank"], rows)
        nb.result("Emily over seeds 1–10", "\(fixed(emilies.min()!, 3)) to \(fixed(emilies.max()!, 3))")
        nb.result("Frank over seeds 1–10", "\(fixed(franks.min()!, 3)) to \(fixed(franks.max()!, 3))")
        nb.result("seeds that call Emily F and Frank M", "\(zip(emilies, franks).filter { $0 > 0.5 && $1 < 0.5 }.count) of 10")
    }

    func optimisers(_ nb: Notebook) throws {
        nb.section("SGD, momentum and Adam on one surface")
        nb.text("""
            Plain SGD steps straight down the local slope. On a long, narrow valley such as \
            f(x, y) = x²/20 + y² that slope points mostly across the valley, so SGD zig-zags. Momentum \
            keeps a running velocity, so steps that agree add up and steps that disagree cancel. Adam \
            scales each coordinate's step by a running size of its gradients, so both directions move at \
            a similar pace. The same engine optimisers that train networks walk this surface: the \
            'parameter' is the point (x, y). Start (−7, 2), 30 steps, learning rates as in Deep \
            Learning from Scratch (SGD 0.95, momentum 0.1 with μ = 0.9, Adam 0.3).
            """)
        let f = { (x: Double, y: Double) in x * x / 20 + y * y }
        let contenders: [(String, Optimizer)] = [
            ("SGD (η = 0.95)", SGD(learningRate: 0.95)),
            ("Momentum (η = 0.1, μ = 0.9)", Momentum(learningRate: 0.1, momentum: 0.9)),
            ("Adam (η = 0.3)", Adam(learningRate: 0.3)),
        ]
        var figure = Figure(name: "ch05-optimisers", title: "30 steps on f(x, y) = x²/20 + y² from (−7, 2)",
                            xLabel: "x", yLabel: "y")
        figure.surface = Surface(x: -8...3, y: -2.5...2.5, levels: [0.1, 0.4, 1, 2, 3.5, 5], colorMap: false, f)
        var rows: [[String]] = []
        for (name, optimizer) in contenders {
            nb.code("optimiser-walk")
            // #region optimiser-walk
            let point = Parameter(name: "(x, y)", value: Matrix(row: [-7, 2]))
            var path = [point.value.data]
            for _ in 0..<30 {
                let (x, y) = (point.value[0, 0], point.value[0, 1])
                point.gradient = Matrix(row: [x / 10, 2 * y])      // ∇f = (x/10, 2y)
                optimizer.step([point])
                path.append(point.value.data)
            }
            // #endregion
            let end = path.last!
            rows.append([name, "(\(fixed(end[0], 4)), \(fixed(end[1], 4)))", fixed(f(Double(end[0]), Double(end[1])), 5)])
            nb.result("where \(name) ends", "(\(fixed(end[0], 4)), \(fixed(end[1], 4)))")
            figure.series.append(Series(name, x: path.map { Double($0[0]) }, y: path.map { Double($0[1]) },
                                        style: .linesPoints, lineWidth: 1.5))
        }
        nb.table(["optimiser", "after 30 steps", "f"], rows)
        figure.annotations = [Annotation("minimum", x: 0, y: 0)]
        figure.xRange = -8...3
        figure.yRange = -2.5...2.5
        figure.legend = .bottomRight
        try nb.figure(figure)
    }
}
