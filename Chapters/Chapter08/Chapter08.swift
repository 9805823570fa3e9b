// Chapter 8 · Convolution
//
// A convolution from its definition (loops over positions), the output-size rule, im2col and the
// one product, the backward passes of a convolution and of max pooling (Convolution.swift); a small
// LeNet-style network built from them, trained on the same images as Chapter 6's dense network and
// compared with it; then Chapter 7's transfer experiment again, with convolutional features
// pretrained on Fashion-MNIST (Transfer.swift).

import ArgumentParser
import Engine
import Workbook
import Foundation

@main
struct Chapter08: ChapterCommand {
    static let configuration = CommandConfiguration(
        abstract: Text(en: "Chapter 8: convolution, pooling, a LeNet-style network, and transfer with convolutional features.",
                       zh: "第 8 章：卷积、池化、LeNet 式网络，以及用卷积特征做迁移学习。").forReader,
        discussion: Text(en: """
            Data: the 5,000 embedded MNIST digits (scripts/setup fetches them), --data DIR for a folder of \
            MNIST-format files (train-images-idx3-ubyte[.gz] …), or --dataset fashion for Debian's \
            Fashion-MNIST; the transfer experiment always uses Fashion-MNIST. Use a release build: \
            swift run -c release Chapter08.
            """, zh: """
            数据：内置的 5000 张 MNIST 手写数字（scripts/setup 会取来）；用 --data DIR 指定一个存放 MNIST 格式\
            文件（train-images-idx3-ubyte[.gz] …）的文件夹；或用 --dataset fashion 选 Debian 的 Fashion-MNIST。\
            迁移实验总是用 Fashion-MNIST。请用 release 构建运行：swift run -c release Chapter08。
            """).discussion)

    @OptionGroup var options: ChapterOptions

    @OptionGroup var dataOptions: DataOptions

    enum Defaults: TrainingDefaults { static let epochs = 20 }
    @OptionGroup var training: TrainingOptions<Defaults>

    @Option(help: Text(en: "Adam's starting learning rate for the convolutional and the dense network, up to 1.",
                       zh: "卷积网络和全连接网络所用 Adam 的初始学习率，\n最大为 1。").help)
    var learningRate = 0.002

    @Option(help: Text(en: "Fashion-MNIST images of classes 0–4 the transfer base is pretrained on (100–27000).",
                       zh: "迁移实验的基础网络在多少幅 Fashion-MNIST 类别 0–4 的图像上预训练（100–27000）。").help)
    var pretrainImages = 27000

    @Option(help: Text(en: "Epochs of pretraining for the transfer base (1–100).",
                       zh: "基础网络预训练的轮数（1–100）。").help)
    var pretrainEpochs = 2

    /// The transfer experiment's labelled examples per class, seeds and steps.
    @OptionGroup var fewLabels: FewLabelOptions

    @Option(help: Text(en: "Adam's learning rate in the transfer experiment, up to 1.",
                       zh: "迁移实验中 Adam 的学习率，最大为 1。").help)
    var transferRate = 0.001

    @Flag(help: Text(en: "Leave out the transfer experiment.", zh: "跳过迁移实验。").help)
    var skipTransfer = false

    @Option(help: Text(en: "Where to save the trained convolutional network (safetensors). Default: models/<dataset>-cnn.safetensors",
                       zh: "训练好的卷积网络保存在哪里（safetensors 格式）。默认：models/<dataset>-cnn.safetensors").help)
    var model: String?

    // The shared groups' values under the names the chapter uses.
    var dataset: DataSetName { dataOptions.dataset }
    var dataFolder: String? { dataOptions.folder }
    var epochs: Int { training.epochs }
    var batchSize: Int { training.batchSize }
    var labelsPerClass: [Int] { fewLabels.labelsPerClass }
    var seeds: Int { fewLabels.seeds }
    var steps: Int { fewLabels.steps }

