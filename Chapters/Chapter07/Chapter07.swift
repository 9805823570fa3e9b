// Chapter 7 · Transfer learning
//
// Keep what a trained network has learned to see (its hidden layers), take off its output layer,
// put a new one on, and learn a different problem from only a few labelled examples.

import ArgumentParser
import Engine
import Workbook
import Foundation

@main
struct Chapter07: ChapterCommand {
    static let configuration = CommandConfiguration(
        abstract: Text(en: "Chapter 7: transfer learning by swapping the output layer.",
                       zh: "第 7 章：换掉输出层，做迁移学习。").forReader,
        discussion: Text(en: """
            Tasks: 'digits' (default) pretrains on the digits 0–4 and learns 5–9 from a few labels; \
            'fashion' reuses Chapter 6's saved model (trained on all ten digits) and learns Fashion-MNIST \
            from a few labels. Use a release build: swift run -c release Chapter07.
            """, zh: """
            任务：'digits'（默认）先在数字 0–4 上预训练，再只用少量标签学习 5–9；'fashion' 沿用第 6 章\
            保存的模型（在全部十个数字上训练过），只用少量标签学习 Fashion-MNIST。请用 release 构建\
            运行：swift run -c release Chapter07。
            """).discussion)

    @OptionGroup var options: ChapterOptions

    enum Task: String, CaseIterable, ExpressibleByArgument {
        /// Learn the digits 5–9 after pretraining on 0–4.
        case digits
        /// Learn Fashion-MNIST's clothes with Chapter 6's digit network as the base.
        case fashion
    }

    @Option(help: Text(en: "The new task: digits (learn 5–9 after pretraining on 0–4) or fashion (learn clothes after digits).",
                       zh: "新任务：digits（在 0–4 上预训练之后学习 5–9）或 fashion（学过数字之后学习服饰）。").help)
    var task: Task = .digits

    @OptionGroup var fewLabels: FewLabelOptions

    @Option(help: Text(en: "Chapter 6's saved model, reused by the fashion task.",
                       zh: "第 6 章保存的模型，fashion 任务沿用它。").help)
    var model = "models/mnist-mlp.safetensors"

    var counts: [Int] { fewLabels.labelsPerClass }
    var seeds: Int { fewLabels.seeds }
    var steps: Int { fewLabels.steps }

    func run() throws {
        let nb = Notebook(chapter: 7, title: Text(en: "Transfer learning", zh: "迁移学习"), options: options, release: true)
        nb.section(Text(en: "The idea", zh: "思路"))
        nb.text(Text(en: """
            A trained network is two things stacked: hidden layers that turn pixels into features (what it \
            has learned to see) and an output layer that turns features into class scores. For a new \
            problem, keep the first part, take off the output layer and put on a new one with as many \
            outputs as the new problem has classes. With only a few labelled examples, learning just that \
            new layer on top of good features can beat learning everything from scratch.
            """, zh: """
            一个训练好的网络可以看成上下叠起来的两部分：隐藏层把像素变成特征（也就是它学会了“看”\
            什么），输出层再把特征变成各个类别的分数。遇到新问题时，保留前一部分，拆掉输出层，换上\
            一个新的输出层，新问题有几个类别，它就有几个输出。带标签的样本很少时，只在好的特征之上\
            学习这一个新层，可能比从头学习整个网络效果更好。
            """))
        nb.text(Text(en: """
            This is how Mofan's PyTorch notes teach transfer learning: each layer turns what it receives \
            into a new feature representation, and for another problem one keeps the network's ability \
            to make those representations, removes its output layer and trains a new one in its place.
            """, zh: """
            莫烦的 PyTorch 笔记就是这样讲迁移学习的：每一层都把收到的信息加工成新的特征表示（笔记里\
            叫“代表特征”）；要解决别的问题时，就保留网络转换特征表示的能力，把输出层拆掉，换上新的\
            一层再训练。
            """))
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
        /// "digits 5–9" or "Fashion-MNIST", for the narrative (the figures' titles use the English).
        var taskName: Text
    }

