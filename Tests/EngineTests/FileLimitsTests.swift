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

    /// Sets a file's modification time `seconds` into the past.
    func age(_ path: String, by seconds: TimeInterval) throws {
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-seconds)], ofItemAtPath: path)
    }

    @Test func leftoverTemporariesNobodyHoldsAreRemovedOnceAMinuteOld() throws {
        let folder = TemporaryFolder()
        let target = folder.file("figure.png")
        let leftover = folder.write(".nn-abcdefghijkl.tmp", "half")
        try age(leftover, by: 120)
        let young = folder.write(".nn-mnopqrstuvwx.tmp", "being made")          // not yet a minute old
        let held = folder.write(".nn-heldbyanothr.tmp", "another run's")
        try age(held, by: 120)
        // Another run's lock: a lock belongs to an open file, so a second open of it here conflicts.
        let holder = open(held, O_RDONLY)
        #expect(flock(holder, LOCK_EX) == 0)
        defer { close(holder) }
        let other = folder.write("notes.tmp", "not ours")
        try age(other, by: 120)
        try AtomicFile.write(Data("whole".utf8), to: target)
        #expect(!FileManager.default.fileExists(atPath: leftover))
        for kept in [young, held, other] { #expect(FileManager.default.fileExists(atPath: kept), "\(kept)") }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "whole")
    }

    /// A link planted at a temporary name is never written through: the next name is drawn, the
    /// link and the file it points to stay as they were.
    @Test func aLinkPlantedAtATemporaryNameIsNeverFollowed() throws {
        let folder = TemporaryFolder()
        let victim = folder.write("victim", "precious")
        let target = folder.file("model.safetensors")
        var planted: [String] = []
        for k in 0..<3 {
            let name = ".nn-planted\(k).tmp"
            try FileManager.default.createSymbolicLink(atPath: folder.file(name), withDestinationPath: victim)
            planted.append(name)
        }
        try FileManager.default.createSymbolicLink(atPath: folder.file(".nn-dangling0.tmp"), withDestinationPath: folder.file("nowhere"))
        planted.append(".nn-dangling0.tmp")
        var tries = planted[...]
        try AtomicFile.write(Data("new model".utf8), to: target, writing: Foundation.write, names: { tries.popFirst() })
        #expect(tries.isEmpty)
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious")
        #expect(!FileManager.default.fileExists(atPath: folder.file("nowhere")))
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new model")
        for name in planted {
            #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: folder.file(name))) != nil, "\(name)")
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: target)
        #expect(attributes[.type] as? FileAttributeType == .typeRegular)
    }

    /// Temporary names are short and random: a final name of 255 bytes, the longest a file system
    /// takes, is written, and two writes never use the same temporary name.
    @Test func temporaryNamesAreShortAndUnpredictable() throws {
        let folder = TemporaryFolder()
        let longest = folder.file(String(repeating: "n", count: 251) + ".png")
        try AtomicFile.write(Data("whole".utf8), to: longest)
        #expect(try String(contentsOfFile: longest, encoding: .utf8) == "whole")
        let names = (0..<200).map { _ in LockedTemporary.randomName(prefix: AtomicFile.prefix, suffix: AtomicFile.suffix) }
        #expect(Set(names).count == names.count)
        #expect(names.allSatisfy { $0.utf8.count == 20 })
    }

    @Test func fullDiskLeavesTheOldFileAndSaysDiskFull() throws {
        let folder = TemporaryFolder()
        let target = folder.file("page.md")
        try AtomicFile.write(Data("old".utf8), to: target)
        // Every write fails with ENOSPC, as on a full disk.
        let message = try #require(errorMessage {
            try AtomicFile.write(Data("new".utf8), to: target, writing: { _, _, _ in errno = ENOSPC; return -1 })
        })
        #expect(message.contains(target) && message.contains("disk is full"))
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["page.md"])
    }
}
