// Softmax: turns a row of scores (logits) into probabilities that are positive and sum to 1.
//
// softmax(z)ᵢ = e^(zᵢ) / Σⱼ e^(zⱼ). Adding a constant to every score leaves the result unchanged,
// so we subtract the largest score first: then every exponent is ≤ 0, nothing overflows, and
// softmax([1000, 1001, 1002]) equals softmax([0, 1, 2]) instead of being NaN.


/// Softmax of one row of scores.
public func softmax(_ scores: [Float]) -> [Float] {
    guard let largest = scores.max() else { return [] }
    let exps = scores.map { Elementary.exp($0 - largest) }
    let total = exps.reduce(0, +)
    return exps.map { $0 / total }
}

/// Softmax of each row of `m` separately (one sample per row, one class per column).
public func softmax(_ m: Matrix) -> Matrix {
    var out = m
    let cols = m.cols
    guard cols > 0 else { return out }
    out.data.withUnsafeMutableBufferPointer { p in
        for i in 0..<m.rows {
            let row = i * cols
            let (_, total) = exponentiateShifted(p, row: row, cols: cols)
            for j in 0..<cols { p[row + j] /= total }
        }
    }
    return out
}

/// Replaces the scores z of one row (cols values from `row`) by e^(z − max z) and returns the max
/// and the sum of the new values: the stable first half of softmax, shared with the fused
/// softmax + cross-entropy loss.
@inline(__always)
func exponentiateShifted(_ p: UnsafeMutableBufferPointer<Float>, row: Int, cols: Int) -> (largest: Float, sum: Float) {
    var largest = p[row]
    for j in 1..<cols { largest = max(largest, p[row + j]) }
    var sum: Float = 0
    for j in 0..<cols {
        let e = Elementary.exp(p[row + j] - largest)
        p[row + j] = e
        sum += e
    }
    return (largest, sum)
}
