// Climb: from 3Blue1Brown's 784-16-16-10 network to the chapter's model, one change at a time,
// each measured on the same split and the same seeds.

import Engine
import Foundation
import Workbook

/// One step of the climb: what changes, a short name for the figure, and the change itself.
struct ClimbStep: Sendable {
    let change: String
    let tick: String
    let apply: @Sendable (inout Recipe) -> Void

    init(_ change: String, tick: String, _ apply: @escaping @Sendable (inout Recipe) -> Void) {
        self.change = change
        self.tick = tick
        self.apply = apply
    }

    // #region climb
    static let climb: [ClimbStep] = [
        ClimbStep("mini-batches of 64", tick: "batch 64") { $0.batchSize = 64 },
        ClimbStep("softmax with cross-entropy", tick: "softmax") { $0.softmax = true },
        ClimbStep("ReLU with He initialisation", tick: "ReLU") { $0.activation = .relu },
        ClimbStep("standardised inputs", tick: "standardise") { $0.standardize = true },
        ClimbStep("Adam instead of SGD", tick: "Adam") { $0.optimizer = .adam; $0.learningRate = 0.001 },
        ClimbStep("one hidden layer of 256", tick: "256 wide") { $0.hidden = [256] },
        ClimbStep("random shifts of up to 2 pixels", tick: "shifts") { $0.maxShift = 2 },
        ClimbStep("cosine schedule from η = 0.003", tick: "cosine") { $0.cosine = true; $0.learningRate = 0.003 },
    ]
    // #endregion

    /// Why each step of `climb` can help, in the same order.
    static let reasons = [
        """
        the gradient of 64 images comes from a few large matrix products instead of 64 small ones, \
        which a computer does much faster per image, and their average points downhill more reliably \
        than one image's. SGD needs its learning rate searched again: one step now stands for 64 images.
        """,
        """
        softmax turns the ten outputs into probabilities that add up to 1, and cross-entropy, \
        −log(probability of the true class), punishes a confident wrong answer hard. Its gradient \
        p − t does not fade when an output saturates, as a sigmoid's squared error does.
        """,
        """
        max(0, x) passes a gradient on unchanged wherever a unit is active, while a sigmoid's slope is \
        at most 1/4 and almost 0 once it saturates. He initialisation (normal, standard deviation \
        √(2/inputs)) is the starting spread suited to ReLU.
        """,
        """
        inputs centred on 0 with a common spread make the cost surface rounder, so one learning rate \
        suits every weight.
        """,
        """
        every weight gets its own step size from running averages of its gradient and of its square, \
        so Adam's usual learning rate of 0.001 works without a search.
        """,
        """
        more hidden units can tell more stroke patterns apart; two layers of 16 hold very few.
        """,
        """
        every batch sees its images moved by up to 2 pixels in each direction, so the network must \
        recognise a digit wherever it sits instead of memorising exact pixels.
        """,
        """
        the learning rate falls along a cosine to 0 by the last epoch. Starting higher moves the \
        weights faster early on, and the ever smaller steps at the end let them settle into a minimum \
        instead of bouncing around it.
        """,
    ]
}

/// The images the climb trains on and is scored on.
struct ClimbData {
    let train: ImageDataset
    let validation: ImageDataset
}

/// What one step of the climb measured.
struct ClimbResult {
    let change: String
    let tick: String
    let recipe: Recipe
    let learningRate: Double
    /// Validation accuracy of each learning rate tried on the first seed (nil: training diverged).
    let search: [(rate: Double, accuracy: Double?)]
    /// Validation accuracy for each seed.
    let accuracies: [Double]
    /// Training time of each seed's run.
    let seconds: [Double]

    var mean: Double { accuracies.reduce(0, +) / Double(accuracies.count) }
    var spread: Double { accuracies.max()! - accuracies.min()! }
}

