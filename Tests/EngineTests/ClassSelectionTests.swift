// ClassSelectionTests: picking classes and few labels, as the transfer-learning experiments do.

import Testing
@testable import Engine
import TestSupport

/// Picking classes and few labels, as the transfer-learning experiments do.
@Suite struct ClassSelectionTests {
    /// 30 one-pixel "images": class c has 10 images whose pixel is 10·c + k.
    let data = ImageDataset(pixels: (0..<30).map { UInt8(($0 % 3) * 10 + $0 / 3) }, labels: (0..<30).map { UInt8($0 % 3) },
                            classNames: ["zero", "one", "two"], width: 1, height: 1, name: "toy")

    @Test func selectingClassesRelabelsInTheGivenOrder() {
        let picked = data.selecting(classes: [2, 0])
        #expect(picked.count == 20)
        #expect(picked.classNames == ["two", "zero"])
        #expect(picked.classCounts == [10, 10])
        for i in 0..<picked.count {
            let original = Int(picked.image(i).first!) / 10        // the class the pixel was made for
            #expect(picked.labels[i] == (original == 2 ? 0 : 1))
        }
        #expect(picked.normalization == data.normalization)
    }

    @Test func samplingTakesSoManyOfEveryClassReproducibly() throws {
        var a = SeededRandom(seed: 3), b = SeededRandom(seed: 3), c = SeededRandom(seed: 4)
        let first = try data.sampling(perClass: 4, rng: &a)
        #expect(first.classCounts == [4, 4, 4])
        #expect(Set(first.pixels).count == 12)                     // twelve different images
        for i in 0..<first.count { #expect(Int(first.image(i).first!) / 10 == Int(first.labels[i])) }
        #expect(try data.sampling(perClass: 4, rng: &b).pixels == first.pixels)
        #expect(try data.sampling(perClass: 4, rng: &c).pixels != first.pixels)
    }

    @Test func samplingMoreThanAClassHasIsRefused() {
        var rng = SeededRandom(seed: 1)
        let message = errorMessage { try data.sampling(perClass: 11, rng: &rng) }
        #expect(message?.contains("11") == true && message?.contains("only 10") == true)
        #expect(errorMessage { try data.sampling(perClass: 0, rng: &rng) } != nil)
    }
}
