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
        let args = ["--plots-dir", dir, "--epochs", "3", "--skip-overfitting", "--skip-climb", "--model", model]
        let run = try ChapterRunner.run("Chapter06", args)
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.result("training images") == "3000")
        #expect(run.result("validation images") == "1000")
        #expect(run.result("test images") == "1000")
        let oneHotLine = try #require(run.output.split(separator: "\n").first { $0.contains("as one-hot = ") })
        #expect(oneHotLine.split(separator: "=")[1].filter { $0 == "1" }.count == 1)
        #expect(run.result("mean after standardising (train)") == "0.0000")
        #expect(run.result("std after standardising (train, all pixels together)") == "1.0000")
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

    /// The numbers of the climb and of the chapter's model as the page prints them, from the chapter's
    /// one run with the default flags in this process (SharedRun), which also writes the pages that
    /// ChinesePagesTests compares with the committed ones.
    ///
    /// The same on every machine, to the printed digit: the engine computes the same bits everywhere.
    @Test(.enabled(if: embeddedPresent)) func climbAndModelAsPrintedOnThePage() throws {
        let run = try SharedRun.of("Chapter06").run
        #expect(run.status == 0, "\(run.errors)")
        let lines = run.output.split(separator: "\n").map(String.init)
        let prose = run.output.replacingOccurrences(of: "\n", with: " ")

        // 3Blue1Brown's network and the chapter's model: parameters by the arithmetic.
        #expect(run.output.contains("  parameters = 784·16 + 16·16 + 16·10 weights + 16 + 16 + 10 biases = 13002"))
        let weights: Int = 784 * 16 + 16 * 16 + 16 * 10, biases: Int = 16 + 16 + 10
        #expect(weights + biases == 13002)
        #expect(run.output.contains("  parameters = 784·256 + 256·10 weights + 256 + 10 biases = 203530"))
        let wideWeights: Int = 784 * 256 + 256 * 10, wideBiases: Int = 256 + 10
        #expect(wideWeights + wideBiases == 203530)

        // The climb's log: each step's η and the validation accuracy of each seed; the η searched.
        let log: [(step: String, rate: String, seeds: [Double])] = [
            ("3Blue1Brown's network", "0.1", [89.3, 89.2, 89.4]),
            ("mini-batches of 64", "3", [87.4, 88.5, 87.8]),
            ("softmax with cross-entropy", "3", [88.1, 88.8, 88.1]),
            ("ReLU with He initialisation", "0.3", [88.6, 89.3, 90.3]),
            ("standardised inputs", "0.3", [89.8, 88.1, 90.4]),
            ("Adam instead of SGD", "0.001", [88.0, 87.3, 88.6]),
            ("one hidden layer of 256", "0.001", [91.7, 91.9, 92.3]),
            ("random shifts of up to 2 pixels", "0.001", [92.6, 92.5, 93.3]),
            ("cosine schedule from η = 0.003", "0.003", [94.2, 93.3, 94.2]),
        ]
        var secondsPerRun: [Double] = []
        for (k, expected) in log.enumerated() {
            let line = try #require(lines.first { $0.hasPrefix(String(format: "  %4d  ", k) + expected.step) }, "step \(k)")
            let words = line.split(separator: " ").suffix(5)      // η, three seeds, seconds
            #expect(String(words.first!) == expected.rate, "\(line)")
            let seeds = words.dropFirst().prefix(3).compactMap { Double($0.dropLast()) }
            #expect(seeds.count == 3, "\(line)")
            for (got, want) in zip(seeds, expected.seeds) { #expect(got == want, "\(line)") }
            secondsPerRun.append(Double(words.last!) ?? .nan)
        }
        // One image per step against 64: the batched epochs take much less time (any machine, any
        // load). A release build on a quiet machine shows about 5×; this debug build, with the other
        // tests running beside it, about 2× to 3×, since plain SGD takes the weights' step inside the
        // product (one image per step used to pay a separate pass over every weight 30,000 times).
        #expect(secondsPerRun[1] < secondsPerRun[0] / 1.5, "\(secondsPerRun)")
        let searches = lines.filter { $0.hasPrefix("        η tried on seed 1: ") }
        #expect(searches.count == 5)
        #expect(searches == [
            "        η tried on seed 1: 0.03→86.8%, 0.1→89.3%, 0.3→87.4%, 1→79.0%, 3→35.1%",
            "        η tried on seed 1: 0.03→19.8%, 0.1→22.3%, 0.3→24.3%, 1→74.0%, 3→87.4%",
            "        η tried on seed 1: 0.03→47.5%, 0.1→55.3%, 0.3→77.0%, 1→87.7%, 3→88.1%",
            "        η tried on seed 1: 0.03→84.3%, 0.1→87.8%, 0.3→88.6%, 1→10.0%, 3→10.0%",
            "        η tried on seed 1: 0.03→87.9%, 0.1→87.3%, 0.3→89.8%, 1→10.0%, 3→10.0%",
        ])

        // The table: optimiser steps, multiply-adds, means and differences, and the chapter's model on top.
        let table: [[String]] = [
            ["0", "3Blue1Brown's network (784-16-16-10)", "0.1", "30000", "0.8", "89.3%, 89.2%, 89.4%", "89.3%"],
            ["1", "mini-batches of 64", "3", "470", "0.8", "87.4%, 88.5%, 87.8%", "87.9%", "-1.4"],
            ["2", "softmax with cross-entropy", "3", "470", "0.8", "88.1%, 88.8%, 88.1%", "88.3%", "+0.4"],
            ["3", "ReLU with He initialisation", "0.3", "470", "0.8", "88.6%, 89.3%, 90.3%", "89.4%", "+1.1"],
            ["4", "standardised inputs", "0.3", "470", "0.8", "89.8%, 88.1%, 90.4%", "89.4%", "+0.0"],
            ["5", "Adam instead of SGD", "0.001", "470", "0.8", "88.0%, 87.3%, 88.6%", "88.0%", "-1.5"],
            ["6", "one hidden layer of 256", "0.001", "470", "12.3", "91.7%, 91.9%, 92.3%", "92.0%", "+4.0"],
            ["7", "random shifts of up to 2 pixels", "0.001", "470", "12.3", "92.6%, 92.5%, 93.3%", "92.8%", "+0.8"],
            ["8", "cosine schedule from η = 0.003", "0.003", "470", "12.3", "94.2%, 93.3%, 94.2%", "93.9%", "+1.1"],
            ["9", "30 epochs instead of 10: the chapter's model", "0.003", "1410", "36.8", "94.9% (seed 1 only)", "94.9%", "+1.0"],
        ]
        // The work column, recomputed: per image, forward and weight gradients (2 × Σ inputs·outputs),
        // plus the gradients handed down (every layer but the first).
        func work(_ sizes: [Int], epochs: Int) -> String {
            let products: [Double] = zip(sizes, sizes.dropFirst()).map { Double($0 * $1) }
            let all: Double = products.reduce(0, +), handedDown: Double = products.dropFirst().reduce(0, +)
            let images = Double(epochs * 3000)
            return String(format: "%.1f", images * (2 * all + handedDown) / 1e9)
        }
        #expect(work([784, 16, 16, 10], epochs: 10) == "0.8")
        #expect(work([784, 256, 10], epochs: 10) == "12.3")
        #expect(work([784, 256, 10], epochs: 30) == "36.8")
        let batches = (3000 + 63) / 64
        #expect(batches * 10 == 470 && batches * 30 == 1410)
        for row in table {
            let line = try #require(lines.first { $0.hasPrefix("  " + row[0].padding(toLength: 6, withPad: " ", startingAt: 0) + row[1]) },
                                    "table row \(row[0])")
            let cells = line.trimmingCharacters(in: .whitespaces).components(separatedBy: "  ")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            #expect(cells == row, "\(line)")
        }

        // What the page concludes from the table.
        #expect(prose.contains("every recipe scored between 87.9% and 89.4%"))
        // Two steps tie for the second-largest gain at the printed precision: the page names both.
        #expect(prose.contains("The largest gains came from “one hidden layer of 256” (+4.0 points) and “cosine schedule from η = 0.003” and “ReLU with He initialisation” (+1.1 points each)"))
        #expect(prose.contains("The seeds of one step differ by up to 2.3 points"))

        // The chapter's model on the test set.
        #expect(run.result("test accuracy") == "97.10%")
        #expect(run.result("best validation accuracy") == "95.40% (epoch 24)")
        #expect(prose.contains("The final network scores 2.20 points higher on the test images than on the validation images"))
        let accuracy = try #require(Double(run.result("test accuracy")?.dropLast() ?? ""))
        #expect(accuracy >= 96)
        // The standard error printed beside it, recomputed: √(p(1 − p)/n) on 1,000 images, and √2 times it.
        let p = accuracy / 100
        #expect(run.result("spread of an accuracy of \(String(format: "%.2f%%", accuracy)) on 1000 images, √(p(1 − p)/n)")
                == String(format: "%.2f points", 100 * (p * (1 - p) / 1000).squareRoot()))
        #expect(prose.contains("about √2 times that, \(String(format: "%.2f", 100 * (2 * p * (1 - p) / 1000).squareRoot())) points"))
    }

    /// The standardisation numbers of the page, recomputed from the digits by hand.
    @Test(.enabled(if: embeddedPresent)) func standardisationAsThePageSaysIt() throws {
        let run = try ChapterRunner.run("Chapter06", ["--no-plots", "--epochs", "1", "--skip-overfitting", "--skip-climb",
                                                      "--model", TemporaryFolder().path + "/model.safetensors"])
        #expect(run.status == 0, "\(run.errors)")
        var rng = SeededRandom(seed: 1)
        let train = try DataSet.embedded.load(rng: &rng).train
        let n = train.featureCount, count = train.count
        var means = [Double](repeating: 0, count: n)
        for i in 0..<count { for j in 0..<n { means[j] += Double(train.pixels[i * n + j]) / 255 / Double(count) } }
        var squares = [Double](repeating: 0, count: n)
        for i in 0..<count {
            for j in 0..<n { squares[j] += pow(Double(train.pixels[i * n + j]) / 255 - means[j], 2) }
        }
        let blank = (0..<n).filter { j in (0..<count).allSatisfy { train.pixels[$0 * n + j] == 0 } }.count
        #expect(run.result("pixels blank in every training image") == "\(blank) of 784")
        #expect(blank == 129)
        // One spread for all pixels; each pixel's own spread, divided by it.
        let shared = (squares.reduce(0, +) / Double(count * n)).squareRoot()
        let single = squares.map { ($0 / Double(count)).squareRoot() / shared }
        #expect(run.result("std of single pixels after standardising (train)")
                == "\(fixed(single.min()!, 4)) to \(fixed(single.max()!, 4))")
        #expect(run.result("std of single pixels after standardising (train)") == "0.0000 to 1.7110")
        // The ends of the standardised pixels, which the note on the beginner's overview quotes.
        var lowest = Double.infinity, highest = -Double.infinity
        for i in 0..<count {
            for j in 0..<n {
                let value = (Double(train.pixels[i * n + j]) / 255 - means[j]) / shared
                lowest = min(lowest, value)
                highest = max(highest, value)
            }
        }
        let printedLowest = try #require(Double(run.result("smallest pixel after standardising (train)") ?? ""))
        let printedHighest = try #require(Double(run.result("largest pixel after standardising (train)") ?? ""))
        #expect(abs(printedLowest - lowest) < 2e-4 && abs(printedHighest - highest) < 2e-4, "\(lowest) \(highest)")
        #expect(run.result("smallest pixel after standardising (train)") == "-2.1213")
        #expect(run.result("largest pixel after standardising (train)") == "3.8383")
        // The overview's one-hot example done right: seven days, seven entries.
        #expect(run.result("day 3 of 7 as one-hot") == "(0, 0, 1, 0, 0, 0, 0)")
    }

    /// --data with a folder of gzipped IDX files (here cut from the embedded digits): the path a
    /// reader with the full MNIST takes.
    @Test(.enabled(if: embeddedPresent)) func dataFolderOfIDXFilesTrains() throws {
        let dataFolder = TemporaryFolder()
        let folder = dataFolder.path
        try DigitFolder.write(into: folder)
        let run = try ChapterRunner.run("Chapter06", ["--no-plots", "--data", folder, "--epochs", "4", "--skip-overfitting", "--skip-climb",
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
                                (["--weight-decay=-1"], "--weight-decay"),
                                (["--climb-seeds", "0"], "--climb-seeds"), (["--climb-seeds", "6"], "--climb-seeds")] {
            let run = try ChapterRunner.run("Chapter06", ["--no-plots"] + args)
            #expect(run.status != 0)
            #expect(run.errors.contains(message), "\(args): \(run.errors)")
        }
        // A reader who asked for Chinese gets the refusal and the parser's frame around it in Chinese.
        let chinese = try ChapterRunner.run("Chapter06", ["--no-plots", "--lang", "zh", "--learning-rate", "1000"])
        #expect(chinese.status != 0)
        #expect(chinese.errors.hasPrefix("错误：--learning-rate"), "\(chinese.errors)")
        #expect(chinese.errors.contains("用法：") && !chinese.errors.contains("Usage:"), "\(chinese.errors)")
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: DataSet.fashionFolder)))
    func fashionRunsWithItsClassNames() throws {
        let modelFolder = TemporaryFolder()
        let model = modelFolder.path + "/fashion.safetensors"
        let run = try ChapterRunner.run("Chapter06", ["--no-plots", "--dataset", "fashion", "--epochs", "1", "--hidden", "32",
                                                      "--skip-overfitting", "--skip-climb", "--model", model])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.result("training images") == "55000")
        #expect(run.result("test images") == "10000")
        #expect(run.output.contains("Ankle boot"))
        let accuracy = try #require(Double(run.result("test accuracy")?.dropLast() ?? ""))
        #expect(accuracy >= 75)
    }
}
