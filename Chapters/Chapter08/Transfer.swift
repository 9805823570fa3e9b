// Chapter 8 · Transfer revisited: Chapter 7's experiment with a convolutional base pretrained on
// Fashion-MNIST classes 0–4, learning classes 5–9 from a few labels.

import Engine
import Workbook
import Foundation

extension Chapter08 {
    func transfer(_ nb: Notebook) throws {
        nb.section("Transfer revisited: features that do transfer")
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
        nb.text("""
            Chapter 7 found that a dense hidden layer pretrained on the digits 0–4 helps little to learn \
            5–9 from a few labels. Here is the same experiment with a convolutional base. The old task is \
            Fashion-MNIST's first five classes (\(old.map { fashion.train.classNames[$0] }.joined(separator: ", "))), \
            \(pretrain.count) training images; the new task is the other five \
            (\(new.map { fashion.train.classNames[$0] }.joined(separator: ", "))), learned from a few labels \
            and tested on \(newTest.count) test images (200 per class).
            """)
        var init_ = SeededRandom(seed: options.seed &+ 7)
        nb.code("pretrain", file: "Chapters/Chapter08/Transfer.swift")
        // #region pretrain
        let base = Self.lenet(classes: 5, rng: &init_)                   // 5 outputs: the old classes
        try base.train(on: pretrain, optimizer: Adam(learningRate: 0.001),
                       config: TrainingConfig(epochs: pretrainEpochs, batchSize: 64), rng: &init_)
        // #endregion
        nb.result("base accuracy on test classes 0–4", String(format: "%.2f%%", 100 * base.evaluate(on: pretrainTest).accuracy))
        let seedList = (0..<UInt64(seeds)).map { options.seed &+ $0 }
        nb.text("""
            The base is this chapter's network with 5 outputs, trained for \(pretrainEpochs) epochs. Its \
            feature extractor is everything up to Flatten: the two convolutions with their pooling, 256 \
            numbers per image. The new task gets a new head on top of it: the two dense layers (256 → 120 \
            → 5), freshly initialised. The four ways to learn the new classes are Chapter 7's, with the \
            same examples and the same budget (\(steps) Adam steps on mini-batches of up to 32, learning \
            rate \(transferRate) for all four): (a) the new head on the frozen pretrained convolutions, \
            (b) fine-tuning everything from the pretrained convolutions, (c) the whole network from a \
            random start, and the control (d), the new head on frozen random convolutions that were never \
            trained. Each k is repeated with \(seeds) seeds (different examples, different starts).
            """)
        let trials = try transferExperiment(base: base, newTrain: newTrain, newTest: newTest,
                                            labelsPerClass: labelsPerClass, seeds: seedList, steps: steps,
                                            keepingLayers: 7,   // the convolutional base, up to Flatten
                                            learningRate: { _ in Float(transferRate) })
        var figure = Figure(name: "ch08-few-labels",
                            title: "Learning Fashion-MNIST 5–9 from few labels (mean ± std over \(seeds) seeds)",
                            xLabel: "labelled examples per class", yLabel: "test accuracy (%)")
        var means: [TransferMode: [Double]] = [:], spreads: [TransferMode: [Double]] = [:]
        for mode in TransferMode.allCases {
            for k in labelsPerClass {
                let accs = trials.filter { $0.mode == mode && $0.labelsPerClass == k }.map { 100 * Double($0.testAccuracy) }
                let mean = accs.reduce(0, +) / Double(accs.count)
                means[mode, default: []].append(mean)
                spreads[mode, default: []].append((accs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(accs.count)).squareRoot())
            }
            figure.series.append(Series(mode.rawValue, x: labelsPerClass.map(Double.init), y: means[mode]!,
                                        style: .linesPoints, yError: spreads[mode]!))
        }
        nb.table(["labels per class"] + TransferMode.allCases.map(\.rawValue), labelsPerClass.indices.map { i in
            ["\(labelsPerClass[i])"] + TransferMode.allCases.map { String(format: "%.1f%% ± %.1f", means[$0]![i], spreads[$0]![i]) }
        })
        var overScratch: [String] = [], overRandom: [String] = []
        for (i, k) in labelsPerClass.enumerated() {
            let scratch = means[.frozen]![i] - means[.scratch]![i], random = means[.frozen]![i] - means[.randomFrozen]![i]
            nb.result("frozen pretrained minus scratch, \(k) per class", String(format: "%+.1f points", scratch))
            nb.result("frozen pretrained minus frozen random, \(k) per class", String(format: "%+.1f points", random))
            overScratch.append(String(format: "%+.1f", scratch))
            overRandom.append(String(format: "%+.1f", random))
        }
        figure.logX = true
        figure.xRange = 0.8...(Double(labelsPerClass.max()!) * 1.3)
        figure.yRange = 0...100
        figure.legend = .bottomRight
        try nb.figure(figure)
        let fewest = labelsPerClass.min()!, most = labelsPerClass.max()!
        let gainAtFewest = means[.frozen]![labelsPerClass.firstIndex(of: fewest)!] - means[.scratch]![labelsPerClass.firstIndex(of: fewest)!]
        let gainAtMost = means[.frozen]![labelsPerClass.firstIndex(of: most)!] - means[.scratch]![labelsPerClass.firstIndex(of: most)!]
        let widest = TransferMode.allCases.flatMap { spreads[$0]! }.max()!
        nb.text("""
            Against training from scratch, frozen pretrained convolutions gain \(overScratch.joined(separator: ", ")) \
            points at \(labelsPerClass.map(String.init).joined(separator: ", ")) examples per class, and against \
            frozen random convolutions \(overRandom.joined(separator: ", ")). \(gainAtFewest > gainAtMost
                ? "The gain is largest where labels are fewest and fades as the new task gets more of its own examples: with \(most) per class the network learns what it needs from them."
                : "Here the gain does not shrink as the new task gets more examples.") \
            The spreads over seeds (after ±) reach \(String(format: "%.1f", widest)) points: which few images \
            are drawn matters a lot, so a difference of a point or so between two approaches is within the noise.
            """)
        nb.text("""
            What Chapters 7 and 8 teach together. In both, pretrained features help most when the new task \
            has one or two labelled examples per class, and training from scratch catches up as the labels \
            grow. How much they help depends on how much the base has seen and how general its features are. \
            Chapter 7's dense hidden units are templates of the whole image, each tied to where the strokes \
            of the digits 0–4 lie. The filters here are small, local and used at every position (edges, \
            corners, textures), the kind of feature a sandal shares with a shirt, and the base saw \
            \(pretrain.count) images. Yet the gains are a few points, not tens: the base is small and was \
            trained briefly on five classes, and the layers near its top are already specific to them. The \
            networks that transfer best (those pretrained on ImageNet) are deep, convolutional, and have \
            seen a million images of a thousand classes.
            """)
    }
}
