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
                                (["--learning-rate", "2"], "--learning-rate"), (["--steps", "x"], "--steps")] {
            let run = try ChapterRunner.run("Chapter08", ["--no-plots"] + args)
            #expect(run.status != 0)
            #expect(run.errors.contains(message), "\(args): \(run.errors)")
        }
    }

    /// The page's numbers were recorded with OpenBLAS's Cooperlake kernel, where they must match to
    /// the printed digit. Another kernel rounds the last bits of some products differently, and over
    /// thousands of steps that moves an accuracy by a few tenths: there only the claims are checked.
    static let exact = BLASSettings.kernel == "Cooperlake"

    static func percent(_ run: ProcessRun, _ label: String) -> Double? { run.result(label).flatMap { Double($0.dropLast()) } }
    static func points(_ run: ProcessRun, _ label: String) -> Double? {
        run.result(label).flatMap { Double($0.split(separator: " ")[0]) }
    }

    /// The digit networks with the chapter's default settings (the page's numbers); about a minute in
    /// a debug build. The transfer experiment is checked by the next test, in parallel.
    @Test(.enabled(if: dataPresent)) func theConvolutionalNetworkBeatsTheDenseOne() throws {
        let folder = TemporaryFolder()
        let run = try ChapterRunner.run("Chapter08", ["--no-plots", "--skip-transfer", "--model", folder.path + "/cnn.safetensors"])
        #expect(run.status == 0, "\(run.errors)")
        let accuracy = try #require(Self.percent(run, "convolutional network, test accuracy"))
        #expect(accuracy >= 97.5)
        let dense = try #require(Self.percent(run, "dense network, test accuracy"))
        #expect(accuracy > dense)
        if Self.exact {
            #expect(accuracy == 97.60)
            #expect(dense == 96.70)
        }
        #expect(run.result("convolutional network, parameters") == "34622")
        #expect(run.result("dense network, parameters") == "203530")
        #expect(Self.percent(run, "test accuracy of the reloaded network") == accuracy)
        #expect(run.result("numbers per map before and after pooling") == "784 → 196")
        #expect(run.result("similarity of the vertical-edge map and that of the digit moved 1 pixel right") == "0.50")
        #expect(run.result("the same after pooling") == "0.65")
        #expect(FileManager.default.fileExists(atPath: folder.path + "/cnn.safetensors"))
    }

    /// The transfer experiment with the chapter's default settings at 1 and 10 labels per class only
    /// (each k's trials do not depend on the others, so these are the page's numbers); the digit
    /// networks get one epoch. A few minutes in a debug build.
    @Test(.enabled(if: dataPresent)) func frozenConvolutionalFeaturesBeatScratchAtFewLabels() throws {
        let folder = TemporaryFolder()
        let run = try ChapterRunner.run("Chapter08", ["--no-plots", "--epochs", "1", "--labels-per-class", "1", "10",
                                                      "--model", folder.path + "/cnn.safetensors"])
        #expect(run.status == 0, "\(run.errors)")
        if Self.exact { #expect(Self.percent(run, "base accuracy on test classes 0–4") == 89.90) }
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
        if Self.exact {
            #expect(atOne == "+7.4 ± 4.4" && atTen == "+0.8 ± 1.3")
            #expect(winsAtOne == "4 / 5")
            #expect(run.result("seeds where frozen pretrained beats scratch, 10 per class") == "4 / 5")
            #expect(run.result("frozen pretrained minus frozen random, 1 per class") == "+8.9 ± 3.5")
            #expect(run.result("frozen pretrained minus frozen random, 10 per class") == "+0.4 ± 2.5")
        }
        // The closing paragraph says what the table shows: clear at 1, within the noise at 10.
        // (The terminal wraps paragraphs, so compare with the line breaks read as spaces.)
        let printed = run.output.replacingOccurrences(of: "\n", with: " ")
        #expect(printed.contains("With 10 per class the difference is no larger than its spread"))
    }

    /// The Chinese run of the same section: its own title and table headers, the same numbers.
    @Test(.enabled(if: dataPresent)) func theTransferSectionSpeaksChinese() throws {
        let folder = TemporaryFolder()
        let run = try ChapterRunner.run("Chapter08", ["--no-plots", "--epochs", "1", "--labels-per-class", "1", "--seeds", "1",
                                                      "--lang", "zh", "--model", folder.path + "/cnn.safetensors"])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("再看迁移学习"))
        #expect(run.output.contains("冻结特征减从头训练（百分点）"))
        #expect(run.output.contains("冻结预训练特征减从头训练，每类 1 个 = "))
    }
}