    var modelPath: String { model ?? "models/\(dataFolder == nil ? dataset.rawValue : "custom")-cnn.safetensors" }

    func validate() throws {
        try OptionCheck.checkLearningRate(learningRate, maximum: 1)
        try OptionCheck.checkLearningRate(transferRate, flag: "--transfer-rate", maximum: 1)
        try OptionCheck.check(pretrainImages, in: 100...27000, flag: "--pretrain-images")
        try OptionCheck.check(pretrainEpochs, in: 1...100, flag: "--pretrain-epochs")
        try ChapterOptions.checkWritableFile(modelPath, flag: "--model")   // before, not after, the training
    }

    func run() throws {
        var rng = SeededRandom(seed: options.seed)
        let raw = try dataset.dataSet(folder: dataFolder).load(rng: &rng)     // a bad data set stops the chapter here
        let nb = Notebook(chapter: 8, title: Text(en: "Convolution", zh: "卷积"), options: options, release: true)
        let normalization = raw.train.standardization()
        let data = raw.normalized(normalization)
        let network = Self.lenet(classes: 10, rng: &rng)
        let dense = Sequential(mlp: [784, 256, 10], activation: .relu, rng: &rng)
        try whatAConvolutionDoes(nb, raw.train)
        outputSize(nb)
        // A small example: four training images and the network's first layer, before training.
        let example = raw.train.batch(Array(0..<4)).x
        guard let first = network.layers.first as? Conv2D else { preconditionFailure("the network starts with a convolution") }
        try oneProduct(nb, example, first)
        try backwardThroughAConvolution(nb, example, first)
        backwardThroughMaxPooling(nb)
        definitionAndFastLayersAgree(nb, example, first)
        let comparison = try advisingOnDivergence { try sideBySide(nb, cnn: network, dense: dense, data: data) }
        try learned(nb, network, data.train.count, data.test)
        try save(nb, network, normalization, raw.train.classNames, data.test, comparison)
        if !skipTransfer { try transfer(nb) }
        furtherReading(nb)
        try nb.finish()
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
        nb.section(Text(en: "A small LeNet-style network", zh: "一个 LeNet 式的小网络"))
        nb.text(Text(en: """
            LeNet (LeCun et al., 1998) stacked exactly these pieces to read handwritten digits: convolution, \
            a non-linearity, pooling, again, then dense layers. The network here is a small version of it. \
            Six 5×5 filters look at the image; ReLU and pooling shrink their maps to 12×12; sixteen 5×5 \
            filters look at those six maps together (each filter has 6×5×5 weights); pooling again; the \
            remaining 16 maps of 4×4 are read as 256 numbers by a dense layer of 120 units, and a last \
            dense layer gives the 10 class scores.
            """, zh: """
            LeNet（LeCun 等，1998）正是把这几样东西叠起来识别手写数字的：卷积、非线性、池化，再来一\
            遍，最后是全连接层。这里的网络是它的缩小版。六个 5×5 的卷积核看图像；ReLU 和池化把它们\
            的特征图缩到 12×12；十六个 5×5 的卷积核同时看这六幅特征图（每个卷积核有 6×5×5 个权\
            重）；再池化一次；剩下 16 幅 4×4 的特征图被当作 256 个数，交给一个有 120 个单元的全连\
            接层，最后一个全连接层给出 10 个类别的分数。
            """))
        nb.code("lenet")
        var rows: [[Text]] = []
        var shape = "1 × 28×28"
        for layer in cnn.layers {
            let name: Text, count: Int
            switch layer {
            case let c as Conv2D:
                let kernel = "\(c.geometry.kernelHeight)×\(c.geometry.kernelWidth)"
                name = Text(en: "Conv2D \(kernel), \(c.outChannels) filters", zh: "Conv2D \(kernel)，\(c.outChannels) 个卷积核")
                shape = "\(c.outChannels) × \(c.geometry.outputHeight)×\(c.geometry.outputWidth)"
                count = c.weights.value.count + c.bias.value.count
            case let p as MaxPool2D:
                name = Text(en: "MaxPool2D \(p.size)×\(p.size)")
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
                name = Text(en: "\(a.activation)")
                count = 0
            default:
                name = Text(en: "\(type(of: layer))")
                count = 0
            }
            rows.append([name, Text(en: shape), Text(en: "\(count)")])
        }
        nb.table([Text(en: "layer", zh: "层"), Text(en: "output per image", zh: "每幅图像的输出"),
                  Text(en: "parameters", zh: "参数个数")], rows)
        nb.text(Text(en: """
            Both networks are trained the same way, on the same \(data.train.count) training images as in \
            Chapter 6: \(epochs) epochs of Adam on mini-batches of \(batchSize), the learning rate falling from \(learningRate) \
            along a cosine to 0, and every image shifted by up to 2 pixels, freshly for every batch. The \
            dense network is Chapter 6's 784 → 256 → 10.
            """, zh: """
            两个网络用同样的方法训练，用的也是第 6 章那 \(data.train.count) 幅训练图像：用 Adam 训练 \
            \(epochs) 轮，小批量大小为 \(batchSize)，学习率从 \(learningRate) 沿余弦曲线降到 0；每幅图像\
            都随机平移最多 2 个像素，每个小批量重新平移一次。全连接网络就是第 6 章的 784 → 256 → 10。
            """))
        var results: [(name: Text, network: Sequential, accuracy: Float, predictions: [Int], seconds: Double)] = []
        for (name, network, seed) in [(Text(en: "convolutional", zh: "卷积网络"), cnn, options.seed &+ 1),
                                      (Text(en: "dense 784-256-10", zh: "全连接网络 784-256-10"), dense, options.seed &+ 2)] {
            var order = SeededRandom(seed: seed)
            let optimizer = Adam(learningRate: Float(learningRate))
            let start = ContinuousClock.now
            nb.output(Text(en: Self.epochHeader(name, in: .en), zh: Self.epochHeader(name, in: .zh)))
            try network.train(on: RandomShifts(data.train, maxShift: 2, seed: seed &+ 10), optimizer: optimizer,
                              config: TrainingConfig(epochs: epochs, batchSize: batchSize), rng: &order, onEpoch: { report in
                let v = network.evaluate(on: data.validation)
                nb.output(Text(en: Self.epochLine(name, report.epoch, report.loss, v.accuracy, in: .en),
                               zh: Self.epochLine(name, report.epoch, report.loss, v.accuracy, in: .zh)))
                optimizer.learningRate = Float(learningRate) * Float(0.5 * (1 + Elementary.cos(Double.pi * Double(report.epoch) / Double(epochs))))
            })
            let seconds = start.secondsUntilNow
            let test = network.evaluate(on: data.test)
            results.append((name, network, test.accuracy, test.predictions, seconds))
        }
        nb.table([Text(en: "network", zh: "网络"), Text(en: "parameters", zh: "参数个数"),
                  Text(en: "test accuracy", zh: "测试准确率"), Text(en: "training time", zh: "训练时间")], results.map {
            [$0.name, Text(en: "\($0.network.parameterCount)"), Text(en: String(format: "%.2f%%", 100 * $0.accuracy)),
             options.writesPage ? Text(en: Notebook.varies, zh: Notebook.variesInChinese) : Text(en: String(format: "%.1f s", $0.seconds))]
        })
        nb.result(Text(en: "convolutional network, parameters", zh: "卷积网络的参数个数"), "\(cnn.parameterCount)")
        nb.result(Text(en: "dense network, parameters", zh: "全连接网络的参数个数"), "\(dense.parameterCount)")
        nb.result(Text(en: "convolutional network, test accuracy", zh: "卷积网络的测试准确率"),
                  String(format: "%.2f%%", 100 * results[0].accuracy))
        nb.result(Text(en: "dense network, test accuracy", zh: "全连接网络的测试准确率"),
                  String(format: "%.2f%%", 100 * results[1].accuracy))
        nb.result(Text(en: "convolutional network, training time", zh: "卷积网络的训练时间"),
                  String(format: "%.1f s", results[0].seconds), stable: false)
        nb.result(Text(en: "dense network, training time", zh: "全连接网络的训练时间"),
                  String(format: "%.1f s", results[1].seconds), stable: false)
        let ratio = Double(dense.parameterCount) / Double(cnn.parameterCount)
        let cnnAccuracy = String(format: "%.2f%%", 100 * results[0].accuracy)
        let denseAccuracy = String(format: "%.2f%%", 100 * results[1].accuracy)
        // Both networks answer the same test images, so compare them image by image (McNemar): only
        // the images one gets right and the other wrong tell them apart. The difference in accuracy
        // is (b − c)/n, and its standard error about √(b + c)/n; two of those make it clear.
        let labels = data.test.labels
        let onlyCNN = labels.indices.filter { results[0].predictions[$0] == labels[$0] && results[1].predictions[$0] != labels[$0] }.count
        let onlyDense = labels.indices.filter { results[1].predictions[$0] == labels[$0] && results[0].predictions[$0] != labels[$0] }.count
        let n = Double(labels.count)
        let difference = 100 * Double(onlyCNN - onlyDense) / n
        let standardError = 100 * Double(onlyCNN + onlyDense).squareRoot() / n
        let clear = abs(difference) > 2 * standardError
        nb.result(Text(en: "test images only the convolutional network gets right, only the dense one",
                       zh: "只有卷积网络答对的测试图像，只有全连接网络答对的"), "\(onlyCNN), \(onlyDense)")
        nb.result(Text(en: "difference in accuracy, with its standard error √(b + c)/n",
                       zh: "准确率之差及其标准误差 √(b + c)/n"),
                  String(format: "%+.2f ± %.2f points", difference, standardError))
        let verdict = clear ? Text(en: difference > 0 ? "is more accurate" : "is less accurate",
                                   zh: difference > 0 ? "更准确" : "更不准确")
                            : Text(en: "is not shown to be more accurate", zh: "并没有被证明更准确")
        nb.text(Text(en: """
            On the same \(data.test.count) test images the convolutional network scores \(cnnAccuracy) and the \
            dense one \(denseAccuracy). Only the images one of them gets right and the other wrong tell them \
            apart: \(onlyCNN) and \(onlyDense), so the difference is \(String(format: "%+.2f", difference)) points with a \
            standard error of about \(String(format: "%.2f", standardError)) (√(b + c)/n, McNemar's comparison). The \
            convolutional network \(verdict.en) by this measurement, one seed each, \
            \(clear ? "by more than twice that error" : "since the difference is within twice that error"); \
            it has \(String(format: "%.1f", ratio)) times fewer parameters. \
            Sharing each filter over every position is what saves the parameters, and it is also what costs \
            time: every weight is used at hundreds of positions, so an epoch takes several times the \
            arithmetic of the dense network's (the times above are measured in this run; a page leaves \
            them out because they change from machine to machine).
            """, zh: """
            在同样的 \(data.test.count) 幅测试图像上，卷积网络得 \(cnnAccuracy)，全连接网络得 \(denseAccuracy)。\
            能把两者区分开的，只有一个答对、另一个答错的图像：分别是 \(onlyCNN) 幅和 \(onlyDense) 幅，所以\
            两者相差 \(String(format: "%+.2f", difference)) 个百分点，标准误差约 \(String(format: "%.2f", standardError))\
            （√(b + c)/n，McNemar 比较法）。按这次测量（每种网络一个种子），卷积网络\(verdict.in(.zh))：\
            \(clear ? "差别超过了两倍标准误差" : "差别没有超过两倍标准误差")；而全连接网络的参数是它的 \
            \(String(format: "%.1f", ratio)) 倍。\
            让每个卷积核在所有位置上共用，省下的是参数，花掉的是时间：每个权重要在几百个位置上用到，\
            所以卷积网络一轮的计算量是全连接网络的好几倍（上面的时间是这次运行实测的；页面上不列出\
            具体数值，因为它们随机器而变）。
            """))
        return Comparison(cnnAccuracy: results[0].accuracy, denseAccuracy: results[1].accuracy)
    }

