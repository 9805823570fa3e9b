// FileLimitsTests: what a hostile or damaged file can make the readers do: never trap, never
// allocate without bound, never hang; every refusal names the file and says what is wrong.

import Foundation
import Testing
@testable import Engine
import TestSupport

@Suite struct FileLimitsTests {
    // MARK: IDX

    @Test func idxSizesThatOverflowAreRefused() throws {
        // 0xFFFFFFFF images of 0xFFFFFFFF × 0xFFFFFFFF pixels: the product overflows Int.
        let header = IDXBytes.word(0x803) + IDXBytes.word(.max) + IDXBytes.word(.max) + IDXBytes.word(.max)
        let message = try #require(errorMessage { try IDXReader.parseImages(bytes: header, name: "huge") })
        #expect(message.contains("huge") && message.contains("1 to 1024 pixels"))
        // Sides in range, but count·rows·cols far above the cap (4,294,967,295 · 1024 · 1024).
        let big = IDXBytes.word(0x803) + IDXBytes.word(.max) + IDXBytes.word(1024) + IDXBytes.word(1024)
        let bigMessage = try #require(errorMessage { try IDXReader.parseImages(bytes: big, name: "big") })
        #expect(bigMessage.contains("more than the \(IDXReader.maxDataBytes) bytes"))
        #expect(IDXReader.expectedFileSize(big) == nil)
        let labels = IDXBytes.word(0x801) + IDXBytes.word(.max)
        #expect(errorMessage { try IDXReader.parseLabels(bytes: labels, name: "l") }?.contains("more than") == true)
    }

    @Test func idxFileWithNoImagesIsRefusedWhenRead() throws {
        let empty = IDXBytes.images(count: 0)
        #expect(errorMessage { try IDXReader.parseImages(bytes: empty, name: "e") }?.contains("e holds no images") == true)
        let noLabels = IDXBytes.labels([])
        #expect(errorMessage { try IDXReader.parseLabels(bytes: noLabels, name: "n") }?.contains("n holds no labels") == true)
    }

    @Test func idxHeaderGivesTheWholeSize() {
        #expect(IDXReader.expectedFileSize(IDXBytes.images(count: 3)) == 16 + 3 * 784)
        #expect(IDXReader.expectedFileSize(IDXBytes.labels([1, 2])) == 10)
        #expect(IDXReader.expectedFileSize(Array("hello, world, this is text".utf8)) == nil)
    }

    // MARK: Gzip

    @Test func gzipBombIsStoppedAtTheCap() throws {
        // 8 MiB of zeros compress to about 8 KB; with a cap of 1 MiB the reader stops there.
        let zeros = [UInt8](repeating: 0, count: 8 << 20)
        let packed = try Gzip.compress(zeros, level: 9)
        #expect(packed.count < 20_000)
        let message = try #require(errorMessage { try Gzip.decompress(packed, name: "bomb.gz", maxSize: 1 << 20) })
        #expect(message.contains("bomb.gz") && message.contains("more than 1048576 bytes"))
        // Under the default cap it is accepted.
        #expect(try Gzip.decompress(packed, name: "ok.gz").count == 8 << 20)
    }

    @Test func gzipTrailerIsNotTrusted() throws {
        var packed = [UInt8](try Gzip.compress(Array("small".utf8)))
        // Claim 4 GiB − 1 in the trailer (ISIZE): the old reader allocated that much up front.
        for k in 1...4 { packed[packed.count - k] = 0xff }
        let message = try #require(errorMessage { try Gzip.decompress(Data(packed), name: "liar.gz") })
        #expect(message.contains("liar.gz") && message.contains("corrupt or incomplete"))
    }

    @Test func gzippedIdxCannotExpandPastItsHeader() throws {
        let folder = TemporaryFolder()
        // A header promising 2 images, followed by 100 images' worth of pixels.
        var bytes = IDXBytes.images(count: 100)
        bytes.replaceSubrange(4..<8, with: IDXBytes.word(2))
        let path = folder.write("images.gz", [UInt8](try Gzip.compress(bytes)))
        let message = try #require(errorMessage { try IDXReader.readImages(path) })
        #expect(message.contains(path) && message.contains("more than the \(16 + 2 * 784) bytes"))
    }

    @Test func pipesAndDevicesAreNotRead() throws {
        let folder = TemporaryFolder()
        let fifo = folder.file("train-images-idx3-ubyte")
        #expect(mkfifo(fifo, 0o600) == 0)
        let message = try #require(errorMessage { try IDXReader.readImages(fifo) })
        #expect(message.contains(fifo) && message.contains("not a regular file"))
        #expect(errorMessage { try IDXReader.readImages("/dev/zero") }?.contains("not a regular file") == true)
    }

    // MARK: Saved models

