// DataSplit: dividing samples into training, validation and test sets, class by class.
//
// A stratified split gives every part the same class proportions as the whole, so a 10-class data
// set with 500 images per class split 6:2:2 gets exactly 300/100/100 images of every class.
// How: shuffle the samples of each class with the seeded generator, lay the classes end to end, and
// deal the samples out in that order, each going to the part that is furthest behind its share so
// far. Every part then ends within one sample of its share overall and within one sample of its
// share in every class. The same seed always gives the same split.

public enum DataSplit {
    /// Index lists, one per fraction, partitioning 0..<labels.count with the class proportions of
    /// `labels` in each. Fractions must be positive; they are scaled to sum to 1. Each list comes
    /// back in random order (drawn from `rng`), so its first items are not all of one class.
    public static func stratified(labels: [Int], fractions: [Double], rng: inout SeededRandom) -> [[Int]] {
        precondition(!fractions.isEmpty && fractions.allSatisfy { $0 > 0 && $0.isFinite },
                     "split fractions must be positive, got \(fractions)")
        let total = fractions.reduce(0, +)
        let shares = fractions.map { $0 / total }

        // Samples grouped by class (classes in increasing order), shuffled within each class.
        var byClass: [Int: [Int]] = [:]
        for (i, label) in labels.enumerated() { byClass[label, default: []].append(i) }
        var order: [Int] = []
        order.reserveCapacity(labels.count)
        for label in byClass.keys.sorted() {
            var members = byClass[label]!
            rng.shuffle(&members)
            order.append(contentsOf: members)
        }

        // Deal them out: each sample to the part furthest behind (k+1)·share.
        var parts = [[Int]](repeating: [], count: shares.count)
        for (k, index) in order.enumerated() {
            var best = 0
            var bestDeficit = -Double.infinity
            for (s, share) in shares.enumerated() {
                let deficit = Double(k + 1) * share - Double(parts[s].count)
                if deficit > bestDeficit + 1e-9 { best = s; bestDeficit = deficit }
            }
            parts[best].append(index)
        }
        for s in parts.indices { rng.shuffle(&parts[s]) }
        return parts
    }

    /// Holds out `validationCount` samples, stratified, from a training set: returns the indices
    /// kept for training and those held out for validation, each in random order.
    public static func holdOut(labels: [Int], validationCount: Int, rng: inout SeededRandom) -> (train: [Int], validation: [Int]) {
        precondition(validationCount > 0 && validationCount < labels.count,
                     "cannot hold out \(validationCount) of \(labels.count) samples")
        let n = Double(labels.count)
        let parts = stratified(labels: labels, fractions: [n - Double(validationCount), Double(validationCount)], rng: &rng)
        return (parts[0], parts[1])
    }
}
