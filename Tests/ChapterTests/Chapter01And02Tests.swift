import Foundation
import Testing
import Engine
import TestSupport
import Workbook

/// The numbers Chapters 1 and 2 print, against the published worked examples.
@Suite struct Chapter01And02Tests {
    @Test func chapter01PrintsVictorZhousNumbers() throws {
        let run = try ChapterRunner.run("Chapter01")
        #expect(run.status == 0)
        #expect(run.result("w·x + b") == "7.0")
        #expect(run.result("σ(7)") == "0.9990889")
        #expect(run.result("h₁") == "0.9526")
        #expect(run.result("h₂") == "0.9526")
        #expect(run.result("o₁") == "0.7216326")
        #expect(run.result("sum of the probabilities") == "1.0000")
        #expect(run.result("naive softmax of (1000, 1001, 1002)") == "NaN, NaN, NaN")
        #expect(run.result("stable softmax of (1000, 1001, 1002)") == "0.0900, 0.2447, 0.6652")
        #expect(run.output.contains("(2, 3)   0.999089"))
        // softmax(2, 1, 0.1) = (0.6590, 0.2424, 0.0986)
        #expect(run.output.contains("0.6590") && run.output.contains("0.2424") && run.output.contains("0.0986"))
    }

    @Test func chapter02PrintsCosts() throws {
        let run = try ChapterRunner.run("Chapter02")
        #expect(run.status == 0)
        #expect(run.result("MSE with every prediction 0") == "0.5")
        #expect(run.result("MSE with predictions (0.9, 0.1, 0.2, 0.8)") == "0.025")
        #expect(run.result("cross-entropy of p = 0.7 and 0.8 for the right classes (mean)")
                == fixed(-(log(0.7) + log(0.8)) / 2, 4))
        let s = 1 / (1 + exp(5.0))
        #expect(run.result("σ(−5)") == fixed(s, 4))
        #expect(run.result("∂(squared error)/∂z at z = −5") == fixed(2 * (s - 1) * s * (1 - s), 4))
        #expect(run.result("∂(cross-entropy)/∂z at z = −5") == fixed(s - 1, 4))
        #expect(run.result("w*") == "0.3671")
        #expect(run.result("L(w*)") == "0.2422")
    }

    @Test func missingGnuplotStillPrintsEverythingAndSaysHowToInstall() throws {
        let dirFolder = TemporaryFolder()
        let dir = dirFolder.path
        let run = try ChapterRunner.run("Chapter01", ["--plots-dir", dir], environment: ["NN_GNUPLOT": "/nonexistent/gnuplot"])
        #expect(run.status == 0)
        #expect(run.result("o₁") == "0.7216326")
        let hints = run.output.components(separatedBy: "apt-get install --no-install-recommends gnuplot-nox").count - 1
        #expect(hints == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
        // Asking for the figures explicitly fails with the same advice.
        let strict = try ChapterRunner.run("Chapter01", ["--plots-dir", dir, "--require-plots"],
                                           environment: ["NN_GNUPLOT": "/nonexistent/gnuplot"])
        #expect(strict.status != 0)
        #expect(strict.errors.contains("gnuplot-nox"))
    }

    @Test(.enabled(if: Gnuplot.executable() != nil)) func figuresAreWrittenAndReproducible() throws {
        let firstFolder = TemporaryFolder(), secondFolder = TemporaryFolder()
        let first = firstFolder.path, second = secondFolder.path
        for dir in [first, second] {
            let run = try ChapterRunner.run("Chapter01", ["--plots-dir", dir, "--require-plots"])
            #expect(run.status == 0)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: first).sorted()
        #expect(names == ["ch01-activations.png", "ch01-softmax.png"])
        for name in names {
            let a = try Data(contentsOf: URL(fileURLWithPath: "\(first)/\(name)"))
            let b = try Data(contentsOf: URL(fileURLWithPath: "\(second)/\(name)"))
            #expect(a == b, "\(name) differs between two runs")
        }
    }

    @Test func unwritablePlotsFolderIsRefused() throws {
        let fileFolder = TemporaryFolder()
        let file = fileFolder.path + "/not-a-folder"
        FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
        let run = try ChapterRunner.run("Chapter02", ["--plots-dir", file + "/plots"])
        #expect(run.status != 0)
        #expect(run.errors.contains("--plots-dir"))
    }
}