    func model(std: Float = 0.3, poison: Bool = false) -> [UInt8] {
        var rng = SeededRandom(seed: 5)
        var weights = rng.normalMatrix(rows: 4, cols: 3)
        if poison { weights[1, 2] = .nan }
        return try! SafeTensors.encode([
            ("layers.0.weight", weights), ("layers.0.bias", Matrix(rows: 1, cols: 3)),
            ("layers.1.weight", rng.normalMatrix(rows: 3, cols: 2)), ("layers.1.bias", Matrix(rows: 1, cols: 2)),
            ("input.mean", Matrix(row: [0, 0, 0, 0])), ("input.std", Matrix(row: [std])),
        ], metadata: ["format": "nn-from-scratch mlp v1", "layer_sizes": "4,3,2", "hidden_activation": "relu",
                      "class_names": "a|b", "normalization": "standardize"])
    }

    @Test func modelWithUnusableInputStatisticsIsRefused() throws {
        #expect(try SavedModel.decode(bytes: model(), name: "good").network.layerSizes == [4, 3, 2])
        for std: Float in [0, -1, .nan, .infinity, Float(bitPattern: 1)] {
            let message = try #require(errorMessage { try SavedModel.decode(bytes: model(std: std), name: "m.safetensors") },
                                       "std \(std)")
            // 0, negative and denormal: not positive enough; NaN and ∞: not finite, named as such.
            let why = std.isFinite ? "input.std must be positive" : "input.std holds values that are not finite"
            #expect(message.contains("m.safetensors") && message.contains(why), "\(message)")
        }
    }

    @Test func modelWithNonFiniteWeightsIsRefusedWithoutBlamingTheLearningRate() throws {
        let message = try #require(errorMessage { try SavedModel.decode(bytes: model(poison: true), name: "nan.safetensors") })
        #expect(message.contains("nan.safetensors") && message.contains("layers.0.weight") && message.contains("NaN"))
        #expect(!message.contains("learning rate"))
    }

    @Test func modelLayerSizesMustAllBeNumbers() throws {
        var tensors = try SafeTensors.decode(model(), name: "m")
        tensors.metadata["layer_sizes"] = "4,x,3,2"
        let bytes = try SafeTensors.encode(tensors.tensors.map { ($0.key, $0.value) }, metadata: tensors.metadata)
        #expect(errorMessage { try SavedModel.decode(bytes: bytes, name: "m") }?.contains("layer sizes") == true)
    }

    // MARK: PNG and atomic writes

    @Test func pngCheckFindsTruncationAnywhere() throws {
        let png = try #require(FileManager.default.contents(atPath: Self.samplePNG)).map { $0 }
        #expect(try PNGFile.check(png, name: "ok").width > 0)
        for cut in [0, 7, 8, 20, 33, png.count / 2, png.count - 12, png.count - 1] {
            #expect(errorMessage { try PNGFile.check(Array(png[0..<cut]), name: "cut") }?.contains("cut is not a whole PNG") == true,
                    "cut at \(cut)")
        }
        var flipped = png
        flipped[png.count / 2] ^= 0x10
        #expect(errorMessage { try PNGFile.check(flipped, name: "f") }?.contains("checksum") == true)
        #expect(errorMessage { try PNGFile.check(png + [0], name: "long") }?.contains("bytes follow its IEND") == true)
    }

    /// A PNG of the package's own (a committed figure).
    static var samplePNG: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("plots/ch01-activations.png").path
    }

    @Test func staleTemporaryFilesOfDeadRunsAreRemoved() throws {
        let folder = TemporaryFolder()
        let target = folder.file("figure.png")
        // A process id that is not running: one past the kernel's largest.
        let dead = folder.write(".figure.png.4194304.tmp", "half")
        let alive = folder.write(".figure.png.1.tmp", "init's")        // pid 1 always runs
        let other = folder.write(".other.png.4194304.tmp", "not ours")
        try AtomicFile.write(Data("whole".utf8), to: target)
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(FileManager.default.fileExists(atPath: alive) && FileManager.default.fileExists(atPath: other))
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "whole")
    }

    @Test func fullDiskLeavesTheOldFileAndSaysDiskFull() throws {
        let folder = TemporaryFolder()
        let target = folder.file("page.md")
        try AtomicFile.write(Data("old".utf8), to: target)
        // This process's temporary name for the file leads to /dev/full, where every write fails
        // with ENOSPC, as on a full disk.
        let temporary = AtomicFile.temporaryPath(for: target)
        try FileManager.default.createSymbolicLink(atPath: temporary, withDestinationPath: "/dev/full")
        let message = try #require(errorMessage { try AtomicFile.write(Data("new".utf8), to: target) })
        #expect(message.contains(target) && message.contains("disk is full"))
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["page.md"])
    }
}
