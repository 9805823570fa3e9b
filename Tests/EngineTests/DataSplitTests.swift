// DataSplitTests: stratified splits, hold-outs, one-hot labels and normalisation statistics.

import Foundation
import Testing
@testable import Engine

@Suite struct DataSplitTests {
    func counts(_ indices: [Int], _ labels: [Int], classes: Int) -> [Int] {
        var c = [Int](repeating: 0, count: classes)
        for i in indices { c[labels[i]] += 1 }
        return c
    }

    @Test func sixTwoTwoOfFiveThousandIsExact() {
        let labels = (0..<5_000).map { $0 / 500 }          // sorted by class, like the embedded file
        var rng = SeededRandom(seed: 7)
        let parts = DataSplit.stratified(labels: labels, fractions: [0.6, 0.2, 0.2], rng: &rng)
        #expect(parts.map(\.count) == [3_000, 1_000, 1_000])
        #expect(counts(parts[0], labels, classes: 10) == Array(repeating: 300, count: 10))
        #expect(counts(parts[1], labels, classes: 10) == Array(repeating: 100, count: 10))
        #expect(counts(parts[2], labels, classes: 10) == Array(repeating: 100, count: 10))
        #expect(Set(parts.flatMap { $0 }) == Set(0..<5_000))          // a partition: nothing lost or repeated
        #expect(parts.flatMap { $0 }.count == 5_000)
        let firstClasses = Set(parts[2].prefix(20).map { labels[$0] })
        #expect(firstClasses.count > 1)          // returned in random order, not class-sorted
    }

    @Test func sameSeedSameSplitOtherSeedOtherSplit() {
        let labels = (0..<1_000).map { $0 % 10 }
        var a = SeededRandom(seed: 1), b = SeededRandom(seed: 1), c = SeededRandom(seed: 2)
        let first = DataSplit.stratified(labels: labels, fractions: [0.6, 0.2, 0.2], rng: &a)
        #expect(first == DataSplit.stratified(labels: labels, fractions: [0.6, 0.2, 0.2], rng: &b))
        #expect(first != DataSplit.stratified(labels: labels, fractions: [0.6, 0.2, 0.2], rng: &c))
    }

    @Test func unevenClassesStayWithinOneOfTheirShare() {
        var rng = SeededRandom(seed: 11)
        let labels = (0..<6_007).map { _ in rng.int(below: 7) }
        let fractions = [0.7, 0.15, 0.15]
        let parts = DataSplit.stratified(labels: labels, fractions: fractions, rng: &rng)
        #expect(parts.map(\.count).reduce(0, +) == labels.count)
        for (s, f) in fractions.enumerated() {
            #expect(abs(Double(parts[s].count) - f * Double(labels.count)) < 1)
            let whole = counts(Array(labels.indices), labels, classes: 7)
            let mine = counts(parts[s], labels, classes: 7)
            for k in 0..<7 { #expect(abs(Double(mine[k]) - f * Double(whole[k])) <= 1.0 + 1e-9) }
        }
    }

    @Test func holdOutOfSixtyThousand() {
        // Real MNIST's uneven class sizes, 60,000 in all.
        let sizes = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
        let labels = sizes.enumerated().flatMap { Array(repeating: $0.offset, count: $0.element) }
        var rng = SeededRandom(seed: 5)
        let split = DataSplit.holdOut(labels: labels, validationCount: 5_000, rng: &rng)
        #expect(split.validation.count == 5_000 && split.train.count == 55_000)
        #expect(Set(split.train).isDisjoint(with: split.validation))
        let held = counts(split.validation, labels, classes: 10)
        for k in 0..<10 { #expect(abs(Double(held[k]) - Double(sizes[k]) / 12) <= 1) }
    }

    @Test func oneHotRows() {
        let m = oneHot([2, 0, 1], classes: 3)
        #expect(m == Matrix([[0, 0, 1], [1, 0, 0], [0, 1, 0]]))
        #expect(oneHot([], classes: 4).rows == 0)
    }
}
