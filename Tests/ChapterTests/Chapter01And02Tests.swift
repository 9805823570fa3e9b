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

    @Test func chapter01SlopesAndTheSigmoidSoftmaxRule() throws {
        let run = try ChapterRunner.run("Chapter01")
        let s = { (z: Double) in 1 / (1 + exp(-z)) }
        #expect(run.result("σ'(0), the largest slope of σ") == "0.2500")
        #expect(run.result("σ'(5)") == fixed(s(5) * (1 - s(5)), 4))
        #expect(run.result("σ'(5)") == "0.0066")
        #expect(run.result("tanh'(0)") == "1.0000")
        // "tanh' … vanishes even faster for large |z| (0.0002 at z = 5)", against σ'(5) = 0.0066.
        let tanh5 = 1 - tanh(5.0) * tanh(5.0)
        #expect(run.output.contains("(\(fixed(tanh5, 4)) at z = 5)") && tanh5 < s(5) * (1 - s(5)))
        #expect(run.result("ReLU'(5)") == "1")
        #expect(run.result("0.25¹⁰, ten σ' factors at their largest") == String(format: "%.2e", pow(0.25, 10)))
        // softmax of (z, 0) is σ(z): e²/(e² + 1).
        let e2: Double = exp(2.0)
        #expect(run.result("softmax(2, 0), first class") == fixed(e2 / (e2 + 1), 4))
        #expect(run.result("σ(2)") == fixed(s(2), 4))
        #expect(run.result("softmax(2, 0), first class") == "0.8808")
    }

    @Test func chapter01CountsParametersAndWorksLeesLayer() throws {
        let run = try ChapterRunner.run("Chapter01")
        let small: Int = (2 * 2 + 2) + (2 * 1 + 1)
        let digits: Int = (784 * 16 + 16) + (16 * 16 + 16) + (16 * 10 + 10)
        #expect(run.result("parameters of the 2-2-1 network") == "\(small)")
        #expect(run.result("parameters of a 784-16-16-10 network") == "\(digits)")
        // Lee: W = [[1, −2], [−1, 1]], x = (1, −1), b = (1, 0): W·x + b = (4, −2), σ → (0.98, 0.12).
        let z1 = 1.0 * 1 + -2 * -1 + 1, z2 = -1.0 * 1 + 1 * -1 + 0
        #expect(run.result("W·x + b") == "(\(fixed(z1, 0)), \(fixed(z2, 0)))")
        #expect(run.result("σ(W·x + b)") == "(\(fixed(1 / (1 + exp(-z1)), 2)), \(fixed(1 / (1 + exp(-z2)), 2)))")
        #expect(run.result("σ(W·x + b)") == "(0.98, 0.12)")
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
        // The three-line derivation says ∂L/∂z = o − y; the numerical slope agrees.
        #expect(run.result("numerical slope of the cross-entropy at z = −5") == fixed(s - 1, 4))
        #expect(run.result("w*") == "0.3671")
        #expect(run.result("L(w*)") == "0.2422")
        // The tangent is flat at the bottom: L'(w*) = (2/n)·Σ(w*·xᵢ − yᵢ)·xᵢ = 0.
        #expect(run.result("slope at w*") == "0.0000")
        let x = RegressionPoints.x, y = RegressionPoints.y
        let slopeAt0 = 2 * zip(x, y).map { -$1 * $0 }.reduce(0, +) / Double(x.count)
        #expect(run.output.contains(fixed(slopeAt0, 4)))
    }

    @Test func chineseRunsKeepTheNumbersAndAddTheNotesOnTheSources() throws {
        let one = try ChapterRunner.run("Chapter01", ["--no-plots", "--lang", "zh"])
        #expect(one.status == 0)
        // Results keep their values under Chinese labels; the English label stays the test's id.
        #expect(one.result("σ(7)") == "0.9990889")
        #expect(one.result("784-16-16-10 网络的参数个数") == "13002")
        #expect(one.output.contains("第 1 章 · 神经元"))
        #expect(one.output.contains("a = σ(Σ W·a + B)"))             // the bias belongs inside σ
        let english = try ChapterRunner.run("Chapter01", ["--no-plots"])
        #expect(!english.output.contains("a = σ(Σ W·a + B)"))        // a note for Chinese readers only
        let pages = TemporaryFolder()
        let two = try ChapterRunner.run("Chapter02", ["--no-plots", "--lang", "zh", "--pages-dir", pages.path])
        #expect(two.status == 0)
        // The note on "the loss ends at 0" quotes the minimum the run printed, which is not 0.
        let minimum = try #require(two.result("L(w*)"))
        let page = try String(contentsOfFile: pages.file("README.zh.md"), encoding: .utf8)
        #expect(page.contains("最低也只能到 L(w\\*) = \(minimum)。") && minimum != "0.0000")   // * escaped on the page
        #expect(two.result("w* 处的斜率") == "0.0000")
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
        #expect(names == ["ch01-activation-slopes.png", "ch01-activations.png", "ch01-network.png", "ch01-softmax.png"])
        for name in names {
            let a = try Data(contentsOf: URL(fileURLWithPath: "\(first)/\(name)"))
            let b = try Data(contentsOf: URL(fileURLWithPath: "\(second)/\(name)"))
            #expect(a == b, "\(name) differs between two runs")
        }
    }

    @Test func unwritablePlotsFolderIsRefused() throws {
        let fileFolder = TemporaryFolder()
        let file = fileFolder.path + "/not-a-folder"
        _ = FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
        let run = try ChapterRunner.run("Chapter02", ["--plots-dir", file + "/plots"])
        #expect(run.status != 0)
        #expect(run.errors.contains("--plots-dir"))
    }

    /// Chapter 02 derives ∂L/∂z = p − t for softmax with cross-entropy and shows it beside the
    /// engine's gradient and a numerical one.
    @Test func chapter02DerivesTheSoftmaxGradient() throws {
        let run = try ChapterRunner.run("Chapter02")
        let z: [Double] = [2, 1, 0.1]
        let e = z.map { exp($0) }, p = e.map { $0 / e.reduce(0, +) }
        let gradient = [p[0], p[1] - 1, p[2]]
        let vector = { (v: [Double]) in "(" + v.map { fixed($0, 4) }.joined(separator: ", ") + ")" }
        #expect(run.result("p = softmax(2, 1, 0.1)") == vector(p))
        #expect(run.result("L = −log p₂") == fixed(-log(p[1]), 4))
        for label in ["p − t", "the engine's ∂L/∂z", "numerical ∂L/∂z"] {
            #expect(run.result(label) == vector(gradient), "\(label)")
        }
        let largest = try #require(Double(run.result("largest |engine − numerical|") ?? ""))
        #expect(largest < 1e-6)
        #expect(run.output.contains("The three agree to the four digits shown."))
        #expect(run.output.replacingOccurrences(of: "\n", with: " ").contains("which took \(fixed(p[0], 4)), is pushed down hardest"))
    }
}
