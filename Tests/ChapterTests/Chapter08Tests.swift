import Foundation
import Testing
import Engine
import TestSupport
import Workbook

/// Chapter 8 as a program: bad flags, and the numbers its page reports (the convolutional network's
/// accuracy, and frozen convolutional features against training from scratch).
@Suite struct Chapter08Tests {
    static let dataPresent = (try? EmbeddedDigits.locate()) != nil
        && FileManager.default.fileExists(atPath: DataSet.fashionFolder)

    @Test func badFlagsAreRefused() throws {
        for (args, message) in [(["--epochs", "0"], "--epochs"), (["--labels-per-class", "0"], "--labels-per-class"),
                                (["--seeds", "21"], "--seeds"), (["--pretrain-images", "50"], "--pretrain-images"),
                                (["--learning-rate", "2"], "--learning-rate"), (["--steps", "x"], "--steps"),
                                (["--dataset", "cifar"], "cifar"), (["--model", "models/"], "--model")] {
            let run = try ChapterRunner.run("Chapter08", ["--no-plots"] + args)
            #expect(run.status != 0)
            #expect(run.errors.contains(message), "\(args): \(run.errors)")
        }
    }

    static func percent(_ run: ProcessRun, _ label: String) -> Double? { run.result(label).flatMap { Double($0.dropLast()) } }
    static func points(_ run: ProcessRun, _ label: String) -> Double? {
        run.result(label).flatMap { Double($0.split(separator: " ")[0]) }
    }

    /// The digit networks with the chapter's default settings (the page's numbers), from the chapter's
    /// one run with its default settings in this process (SharedRun), which the next tests read too.
    @Test(.enabled(if: dataPresent)) func theConvolutionalNetworkAgainstTheDenseOne() throws {
        let shared = try SharedRun.of("Chapter08")
        let run = shared.run
        #expect(run.status == 0, "\(run.errors)")
        let accuracy = try #require(Self.percent(run, "convolutional network, test accuracy"))
        let dense = try #require(Self.percent(run, "dense network, test accuracy"))
        #expect(accuracy > dense)
        // The page's numbers, to the printed digit, on every machine.
        #expect(accuracy == 97.30)
        #expect(dense == 96.70)
        // Compared image by image (McNemar): 17 images only the CNN gets right, 11 only the dense one;
        // (17 − 11)/1000 = +0.60 points, standard error √28/1000 = 0.53, so not shown to be better.
        #expect(run.result("test images only the convolutional network gets right, only the dense one") == "17, 11")
        #expect(run.result("difference in accuracy, with its standard error √(b + c)/n") == "+0.60 ± 0.53 points")
        #expect(String(format: "%.2f", 100 * Double(28).squareRoot() / 1000) == "0.53")
        #expect(run.output.replacingOccurrences(of: "\n", with: " ").contains("The convolutional network is not shown to be more accurate by this measurement"))
        #expect(run.result("convolutional network, parameters") == "34622")
        #expect(run.result("dense network, parameters") == "203530")
        #expect(Self.percent(run, "test accuracy of the reloaded network") == accuracy)
        #expect(run.result("numbers per map before and after pooling") == "784 → 196")
        #expect(run.result("similarity of the vertical-edge map and that of the image moved 1 pixel right") == "0.50")
        #expect(run.result("the same after pooling") == "0.65")
        #expect(shared.model != nil)
    }

