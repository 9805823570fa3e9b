// ImageDatasetTests: bytes to inputs, normalisation, subsets.

import Foundation
import Testing
@testable import Engine
import TestSupport

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

    /// The conversion multiplies instead of dividing (ImageDataset.over255); every byte must still
    /// come out as the division's Float, bit for bit, in a batch as on its own.
    @Test func everyByteScalesToTheDivisionsFloat() {
        for byte in 0...255 {
            let quotient = Float(byte) / 255
            #expect(ImageDataset.over255(UInt8(byte)).bitPattern == quotient.bitPattern, "\(byte)")
        }
        let bytes: [UInt8] = (0...255).map { UInt8($0) }
        let quotients: [Float] = bytes.map { Float($0) / 255 }
        let all = ImageDataset(pixels: bytes, labels: [0], classNames: ["a"], width: 16, height: 16)
        let converted: [Float] = all.batch([0]).x.data
        #expect(converted.map(\.bitPattern) == quotients.map(\.bitPattern))
        // A plain multiply by 1/255 would not do: it misses about half of them.
        let reciprocal: Float = 1 / 255
        let misses = zip(bytes, quotients).filter { byte, quotient in Float(byte) * reciprocal != quotient }
        #expect(misses.count > 100)
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
