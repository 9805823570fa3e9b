// ConvNetFileTests: Chapter 08's network files, each refusal made from a valid file written by the
// engine and then damaged in one precise way. A file the reader accepts must never make forward trap.

import Foundation
import Testing
@testable import Engine
import TestSupport

@Suite struct ConvNetFileTests {
    /// Convolution (6×6 images, padding 1), ReLU, pooling, flattening and a dense layer of 3 classes:
    /// 36 numbers in, layers.0 and layers.4 with weights.
    static func network() -> Sequential {
        var rng = SeededRandom(seed: 24)
        return Sequential([
            Conv2D(inChannels: 1, outChannels: 2, kernel: 3, height: 6, width: 6, padding: 1, rng: &rng, name: "layers.0"),
            ActivationLayer(.relu),
            MaxPool2D(channels: 2, height: 6, width: 6, size: 2),
            Flatten(channels: 2, height: 3, width: 3),
            Dense(inputs: 18, outputs: 3, rng: &rng, name: "layers.4"),
        ])
    }

    /// The bytes the engine writes for `network()`.
    static func file(_ normalization: Normalization = .standardize(mean: [0.1], std: [0.3])) throws -> [UInt8] {
        let folder = TemporaryFolder()
        let path = folder.file("net.safetensors")
        try ConvNetFile(network: network(), normalization: normalization, classNames: ["a", "b", "c"]).save(to: path)
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// `bytes` with `change` applied to the header's text (which is padded again to 8 bytes).
    static func editHeader(_ bytes: [UInt8], _ change: (String) -> String) -> [UInt8] {
        let length = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        var header = Array(change(String(decoding: bytes[8..<(8 + length)], as: UTF8.self)).utf8)
        while header.count % 8 != 0 { header.append(UInt8(ascii: " ")) }
        let count = UInt64(header.count)
        return (0..<8).map { UInt8(truncatingIfNeeded: count >> UInt64(8 * $0)) } + header + bytes[(8 + length)...]
    }

    /// Where the data begins.
    static func dataStart(_ bytes: [UInt8]) -> Int {
        8 + bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
    }

    /// The data_offsets the header gives `tensor`.
    static func offsets(of tensor: String, in bytes: [UInt8]) throws -> (begin: Int, end: Int) {
        let header = String(decoding: bytes[8..<dataStart(bytes)], as: UTF8.self)
        let start = try #require(header.range(of: "\"\(tensor)\":{")).upperBound
        let list = try #require(header[start...].range(of: "\"data_offsets\":[")).upperBound
        let numbers = header[list...].prefix { $0 != "]" }.split(separator: ",").compactMap { Int($0) }
        try #require(numbers.count == 2)
        return (numbers[0], numbers[1])
    }

    /// `bytes` with the data_offsets of `tensor` set to `text`.
    static func setOffsets(of tensor: String, to text: String, in bytes: [UInt8]) -> [UInt8] {
        editHeader(bytes) {
            $0.replacingOccurrences(of: "(\"\(tensor)\":\\{[^}]*\"data_offsets\":\\[)[0-9]+,[0-9]+\\]", with: "$1\(text)]",
                                    options: .regularExpression)
        }
    }

    /// The message `load` refuses `bytes` with (written to a file named damaged.safetensors), or nil.
    static func refusal(_ bytes: [UInt8]) -> String? {
        let folder = TemporaryFolder()
        let path = folder.file("damaged.safetensors")
        try? Data(bytes).write(to: URL(fileURLWithPath: path))
        return errorMessage { try ConvNetFile.load(from: path) }
    }

    @Test func theUndamagedFileIsRead() throws {
        for normalization: Normalization in [.scale, .standardize(mean: [0.1], std: [0.3]),
                                             .standardize(mean: Array(repeating: 0.2, count: 36), std: Array(repeating: 0.5, count: 36))] {
            let bytes = try Self.file(normalization)
            #expect(Self.refusal(bytes) == nil)
            let read = try ConvNetFile.decode(bytes, name: "net", inputCount: 36)
            #expect(read.normalization == normalization && read.inputCount == 36)
            let x = Matrix(rows: 2, cols: 36, data: (0..<72).map { Float($0) / 72 })
            #expect(read.network.forward(x) == Self.network().forward(x))
        }
    }

    @Test func offsetsAndPaddingsThatOverflowAreRefused() throws {
        let bytes = try Self.file()
        // data_offsets near Int.max: begin + 4·count overflows.
        let offsets = Self.setOffsets(of: "layers.0.bias", to: "9223372036854775800,8", in: bytes)
        #expect(offsets != bytes)
        let offsetMessage = try #require(Self.refusal(offsets))
        #expect(offsetMessage.contains("damaged.safetensors") && offsetMessage.contains("\"layers.0.bias\" has no valid data_offsets"))
        // A padding of 2⁶² pixels: height + 2·padding overflows.
        let padding = Self.editHeader(bytes) { $0.replacingOccurrences(of: "conv2d 1 2 3 6 6 1", with: "conv2d 1 2 3 6 6 4611686018427387904") }
        #expect(padding != bytes)
        let paddingMessage = try #require(Self.refusal(padding))
        #expect(paddingMessage.contains("layer 0 (\"conv2d 1 2 3 6 6 4611686018427387904\") has invalid sizes"))
        // A padding as large as the kernel, and sides past the caps.
        let wide = Self.editHeader(bytes) { $0.replacingOccurrences(of: "conv2d 1 2 3 6 6 1", with: "conv2d 1 2 3 6 6 3") }
        #expect(Self.refusal(wide)?.contains("is not a possible convolution (padding below the kernel") == true)
    }

    @Test func absurdSizesAreRefusedBeforeForwardAllocatesThem() throws {
        // A 1×1 convolution of 65,536 × 65,536 images pooled to one number: consistent, but 4 Gi numbers per image.
        var rng = SeededRandom(seed: 1)
        let folder = TemporaryFolder()
        let path = folder.file("tiny.safetensors")
        try ConvNetFile(network: Sequential([Conv2D(inChannels: 1, outChannels: 1, kernel: 1, height: 2, width: 2, rng: &rng, name: "layers.0"),
                                             MaxPool2D(channels: 1, height: 2, width: 2, size: 2)]),
                        normalization: .scale, classNames: ["only"]).save(to: path)
        let tiny = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(Self.refusal(tiny) == nil)
        let huge = Self.editHeader(tiny) {
            $0.replacingOccurrences(of: "conv2d 1 1 1 2 2 0;maxpool2d 1 2 2 2", with: "conv2d 1 1 1 65536 65536 0;maxpool2d 1 65536 65536 65536")
        }
        #expect(huge != tiny)
        #expect(Self.refusal(huge)?.contains("layer 0 (\"conv2d 1 1 1 65536 65536 0\") is not a possible convolution") == true)
    }

    @Test func nonFiniteWeightsAreRefused() throws {
        for poison in [Float.nan, .infinity, -.infinity] {
            var bytes = try Self.file()
            // The second value of layers.0.bias.
            let p = Self.dataStart(bytes) + (try Self.offsets(of: "layers.0.bias", in: bytes)).begin + 4
            for k in 0..<4 { bytes[p + k] = UInt8(truncatingIfNeeded: poison.bitPattern >> UInt32(8 * k)) }
            let message = try #require(Self.refusal(bytes), "\(poison)")
            #expect(message.contains("its tensor layers.0.bias holds values that are not finite numbers (NaN or infinity)"))
        }
    }

    @Test func overlappingTensorsAreRefused() throws {
        // input.mean and input.std hold one value each: point input.mean at input.std's bytes. The tensors
        // still add up to the data's length, but overlap and leave a gap.
        let bytes = try Self.file()
        let std = try Self.offsets(of: "input.std", in: bytes)
        #expect(std.end - std.begin == 4)
        let overlapping = Self.setOffsets(of: "input.mean", to: "\(std.begin),\(std.end)", in: bytes)
        #expect(overlapping != bytes)
        let message = try #require(Self.refusal(overlapping))
        #expect(message.contains("damaged.safetensors is not a valid safetensors file") && message.contains("tensors \"input.mean\" and \"input.std\" overlap (bytes 4..<8 and 4..<8)"))
    }

    @Test func fractionalShapesAreRefused() throws {
        let bytes = try Self.file()
        for shape in ["[2.5]", "[-2]", "[2e40]", "[\"2\"]"] {
            let damaged = Self.editHeader(bytes) { $0.replacingOccurrences(of: "\"shape\":[2],", with: "\"shape\":\(shape),") }
            #expect(damaged != bytes)
            let message = try #require(Self.refusal(damaged), "\(shape)")
            #expect(message.contains("\"layers.0.bias\" has no valid shape (at most 8 whole numbers"), "\(shape): \(message)")
        }
    }

    @Test func inputStatisticsOfTheWrongSizeAreRefused() throws {
        // The first layer takes 36 numbers: a mean of 5 values fits neither one per pixel nor one shared.
        for (mean, std) in [([Float](repeating: 0.1, count: 5), [Float(0.3)]), ([0.1], [Float](repeating: 0.3, count: 35))] {
            let message = try #require(Self.refusal(try Self.file(.standardize(mean: mean, std: std))))
            #expect(message.contains("input.mean and input.std must each hold 1 value or 36 (one per pixel)"))
        }
    }

    @Test func aFirstLayerOfAnotherWidthThanTheImagesIsRefused() throws {
        let bytes = try Self.file()
        #expect(try ConvNetFile.decode(bytes, name: "net", inputCount: 36).inputCount == 36)
        let message = try #require(errorMessage { try ConvNetFile.decode(bytes, name: "net.safetensors", inputCount: 784) })
        #expect(message.contains("net.safetensors") && message.contains("its first layer takes 36 numbers per image, but these images have 784 pixels"))
    }

    @Test func otherDtypesAreNamedNotCalledDamaged() throws {
        for dtype in ["F16", "BF16", "F64"] {
            let damaged = Self.editHeader(try Self.file()) { $0.replacingOccurrences(of: "\"dtype\":\"F32\"", with: "\"dtype\":\"\(dtype)\"") }
            let message = try #require(Self.refusal(damaged))
            #expect(message.contains("holds \(dtype) numbers, and the workbook reads only F32") && !message.contains("truncated or damaged"), "\(message)")
        }
    }

    @Test func layersThatDoNotChainOrUnusedTensorsAreRefused() throws {
        let bytes = try Self.file()
        let unchained = Self.editHeader(bytes) { $0.replacingOccurrences(of: "maxpool2d 2 6 6 2", with: "maxpool2d 2 6 6 3") }
        #expect(Self.refusal(unchained)?.contains("layer 3 takes 18 numbers but the layer before gives 8") == true)
        // Input statistics left in a file that says its inputs are only scaled.
        let stray = Self.editHeader(bytes) { $0.replacingOccurrences(of: "\"normalization\":\"standardize\"", with: "\"normalization\":\"scale\"") }
        #expect(stray != bytes)
        #expect(Self.refusal(stray)?.contains("it holds a tensor input.mean that no recorded layer uses") == true)
    }

    @Test func saveReturnsTheBytesItWrote() throws {
        let folder = TemporaryFolder()
        let path = folder.file("net.safetensors")
        let written = try ConvNetFile(network: Self.network(), normalization: .scale, classNames: ["a", "b", "c"]).save(to: path)
        #expect(written == [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
        // Replaced by another program after saving: what was written still reads back, and differs from the path's.
        try Data("replaced".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try ConvNetFile.decode(written, name: path).classNames == ["a", "b", "c"])
    }
}