    /// The training log's columns: a label over each, and the width of the numbers under it.
    static func epochColumns(in language: Language) -> [(label: String, width: Int)] {
        switch language {
        case .en: [("epoch", 5), ("train loss", 10), ("valid acc", 9)]
        case .zh: [("轮", 5), ("训练损失", 10), ("验证准确率", 9)]
        }
    }

    /// "  convolutional: epoch  train loss  valid acc", the labels right-aligned over their numbers.
    static func epochHeader(_ name: Text, in language: Language) -> String {
        let labels = epochColumns(in: language).map { column in
            String(repeating: " ", count: max(0, column.width - DisplayWidth.of(column.label))) + column.label
        }
        return "  \(name.in(language))\(language == .zh ? "：" : ": ")" + labels.joined(separator: "  ")
    }

    /// One epoch of the log, its numbers under epochHeader's labels.
    static func epochLine(_ name: Text, _ epoch: Int, _ loss: Float, _ accuracy: Float, in language: Language) -> String {
        let numbers = [String(epoch), String(format: "%.4f", loss), String(format: "%.2f%%", 100 * accuracy)]
        let cells = zip(epochColumns(in: language), numbers).map { column, number in
            let width = max(column.width, DisplayWidth.of(column.label))
            return String(repeating: " ", count: max(0, width - number.count)) + number
        }
        return "  " + String(repeating: " ", count: DisplayWidth.of(name.in(language)) + 2) + cells.joined(separator: "  ")
    }

