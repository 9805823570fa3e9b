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
    }
}