    /// The convolution sections: the output-size rule, the shapes of im2col's product, col2im's
    /// count of windows, the max-pooling example, and the definition and the textbook code against
    /// the fast layers (these do not depend on training: read from the shared run with the defaults).
    @Test(.enabled(if: dataPresent)) func theConvolutionSectionsPrintTheirNumbers() throws {
        let run = try SharedRun.of("Chapter08").run
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.result("feature maps") == "2 × 28×28")
        #expect(run.result("strongest vertical-edge response") == "3.97")
        #expect(run.result("strongest horizontal-edge response") == "3.97")
        #expect(run.result("output side, 28×28 input, 5×5 kernel, padding 2, stride 2") == "14")
        for row in ["(28 + 2 − 3)/1 + 1 = 28  28×28", "(28 + 0 − 5)/1 + 1 = 24  24×24", "(12 + 0 − 5)/1 + 1 = 8   8×8",
                    "(28 + 4 − 5)/2 + 1 = 14  14×14", "(24 + 0 − 2)/2 + 1 = 12  12×12"] {
            #expect(run.output.contains(row), "\(row)")
        }
        #expect(run.result("W (filters × weights per filter)") == "6 × 25")
        #expect(run.result("P (weights per filter × images·positions)") == "25 × 2304 = 25 × 4·24·24")
        #expect(run.result("Z = W·P") == "6 × 2304")
        #expect(run.result("output (images × filters·positions)") == "4 × 3456")
        #expect(run.result("dW") == "6 × 25, the shape of W")
        #expect(run.result("dX") == "4 × 784, the shape of the images")
        #expect(run.result("5×5 windows that see pixel (0, 0), (0, 14), (14, 14)") == "1, 5, 25")
        // The tie in the top-right block: its first 7 gets the gradient.
        #expect(run.result("dL/dx, row by row") == "0 1 2 0 | 0 0 0 0 | 3 0 0 4 | 0 0 0 0")
        // The fast layers give the textbook code's bits, and the definition's loops give them too:
        // the product adds a window's terms in the loops' order, on every processor.
        #expect(run.result("largest difference, textbook and fast code otherwise") == "0.0")
        #expect(run.result("largest difference, definition and Conv2D") == "0.0")
        #expect(run.output.replacingOccurrences(of: "\n", with: " ").contains("The definition's loops give the same bits too"))
    }

    /// A --data folder is checked before anything is loaded or trained: a missing folder, a folder
    /// without the four files, in the reader's language.
    @Test func aBadDataFolderIsRefusedBeforeAnyWork() throws {
        let missing = try ChapterRunner.run("Chapter08", ["--no-plots", "--data", "/nonexistent/mnist"])
        #expect(missing.status != 0)
        #expect(missing.errors.contains("--data /nonexistent/mnist: there is no such folder"), "\(missing.errors)")
        #expect(!missing.output.contains("Chapter 8"), "\(missing.output)")
        let emptyFolder = TemporaryFolder()
        let empty = try ChapterRunner.run("Chapter08", ["--no-plots", "--data", emptyFolder.path])
        #expect(empty.status != 0)
        #expect(empty.errors.contains("has no train-images-idx3-ubyte"), "\(empty.errors)")
        #expect(!empty.output.contains("Chapter 8") && !empty.errors.contains("Fatal error"))
        let chinese = try ChapterRunner.run("Chapter08", ["--no-plots", "--lang", "zh", "--data", emptyFolder.path])
        #expect(chinese.status != 0)
        #expect(chinese.errors.hasPrefix("错误：--data"), "\(chinese.errors)")
        #expect(chinese.errors.contains("里没有 train-images-idx3-ubyte"), "\(chinese.errors)")
    }

    /// --data with a folder of MNIST-format files (here cut from the embedded digits, some gzipped):
    /// the path a reader with the full MNIST takes, with the convolutional network trained on it.
    @Test(.enabled(if: dataPresent)) func aDataFolderTrainsTheConvolutionalNetwork() throws {
        let dataFolder = TemporaryFolder()
        let folder = dataFolder.path
        try DigitFolder.write(into: folder)
        let run = try ChapterRunner.run("Chapter08", ["--no-plots", "--data", folder, "--epochs", "3", "--skip-transfer",
                                                      "--model", folder + "/cnn.safetensors"])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("on the same 1100 training images"))
        let accuracy = try #require(Self.percent(run, "convolutional network, test accuracy"))
        #expect(accuracy >= 60)
        #expect(Self.percent(run, "test accuracy of the reloaded network") == accuracy)
        #expect(run.result("saved to") == folder + "/cnn.safetensors")
    }

    /// The transfer experiment with the chapter's default settings (the page's numbers), at 1 and 10
    /// labels per class, from the shared run with the defaults.
    @Test(.enabled(if: dataPresent)) func frozenConvolutionalFeaturesBeatScratchAtFewLabels() throws {
        let run = try SharedRun.of("Chapter08").run
        #expect(run.status == 0, "\(run.errors)")
        #expect(Self.percent(run, "base accuracy on test classes 0–4") == 89.78)
        // Paired differences, "mean ± std" over the 5 seeds, and on how many seeds frozen features win.
        let atOne = try #require(run.result("frozen pretrained minus scratch, 1 per class"))
        let atTen = try #require(run.result("frozen pretrained minus scratch, 10 per class"))
        let (oneMean, tenMean) = (try #require(Double(atOne.split(separator: " ")[0])), try #require(Double(atTen.split(separator: " ")[0])))
        #expect(oneMean > 0 && tenMean > 0)
        #expect(atOne.contains(" ± ") && atTen.contains(" ± "))
        let winsAtOne = try #require(run.result("seeds where frozen pretrained beats scratch, 1 per class"))
        #expect(winsAtOne.hasSuffix(" / 5"))
        // The page's two tables: four approaches, then the paired differences.
        #expect(run.output.contains("frozen features") && run.output.contains("frozen random features"))
        #expect(run.output.contains("frozen minus scratch (points)"))
        #expect(atOne == "+6.9 ± 4.7" && atTen == "+0.5 ± 1.1")
        #expect(winsAtOne == "4 / 5")
        #expect(run.result("seeds where frozen pretrained beats scratch, 10 per class") == "3 / 5")
        #expect(run.result("frozen pretrained minus frozen random, 1 per class") == "+8.4 ± 4.0")
        #expect(run.result("frozen pretrained minus frozen random, 10 per class") == "+0.1 ± 2.6")
        // The closing paragraph says what the table shows: clear at 1, within the noise at 10 (among
        // the other numbers of labels the defaults try). (The terminal wraps paragraphs, so compare
        // with the line breaks read as spaces.)
        let printed = run.output.replacingOccurrences(of: "\n", with: " ")
        let end = try #require(printed.range(of: " per class the difference is no larger than its spread"))
        let start = try #require(printed[..<end.lowerBound].range(of: " With ", options: .backwards))
        let noise = printed[start.upperBound..<end.lowerBound].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(noise.contains("10") && !noise.contains("1"), "\(noise)")
    }

    /// The Chinese run of the same section: its own title and table headers, the same numbers. The
    /// short Chinese run ChinesePagesTests compares with the English one (its numbers are checked there).
    @Test(.enabled(if: dataPresent)) func theTransferSectionSpeaksChinese() throws {
        let short = try #require(ChinesePagesTests.shortRuns["Chapter08"])
        let run = try SharedRun.of("Chapter08", short + ["--lang", "zh"]).run
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("再看迁移学习"))
        #expect(run.output.contains("冻结特征减从头训练（百分点）"))
        #expect(run.output.contains("冻结预训练特征减从头训练，每类 1 个 = "))
    }
}
