import Foundation
import Testing
import Engine
import TestSupport
import Workbook

/// Chapter 4's worked example and Chapter 5's training, against the published numbers.
@Suite struct Chapter04And05Tests {
    @Test func chapter04PrintsThePublishedFactors() throws {
        let run = try ChapterRunner.run("Chapter04")
        #expect(run.status == 0)
        #expect(run.result("h₁") == "0.0474")
        #expect(run.result("h₂") == "0.0474")
        #expect(run.result("o₁ = y_pred") == "0.524")
        #expect(run.result("∂L/∂y_pred (published)") == "-0.952")
        #expect(run.result("∂y_pred/∂h₁ (published)") == "0.249")
        #expect(run.result("∂h₁/∂w₁ (published)") == "-0.0904")
        #expect(run.result("∂L/∂w₁ (published)") == "0.0214")
        #expect(run.result("∂L/∂w₁ (exact)") == "0.02147")
        #expect(run.result("∂L/∂w₁ from the engine") == "0.02147")
        #expect(run.result("largest relative difference below 1e-6") == "yes")
    }

    @Test func chapter04GraphShorterPathsAndTwins() throws {
        let run = try ChapterRunner.run("Chapter04")
        // Alice, every weight 1, biases 0: sum_h = −3, h = σ(−3), sum_o₁ = 2h, y_pred = σ(2h).
        let s = { (z: Double) in 1 / (1 + exp(-z)) }, ds = { (z: Double) in s(z) * (1 - s(z)) }
        let h = s(-3), yPred = s(2 * h)
        let dLdYpred = -2 * (1 - yPred)
        let dLdSumO1 = dLdYpred * ds(2 * h)
        let dLdSumH1 = dLdSumO1 * 1 * ds(-3)
        #expect(run.result("∂L/∂sum_o₁") == fixed(dLdSumO1, 4))
        #expect(run.result("∂L/∂h₁") == fixed(dLdSumO1, 4))          // w₅ = 1
        #expect(run.result("∂L/∂sum_h₁") == fixed(dLdSumH1, 5))
        #expect(fixed(-2 * dLdSumH1, 5) == "0.02147")                // ∂L/∂w₁ = x₁ · ∂L/∂sum_h₁
        #expect(run.result("∂L/∂w₅") == fixed(dLdSumO1 * h, 5))
        #expect(run.result("∂L/∂b₃") == fixed(dLdSumO1, 5))
        // "b₃'s gradient is more than ten times w₁'s"
        #expect(abs(dLdSumO1) > 10 * abs(-2 * dLdSumH1))
        // Equal weights stay equal: the two hidden neurons never become different.
        #expect(run.result("largest difference between h₁'s and h₂'s parameters") == "0")
        let twins = try #require(run.result("w₁, w₃ after 1000 epochs")).components(separatedBy: ", ")
        #expect(twins.count == 2 && twins[0] == twins[1] && twins[0] != "1.000000")
        // The Dense layer's ∂Y is (∂L/∂sum_h₁, ∂L/∂sum_h₂); ∂W's first row is x₁ times it.
        #expect(run.result("∂Y of the hidden Dense layer") == "(\(fixed(dLdSumH1, 6)), \(fixed(dLdSumH1, 6)))")
        #expect(run.result("∂W = Xᵀ·∂Y, first row") == "(\(fixed(-2 * dLdSumH1, 6)), \(fixed(-2 * dLdSumH1, 6)))")
    }

    @Test func allNineGradientsMatchTheNumericalGradient() {
        var rng = SeededRandom(seed: 11)
        for _ in 0..<5 {
            let network = AliceNetwork(rng: &rng)
            for person in People.training {
                let analytic = network.backprop(person.x, person.y).gradients
                let numerical = network.numericalGradients(person.x, person.y)
                for (a, n) in zip(analytic, numerical) {
                    #expect(abs(a - n) <= 1e-7 + 1e-5 * abs(n), "backprop \(a) vs numerical \(n)")
                }
            }
        }
    }

