import Foundation
import Testing
import Engine
import TestSupport
import Workbook

/// Chapter 3's printed numbers, recomputed here independently.
@Suite struct Chapter03Tests {
    @Test func descentNumbers() throws {
        let run = try ChapterRunner.run("Chapter03")
        #expect(run.status == 0)
        // x ← 0.6·x, ten times from 10.
        #expect(run.result("x after 10 steps") == "0.060466")
        #expect(fixed(10 * pow(0.6, 10), 6) == "0.060466")
        #expect(run.result("x after 10 steps, η = 0.02") == fixed(10 * pow(0.96, 10), 6))
        #expect(run.result("x after 10 steps, η = 1.05") == fixed(10 * pow(-1.1, 10), 6))
        // (x₁, x₂) ← (0.8·x₁, 0.6·x₂), twenty times from (−5, −2).
        #expect(run.result("(x₁, x₂) after 20 steps") == "(-0.057646, -0.000073)")
        #expect(run.result("where the walk from x = -0.5 ends") == "-1.3008")
        #expect(run.result("where the walk from x = 2.0 ends") == "1.1309")
        // f'(2) = 4·8 − 12 + 1 = 21: the first step, 2 − 0.05·21, jumps past the valley's bottom at 1.13.
        #expect(run.result("f'(2.0)") == "21")
        #expect(run.result("first step from x = 2.0 lands at") == fixed(2 - 0.05 * 21, 4))
        #expect(run.result("first step from x = 2.0 lands at") == "0.9500")
    }

    @Test func theValleyIsLongAndCentringMakesItRound() throws {
        let run = try ChapterRunner.run("Chapter03")
        let x = RegressionPoints.x, n = Double(x.count)
        // The Hessian of the loss, [[2·mean x², 2·mean x], [2·mean x, 2]]: its eigenvalues from trace and determinant.
        func eigenvalues(_ x: [Double]) -> (Double, Double) {
            let a = 2 * x.map { $0 * $0 }.reduce(0, +) / n, c = 2 * x.reduce(0, +) / n, d = 2.0
            let trace = a + d, determinant = a * d - c * c
            let root = (trace * trace - 4 * determinant).squareRoot()
            return ((trace + root) / 2, (trace - root) / 2)
        }
        let (across, along) = eigenvalues(x)
        #expect(run.result("curvature across the valley") == fixed(across, 2))
        #expect(run.result("curvature along the valley") == fixed(along, 4))
        #expect(run.result("ratio") == fixed(across / along, 0))
        #expect(run.result("ratio") == "336")
        #expect(run.result("largest η that does not diverge, 2 / \(fixed(across, 2))") == fixed(2 / across, 4))
        #expect(run.result("share of the error along the valley removed per epoch at η = 0.01") == fixed(0.01 * along, 4))
        // After 100 epochs neither w nor b is right yet (0.2859, 0.5675 against 0.2600, 0.7477).
        #expect(run.result("after 100 epochs (w, b)") != run.result("least squares (w, b)"))

        let mean = x.reduce(0, +) / n
        let (roundAcross, roundAlong) = eigenvalues(x.map { $0 - mean })
        #expect(run.result("mean of x") == fixed(mean, 4))
        #expect(run.result("curvatures on centred x") == "\(fixed(roundAcross, 2)) and \(fixed(roundAlong, 2))")
        #expect(run.result("largest η that does not diverge on centred x") == fixed(2 / roundAcross, 4))
        // Rounder, not round: the ratio of the curvatures falls from 336 to 5.5, as the text says.
        #expect(run.result("ratio on centred x") == fixed(roundAcross / roundAlong, 1))
        #expect(run.result("ratio on centred x") == "5.5")
        #expect(run.output.replacingOccurrences(of: "\n", with: " ").contains("the ratio of the two curvatures falls from 336 to 5.5"))
        // η = 0.1 is safe on centred x and not on the raw x, and on centred x it reaches least squares.
        #expect(2 / roundAcross > 0.1 && 2 / across < 0.1)
        #expect(run.result("centred x, η = 0.1, after 100 epochs (w, b)") == run.result("least squares (w, b)"))
    }

    @Test func thePyTorchDemoTableIsOnThePage() throws {
        let run = try ChapterRunner.run("Chapter03")
        for line in ["nn.Linear(1, 1)", "nn.MSELoss()", "optimizer.zero_grad()", "loss.backward()", "optimizer.step()"] {
            #expect(run.output.contains(line), "\(line) is missing from the PyTorch table")
        }
    }