    // MARK: - What it learned

    func learned(_ nb: Notebook, _ network: Sequential, _ trainingImages: Int, _ test: ImageDataset) throws {
        nb.section(Text(en: "What the network learned to see", zh: "网络学会了看什么"))
        guard let first = network.layers.first as? Conv2D else { return }
        let filters = (0..<first.outChannels).map { first.weights.value.row($0) }
        var figure = Figure(name: "ch08-filters", title: "The six 5×5 filters of the first layer (blue: negative, red: positive)")
        figure.imageGrid = ImageGrid(images: filters, width: 5, height: 5, columns: 6,
                                     captions: (1...6).map { "filter \($0)" }, palette: .diverging)
        figure.width = 760
        figure.height = 200
        try nb.figure(figure, zh: "第一层的六个 5×5 卷积核（蓝：负，红：正）")
        let index = test.indices(ofClass: 4)[0]
        let (x, _) = test.batch([index])
        let maps = network.layers[1].forward(first.forward(x))     // conv, then ReLU: 6 maps of 24×24
        let positions = first.geometry.positions
        // Output (y, x) of a 5×5 filter sees the pixels from (y, x) to (y + 4, x + 4): the maps line
        // up with the digit's central 24×24 pixels.
        let pixels = test.image(index).map { Float($0) / 255 }
        let centre = (2..<26).flatMap { y in (2..<26).map { x in pixels[pixels.startIndex + y * 28 + x] } }
        var mapFigure = Figure(name: "ch08-feature-maps", title: "A test image and what each first-layer filter finds in it (after ReLU)")
        mapFigure.imageGrid = ImageGrid(images: [centre] + (0..<6).map { Array(maps.data[($0 * positions)..<(($0 + 1) * positions)]) },
                                        width: 24, height: 24, columns: 7,
                                        captions: ["the image"] + (1...6).map { "map of filter \($0)" })
        mapFigure.width = 900
        mapFigure.height = 220
        try nb.figure(mapFigure, zh: "一幅测试图像，以及第一层每个卷积核在其中找到的东西（经过 ReLU 之后）")
        let thousands = String(trainingImages).reversed().enumerated()
            .map { $0.offset > 0 && $0.offset % 3 == 0 ? "\($0.element)," : "\($0.element)" }.reversed().joined()
        nb.text(imagesAreDigits ? Text(en: """
            The filters were not designed: they started random and were shaped by backpropagation alone, \
            from \(thousands) images. They are noisier than the hand-made ones, but several have a positive side \
            and a negative side, as an edge filter does, at different angles; each map shows where in the \
            digit its filter found its pattern (here, mostly the slanted strokes of the 4). The \
            second layer combines these maps, so its filters answer to corners, ends of strokes and \
            curves, and the dense layers on top decide which digit those add up to.
            """, zh: """
            这些卷积核不是设计出来的：它们从随机值出发，完全靠反向传播，从 \(trainingImages) 幅图像里一点点塑造\
            成形。它们比手工设计的那两个杂乱，但有好几个像边缘卷积核那样一侧为正、一侧为负，只是角\
            度各不相同；每幅特征图显示了它的卷积核在数字的哪些地方找到了自己的图案（这里主要是 4 的\
            那几笔斜线）。第二层把这些特征图组合起来，所以它的卷积核对拐角、笔画的端点和弯曲有反\
            应；最上面的全连接层再判断这些加起来是哪个数字。
            """) : Text(en: """
            The filters were not designed: they started random and were shaped by backpropagation alone, \
            from \(thousands) images. Each map shows where in the image (here of class \(test.classNames[4])) \
            its filter found its pattern. The second layer combines these maps into larger patterns, and \
            the dense layers on top decide which class those add up to.
            """, zh: """
            这些卷积核不是设计出来的：它们从随机值出发，完全靠反向传播，从 \(trainingImages) 幅图像里一点点\
            塑造成形。每幅特征图显示了它的卷积核在图像（这里是一幅\(ClassNames.text(of: test.classNames[4]).in(.zh))）的哪些地方找到\
            了自己的图案。第二层把这些特征图组合成更大的图案，最上面的全连接层再判断这些加起来是哪一类。
            """))
    }