    @Test func exactGradientOfW1ByHand() {
        // σ(z) = 1/(1+e^(−z)); Alice x = (−2, −1), y = 1, all weights 1, biases 0.
        let s = { (z: Double) in 1 / (1 + exp(-z)) }
        let h = s(-3), o = s(2 * h)
        let expected = -2 * (1 - o) * (s(2 * h) * (1 - s(2 * h))) * (-2 * s(-3) * (1 - s(-3)))
        let network = AliceNetwork(w: [1, 1, 1, 1, 1, 1], b: [0, 0, 0])
        #expect(abs(network.backprop(People.alice.x, 1).gradients[0] - expected) < 1e-15)
        #expect(fixed(expected, 5) == "0.02147")
    }

    @Test func chapter05TrainsAndPredicts() throws {
        let run = try ChapterRunner.run("Chapter05")
        #expect(run.status == 0)
        // The same training, run here: seed 1, η = 0.1, 1000 epochs of per-person steps.
        var rng = SeededRandom(seed: 1)
        var network = AliceNetwork(rng: &rng)
        let before = network.meanLoss(People.training.map(\.x), People.training.map(\.y))
        for _ in 0..<1000 { for p in People.training { network.sgdStep(p.x, p.y, learningRate: 0.1) } }
        let after = network.meanLoss(People.training.map(\.x), People.training.map(\.y))
        #expect(run.result("loss before training") == fixed(before, 4))
        #expect(run.result("loss after 1000 epochs") == fixed(after, 4))
        #expect(run.result("Emily") == fixed(network.predict(People.emily.x), 3))
        #expect(run.result("Frank") == fixed(network.predict(People.frank.x), 3))
        // Whatever the start, Emily is called female and Frank male, as in the tutorial (0.951 / 0.039).
        #expect(run.result("seeds that call Emily F and Frank M") == "10 of 10")
        #expect(after < 0.01)
        // The printed crossing of the 0.5 curve at height 66 in lies between a "female" and a "male" weight.
        let crossing = try #require(Double(run.result("weight − 135 where the 0.5 curve crosses 66 in") ?? ""))
        #expect(network.predict([crossing - 0.01, 0]) > 0.5 && network.predict([crossing + 0.01, 0]) < 0.5)
    }

    @Test func chapter05IsReproducibleAndSeedDependent() throws {
        let a = try ChapterRunner.run("Chapter05", ["--no-plots", "--epochs", "50"])
        let b = try ChapterRunner.run("Chapter05", ["--no-plots", "--epochs", "50"])
        let c = try ChapterRunner.run("Chapter05", ["--no-plots", "--epochs", "50", "--seed", "2"])
        #expect(a.output == b.output)
        #expect(a.result("Emily") != nil)
        #expect(a.result("loss before training") != c.result("loss before training"))
    }

    @Test func optimisersWalkTheSurface() throws {
        let run = try ChapterRunner.run("Chapter05", ["--no-plots", "--epochs", "10"])
        // SGD on x²/20 + y² with η = 0.95: x shrinks by 1 − 0.095 and y by 1 − 1.9 each step.
        let x: Double = -7 * pow(0.905, 30), y: Double = 2 * pow(-0.9, 30)
        #expect(run.result("where SGD (η = 0.95) ends") == "(\(fixed(x, 4)), \(fixed(y, 4)))")
        #expect(run.result("where Momentum (η = 0.1, μ = 0.9) ends") != nil)
        #expect(run.result("where Adam (η = 0.3) ends") != nil)
        // The page says AdaGrad ends lowest and SGD second, below RMSprop, momentum and Adam.
        #expect(run.result("lowest f to highest after 30 steps") == "AdaGrad, SGD, RMSprop, Momentum, Adam")
        // The same ranking, recomputed here from where each optimiser ends.
        var ends: [(String, Double)] = []
        for name in ["SGD (η = 0.95)", "Momentum (η = 0.1, μ = 0.9)", "AdaGrad (η = 1.5)", "RMSprop (η = 0.1)", "Adam (η = 0.3)"] {
            let text = try #require(run.result("where \(name) ends"))
            let numbers = text.dropFirst().dropLast().components(separatedBy: ", ").compactMap(Double.init)
            try #require(numbers.count == 2)
            ends.append((String(name.prefix { $0 != " " }), numbers[0] * numbers[0] / 20 + numbers[1] * numbers[1]))
        }
        #expect(ends.sorted { $0.1 < $1.1 }.map(\.0) == ["AdaGrad", "SGD", "RMSprop", "Momentum", "Adam"])
        // y ← −0.9·y flips the sign at every one of SGD's 30 steps; momentum ends past the minimum.
        #expect(run.result("times SGD's y changed sign in 30 steps") == "30")
        #expect((Double(run.result("x where momentum ends") ?? "") ?? 0) > 0)
        #expect(run.result("first step with |y| < 0.01, AdaGrad and RMSprop") == "5 and 9")
        #expect(run.result("times Adam's y changed sign") == "2")
        // AdaGrad and RMSprop never cross the floor.
        #expect(run.result("times AdaGrad's and RMSprop's y changed sign") == "0 and 0")
        // Adam's bias corrections: step t moves η with them, η·(1 − 0.9ᵗ)/√(1 − 0.999ᵗ) without.
        for t in [1, 10, 100, 1000] {
            let without = (1 - pow(0.9, Double(t))) / (1 - pow(0.999, Double(t))).squareRoot()
            let row = "  \(t)" + String(repeating: " ", count: 8 - "\(t)".count) + "1.00·η"
            let line = try #require(run.output.split(separator: "\n").first { $0.hasPrefix(row) }, "step \(t)")
            #expect(line.hasSuffix("\(fixed(without, 2))·η"), "\(line)")
        }
        #expect(fixed((1 - 0.9) / (1 - 0.999).squareRoot(), 2) == "3.16")
    }

