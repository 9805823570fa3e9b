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
        furtherReading(nb)
        try nb.finish()
    }

    // MARK: - Mean squared error

    func meanSquaredErrorSection(_ nb: Notebook) {
        nb.section("Mean squared error")
        nb.text("""
            The mean squared error averages the squared differences between what we wanted (y_true) and \
            what the network said (y_pred): MSE = (1/n)·Σ(y_trueᵢ − y_predᵢ)². Victor Zhou's example has \
            y_true = (1, 0, 0, 1) and a network that always answers 0. 3Blue1Brown's video uses the same \
            idea for a digit: add up (tᵢ − aᵢ)² over the ten outputs, where t is what each output should be.
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
        nb.text("""
            Better predictions, lower cost: training means making this number small. Hung-yi Lee's notes \
            call the sum over the whole training set the total loss: training looks for the parameters \
            that make it smallest.
            """)
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
            With one sigmoid output o = σ(z) that says "class 1 with probability o", the probability of \
            the right class is o when y = 1 and 1 − o when y = 0. Both cases in one formula give the \
            binary cross-entropy L = −[y·log o + (1 − y)·log(1 − o)]. Its slope with respect to z takes \
            three lines of the chain rule:
            """)
        nb.text("""
            ∂L/∂o = −y/o + (1 − y)/(1 − o) = (o − y) / (o(1 − o))
            ∂o/∂z = σ'(z) = o(1 − o)
            ∂L/∂z = ∂L/∂o · ∂o/∂z = o − y, because o(1 − o) cancels.
            """)
        nb.text("""
            The bigger reason to prefer it is this gradient. Take one sigmoid output that is confidently \
            wrong: z = −5 when the answer is 1. The gradient of squared error (o − y)² with respect to z is \
            2(o − y)·σ'(z), and σ'(z) is tiny when the sigmoid saturates (Chapter 1), so learning stalls \
            exactly when the mistake is worst. Cross-entropy's gradient is o − y, with no σ' left in it: \
            large when wrong, small when right. A numerical slope of L confirms the three lines.
            """)
        nb.code("saturated-gradients")
        // #region saturated-gradients
        let z: Float = -5, o = sigmoid(z), y: Float = 1
        let dMSEdz = 2 * (o - y) * sigmoidDerivative(z)   // squared error: the factor σ'(z) is tiny
        let dCEdz = o - y                                  // cross-entropy: o − y, σ'(z) cancelled
        func binaryCrossEntropy(_ z: Double) -> Double {
            let o = 1 / (1 + exp(-z))
            return -(Double(y) * log(o) + (1 - Double(y)) * log(1 - o))
        }
        let numerical = (binaryCrossEntropy(-5 + 1e-6) - binaryCrossEntropy(-5 - 1e-6)) / 2e-6
        // #endregion
        nb.result("σ(−5)", fixed(o, 4))
        nb.result("∂(squared error)/∂z at z = −5", fixed(dMSEdz, 4))
        nb.result("∂(cross-entropy)/∂z at z = −5", fixed(dCEdz, 4))
        nb.result("numerical slope of the cross-entropy at z = −5", fixed(numerical, 4))

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
        nb.text("""
            Mofan's notes draw the central picture of gradient descent on such a curve. At the current w \
            draw the tangent: its slope L'(w) says which way is uphill. Take a small step the other way, \
            draw the tangent again, and repeat. Where the tangent lies flat (slope 0) no direction is \
            downhill any more: that is the bottom, and the place to stop. Here the slope is \
            L'(w) = (2/n)·Σ(w·xᵢ − yᵢ)·xᵢ.
            """)
        nb.code("slope")
        // #region slope
        func slope(_ w: Double) -> Double {
            2 * zip(x, y).map { (w * $0 - $1) * $0 }.reduce(0, +) / Double(x.count)
        }
        // #endregion
        let points = [0.0, 0.2, 0.6, wBest]
        nb.table(["w", "L(w)", "slope L'(w)", "downhill is"], points.map { w in
            let s = slope(w)
            return [fixed(w, 4), fixed(cost(w), 4), fixed(s, 4), abs(s) < 1e-9 ? "nowhere: stop" : (s < 0 ? "larger w" : "smaller w")]
        })
        nb.result("slope at w*", fixed(slope(wBest), 4))
        var figure = Figure(name: "ch02-cost-curve", title: "The cost L(w) of ŷ = w·x, with its tangent at four points",
                            xLabel: "weight w", yLabel: "cost L(w) (mean squared error)")
        figure.series = [Series("L(w)", from: -0.2, to: 1.0, cost)]
        for w in points {
            // A short piece of the tangent line L(w) + L'(w)·(v − w) around each point.
            let ends = [w - 0.09, w + 0.09]
            figure.series.append(Series(w == points[0] ? "tangent lines: slope L'(w)" : "", x: ends,
                                        y: ends.map { cost(w) + slope(w) * ($0 - w) }, color: "#d62728",
                                        lineWidth: 3))
        }
        figure.annotations = points.map { Annotation("", x: $0, y: cost($0)) }
            + [Annotation("minimum: w* = \(fixed(wBest, 4)), L = \(fixed(cost(wBest), 4)), slope 0",
                          x: 0.3, y: -2.2, marker: false)]
        figure.yRange = -3...18
        figure.legend = .topLeft
        try nb.figure(figure)
    }

    func furtherReading(_ nb: Notebook) {
        nb.section("Further reading")
        nb.table(["reading", "where to find it", "what it adds"], [
            ["Michael Nielsen, Neural Networks and Deep Learning, chapter 3",
             "http://neuralnetworksanddeeplearning.com/chap3.html",
             "the cross-entropy cost and why it learns faster than the quadratic cost"],
            ["3Blue1Brown, \"Gradient descent, how neural networks learn\"",
             "https://www.3blue1brown.com/lessons/gradient-descent", "the cost of the digit network, the cost as a landscape"],
            ["Koki Saito, Deep Learning from Scratch, chapter 4", "section 4.2",
             "mean squared error, cross-entropy, why a loss and not accuracy"],
            ["Dive into Deep Learning, section 4.1 (Softmax Regression)",
             "https://d2l.ai/chapter_linear-classification/softmax-regression.html",
             "cross-entropy from likelihood, and its gradient: the same o − y"],
        ])
    }
}
