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
struct Chapter06: ChapterCommand {
    static let configuration = CommandConfiguration(
        abstract: Text(en: "Chapter 6: a multilayer perceptron on real handwritten digits.",
                       zh: "第 6 章：在真实的手写数字上训练多层感知机。").forReader,
        discussion: discussion.discussion)

    /// The command's discussion (Text.discussion wraps its Chinese for the parser).
    static let discussion = Text(en: """
            Data: the 5,000 embedded MNIST digits (scripts/setup fetches them), --data DIR for a folder of \
            MNIST-format files (train-images-idx3-ubyte[.gz] …), or --dataset fashion for Debian's \
            Fashion-MNIST. Use a release build: swift run -c release Chapter06.
            """, zh: """
            数据：内置的 5000 张 MNIST 手写数字（scripts/setup 会取来）；用 --data DIR 指定一个存放 MNIST 格式\
            文件（train-images-idx3-ubyte[.gz] …）的文件夹；或用 --dataset fashion 选 Debian 的 Fashion-MNIST。\
            请用 release 构建运行：swift run -c release Chapter06。
            """)

    @OptionGroup var options: ChapterOptions

    @OptionGroup var dataOptions: DataOptions

    static let hiddenOption = NumericOption(
        "--hidden", 1...4096, Text(en: "Hidden units H of the chapter's 784-H-10 network", zh: "隐藏单元数 H（784-H-10）"))
    static let learningRateOption = NumericOption<Double>.learningRate(
        Text(en: "Starting learning rate", zh: "起始学习率"),
        note: Text(en: "default: 0.003 for adam, 0.05 otherwise", zh: "默认：adam 为 0.003，其他为 0.05"))
    static let weightDecayOption = NumericOption(
        "--weight-decay", 0.0...1.0, Text(en: "L2 penalty λ on the weights, λ·w added to their gradient",
                                      zh: "权重的 L2 惩罚系数 λ，在梯度上加 λ·w"),
        note: Text(en: "0 turns it off", zh: "0 表示不加"))
    static let maxShiftOption = NumericOption(
        "--max-shift", 0...8, Text(en: "Random shift of training images, in pixels", zh: "训练图像随机平移的最大像素数"),
        note: Text(en: "0 turns augmentation off", zh: "0 表示不做数据增强"))
    static let climbSeedsOption = NumericOption(
        "--climb-seeds", 1...5, Text(en: "Seeds each step of the climb is measured with", zh: "爬坡的每一步用几个随机种子来衡量"))

    /// The chapter's defaults for --epochs and --batch-size.
    enum Defaults: TrainingDefaults { static let epochs = 30 }

    @Option(help: Self.hiddenOption.help)
    var hidden = 256

    @OptionGroup var training: TrainingOptions<Defaults>

    @Option(help: Text(en: "Optimiser.",
                         zh: "优化器。").help)
    var optimizer: OptimizerChoice = .adam

    @Option(help: Self.learningRateOption.help)
    var learningRate: Double?

    @Option(help: Self.weightDecayOption.help)
    var weightDecay = 0.0

    @Option(help: Self.maxShiftOption.help)
    var maxShift = 2

    @Flag(help: Text(en: "Scale pixels to [0, 1] only, instead of standardising them.",
                         zh: "只把像素缩放到 [0, 1]，不做标准化。").help)
    var scaleOnly = false

    @Flag(help: Text(en: "Leave out the overfitting experiment (it trains two more networks).",
                         zh: "跳过过拟合实验（它要多训练两个网络）。").help)
    var skipOverfitting = false

    @Flag(help: Text(en: "Leave out the climb from 3Blue1Brown's network (it trains about 50 small networks).",
                         zh: "跳过从 3Blue1Brown 的网络开始的爬坡（它要训练约 50 个小网络）。").help)
    var skipClimb = false

    @Option(help: Self.climbSeedsOption.help)
    var climbSeeds = 3

    @Option(help: Text(en: "Where to save the trained model (safetensors). Default: models/<dataset>-mlp.safetensors",
                         zh: "训练好的模型保存到哪里（safetensors 格式）。默认：models/<dataset>-mlp.safetensors").help)
    var model: String?

