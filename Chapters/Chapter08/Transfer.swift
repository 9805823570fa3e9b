// Chapter 8 · Transfer revisited: Chapter 7's experiment with a convolutional base pretrained on
// Fashion-MNIST classes 0–4, learning classes 5–9 from a few labels.

import Engine
import Workbook
import Foundation

extension Chapter08 {
    func transfer(_ nb: Notebook) throws {
        nb.section(Text(en: "Transfer revisited: features that do transfer", zh: "再看迁移学习：卷积特征能迁移多少"))
        var split = SeededRandom(seed: options.seed)
        let fashion = try DataSet.fashion.load(rng: &split)
        let old = Array(0...4), new = Array(5...9)
        var pick = SeededRandom(seed: options.seed &+ 3)
        let pretrainRaw = try fashion.train.selecting(classes: old).sampling(perClass: pretrainImages / 5, rng: &pick)
        let normalization = pretrainRaw.standardization(perPixelMean: false)
        let pretrain = pretrainRaw.normalized(normalization)
        let pretrainTest = fashion.test.selecting(classes: old).normalized(normalization)
        let newTrain = fashion.train.selecting(classes: new).normalized(normalization)
        let newTest = try fashion.test.selecting(classes: new).sampling(perClass: 200, rng: &pick).normalized(normalization)
        let names = { (classes: [Int]) in classes.map { fashion.train.classNames[$0] }.joined(separator: ", ") }
        let chineseNames = { (classes: [Int]) in classes.map { ClassNames.fashionInBothLanguages[$0].in(.zh) }.joined(separator: "、") }
        nb.text(Text(en: """
            Chapter 7 found that a dense hidden layer pretrained on the digits 0–4 helps little to learn \
            5–9 from a few labels. Here is the same experiment with a convolutional base. The old task is \
            Fashion-MNIST's first five classes (\(names(old))), \(pretrain.count) training images; the new \
            task is the other five (\(names(new))), learned from a few labels and tested on \(newTest.count) \
            test images (200 per class).
            """, zh: """
            第 7 章发现：在数字 0–4 上预训练的全连接隐藏层，对只凭几个带标签的样本学会 5–9 帮助不大。\
            这一节用卷积网络把同一个实验再做一遍。旧任务是 Fashion-MNIST 的前五类（\(chineseNames(old))），\
            共 \(pretrain.count) 张训练图像；新任务是另外五类（\(chineseNames(new))），每类只给几个带标签\
            的样本，再用 \(newTest.count) 张测试图像（每类 200 张）检验学得怎么样。
            """))
        var init_ = SeededRandom(seed: options.seed &+ 7)
        nb.code("pretrain", file: "Chapters/Chapter08/Transfer.swift")
        // #region pretrain
        let base = Self.lenet(classes: 5, rng: &init_)                   // 5 outputs: the old classes
        try base.train(on: pretrain, optimizer: Adam(learningRate: 0.001),
                       config: TrainingConfig(epochs: pretrainEpochs, batchSize: 64), rng: &init_)
        // #endregion
        nb.result(Text(en: "base accuracy on test classes 0–4", zh: "基础网络在 0–4 类测试图像上的准确率"),
                  String(format: "%.2f%%", 100 * base.evaluate(on: pretrainTest).accuracy))
        let seedList = (0..<UInt64(seeds)).map { options.seed &+ $0 }
        nb.text(Text(en: """
            The base is this chapter's network with 5 outputs, trained for \(pretrainEpochs) epochs. Its \
            feature extractor is everything up to Flatten: the two convolutions with their pooling, 256 \
            numbers per image. The new task gets a new head on top of it: the two dense layers (256 → 120 \
            → 5), freshly initialised. The four ways to learn the new classes are Chapter 7's, with the \
            same examples and the same budget (\(steps) Adam steps on mini-batches of up to 32, learning \
            rate \(transferRate) for all four): (a) the new head on the frozen pretrained convolutions, \
            (b) fine-tuning everything from the pretrained convolutions, (c) the whole network from a \
            random start, and the control (d), the new head on frozen random convolutions that were never \
            trained. Each k is repeated with \(seeds) seeds; a seed draws the labelled examples and the \
            starting weights, and the four approaches of one seed learn from the same examples.
            """, zh: """
            基础网络就是本章的卷积网络，只是输出改成 5 个，训练了 \(pretrainEpochs) 轮。它的特征提取部分\
            是 Flatten 之前的所有层：两个卷积层和各自的池化，每张图像变成 256 个数。新任务在这之上换一个\
            新的头：两个全连接层（256 → 120 → 5），重新初始化。学新类别的四种办法和第 7 章一样，样本相同，\
            训练量也相同（\(steps) 步 Adam，小批量最多 32 个样本，四种办法的学习率都是 \(transferRate)）：\
            (a) 冻结预训练的卷积层，只训练新的头；(b) 从预训练的卷积层出发，所有层一起微调；\
            (c) 整个网络从随机初始值开始训练，即从头训练；还有作为对照的 (d)：冻结一组从没训练过的随机\
            卷积层，只训练新的头。每个 k 都用 \(seeds) 个随机种子重复：种子决定抽到哪些带标签的样本和\
            初始权重，同一个种子下四种办法用的是同一批样本。
            """))
        let trials = try transferExperiment(base: base, newTrain: newTrain, newTest: newTest,
                                            labelsPerClass: labelsPerClass, seeds: seedList, steps: steps,
                                            keepingLayers: 7,   // the convolutional base, up to Flatten
                                            learningRate: { _ in Float(transferRate) })
        func accuracies(_ mode: TransferMode, _ k: Int) -> [Double] {
            seedList.map { seed in 100 * Double(trials.first { $0.mode == mode && $0.labelsPerClass == k && $0.seed == seed }!.testAccuracy) }
        }
        var figure = Figure(name: "ch08-few-labels",
                            title: "Learning Fashion-MNIST 5–9 from few labels (mean ± std over \(seeds) seeds)",
                            xLabel: "labelled examples per class", yLabel: "test accuracy (%)")
        var accuracy: [TransferMode: [Spread]] = [:]
        for mode in TransferMode.allCases {
            accuracy[mode] = labelsPerClass.map { Spread(accuracies(mode, $0)) }
            figure.series.append(Series(mode.rawValue, x: labelsPerClass.map(Double.init), y: accuracy[mode]!.map(\.mean),
                                        style: .linesPoints, yError: accuracy[mode]!.map(\.std)))
        }
        nb.table([Text(en: "labels per class", zh: "每类标签数")] + TransferMode.allCases.map(\.name),
                 labelsPerClass.indices.map { i in
            ["\(labelsPerClass[i])"] + TransferMode.allCases.map { String(format: "%.1f%% ± %.1f", accuracy[$0]![i].mean, accuracy[$0]![i].std) }
        })
        figure.logX = true
        figure.xRange = 0.8...(Double(labelsPerClass.max()!) * 1.3)
        figure.yRange = 0...100
        figure.legend = .bottomRight
        try nb.figure(figure, zh: "只凭少量标签学习 Fashion-MNIST 的 5–9 类（\(seeds) 个种子的平均值 ± 标准差）")
        let widest = TransferMode.allCases.flatMap { accuracy[$0]!.map(\.std) }.max()!
        nb.text(Text(en: """
            The numbers after ± are the standard deviations over the seeds, and they reach \
            \(String(format: "%.1f", widest)) points: which few images are drawn matters a lot. So compare two \
            approaches seed by seed, on the same examples: \
            subtract the accuracy from scratch from that of the frozen features for every seed, then \
            average. What the draw does to both approaches alike cancels in the difference.
            """, zh: """
            ± 后面是各个种子之间的标准差，最大有 \(String(format: "%.1f", widest)) 个百分点：抽到哪几张\
            图像，影响很大。所以比较两种办法时要逐个种子比，在同一批样本上比：每个种子\
            都用冻结特征的准确率减去从头训练的准确率，再取平均。抽样的运气里对两种办法影响相同的那部分，\
            相减之后就抵消了。
            """))
        var overScratch: [Spread] = [], overRandom: [Spread] = [], ahead: [Int] = []
        for k in labelsPerClass {
            let frozen = accuracies(.frozen, k), scratch = accuracies(.scratch, k), random = accuracies(.randomFrozen, k)
            overScratch.append(Spread(zip(frozen, scratch).map { $0 - $1 }))
            overRandom.append(Spread(zip(frozen, random).map { $0 - $1 }))
            ahead.append(zip(frozen, scratch).filter { $0 > $1 }.count)
        }
        nb.table([Text(en: "labels per class", zh: "每类标签数"),
                  Text(en: "frozen minus scratch (points)", zh: "冻结特征减从头训练（百分点）"),
                  Text(en: "seeds where frozen is ahead", zh: "冻结特征领先的种子数"),
                  Text(en: "frozen minus frozen random (points)", zh: "冻结特征减冻结随机特征（百分点）")],
                 labelsPerClass.indices.map { i in
            ["\(labelsPerClass[i])", overScratch[i].signed, "\(ahead[i]) / \(seeds)", overRandom[i].signed]
        })
        for (i, k) in labelsPerClass.enumerated() {
            nb.result(Text(en: "frozen pretrained minus scratch, \(k) per class", zh: "冻结预训练特征减从头训练，每类 \(k) 个"),
                      overScratch[i].signed)
            nb.result(Text(en: "seeds where frozen pretrained beats scratch, \(k) per class", zh: "冻结预训练特征胜过从头训练的种子数，每类 \(k) 个"),
                      "\(ahead[i]) / \(seeds)")
            nb.result(Text(en: "frozen pretrained minus frozen random, \(k) per class", zh: "冻结预训练特征减冻结随机特征，每类 \(k) 个"),
                      overRandom[i].signed)
        }
        conclusions(nb, pretrainCount: pretrain.count, overScratch: overScratch, overRandom: overRandom, ahead: ahead)
    }