extension Recipe {
    /// Trains a fresh network on `train`: its starting weights, the order of the images and their
    /// shifts all come from `seed`.
    func train(on train: ImageDataset, seed: UInt64, learningRate rate: Double, onBatch: (Int) -> Void = { _ in },
               onEpoch: (EpochReport, Sequential) throws -> Void = { _, _ in }) throws -> Sequential {
        // #region recipe-train
        var rng = SeededRandom(seed: seed)
        let network = network(rng: &rng)
        let source: BatchSource = maxShift > 0 ? RandomShifts(train, maxShift: maxShift, seed: seed &+ 100) : train
        let optimizer = optimizer.make(learningRate: Float(rate), weightDecay: Float(weightDecay))
        try network.train(on: source, optimizer: optimizer, config: TrainingConfig(epochs: epochs, batchSize: batchSize),
                          rng: &rng, lossFunction: lossFunction, onBatch: onBatch) { report in
            try onEpoch(report, network)
            optimizer.learningRate = Float(learningRate(after: report.epoch, startingAt: rate))
        }
        // #endregion
        return network
    }

    /// Validation accuracy after training from `seed` (nil if training diverged), and the training time.
    func measure(_ data: ClimbData, seed: UInt64, learningRate rate: Double) throws -> (accuracy: Double?, seconds: Double) {
        var seconds = 0.0
        do {
            let network = try train(on: data.train, seed: seed, learningRate: rate, onEpoch: { report, _ in seconds += report.seconds })
            return (Double(network.evaluate(on: data.validation).accuracy), seconds)
        } catch is TrainingDiverged {
            return (nil, seconds)
        }
    }
}

extension Chapter06 {
    /// The climb's data: at most 300 training images per class, so that the climb stays short on
    /// a large data set; validation images as they are.
    func climbData(_ raw: DataSet.Splits) throws -> ClimbData {
        guard raw.train.count > 3000 else { return ClimbData(train: raw.train, validation: raw.validation) }
        var rng = SeededRandom(seed: options.seed &+ 200)
        return ClimbData(train: try raw.train.sampling(perClass: 300, rng: &rng), validation: raw.validation)
    }

    /// Measures every step of the climb on `climbSeeds` seeds, searching SGD's learning rate on the first.
    func climbResults(_ nb: Notebook, _ raw: DataSet.Splits) throws -> [ClimbResult] {
        let scaled = try climbData(raw)
        let standardization = scaled.train.standardization()
        let standardized = ClimbData(train: scaled.train.normalized(standardization),
                                     validation: scaled.validation.normalized(standardization))
        let seeds = (0..<UInt64(climbSeeds)).map { options.seed &+ $0 }
        var recipe = Recipe()
        var results: [ClimbResult] = []
        let header = "  step  change                           η       "
            + seeds.map { "seed \($0)".padding(toLength: 8, withPad: " ", startingAt: 0) }.joined()
        nb.output(header + "seconds per run", page: trimmed(header))
        let steps = [ClimbStep("3Blue1Brown's network", tick: "3B1B") { _ in }] + ClimbStep.climb
        for (k, step) in steps.enumerated() {
            step.apply(&recipe)
            let data = recipe.standardize ? standardized : scaled
            var search: [(rate: Double, accuracy: Double?)] = []
            var first: (accuracy: Double?, seconds: Double)
            let rate: Double
            if let fixed = recipe.learningRate {
                rate = fixed
                first = try recipe.measure(data, seed: seeds[0], learningRate: rate)
            } else {
                var runs: [(accuracy: Double?, seconds: Double)] = []
                for candidate in Recipe.sgdRates {
                    let run = try recipe.measure(data, seed: seeds[0], learningRate: candidate)
                    search.append((candidate, run.accuracy))
                    runs.append(run)
                }
                let best = runs.indices.max { (runs[$0].accuracy ?? -1) < (runs[$1].accuracy ?? -1) }!
                rate = Recipe.sgdRates[best]
                first = runs[best]
            }
            var runs = [first]
            for seed in seeds.dropFirst() { runs.append(try recipe.measure(data, seed: seed, learningRate: rate)) }
            guard runs.allSatisfy({ $0.accuracy != nil }) else {
                throw WorkbookError("Step \(k) of the climb (\(step.change)) diverged with learning rate \(rate).")
            }
            let result = ClimbResult(change: step.change, tick: step.tick, recipe: recipe, learningRate: rate, search: search,
                                     accuracies: runs.map { $0.accuracy! }, seconds: runs.map(\.seconds))
            results.append(result)
            let line = String(format: "  %4d  ", k) + step.change.padding(toLength: 33, withPad: " ", startingAt: 0)
                + String(format: "%g", rate).padding(toLength: 8, withPad: " ", startingAt: 0)
                + result.accuracies.map { percent($0).padding(toLength: 8, withPad: " ", startingAt: 0) }.joined()
            nb.output(line + String(format: "%.2f", result.seconds.reduce(0, +) / Double(runs.count)), page: trimmed(line))
            if !search.isEmpty {
                nb.output("        η tried on seed \(seeds[0]): " + search.map { String(format: "%g", $0.rate) + " → \($0.accuracy.map(percent) ?? "diverged")" }
                    .joined(separator: ", "))
            }
        }
        return results
    }