    func validate() throws {
        try Self.hiddenOption.check(hidden)
        try Self.maxShiftOption.check(maxShift)
        try Self.weightDecayOption.check(weightDecay)
        if let learningRate { try Self.learningRateOption.check(learningRate) }
        try Self.climbSeedsOption.check(climbSeeds)
        try ChapterOptions.checkWritableFile(modelPath, flag: "--model")   // before, not after, the training
    }

    var modelPath: String {
        model ?? "models/\(dataOptions.folder == nil ? dataOptions.dataset.rawValue : "custom")-mlp.safetensors"
    }

    func run() throws {
        let nb = Notebook(chapter: 6, title: Text(en: "Real handwritten digits", zh: "真实的手写数字"), options: options, release: true)
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
        Recipe(hidden: [hidden], activation: .relu, softmax: true, standardize: !scaleOnly, batchSize: training.batchSize,
               optimizer: optimizer, learningRate: learningRate ?? (optimizer == .adam ? 0.003 : optimizer.defaultLearningRate),
               weightDecay: weightDecay,
               maxShift: maxShift, cosine: true, epochs: training.epochs)
    }

    // MARK: - Data

    func theData(_ nb: Notebook, _ rng: inout SeededRandom) throws -> (raw: DataSet.Splits, standard: Normalization) {
        nb.section(Text(en: "The data", zh: "数据"))
        let loaded = try dataOptions.dataSet.load(rng: &rng)
        let (train, validation, test) = (loaded.train, loaded.validation, loaded.test)
        nb.text(Text(en: loaded.description, zh: chineseDescription(of: loaded)))
        nb.text(Text(en: """
            Each image is 28×28 = 784 grey levels from 0 (paper) to 255 (ink), stored as bytes and turned \
            into numbers a batch at a time. The notes compare the three sets to a student's textbook, homework \
            and exam. The training set is the textbook: the network learns from it. The validation set is the \
            homework: it shows during training how well the network does on images it has not learned from, \
            and guides our choices (the learning rate, the recipe). The test set is the exam: questions never \
            seen before, looked at once, at the end, for an honest final score.
            """, zh: """
            每张图像是 28×28 = 784 个灰度值，从 0（白纸）到 255（墨迹），以字节存放，用到时再一个小批量\
            一个小批量地转换成数值。入门综述把这三份数据比作学生的课本、作业和考试。训练集是课本：网络从它学习。\
            验证集是作业：训练过程中，它告诉我们网络在没学过的图像上做得怎样，并指导我们做选择\
            （学习率、训练方案）。测试集是考试：题目从没见过，只在最后看一次，得到一个诚实的最终成绩。
            """))
        nb.table([Text(en: "split", zh: "划分"), Text(en: "images", zh: "图像数"), Text(en: "per class (min–max)", zh: "每类（最少–最多）")], [
            [Text(en: "train", zh: "训练集"), "\(train.count)", "\(train.classCounts.min()!)–\(train.classCounts.max()!)"],
            [Text(en: "validation", zh: "验证集"), "\(validation.count)", "\(validation.classCounts.min()!)–\(validation.classCounts.max()!)"],
            [Text(en: "test", zh: "测试集"), "\(test.count)", "\(test.classCounts.min()!)–\(test.classCounts.max()!)"],
        ])
        nb.result(Text(en: "training images", zh: "训练图像"), "\(train.count)")
        nb.result(Text(en: "validation images", zh: "验证图像"), "\(validation.count)")
        nb.result(Text(en: "test images", zh: "测试图像"), "\(test.count)")

        // Four examples of every class, in columns.
        let byClass = (0..<train.classCount).map { train.indices(ofClass: $0) }
        let picks = (0..<4).flatMap { row in byClass.compactMap { $0.dropFirst(row).first } }
        var samples = Figure(name: "ch06-samples", title: "Training images and their labels (\(train.name))")
        samples.imageGrid = ImageGrid(images: picks.map { train.image($0).map { Float($0) } }, columns: train.classCount,
                                      captions: picks.map { train.classNames[Int(train.labels[$0])] })
        samples.width = 760
        samples.height = 380
        try nb.figure(samples, zh: "训练图像及其标签（\(chineseDataName)）")

        nb.section(Text(en: "Preparing the inputs: normalisation, standardisation and one-hot labels",
                        zh: "准备输入：归一化、标准化和独热编码的标签"))
        nb.text(Text(en: """
            Networks learn best from inputs of a modest size. Normalisation (min-max scaling) maps every value \
            into [0, 1] with (x − min)/(max − min); for pixels min = 0 and max = 255, so it is x/255. \
            Standardisation goes further, (x − mean)/standard deviation, so the inputs have mean 0 and \
            standard deviation 1. The code subtracts each pixel's own mean (over the training images) but \
            divides every pixel by one spread, measured over all pixels together: pixels near the border are \
            blank in every training image, their own spread is 0, and dividing by 0 is impossible. So the \
            inputs together have standard deviation 1; a single pixel's spread is not 1. The statistics come \
            from the training split only: the validation and test images must stay unseen, even by the \
            preprocessing.
            """, zh: """
            输入的数值大小适中，网络学得最好。归一化（最小-最大缩放）用 (x − min)/(max − min) 把每个值\
            映射到 [0, 1]；像素的 min = 0、max = 255，所以就是 x/255。标准化更进一步，用 (x − 均值)/标准差，\
            使输入的均值为 0、标准差为 1。代码给每个像素减去它自己的均值（在训练图像上求），却用同一个\
            标准差去除所有像素，这个标准差是把所有像素放在一起算的：靠近边缘的像素在每张训练图像里都是\
            空白，它们自己的标准差是 0，而除以 0 是不可能的。所以全部输入放在一起，标准差是 1；单个像素\
            的标准差并不是 1。这些统计量只从训练集求出：验证图像和测试图像必须保持“没见过”，连预处理\
            也不能看它们。
            """))
        let scaled = train.allInputs().x
        nb.result(Text(en: "pixel range after /255", zh: "/255 之后像素的范围"), Text(en: "\(fixed(scaled.data.min()!, 1)) to \(fixed(scaled.data.max()!, 1))",
                       zh: "\(fixed(scaled.data.min()!, 1)) 到 \(fixed(scaled.data.max()!, 1))"))
        nb.result(Text(en: "mean pixel after /255 (train)", zh: "/255 之后像素的均值（训练集）"), fixed(scaled.mean(), 4))
        let blank = (0..<train.featureCount).filter { j in (0..<train.count).allSatisfy { train.pixels[$0 * train.featureCount + j] == 0 } }
        nb.result(Text(en: "pixels blank in every training image", zh: "在每张训练图像里都是空白的像素"), Text(en: "\(blank.count) of \(train.featureCount)", zh: "\(blank.count) 个（共 \(train.featureCount) 个）"))
        let standard = train.standardization()
        let trainStd = train.normalized(standard).allInputs().x
        let validationStd = validation.normalized(standard).allInputs().x
        nb.result(Text(en: "mean after standardising (train)", zh: "标准化之后的均值（训练集）"), fixed(trainStd.mean(), 4))
        nb.result(Text(en: "std after standardising (train, all pixels together)", zh: "标准化之后的标准差（训练集，所有像素放在一起）"),
                  fixed(trainStd.standardDeviation(), 4))
        let pixelSpreads = (0..<trainStd.cols).map { Matrix(row: trainStd.column($0)).standardDeviation() }
        nb.result(Text(en: "std of single pixels after standardising (train)", zh: "标准化之后单个像素的标准差（训练集）"),
                  Text(en: "\(fixed(pixelSpreads.min()!, 4)) to \(fixed(pixelSpreads.max()!, 4))",
                       zh: "\(fixed(pixelSpreads.min()!, 4)) 到 \(fixed(pixelSpreads.max()!, 4))"))
        nb.result(Text(en: "mean after standardising (validation, train statistics)", zh: "标准化之后的均值（验证集，用训练集的统计量）"),
                  fixed(validationStd.mean(), 4))
        try standardisationIsNotARange(nb, trainStd)
        nb.text(Text(en: """
            The labels become one-hot vectors: ten numbers, all 0 except a 1 at the true class. That is the \
            target t the network's ten outputs are compared with.
            """, zh: """
            标签变成独热向量：十个数，除了真实类别处是 1，其余都是 0。网络的十个输出就拿来和这个目标 t 比较。
            """))
        let label = Int(train.labels[0])
        nb.result(Text(en: "label \(train.classNames[label]) as one-hot", zh: "标签\(Self.quoted(Self.className(train.classNames[label]).in(.zh)))的独热编码"),
                  "(" + oneHot([label], classes: train.classCount).data.map { fixed($0, 0) }.joined(separator: ", ") + ")")
        oneHotForSevenDays(nb)
        return (loaded, standard)
    }

