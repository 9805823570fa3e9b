// ConfusionMatrix: which classes the network confuses with which.
//
// counts[t][p] is the number of samples of true class t that were predicted as class p; the
// diagonal holds the correct answers.

public struct ConfusionMatrix: Sendable, Equatable {
    public private(set) var counts: [[Int]]

    public init(classes: Int) { counts = Array(repeating: Array(repeating: 0, count: classes), count: classes) }

    public init(truth: [Int], predicted: [Int], classes: Int) {
        precondition(truth.count == predicted.count, "\(truth.count) labels but \(predicted.count) predictions")
        self.init(classes: classes)
        for (t, p) in zip(truth, predicted) { counts[t][p] += 1 }
    }

    public var total: Int { counts.joined().reduce(0, +) }
    public var correct: Int { counts.indices.map { counts[$0][$0] }.reduce(0, +) }
    public var accuracy: Double { total == 0 ? 0 : Double(correct) / Double(total) }

    /// The fraction of class t that was recognised (recall).
    public func recall(_ t: Int) -> Double {
        let n = counts[t].reduce(0, +)
        return n == 0 ? 0 : Double(counts[t][t]) / Double(n)
    }

    /// The off-diagonal cells, largest first: (true class, predicted class, count).
    public func mostCommonMistakes(_ limit: Int) -> [(truth: Int, predicted: Int, count: Int)] {
        var cells: [(Int, Int, Int)] = []
        for t in counts.indices { for p in counts.indices where t != p && counts[t][p] > 0 { cells.append((t, p, counts[t][p])) } }
        return Array(cells.sorted { ($0.2, -$0.0, -$0.1) > ($1.2, -$1.0, -$1.1) }.prefix(limit))
            .map { (truth: $0.0, predicted: $0.1, count: $0.2) }
    }
}