    // MARK: - Tasks

    func digitsTask(_ nb: Notebook, _ rng: inout SeededRandom) throws -> Setup {
        nb.section(Text(en: "Pretraining on the digits 0–4", zh: "在数字 0–4 上预训练"))
        let data = try DataSet.embedded.load(rng: &rng)
        let old = Array(0...4), new = Array(5...9)
        try checkLabelsAvailable(in: data.train.selecting(classes: new), task: Self.digitsTaskName)
        let pretrainRaw = data.train.selecting(classes: old)
        let normalization = pretrainRaw.standardization()
        let pretrain = pretrainRaw.normalized(normalization)
        let pretrainTest = data.test.selecting(classes: old).normalized(normalization)
        nb.text(Text(en: """
            The new task is to recognise the digits 5, 6, 7, 8 and 9 from only a few labelled examples of \
            each. The base network learns first from the other half of the digits, 0–4 \
            (\(pretrain.count) training images), so it has never seen a 5–9 when the new task starts: \
            whatever it can do on them comes from features learned on other digits.
            """, zh: """
            新任务是认出数字 5、6、7、8 和 9，而每个数字只有少量带标签的样本。基础网络先在另一半数\
            字 0–4 上学习（\(pretrain.count) 张训练图像），所以新任务开始时，它从没见过 5–9：它在\
            这几个数字上能做到什么，全都来自在别的数字上学到的特征。
            """))
        nb.text(Text(en: """
            Chapter 6's saved model cannot be the base here: it was trained on all ten digits, 5–9 \
            included, so reusing it would be cheating. The base is trained here on 0–4 instead, in a few \
            seconds (Chapter 6's model is reused by --task fashion).
            """, zh: """
            第 6 章保存的模型不能在这里当基础网络：它在全部十个数字上训练过，5–9 也在其中，拿它来\
            用就是作弊。所以这里改在 0–4 上训练基础网络，只需几秒钟（第 6 章的模型留给 \
            --task fashion 使用）。
            """))
        var init_ = SeededRandom(seed: options.seed &+ 7)
        nb.code("pretrain")
        // #region pretrain
        let base = Sequential(mlp: [784, 256, 5], activation: .relu, rng: &init_)     // 5 outputs: classes 0–4
        try base.train(on: RandomShifts(pretrain, maxShift: 2, seed: options.seed &+ 8), optimizer: Adam(learningRate: 0.001),
                       config: TrainingConfig(epochs: 15, batchSize: 64), rng: &init_)
        // #endregion
        nb.result(Text(en: "base accuracy on test digits 0–4", zh: "基础网络在测试集数字 0–4 上的准确率"), String(format: "%.2f%%", 100 * base.evaluate(on: pretrainTest).accuracy))
        return Setup(base: base, newTrain: data.train.selecting(classes: new).normalized(normalization),
                     newTest: data.test.selecting(classes: new).normalized(normalization), taskName: Self.digitsTaskName)
    }