    // MARK: - 3Blue1Brown's network

    func threeBlueOneBrown(_ nb: Notebook) {
        nb.section(Text(en: "3Blue1Brown's network: 784 → 16 → 16 → 10", zh: "3Blue1Brown 的网络：784 → 16 → 16 → 10"))
        nb.text(Text(en: """
            The network of 3Blue1Brown's video: 784 inputs, one per pixel; two hidden layers of 16 neurons; \
            10 outputs, one per digit. Every neuron computes σ(w·a + b) with the sigmoid σ, the outputs \
            too, so each output lies between 0 and 1, and the cost of one image is C = Σᵢ (tᵢ − aᵢ)² over \
            the ten outputs aᵢ and the one-hot target tᵢ. The builder draws every layer's starting weights \
            with Xavier initialisation (normal, standard deviation √(2/(inputs + outputs))), a spread suited \
            to the sigmoid; biases start at 0.
            """, zh: """
            这是 3Blue1Brown 视频里的网络：784 个输入，每个像素一个；两个各有 16 个神经元的隐藏层；\
            10 个输出，每个数字一个。每个神经元都计算 σ(w·a + b)，σ 是 sigmoid 函数，输出层也一样，\
            所以每个输出都在 0 和 1 之间；一张图像的代价是 C = Σᵢ (tᵢ − aᵢ)²，对十个输出 aᵢ 和独热目标 tᵢ \
            求和。构建网络时，每一层的初始权重都用 Xavier 初始化抽取（正态分布，标准差为 \
            √(2/(输入数 + 输出数))），这个分布宽度适合 sigmoid；偏置从 0 开始。
            """))
        nb.code("three-blue-one-brown")
        var rng = SeededRandom(seed: options.seed)
        // #region three-blue-one-brown
        let network = Sequential(mlp: [784, 16, 16, 10], activation: .sigmoid, outputActivation: .sigmoid, rng: &rng)
        // #endregion
        parameterSum(nb, network)
        nb.text(Text(en: """
            Training repeats four things for every mini-batch of images (here a batch is a single image, as \
            in plain stochastic gradient descent): run the batch forward, measure the cost and its gradient \
            with respect to the outputs, backpropagate that gradient to every weight and bias, and let the \
            optimiser take one step downhill. The engine's loop, the same for every network of this \
            chapter; the cost is computed through the epoch's tally (seen), which adds it to the epoch's \
            report and stops training if the cost is no longer a number. The batches come from a sequence that hands them out one after \
            another in the epoch's shuffled order (on a machine with two cores, its second thread starts \
            turning the next batch's pixels into numbers as soon as this batch is handed out):
            """, zh: """
            训练时，对每个小批量的图像重复四件事（这里一个小批量只有一张图像，就像最朴素的随机梯度下降）\
            ：让这批图像前向传播通过网络；算出代价，以及代价对输出的梯度；把这个梯度反向传播到每个权重和\
            偏置；让优化器往下坡走一步。下面是引擎里的这个循环，本章的每个网络都用它；代价经由这一轮的记\
            录（seen）算出，它把这一批的代价记进这一轮的报告，代价一旦不再是数就停止训练。小批量来自一个序列，它按这一轮打乱后\
            的顺序一批接一批地交出图像（在有两个核的机器上，这一批一交出去，它的第二个线程就开始把下一批\
            的像素变成数字）：
            """))
        nb.code("training-step", file: "Sources/Engine/Training/Training.swift")
        nb.text(Text(en: """
            For plain SGD, the last line, optimizer.step(parameters), is the update rule w ← w − η·(g + λ·w) for every \
            weight and bias, element by element (λ is the weight decay of the section on overfitting, 0 \
            here):
            """, zh: """
            对朴素 SGD 来说，最后一行 optimizer.step(parameters) 就是对每个权重和偏置逐个元素执行更新规则 \
            w ← w − η·(g + λ·w)（λ 是讲过拟合那一节的权重衰减，这里为 0）：
            """))
        nb.code("update", file: "Sources/Engine/Training/SGD.swift")
        nb.text(Text(en: """
            The cost in code: for each image the sum over its ten outputs, then the mean over the images of \
            the batch (with one image per batch, exactly C), and its gradient dC/da = 2·(a − t):
            """, zh: """
            代码里的代价：每张图像先对它的十个输出求和，再对这一批的图像取平均（一批只有一张图像时，\
            正好是 C）；它的梯度是 dC/da = 2·(a − t)：
            """))
        nb.code("squared-error", file: "Sources/Engine/Network/LossFunction.swift")
    }