    @Test func regressionAgainstClosedForm() throws {
        let run = try ChapterRunner.run("Chapter03")
        let x = RegressionPoints.x, y = RegressionPoints.y
        // Least squares by Cramer's rule on the normal equations, a different route from the engine's.
        let n = Double(x.count), sx = x.reduce(0, +), sy = y.reduce(0, +)
        let sxx = x.map { $0 * $0 }.reduce(0, +), sxy = zip(x, y).map { $0 * $1 }.reduce(0, +)
        let w = (n * sxy - sx * sy) / (n * sxx - sx * sx), b = (sy - w * sx) / n
        #expect(run.result("least squares (w, b)") == "(\(fixed(w, 4)), \(fixed(b, 4)))")
        #expect(run.result("least squares (w, b)") == "(0.2600, 0.7477)")
        // Gradient descent from the seeded start lowers the loss towards, never below, the optimum.
        let start = try #require(Double(run.result("loss at the start") ?? ""))
        let end = try #require(Double(run.result("loss after 100 epochs") ?? ""))
        let best = try #require(Double(run.result("least-squares loss") ?? ""))
        #expect(end < start && end >= best)
        #expect(run.result("after 100 epochs (w, b)") == "(0.2859, 0.5675)")
    }

    @Test func badFlagsAreRefused() throws {
        let negative = try ChapterRunner.run("Chapter03", ["--no-plots", "--epochs=-3"])
        #expect(negative.status != 0)
        #expect(negative.errors.contains("--epochs must be between 1 and 100000"))
        let zero = try ChapterRunner.run("Chapter03", ["--no-plots", "--learning-rate", "0"])
        #expect(zero.status != 0)
        #expect(zero.errors.contains("--learning-rate must be a positive number"))
    }

    @Test func divergingRegressionStopsWithAnExplanation() throws {
        let run = try ChapterRunner.run("Chapter03", ["--no-plots", "--learning-rate", "5", "--epochs", "500"])
        #expect(run.status != 0)
        #expect(run.errors.contains("diverged"))
        #expect(run.errors.contains("--learning-rate 0.5"))
        #expect(!run.output.contains("nan"))
        // In Chinese, every word of it.
        let chinese = try ChapterRunner.run("Chapter03", ["--no-plots", "--lang", "zh", "--learning-rate", "5", "--epochs", "500"])
        #expect(chinese.status != 0)
        #expect(chinese.errors.contains("发散了"))
        #expect(chinese.errors.contains("损失变成了"))
        #expect(chinese.errors.contains("--learning-rate 0.5"))
        #expect(!chinese.errors.contains("became") && !chinese.errors.contains("diverged"), "\(chinese.errors)")
        // The same account, part for part: the epoch, the learning rate, the loss and the advice.
        let epoch = try #require(run.errors.components(separatedBy: "Training diverged in epoch ").last?.prefix { $0.isNumber })
        let loss = try #require(run.errors.components(separatedBy: "the loss became ").last?.prefix { $0 != "." })
        #expect(run.errors.contains("Error: Training diverged in epoch \(epoch), with learning rate 5: the loss became \(loss). "
            + "The learning rate is probably too large: try --learning-rate 0.5."), "\(run.errors)")
        #expect(chinese.errors.trimmingCharacters(in: .whitespacesAndNewlines)
            == "错误：训练在第 \(epoch) 轮发散了（学习率 5）：损失变成了 \(loss)。学习率多半太大了：试试 --learning-rate 0.5。",
            "\(chinese.errors)")
    }

    @Test func chineseRunNamesTheVerdictsAndCorrectsTheOverviewOnStandardisation() throws {
        let pages = TemporaryFolder()
        let run = try ChapterRunner.run("Chapter03", ["--no-plots", "--lang", "zh", "--pages-dir", pages.path])
        #expect(run.status == 0)
        let english = try ChapterRunner.run("Chapter03")
        #expect(run.result("η = 1.05 时 10 步之后的 x") == english.result("x after 10 steps, η = 1.05"))
        // x after 10 steps is 1 − 2η to the tenth, times 10: η = 1.05 is the one that grows ("太大").
        #expect(run.output.contains("1.05  太大  \(fixed(10 * pow(1 - 2 * 1.05, 10), 6))"))
        let page = try String(contentsOfFile: pages.file("README.zh.md"), encoding: .utf8)
        #expect(page.contains("后一句才是标准化") && page.contains("| 2.0 | 1.1309 | -1.0702 | 局部最小值 |"))
        let englishPage = try String(contentsOfFile: pages.file("README.md"), encoding: .utf8)
        #expect(!englishPage.contains("标准化"))
    }
}
