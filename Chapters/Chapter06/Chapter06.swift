// Chapter 6 · Real handwritten digits (MNIST)
//
// 3Blue1Brown's digit network, trained for real on 5,000 MNIST digits (or the full 60,000, or
// Fashion-MNIST), then a climb from it to today's recipe, one measured change at a time; the top
// of the climb trained longer is the chapter's model: curves, a confusion matrix, the mistakes,
// what the hidden units learned, an overfitting experiment, and a saved model that Chapter 7 reuses.
// The climb is in Climb.swift (its recipes in Recipe.swift), the results in Results.swift and the
// overfitting experiment in Overfitting.swift.

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

    @Option(help: "Hidden units of the chapter's 784-H-10 network (1–4096).")
    var hidden = 256

    @Option(help: "Epochs of training (1–1000).")
    var epochs = 30

    @Option(help: "Samples per mini-batch (1–4096).")
    var batchSize = 64

    @Option(help: "Optimiser.")
    var optimizer: OptimizerChoice = .adam

    @Option(help: "Starting learning rate, up to 10 (default: 0.003 for adam, 0.05 otherwise).")
    var learningRate: Double?

    @Option(help: "L2 penalty λ on the weights (λ·w added to their gradient), 0–1 (0 turns it off).")
    var weightDecay = 0.0

    @Option(help: "Random shift of training images, 0–8 pixels (0 turns augmentation off).")
    var maxShift = 2

    @Flag(help: "Scale pixels to [0, 1] only, instead of standardising them.")
    var scaleOnly = false

    @Flag(help: "Leave out the overfitting experiment (it trains two more networks).")
    var skipOverfitting = false

    @Flag(help: "Leave out the climb from 3Blue1Brown's network (it trains about 50 small networks).")
    var skipClimb = false

    @Option(help: "Seeds each step of the climb is measured with (1–5).")
    var climbSeeds = 3

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
        try OptionCheck.check(climbSeeds, in: 1...5, flag: "--climb-seeds")
        let nb = Notebook(chapter: 6, title: "Real handwritten digits", options: options, release: true)
        var rng = SeededRandom(seed: options.seed)
        let (raw, standard) = try theData(nb, &rng)
        threeBlueOneBrown(nb)
        let climbed = skipClimb ? nil : try climb(nb, raw)
        let recipe = modelRecipe
        let data = raw.normalized(recipe.standardize ? standard : .scale)
        let (network, history) = try advisingOnDivergence { try training(nb, recipe, data.train, data.validation) }
        if let climbed { try climbSummary(nb, climbed, raw, model: recipe, history) }
        let test = try results(nb, network, data.test, history)
        try mistakes(nb, data.test, test)
        try hiddenUnits(nb, network)
        if !skipOverfitting { try overfitting(nb, raw, recipe.standardize ? standard : .scale) }
        try save(nb, network, recipe.standardize ? standard : .scale, raw.train.classNames, test)
        try nb.finish()
    }

    /// The chapter's model, from its flags: with the defaults, the top of the climb trained for 30 epochs.
    var modelRecipe: Recipe {
        Recipe(hidden: [hidden], activation: .relu, softmax: true, standardize: !scaleOnly, batchSize: batchSize,
               optimizer: optimizer, learningRate: learningRate ?? (optimizer == .adam ? 0.003 : optimizer.defaultLearningRate),
               weightDecay: weightDecay,
               maxShift: maxShift, cosine: true, epochs: epochs)
    }

    // MARK: - Data

    func theData(_ nb: Notebook, _ rng: inout SeededRandom) throws -> (raw: DataSet.Splits, standard: Normalization) {
        nb.section("The data")
        let loaded = try dataset.dataSet(folder: dataFolder).load(rng: &rng)
        let (train, validation, test) = (loaded.train, loaded.validation, loaded.test)
        nb.text(loaded.description)
        nb.text("""
            Each image is 28×28 = 784 grey levels from 0 (paper) to 255 (ink), stored as bytes and turned \
            into numbers a batch at a time. The notes compare the three sets to a student's textbook, homework \
            and exam. The training set is the textbook: the network learns from it. The validation set is the \
            homework: it shows during training how well the network does on images it has not learned from, \
            and guides our choices (the learning rate, the recipe). The test set is the exam: questions never \
            seen before, looked at once, at the end, for an honest final score.
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

        nb.section("Preparing the inputs: normalisation, standardisation and one-hot labels")
        nb.text("""
            Networks learn best from inputs of a modest size. Normalisation (min-max scaling) maps every value \
            into [0, 1] with (x − min)/(max − min); for pixels min = 0 and max = 255, so it is x/255. \
            Standardisation goes further, (x − mean)/standard deviation, so the inputs have mean 0 and \
            standard deviation 1. The code subtracts each pixel's own mean (over the training images) but \
            divides every pixel by one spread, measured over all pixels together: pixels near the border are \
            blank in every training image, their own spread is 0, and dividing by 0 is impossible. So the \
            inputs together have standard deviation 1; a single pixel's spread is not 1. The statistics come \
            from the training split only: the validation and test images must stay unseen, even by the \
            preprocessing.
            """)
        let scaled = train.allInputs().x
        nb.result("pixel range after /255", "\(fixed(scaled.data.min()!, 1)) to \(fixed(scaled.data.max()!, 1))")
        nb.result("mean pixel after /255 (train)", fixed(scaled.mean(), 4))
        let blank = (0..<train.featureCount).filter { j in (0..<train.count).allSatisfy { train.pixels[$0 * train.featureCount + j] == 0 } }
        nb.result("pixels blank in every training image", "\(blank.count) of \(train.featureCount)")
        let standard = train.standardization()
        let trainStd = train.normalized(standard).allInputs().x
        let validationStd = validation.normalized(standard).allInputs().x
        nb.result("mean after standardising (train)", fixed(trainStd.mean(), 4))
        nb.result("std after standardising (train, all pixels together)", fixed(trainStd.standardDeviation(), 4))
        let pixelSpreads = (0..<trainStd.cols).map { Matrix(row: trainStd.column($0)).standardDeviation() }
        nb.result("std of single pixels after standardising (train)",
                  "\(fixed(pixelSpreads.min()!, 4)) to \(fixed(pixelSpreads.max()!, 4))")
        nb.result("mean after standardising (validation, train statistics)", fixed(validationStd.mean(), 4))
        nb.text("""
            The labels become one-hot vectors: ten numbers, all 0 except a 1 at the true class. That is the \
            target t the network's ten outputs are compared with.
            """)
        let label = Int(train.labels[0])
        nb.result("label \(train.classNames[label]) as one-hot",
                  "(" + oneHot([label], classes: train.classCount).data.map { fixed($0, 0) }.joined(separator: ", ") + ")")
        return (loaded, standard)
    }

    // MARK: - 3Blue1Brown's network

    func threeBlueOneBrown(_ nb: Notebook) {
        nb.section("3Blue1Brown's network: 784 → 16 → 16 → 10")
        nb.text("""
            The network of 3Blue1Brown's video: 784 inputs, one per pixel; two hidden layers of 16 neurons; \
            10 outputs, one per digit. Every neuron computes σ(w·a + b) with the sigmoid σ, the outputs \
            too, so each output lies between 0 and 1, and the cost of one image is C = Σᵢ (tᵢ − aᵢ)² over \
            the ten outputs aᵢ and the one-hot target tᵢ. The builder draws every layer's starting weights \
            with Xavier initialisation (normal, standard deviation √(2/(inputs + outputs))), a spread suited \
            to the sigmoid; biases start at 0.
            """)
        nb.code("three-blue-one-brown")
        var rng = SeededRandom(seed: options.seed)
        // #region three-blue-one-brown
        let network = Sequential(mlp: [784, 16, 16, 10], activation: .sigmoid, outputActivation: .sigmoid, rng: &rng)
        // #endregion
        nb.result("parameters", parameterSum(network))
        nb.text("""
            Training repeats four things for every mini-batch of images (here a batch is a single image, as \
            in plain stochastic gradient descent): run the batch forward, measure the cost and its gradient \
            with respect to the outputs, backpropagate that gradient to every weight and bias, and let the \
            optimiser take one step downhill. The loop, with the same four lines for every network of this \
            chapter:
            """)
        nb.code("training-step", file: "Sources/Engine/Training/Training.swift")
        nb.text("""
            The cost in code: for each image the sum over its ten outputs, then the mean over the images of \
            the batch (with one image per batch, exactly C), and its gradient dC/da = 2·(a − t):
            """)
        nb.code("squared-error", file: "Sources/Engine/Network/LossFunction.swift")
    }

    /// "784·16 + 16·16 + 16·10 weights + 16 + 16 + 10 biases = 13002".
    func parameterSum(_ network: Sequential) -> String {
        let sizes = network.layerSizes
        let weights = zip(sizes, sizes.dropFirst()).map { "\($0)·\($1)" }.joined(separator: " + ")
        return "\(weights) weights + \(sizes.dropFirst().map(String.init).joined(separator: " + ")) biases = \(network.parameterCount)"
    }

    // MARK: - The chapter's model

    func training(_ nb: Notebook, _ recipe: Recipe, _ train: ImageDataset, _ validation: ImageDataset) throws
        -> (Sequential, History) {
        let rate = recipe.learningRate!
        var top = ClimbStep.climb.reduce(into: Recipe()) { recipe, step in step.apply(&recipe) }
        top.epochs = recipe.epochs
        nb.section("The chapter's model: 784 → \(hidden) → 10, \(recipe.epochs) epochs")
        nb.text(top == recipe ? """
            The top of the climb, trained for \(recipe.epochs) epochs instead of \(Recipe().epochs): one hidden \
            layer of \(hidden) ReLU units, whose weights start from He initialisation, and 10 outputs whose \
            weights start from Xavier initialisation; softmax with cross-entropy; standardised inputs; \
            mini-batches of \(recipe.batchSize) with Adam, learning rate \(rate) falling along a cosine to 0 by \
            the last epoch; every training image shifted by up to \(recipe.maxShift) pixels, freshly for every batch.
            """ : """
            Your flags changed the recipe at the top of the climb: \(recipe.shape), \(recipe.standardize ? "standardised" : "[0, 1]") \
            inputs, mini-batches of \(recipe.batchSize), \(recipe.optimizer) with learning rate \(rate) falling along a \
            cosine\(recipe.weightDecay > 0 ? ", L2 penalty λ = \(recipe.weightDecay)" : ""), shifts of up to \
            \(recipe.maxShift) pixels, \(recipe.epochs) epochs.
            """)
        var history = History()
        let progress = ProgressBar(total: (train.count + recipe.batchSize - 1) / recipe.batchSize)
        nb.code("training")
        nb.output("  epoch  train loss  train acc  valid acc  seconds", page: "  epoch  train loss  train acc  valid acc")
        // #region training
        let network = try recipe.train(on: train, seed: options.seed, learningRate: rate,
                                       onBatch: { progress.update($0) }) { report, network in
            progress.finish()
            let v = network.evaluate(on: validation)
            history.append(report, validation: v)
            let line = String(format: "  %5d  %10.4f  %8.2f%%  %8.2f%%", report.epoch, report.loss,
                              100 * report.accuracy, 100 * v.accuracy)
            nb.output(line + String(format: "  %7.2f", report.seconds), page: line)
        }
        // #endregion
        nb.result("parameters", parameterSum(network))
        nb.result("training time", String(format: "%.1f s", history.seconds.reduce(0, +)), stable: false)
        nb.text("""
            Training accuracy starts below validation accuracy for two reasons: it is a running average over \
            the epoch, counted on each batch before the step that learns from it, while the weights are still \
            improving (the validation accuracy is measured after the epoch, with its final weights), and it \
            is measured on shifted images, which are harder than the unshifted validation images.
            """)
        return (network, history)
    }

    // MARK: - Saving

    func save(_ nb: Notebook, _ network: Sequential, _ normalization: Normalization, _ classNames: [String],
              _ test: Evaluation) throws {
        nb.section("Saving the model")
        nb.text("""
            The trained weights go into a safetensors file: an 8-byte header length, a JSON header naming each \
            tensor's shape and place, then the raw float32 numbers. Chapter 7 loads it, and so can numpy or \
            PyTorch (safetensors.numpy.load_file). The input statistics travel with the weights, because \
            new images must be standardised exactly as the training images were. The engine stores a layer's \
            weights as inputs × outputs (layers.0.weight is 784 × \(hidden)) and its bias as a 1 × outputs row; \
            PyTorch's torch.nn.Linear wants outputs × inputs and a 1-D bias, so transpose the weights and \
            flatten the bias when copying them in.
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
