// Writes the seed corpus of scripts/fuzz from real files: a few images and labels cut from the
// embedded MNIST digits (data/), the same gzip-compressed, and model files written by SavedModel and
// ConvNetFile.
// Usage: MakeSeeds DATA_FOLDER CORPUS_FOLDER

import Engine
import Foundation

@main
struct MakeSeeds {
    static func main() throws {
        let arguments = CommandLine.arguments
        guard arguments.count == 3 else {
            FileHandle.standardError.write("usage: MakeSeeds DATA_FOLDER CORPUS_FOLDER\n".data(using: .utf8)!)
            exit(2)
        }
        let (data, corpus) = (arguments[1], arguments[2])
        func seed(_ target: String, _ name: String, _ bytes: [UInt8]) throws {
            let folder = "\(corpus)/\(target)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try AtomicFile.write(Data(bytes), to: "\(folder)/\(name)")
        }
        func word(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xff), UInt8(v >> 16 & 0xff), UInt8(v >> 8 & 0xff), UInt8(v & 0xff)] }

        // Real images and labels, cut to a few samples with the header's count to match.
        let images = try Gzip.readFile("\(data)/mnist-5k-images-idx3-ubyte")
        let labels = try Gzip.readFile("\(data)/mnist-5k-labels-idx1-ubyte")
        for count in [1, 3] {
            let fixedImages = Array(images[0..<4]) + word(count) + Array(images[8..<16]) + Array(images[16..<(16 + count * 784)])
            let cutLabels = Array(labels[0..<4]) + word(count * 10) + Array(labels[8..<(8 + count * 10)])
            try seed("idx", "images-\(count)", fixedImages)
            try seed("idx", "labels-\(count * 10)", cutLabels)
            try seed("gzip", "images-\(count).gz", [UInt8](try Gzip.compress(fixedImages)))
            try seed("gzip", "labels-\(count * 10).gz", [UInt8](try Gzip.compress(cutLabels)))
        }

        // Models as Chapter 6 writes them (standardised and scaled inputs), small enough to mutate quickly.
        var rng = SeededRandom(seed: 1)
        let standardized = SavedModel(network: Sequential(mlp: [12, 4, 3], activation: .relu, rng: &rng),
                                      normalization: .standardize(mean: [Float](repeating: 0.1, count: 12), std: [0.3]),
                                      classNames: ["a", "b", "c"], notes: ["seed": "1"])
        let scaled = SavedModel(network: Sequential(mlp: [6, 2, 2, 2], activation: .tanh, rng: &rng),
                                normalization: .scale, classNames: ["x", "y"])
        let folder = NSTemporaryDirectory() + "nn-fuzz-seeds-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (name, model) in [("standardized", standardized), ("scaled", scaled)] {
            try model.save(to: "\(folder)/\(name).safetensors")
            let bytes = [UInt8](FileManager.default.contents(atPath: "\(folder)/\(name).safetensors")!)
            try seed("safetensors", "\(name).safetensors", bytes)
            try seed("model", "\(name).safetensors", bytes)
        }

        // Small convolutional networks as Chapter 08 writes them: convolution, pooling, flattening and
        // dense layers, with per-pixel and shared input statistics, and with scaled inputs.
        let conv = Sequential([
            Conv2D(inChannels: 1, outChannels: 2, kernel: 3, height: 6, width: 6, padding: 1, rng: &rng, name: "layers.0"),
            ActivationLayer(.relu),
            MaxPool2D(channels: 2, height: 6, width: 6, size: 2),
            Flatten(channels: 2, height: 3, width: 3),
            Dense(inputs: 18, outputs: 3, rng: &rng, name: "layers.4"),
        ])
        let networks: [(String, Normalization)] = [
            ("per-pixel", .standardize(mean: [Float](repeating: 0.1, count: 36), std: [Float](repeating: 0.3, count: 36))),
            ("shared", .standardize(mean: [0.1], std: [0.3])), ("scaled", .scale)]
        for (name, normalization) in networks {
            let bytes = try ConvNetFile(network: conv, normalization: normalization, classNames: ["a", "b", "c"])
                .save(to: "\(folder)/conv-\(name).safetensors")
            try seed("convnet", "conv-\(name).safetensors", bytes)
        }
    }
}
