// EmbeddedDigitsTests: finding the 5,000 digits, the checksum check, and the real files when present.

import Foundation
import Testing
@testable import Engine
import TestSupport

@Suite struct EmbeddedDigitsTests {
    /// A folder with the two files under the embedded names, holding `count` small images.
    func folder(count: Int) -> TemporaryFolder {
        let folder = TemporaryFolder()
        folder.write("mnist-5k-images-idx3-ubyte", IDXBytes.images(count: count) { i, _ in UInt8(i * 20) })
        folder.write("mnist-5k-labels-idx1-ubyte", IDXBytes.labels((0..<count).map { UInt8($0 % 10) }))
        return folder
    }

    @Test func loadsTheTwoIDXFiles() throws {
        let files = folder(count: 10)
        let set = try EmbeddedDigits.load(folder: files.path, checksums: false)
        #expect(set.count == 10 && set.labels == (0..<10).map { UInt8($0) })
        #expect(set.classNames == ClassNames.digits)
        #expect(set.image(4).allSatisfy { $0 == 80 })
    }

    @Test func refusesFilesThatAreNotThePinnedOnes() throws {
        let files = folder(count: 10)
        let message = try #require(errorMessage { try EmbeddedDigits.load(folder: files.path) })
        #expect(message.contains("mnist-5k-images-idx3-ubyte") && message.contains("SHA-256"))
        #expect(message.contains(EmbeddedDigits.sha256["mnist-5k-images-idx3-ubyte"]!))
        #expect(message.contains("scripts/setup"))
    }

    @Test func missingFilesSayToRunSetup() throws {
        let empty = TemporaryFolder()
        let message = try #require(errorMessage { try EmbeddedDigits.locate(in: [empty.path]) })
        #expect(message.contains(empty.path) && message.contains("scripts/setup"))
        // Half of the pair is not enough.
        empty.write("mnist-5k-images-idx3-ubyte", IDXBytes.images(count: 1))
        #expect(errorMessage { try EmbeddedDigits.locate(in: [empty.path]) } != nil)
        let files = folder(count: 3)
        #expect(try EmbeddedDigits.locate(in: [empty.path, files.path]) == files.path)
    }

    /// The real 5,000 digits, when scripts/setup has fetched them: 500 of every digit, split 6:2:2.
    @Test func realDigitsWhenInstalled() throws {
        guard (try? EmbeddedDigits.locate()) != nil else { return }    // scripts/setup not run: nothing to check
        let digits = try EmbeddedDigits.load()
        #expect(digits.count == 5_000)
        #expect(digits.classCounts == Array(repeating: 500, count: 10))
        #expect(digits.pixels.count == 5_000 * 784)
        #expect(digits.pixels.contains(255))

        var rng = SeededRandom(seed: 42)
        let sets = try DataSet.embedded.load(rng: &rng)
        #expect(sets.train.count == 3_000 && sets.validation.count == 1_000 && sets.test.count == 1_000)
        #expect(sets.train.classCounts == Array(repeating: 300, count: 10))
        #expect(sets.validation.classCounts == Array(repeating: 100, count: 10))
        #expect(sets.test.classCounts == Array(repeating: 100, count: 10))
    }
}