    func percent(_ accuracy: Double) -> String { String(format: "%.1f%%", 100 * accuracy) }

    /// `line` without its trailing spaces.
    func trimmed(_ line: String) -> String { String(line.reversed().drop { $0 == " " }.reversed()) }

    /// The climb's section: the recipes, the measurements, a table, a figure and what they show.
    func climb(_ nb: Notebook, _ raw: DataSet.Splits) throws -> [ClimbResult] {
        nb.section("The climb: one change at a time")
        let climbTrain = try climbData(raw).train.count
        let base = Recipe()
        nb.text("""
            From 3Blue1Brown's network to the chapter's model, one change at a time, each measured the same \
            way: \(base.epochs) epochs (passes over the \(climbTrain) training images) from the same \
            \(climbSeeds == 1 ? "seed" : "\(climbSeeds) seeds") (the seed decides the starting weights and the \
            order of the images), scored by accuracy on the \(raw.validation.count) validation images. The test \
            images stay unseen until the end. SGD's learning rate η is searched again at every step, among \
            \(Recipe.sgdRates.map { String(format: "%g", $0) }.joined(separator: ", ")), on the first seed, because almost every \
            change moves the best one. A recipe holds every choice:
            """)
        nb.code("recipe", file: "Chapters/Chapter06/Recipe.swift")
        nb.text("and trains a fresh network from a seed, with the engine's loop of the section before:")
        nb.code("recipe-train", file: "Chapters/Chapter06/Climb.swift")
        nb.text("The climb, starting from Recipe() (3Blue1Brown's network, one image per SGD step, pixels in [0, 1]):")
        nb.code("climb", file: "Chapters/Chapter06/Climb.swift")
        precondition(ClimbStep.reasons.count == ClimbStep.climb.count, "one reason per step of the climb")
        nb.text("Why each change can help:\n" + zip(ClimbStep.climb, ClimbStep.reasons).enumerated()
            .map { "\($0 + 1). \($1.0.change): \($1.1)" }.joined(separator: "\n"))
        return try climbResults(nb, raw)
    }