    @Test func chapter05TrainsInAFixedOrder() throws {
        let run = try ChapterRunner.run("Chapter05", ["--no-plots", "--epochs", "10"])
        #expect(run.output.contains("the order is the same every epoch (Alice, Bob, Charlie, Diana)"))
    }

    @Test func chinesePageGivesAliceInKilogramsAndCentimetres() throws {
        let pages = TemporaryFolder()
        let run = try ChapterRunner.run("Chapter04", ["--no-plots", "--lang", "zh", "--pages-dir", pages.path])
        #expect(run.status == 0)
        #expect(run.result("∂L/∂w₁（精确值）") == "0.02147")
        let page = try String(contentsOfFile: pages.file("README.zh.md"), encoding: .utf8)
        // Alice is 135 − 2 = 133 lb and 66 − 1 = 65 in: 60.3 kg and 165.1 cm (units kept on the number's line).
        let kg = fixed(133 * 0.45359237, 1), cm = fixed(65 * 2.54, 1)
        #expect(kg == "60.3" && cm == "165.1")
        #expect(page.contains("Alice \(kg)\u{A0}kg、\(cm)\u{A0}cm"))
        #expect(page.contains("就是 133 磅、65 英寸"))
        #expect(page.contains("| Alice | -2 | -1 | 女（1） |"))
        let english = try String(contentsOfFile: pages.file("README.md"), encoding: .utf8)
        #expect(!english.contains("kg"))
    }

    @Test func chapter05InChineseKeepsTheRaceAndItsVerdicts() throws {
        let english = try ChapterRunner.run("Chapter05")
        let chinese = try ChapterRunner.run("Chapter05", ["--no-plots", "--lang", "zh"])
        #expect(chinese.status == 0)
        #expect(chinese.result("1000 轮之后的损失") == english.result("loss after 1000 epochs"))
        #expect(chinese.result("30 步之后按 f 从低到高排列") == english.result("lowest f to highest after 30 steps"))
        // SGD never brings |y| below 0.01 in 30 steps: the table says so in Chinese.
        #expect(english.output.contains("never") && chinese.output.contains("从未") && !chinese.output.contains("never"))
    }

    @Test func chapter05RefusesABadFlagAndExplainsItsFlagsInChinese() throws {
        let refused = try ChapterRunner.run("Chapter05", ["--no-plots", "--lang", "zh", "--epochs", "0"])
        #expect(refused.status == 64)
        #expect(refused.errors.hasPrefix("错误：--epochs 必须在 1 到 100000 之间，收到的是 0。\n用法：chapter05"), "\(refused.errors)")
        let help = try ChapterRunner.run("Chapter05", ["--lang", "zh", "--help"], environment: ["COLUMNS": "80"])
        #expect(help.status == 0)
        #expect(help.output.contains("SGD 训练的学习率 η"))
        let lines = help.output.split(separator: "\n").map(String.init)
        #expect(lines.filter { !$0.hasPrefix("USAGE:") }.allSatisfy { DisplayWidth.of($0) <= 80 },
                "\(lines.filter { DisplayWidth.of($0) > 80 })")
    }
}