    func fashionTask(_ nb: Notebook, _ rng: inout SeededRandom) throws -> Setup {
        nb.section(Text(en: "The base: Chapter 6's digit network", zh: "基础网络：第 6 章的数字网络"))
        var split = SeededRandom(seed: options.seed)
        let fashion = try DataSet.fashion.load(rng: &split)
        try checkLabelsAvailable(in: fashion.train, task: Self.fashionTaskName)
        var base: Sequential
        var normalization: Normalization
        if FileManager.default.fileExists(atPath: model) {
            let saved = try SavedModel.load(from: model)
            let sizes = saved.network.layerSizes
            let shape = sizes.map(String.init).joined(separator: "-")
            guard sizes.first == 784, sizes.count >= 3, saved.classNames == ClassNames.digits else {
                let classes = saved.classNames.joined(separator: ", ")
                throw WorkbookError(Text(en: "\(model) is a \(shape) network for "
                    + "\(classes); this task needs Chapter 6's digit network (784-H-10 on MNIST). "
                    + "Run Chapter06 again, or pass --model with the right file.",
                    zh: "\(model) 是一个 \(shape) 网络，类别为 \(classes)；这个任务需要第 6 章的数字网络"
                    + "（在 MNIST 上训练的 784-H-10）。请重新运行 Chapter06，或用 --model 指定正确的文件。"))
            }
            guard sizes[sizes.count - 2] >= 2 else {
                throw WorkbookError(Text(en: "\(model) is a \(shape) network: its hidden "
                    + "layer has 1 unit, but this chapter looks at what the hidden layer sees along two directions "
                    + "(PCA), which needs at least 2 units. Run Chapter06 with --hidden 2 or more (the default is 256), "
                    + "or pass --model with another file.",
                    zh: "\(model) 是一个 \(shape) 网络：它的隐藏层只有 1 个单元，而本章要沿两个方向（PCA）"
                    + "观察隐藏层看到了什么，至少需要 2 个单元。请用 --hidden 2 或更大的值（默认是 256）重新运行 "
                    + "Chapter06，或用 --model 指定别的文件。"))
            }
            nb.text(Text(en: "Loaded Chapter 6's model from \(model): a \(shape) network trained on the ten digits.",
                         zh: "已从 \(model) 载入第 6 章的模型：一个在十个数字上训练过的 \(shape) 网络。"))
            base = saved.network
            normalization = saved.normalization
        } else {
            nb.text(Text(en: "No saved model from Chapter 6 at \(model), so a base network is trained here on the ten digits first (the same recipe, shorter).",
                         zh: "\(model) 处没有第 6 章保存的模型，所以先在这里用十个数字训练一个基础网络（做法相同，训练得短一些）。"))
            let data = try DataSet.embedded.load(rng: &rng)
            normalization = data.train.standardization()
            var init_ = SeededRandom(seed: options.seed &+ 7)
            base = Sequential(mlp: [784, 256, 10], activation: .relu, rng: &init_)
            try base.train(on: RandomShifts(data.train.normalized(normalization), maxShift: 2, seed: options.seed &+ 8),
                           optimizer: Adam(learningRate: 0.001), config: TrainingConfig(epochs: 15, batchSize: 64), rng: &init_)
        }
        var pick = SeededRandom(seed: options.seed &+ 9)
        let test = try fashion.test.sampling(perClass: 200, rng: &pick)
        nb.text(Text(en: """
            The new task is Fashion-MNIST: ten kinds of clothing in the same 28×28 format. Can features learned \
            on handwritten strokes help to tell a sneaker from a sandal when only a few labelled pictures \
            of each are available? The test set is 2,000 Fashion-MNIST test images (200 per class).
            """, zh: """
            新任务是 Fashion-MNIST：十类服饰，图像同样是 28×28 的格式。从手写笔画上学到的特征，在每类\
            只有几张带标签的图片时，能不能帮我们分清运动鞋和凉鞋？测试集是 2,000 张 Fashion-MNIST 测\
            试图像（每类 200 张）。
            """))
        return Setup(base: base, newTrain: fashion.train.normalized(normalization), newTest: test.normalized(normalization),
                     taskName: Self.fashionTaskName)
    }

    static let digitsTaskName = Text(en: "digits 5–9", zh: "数字 5–9")
    static let fashionTaskName = Text(en: "Fashion-MNIST", zh: "Fashion-MNIST")

    /// Refuses, before any training starts, more labelled examples per class than the new task's
    /// training images hold of some class (digits task: 300 of each digit in the training split).
    func checkLabelsAvailable(in pool: ImageDataset, task: Text) throws {
        let counts = pool.classCounts
        guard let asked = fewLabels.labelsPerClass.max(), let fewest = counts.min(), asked > fewest else { return }
        let scarce = pool.classNames[counts.firstIndex(of: fewest)!]
        throw WorkbookError(Text(en: "--labels-per-class \(asked) asks for more labelled examples than the \(task.en) training "
            + "images hold: class \(scarce) has only \(fewest). Ask for at most \(fewest) per class.",
            zh: "--labels-per-class \(asked) 要的带标签样本太多了：\(task.in(.zh)) 的训练图像中，类别 "
            + "\(ClassNames.text(of: scarce).in(.zh)) 只有 \(fewest) 张。每类最多只能要 \(fewest) 张。"))
    }

