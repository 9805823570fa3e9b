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

    /// The name of 3Blue1Brown's network, step 0 of the climb, in both languages.
    static let start = Text(en: "3Blue1Brown's network", zh: "3Blue1Brown 的网络")

    /// The changes of `climb` in Chinese, in the same order.
    static let chineseChanges = [
        "小批量，每批 64 张", "softmax 加交叉熵", "ReLU 加 He 初始化", "标准化的输入", "用 Adam 代替 SGD",
        "一个 256 单元的隐藏层", "随机平移至多 2 个像素", "余弦学习率，从 η = 0.003 起",
    ]

    /// Why each step of `climb` can help, in the same order.
    static let reasons = [
        Text(en: """
        the gradient of 64 images comes from a few large matrix products instead of 64 small ones, \
        which a computer does much faster per image, and their average points downhill more reliably \
        than one image's. SGD needs its learning rate searched again: one step now stands for 64 images.
        """, zh: """
        64 张图像的梯度由几次大的矩阵乘法算出，而不是 64 次小的，计算机算起来每张图像要快得多；\
        而且 64 张图像的平均梯度比一张图像的更可靠地指向下坡。SGD 的学习率需要重新搜索：现在一步\
        代表 64 张图像。
        """),
        Text(en: """
        softmax turns the ten outputs into probabilities that add up to 1, and cross-entropy, \
        −log(probability of the true class), punishes a confident wrong answer hard. Its gradient \
        p − t does not fade when an output saturates, as a sigmoid's squared error does.
        """, zh: """
        softmax 把十个输出变成加起来等于 1 的概率；交叉熵 −log(真实类别的概率) 会重罚自信的错误答案。\
        它的梯度 p − t 不会在输出饱和时消失，而 sigmoid 输出的平方误差的梯度会。
        """),
        Text(en: """
        max(0, x) passes a gradient on unchanged wherever a unit is active, while a sigmoid's slope is \
        at most 1/4 and almost 0 once it saturates. He initialisation (normal, standard deviation \
        √(2/inputs)) is the starting spread suited to ReLU.
        """, zh: """
        只要单元处于激活状态，max(0, x) 就把梯度原样往下传；而 sigmoid 的斜率最多只有 1/4，一旦饱和\
        就几乎为 0。He 初始化（正态分布，标准差为 √(2/输入数)）是适合 ReLU 的初始分布宽度。
        """),
        Text(en: """
        inputs centred on 0 with a common spread make the cost surface rounder, so one learning rate \
        suits every weight.
        """, zh: """
        以 0 为中心、宽度一致的输入让代价曲面更圆，于是同一个学习率对每个权重都合适。
        """),
        Text(en: """
        every weight gets its own step size from running averages of its gradient and of its square, \
        so Adam's usual learning rate of 0.001 works without a search.
        """, zh: """
        每个权重都根据自己梯度的滑动平均和梯度平方的滑动平均，得到自己的步长，所以 Adam 常用的学习率 \
        0.001 不用搜索就能用。
        """),
        Text(en: """
        more hidden units can tell more stroke patterns apart; two layers of 16 hold very few.
        """, zh: """
        隐藏单元越多，能分辨的笔画模式就越多；两层各 16 个单元能装下的很少。
        """),
        Text(en: """
        every batch sees its images moved by up to 2 pixels in each direction, so the network must \
        recognise a digit wherever it sits instead of memorising exact pixels.
        """, zh: """
        每个小批量里的图像都在各个方向上随机平移至多 2 个像素，网络就必须认出数字，不管它落在哪里，\
        而不能死记确切的像素。
        """),
        Text(en: """
        the learning rate falls along a cosine to 0 by the last epoch. Starting higher moves the \
        weights faster early on, and the ever smaller steps at the end let them settle into a minimum \
        instead of bouncing around it.
        """, zh: """
        学习率沿余弦曲线下降，到最后一轮降到 0。起点高一些，前期权重动得更快；末尾越来越小的步子让\
        它们稳稳落进一个极小值，而不是在它周围来回弹跳。
        """),
    ]
}