    /// The closing paragraphs, every claim decided by the paired differences just printed.
    private func conclusions(_ nb: Notebook, pretrainCount: Int, overScratch: [Spread], overRandom: [Spread], ahead: [Int]) {
        let ks = labelsPerClass
        func list(_ indices: [Int], _ separator: String) -> String { indices.map { "\(ks[$0])" }.joined(separator: separator) }
        // A gain is clear when frozen features are ahead on every seed, noise when it is no larger than its spread.
        let clear = ks.indices.filter { ahead[$0] == seeds && overScratch[$0].mean > 0 }
        let mostly = ks.indices.filter { !clear.contains($0) && overScratch[$0].mean > overScratch[$0].std }
        let noise = ks.indices.filter { !clear.contains($0) && abs(overScratch[$0].mean) <= overScratch[$0].std }
        let behind = ks.indices.filter { overScratch[$0].mean < -overScratch[$0].std }
        let randomAsGood = ks.indices.filter { abs(overRandom[$0].mean) <= overRandom[$0].std }
        let randomWorse = ks.indices.filter { overRandom[$0].mean > overRandom[$0].std }
        let gains = overScratch.map(\.signed)
        var en = """
            Frozen pretrained convolutions minus training from scratch, on the same examples: \
            \(gains.joined(separator: ", ")) points at \(list(Array(ks.indices), ", ")) labels per class (mean ± \
            standard deviation over the \(seeds) seeds).
            """
        var zh = """
            在同一批样本上，用冻结的预训练卷积层减去从头训练：每类 \(list(Array(ks.indices), "、")) 个标签时，\
            差值分别是 \(gains.joined(separator: "、")) 个百分点（\(seeds) 个种子的平均值 ± 标准差）。
            """
        if !clear.isEmpty {
            en += " With \(list(clear, ", ")) per class they are ahead on every seed: that gain is real."
            zh += "每类 \(list(clear, "、")) 个时，每个种子都是冻结特征领先：这份提升是实实在在的。"
        }
        if !mostly.isEmpty {
            en += " With \(list(mostly, ", ")) per class they are ahead on most seeds, by more than the spread."
            zh += "每类 \(list(mostly, "、")) 个时，多数种子上是冻结特征领先，差值也超过了标准差。"
        }
        if !noise.isEmpty {
            en += """
                 With \(list(noise, ", ")) per class the difference is no larger than its spread: training from \
                scratch does as well on some draws, and this experiment cannot tell the two apart.
                """
            zh += """
                每类 \(list(noise, "、")) 个时，差值还没有它的标准差大：换一批样本，从头训练就可能一样好甚至更好，\
                这个实验分不出两者的高下。
                """
        }
        if !behind.isEmpty {
            en += " With \(list(behind, ", ")) per class training from scratch does better, by more than the spread."
            zh += "每类 \(list(behind, "、")) 个时，反倒是从头训练更好，差值超过了标准差。"
        }
        if !randomWorse.isEmpty {
            en += """
                 The control settles what the pretraining itself is worth: with \(list(randomWorse, ", ")) per class \
                frozen pretrained convolutions beat frozen random ones by more than the spread, so the base did \
                learn filters that the new classes can use.
                """
            zh += """
                对照组说明了预训练本身值多少：每类 \(list(randomWorse, "、")) 个时，冻结的预训练卷积层胜过冻结\
                的随机卷积层，差距超过标准差，可见基础网络确实学到了对新类别有用的卷积核。
                """
        }
        if !randomAsGood.isEmpty {
            en += """
                 With \(list(randomAsGood, ", ")) per class random filters that were never trained do as well: \
                there, what the base learned adds nothing that random filters under the same pooling do not \
                already give.
                """
            zh += """
                每类 \(list(randomAsGood, "、")) 个时，从没训练过的随机卷积核也一样好：这时基础网络学到的东西，\
                并没有比同样结构下的随机卷积核多给什么。
                """
        }
        nb.text(Text(en: en, zh: zh))
        let best = overScratch.indices.max { overScratch[$0].mean < overScratch[$1].mean }!
        let mostHelpWithFewest = ks[best] <= 2
        let fadesAtMost = noise.contains(ks.indices.max { ks[$0] < ks[$1] }!)
        let largest = overScratch[best].mean
        var teach = "What Chapters 7 and 8 teach together. "
        var teachZh = "第 7 章和第 8 章合起来说明了什么。"
        if mostHelpWithFewest && fadesAtMost {
            teach += """
                In both, pretrained features help most when the new task has one or two labelled examples per \
                class, and training from scratch catches up as the labels grow.
                """
            teachZh += """
                两章的结果都是：新任务每类只有一两个带标签的样本时，预训练的特征帮助最大；标签一多，\
                从头训练就追上来了。
                """
        } else {
            teach += """
                Here the gain is largest at \(ks[best]) labels per class\(fadesAtMost ? "" : ", and it has not faded at \(ks.max()!)").
                """
            teachZh += """
                这里的提升在每类 \(ks[best]) 个标签时最大\(fadesAtMost ? "" : "，到每类 \(ks.max()!) 个时也还没有消失")。
                """
        }
        teach += """
             How much pretraining helps depends on how much the base has seen and how general its features \
            are. Chapter 7's dense hidden units are templates of the whole image, each tied to where the \
            strokes of the digits 0–4 lie; the filters here are small, local and used at every position, and \
            the base saw \(pretrainCount) images. \(largest < 10 ? "Yet the gain is a few points, not tens" : "The gain reaches \(String(format: "%.1f", largest)) points"): \
            the base is small (6 and 16 filters), was trained briefly on five kinds of clothing, and four of \
            the five new classes are shoes and bags, unlike anything it saw. The networks that transfer best \
            (those pretrained on ImageNet) are deep, convolutional, and have seen a million images of a \
            thousand classes.
            """
        teachZh += """
            预训练能帮多少，取决于基础网络见过多少数据、它的特征有多通用。第 7 章全连接隐藏层里的每个单元\
            都是整幅图像的模板，和数字 0–4 的笔画落在哪里绑在一起；这里的卷积核又小又局部，在每个位置上\
            共用，基础网络也见过 \(pretrainCount) 张图像。\(largest < 10 ? "但提升仍然只有几个百分点，而不是几十个" : "提升最多达到 \(String(format: "%.1f", largest)) 个百分点")：\
            基础网络很小（只有 6 个和 16 个卷积核），只在五类衣物上短短训练过，而新的五类里有四类是鞋和包，\
            和它见过的东西都不像。迁移效果最好的网络（在 ImageNet 上预训练的那些）又深、又是卷积网络，\
            见过一千个类别的上百万张图像。
            """
        nb.text(Text(en: teach, zh: teachZh))
    }
}

/// The mean and the standard deviation (over the seeds) of some accuracies or differences, in points.
struct Spread {
    let mean: Double
    let std: Double

    init(_ values: [Double]) {
        let mean = values.reduce(0, +) / Double(values.count)
        self.mean = mean
        std = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
    }

    /// "+7.4 ± 4.4".
    var signed: String { String(format: "%+.1f ± %.1f", mean, std) }
}
