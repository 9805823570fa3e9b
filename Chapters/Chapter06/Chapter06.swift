// Chapter 6 · Real handwritten digits (MNIST)
//
// 3Blue1Brown's digit network, trained for real: 5,000 MNIST digits (or the full 60,000, or
// Fashion-MNIST), normalised inputs, one-hot labels, a train/validation/test split, mini-batch
// training with Adam, curves, a confusion matrix, the mistakes, what the hidden units learned, an
// overfitting experiment, and a saved model that Chapter 7 reuses.

import ArgumentParser
import Engine
import Workbook
import Foundation

@main
struct Chapter06: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Chapter 6: a multilayer perceptron on real handwritten digits.",
        discussion: """
            Data: the 5,000 embedded MNIST digits (scripts/setup fetches them), --data DIR for a folder of \
            MNIST-format files (train-images-idx3-ubyte[.gz] …), or --dataset fashion for Debian's \
            Fashion-MNIST. Use a release build: swift run -c release Chapter06.
            """)

    @OptionGroup var options: ChapterOptions

    @Option(help: "Data set: the embedded MNIST digits, or Debian's Fashion-MNIST.")
    var dataset: DataSetName = .mnist

    @Option(name: .customLong("data"), help: "A folder with the four MNIST-format files (gzip or not).")
    var dataFolder: String?

    @Option(help: "Hidden units of the 784-H-10 network (1–4096).")
    var hidden = 256

    @Option(help: "Epochs of training (1–1000).")
    var epochs = 30

    @Option(help: "Samples per mini-batch (1–4096).")
    var batchSize = 64

    @Option(help: "Optimiser.")
    var optimizer: OptimizerChoice = .adam

    @Option(help: "Starting learning rate, up to 10 (default: 0.001 for adam, 0.05 otherwise).")
    var learningRate: Double?

    @Option(help: "L2 weight decay λ, 0–1 (0 turns it off).")
    var weightDecay = 0.0

    @Option(help: "Random shift of training images, 0–8 pixels (0 turns augmentation off).")
    var maxShift = 2

    @Flag(help: "Scale pixels to [0, 1] only, instead of standardising them.")
    var scaleOnly = false

    @Flag(help: "Leave out the overfitting experiment (it trains two more networks).")
    var skipOverfitting = false

    @Option(help: "Where to save the trained model (safetensors). Default: models/<dataset>-mlp.safetensors")
    var model: String?

    func validate() throws {
        try OptionCheck.check(hidden, in: 1...4096, flag: "--hidden")
        try OptionCheck.check(epochs, in: 1...1000, flag: "--epochs")
        try OptionCheck.check(batchSize, in: 1...4096, flag: "--batch-size")
        try OptionCheck.check(maxShift, in: 0...8, flag: "--max-shift")
        try OptionCheck.check(weightDecay, in: 0...1, flag: "--weight-decay")
        if let learningRate { try OptionCheck.checkLearningRate(learningRate) }
        try ChapterOptions.checkWritableFile(modelPath, flag: "--model")   // before, not after, the training
    }

    var modelPath: String { model ?? "models/\(dataFolder == nil ? dataset.rawValue : "custom")-mlp.safetensors" }

    func run() throws {
        let nb = Notebook(chapter: 6, title: "Real handwritten digits", options: options)
        var rng = SeededRandom(seed: options.seed)
        let (raw, normalization) = try theData(nb, &rng)
        let data = raw.normalized(normalization)
        let network = theNetwork(nb, &rng)
        let history = try advisingOnDivergence { try training(nb, network, data.train, data.validation, &rng) }
        let test = try results(nb, network, data.test, history)
        try mistakes(nb, data.test, test)
        try hiddenUnits(nb, network)
        if !skipOverfitting { try overfitting(nb, raw, normalization) }
        try save(nb, network, normalization, raw.train.classNames, test)
        try nb.finish()
    }

    // MARK: - Data

    func theData(_ nb: Notebook, _ rng: inout SeededRandom) throws -> (raw: DataSet.Splits, normalization: Normalization) {
        nb.section("The data")
        let loaded = try dataset.dataSet(folder: dataFolder).load(rng: &rng)
        let (train, validation, test) = (loaded.train, loaded.validation, loaded.test)
        nb.text(loaded.description)
        nb.text("""
            Each image is 28×28 = 784 grey levels from 0 (paper) to 255 (ink), stored as bytes and turned \
            into numbers a batch at a time. The training set teaches; the validation set tells us during \
            training how well the network does on images it has not learned from; the test set is looked \
            at once, at the end, for an honest final score.
            """)
        nb.table(["split", "images", "per class (min–max)"], [
            ["train", "\(train.count)", "\(train.classCounts.min()!)–\(train.classCounts.max()!)"],
            ["validation", "\(validation.count)", "\(validation.classCounts.min()!)–\(validation.classCounts.max()!)"],
            ["test", "\(test.count)", "\(test.classCounts.min()!)–\(test.classCounts.max()!)"],
        ])
        nb.result("training images", "\(train.count)")
        nb.result("validation images", "\(validation.count)")
        nb.result("test images", "\(test.count)")

        // Four examples of every class, in columns.
        let byClass = (0..<train.classCount).map { train.indices(ofClass: $0) }
        let picks = (0..<4).flatMap { row in byClass.compactMap { $0.dropFirst(row).first } }
        var samples = Figure(name: "ch06-samples", title: "Training images and their labels (\(train.name))")
        samples.imageGrid = ImageGrid(images: picks.map { train.image($0).map { Float($0) } }, columns: train.classCount,
                                      captions: picks.map { train.classNames[Int(train.labels[$0])] })
        samples.width = 760
        samples.height = 380
        try nb.figure(samples)

        nb.section("Preparing the inputs: normalisation and one-hot labels")
        nb.text("""
            Networks learn best from inputs of a modest size centred near 0. Dividing by 255 (normalisation) \
            puts every pixel in [0, 1]. Standardisation goes further: subtract each pixel's mean and divide \
            by the spread, so the inputs have mean 0 and standard deviation 1. The statistics come from the \
            training split only: the validation and test images must stay unseen, even by the preprocessing.
            """)
        let scaled = train.allInputs().x
        nb.result("pixel range after /255", "\(fixed(scaled.data.min()!, 1)) to \(fixed(scaled.data.max()!, 1))")
        nb.result("mean pixel after /255 (train)", fixed(scaled.mean(), 4))
        let standard = train.standardization()
        let trainStd = train.normalized(standard).allInputs().x
        let validationStd = validation.normalized(standard).allInputs().x
        nb.result("mean after standardising (train)", fixed(trainStd.mean(), 4))
        nb.result("std after standardising (train)", fixed(trainStd.standardDeviation(), 4))
        nb.result("mean after standardising (validation, train statistics)", fixed(validationStd.mean(), 4))
        nb.text("""
            The labels become one-hot vectors: ten numbers, all 0 except a 1 at the true class. That is the \
            target the softmax output is compared with by the cross-entropy loss.
            """)
        let label = Int(train.labels[0])
        nb.result("label \(train.classNames[label]) as one-hot",
                  "(" + oneHot([label], classes: train.classCount).data.map { fixed($0, 0) }.joined(separator: ", ") + ")")
        let normalization = scaleOnly ? Normalization.scale : standard
        nb.text(scaleOnly ? "This run uses the /255 scaling only (--scale-only)." : "This run trains on standardised inputs.")
        return (loaded, normalization)
    }

    // MARK: - Network

    func theNetwork(_ nb: Notebook, _ rng: inout SeededRandom) -> Sequential {
        nb.section("The network: 784 → \(hidden) → 10")
        nb.text("""
            784 inputs, one hidden layer of \(hidden) ReLU units, and 10 outputs, one score per class; softmax \
            turns the scores into probabilities and cross-entropy measures the cost. The weights start as He \
            initialisation: normal with standard deviation √(2/inputs), the spread that keeps ReLU signals \
            from growing or fading layer after layer. Biases start at 0.
            """)
        nb.code("network")
        // #region network
        let network = Sequential(mlp: [784, hidden, 10], activation: .relu, rng: &rng)
        // #endregion
        nb.result("parameters", "\(network.parameterCount)")
        return network
    }

    // MARK: - Training

    struct History {
        var epoch: [Int] = []
        var trainLoss: [Double] = [], validationLoss: [Double] = []
        var trainAccuracy: [Double] = [], validationAccuracy: [Double] = []
        var seconds: [Double] = []

        mutating func append(_ report: EpochReport, validation v: Evaluation) {
            epoch.append(report.epoch)
            trainLoss.append(Double(report.loss))
            trainAccuracy.append(Double(report.accuracy))
            validationLoss.append(Double(v.loss))
            validationAccuracy.append(Double(v.accuracy))
            seconds.append(report.seconds)
        }
    }

    func training(_ nb: Notebook, _ network: Sequential, _ train: ImageDataset, _ validation: ImageDataset,
                  _ rng: inout SeededRandom) throws -> History {
        let baseRate = Float(learningRate ?? optimizer.defaultLearningRate)
        nb.section("Training with mini-batches")
        nb.text("""
            Each epoch shuffles the training images and walks through them \(batchSize) at a time: forward, \
            loss, backward, one optimiser step (\(optimizer), learning rate \(baseRate) falling along a cosine \
            to 0 by the last epoch\(weightDecay > 0 ? ", L2 weight decay \(weightDecay)" : "")). \
            \(maxShift > 0 ? "Every training image is shifted by up to \(maxShift) pixels in each direction, freshly for every batch, so the network cannot memorise exact pixel positions." : "")
            """)
        let source: BatchSource = maxShift > 0 ? RandomShifts(train, maxShift: maxShift, seed: options.seed &+ 1) : train
        let optimizer = optimizer.make(learningRate: baseRate, weightDecay: Float(weightDecay))
        var history = History()
        let progress = ProgressBar(total: (train.count + batchSize - 1) / batchSize)
        nb.code("training")
        nb.output("  epoch  train loss  train acc  valid acc  seconds", page: "  epoch  train loss  train acc  valid acc")
        // #region training
        try network.train(on: source, optimizer: optimizer, config: TrainingConfig(epochs: epochs, batchSize: batchSize),
                          rng: &rng, onBatch: { progress.update($0) }) { report in
            progress.finish()
            let v = network.evaluate(on: validation)
            history.append(report, validation: v)
            let line = String(format: "  %5d  %10.4f  %8.2f%%  %8.2f%%", report.epoch, report.loss,
                              100 * report.accuracy, 100 * v.accuracy)
            nb.output(line + String(format: "  %7.2f", report.seconds), page: line)
            // Cosine schedule: from the starting rate down to 0 at the end of the last epoch.
            optimizer.learningRate = baseRate * Float(0.5 * (1 + cos(Double.pi * Double(report.epoch) / Double(epochs))))
        }
        // #endregion
        nb.result("training time", String(format: "%.1f s", history.seconds.reduce(0, +)), stable: false)
        return history
    }
    // MARK: - Results

    func results(_ nb: Notebook, _ network: Sequential, _ test: ImageDataset, _ history: History) throws -> Evaluation {
        nb.section("Results on the test set")
        let result = network.evaluate(on: test)
        nb.result("test accuracy", String(format: "%.2f%%", 100 * result.accuracy))
        nb.result("test loss", fixed(result.loss, 4))
        let best = history.validationAccuracy.max()!
        nb.result("best validation accuracy",
                  String(format: "%.2f%% (epoch %d)", 100 * best, history.epoch[history.validationAccuracy.firstIndex(of: best)!]))

        var curves = Figure(name: "ch06-curves", title: "Training curves: loss (left axis) and accuracy (right axis)",
                            xLabel: "epoch", yLabel: "loss (cross-entropy)")
        let epochs = history.epoch.map(Double.init)
        curves.y2Label = "accuracy (%)"
        curves.series = [
            Series("train loss", x: epochs, y: history.trainLoss, color: "#1f77b4"),
            Series("validation loss", x: epochs, y: history.validationLoss, style: .dashed, color: "#1f77b4"),
            Series("train accuracy", x: epochs, y: history.trainAccuracy.map { 100 * $0 }, axis: .right, color: "#d62728"),
            Series("validation accuracy", x: epochs, y: history.validationAccuracy.map { 100 * $0 }, style: .dashed,
                   axis: .right, color: "#d62728"),
        ]
        curves.legend = .outside
        curves.width = 900
        try nb.figure(curves)
        try writeMetricsCSV(nb, history)

        let classes = test.classCount
        let confusion = ConfusionMatrix(truth: result.labels, predicted: result.predictions, classes: classes)
        nb.section("The confusion matrix")
        nb.text("""
            Row = the true class, column = the network's answer; the diagonal holds the correct answers. \
            The cells off the diagonal show which classes the network mixes up.
            """)
        let names = test.classNames
        nb.table(["true \\ predicted"] + names + ["recall"], (0..<classes).map { t in
            [names[t]] + confusion.counts[t].map(String.init) + [String(format: "%.1f%%", 100 * confusion.recall(t))]
        })
        for m in confusion.mostCommonMistakes(3) {
            nb.result("\(names[m.truth]) taken for \(names[m.predicted])", "\(m.count) times")
        }
        var heat = Figure(name: "ch06-confusion", title: "Confusion matrix on the \(test.count) test images",
                          xLabel: "predicted class", yLabel: "true class")
        heat.heatMap = HeatMap(values: confusion.counts.map { $0.map(Double.init) }, rowLabels: names, columnLabels: names)
        heat.width = 640
        heat.height = 600
        try nb.figure(heat)
        return result
    }

    /// The per-epoch numbers, for readers who want to draw their own charts.
    func writeMetricsCSV(_ nb: Notebook, _ history: History) throws {
        guard !options.noPlots else { return }
        var csv = "epoch,train_loss,train_accuracy,validation_loss,validation_accuracy\n"
        for i in history.epoch.indices {
            csv += String(format: "%d,%.6f,%.6f,%.6f,%.6f\n", history.epoch[i], history.trainLoss[i],
                          history.trainAccuracy[i], history.validationLoss[i], history.validationAccuracy[i])
        }
        let path = (options.plotsDir as NSString).appendingPathComponent("ch06-metrics.csv")
        try AtomicFile.write(Data(csv.utf8), to: path)
        nb.output("  [data] \(path): the numbers behind the curves", page: "  [data] plots/ch06-metrics.csv")
    }

    // MARK: - Mistakes

    func mistakes(_ nb: Notebook, _ test: ImageDataset, _ result: Evaluation) throws {
        nb.section("The mistakes")
        let wrong = result.labels.indices.filter { result.labels[$0] != result.predictions[$0] }
        nb.text("""
            \(wrong.count) of \(test.count) test images are misclassified. Here are the first ones, with the \
            true label and the network's answer. Many are hard for people too.
            """)
        let shown = Array(wrong.prefix(30))
        var grid = Figure(name: "ch06-mistakes", title: "Misclassified test images: true → predicted")
        grid.imageGrid = ImageGrid(images: shown.map { test.image($0).map { Float($0) } }, columns: 10,
                                   captions: shown.map { "\(test.classNames[result.labels[$0]]) → \(test.classNames[result.predictions[$0]])" })
        grid.width = 760
        grid.height = 300
        try nb.figure(grid)
    }

    // MARK: - Hidden units

    func hiddenUnits(_ nb: Notebook, _ network: Sequential) throws {
        nb.section("What the hidden units look at")
        nb.text("""
            Each hidden unit has one weight per pixel, so its 784 weights can be drawn as a 28×28 image: \
            red where ink raises the unit's output, blue where ink lowers it. 3Blue1Brown hoped for neat \
            strokes and loops; real units learn blurrier, partly random patterns that only make sense together.
            """)
        let w = network.denseLayers[0].weights.value   // 784 × hidden
        let units = Array(0..<min(24, w.cols))
        var figure = Figure(name: "ch06-hidden-weights", title: "Weights of the first \(units.count) hidden units")
        figure.imageGrid = ImageGrid(images: units.map { w.column($0) }, columns: 12,
                                     captions: units.map { "unit \($0)" }, palette: .diverging)
        figure.width = 860
        figure.height = 230
        try nb.figure(figure)
    }

    // MARK: - Overfitting

    func overfitting(_ nb: Notebook, _ raw: DataSet.Splits, _ normalization: Normalization) throws {
        nb.section("Overfitting, and L2 weight decay")
        let small = raw.train.subset(Array(0..<min(500, raw.train.count))).normalized(normalization)
        let validation = raw.validation.normalized(normalization)
        let runs: [(String, Double)] = [("no weight decay", 0), ("L2 weight decay λ = 0.01", 0.01)]
        let epochs = 50
        nb.text("""
            A big network on a small training set can memorise it: training loss keeps falling while the \
            validation loss, after a while, turns up again. That is overfitting. Here a 784-256-256-10 network \
            trains on only \(small.count) images for \(epochs) epochs with Adam and no \
            augmentation, once without and once with L2 weight decay, which pulls every weight a little \
            towards 0 at each step (the gradient gets λ·w added), so the network cannot lean on a few huge \
            weights.
            """)
        var figure = Figure(name: "ch06-overfitting",
                            title: "784-256-256-10 on \(small.count) training images, with and without L2",
                            xLabel: "epoch", yLabel: "loss (cross-entropy)")
        var rows: [[String]] = []
        for (k, (name, lambda)) in runs.enumerated() {
            var rng = SeededRandom(seed: options.seed &+ 100)
            let network = Sequential(mlp: [784, 256, 256, 10], activation: .relu, rng: &rng)
            let optimizer = Adam(learningRate: 0.001, weightDecay: Float(lambda))
            var trainLoss: [Double] = [], validationLoss: [Double] = []
            try network.train(on: small, optimizer: optimizer, config: TrainingConfig(epochs: epochs, batchSize: 50),
                              rng: &rng, onEpoch: { report in
                trainLoss.append(Double(report.loss))
                validationLoss.append(Double(network.evaluate(on: validation).loss))
            })
            let best = validationLoss.min()!
            let bestEpoch = validationLoss.firstIndex(of: best)! + 1
            let final = network.evaluate(on: validation)
            rows.append([name, fixed(trainLoss.last!, 4), fixed(best, 4) + " (epoch \(bestEpoch))", fixed(validationLoss.last!, 4),
                         String(format: "%.1f%%", 100 * final.accuracy)])
            nb.result("final validation loss, \(name)", fixed(validationLoss.last!, 4))
            nb.result("lowest validation loss, \(name)", fixed(best, 4))
            let color = k == 0 ? "#d62728" : "#2ca02c"
            let xs = (1...epochs).map(Double.init)
            figure.series.append(Series("train, \(name)", x: xs, y: trainLoss, style: .dashed, color: color))
            figure.series.append(Series("validation, \(name)", x: xs, y: validationLoss, color: color))
        }
        nb.table(["run", "final train loss", "lowest validation loss", "final validation loss", "validation accuracy"], rows)
        figure.legend = .topRight
        figure.yRange = 0...1.2
        try nb.figure(figure)
    }

    // MARK: - Saving

    func save(_ nb: Notebook, _ network: Sequential, _ normalization: Normalization, _ classNames: [String],
              _ test: Evaluation) throws {
        nb.section("Saving the model")
        nb.text("""
            The trained weights go into a safetensors file: an 8-byte header length, a JSON header naming each \
            tensor's shape and place, then the raw float32 numbers. Chapter 7 loads it, and so can numpy or \
            PyTorch (safetensors.numpy.load_file). The input statistics travel with the weights, because \
            new images must be standardised exactly as the training images were.
            """)
        nb.code("save")
        // #region save
        let saved = SavedModel(network: network, normalization: normalization, classNames: classNames,
                               notes: ["dataset": dataFolder == nil ? dataset.rawValue : "folder", "seed": "\(options.seed)",
                                       "test_accuracy": String(format: "%.4f", test.accuracy)])
        try saved.save(to: modelPath)
        // #endregion
        nb.result("model file", modelPath)
    }
}
