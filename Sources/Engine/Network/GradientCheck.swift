// GradientCheck: compares backpropagation's gradients with numerical ones, as Deep Learning from
// Scratch's ch05/gradient_check.py does, and reports how far apart they are per parameter.
//
// The numerical gradient is the central difference (f(x + ε) − f(x − ε)) / 2ε, one element at a
// time. Its error is about ε²·f‴ from the formula plus (Float rounding of f) / ε from the
// arithmetic. Layers compute in Float, whose rounding is about 6e-8 relative, so ε must not be
// tiny: the numerical gradient carries an absolute error of about 1e-5 at ε = 1e-2. Measured over
// a whole matrix (the norm-wise relative error) backprop and the numerical gradient then agree to
// about 1e-4, while a real bug (a missing transpose, a wrong sign, a forgotten 1/n) gives an error
// near 1. Element by element, a gradient that is itself near zero can show a large relative error
// that is only Float noise, so the report gives both, and the absolute difference.

import Foundation

/// dF/dx for every element of x, by central differences. `f` is called 2·x.count times.
/// The differences are taken in Double, over the step actually representable in Float.
public func numericalGradient(of f: (Matrix) -> Float, at x: Matrix, epsilon: Float = 1e-3) -> Matrix {
    var gradient = Matrix(rows: x.rows, cols: x.cols)
    var probe = x
    for i in 0..<x.count {
        let original = x.data[i]
        let plus = original + epsilon, minus = original - epsilon
        probe.data[i] = plus
        let fPlus = Double(f(probe))
        probe.data[i] = minus
        let fMinus = Double(f(probe))
        probe.data[i] = original
        gradient.data[i] = Float((fPlus - fMinus) / (Double(plus) - Double(minus)))
    }
    return gradient
}

/// |a − n| / max(|a|, |n|, 1e-8): 0 when they agree, about 1 when they have nothing in common.
public func relativeError(_ analytic: Float, _ numerical: Float) -> Float {
    abs(analytic - numerical) / max(abs(analytic), abs(numerical), 1e-8)
}

/// How well backprop agrees with the numerical gradient, one entry per parameter and the input.
public struct GradientCheckReport: CustomStringConvertible, Sendable {
    public struct Entry: Sendable {
        /// The parameter's name, or "input".
        public let name: String
        /// The largest |a − n| / max(|a|, |n|, 1e-8) over the elements.
        public let maxRelativeError: Float
        /// The largest |a − n| over the elements.
        public let maxAbsoluteError: Float
        /// ‖a − n‖ / max(‖a‖, ‖n‖, 1e-8) over the whole matrix (Euclidean norms). Unlike the
        /// element-wise maximum it is not thrown by elements whose gradient is near zero, where
        /// Float rounding in the numerical gradient (about 1e-5 absolute) dominates.
        public let normRelativeError: Float
    }

    public let entries: [Entry]

    /// The worst element-wise relative error of any entry.
    public var maxRelativeError: Float { entries.map(\.maxRelativeError).max() ?? 0 }
    /// The worst norm-wise relative error of any entry.
    public var maxNormRelativeError: Float { entries.map(\.normRelativeError).max() ?? 0 }
    /// The worst absolute difference of any entry.
    public var maxAbsoluteError: Float { entries.map(\.maxAbsoluteError).max() ?? 0 }

    /// The entry with this name.
    public subscript(name: String) -> Entry? { entries.first { $0.name == name } }

    public var description: String {
        let width = entries.map(\.name.count).max() ?? 0
        return entries.map { e in
            e.name.padding(toLength: width, withPad: " ", startingAt: 0)
                + "  max relative error " + String(format: "%.2e", e.maxRelativeError)
                + "  max absolute error " + String(format: "%.2e", e.maxAbsoluteError)
                + "  norm relative error " + String(format: "%.2e", e.normRelativeError)
        }.joined(separator: "\n")
    }

