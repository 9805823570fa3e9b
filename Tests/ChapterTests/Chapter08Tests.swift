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

    /// The chapter with its default settings, the transfer experiment at 1 and 10 labels per class
    /// only (each k's trials do not depend on the others, so these are the page's numbers). About two
    /// minutes in a debug build.
    @Test(.enabled(if: dataPresent)) func theConvolutionalNetworkAndItsFeatures() throws {
        let folder = TemporaryFolder()
        let run = try ChapterRunner.run("Chapter08", ["--no-plots", "--labels-per-class", "1", "10",
                                                      "--model", folder.path + "/cnn.safetensors"])
        #expect(run.status == 0, "\(run.errors)")
        func percent(_ label: String) -> Double? { run.result(label).flatMap { Double($0.dropLast()) } }
        func points(_ label: String) -> Double? { run.result(label).flatMap { Double($0.split(separator: " ")[0]) } }
        let accuracy = try #require(percent("convolutional network, test accuracy"))
        #expect(accuracy >= 97.5)
        #expect(accuracy == 97.90)
        #expect(percent("dense network, test accuracy") == 96.70)
        #expect(run.result("convolutional network, parameters") == "34622")
        #expect(run.result("dense network, parameters") == "203530")
        #expect(percent("test accuracy of the reloaded network") == accuracy)
        #expect(run.result("numbers per map before and after pooling") == "784 → 196")
        let atOne = try #require(points("frozen pretrained minus scratch, 1 per class"))
        let atTen = try #require(points("frozen pretrained minus scratch, 10 per class"))
        #expect(atOne > 0 && atTen > 0)
        #expect(atOne == 5.1 && atTen == 0.6)
        #expect(FileManager.default.fileExists(atPath: folder.path + "/cnn.safetensors"))
    }
}