    /// Prints "parameters = 784·16 + 16·16 + 16·10 weights + 16 + 16 + 10 biases = 13002": the sum,
    /// with its words, is the label (in the reader's language), its total the value.
    func parameterSum(_ nb: Notebook, _ network: Sequential) {
        let sizes = network.layerSizes
        let weights = zip(sizes, sizes.dropFirst()).map { "\($0)·\($1)" }.joined(separator: " + ")
        let biases = sizes.dropFirst().map(String.init).joined(separator: " + ")
        nb.result(Text(en: "parameters = \(weights) weights + \(biases) biases", zh: "参数 = \(weights) 个权重 + \(biases) 个偏置"),
                  "\(network.parameterCount)")
    }

    // MARK: - The chapter's model

    func training(_ nb: Notebook, _ recipe: Recipe, _ train: ImageDataset, _ validation: ImageDataset) throws
        -> (Sequential, History) {
        let rate = recipe.learningRate!
        var top = ClimbStep.climb.reduce(into: Recipe()) { recipe, step in step.apply(&recipe) }
        top.epochs = recipe.epochs
        nb.section(Text(en: "The chapter's model: 784 → \(hidden) → 10, \(recipe.epochs) epochs",
                        zh: "本章的模型：784 → \(hidden) → 10，训练 \(recipe.epochs) 轮"))
        let penalty = recipe.weightDecay > 0 ? "，L2 惩罚 λ = \(recipe.weightDecay)" : ""
        nb.text(top == recipe ? Text(en: """
            The top of the climb, trained for \(recipe.epochs) epochs instead of \(Recipe().epochs): one hidden \
            layer of \(hidden) ReLU units, whose weights start from He initialisation, and 10 outputs whose \
            weights start from Xavier initialisation; softmax with cross-entropy; standardised inputs; \
            mini-batches of \(recipe.batchSize) with Adam, learning rate \(rate) falling along a cosine to 0 by \
            the last epoch; every training image shifted by up to \(recipe.maxShift) pixels, freshly for every batch.
            """, zh: """
            就是爬坡的最后一步，只是训练 \(recipe.epochs) 轮而不是 \(Recipe().epochs) 轮：一个有 \(hidden) 个 \
            ReLU 单元的隐藏层，权重用 He 初始化；10 个输出，权重用 Xavier 初始化；softmax 加交叉熵；标准化\
            的输入；每个小批量 \(recipe.batchSize) 张图像，用 Adam，学习率从 \(rate) 开始沿余弦曲线下降，\
            到最后一轮降到 0；每张训练图像都随机平移至多 \(recipe.maxShift) 个像素，每个小批量重新平移一次。
            """) : Text(en: """
            Your flags changed the recipe at the top of the climb: \(recipe.shape), \(recipe.standardize ? "standardised" : "[0, 1]") \
            inputs, mini-batches of \(recipe.batchSize), \(recipe.optimizer) with learning rate \(rate) falling along a \
            cosine\(recipe.weightDecay > 0 ? ", L2 penalty λ = \(recipe.weightDecay)" : ""), shifts of up to \
            \(recipe.maxShift) pixels, \(recipe.epochs) epochs.
            """, zh: """
            你给的参数改动了爬坡最后一步的方案：\(recipe.shape)，\(recipe.standardize ? "标准化的" : "[0, 1] 范围的")\
            输入，每个小批量 \(recipe.batchSize) 张图像，\(recipe.optimizer)，学习率从 \(rate) 开始沿余弦曲线\
            下降\(penalty)，随机平移至多 \(recipe.maxShift) 个像素，训练 \(recipe.epochs) 轮。
            """))
        var history = History()
        let progress = ProgressBar(total: (train.count + recipe.batchSize - 1) / recipe.batchSize)
        nb.code("training")
        // The Chinese headers end where the English ones do, over the same right-aligned numbers.
        nb.output(Text(en: "  epoch  train loss  train acc  valid acc  seconds", zh: "   轮次    训练损失 训练准确率 验证准确率     秒数"),
                  page: Text(en: "  epoch  train loss  train acc  valid acc", zh: "   轮次    训练损失 训练准确率 验证准确率"))
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
        parameterSum(nb, network)
        nb.result(Text(en: "training time", zh: "训练用时"), String(format: "%.1f s", history.seconds.reduce(0, +)), stable: false)
        nb.text(Text(en: """
            Training accuracy starts below validation accuracy for two reasons: it is a running average over \
            the epoch, counted on each batch before the step that learns from it, while the weights are still \
            improving (the validation accuracy is measured after the epoch, with its final weights), and it \
            is measured on shifted images, which are harder than the unshifted validation images.
            """, zh: """
            训练准确率一开始低于验证准确率，原因有二：它是整轮的累计平均，每个小批量都在“从它学习的那一\
            步”之前计分，而那时权重还在变好（验证准确率则在一轮结束后用最终的权重测得）；而且它是在平移\
            过的图像上测的，这些图像比没有平移的验证图像更难。
            """))
        return (network, history)
    }

