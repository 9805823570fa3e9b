import Foundation
import Testing
@testable import Engine

/// Transfer learning: the swap, the freezing, model files of the wrong shape, and the experiment's ordering.
@Suite struct Chapter07Tests {
    static let embeddedPresent = (try? CSVDigits.locate()) != nil

    /// A small trained-looking base: 20 inputs → 8 hidden → 3 classes.
    func smallBase() -> Sequential {
        var rng = SeededRandom(seed: 5)
        return Sequential([Dense(inputs: 20, outputs: 8, initializer: .he, rng: &rng, name: "hidden"), ActivationLayer(.relu),
                           Dense(inputs: 8, outputs: 3, initializer: .xavier, rng: &rng, name: "output")])
    }

    func toyData(classes: Int, count: Int, seed: UInt64) -> MatrixBatchSource {
        var rng = SeededRandom(seed: seed)
        let labels = (0..<count).map { $0 % classes }
        var x = rng.normalMatrix(rows: count, cols: 20, std: 0.3)
        for (i, c) in labels.enumerated() { x[i, c] += 2 }
        return MatrixBatchSource(x: x, labels: labels)
    }

    @Test func frozenHiddenLayerStaysBitForBitAndOnlyTheNewLayerLearns() throws {
        let base = smallBase()
        let pretrained = SavedModel.denseLayers(of: base)[0]
        let (w0, b0) = (pretrained.weights.value, pretrained.bias.value)
        var rng = SeededRandom(seed: 9)
        let swapped = swappingOutputLayer(of: base, classes: 4, freeze: true, rng: &rng)
        let hidden = SavedModel.denseLayers(of: swapped)[0], output = SavedModel.denseLayers(of: swapped)[1]
        #expect(hidden.weights.isFrozen && hidden.bias.isFrozen)
        #expect(!output.weights.isFrozen && !output.bias.isFrozen)
        #expect(output.outputCount == 4 && output.inputCount == 8)
        let trainable: Int = swapped.trainableParameters.map { $0.value.count }.reduce(0, +)
        #expect(trainable == 36)
        let outputBefore = output.weights.value
        try train(swapped, on: toyData(classes: 4, count: 64, seed: 3), optimizer: Adam(learningRate: 0.01),
                  config: TrainingConfig(epochs: 5, batchSize: 16), rng: &rng)
        let weightBits: [UInt32] = hidden.weights.value.data.map { $0.bitPattern }
        let biasBits: [UInt32] = hidden.bias.value.data.map { $0.bitPattern }
        #expect(weightBits == w0.data.map { $0.bitPattern })
        #expect(biasBits == b0.data.map { $0.bitPattern })
        #expect(output.weights.value != outputBefore)
        // The base network itself is untouched, even by fine-tuning a copy.
        let tuned = swappingOutputLayer(of: base, classes: 4, freeze: false, rng: &rng)
        try train(tuned, on: toyData(classes: 4, count: 64, seed: 4), optimizer: Adam(learningRate: 0.01),
                  config: TrainingConfig(epochs: 3, batchSize: 16), rng: &rng)
        #expect(SavedModel.denseLayers(of: tuned)[0].weights.value != w0)
        #expect(pretrained.weights.value == w0)
    }

    @Test func freshCopyHasTheSameShapesAndNewWeights() {
        var rng = SeededRandom(seed: 1)
        let base = smallBase()
        let fresh = freshCopy(of: base, classes: 5, rng: &rng)
        let sizes: [Int] = SavedModel.denseLayers(of: fresh).map { $0.outputCount }
        #expect(sizes == [8, 5])
        #expect(SavedModel.denseLayers(of: fresh)[0].weights.value != SavedModel.denseLayers(of: base)[0].weights.value)
    }

    @Test func modelFilesOfTheWrongShapeAreRefused() throws {
        let dir = ChapterRunner.temporaryFolder()
        // Tensors that contradict the recorded layer sizes.
        let bad = dir + "/bad-shape.safetensors"
        var rng = SeededRandom(seed: 2)
        try saveSafeTensors([("layers.0.weight", rng.normalMatrix(rows: 100, cols: 16)), ("layers.0.bias", Matrix(rows: 1, cols: 16)),
                             ("layers.1.weight", rng.normalMatrix(rows: 16, cols: 10)), ("layers.1.bias", Matrix(rows: 1, cols: 10))],
                            metadata: ["format": "nn-from-scratch mlp v1", "layer_sizes": "784,16,10", "hidden_activation": "relu",
                                       "class_names": (0...9).map(String.init).joined(separator: "|"), "normalization": "scale"],
                            to: bad)
        #expect {
            try SavedModel.load(from: bad)
        } throws: { error in
            let message = (error as? WorkbookError)?.message ?? ""
            return message.contains(bad) && message.contains("layers.0 is 100×16") && message.contains("Chapter06")
        }
        // A valid model, but of the wrong kind for the fashion task (five classes, not the ten digits).
        let fiveClasses = dir + "/five.safetensors"
        try SavedModel(layerSizes: [784, 16, 5], hiddenActivation: .relu,
                       network: Sequential([Dense(inputs: 784, outputs: 16, rng: &rng), ActivationLayer(.relu),
                                            Dense(inputs: 16, outputs: 5, rng: &rng)]),
                       normalization: .scale, classNames: ["a", "b", "c", "d", "e"]).save(to: fiveClasses)
        let run = try ChapterRunner.run("Chapter07", ["--no-plots", "--task", "fashion", "--model", fiveClasses,
                                                      "--labels-per-class", "1", "--seeds", "1", "--steps", "1"])
        #expect(run.status != 0)
        #expect(run.errors.contains("784-16-5"))
        #expect(run.errors.contains("Run Chapter06 again"))
        // Not a safetensors file at all.
        let junk = dir + "/junk.safetensors"
        try Data("not a model".utf8).write(to: URL(fileURLWithPath: junk))
        let junkRun = try ChapterRunner.run("Chapter07", ["--no-plots", "--task", "fashion", "--model", junk])
        #expect(junkRun.status != 0)
        #expect(junkRun.errors.contains(junk))
    }

    @Test func badFlagsAreRefused() throws {
        for (args, message) in [(["--task", "cifar"], "--task"), (["--labels-per-class", "1,x"], "--labels-per-class"),
                                (["--labels-per-class", "0"], "--labels-per-class"), (["--seeds", "0"], "--seeds")] {
            let run = try ChapterRunner.run("Chapter07", ["--no-plots"] + args)
            #expect(run.status != 0)
            #expect(run.errors.contains(message), "\(args): \(run.errors)")
        }
    }

    /// The chapter's own experiment at two labels per class: pretrained features beat both a network
    /// trained from scratch and frozen random features (the ordering the chapter reports).
    @Test(.enabled(if: embeddedPresent)) func transferBeatsScratchAtFewLabels() throws {
        let run = try ChapterRunner.run("Chapter07", ["--no-plots", "--labels-per-class", "2"])
        #expect(run.status == 0, "\(run.errors)")
        func points(_ label: String) -> Double? {
            let text: String = run.result(label) ?? ""
            return Double(text.replacingOccurrences(of: " points", with: ""))
        }
        let overScratch = try #require(points("frozen pretrained minus scratch, 2 per class"))
        let overRandom = try #require(points("frozen pretrained minus frozen random, 2 per class"))
        #expect(overScratch > 0)
        #expect(overRandom > 0)
        let baseText: String = run.result("base accuracy on test digits 0–4") ?? ""
        let base = try #require(Double(baseText.dropLast()))
        #expect(base > 95)
        #expect(run.result("trainable parameters") == "1285 of 202245")
    }
}