    // MARK: - Saving

    func save(_ nb: Notebook, _ network: Sequential, _ normalization: Normalization, _ classNames: [String],
              _ test: ImageDataset, _ comparison: Comparison) throws {
        nb.section(Text(en: "Saving the network, in PyTorch's shapes", zh: "保存网络：按 PyTorch 的形状"))
        nb.text(Text(en: """
            The trained network is saved as a safetensors file. Each layer with weights is stored under its \
            place in the network, in the names and shapes PyTorch uses, so the same network written with \
            torch.nn (an nn.Sequential called layers, with Conv2d, ReLU, MaxPool2d, Flatten and Linear in \
            this order) loads the file with load_state_dict: a convolution's filters as \
            [filters, input channels, kernel height, kernel width], a dense layer's weights as \
            [outputs, inputs] (the transpose of the engine's matrix). The layer list, the class names and \
            the input statistics travel in the file too.
            """, zh: """
            训练好的网络存成一个 safetensors 文件。每个带权重的层按它在网络里的位置存放，名字和形状\
            都和 PyTorch 一致，所以用 torch.nn 写出同样的网络（一个名为 layers 的 nn.Sequential，依次\
            是 Conv2d、ReLU、MaxPool2d、Flatten 和 Linear），就能用 load_state_dict 载入这个文件：卷\
            积层的卷积核存成 [卷积核个数, 输入通道数, 卷积核高, 卷积核宽]，全连接层的权重存成 [输出数, \
            输入数]（是引擎里那个矩阵的转置）。层的列表、类别名称和输入数据的统计量也一起存在文件里。
            """))
        nb.code("save")
        // #region save
        let written = try ConvNetFile(network: network, normalization: normalization, classNames: classNames).save(to: modelPath)
        let reloaded = try ConvNetFile.decode(written, name: modelPath, inputCount: test.featureCount)
        // #endregion
        nb.table([Text(en: "tensor", zh: "张量"), Text(en: "shape", zh: "形状")],
                 ConvNetFile.tensors(of: network).map { [$0.name, $0.shape.map(String.init).joined(separator: " × ")] })
        let again = reloaded.network.evaluate(on: test).accuracy
        nb.result(Text(en: "saved to", zh: "保存到"), modelPath)
        nb.result(Text(en: "test accuracy of the reloaded network", zh: "重新载入的网络的测试准确率"), String(format: "%.2f%%", 100 * again))
        if again != comparison.cnnAccuracy {
            throw WorkbookError(Text(en: "the network read back from \(modelPath) does not give the accuracy it was saved with",
                                     zh: "从 \(modelPath) 读回的网络，测试准确率和保存时的不一样"))
        }
    }