    // MARK: - The swap

    func swapShown(_ nb: Notebook, _ base: Sequential, classes: Int) throws {
        nb.section(Text(en: "Swapping the output layer", zh: "换掉输出层"))
        nb.text(Text(en: """
            Here is the whole trick in code. The pretrained hidden layer is copied, its weights and biases are \
            marked frozen (the optimiser skips frozen parameters), and a brand-new output layer with \
            \(classes) outputs is put on top. Only that new layer will learn.
            """, zh: """
            整个诀窍写成代码，就是下面这几行。复制预训练好的隐藏层，把它的权重和偏置标记为冻结（优化\
            器会跳过冻结的参数），再在上面放一个全新的输出层，它有 \(classes) 个输出。只有这个新层\
            会学习。
            """))
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
        nb.text(Text(en: """
            The experiment below does the same through the engine's base.swappingOutputLayer(classes:freeze:rng:), \
            which works for any number of hidden layers.
            """, zh: """
            下面的实验通过引擎的 base.swappingOutputLayer(classes:freeze:rng:) 做同样的事，不管有\
            几层隐藏层都适用。
            """))
        nb.table([Text(en: "parameter", zh: "参数"), Text(en: "shape", zh: "形状"), Text(en: "learns?", zh: "是否学习")],
                 transferred.parameters.map {
            [Text(en: $0.name), Text(en: "\($0.value.rows)×\($0.value.cols)"),
             $0.isFrozen ? Text(en: "no (frozen)", zh: "否（冻结）") : Text(en: "yes", zh: "是")]
        })
        let trainable = transferred.trainableParameters.map(\.value.count).reduce(0, +)
        nb.result(Text(en: "trainable parameters", zh: "可训练的参数"), Text(en: "\(trainable) of \(transferred.parameterCount)", zh: "\(trainable) 个（共 \(transferred.parameterCount) 个）"))
    }

    // MARK: - The experiment

