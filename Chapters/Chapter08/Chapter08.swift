// Chapter 8 · Convolution
//
// A filter slid over an image, pooling, and a small LeNet-style network built from them, trained
// on the same digits as Chapter 6's dense network and compared with it; then Chapter 7's transfer
// experiment again, with convolutional features pretrained on Fashion-MNIST.

import ArgumentParser
import Engine
import Workbook
import Foundation

@main
struct Chapter08: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Chapter 8: convolution, pooling, a LeNet-style network, and transfer with convolutional features.",
        discussion: """
            Uses the 5,000 embedded MNIST digits (scripts/setup fetches them) and Debian's Fashion-MNIST \
            for the transfer experiment. Use a release build: swift run -c release Chapter08.
            """)

    @OptionGroup var options: ChapterOptions

    @Option(help: "Epochs of training for the digit networks (1–1000).")
    var epochs = 20

    @Option(help: "Adam's starting learning rate for the digit networks, up to 1.")
    var learningRate = 0.002

    @Option(help: "Samples per mini-batch for the digit networks (1–4096).")
    var batchSize = 64

    @Option(help: "Fashion-MNIST images of classes 0–4 the transfer base is pretrained on (100–27000).")
    var pretrainImages = 27000

    @Option(help: "Epochs of pretraining for the transfer base (1–100).")
    var pretrainEpochs = 2

    @Option(parsing: .upToNextOption,
            help: "Labelled examples per class to try in the transfer experiment, each 1–1000 (e.g. --labels-per-class 1 10).")
    var labelsPerClass: [Int] = [1, 2, 5, 10, 50]

    @Option(help: "How many seeds (different labelled examples and starts) to average over (1–20).")
    var seeds = 5

    @Option(help: "Training budget of every transfer approach: optimiser steps on the few labelled examples (1–10000).")
    var steps = 150

    @Option(help: "Adam's learning rate in the transfer experiment, up to 1.")
    var transferRate = 0.001

    @Flag(help: "Leave out the transfer experiment.")
    var skipTransfer = false

    @Option(help: "Where to save the trained convolutional network (safetensors).")
    var model = "models/mnist-cnn.safetensors"

    func validate() throws {
        try OptionCheck.check(epochs, in: 1...1000, flag: "--epochs")
        try OptionCheck.checkLearningRate(learningRate, maximum: 1)
        try OptionCheck.check(batchSize, in: 1...4096, flag: "--batch-size")
        try OptionCheck.check(pretrainImages, in: 100...27000, flag: "--pretrain-images")
        try OptionCheck.check(pretrainEpochs, in: 1...100, flag: "--pretrain-epochs")
        guard !labelsPerClass.isEmpty else { throw ValidationError("--labels-per-class needs at least one number.") }
        for k in labelsPerClass { try OptionCheck.check(k, in: 1...1000, flag: "--labels-per-class") }
        try OptionCheck.check(seeds, in: 1...20, flag: "--seeds")
        try OptionCheck.check(steps, in: 1...10000, flag: "--steps")
    }

    func run() throws {
        let nb = Notebook(chapter: 8, title: "Convolution", options: options, release: true)
        var rng = SeededRandom(seed: options.seed)
        let raw = try DataSet.embedded.load(rng: &rng)
        let normalization = raw.train.standardization()
        let data = raw.normalized(normalization)
        try oneFilter(nb, raw.train)
        let network = Self.lenet(classes: 10, rng: &rng)
        let dense = Sequential(mlp: [784, 256, 10], activation: .relu, rng: &rng)
        let comparison = try advisingOnDivergence { try sideBySide(nb, cnn: network, dense: dense, data: data) }
        try learned(nb, network, data.test)
        try save(nb, network, normalization, raw.train.classNames, data.test, comparison)
        if !skipTransfer { try transfer(nb) }
        furtherReading(nb)
        try nb.finish()
    }

    // MARK: - One filter, one digit

    func oneFilter(_ nb: Notebook, _ train: ImageDataset) throws {
        nb.section("What a convolution does")
        nb.text("""
            A dense layer connects every pixel to every hidden unit: a unit that has learned to spot a \
            stroke in the top left corner knows nothing about the same stroke one pixel to the right. A \
            convolutional layer does the opposite. It has a few small filters, here 3×3 numbers each, and \
            slides every filter over the whole image: at each position it multiplies the filter with the \
            3×3 pixels under it and adds them up. The result is a new image, a feature map, that is bright \
            wherever the pattern of the filter occurs. The same nine weights are used at every position, \
            so what the filter detects is found anywhere in the picture.
            """)
        nb.text("""
            Here are two filters made by hand. The first answers to a change from dark on the left to \
            bright on the right (a vertical edge), the second to a change from top to bottom (a \
            horizontal edge). One zero pixel of padding around the image keeps the feature maps 28×28.
            """)
        let index = train.indices(ofClass: 7)[0]
        let digit = train.batch([index]).x          // 1 × 784, pixels in [0, 1]
        nb.code("edges")
        // #region edges
        let filters = Matrix([[-1, 0, 1, -2, 0, 2, -1, 0, 1],       // vertical edges: right minus left
                              [-1, -2, -1, 0, 0, 0, 1, 2, 1]])      // horizontal edges: below minus above
        let edges = Conv2D(weights: filters, bias: Matrix(rows: 1, cols: 2),
                           geometry: Im2Col(channels: 1, height: 28, width: 28, kernelHeight: 3, kernelWidth: 3, padding: 1))
        let maps = edges.forward(digit)             // 1 × (2·28·28): two feature maps, one after the other
        let pool = MaxPool2D(channels: 2, height: 28, width: 28, size: 2)
        let pooled = pool.forward(maps)             // 1 × (2·14·14): the largest value of every 2×2 block
        // #endregion
        nb.text("""
            The engine's convolution does not loop over positions one by one. It copies every 3×3 window \
            of the image into a column of a patch matrix (im2col: one column per position, one row per \
            filter weight), and then one matrix product, through BLAS as in every other layer, applies \
            every filter at every position of every image in the batch:
            """)
        nb.code("forward", file: "Sources/Engine/Network/Conv2D.swift")
        let vertical = Array(maps.data[0..<784]), horizontal = Array(maps.data[784..<1568])
        nb.result("feature maps", "2 × \(edges.geometry.outputHeight)×\(edges.geometry.outputWidth)")
        nb.result("strongest vertical-edge response", fixed(vertical.map(abs).max()!, 2))
        nb.result("strongest horizontal-edge response", fixed(horizontal.map(abs).max()!, 2))
        var figure = Figure(name: "ch08-edges", title: "A digit and its two feature maps (blue: negative, red: positive)")
        figure.imageGrid = ImageGrid(images: [digit.data, vertical, horizontal], columns: 3,
                                     captions: ["the digit", "vertical-edge filter", "horizontal-edge filter"], palette: .diverging)
        figure.width = 760
        figure.height = 300
        try nb.figure(figure)
        nb.text("""
            On the 7, the vertical-edge map lights up along the left and right sides of the long \
            stroke (red where ink starts, blue where it ends), and the horizontal-edge map along the top \
            bar. Pooling then shrinks each map: 2×2 max pooling keeps only the largest number of every \
            2×2 block, so a map of 28×28 becomes 14×14, a quarter of the numbers.
            """)
        let pooledVertical = Array(pooled.data[0..<196]), pooledHorizontal = Array(pooled.data[196..<392])
        nb.result("numbers per map before and after pooling", "\(28 * 28) → \(pool.outputHeight * pool.outputWidth)")
        nb.result("strongest vertical-edge response after pooling", fixed(pooledVertical.max()!, 2))
        // What pooling keeps: shift the digit one pixel right and compare the pooled maps.
        var shiftedPixels = [Float](repeating: 0, count: 784)
        for y in 0..<28 { for x in 1..<28 { shiftedPixels[y * 28 + x] = digit.data[y * 28 + x - 1] } }
        let shiftedMaps = edges.forward(Matrix(row: shiftedPixels))
        let shiftedPooled = pool.forward(shiftedMaps)
        func agreement(_ a: ArraySlice<Float>, _ b: ArraySlice<Float>) -> Double {
            // Cosine similarity of two maps: 1 when they are the same up to scale.
            var ab = 0.0, aa = 0.0, bb = 0.0
            for (x, y) in zip(a, b) { ab += Double(x * y); aa += Double(x * x); bb += Double(y * y) }
            return ab / max((aa * bb).squareRoot(), 1e-12)
        }
        let before = agreement(maps.data[0..<784], shiftedMaps.data[0..<784])
        let after = agreement(pooled.data[0..<196], shiftedPooled.data[0..<196])
        nb.result("similarity of the vertical-edge map and that of the digit moved 1 pixel right", fixed(before, 2))
        nb.result("the same after pooling", fixed(after, 2))
        nb.text("""
            What pooling keeps is whether, and roughly where, a pattern occurred; it forgets the exact \
            pixel. Move the digit one pixel to the right: its feature map moves too, and compared pixel by \
            pixel with the old one (cosine similarity, 1 for identical maps) it matches only \
            \(fixed(before, 2)). After pooling they \(after > before ? "agree better" : "do not agree better"), \
            \(fixed(after, 2)): a stroke that moves within its 2×2 block leaves the block's maximum where it \
            was, so part of the map stays put.
            """)
        var pooledFigure = Figure(name: "ch08-pooled", title: "The two feature maps after 2×2 max pooling (14×14)")
        pooledFigure.imageGrid = ImageGrid(images: [pooledVertical, pooledHorizontal], width: 14, height: 14, columns: 2,
                                           captions: ["vertical edges, pooled", "horizontal edges, pooled"], palette: .diverging)
        pooledFigure.width = 560
        pooledFigure.height = 300
        try nb.figure(pooledFigure)
    }

    // MARK: - A LeNet-style network

    /// The chapter's convolutional network, with `classes` outputs.
    static func lenet(classes: Int, rng: inout SeededRandom) -> Sequential {
        // #region lenet
        Sequential([
            Conv2D(inChannels: 1, outChannels: 6, kernel: 5, height: 28, width: 28, rng: &rng, name: "layers.0"),  // 6 × 24×24
            ActivationLayer(.relu),
            MaxPool2D(channels: 6, height: 24, width: 24, size: 2),                                                 // 6 × 12×12
            Conv2D(inChannels: 6, outChannels: 16, kernel: 5, height: 12, width: 12, rng: &rng, name: "layers.3"), // 16 × 8×8
            ActivationLayer(.relu),
            MaxPool2D(channels: 16, height: 8, width: 8, size: 2),                                                  // 16 × 4×4
            Flatten(channels: 16, height: 4, width: 4),                                                             // 256
            Dense(inputs: 256, outputs: 120, initializer: .he, rng: &rng, name: "layers.7"),
            ActivationLayer(.relu),
            Dense(inputs: 120, outputs: classes, initializer: .xavier, rng: &rng, name: "layers.9"),
        ])
        // #endregion
    }

    struct Comparison {
        var cnnAccuracy: Float
        var denseAccuracy: Float
    }

    func sideBySide(_ nb: Notebook, cnn: Sequential, dense: Sequential, data: DataSet.Splits) throws -> Comparison {
        nb.section("A small LeNet-style network")
        nb.text("""
            LeNet (LeCun et al., 1998) stacked exactly these pieces to read handwritten digits: convolution, \
            a non-linearity, pooling, again, then dense layers. The network here is a small version of it. \
            Six 5×5 filters look at the image; ReLU and pooling shrink their maps to 12×12; sixteen 5×5 \
            filters look at those six maps together (each filter has 6×5×5 weights); pooling again; the \
            remaining 16 maps of 4×4 are read as 256 numbers by a dense layer of 120 units, and a last \
            dense layer gives the 10 class scores.
            """)
        nb.code("lenet")
        var rows: [[String]] = []
        var shape = "1 × 28×28"
        for layer in cnn.layers {
            let name: String, count: Int
            switch layer {
            case let c as Conv2D:
                name = "Conv2D \(c.geometry.kernelHeight)×\(c.geometry.kernelWidth), \(c.outChannels) filters"
                shape = "\(c.outChannels) × \(c.geometry.outputHeight)×\(c.geometry.outputWidth)"
                count = c.weights.value.count + c.bias.value.count
            case let p as MaxPool2D:
                name = "MaxPool2D \(p.size)×\(p.size)"
                shape = "\(p.channels) × \(p.outputHeight)×\(p.outputWidth)"
                count = 0
            case let f as Flatten:
                name = "Flatten"
                shape = "\(f.count)"
                count = 0
            case let d as Dense:
                name = "Dense"
                shape = "\(d.outputCount)"
                count = d.weights.value.count + d.bias.value.count
            case let a as ActivationLayer:
                name = "\(a.activation)"
                count = 0
            default:
                name = "\(type(of: layer))"
                count = 0
            }
            rows.append([name, shape, "\(count)"])
        }
        nb.table(["layer", "output per image", "parameters"], rows)
        nb.text("""
            Both networks are trained the same way, on the same \(data.train.count) training images as in \
            Chapter 6: \(epochs) epochs of Adam on mini-batches of \(batchSize), the learning rate falling from \(learningRate) \
            along a cosine to 0, and every image shifted by up to 2 pixels, freshly for every batch. The \
            dense network is Chapter 6's 784 → 256 → 10.
            """)
        var results: [(name: String, network: Sequential, accuracy: Float, seconds: Double)] = []
        for (name, network, seed) in [("convolutional", cnn, options.seed &+ 1), ("dense 784-256-10", dense, options.seed &+ 2)] {
            var order = SeededRandom(seed: seed)
            let optimizer = Adam(learningRate: Float(learningRate))
            let start = ContinuousClock.now
            nb.output("  \(name): epoch  train loss  valid acc")
            try network.train(on: RandomShifts(data.train, maxShift: 2, seed: seed &+ 10), optimizer: optimizer,
                              config: TrainingConfig(epochs: epochs, batchSize: batchSize), rng: &order, onEpoch: { report in
                let v = network.evaluate(on: data.validation)
                nb.output(String(format: "  %@  %5d  %10.4f  %8.2f%%", String(repeating: " ", count: name.count), report.epoch,
                                 report.loss, 100 * v.accuracy))
                optimizer.learningRate = Float(learningRate) * Float(0.5 * (1 + cos(Double.pi * Double(report.epoch) / Double(epochs))))
            })
            let elapsed = start.duration(to: .now).components
            let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
            results.append((name, network, network.evaluate(on: data.test).accuracy, seconds))
        }
        nb.table(["network", "parameters", "test accuracy", "training time"], results.map {
            [$0.name, "\($0.network.parameterCount)", String(format: "%.2f%%", 100 * $0.accuracy),
             options.writesPage ? Notebook.varies : String(format: "%.1f s", $0.seconds)]
        })
        nb.result("convolutional network, parameters", "\(cnn.parameterCount)")
        nb.result("dense network, parameters", "\(dense.parameterCount)")
        nb.result("convolutional network, test accuracy", String(format: "%.2f%%", 100 * results[0].accuracy))
        nb.result("dense network, test accuracy", String(format: "%.2f%%", 100 * results[1].accuracy))
        nb.result("convolutional network, training time", String(format: "%.1f s", results[0].seconds), stable: false)
        nb.result("dense network, training time", String(format: "%.1f s", results[1].seconds), stable: false)
        let ratio = Double(dense.parameterCount) / Double(cnn.parameterCount)
        nb.text("""
            The convolutional network \(results[0].accuracy > results[1].accuracy ? "is more accurate" : "is not more accurate") \
            (\(String(format: "%.2f%%", 100 * results[0].accuracy)) against \(String(format: "%.2f%%", 100 * results[1].accuracy)) \
            on the \(data.test.count) test images) with \(String(format: "%.1f", ratio)) times fewer parameters. \
            Sharing each filter over every position is what saves the parameters, and it is also what costs \
            time: every weight is used at hundreds of positions, so an epoch takes several times the \
            arithmetic of the dense network's (the times above are measured in this run; a page leaves \
            them out because they change from machine to machine).
            """)
        return Comparison(cnnAccuracy: results[0].accuracy, denseAccuracy: results[1].accuracy)
    }

    // MARK: - What it learned

    func learned(_ nb: Notebook, _ network: Sequential, _ test: ImageDataset) throws {
        nb.section("What the network learned to see")
        guard let first = network.layers.first as? Conv2D else { return }
        let filters = (0..<first.outChannels).map { first.weights.value.row($0) }
        var figure = Figure(name: "ch08-filters", title: "The six 5×5 filters of the first layer (blue: negative, red: positive)")
        figure.imageGrid = ImageGrid(images: filters, width: 5, height: 5, columns: 6,
                                     captions: (1...6).map { "filter \($0)" }, palette: .diverging)
        figure.width = 760
        figure.height = 200
        try nb.figure(figure)
        let index = test.indices(ofClass: 4)[0]
        let (x, _) = test.batch([index])
        let maps = network.layers[1].forward(first.forward(x))     // conv, then ReLU: 6 maps of 24×24
        let positions = first.geometry.positions
        // Output (y, x) of a 5×5 filter sees the pixels from (y, x) to (y + 4, x + 4): the maps line
        // up with the digit's central 24×24 pixels.
        let pixels = test.image(index).map { Float($0) / 255 }
        let centre = (2..<26).flatMap { y in (2..<26).map { x in pixels[pixels.startIndex + y * 28 + x] } }
        var mapFigure = Figure(name: "ch08-feature-maps", title: "A test digit and what each first-layer filter finds in it (after ReLU)")
        mapFigure.imageGrid = ImageGrid(images: [centre] + (0..<6).map { Array(maps.data[($0 * positions)..<(($0 + 1) * positions)]) },
                                        width: 24, height: 24, columns: 7,
                                        captions: ["the digit"] + (1...6).map { "map of filter \($0)" })
        mapFigure.width = 900
        mapFigure.height = 220
        try nb.figure(mapFigure)
        nb.text("""
            The filters were not designed: they started random and were shaped by backpropagation alone, \
            from 3,000 images. They are noisier than the hand-made ones, but several have a positive side \
            and a negative side, as an edge filter does, at different angles; each map shows where in the \
            digit its filter found its pattern (here, mostly the slanted strokes of the 4). The \
            second layer combines these maps, so its filters answer to corners, ends of strokes and \
            curves, and the dense layers on top decide which digit those add up to.
            """)
    }

    // MARK: - Saving

    func save(_ nb: Notebook, _ network: Sequential, _ normalization: Normalization, _ classNames: [String],
              _ test: ImageDataset, _ comparison: Comparison) throws {
        nb.section("Saving the network, in PyTorch's shapes")
        nb.text("""
            The trained network is saved as a safetensors file. Each layer with weights is stored under its \
            place in the network, in the names and shapes PyTorch uses, so the same network written with \
            torch.nn (an nn.Sequential called layers, with Conv2d, ReLU, MaxPool2d, Flatten and Linear in \
            this order) loads the file with load_state_dict: a convolution's filters as \
            [filters, input channels, kernel height, kernel width], a dense layer's weights as \
            [outputs, inputs] (the transpose of the engine's matrix). The layer list, the class names and \
            the input statistics travel in the file too.
            """)
        nb.code("save")
        // #region save
        try ConvNetFile(network: network, normalization: normalization, classNames: classNames).save(to: model)
        let reloaded = try ConvNetFile.load(from: model)
        // #endregion
        nb.table(["tensor", "shape"], ConvNetFile.tensors(of: network).map { [$0.name, $0.shape.map(String.init).joined(separator: " × ")] })
        let again = reloaded.network.evaluate(on: test).accuracy
        nb.result("saved to", model)
        nb.result("test accuracy of the reloaded network", String(format: "%.2f%%", 100 * again))
        if again != comparison.cnnAccuracy {
            throw WorkbookError("the network read back from \(model) does not give the accuracy it was saved with")
        }
    }

    // MARK: - Further reading

    func furtherReading(_ nb: Notebook) {
        nb.section("Sources and further reading")
        nb.text("""
            Y. LeCun, L. Bottou, Y. Bengio and P. Haffner, "Gradient-based learning applied to document \
            recognition" (Proceedings of the IEEE, 1998): LeNet-5, convolution, pooling and dense layers \
            trained end to end on handwritten digits; this chapter's network is a small version of it.
            """)
        nb.text("""
            Michael Nielsen, Neural Networks and Deep Learning, chapter 6 ("Deep learning"): local receptive \
            fields, shared weights and pooling explained from scratch, and a convolutional network on MNIST.
            """)
        nb.text("""
            Koki Saito, Deep Learning from Scratch, chapter 7 ("Convolutional neural networks"): im2col, \
            the Convolution and Pooling layers with forward and backward written out in NumPy, and \
            SimpleConvNet; this engine's Conv2D follows the same plan with BLAS for the product.
            """)
        nb.text("""
            Aston Zhang, Zachary Lipton, Mu Li and Alexander Smola, Dive into Deep Learning, chapter 7 \
            ("Convolutional neural networks"): cross-correlation, padding and stride, channels, pooling \
            and LeNet, with code; chapter 8 goes on to the modern deep convolutional networks, and \
            chapter 14 to fine-tuning them for new tasks.
            """)
    }
}