    // MARK: - Further reading

    func furtherReading(_ nb: Notebook) {
        nb.section(Text(en: "Sources and further reading", zh: "出处与延伸阅读"))
        nb.text(Text(en: """
            Y. LeCun, L. Bottou, Y. Bengio and P. Haffner, "Gradient-based learning applied to document \
            recognition" (Proceedings of the IEEE, 1998): LeNet-5, convolution, pooling and dense layers \
            trained end to end on handwritten digits; this chapter's network is a small version of it.
            """, zh: """
            Y. LeCun、L. Bottou、Y. Bengio 和 P. Haffner，“Gradient-based learning applied to document \
            recognition”（Proceedings of the IEEE，1998）：LeNet-5，把卷积、池化和全连接层连在一起，\
            在手写数字上端到端地训练；本章的网络就是它的缩小版。
            """))
        nb.text(Text(en: """
            Michael Nielsen, Neural Networks and Deep Learning, chapter 6 ("Deep learning"): local receptive \
            fields, shared weights and pooling explained from scratch, and a convolutional network on MNIST.
            """, zh: """
            Michael Nielsen，《Neural Networks and Deep Learning》第 6 章“Deep learning”（英文）：从零讲\
            起局部感受野、参数共享和池化，并在 MNIST 上训练一个卷积网络。
            """))
        nb.text(Text(en: """
            Koki Saito, Deep Learning from Scratch, chapter 7 ("Convolutional neural networks"): im2col, \
            the Convolution and Pooling layers with forward and backward written out in NumPy, and \
            SimpleConvNet; this engine's Conv2D follows the same plan, with its own matrix product (Appendix A).
            """, zh: """
            斋藤康毅，《深度学习入门：基于 Python 的理论与实现》第 7 章“卷积神经网络”：im2col，用 \
            NumPy 写出卷积层和池化层的前馈与反向传播，以及 SimpleConvNet；这里引擎的 Conv2D 沿用了同\
            样的思路，矩阵乘法用的是引擎自己的（见附录 A）。
            """))
        nb.text(Text(en: """
            Aston Zhang, Zachary Lipton, Mu Li and Alexander Smola, Dive into Deep Learning, chapter 7 \
            ("Convolutional neural networks"): cross-correlation, padding and stride, channels, pooling \
            and LeNet, with code; chapter 8 goes on to the modern deep convolutional networks, and \
            chapter 14 to fine-tuning them for new tasks.
            """, zh: """
            阿斯顿·张、李沐、扎卡里·C. 立顿和亚历山大·J. 斯莫拉，《动手学深度学习》，“卷积神经网络”\
            一章：互相关运算、填充和步幅、多输入多输出通道、池化（书中叫“汇聚层”）和 LeNet，都配有代\
            码；接下来的“现代卷积神经网络”一章讲更深的现代卷积网络，“计算机视觉”一章的“微调”一节讲\
            怎样把它们微调到新任务上。中文版的章节编号和英文版不同，这里按章名引用。
            """))
    }
}
