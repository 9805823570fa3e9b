// oneHot: class labels as rows of 0s with a single 1, the targets a squared-error loss compares with.

/// Labels as one-hot rows: row i has a 1 in column labels[i] and 0 elsewhere (labels.count × classes).
public func oneHot(_ labels: [Int], classes: Int) -> Matrix {
    var m = Matrix(rows: labels.count, cols: classes)
    for (i, label) in labels.enumerated() {
        precondition(label >= 0 && label < classes, "label \(label) is outside 0..<\(classes)")
        m.data[i * classes + label] = 1
    }
    return m
}