    // MARK: - Saving

    func save(_ nb: Notebook, _ network: Sequential, _ normalization: Normalization, _ classNames: [String],
              _ test: Evaluation) throws {
        nb.section(Text(en: "Saving the model", zh: "保存模型"))
        nb.text(Text(en: """
            The trained weights go into a safetensors file: an 8-byte header length, a JSON header naming each \
            tensor's shape and place, then the raw float32 numbers. Chapter 7 loads it, and so can numpy or \
            PyTorch (safetensors.numpy.load_file). The input statistics travel with the weights, because \
            new images must be standardised exactly as the training images were. The engine stores a layer's \
            weights as inputs × outputs (layers.0.weight is 784 × \(hidden)) and its bias as a 1 × outputs row; \
            PyTorch's torch.nn.Linear wants outputs × inputs and a 1-D bias, so transpose the weights and \
            flatten the bias when copying them in.
            """, zh: """
            训练好的权重存进一个 safetensors 文件：先是 8 个字节的头部长度，然后是一段 JSON 头部，写明每个\
            张量的形状和位置，最后是原始的 float32 数。第 7 章会加载它，numpy 和 PyTorch 也能读\
            （safetensors.numpy.load_file）。输入的统计量和权重存在一起，因为新图像必须和训练图像完全一样地\
            标准化。引擎把一层的权重存成“输入数 × 输出数”（layers.0.weight 是 784 × \(hidden)），偏置存成 \
            1 × 输出数的一行；PyTorch 的 torch.nn.Linear 要的是“输出数 × 输入数”和一维的偏置，所以拷进去时要\
            把权重转置，把偏置展平。
            """))
        nb.code("save")
        // #region save
        let saved = SavedModel(network: network, normalization: normalization, classNames: classNames,
                               notes: ["dataset": dataOptions.folder == nil ? dataOptions.dataset.rawValue : "folder",
                                       "seed": "\(options.seed)", "test_accuracy": String(format: "%.4f", test.accuracy)])
        try saved.save(to: modelPath)
        // #endregion
        nb.result(Text(en: "model file", zh: "模型文件"), modelPath)
    }
}
