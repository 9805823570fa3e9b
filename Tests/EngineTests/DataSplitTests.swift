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
        let parts = stratifiedSplit(labels: labels, fractions: [0.6, 0.2, 0.2], rng: &rng)
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
        let first = stratifiedSplit(labels: labels, rng: &a)
        #expect(first == stratifiedSplit(labels: labels, rng: &b))
        #expect(first != stratifiedSplit(labels: labels, rng: &c))
    }

    @Test func unevenClassesStayWithinOneOfTheirShare() {
        var rng = SeededRandom(seed: 11)
        let labels = (0..<6_007).map { _ in rng.int(below: 7) }
        let fractions = [0.7, 0.15, 0.15]
        let parts = stratifiedSplit(labels: labels, fractions: fractions, rng: &rng)
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

@Suite struct ImageDatasetTests {
    /// Four 2×2 "images" of two classes.
    func tiny() -> ImageDataset {
        ImageDataset(pixels: [0, 255, 51, 102,
                              255, 255, 0, 0,
                              10, 20, 30, 40,
                              200, 100, 50, 0],
                     labels: [0, 1, 1, 0], classNames: ["a", "b"], width: 2, height: 2, name: "tiny")
    }

    @Test func scaleBatch() {
        let b = tiny().batch([1, 0])
        #expect(b.labels == [1, 0])
        #expect(b.x.rows == 2 && b.x.cols == 4)
        #expect(b.x.row(0) == [1, 1, 0, 0])
        #expect(b.x.row(1) == [0, 1, Float(51) / 255, Float(102) / 255])
    }

    @Test func subsetKeepsOrderAndNames() {
        let s = tiny().subset([3, 1])
        #expect(s.count == 2 && s.labels == [0, 1] && s.classNames == ["a", "b"])
        #expect(Array(s.image(0)) == [200, 100, 50, 0])
        #expect(s.batch([1]).x == tiny().batch([1]).x)
    }

    @Test func standardizationUsesOnlyTheGivenRows() throws {
        let data = tiny()
        let stats = data.standardization(rows: [0, 1])
        guard case let .standardize(mean, std) = stats else { Issue.record("expected standardize"); return }
        #expect(mean.count == 4 && std.count == 1)
        let rawMean: [Double] = [127.5, 255, 25.5, 51]
        let expectedMean = rawMean.map { $0 / 255 }
        for j in 0..<4 { #expect(abs(Double(mean[j]) - expectedMean[j]) < 1e-6) }
        var squares = 0.0
        for i in [0, 1] { for j in 0..<4 { let d = Double(data.pixels[i * 4 + j]) / 255 - expectedMean[j]; squares += d * d } }
        #expect(abs(Double(std[0]) - (squares / 8).squareRoot()) < 1e-6)

        // Changing the other rows (the "test" images) does not change the statistics.
        var other = data.pixels
        for k in 8..<16 { other[k] = 255 - other[k] }
        let changed = ImageDataset(pixels: other, labels: data.labels, classNames: data.classNames, width: 2, height: 2)
        #expect(changed.standardization(rows: [0, 1]) == stats)
        #expect(changed.standardization() != stats)

        // Standardised training rows have mean 0 per pixel and overall variance 1.
        let x = data.normalized(stats).batch([0, 1]).x
        for j in 0..<4 { #expect(abs(x[0, j] + x[1, j]) < 1e-5) }
        #expect(abs(x.data.map { $0 * $0 }.reduce(0, +) / 8 - 1) < 1e-5)
    }

    @Test func globalMeanAndConstantImages() {
        let data = tiny()
        guard case let .standardize(mean, std) = data.standardization(perPixelMean: false) else { return }
        #expect(mean.count == 1 && std.count == 1)
        let all = data.pixels.map { Double($0) / 255 }
        #expect(abs(Double(mean[0]) - all.reduce(0, +) / 16) < 1e-6)
        let flat = ImageDataset(pixels: [7, 7, 7, 7], labels: [0], classNames: ["a"], width: 2, height: 2)
        #expect(flat.standardization() == .standardize(mean: Array(repeating: Float(7.0 / 255), count: 4), std: [1]))
    }
}
