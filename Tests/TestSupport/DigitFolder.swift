// DigitFolder: a --data folder of the four MNIST-format files, cut from the embedded digits, the way
// a reader with the full MNIST lays theirs out (the images gzipped, the labels not).

import Engine
import Foundation

public enum DigitFolder {
    /// Writes train-* and t10k-* files into `folder`: 120 training and 30 test images of every digit
    /// (the embedded digits are sorted by class, 500 each).
    public static func write(into folder: String) throws {
        let digits = try EmbeddedDigits.load()
        func write(_ name: String, _ indices: [Int]) throws {
            var images = IDXBytes.word(0x803) + IDXBytes.word(UInt32(indices.count)) + IDXBytes.word(28) + IDXBytes.word(28)
            for i in indices { images += digits.image(i) }
            try Gzip.compress(images).write(to: URL(fileURLWithPath: "\(folder)/\(name)-images-idx3-ubyte.gz"))
            let labels = IDXBytes.labels(indices.map { digits.labels[$0] })
            try Data(labels).write(to: URL(fileURLWithPath: "\(folder)/\(name)-labels-idx1-ubyte"))
        }
        try write("train", (0..<10).flatMap { c in (c * 500)..<(c * 500 + 120) })
        try write("t10k", (0..<10).flatMap { c in (c * 500 + 400)..<(c * 500 + 430) })
    }
}