    /// Compares an analytic gradient with a numerical one of the same shape.
    public static func entry(_ name: String, analytic: Matrix, numerical: Matrix) -> Entry {
        precondition(analytic.shape == numerical.shape, "\(name): analytic and numerical gradients differ in shape")
        var worstRelative: Float = 0, worstAbsolute: Float = 0
        var differenceSquared: Double = 0, analyticSquared: Double = 0, numericalSquared: Double = 0
        for (a, n) in zip(analytic.data, numerical.data) {
            worstRelative = max(worstRelative, relativeError(a, n))
            worstAbsolute = max(worstAbsolute, abs(a - n))
            differenceSquared += Double(a - n) * Double(a - n)
            analyticSquared += Double(a) * Double(a)
            numericalSquared += Double(n) * Double(n)
        }
        let normRelative = differenceSquared.squareRoot() / max(analyticSquared.squareRoot(), numericalSquared.squareRoot(), 1e-8)
        return Entry(name: name, maxRelativeError: worstRelative, maxAbsoluteError: worstAbsolute,
                     normRelativeError: Float(normRelative))
    }
}

/// Checks a layer's backward pass at `input`.
///
/// `loss` turns the layer's output into a scalar and returns its gradient with respect to that
/// output. Runs forward and backward once for the analytic gradients, then perturbs every parameter
/// element and every input element (restoring them afterwards).
public func checkGradients(layer: Layer, input: Matrix, epsilon: Float = 1e-2,
                           loss: (Matrix) -> (loss: Float, dOutput: Matrix)) -> GradientCheckReport {
    checkGradients(forward: layer.forward, backward: layer.backward, parameters: layer.parameters,
                   input: input, epsilon: epsilon, loss: loss)
}

/// Checks a network's gradients, its input's included, for a batch with class labels, under `lossFunction`.
public func checkGradients(network: Sequential, input: Matrix, labels: [Int],
                           lossFunction: LossFunction = .softmaxWithCrossEntropy,
                           epsilon: Float = 1e-2) -> GradientCheckReport {
    checkGradients(forward: network.forward, backward: network.inputGradient, parameters: network.parameters,
                   input: input, epsilon: epsilon) { lossFunction($0, labels) }
}

/// The check itself, for anything with a forward pass, a backward pass that returns dL/dInput, and parameters.
private func checkGradients(forward: (Matrix) -> Matrix, backward: (Matrix) -> Matrix, parameters: [Parameter],
                            input: Matrix, epsilon: Float,
                            loss: (Matrix) -> (loss: Float, dOutput: Matrix)) -> GradientCheckReport {
    let output = forward(input)
    let analyticInput = backward(loss(output).dOutput)
    let analytic = parameters.map { $0.gradient }

    var entries: [GradientCheckReport.Entry] = []
    for (p, a) in zip(parameters, analytic) {
        let saved = p.value
        let numerical = numericalGradient(of: { value in
            p.value = value
            return loss(forward(input)).loss
        }, at: saved, epsilon: epsilon)
        p.value = saved
        entries.append(GradientCheckReport.entry(p.name, analytic: a, numerical: numerical))
    }
    let numericalInput = numericalGradient(of: { loss(forward($0)).loss }, at: input, epsilon: epsilon)
    entries.append(GradientCheckReport.entry("input", analytic: analyticInput, numerical: numericalInput))
    return GradientCheckReport(entries: entries)
}

/// A loss that exercises every output element: L = Σ output ⊙ weights, so dL/dOutput = weights.
/// With random weights it checks a layer on its own, with no particular loss in front of it.
public func weightedSumLoss(weights: Matrix) -> (Matrix) -> (loss: Float, dOutput: Matrix) {
    { output in
        precondition(output.shape == weights.shape, "output is \(output.rows)×\(output.cols), weights \(weights.rows)×\(weights.cols)")
        var total: Double = 0
        for (o, w) in zip(output.data, weights.data) { total += Double(o) * Double(w) }
        return (Float(total), weights)
    }
}
