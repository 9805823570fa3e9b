// RequestLimitsTests: requests the data cannot satisfy are refused with a message, never turned into
// other requests, and never trap.

import Foundation
import Testing
@testable import Engine
import TestSupport

@Suite struct RequestLimitsTests {
    /// Three images of class 0, one of class 1.
    func small() -> ImageDataset {
        ImageDataset(pixels: [UInt8](repeating: 9, count: 4 * 4), labels: [0, 0, 1, 0], classNames: ["zero", "one"],
                     width: 2, height: 2, name: "tiny set")
    }

    @Test func samplingMoreThanAClassHoldsIsRefused() throws {
        var rng = SeededRandom(seed: 1)
        #expect(try small().sampling(perClass: 1, rng: &rng).classCounts == [1, 1])
        let message = try #require(errorMessage { try small().sampling(perClass: 2, rng: &rng) })
        #expect(message.contains("cannot pick 2 images of class one") && message.contains("tiny set has only 1"))
        #expect(errorMessage { try small().sampling(perClass: 0, rng: &rng) }?.contains("pick at least 1") == true)
    }

    @Test func pcaWithTooFewDimensionsOrPointsThrows() throws {
        let oneDimension = Matrix(rows: 5, cols: 1, data: [1, 2, 3, 4, 5])
        let message = try #require(errorMessage { try PCA(oneDimension, components: 2) })
        #expect(message.contains("2 directions in points of 1 dimension"))
        #expect(errorMessage { try PCA(Matrix(rows: 1, cols: 3, data: [1, 2, 3])) }?.contains("at least two points") == true)
        // Two dimensions suffice: the spread lies along the first axis.
        let pca = try PCA(Matrix(rows: 3, cols: 2, data: [0, 0, 1, 0, 2, 0]), components: 2)
        #expect(abs(pca.explained[0] - 1) < 1e-9)
    }
}