    /// The climb in a table and a figure, with the chapter's model (trained longer, one seed) on top.
    func climbSummary(_ nb: Notebook, _ results: [ClimbResult], _ raw: DataSet.Splits, model: Recipe, _ history: History) throws {
        let climbTrain = try climbData(raw).train.count
        var top = results.last!.recipe
        top.epochs = model.epochs
        let modelChange = top == model ? "\(model.epochs) epochs instead of \(results.last!.recipe.epochs): the chapter's model"
            : "the chapter's model, as your flags set it"
        let modelAccuracy = history.validationAccuracy.last!
        nb.section("The climb in one table")
        var rows: [[String]] = []
        for (k, r) in results.enumerated() {
            let change = k == 0 ? "" : String(format: "%+.1f", 100 * (r.mean - results[k - 1].mean))
            rows.append(["\(k)", k == 0 ? "3Blue1Brown's network (\(r.recipe.shape))" : r.change, String(format: "%g", r.learningRate),
                         "\(r.recipe.steps(images: climbTrain))", String(format: "%.1f", r.recipe.multiplyAdds(images: climbTrain) / 1e9),
                         r.accuracies.map(percent).joined(separator: ", "), percent(r.mean)])
            rows[k].append(change)
        }
        rows.append(["\(results.count)", modelChange, String(format: "%g", model.learningRate!),
                     "\(model.steps(images: raw.train.count))", String(format: "%.1f", model.multiplyAdds(images: raw.train.count) / 1e9),
                     percent(modelAccuracy) + " (seed \(options.seed) only)", percent(modelAccuracy),
                     String(format: "%+.1f", 100 * (modelAccuracy - results.last!.mean))])
        nb.table(["step", "change", "η", "optimiser steps", "work (10⁹ multiply-adds)",
                  "validation accuracy per seed", "mean", "vs. step before (points)"], rows)
        nb.text("""
            How long each step trained: the epochs, the optimiser steps and the multiply-adds are in the \
            table. The seconds each run took are printed when the chapter runs; they vary from run to run \
            and machine to machine, so this page leaves them out. One image per batch makes \(climbTrain) \
            optimiser steps per epoch, 64 images per batch \((climbTrain + 63) / 64), for the same \
            multiply-adds: the batched steps take much less time.
            """)

        var figure = Figure(name: "ch06-climb", title: "The climb: validation accuracy and the work of training, step by step",
                            xLabel: "", yLabel: "validation accuracy (%)")
        let xs = (0...results.count).map(Double.init)
        let means = results.map { 100 * $0.mean } + [100 * modelAccuracy]
        figure.y2Label = "work of training (10⁹ multiply-adds)"
        figure.series = [
            Series("work of training (right axis)", x: xs, y: results.map { $0.recipe.multiplyAdds(images: climbTrain) / 1e9 }
                   + [model.multiplyAdds(images: raw.train.count) / 1e9], style: .bars(width: 0.5), axis: .right, color: "#c7c7c7"),
            Series("validation accuracy: mean over the seeds (step \(results.count): seed \(options.seed))", x: xs, y: means, style: .linesPoints, color: "#1f77b4"),
        ]
        for s in 0..<climbSeeds {
            figure.series.append(Series(s == 0 ? "each seed" : "", x: Array(xs.dropLast()), y: results.map { 100 * $0.accuracies[s] },
                                        style: .points, color: "#ff7f0e"))
        }
        figure.xTicks = (results.map(\.tick) + ["\(model.epochs) epochs"]).enumerated().map { (Double($0), "\($0) \($1)") }
        figure.yRange = (means.min()! - 4).rounded(.down)...100
        figure.xRange = -0.6...(Double(results.count) + 0.6)
        figure.legend = .topLeft
        figure.width = 1000
        try nb.figure(figure)

        let gains = results.indices.dropFirst().map { (results[$0].change, results[$0].mean - results[$0 - 1].mean) }
            + [("training \(model.epochs) epochs", modelAccuracy - results.last!.mean)]
        let largest = gains.sorted { $0.1 > $1.1 }
        let narrow = results.filter { $0.recipe.hidden == Recipe().hidden }.map(\.mean)
        nb.text("""
            While the network kept 3Blue1Brown's two hidden layers of 16 (steps 0 to \(narrow.count - 1)), every \
            recipe scored between \(percent(narrow.min()!)) and \(percent(narrow.max()!)). The largest gains came \
            from \(largest[0].0) (\(String(format: "%+.1f", 100 * largest[0].1)) points) and \(largest[1].0) \
            (\(String(format: "%+.1f", 100 * largest[1].1)) points). \(climbSeeds > 1 ? "The seeds of one step differ by up to \(String(format: "%.1f", 100 * results.map(\.spread).max()!)) points, so a smaller difference between two steps is not shown to be a gain or a loss by this measurement. " : "")\
            One image of \(raw.validation.count) is \(String(format: "%.1f", 100 / Double(raw.validation.count))) points.
            """)
    }
}
