// Chapter 4 · Backprop on Alice
//
// Victor Zhou's worked example: how much does the cost change when w₁ changes? The chain rule
// answers factor by factor, and a numerical gradient checks every answer.

import ArgumentParser
import Engine
import Workbook
import Foundation

@main
struct Chapter04: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Chapter 4: backpropagation by hand on Alice, checked against a numerical gradient.")

    @OptionGroup var options: ChapterOptions

    func run() throws {
        let nb = Notebook(chapter: 4, title: "Backprop on Alice", options: options)
        theData(nb)
        let network = AliceNetwork(w: [1, 1, 1, 1, 1, 1], b: [0, 0, 0])
        let alice = People.alice
        forwardPass(nb, network, alice)
        chainRule(nb, network, alice)
        gradientCheck(nb, network, alice)
        matrixEngine(nb, network, alice)
        try nb.finish()
    }

    func theData(_ nb: Notebook) {
        nb.section("The data: four people")
        nb.text("""
            Predict someone's gender from weight and height. To keep the numbers small, weight is given \
            in pounds minus 135 and height in inches minus 66. Female is 1, male is 0.
            """)
        nb.table(["name", "weight − 135 (lb)", "height − 66 (in)", "gender"],
                 People.training.map { [$0.name, fixed($0.x[0], 0), fixed($0.x[1], 0), $0.y == 1 ? "F (1)" : "M (0)"] })
    }

    func forwardPass(_ nb: Notebook, _ network: AliceNetwork, _ alice: Person) {
        nb.section("Forward pass for Alice, every weight 1 and every bias 0")
        nb.text("""
            The network is the 2-2-1 of Chapter 1: h₁ = σ(w₁x₁ + w₂x₂ + b₁), h₂ = σ(w₃x₁ + w₄x₂ + b₂), \
            y_pred = o₁ = σ(w₅h₁ + w₆h₂ + b₃). Alice is x = (−2, −1) with y_true = 1; her cost is \
            L = (1 − y_pred)².
            """)
        nb.code("forward")
        // #region forward
        let f = network.forward(alice.x)   // h₁, h₂ and o₁ = y_pred
        // #endregion
        nb.result("h₁", fixed(f.h1, 4))
        nb.result("h₂", fixed(f.h2, 4))
        nb.result("o₁ = y_pred", fixed(f.o1, 3))
        nb.result("L", fixed(network.loss(alice.x, alice.y), 4))
    }

    func chainRule(_ nb: Notebook, _ network: AliceNetwork, _ alice: Person) {
        nb.section("The chain rule, one factor at a time")
        nb.text("""
            w₁ only reaches the cost through h₁, and h₁ only through y_pred, so \
            ∂L/∂w₁ = ∂L/∂y_pred · ∂y_pred/∂h₁ · ∂h₁/∂w₁. Each factor is a simple derivative: \
            ∂L/∂y_pred = −2(1 − y_pred); ∂y_pred/∂h₁ = w₅·σ'(w₅h₁ + w₆h₂ + b₃); ∂h₁/∂w₁ = x₁·σ'(w₁x₁ + w₂x₂ + b₁), \
            with σ'(z) = σ(z)(1 − σ(z)).
            """)
        nb.code("chain-rule")
        // #region chain-rule
        let g = network.backprop(alice.x, alice.y)
        let dLdYpred = g.dLdYpred        // −2(1 − y_pred)
        let dYpreddH1 = g.dYpreddH1      // w₅ · σ'(sum_o₁)
        let dH1dW1 = g.dH1dW1            // x₁ · σ'(sum_h₁)
        let dLdW1 = dLdYpred * dYpreddH1 * dH1dW1
        // #endregion
        // The tutorial rounds as it goes: y_pred to 0.524, h₁ and h₂ to 0.0474, σ'(−3) to 0.0452.
        let f = g.forward
        let round = { (v: Double, places: Double) in (v * pow(10, places)).rounded() / pow(10, places) }
        let publishedDLdYpred = -2 * (1 - round(f.o1, 3))
        let roundedH = round(f.h1, 4)
        let publishedDYpreddH1 = round(network.w[4] * sigmoidDerivative(network.w[4] * roundedH + network.w[5] * roundedH
                                                                          + network.b[2]), 3)
        let publishedDH1dW1 = alice.x[0] * round(sigmoidDerivative(f.sumH1), 4)
        let publishedDLdW1 = publishedDLdYpred * publishedDYpreddH1 * publishedDH1dW1
        nb.table(["factor", "as published (rounded on the way)", "exact"], [
            ["∂L/∂y_pred", fixed(publishedDLdYpred, 3), fixed(dLdYpred, 6)],
            ["∂y_pred/∂h₁", fixed(publishedDYpreddH1, 3), fixed(dYpreddH1, 6)],
            ["∂h₁/∂w₁", fixed(publishedDH1dW1, 4), fixed(dH1dW1, 6)],
            ["∂L/∂w₁ (their product)", fixed(publishedDLdW1, 4), fixed(dLdW1, 6)],
        ])
        nb.result("∂L/∂y_pred (published)", fixed(publishedDLdYpred, 3))
        nb.result("∂y_pred/∂h₁ (published)", fixed(publishedDYpreddH1, 3))
        nb.result("∂h₁/∂w₁ (published)", fixed(publishedDH1dW1, 4))
        nb.result("∂L/∂w₁ (published)", fixed(publishedDLdW1, 4))
        nb.result("∂L/∂w₁ (exact)", fixed(dLdW1, 5))
        nb.text("""
            Why 0.0214 and not 0.02147? The tutorial rounds on the way: y_pred = 0.5237 becomes 0.524, so \
            ∂L/∂y_pred = −2(1 − 0.524) = −0.952 instead of −0.9526, and σ'(−3) = 0.045177 becomes 0.0452. \
            Multiplying rounded factors, −0.952 × 0.249 × −0.0904 = \(fixed(publishedDLdW1, 6)); multiplying the \
            exact ones gives \(fixed(dLdW1, 6)). Both say the same thing: the gradient is positive, so raising \
            w₁ would raise Alice's cost a little, and gradient descent will lower w₁.
            """)
    }

    func gradientCheck(_ nb: Notebook, _ network: AliceNetwork, _ alice: Person) {
        nb.section("All nine gradients, checked numerically")
        nb.text("""
            The chain rule gives all nine gradients the same way. To trust them, nudge each parameter by \
            ±ε and watch the cost: (L(p + ε) − L(p − ε)) / 2ε approximates ∂L/∂p without any calculus. \
            If backprop is right the two columns agree to many digits.
            """)
        nb.code("gradient-check")
        // #region gradient-check
        let backprop = network.backprop(alice.x, alice.y).gradients
        let numerical = network.numericalGradients(alice.x, alice.y)   // (L(p + ε) − L(p − ε)) / 2ε
        // #endregion
        var worst = 0.0
        var rows: [[String]] = []
        for i in backprop.indices {
            let relative = abs(backprop[i] - numerical[i]) / max(abs(backprop[i]), abs(numerical[i]), 1e-12)
            worst = max(worst, relative)
            rows.append([AliceNetwork.parameterNames[i], fixed(backprop[i], 8), fixed(numerical[i], 8),
                         String(format: "%.1e", relative)])
        }
        nb.table(["parameter", "backprop ∂L/∂p", "numerical", "relative difference"], rows)
        nb.result("largest relative difference below 1e-6", worst < 1e-6 ? "yes" : "NO")
    }

    func matrixEngine(_ nb: Notebook, _ network: AliceNetwork, _ alice: Person) {
        nb.section("The same gradients from the matrix engine")
        nb.text("""
            The engine stores each layer's weights as a matrix and runs backprop layer by layer: Dense, \
            sigmoid, Dense, sigmoid, then the squared-error loss. It computes in Float, so it agrees with \
            the hand-written chain rule to about six digits.
            """)
        nb.code("matrix-engine")
        // #region matrix-engine
        let net = Sequential([
            Dense(weights: Matrix([[1, 1], [1, 1]]), bias: Matrix(row: [0, 0])), ActivationLayer(.sigmoid),
            Dense(weights: Matrix([[1], [1]]), bias: Matrix(row: [0])), ActivationLayer(.sigmoid),
        ])
        let yPred = net.forward(Matrix(row: alice.x.map(Float.init)))
        let yTrue = Matrix(row: [Float(alice.y)])
        _ = net.backward(meanSquaredErrorGradient(yTrue: yTrue, yPred: yPred))
        // #endregion
        let p = net.parameters
        let engine = [p[0].gradient[0, 0], p[0].gradient[1, 0], p[0].gradient[0, 1], p[0].gradient[1, 1],
                      p[2].gradient[0, 0], p[2].gradient[1, 0], p[1].gradient[0, 0], p[1].gradient[0, 1],
                      p[3].gradient[0, 0]].map(Double.init)
        let hand = network.backprop(alice.x, alice.y).gradients
        nb.table(["parameter", "chain rule (Double)", "matrix engine (Float)"],
                 hand.indices.map { [AliceNetwork.parameterNames[$0], fixed(hand[$0], 6), fixed(engine[$0], 6)] })
        nb.result("∂L/∂w₁ from the engine", fixed(engine[0], 5))
    }
}
