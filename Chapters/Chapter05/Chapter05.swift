// Chapter 5 · Stochastic gradient descent
//
// Train Victor Zhou's network on Alice, Bob, Charlie and Diana one person at a time, watch the
// loss fall, predict two new people, and compare SGD, momentum, AdaGrad, RMSprop and Adam on one surface.

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
        furtherReading(nb)
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
            for person in people {                     // one step per person, in a fixed order
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
            p ← p − η·∂L/∂p. One pass over the four people is an epoch. As in Victor Zhou's code, the \
            order is the same every epoch (Alice, Bob, Charlie, Diana); Chapter 6 shuffles the order \
            each epoch, which is the usual practice. The weights start as random draws from a normal \
            distribution (seed \(options.seed)), so h₁ and h₂ start different (Chapter 4 showed why they \
            must); η = \(learningRate), \(epochs) epochs.
            """)
        nb.code("sgd")
        nb.code("sgd-step", file: "Sources/Engine/Examples/AliceNetwork.swift")
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
        try boundary(nb, network)
    }

    /// The people on the weight–height plane, and the line where the trained network says 0.5.
    func boundary(_ nb: Notebook, _ network: AliceNetwork) throws {
        // Where, at height h, the prediction crosses 0.5 (it falls as weight grows): by bisection.
        func crossing(height: Double) -> Double {
            var low = -25.0, high = 35.0
            for _ in 0..<60 {
                let middle = (low + high) / 2
                if network.predict([middle, height]) > 0.5 { low = middle } else { high = middle }
            }
            return (low + high) / 2
        }
        let atZero = crossing(height: 0)
        nb.text("""
            Where does the network draw the line between its two answers? The figure below places the six \
            people on the weight–height plane and draws one contour of the trained network's output: the \
            curve where y_pred = 0.5. Below and left of it (lighter, shorter) the network says female, \
            above and right of it male. At 66 in, the tutorial's average height, the curve crosses at \
            this weight:
            """)
        nb.result("weight − 135 where the 0.5 curve crosses 66 in", fixed(atZero, 2))
        var figure = Figure(name: "ch05-people", title: "The six people, and where the trained network says 0.5",
                            xLabel: "weight − 135 (lb)", yLabel: "height − 66 (in)")
        figure.surface = Surface(x: -25...35, y: -10...10, samples: 121, levels: [0.5], colorMap: false) { w, h in
            network.predict([w, h])
        }
        let people = People.training + [People.emily, People.frank]
        let women = people.filter { $0.y == 1 }, men = people.filter { $0.y == 0 }
        figure.series = [
            Series("female (training: Alice, Diana; new: Emily)", x: women.map { $0.x[0] }, y: women.map { $0.x[1] },
                   style: .points, color: "#d62728"),
            Series("male (training: Bob, Charlie; new: Frank)", x: men.map { $0.x[0] }, y: men.map { $0.x[1] },
                   style: .points, color: "#1f77b4"),
        ]
        figure.annotations = people.map { Annotation($0.name, x: $0.x[0], y: $0.x[1], marker: false) }
            + [Annotation("y_pred = 0.5", x: crossing(height: 2), y: 2, marker: false),
               Annotation("predicted F", x: -22, y: -8, marker: false), Annotation("predicted M", x: 25, y: -8, marker: false)]
        figure.xRange = -25...35
        figure.yRange = -10...10
        figure.legend = .topLeft
        try nb.figure(figure)
    }

    func optimisers(_ nb: Notebook) throws {
        nb.section("SGD, momentum, AdaGrad, RMSprop and Adam on one surface")
        nb.text("""
            The beginner's overview that Chapter 3 quotes lists optimisers by name; here is what each one does. Plain SGD steps \
            straight down the local slope. On a long, narrow valley such as f(x, y) = x²/20 + y² that \
            slope points mostly across the valley, so SGD zig-zags. Momentum keeps a running velocity, so \
            steps that agree add up and steps that disagree cancel. AdaGrad divides each coordinate's \
            step by the square root of the sum of all its squared gradients so far, so a coordinate with \
            big gradients takes small steps; because that sum only grows, its steps only shrink. RMSprop \
            uses a running average instead, which forgets old gradients. Adam combines a momentum-like \
            average of the gradient with RMSprop's scaling. With g the gradient (plus weight decay, if \
            any) and every operation taken element by element:
            """)
        nb.table(["optimiser", "update rule", "defaults in the engine"], [
            ["SGD", "w ← w − η·g", ""],
            ["Momentum", "v ← μ·v − η·g;  w ← w + v", "μ = 0.9"],
            ["AdaGrad", "h ← h + g²;  w ← w − η·g / (√h + ε)", "ε = 1e-7"],
            ["RMSprop", "h ← ρ·h + (1 − ρ)·g²;  w ← w − η·g / (√h + ε)", "ρ = 0.99, ε = 1e-7"],
            ["Adam", "m ← β₁·m + (1 − β₁)·g;  v ← β₂·v + (1 − β₂)·g²;  w ← w − η·M / (√V + ε)",
             "β₁ = 0.9, β₂ = 0.999, ε = 1e-8"],
        ])
        nb.text("""
            In Adam's rule M = m / (1 − β₁ᵗ) and V = v / (1 − β₂ᵗ), where t counts the steps: m and v \
            start at 0, and these corrections stop the first steps from being too small. ε only guards \
            against dividing by 0.
            """)
        nb.text("AdaGrad and RMSprop differ in one line of the engine's code:")
        nb.code("update", file: "Sources/Engine/Training/AdaGrad.swift")
        nb.code("update", file: "Sources/Engine/Training/RMSprop.swift")
        nb.text("""
            The same engine optimisers that train networks walk this surface: the 'parameter' is the \
            point (x, y). Start (−7, 2), 30 steps, learning rates as in Deep Learning from Scratch's \
            comparison (SGD 0.95, momentum 0.1 with μ = 0.9, AdaGrad 1.5, Adam 0.3), and RMSprop 0.1.
            """)
        let f = { (x: Double, y: Double) in x * x / 20 + y * y }
        let contenders: [(String, Optimizer)] = [
            ("SGD (η = 0.95)", SGD(learningRate: 0.95)),
            ("Momentum (η = 0.1, μ = 0.9)", Momentum(learningRate: 0.1, momentum: 0.9)),
            ("AdaGrad (η = 1.5)", AdaGrad(learningRate: 1.5)),
            ("RMSprop (η = 0.1)", RMSprop(learningRate: 0.1)),
            ("Adam (η = 0.3)", Adam(learningRate: 0.3)),
        ]
        var figure = Figure(name: "ch05-optimisers", title: "30 steps on f(x, y) = x²/20 + y² from (−7, 2)",
                            xLabel: "x", yLabel: "y")
        figure.surface = Surface(x: -8...3, y: -2.5...2.5, levels: [0.1, 0.4, 1, 2, 3.5, 5], colorMap: false, f)
        var rows: [[String]] = [], finals: [(name: String, f: Double)] = []
        var signChanges: [String: Int] = [:], flatAt: [String: String] = [:], endX: [String: Float] = [:]
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
            let crossings = zip(path, path.dropFirst()).filter { $0[1] * $1[1] < 0 }.count
            let flat = path.firstIndex { abs($0[1]) < 0.01 }.map(String.init) ?? "never"
            let short = String(name.prefix { $0 != " " })
            finals.append((short, f(Double(end[0]), Double(end[1]))))
            signChanges[short] = crossings
            flatAt[short] = flat
            endX[short] = end[0]
            rows.append([name, "(\(fixed(end[0], 4)), \(fixed(end[1], 4)))", fixed(f(Double(end[0]), Double(end[1])), 5),
                         "\(crossings)", flat])
            nb.result("where \(name) ends", "(\(fixed(end[0], 4)), \(fixed(end[1], 4)))")
            figure.series.append(Series(name, x: path.map { Double($0[0]) }, y: path.map { Double($0[1]) },
                                        style: .linesPoints, lineWidth: 1.5))
        }
        nb.table(["optimiser", "after 30 steps", "f", "times y changed sign", "first step with |y| < 0.01"], rows)
        figure.annotations = [Annotation("minimum", x: 0, y: 0)]
        figure.xRange = -8...3
        figure.yRange = -2.5...2.5
        figure.legend = .outside
        figure.width = 960
        try nb.figure(figure)
        let ranking = finals.sorted { $0.f < $1.f }.map(\.name)
        nb.result("times SGD's y changed sign in 30 steps", "\(signChanges["SGD"]!)")
        nb.result("x where momentum ends", fixed(endX["Momentum"]!, 4))
        nb.result("first step with |y| < 0.01, AdaGrad and RMSprop", "\(flatAt["AdaGrad"]!) and \(flatAt["RMSprop"]!)")
        nb.result("times AdaGrad's and RMSprop's y changed sign", "\(signChanges["AdaGrad"]!) and \(signChanges["RMSprop"]!)")
        nb.result("times Adam's y changed sign", "\(signChanges["Adam"]!)")
        nb.result("lowest f to highest after 30 steps", ranking.joined(separator: ", "))
        nb.text("""
            The paths show each optimiser's character. SGD flips the sign of y on every step, since each \
            step multiplies y by 1 − 2·0.95 = −0.9. Momentum swings wide: its velocity carries it past \
            the minimum (it ends at x = \(fixed(endX["Momentum"]!, 4)), on the far side). AdaGrad and \
            RMSprop bring y within 0.01 of the floor by steps \(flatAt["AdaGrad"]!) and \(flatAt["RMSprop"]!), \
            without ever crossing it, and then run along the valley, because dividing by √h evens out \
            the two directions. Adam crosses the floor and comes back (y changes sign \
            \(signChanges["Adam"]!) times) and is still on its way after 30 steps. Yet the ranking by f after 30 steps is not the one the pictures suggest: \
            AdaGrad ends lowest, and plain SGD, zig-zag and all, ends below RMSprop, momentum and Adam. \
            The zig-zag costs SGD little here, because |−0.9| still shrinks y every step and x shrinks by \
            a steady factor 1 − 0.95/10 = 0.905. The learning rates are the book's, picked to show the \
            shapes of the paths, not tuned for this race. Which optimiser wins depends on the surface, \
            the learning rates and the number of steps: none is best everywhere, which is why Chapter 6 \
            lets you choose one and compare them on real data.
            """)
    }

    func furtherReading(_ nb: Notebook) {
        nb.section("Further reading")
        nb.table(["reading", "where to find it", "what it adds"], [
            ["Michael Nielsen, Neural Networks and Deep Learning, chapters 1 and 3",
             "http://neuralnetworksanddeeplearning.com/chap3.html",
             "stochastic gradient descent (chapter 1), momentum and other variations (chapter 3)"],
            ["3Blue1Brown, \"What is backpropagation really doing?\"",
             "https://www.3blue1brown.com/lessons/backpropagation", "stochastic gradient descent on mini-batches, pictured"],
            ["Koki Saito, Deep Learning from Scratch, chapter 6", "section 6.1",
             "SGD, Momentum, AdaGrad and Adam on this very surface"],
            ["Dive into Deep Learning, sections 12.4–12.10", "https://d2l.ai/chapter_optimization/index.html",
             "SGD, momentum, AdaGrad, RMSProp and Adam, with their analysis"],
        ])
    }
}
