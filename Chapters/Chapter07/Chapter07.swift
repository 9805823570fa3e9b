// Chapter 7 · Transfer learning
//
// Keep what a trained network has learned to see (its hidden layers), take off its output layer,
// put a new one on, and learn a different problem from only a few labelled examples.

import ArgumentParser
import Engine
import Workbook
import Foundation

@main
struct Chapter07: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Chapter 7: transfer learning by swapping the output layer.",
        discussion: """
            Tasks: 'digits' (default) pretrains on the digits 0–4 and learns 5–9 from a few labels; \
            'fashion' reuses Chapter 6's saved model (trained on all ten digits) and learns Fashion-MNIST \
            from a few labels. Use a release build: swift run -c release Chapter07.
            """)

    @OptionGroup var options: ChapterOptions

    enum Task: String, CaseIterable, ExpressibleByArgument {
        /// Learn the digits 5–9 after pretraining on 0–4.
        case digits
        /// Learn Fashion-MNIST's clothes with Chapter 6's digit network as the base.
        case fashion
    }

    @Option(help: "The new task: digits (learn 5–9 after pretraining on 0–4) or fashion (learn clothes after digits).")
    var task: Task = .digits

    @Option(parsing: .upToNextOption,
            help: "Labelled examples per class to try, each 1–1000 (e.g. --labels-per-class 1 5 10).")
    var labelsPerClass: [Int] = [1, 2, 5, 10, 50]

    @Option(help: "How many seeds (different labelled examples and starts) to average over (1–20).")
    var seeds = 5

    @Option(help: "Training budget of every approach: optimiser steps on the few labelled examples (1–10000).")
    var steps = 150

    @Option(help: "Chapter 6's saved model, reused by the fashion task.")
    var model = "models/mnist-mlp.safetensors"

    var counts: [Int] { labelsPerClass }

    func validate() throws {
        guard !labelsPerClass.isEmpty else { throw ValidationError("--labels-per-class needs at least one number.") }
        for k in labelsPerClass { try OptionCheck.check(k, in: 1...1000, flag: "--labels-per-class") }
        try OptionCheck.check(seeds, in: 1...20, flag: "--seeds")
        try OptionCheck.check(steps, in: 1...10000, flag: "--steps")
    }

    func run() throws {
        let nb = Notebook(chapter: 7, title: "Transfer learning", options: options, release: true)
        nb.section("The idea")
        nb.text("""
            A trained network is two things stacked: hidden layers that turn pixels into features (what it \
            has learned to see) and an output layer that turns features into class scores. For a new \
            problem, keep the first part, take off the output layer and put on a new one with as many \
            outputs as the new problem has classes. With only a few labelled examples, learning just that \
            new layer on top of good features can beat learning everything from scratch.
            """)
        var rng = SeededRandom(seed: options.seed)
        let setup = try task == .digits ? digitsTask(nb, &rng) : fashionTask(nb, &rng)
        try swapShown(nb, setup.base, classes: setup.newTest.classCount)
        try experiment(nb, setup)
        try features(nb, setup)
        try nb.finish()
    }

    struct Setup {
        var base: Sequential
        var newTrain: ImageDataset
        var newTest: ImageDataset
        var taskName: String
    }

    // MARK: - Tasks

    func digitsTask(_ nb: Notebook, _ rng: inout SeededRandom) throws -> Setup {
        nb.section("Pretraining on the digits 0–4")
        let data = try DataSet.embedded.load(rng: &rng)
        let old = Array(0...4), new = Array(5...9)
        try checkLabelsAvailable(in: data.train.selecting(classes: new), task: "digits 5–9")
        let pretrainRaw = data.train.selecting(classes: old)
        let normalization = pretrainRaw.standardization()
        let pretrain = pretrainRaw.normalized(normalization)
        let pretrainTest = data.test.selecting(classes: old).normalized(normalization)
        nb.text("""
            The new task is to recognise the digits 5, 6, 7, 8 and 9 from only a few labelled examples of \
            each. The base network learns first from the other half of the digits, 0–4 \
            (\(pretrain.count) training images), so it has never seen a 5–9 when the new task starts: \
            whatever it can do on them comes from features learned on other digits.
            """)
        nb.text("""
            Chapter 6's saved model cannot be the base here: it was trained on all ten digits, 5–9 \
            included, so reusing it would be cheating. The base is trained here on 0–4 instead, in a few \
            seconds (Chapter 6's model is reused by --task fashion).
            """)
        var init_ = SeededRandom(seed: options.seed &+ 7)
        nb.code("pretrain")
        // #region pretrain
        let base = Sequential(mlp: [784, 256, 5], activation: .relu, rng: &init_)     // 5 outputs: classes 0–4
        try base.train(on: RandomShifts(pretrain, maxShift: 2, seed: options.seed &+ 8), optimizer: Adam(learningRate: 0.001),
                       config: TrainingConfig(epochs: 15, batchSize: 64), rng: &init_)
        // #endregion
        nb.result("base accuracy on test digits 0–4", String(format: "%.2f%%", 100 * base.evaluate(on: pretrainTest).accuracy))
        return Setup(base: base, newTrain: data.train.selecting(classes: new).normalized(normalization),
                     newTest: data.test.selecting(classes: new).normalized(normalization), taskName: "digits 5–9")
    }

    func fashionTask(_ nb: Notebook, _ rng: inout SeededRandom) throws -> Setup {
        nb.section("The base: Chapter 6's digit network")
        var split = SeededRandom(seed: options.seed)
        let fashion = try DataSet.fashion.load(rng: &split)
        try checkLabelsAvailable(in: fashion.train, task: "Fashion-MNIST")
        var base: Sequential
        var normalization: Normalization
        if FileManager.default.fileExists(atPath: model) {
            let saved = try SavedModel.load(from: model)
            let sizes = saved.network.layerSizes
            guard sizes.first == 784, sizes.count >= 3, saved.classNames == ClassNames.digits else {
                throw WorkbookError("\(model) is a \(sizes.map(String.init).joined(separator: "-")) network for "
                    + "\(saved.classNames.joined(separator: ", ")); this task needs Chapter 6's digit network (784-H-10 on MNIST). "
                    + "Run Chapter06 again, or pass --model with the right file.")
            }
            guard sizes[sizes.count - 2] >= 2 else {
                throw WorkbookError("\(model) is a \(sizes.map(String.init).joined(separator: "-")) network: its hidden "
                    + "layer has 1 unit, but this chapter looks at what the hidden layer sees along two directions "
                    + "(PCA), which needs at least 2 units. Run Chapter06 with --hidden 2 or more (the default is 256), "
                    + "or pass --model with another file.")
            }
            nb.text("Loaded Chapter 6's model from \(model): a \(sizes.map(String.init).joined(separator: "-")) network trained on the ten digits.")
            base = saved.network
            normalization = saved.normalization
        } else {
            nb.text("No saved model from Chapter 6 at \(model), so a base network is trained here on the ten digits first (the same recipe, shorter).")
            let data = try DataSet.embedded.load(rng: &rng)
            normalization = data.train.standardization()
            var init_ = SeededRandom(seed: options.seed &+ 7)
            base = Sequential(mlp: [784, 256, 10], activation: .relu, rng: &init_)
            try base.train(on: RandomShifts(data.train.normalized(normalization), maxShift: 2, seed: options.seed &+ 8),
                           optimizer: Adam(learningRate: 0.001), config: TrainingConfig(epochs: 15, batchSize: 64), rng: &init_)
        }
        var pick = SeededRandom(seed: options.seed &+ 9)
        let test = try fashion.test.sampling(perClass: 200, rng: &pick)
        nb.text("""
            The new task is Fashion-MNIST: ten kinds of clothing in the same 28×28 format. Can features learned \
            on handwritten strokes help to tell a sneaker from a sandal when only a few labelled pictures \
            of each are available? The test set is 2,000 Fashion-MNIST test images (200 per class).
            """)
        return Setup(base: base, newTrain: fashion.train.normalized(normalization), newTest: test.normalized(normalization),
                     taskName: "Fashion-MNIST")
    }

    /// Refuses, before any training starts, more labelled examples per class than the new task's
    /// training images hold of some class (digits task: 300 of each digit in the training split).
    func checkLabelsAvailable(in pool: ImageDataset, task: String) throws {
        let counts = pool.classCounts
        guard let asked = labelsPerClass.max(), let fewest = counts.min(), asked > fewest else { return }
        let scarce = pool.classNames[counts.firstIndex(of: fewest)!]
        throw WorkbookError("--labels-per-class \(asked) asks for more labelled examples than the \(task) training "
            + "images hold: class \(scarce) has only \(fewest). Ask for at most \(fewest) per class.")
    }

    // MARK: - The swap

    func swapShown(_ nb: Notebook, _ base: Sequential, classes: Int) throws {
        nb.section("Swapping the output layer")
        nb.text("""
            Here is the whole trick in code. The pretrained hidden layer is copied, its weights and biases are \
            marked frozen (the optimiser skips frozen parameters), and a brand-new output layer with \
            \(classes) outputs is put on top. Only that new layer will learn.
            """)
        var rng = SeededRandom(seed: options.seed)
        nb.code("swap")
        // #region swap
        let pretrained = base.denseLayers[0]                            // 784 → 256, learned on the old task
        let hidden = Dense(weights: pretrained.weights.value, bias: pretrained.bias.value, name: "hidden")  // a copy
        hidden.weights.isFrozen = true                                  // the optimiser skips frozen parameters,
        hidden.bias.isFrozen = true                                     // so these stay exactly as pretrained
        let newOutput = Dense(inputs: hidden.outputCount, outputs: classes, initializer: .xavier, rng: &rng,
                              name: "new-output")                       // the swap: a fresh layer for the new classes
        let transferred = Sequential([hidden, ActivationLayer(.relu), newOutput])
        // #endregion
        nb.text("""
            The experiment below does the same through the engine's base.swappingOutputLayer(classes:freeze:rng:), \
            which works for any number of hidden layers.
            """)
        nb.table(["parameter", "shape", "learns?"], transferred.parameters.map {
            [$0.name, "\($0.value.rows)×\($0.value.cols)", $0.isFrozen ? "no (frozen)" : "yes"]
        })
        let trainable = transferred.trainableParameters.map(\.value.count).reduce(0, +)
        nb.result("trainable parameters", "\(trainable) of \(transferred.parameterCount)")
    }

    // MARK: - The experiment

    func experiment(_ nb: Notebook, _ setup: Setup) throws {
        nb.section("Few labels: frozen features, fine-tuning, or from scratch")
        let seedList = (0..<UInt64(seeds)).map { options.seed &+ $0 }
        nb.text("""
            Ways to learn \(setup.taskName) from k labelled examples per class, each with the same \
            examples and the same budget (\(steps) Adam steps on mini-batches of up to 32): (a) a new output \
            layer on the frozen pretrained hidden layer, (b) fine-tuning everything from the pretrained \
            weights, (c) the same network from a random start, and a control, (d) a new output layer on a \
            frozen random hidden layer that was never trained. When only the output layer learns, Adam's \
            learning rate is 0.01 (a linear classifier on fixed features takes large steps well); \
            otherwise 0.001. Each k is repeated with \(seeds) seeds (different examples, different \
            starts); accuracy is measured on \(setup.newTest.count) test images.
            """)
        let trials = try transferExperiment(base: setup.base, newTrain: setup.newTrain, newTest: setup.newTest,
                                            labelsPerClass: counts, seeds: seedList, steps: steps)
        var rows: [[String]] = []
        var figure = Figure(name: task == .digits ? "ch07-few-labels" : "ch07-few-labels-fashion",
                            title: "Learning \(setup.taskName) from few labels (mean ± std over \(seeds) seeds)",
                            xLabel: "labelled examples per class", yLabel: "test accuracy (%)")
        var means: [TransferMode: [Double]] = [:]
        for mode in TransferMode.allCases {
            var ys: [Double] = [], spreads: [Double] = []
            for k in counts {
                let accs = trials.filter { $0.mode == mode && $0.labelsPerClass == k }.map { 100 * Double($0.testAccuracy) }
                let mean = accs.reduce(0, +) / Double(accs.count)
                let std = (accs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(accs.count)).squareRoot()
                ys.append(mean)
                spreads.append(std)
            }
            means[mode] = ys
            figure.series.append(Series(mode.rawValue, x: counts.map(Double.init), y: ys, style: .linesPoints, yError: spreads))
        }
        for (i, k) in counts.enumerated() {
            rows.append(["\(k)"] + TransferMode.allCases.map { String(format: "%.1f%%", means[$0]![i]) })
        }
        nb.table(["labels per class"] + TransferMode.allCases.map(\.rawValue), rows)
        var gains: [String] = [], pretrainingHelps = true
        for (i, k) in counts.enumerated() {
            let overScratch = means[.frozen]![i] - means[.scratch]![i]
            let overRandom = means[.frozen]![i] - means[.randomFrozen]![i]
            nb.result("frozen pretrained minus scratch, \(k) per class", String(format: "%+.1f points", overScratch))
            nb.result("frozen pretrained minus frozen random, \(k) per class", String(format: "%+.1f points", overRandom))
            gains.append(String(format: "%+.1f", overScratch))
            pretrainingHelps = pretrainingHelps && overRandom > 0
        }
        figure.logX = true
        figure.xRange = 0.8...(Double(counts.max()!) * 1.3)
        figure.yRange = 0...100
        figure.legend = .bottomRight
        try nb.figure(figure)
        nb.text("""
            What the measurement says. \(pretrainingHelps ? "Pretraining helps: frozen pretrained features beat frozen random features at every k, so the hidden layer did learn something the new task can use." : "Pretrained features do not beat random ones at every k here.") Against \
            training from scratch the gain is small: \(gains.joined(separator: ", ")) points at \
            \(counts.map(String.init).joined(separator: ", ")) examples per class. Two reasons. First, a wide \
            layer of random ReLU units on standardised pixels is already a decent feature extractor for \
            digits (random projections keep images that look alike close together), so 'from scratch' is a \
            strong baseline. Second, the base saw only \(task == .digits ? "1,500 images of five digits" : "a few thousand digits"), and a \
            network trained to tell five classes apart keeps mainly what separates those five. Transfer \
            learning pays off most when the pretraining data are large and varied (think ImageNet) and the \
            network deep; with a one-hidden-layer network pretrained on 1,500 images, expect a few points, \
            not tens.
            """)
    }

    // MARK: - What the network learned to see

    func features(_ nb: Notebook, _ setup: Setup) throws {
        nb.section("What the network learned to see")
        nb.text("""
            Feed the new task's test images through the hidden layer and each image becomes \
            \(setup.base.denseLayers[0].outputCount) numbers. Projected onto their two \
            main directions (PCA), the images of one class should sit together if the features are good. \
            Compare a random, untrained hidden layer with the pretrained one.
            """)
        var rng = SeededRandom(seed: options.seed &+ 7)
        let untrained = setup.base.freshCopy(classes: setup.newTest.classCount, rng: &rng)
        let (x, labels) = setup.newTest.allInputs()
        for (name, network, title) in [("before", untrained, "random hidden layer"), ("after", setup.base, "pretrained hidden layer")] {
            let h = network.hiddenRepresentation(x)
            let pca = try PCA(h, components: 2)
            let points = pca.project(h)
            var figure = Figure(name: "ch07-features-\(name)\(task == .digits ? "" : "-fashion")",
                                title: "\(setup.taskName) test images through the \(title) (PCA)",
                                xLabel: "first principal component", yLabel: "second principal component")
            for c in 0..<setup.newTest.classCount {
                let mine = labels.indices.filter { labels[$0] == c }
                figure.series.append(Series(setup.newTest.classNames[c], x: mine.map { points[$0][0] }, y: mine.map { points[$0][1] },
                                            style: .points))
            }
            figure.legend = .outside
            figure.width = 760
            nb.result("variance explained by two components, \(title)", String(format: "%.1f%%", 100 * (pca.explained[0] + pca.explained[1])))
            try nb.figure(figure)
        }
        nb.text("""
            Features that transfer better are the subject of Chapter 8: a convolutional network, whose \
            small filters are shared by every position of the image, pretrained on thousands of Fashion-MNIST \
            images and put to the same few-label experiment.
            """)
    }
}
