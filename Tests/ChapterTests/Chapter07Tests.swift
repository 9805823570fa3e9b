import Foundation
import Testing
import Engine
import TestSupport
import Workbook

/// Chapter 7 as a program: model files of the wrong shape, bad flags, and the experiment's ordering.
@Suite struct Chapter07Tests {
    static let embeddedPresent = (try? EmbeddedDigits.locate()) != nil

    @Test func modelFilesOfTheWrongShapeAreRefused() throws {
        let dirFolder = TemporaryFolder()
        let dir = dirFolder.path
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
            let message = (error as? WorkbookError)?.message.en ?? ""
            return message.contains(bad) && message.contains("layers.0 is 100×16") && message.contains("Chapter06")
        }
        // A valid model, but of the wrong kind for the fashion task (five classes, not the ten digits).
        let fiveClasses = dir + "/five.safetensors"
        try SavedModel(network: Sequential(mlp: [784, 16, 5], activation: .relu, rng: &rng),
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
        for (args, message) in [(["--task", "cifar"], "--task"), (["--labels-per-class", "1", "x"], "--labels-per-class"),
                                (["--labels-per-class", "0"], "--labels-per-class"), (["--seeds", "0"], "--seeds")] {
            let run = try ChapterRunner.run("Chapter07", ["--no-plots"] + args)
            #expect(run.status != 0)
            #expect(run.errors.contains(message), "\(args): \(run.errors)")
        }
    }

    /// Asking for more labelled digits than the training split holds is refused before any training,
    /// in the language the reader asked for.
    @Test(.enabled(if: embeddedPresent)) func tooManyLabelsAreRefusedInTheReadersLanguage() throws {
        let english = try ChapterRunner.run("Chapter07", ["--no-plots", "--labels-per-class", "400"])
        #expect(english.status != 0)
        #expect(english.errors.contains("class 5 has only 300. Ask for at most 300 per class."), "\(english.errors)")
        let chinese = try ChapterRunner.run("Chapter07", ["--no-plots", "--lang", "zh", "--labels-per-class", "400"])
        #expect(chinese.status != 0)
        #expect(chinese.errors.contains("数字 5–9 的训练图像中，类别 5 只有 300 张。每类最多只能要 300 张。"), "\(chinese.errors)")
    }

    /// The chapter's own experiment at two labels per class: pretrained features beat both a network
    /// trained from scratch and frozen random features (the ordering the chapter reports). Read from
    /// the chapter's one run with its default settings (SharedRun), which tries 2 per class among others.
    @Test(.enabled(if: embeddedPresent)) func transferBeatsScratchAtFewLabels() throws {
        let run = try SharedRun.of("Chapter07").run
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