    func experiment(_ nb: Notebook, _ setup: Setup) throws {
        nb.section(Text(en: "Few labels: frozen features, fine-tuning, or from scratch", zh: "标签很少时：冻结特征、微调，还是从头训练"))
        let seedList = (0..<UInt64(seeds)).map { options.seed &+ $0 }
        nb.text(Text(en: """
            Ways to learn \(setup.taskName.en) from k labelled examples per class, each with the same \
            examples and the same budget (\(steps) Adam steps on mini-batches of up to 32): (a) a new output \
            layer on the frozen pretrained hidden layer, (b) fine-tuning everything from the pretrained \
            weights, (c) the same network from a random start, and a control, (d) a new output layer on a \
            frozen random hidden layer that was never trained. When only the output layer learns, Adam's \
            learning rate is 0.01 (a linear classifier on fixed features takes large steps well); \
            otherwise 0.001. Each k is repeated with \(seeds) seeds (different examples, different \
            starts); accuracy is measured on \(setup.newTest.count) test images.
            """, zh: """
            下面几种做法都要从每类 k 个带标签的样本中学会新任务（\(setup.taskName.in(.zh))），每种做法\
            用的样本相同，预算也相同（在最多 32 个样本的小批量上走 \(steps) 步 Adam）：（a）在冻结的\
            预训练隐藏层上放一个新的输出层；（b）从预训练的权重出发，微调整个网络；（c）同样的网络\
            从随机初值开始训练；再加一个对照组（d）：把一个从未训练过的随机隐藏层冻结起来，在上面放\
            一个新的输出层。只有输出层学习时，Adam 的学习率取 0.01（固定特征上的线性分类器，步子迈大些也不\
            会出问题）；其余情况取 0.001。每个 k 都用 \(seeds) 个种子重复（样本不同，初值也不同）；\
            准确率在 \(setup.newTest.count) 张测试图像上测量。
            """))
        let trials = try transferExperiment(base: setup.base, newTrain: setup.newTrain, newTest: setup.newTest,
                                            labelsPerClass: counts, seeds: seedList, steps: steps)
        var rows: [[String]] = []
        var figure = Figure(name: task == .digits ? "ch07-few-labels" : "ch07-few-labels-fashion",
                            title: "Learning \(setup.taskName.en) from few labels (mean ± std over \(seeds) seeds)",
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
        nb.table([Text(en: "labels per class", zh: "每类标签数")] + TransferMode.allCases.map(\.name),
                 rows)
        var gains: [String] = [], pretrainingHelps = true
        for (i, k) in counts.enumerated() {
            let overScratch = means[.frozen]![i] - means[.scratch]![i]
            let overRandom = means[.frozen]![i] - means[.randomFrozen]![i]
            nb.result(Text(en: "frozen pretrained minus scratch, \(k) per class", zh: "每类 \(k) 个：冻结预训练特征减去从头训练"),
                      Text(en: String(format: "%+.1f points", overScratch), zh: String(format: "%+.1f 个百分点", overScratch)))
            nb.result(Text(en: "frozen pretrained minus frozen random, \(k) per class", zh: "每类 \(k) 个：冻结预训练特征减去冻结随机特征"),
                      Text(en: String(format: "%+.1f points", overRandom), zh: String(format: "%+.1f 个百分点", overRandom)))
            gains.append(String(format: "%+.1f", overScratch))
            pretrainingHelps = pretrainingHelps && overRandom > 0
        }
        figure.logX = true
        figure.xRange = 0.8...(Double(counts.max()!) * 1.3)
        figure.yRange = 0...100
        figure.legend = .bottomRight
        try nb.figure(figure, zh: "\(setup.taskName.in(.zh))：用少量标签学习（\(seeds) 个种子的平均值 ± 标准差）")
        // What the closing paragraph may claim follows the numbers: over scratch, a small gain on average
        // (the digits task) or none at all (Fashion-MNIST on a digit base); and what the base saw.
        let gainsOnAverage = counts.indices.map { means[.frozen]![$0] - means[.scratch]![$0] }.reduce(0, +) >= 0
        let digits = task == .digits
        let kList = counts.map(String.init)
        nb.text(Text(en: """
            What the measurement says. \(pretrainingHelps ? "Pretraining helps: frozen pretrained features beat frozen random features at every k, so the hidden layer did learn something the new task can use." : "Pretrained features do not beat random ones at every k here.") Against \
            training from scratch \(gainsOnAverage ? "the gain is small" : "there is no gain at all"): \(gains.joined(separator: ", ")) points at \
            \(kList.joined(separator: ", ")) examples per class. Two reasons. First, a wide \
            layer of random ReLU units on standardised pixels is already a decent feature extractor for \
            \(digits ? "digits" : "clothes too") (random projections keep images that look alike close together), so 'from scratch' is a \
            strong baseline. Second, the base saw only \(digits ? "1,500 images of five digits" : "a few thousand digits"), and a \
            network trained to tell \(digits ? "five classes apart keeps mainly what separates those five" : "ten digits apart keeps mainly what separates digits"). Transfer \
            learning pays off most when the pretraining data are large and varied (think ImageNet) and the \
            network deep; with a one-hidden-layer network pretrained on \(digits ? "1,500 images" : "a few thousand digits"), expect a few points, \
            not tens.
            """, zh: """
            测量结果说明了什么？\(pretrainingHelps ? "预训练有用：在每个 k 上，冻结的预训练特征都胜过冻结的随机特征，可见隐藏层确实学到了新任务用得上的东西。" : "在这里，预训练特征并不是在每个 k 上都胜过随机特征。")\
            和从头训练相比，\(gainsOnAverage ? "收益不大" : "完全没有收益")：每类 \(kList.joined(separator: "、")) 个样本时，\
            差值分别是 \(gains.joined(separator: "、")) 个百分点。原因有两个。第一，在标准化后的像素上，\
            一层很宽的随机 ReLU 单元本身就是不错的\(digits ? "数字" : "服饰")特征提取器（随机投影会让看起来相像的图像仍然\
            靠在一起），所以“从头训练”是一个很强的基线。第二，基础网络只见过\(digits ? "五个数字的 1,500 张图像" : "几千个数字")\
            ，而一个训练来区分\(digits ? "五个类别的网络，主要保留的是区分这五类" : "十个数字的网络，主要保留的是区分数字")所需的东西。预训练数据又多又杂\
            （比如 ImageNet）、网络又深的时候，迁移学习的回报最大；一个只有一层隐藏层、在\(digits ? " 1,500 张图像" : "几千个数字")\
            上预训练的网络，能期待的只是几个百分点，而不是几十个。
            """))
    }

    // MARK: - What the network learned to see

    func features(_ nb: Notebook, _ setup: Setup) throws {
        nb.section(Text(en: "What the network learned to see", zh: "网络学会了看什么"))
        nb.text(Text(en: """
            Feed the new task's test images through the hidden layer and each image becomes \
            \(setup.base.denseLayers[0].outputCount) numbers. Projected onto their two \
            main directions (PCA), the images of one class should sit together if the features are good. \
            Compare a random, untrained hidden layer with the pretrained one.
            """, zh: """
            把新任务的测试图像送进隐藏层，每张图像就变成 \(setup.base.denseLayers[0].outputCount) 个\
            数。把它们投影到两个主要方向上（PCA，主成分分析），如果特征好，同一类的图像应该聚在一起。\
            下面比较一个随机的、未经训练的隐藏层和预训练过的隐藏层。
            """))
        var rng = SeededRandom(seed: options.seed &+ 7)
        let untrained = setup.base.freshCopy(classes: setup.newTest.classCount, rng: &rng)
        let (x, labels) = setup.newTest.allInputs()
        for (name, network, title, chineseTitle) in [("before", untrained, "random hidden layer", "随机隐藏层"),
                                                     ("after", setup.base, "pretrained hidden layer", "预训练的隐藏层")] {
            let h = network.hiddenRepresentation(x)
            let pca = try PCA(h, components: 2)
            let points = pca.project(h)
            var figure = Figure(name: "ch07-features-\(name)\(task == .digits ? "" : "-fashion")",
                                title: "\(setup.taskName.en) test images through the \(title) (PCA)",
                                xLabel: "first principal component", yLabel: "second principal component")
            for c in 0..<setup.newTest.classCount {
                let mine = labels.indices.filter { labels[$0] == c }
                figure.series.append(Series(setup.newTest.classNames[c], x: mine.map { points[$0][0] }, y: mine.map { points[$0][1] },
                                            style: .points))
            }
            figure.legend = .outside
            figure.width = 760
            nb.result(Text(en: "variance explained by two components, \(title)", zh: "两个主成分解释的方差（\(chineseTitle)）"),
                      String(format: "%.1f%%", 100 * (pca.explained[0] + pca.explained[1])))
            try nb.figure(figure, zh: "\(setup.taskName.in(.zh)) 的测试图像经过\(chineseTitle)之后（PCA）")
        }
        nb.text(Text(en: """
            Features that transfer better are the subject of Chapter 8: a convolutional network, whose \
            small filters are shared by every position of the image, pretrained on thousands of Fashion-MNIST \
            images and put to the same few-label experiment.
            """, zh: """
            迁移效果更好的特征是第 8 章的主题：一个卷积网络，它的小卷积核在图像的每个位置上共用；它\
            先在几千张 Fashion-MNIST 图像上预训练，再做同样的少量标签实验。
            """))
    }
}
