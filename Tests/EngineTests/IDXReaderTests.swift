// IDXReaderTests: reading MNIST IDX files, plain and gzip, and every way a folder can be wrong.

import Foundation
import Testing
@testable import Engine
import TestSupport

@Suite struct IDXReaderTests {
    /// A complete MNIST-style folder with `train` and `test` samples, gzip or not.
    func makeFolder(train: Int = 24, test: Int = 10, gzip: Bool) throws -> TemporaryFolder {
        let folder = TemporaryFolder()
        for (prefix, n) in [("train", train), ("t10k", test)] {
            let images = IDXBytes.images(count: n)
            let labels = IDXBytes.labels((0..<n).map { UInt8($0 % 10) })
            if gzip {
                folder.write("\(prefix)-images-idx3-ubyte.gz", [UInt8](try Gzip.compress(images)))
                folder.write("\(prefix)-labels-idx1-ubyte.gz", [UInt8](try Gzip.compress(labels)))
            } else {
                folder.write("\(prefix)-images-idx3-ubyte", images)
                folder.write("\(prefix)-labels-idx1-ubyte", labels)
            }
        }
        return folder
    }

    @Test(arguments: [false, true])
    func readsAFolder(gzip: Bool) throws {
        let folder = try makeFolder(gzip: gzip)
        let train = try IDXReader.loadPair(folder: folder.path, prefix: "train", classNames: ClassNames.digits, name: "t")
        #expect(train.count == 24)
        #expect(train.width == 28 && train.height == 28)
        #expect(train.labels == (0..<24).map { UInt8($0 % 10) })
        let expectedImage: [UInt8] = (0..<784).map { j in UInt8((21 + j) % 256) }
        #expect(Array(train.image(3)) == expectedImage)
        let test = try IDXReader.loadPair(folder: folder.path, prefix: "t10k", classNames: ClassNames.digits, name: "t")
        #expect(test.count == 10)
    }

    @Test func loadDataSetFromFolderHoldsOutValidationByClass() throws {
        let folder = try makeFolder(train: 120, test: 10, gzip: true)
        var rng = SeededRandom(seed: 9)
        let sets = try DataSet.folder(folder.path).load(rng: &rng)
        #expect(sets.validation.count == 10)         // a twelfth of 120
        #expect(sets.train.count == 110)
        #expect(sets.test.count == 10)
        #expect(sets.validation.classCounts == Array(repeating: 1, count: 10))
        #expect(sets.description.contains(folder.path))
    }

    @Test func missingFolderListsTheExpectedFiles() {
        let message = errorMessage {
            try IDXReader.loadPair(folder: "/no/such/mnist", prefix: "train", classNames: ClassNames.digits, name: "t")
        }
        #expect(message?.contains("/no/such/mnist") == true)
        #expect(message?.contains("train-images-idx3-ubyte") == true)
        #expect(message?.contains("t10k-labels-idx1-ubyte") == true)
    }

    @Test func missingFileListsTheExpectedFiles() throws {
        let folder = try makeFolder(gzip: false)
        try FileManager.default.removeItem(atPath: folder.file("train-labels-idx1-ubyte"))
        let message = try #require(errorMessage {
            try IDXReader.loadPair(folder: folder.path, prefix: "train", classNames: ClassNames.digits, name: "t")
        })
        #expect(message.contains(folder.path))
        #expect(message.contains("train-labels-idx1-ubyte"))
        #expect(message.contains("t10k-images-idx3-ubyte"))
    }

    @Test func wrongMagicNumber() throws {
        let folder = TemporaryFolder()
        let images = folder.write("images", IDXBytes.images(count: 2, magic: 0x801))
        let message = try #require(errorMessage { try IDXReader.readImages(images) })
        #expect(message.contains(images))
        #expect(message.contains("0x00000801") && message.contains("0x00000803"))
        #expect(message.contains("swapped"))

        let labels = folder.write("labels", IDXBytes.labels([1, 2], magic: 0x12345678))
        let other = try #require(errorMessage { try IDXReader.readLabels(labels) })
        #expect(other.contains(labels) && other.contains("0x12345678"))
    }

    @Test func truncatedData() throws {
        let folder = TemporaryFolder()
        let full = IDXBytes.images(count: 3)
        let cut = folder.write("cut-images", Array(full[0..<(full.count - 100)]))
        let message = try #require(errorMessage { try IDXReader.readImages(cut) })
        #expect(message.contains(cut) && message.contains("truncated"))

        let header = folder.write("header-only", Array(full[0..<10]))
        #expect(errorMessage { try IDXReader.readImages(header) }?.contains("truncated") == true)

        let labels = IDXBytes.labels([1, 2, 3])
        let cutLabels = folder.write("cut-labels", Array(labels[0..<(labels.count - 1)]))
        #expect(errorMessage { try IDXReader.readLabels(cutLabels) }?.contains(cutLabels) == true)

        // Truncated inside the gzip stream rather than inside the IDX data.
        let packed = [UInt8](try Gzip.compress(full))
        let cutGzip = folder.write("cut.gz", Array(packed[0..<(packed.count - 12)]))
        let gzMessage = try #require(errorMessage { try IDXReader.readImages(cutGzip) })
        #expect(gzMessage.contains(cutGzip))
    }

    @Test func imageAndLabelCountsMustAgree() throws {
        let folder = try makeFolder(gzip: false)
        folder.write("train-labels-idx1-ubyte", IDXBytes.labels(Array(repeating: 1, count: 23)))
        let message = try #require(errorMessage {
            try IDXReader.loadPair(folder: folder.path, prefix: "train", classNames: ClassNames.digits, name: "t")
        })
        #expect(message.contains("24 images") && message.contains("23 labels"))
        #expect(message.contains(folder.file("train-labels-idx1-ubyte")))
    }

    @Test func imagesMustBe28By28() throws {
        let folder = try makeFolder(gzip: false)
        folder.write("train-images-idx3-ubyte", IDXBytes.images(count: 24, rows: 32, cols: 32))
        let message = try #require(errorMessage {
            try IDXReader.loadPair(folder: folder.path, prefix: "train", classNames: ClassNames.digits, name: "t")
        })
        #expect(message.contains("32×32") && message.contains("28×28"))
        #expect(message.contains(folder.file("train-images-idx3-ubyte")))
    }

    @Test func labelsMustBeDigits() throws {
        let folder = try makeFolder(gzip: false)
        var labels = (0..<24).map { UInt8($0 % 10) }
        labels[5] = 12
        folder.write("train-labels-idx1-ubyte", IDXBytes.labels(labels))
        let message = try #require(errorMessage {
            try IDXReader.loadPair(folder: folder.path, prefix: "train", classNames: ClassNames.digits, name: "t")
        })
        #expect(message.contains("12") && message.contains("0–9"))
        #expect(message.contains(folder.file("train-labels-idx1-ubyte")))
    }

    @Test func fashionMNISTLoadsWhenInstalled() throws {
        guard FileManager.default.fileExists(atPath: DataSet.fashionFolder) else { return }
        var rng = SeededRandom(seed: 1)
        let sets = try DataSet.fashion.load(rng: &rng)
        #expect(sets.train.count == 55_000 && sets.validation.count == 5_000 && sets.test.count == 10_000)
        #expect(sets.validation.classCounts == Array(repeating: 500, count: 10))
        #expect(sets.train.classNames[9] == "Ankle boot")
    }
}
