import Foundation
import Testing
import Engine
import TestSupport
import Workbook

/// Chapter 6 end to end on the embedded digits: a short seeded run, its files, and its errors.
@Suite(.serialized) struct Chapter06Tests {
    static let embeddedPresent = (try? EmbeddedDigits.locate()) != nil

    @Test(.enabled(if: embeddedPresent)) func shortSeededRunLearnsAndSavesAModel() throws {
        let dirFolder = TemporaryFolder()
        let dir = dirFolder.path
        let model = dir + "/model.safetensors"
        let args = ["--plots-dir", dir, "--epochs", "3", "--skip-overfitting", "--model", model]
        let run = try ChapterRunner.run("Chapter06", args)
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.result("training images") == "3000")
        #expect(run.result("validation images") == "1000")
        #expect(run.result("test images") == "1000")
        let oneHotLine = try #require(run.output.split(separator: "\n").first { $0.contains("as one-hot = ") })
        #expect(oneHotLine.split(separator: "=")[1].filter { $0 == "1" }.count == 1)
        #expect(run.result("mean after standardising (train)") == "0.0000")
        #expect(run.result("std after standardising (train)") == "1.0000")
        // Three epochs on 3,000 digits already clear 90% on the 1,000 test digits.
        let accuracy = try #require(Double(run.result("test accuracy")?.dropLast() ?? ""))
        #expect(accuracy >= 90)

        // The saved model reproduces the printed test accuracy.
        let saved = try SavedModel.load(from: model)
        #expect(saved.network.layerSizes == [784, 256, 10])
        #expect(saved.classNames == (0...9).map(String.init))
        var rng = SeededRandom(seed: 1)
        let data = try DataSet.embedded.load(rng: &rng)
        let test = data.test.normalized(saved.normalization)
        let evaluation = saved.network.evaluate(on: test)
        let pixelMean = data.train.pixels.reduce(0.0) { $0 + Double($1) } / Double(data.train.pixels.count) / 255
        #expect(run.result("mean pixel after /255 (train)") == fixed(pixelMean, 4))
        #expect(String(format: "%.2f", 100 * evaluation.accuracy) == String(format: "%.2f", accuracy))

        // The CSV has a header and one row per epoch.
        let csv = try String(contentsOfFile: dir + "/ch06-metrics.csv", encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 4)
        #expect(csv.hasPrefix("epoch,train_loss,train_accuracy,validation_loss,validation_accuracy"))

        // Same seed, same numbers (the timings aside).
        let secondModel = dir + "/model-again.safetensors"
        let again = try ChapterRunner.run("Chapter06", Array(args.dropLast()) + [secondModel])
        #expect(again.result("test accuracy") == run.result("test accuracy"))
        #expect(again.result("test loss") == run.result("test loss"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: model)) == (try Data(contentsOf: URL(fileURLWithPath: secondModel))))
    }

    /// --data with a folder of gzipped IDX files (here cut from the embedded digits): the path a
    /// reader with the full MNIST takes.
    @Test(.enabled(if: embeddedPresent)) func dataFolderOfIDXFilesTrains() throws {
        let digits = try EmbeddedDigits.load()
        let dataFolder = TemporaryFolder()
        let folder = dataFolder.path
        func write(_ name: String, _ indices: [Int]) throws {
            var images = IDXBytes.word(0x803) + IDXBytes.word(UInt32(indices.count)) + IDXBytes.word(28) + IDXBytes.word(28)
            for i in indices { images += digits.image(i) }
            try Gzip.compress(images).write(to: URL(fileURLWithPath: "\(folder)/\(name)-images-idx3-ubyte.gz"))
            let labels = IDXBytes.labels(indices.map { digits.labels[$0] })
            try Data(labels).write(to: URL(fileURLWithPath: "\(folder)/\(name)-labels-idx1-ubyte"))   // not gzipped
        }
        // Rows are sorted by class, 500 each: 120 of every digit to train on, 30 to test.
        try write("train", (0..<10).flatMap { c in (c * 500)..<(c * 500 + 120) })
        try write("t10k", (0..<10).flatMap { c in (c * 500 + 400)..<(c * 500 + 430) })
        let run = try ChapterRunner.run("Chapter06", ["--no-plots", "--data", folder, "--epochs", "4", "--skip-overfitting",
                                                      "--model", folder + "/model.safetensors"])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.result("training images") == "1100")
        #expect(run.result("validation images") == "100")
        #expect(run.result("test images") == "300")
        let accuracy = try #require(Double(run.result("test accuracy")?.dropLast() ?? ""))
        #expect(accuracy >= 75)
    }

    @Test func badDataFolderIsExplained() throws {
        let missing = try ChapterRunner.run("Chapter06", ["--no-plots", "--data", "/nonexistent/mnist"])
        #expect(missing.status != 0)
        #expect(missing.errors.contains("/nonexistent/mnist"))
        let emptyFolder = TemporaryFolder()
        let empty = emptyFolder.path
        let run = try ChapterRunner.run("Chapter06", ["--no-plots", "--data", empty])
        #expect(run.status != 0)
        #expect(run.errors.contains("train-images-idx3-ubyte"))
        #expect(!run.errors.contains("Fatal error"))
    }

    @Test func badFlagsAreRefused() throws {
        for (args, message) in [(["--hidden", "0"], "--hidden"), (["--optimizer", "rmsprop"], "--optimizer"),
                                (["--dataset", "cifar"], "cifar"), (["--learning-rate", "0"], "--learning-rate"),
                                (["--weight-decay=-1"], "--weight-decay")] {
            let run = try ChapterRunner.run("Chapter06", ["--no-plots"] + args)
            #expect(run.status != 0)
            #expect(run.errors.contains(message), "\(args): \(run.errors)")
        }
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: DataSet.fashionFolder)))
    func fashionRunsWithItsClassNames() throws {
        let modelFolder = TemporaryFolder()
        let model = modelFolder.path + "/fashion.safetensors"
        let run = try ChapterRunner.run("Chapter06", ["--no-plots", "--dataset", "fashion", "--epochs", "1", "--hidden", "32",
                                                      "--skip-overfitting", "--model", model])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.result("training images") == "55000")
        #expect(run.result("test images") == "10000")
        #expect(run.output.contains("Ankle boot"))
        let accuracy = try #require(Double(run.result("test accuracy")?.dropLast() ?? ""))
        #expect(accuracy >= 75)
    }
}
