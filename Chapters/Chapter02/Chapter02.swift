// Chapter 2 · Cost function
//
// Training needs one number that says how wrong the network is: the cost (or loss). Mean squared
// error for numbers, cross-entropy for classes, and the cost seen as a curve of one weight.

import ArgumentParser
import Engine
import Workbook
import Foundation

@main
struct Chapter02: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Chapter 2: mean squared error, cross-entropy, and the cost as a function of one weight.")

    @OptionGroup var options: ChapterOptions

    func run() throws {
        let nb = Notebook(chapter: 2, title: "Cost function", options: options)
        meanSquaredErrorSection(nb)
        try crossEntropySection(nb)
        try costCurve(nb)
        try nb.finish()
    }

    // MARK: - Mean squared error

    func meanSquaredErrorSection(_ nb: Notebook) {
        nb.section("Mean squared error")
        nb.text("""
            The mean squared error averages the squared differences between what we wanted (y_true) and \
            what the network said (y_pred): MSE = (1/n)·Σ(y_trueᵢ − y_predᵢ)². Victor Zhou's example has \
            y_true = (1, 0, 0, 1) and a network that always answers 0.
            """)
        nb.code("mse")
        // #region mse
        let yTrue: [Float] = [1, 0, 0, 1]
        let yPred: [Float] = [0, 0, 0, 0]
        let mse = meanSquaredError(yTrue: yTrue, yPred: yPred)   // (1 + 0 + 0 + 1) / 4
        // #endregion
        nb.result("MSE with every prediction 0", fixed(mse, 1))
        let better: [Float] = [0.9, 0.1, 0.2, 0.8]
        nb.result("MSE with predictions (0.9, 0.1, 0.2, 0.8)", fixed(meanSquaredError(yTrue: yTrue, yPred: better), 3))
        nb.text("Better predictions, lower cost: training means making this number small.")
    }

    // MARK: - Cross-entropy

    func crossEntropySection(_ nb: Notebook) throws {
        nb.section("Cross-entropy, and why classification uses it")
        nb.text("""
            A classifier outputs a probability for each class. Cross-entropy charges −log p, where p is the \
            probability the network gave to the right class: nearly free when p is near 1, and without bound \
            as p goes to 0. Squared error on the same probability, (1 − p)², can never cost more than 1.
            """)
        let ps: [Double] = [0.99, 0.9, 0.6, 0.3, 0.1, 0.01]
        nb.table(["p (right class)", "cross-entropy −log p", "squared error (1 − p)²"],
                 ps.map { [fixed($0, 2), fixed(-log($0), 4), fixed((1 - $0) * (1 - $0), 4)] })
        nb.code("cross-entropy")
        // #region cross-entropy
        let probabilities = Matrix([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1]])
        let ce = categoricalCrossEntropy(probabilities: probabilities, labels: [0, 1])
        // #endregion
        nb.result("cross-entropy of p = 0.7 and 0.8 for the right classes (mean)", fixed(ce, 4))
        nb.text("""
            The bigger reason is the gradient. Take one sigmoid output o = σ(z) that is confidently wrong: \
            z = −5 when the answer is 1. The gradient of squared error with respect to z carries the factor \
            σ'(z), which is tiny when the sigmoid saturates, so learning stalls exactly when the mistake is \
            worst. Cross-entropy's gradient is simply o − y: large when wrong, small when right.
            """)
        nb.code("saturated-gradients")
        // #region saturated-gradients
        let z: Float = -5, o = sigmoid(z)
        let dMSEdz = 2 * (o - 1) * sigmoidDerivative(z)   // squared error: the factor σ'(z) is tiny
        let dCEdz = o - 1                                  // cross-entropy: simply o − y
        // #endregion
        nb.result("σ(−5)", fixed(o, 4))
        nb.result("∂(squared error)/∂z at z = −5", fixed(dMSEdz, 4))
        nb.result("∂(cross-entropy)/∂z at z = −5", fixed(dCEdz, 4))

        var figure = Figure(name: "ch02-cross-entropy", title: "Cost of one prediction when the right answer is 1",
                            xLabel: "probability p given to the right class", yLabel: "cost")
        figure.series = [Series("cross-entropy −log p", from: 0.005, to: 1) { -log($0) },
                         Series("squared error (1 − p)²", from: 0.005, to: 1) { (1 - $0) * (1 - $0) }]
        figure.yRange = 0...5
        try nb.figure(figure)
    }

    // MARK: - The cost as a curve of one weight

    func costCurve(_ nb: Notebook) throws {
        nb.section("The cost as a curve of one weight")
        nb.text("""
            Fix everything but one weight and the cost becomes an ordinary curve. Take the 15 points of \
            the PyTorch regression demo (Chapter 3 fits them), the model ŷ = w·x with no bias, and \
            L(w) = (1/n)·Σ(w·xᵢ − yᵢ)². Training means finding the bottom of this curve; here it can be \
            found exactly, at w* = Σxᵢyᵢ / Σxᵢ².
            """)
        let x: [Double] = [3.3, 4.4, 5.5, 6.71, 6.93, 4.168, 9.779, 6.182, 7.59, 2.167, 7.042, 10.791, 5.313, 7.997, 3.1]
        let y: [Double] = [1.7, 2.76, 2.09, 3.19, 1.694, 1.573, 3.366, 2.596, 2.53, 1.221, 2.827, 3.465, 1.65, 2.904, 1.3]
        nb.code("cost-curve")
        // #region cost-curve
        func cost(_ w: Double) -> Double {
            zip(x, y).map { (w * $0 - $1) * (w * $0 - $1) }.reduce(0, +) / Double(x.count)
        }
        let wBest = zip(x, y).map { $0 * $1 }.reduce(0, +) / x.map { $0 * $0 }.reduce(0, +)
        // #endregion
        nb.result("w*", fixed(wBest, 4))
        nb.result("L(w*)", fixed(cost(wBest), 4))
        nb.result("L(0)", fixed(cost(0), 4))
        nb.result("L(1)", fixed(cost(1), 4))
        var figure = Figure(name: "ch02-cost-curve", title: "The cost L(w) of ŷ = w·x on the regression data",
                            xLabel: "weight w", yLabel: "cost L(w) (mean squared error)")
        figure.series = [Series("L(w)", from: -0.2, to: 1.0, cost)]
        figure.annotations = [Annotation("minimum: w* = \(fixed(wBest, 4)), L = \(fixed(cost(wBest), 4))",
                                         x: wBest, y: cost(wBest))]
        figure.legend = .topLeft
        try nb.figure(figure)
    }
}
