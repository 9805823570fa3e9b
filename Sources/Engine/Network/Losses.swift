// Losses: how far a network's output is from the truth, and the gradient of that distance with
// respect to the output, which is where backpropagation starts.
//
// Every loss here is a mean (over all elements, or over the samples of a batch), so its size does
// not depend on the batch size, and every gradient includes that 1/n. Gradients are named after
// the derivative they are, d_L_d_ypred in Victor Zhou's spelling.


/// Probabilities are clamped to [probabilityFloor, 1 − probabilityFloor] before taking a log, so a
/// confident wrong answer costs −log(1e-7) ≈ 16.1 instead of infinity.
public let probabilityFloor: Float = 1e-7

private func clampProbability(_ p: Float) -> Float { min(max(p, probabilityFloor), 1 - probabilityFloor) }

// MARK: Mean squared error

/// Mean over all elements of (yTrue − yPred)². MSE of [1, 0, 0, 1] against all zeros is 0.5.
public func meanSquaredError(yTrue: [Float], yPred: [Float]) -> Float {
    precondition(yTrue.count == yPred.count, "\(yTrue.count) targets but \(yPred.count) predictions")
    guard !yTrue.isEmpty else { return 0 }
    var total: Float = 0
    for (t, p) in zip(yTrue, yPred) { total += (t - p) * (t - p) }
    return total / Float(yTrue.count)
}

/// Mean over all elements of (yTrue − yPred)².
public func meanSquaredError(yTrue: Matrix, yPred: Matrix) -> Float {
    precondition(yTrue.shape == yPred.shape, "targets are \(yTrue.rows)×\(yTrue.cols), predictions \(yPred.rows)×\(yPred.cols)")
    return meanSquaredError(yTrue: yTrue.data, yPred: yPred.data)
}

/// d_L_d_ypred for the mean squared error: 2·(yPred − yTrue) / n, n the number of elements.
public func meanSquaredErrorGradient(yTrue: Matrix, yPred: Matrix) -> Matrix {
    precondition(yTrue.shape == yPred.shape, "targets are \(yTrue.rows)×\(yTrue.cols), predictions \(yPred.rows)×\(yPred.cols)")
    let scale = 2 / Float(max(yTrue.count, 1))
    return yPred.zipWith(yTrue) { scale * ($0 - $1) }
}

// MARK: Binary cross-entropy

/// Mean over all elements of −[y·log p + (1 − y)·log(1 − p)], for probabilities p (a sigmoid
/// output) and targets y in {0, 1}. p is clamped away from 0 and 1.
public func binaryCrossEntropy(probabilities: Matrix, targets: Matrix) -> Float {
    precondition(probabilities.shape == targets.shape, "probabilities are \(probabilities.rows)×\(probabilities.cols), targets \(targets.rows)×\(targets.cols)")
    guard probabilities.count > 0 else { return 0 }
    var total: Float = 0
    for (p, y) in zip(probabilities.data, targets.data) {
        let q = clampProbability(p)
        total -= y * Elementary.log(q) + (1 - y) * Elementary.log(1 - q)
    }
    return total / Float(probabilities.count)
}

/// d_L_d_p for the binary cross-entropy: (p − y) / (p·(1 − p)) / n, with p clamped as in the loss.
public func binaryCrossEntropyGradient(probabilities: Matrix, targets: Matrix) -> Matrix {
    precondition(probabilities.shape == targets.shape, "probabilities are \(probabilities.rows)×\(probabilities.cols), targets \(targets.rows)×\(targets.cols)")
    let n = Float(max(probabilities.count, 1))
    return probabilities.zipWith(targets) { p, y in
        let q = clampProbability(p)
        return (q - y) / (q * (1 - q)) / n
    }
}

// MARK: Categorical cross-entropy

/// Mean over the batch of −log p[label]: probabilities have one row per sample (a softmax output),
/// labels the correct class of each row. p is clamped away from 0.
public func categoricalCrossEntropy(probabilities: Matrix, labels: [Int]) -> Float {
    precondition(probabilities.rows == labels.count, "\(probabilities.rows) rows but \(labels.count) labels")
    guard !labels.isEmpty else { return 0 }
    var total: Float = 0
    for (i, label) in labels.enumerated() { total -= Elementary.log(clampProbability(probabilities[i, label])) }
    return total / Float(labels.count)
}

/// d_L_d_p for the categorical cross-entropy: −1 / (p[label]·batchSize) at each row's label, 0 elsewhere.
public func categoricalCrossEntropyGradient(probabilities: Matrix, labels: [Int]) -> Matrix {
    precondition(probabilities.rows == labels.count, "\(probabilities.rows) rows but \(labels.count) labels")
    var d_L_d_p = Matrix(rows: probabilities.rows, cols: probabilities.cols)
    let n = Float(max(labels.count, 1))
    for (i, label) in labels.enumerated() { d_L_d_p[i, label] = -1 / (clampProbability(probabilities[i, label]) * n) }
    return d_L_d_p
}

// MARK: Softmax and cross-entropy together

/// Softmax followed by categorical cross-entropy, in one step, from raw scores (logits).
///
/// The loss of a row is log Σⱼ e^(zⱼ) − z[label], computed with the max subtracted, so it stays
/// finite for logits in the thousands. Its gradient is the famous simple one:
/// dLogits = (softmax(z) − onehot(label)) / batchSize.
public func softmaxCrossEntropy(logits: Matrix, labels: [Int]) -> (loss: Float, dLogits: Matrix) {
    precondition(logits.rows == labels.count, "\(logits.rows) rows of logits but \(labels.count) labels")
    guard !labels.isEmpty else { return (0, logits) }
    let n = Float(labels.count), cols = logits.cols
    var total: Float = 0
    var d_L_d_logits = logits
    d_L_d_logits.data.withUnsafeMutableBufferPointer { d in
        for (i, label) in labels.enumerated() {
            precondition(label >= 0 && label < cols, "label \(label) is not one of the \(cols) classes")
            let row = i * cols
            // Shift by the row's largest logit: every exponent is ≤ 0, and z[label] − max is exact.
            let (largest, sum) = exponentiateShifted(d, row: row, cols: cols)
            total += Elementary.log(sum) - (logits.data[row + label] - largest)
            // (softmax − onehot) / n
            for j in 0..<cols { d[row + j] = d[row + j] / sum / n }
            d[row + label] -= 1 / n
        }
    }
    return (total / n, d_L_d_logits)
}