/// The images the climb trains on and is scored on, prepared once for every step and seed: at most
/// 300 training images per class, so that the climb stays short on a large data set, and the
/// validation images as they are; scaled to [0, 1], and standardised with the training images' statistics.
struct ClimbData {
    struct Images {
        let train: ImageDataset
        let validation: ImageDataset
    }

    let scaled: Images
    let standardized: Images

    /// `seed` draws the training images from a large data set.
    init(_ raw: DataSet.Splits, seed: UInt64) throws {
        var train = raw.train
        if train.count > 3000 {
            var rng = SeededRandom(seed: seed)
            train = try train.sampling(perClass: 300, rng: &rng)
        }
        scaled = Images(train: train, validation: raw.validation)
        let standardization = train.standardization()
        standardized = Images(train: train.normalized(standardization),
                              validation: raw.validation.normalized(standardization))
    }

    /// How many images the climb trains on.
    var trainCount: Int { scaled.train.count }

    /// The images in the normalisation `recipe` asks for.
    func images(for recipe: Recipe) -> Images { recipe.standardize ? standardized : scaled }
}

/// The climb as measured: its data and every step's result.
struct Climbed {
    let data: ClimbData
    let results: [ClimbResult]
}

/// What one step of the climb measured.
struct ClimbResult {
    let change: Text
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
    func train(on train: ImageDataset, seed: UInt64, learningRate rate: Double, onBatch: @escaping (Int) -> Void = { _ in },
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
    func measure(_ data: ClimbData.Images, seed: UInt64, learningRate rate: Double) throws -> (accuracy: Double?, seconds: Double) {
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
    /// Measures every step of the climb on `climbSeeds` seeds, searching SGD's learning rate on the first.
    func climbResults(_ nb: Notebook, _ climbData: ClimbData) throws -> [ClimbResult] {
        let seeds = (0..<UInt64(climbSeeds)).map { options.seed &+ $0 }
        var recipe = Recipe()
        var results: [ClimbResult] = []
        let header = "  step  change                           η       "
            + seeds.map { "seed \($0)".padding(toLength: 8, withPad: " ", startingAt: 0) }.joined()
        // The Chinese log has Chinese headers, in columns measured in terminal columns, over the same numbers.
        let chineseHeader = "  步骤  " + DisplayWidth.pad("改动", to: 33) + DisplayWidth.pad("η", to: 8)
            + seeds.map { DisplayWidth.pad("种子 \($0)", to: 8) }.joined()
        nb.output(Text(en: header + "s/run", zh: chineseHeader + "秒/次"),
                  page: Text(en: trimmed(header), zh: trimmed(chineseHeader)))
        precondition(ClimbStep.chineseChanges.count == ClimbStep.climb.count, "a Chinese name for every step of the climb")
        let steps = [ClimbStep(ClimbStep.start.en, tick: "3B1B") { _ in }] + ClimbStep.climb
        let names = [ClimbStep.start] + zip(ClimbStep.climb, ClimbStep.chineseChanges).map { Text(en: $0.change, zh: $1) }
        for (k, step) in steps.enumerated() {
            step.apply(&recipe)
            let data = climbData.images(for: recipe)
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
                throw WorkbookError(Text(en: "Step \(k) of the climb (\(step.change)) diverged with learning rate \(rate).",
                                         zh: "爬坡的第 \(k) 步（\(names[k].in(.zh))）在学习率 \(rate) 下发散了。"))
            }
            let result = ClimbResult(change: names[k], tick: step.tick, recipe: recipe, learningRate: rate, search: search,
                                     accuracies: runs.map { $0.accuracy! }, seconds: runs.map(\.seconds))
            results.append(result)
            let numbers = String(format: "%g", rate).padding(toLength: 8, withPad: " ", startingAt: 0)
                + result.accuracies.map { percent($0).padding(toLength: 8, withPad: " ", startingAt: 0) }.joined()
            let line = String(format: "  %4d  ", k) + step.change.padding(toLength: 33, withPad: " ", startingAt: 0) + numbers
            let chineseLine = String(format: "  %4d  ", k) + DisplayWidth.pad(names[k].in(.zh), to: 33) + numbers
            let seconds = String(format: "%.2f", result.seconds.reduce(0, +) / Double(runs.count))
            nb.output(Text(en: line + seconds, zh: chineseLine + seconds), page: Text(en: trimmed(line), zh: trimmed(chineseLine)))
            if !search.isEmpty {
                // Without spaces around the arrows, so that the line fits 80 columns.
                let tried = search.map { String(format: "%g", $0.rate) + "→\($0.accuracy.map(percent) ?? "diverged")" }
                let triedInChinese = search.map { String(format: "%g", $0.rate) + "→\($0.accuracy.map(percent) ?? "发散")" }
                let line = "        η tried on seed \(seeds[0]): " + tried.joined(separator: ", ")
                nb.output(Text(en: line, zh: "        种子 \(seeds[0]) 上试过的 η：" + triedInChinese.joined(separator: "，")))
            }
        }
        return results
    }

    func percent(_ accuracy: Double) -> String { String(format: "%.1f%%", 100 * accuracy) }

    /// `line` without its trailing spaces.
    func trimmed(_ line: String) -> String { String(line.reversed().drop { $0 == " " }.reversed()) }

    /// The climb's section: the recipes, the measurements, a table, a figure and what they show.
    func climb(_ nb: Notebook, _ raw: DataSet.Splits) throws -> Climbed {
        nb.section(Text(en: "The climb: one change at a time", zh: "爬坡：一次只改一处"))
        let data = try ClimbData(raw, seed: options.seed &+ 200)
        let climbTrain = data.trainCount
        let base = Recipe()
        let rates = Recipe.sgdRates.map { String(format: "%g", $0) }
        nb.text(Text(en: """
            From 3Blue1Brown's network to the chapter's model, one change at a time, each measured the same \
            way: \(base.epochs) epochs (passes over the \(climbTrain) training images) from the same \
            \(climbSeeds == 1 ? "seed" : "\(climbSeeds) seeds") (the seed decides the starting weights and the \
            order of the images), scored by accuracy on the \(raw.validation.count) validation images. The test \
            images stay unseen until the end. SGD's learning rate η is searched again at every step, among \
            \(Recipe.sgdRates.map { String(format: "%g", $0) }.joined(separator: ", ")), on the first seed, because almost every \
            change moves the best one. A recipe holds every choice:
            """, zh: """
            从 3Blue1Brown 的网络到本章的模型，一次只改一处，每一步都用同样的方法衡量：训练 \(base.epochs) 轮\
            （把 \(climbTrain) 张训练图像过一遍算一轮），用同样的\(climbSeeds == 1 ? "一个种子" : " \(climbSeeds) 个种子")\
            （种子决定初始权重和图像的顺序），以 \(raw.validation.count) 张验证图像上的准确率打分。测试图像\
            一直留到最后才看。SGD 的学习率 η 在每一步都在 \(rates.joined(separator: "、")) 中重新搜索，\
            用的是第一个种子，因为几乎每一处改动都会让最好的学习率变一变。一个训练方案（Recipe）记下了\
            所有的选择：
            """))
        nb.code("recipe", file: "Chapters/Chapter06/Recipe.swift")
        nb.text(Text(en: "and trains a fresh network from a seed, with the engine's loop of the section before:",
                     zh: "它从一个种子出发训练一个新网络，用的是上一节里引擎的那个循环："))
        nb.code("recipe-train", file: "Chapters/Chapter06/Climb.swift")
        nb.text(Text(en: "The climb, starting from Recipe() (3Blue1Brown's network, one image per SGD step, pixels in [0, 1]):",
                     zh: "爬坡从 Recipe() 出发（3Blue1Brown 的网络，SGD 每步一张图像，像素在 [0, 1] 中）："))
        nb.code("climb", file: "Chapters/Chapter06/Climb.swift")
        precondition(ClimbStep.reasons.count == ClimbStep.climb.count, "one reason per step of the climb")
        let steps = zip(ClimbStep.climb, zip(ClimbStep.chineseChanges, ClimbStep.reasons)).enumerated()
        nb.text(Text(en: "Why each change can help:\n" + steps.map { "\($0 + 1). \($1.0.change): \($1.1.1.en)" }.joined(separator: "\n"),
                     zh: "每一处改动为什么可能有帮助：\n" + steps.map { "\($0 + 1). \($1.1.0)：\($1.1.1.in(.zh))" }.joined(separator: "\n")))
        return Climbed(data: data, results: try climbResults(nb, data))
    }

    /// The climb in a table and a figure, with the chapter's model (trained longer, one seed) on top.
    func climbSummary(_ nb: Notebook, _ climbed: Climbed, _ raw: DataSet.Splits, model: Recipe, _ history: History) throws {
        let results = climbed.results
        let climbTrain = climbed.data.trainCount
        var top = results.last!.recipe
        top.epochs = model.epochs
        let modelChange = top == model
            ? Text(en: "\(model.epochs) epochs instead of \(results.last!.recipe.epochs): the chapter's model",
                   zh: "训练 \(model.epochs) 轮而非 \(results.last!.recipe.epochs) 轮：本章的模型")
            : Text(en: "the chapter's model, as your flags set it", zh: "本章的模型，按你给的参数")
        let modelAccuracy = history.validationAccuracy.last!
        nb.section(Text(en: "The climb in one table", zh: "一张表看完整个爬坡"))
        var rows: [[Text]] = []
        for (k, r) in results.enumerated() {
            let change = k == 0 ? "" : String(format: "%+.1f", 100 * (r.mean - results[k - 1].mean))
            let name = k == 0 ? Text(en: "\(r.change.en) (\(r.recipe.shape))", zh: "3Blue1Brown 网络（\(r.recipe.shape)）") : r.change
            rows.append([Text(en: "\(k)"), name, Text(en: String(format: "%g", r.learningRate)),
                         Text(en: "\(r.recipe.steps(images: climbTrain))"),
                         Text(en: String(format: "%.1f", r.recipe.multiplyAdds(images: climbTrain) / 1e9)),
                         Text(en: r.accuracies.map(percent).joined(separator: ", ")), Text(en: percent(r.mean))])
            rows[k].append(Text(en: change))
        }
        rows.append([Text(en: "\(results.count)"), modelChange, Text(en: String(format: "%g", model.learningRate!)),
                     Text(en: "\(model.steps(images: raw.train.count))"),
                     Text(en: String(format: "%.1f", model.multiplyAdds(images: raw.train.count) / 1e9)),
                     Text(en: percent(modelAccuracy) + " (seed \(options.seed) only)", zh: percent(modelAccuracy) + "（仅种子 \(options.seed)）"),
                     Text(en: percent(modelAccuracy)), Text(en: String(format: "%+.1f", 100 * (modelAccuracy - results.last!.mean)))])
        nb.table([Text(en: "step", zh: "步骤"), Text(en: "change", zh: "改动"), "η", Text(en: "optimiser steps", zh: "优化器步数"),
                  Text(en: "work (10⁹ multiply-adds)", zh: "计算量（10⁹ 乘加）"),
                  Text(en: "validation accuracy per seed", zh: "各种子的验证准确率"), Text(en: "mean", zh: "平均"),
                  Text(en: "vs. step before (points)", zh: "较上一步")], rows)
        nb.text(Text(en: """
            How long each step trained: the epochs, the optimiser steps and the multiply-adds are in the \
            table. The seconds each run took are printed when the chapter runs; they vary from run to run \
            and machine to machine, so this page leaves them out. Every other number is the same on every \
            machine: your run prints these accuracies digit for digit, since the engine adds up every sum \
            in one fixed order (Appendix A shows how). One image per batch makes \(climbTrain) \
            optimiser steps per epoch, 64 images per batch \((climbTrain + 63) / 64), for the same \
            multiply-adds: the batched steps take much less time.
            """, zh: """
            每一步训练了多久：轮数、优化器步数和乘加次数都在表里。每次运行花了多少秒，本章运行时会打印\
            出来；它随运行、随机器而变，所以本页不列。其余每个数在每台机器上都一样：你运行时打印的准确率\
            和这里一位不差，因为引擎按一个固定的顺序计算每一个和（附录 A 讲了它怎样做到）。每批一张图像时，每轮有 \(climbTrain) 个优化器步；\
            每批 64 张时只有 \((climbTrain + 63) / 64) 个，乘加次数却一样：成批的步子要省时得多。
            """))

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
        try nb.figure(figure, zh: "爬坡：每一步的验证准确率和训练的计算量")

        let gains = results.indices.dropFirst().map { (results[$0].change, results[$0].mean - results[$0 - 1].mean) }
            + [(Text(en: "training \(model.epochs) epochs", zh: "训练 \(model.epochs) 轮"), modelAccuracy - results.last!.mean)]
        let largest = gains.sorted { $0.1 > $1.1 }
        let narrow = results.filter { $0.recipe.hidden == Recipe().hidden }.map(\.mean)
        let spread = String(format: "%.1f", 100 * results.map(\.spread).max()!)
        let onePoint = String(format: "%.1f", 100 / Double(raw.validation.count))
        // The second-largest gain, and every other step whose gain prints the same.
        let printed = { (gain: Double) in String(format: "%+.1f", 100 * gain) }
        let runnersUp = largest.dropFirst().filter { printed($0.1) == printed(largest[1].1) }
        let second = Text(en: runnersUp.map { "“\($0.0.en)”" }.joined(separator: " and "),
                          zh: runnersUp.map { "“\($0.0.in(.zh))”" }.joined(separator: "和"))
        nb.text(Text(en: """
            While the network kept 3Blue1Brown's two hidden layers of 16 (steps 0 to \(narrow.count - 1)), every \
            recipe scored between \(percent(narrow.min()!)) and \(percent(narrow.max()!)). The largest gains came \
            from “\(largest[0].0.en)” (\(printed(largest[0].1)) points) and \(second.en) \
            (\(printed(largest[1].1)) points\(runnersUp.count > 1 ? " each" : "")). \(climbSeeds > 1 ? "The seeds of one step differ by up to \(spread) points, so a smaller difference between two steps is not shown to be a gain or a loss by this measurement. " : "")\
            One image of \(raw.validation.count) is \(onePoint) points.
            """, zh: """
            网络还保留着 3Blue1Brown 的两个 16 单元隐藏层时（第 0 到第 \(narrow.count - 1) 步），每个方案的得分都\
            在 \(percent(narrow.min()!)) 到 \(percent(narrow.max()!)) 之间。提升最大的是“\(largest[0].0.in(.zh))”\
            （\(printed(largest[0].1)) 个百分点），其次是\(second.in(.zh))\
            （\(runnersUp.count > 1 ? "各 " : "")\(printed(largest[1].1)) 个百分点）。\(climbSeeds > 1 ? "同一步的几个种子之间相差可达 \(spread) 个百分点，所以两步之间更小的差别，这样的测量并不能说明它是提升还是退步。" : "")\
            \(raw.validation.count) 张图像中的一张就是 \(onePoint) 个百分点。
            """))
    }
}
