// ImageDataset: a set of small greyscale images with class labels, and how pixels become network inputs.
//
// Images stay as bytes (one byte per pixel, 784 per 28×28 image), four times smaller than Float;
// only the rows of a mini-batch are converted, through a Normalization:
//   .scale                    x/255, so inputs lie in [0, 1];
//   .standardize(mean:, std:) (x/255 − mean) / std, with one mean and one std per pixel, or a single
//                             value of each shared by all pixels.
// `standardization(rows:)` computes the statistics the workbook recommends, from the training rows
// only (using validation or test images would leak information about them into training):
// a mean per pixel, so each input is centred, and ONE standard deviation over all pixels. A per-pixel
// std would divide by (almost) zero at the border pixels that are blank in nearly every image and
// blow up the rare stroke that reaches them.

import Bilingual
import Foundation

public struct ImageDataset: RowwiseBatchSource {
    /// The images, `count × width·height` bytes, one image after another, row by row.
    public let pixels: [UInt8]
    /// The class of each image, 0..<classNames.count.
    public private(set) var labels: [UInt8]
    /// A readable name per class ("0"…"9" for digits, "T-shirt/top"… for Fashion-MNIST).
    public private(set) var classNames: [String]
    public let width: Int
    public let height: Int
    /// What the data set is, for printing ("MNIST digits", "Fashion-MNIST").
    public let name: String
    /// How `batch` turns bytes into inputs.
    public var normalization: Normalization

    public init(pixels: [UInt8], labels: [UInt8], classNames: [String], width: Int = 28, height: Int = 28,
                name: String = "images", normalization: Normalization = .scale) {
        precondition(width > 0 && height > 0, "images need a positive size")
        precondition(pixels.count == labels.count * width * height,
                     "\(labels.count) images of \(width)×\(height) need \(labels.count * width * height) pixels, got \(pixels.count)")
        precondition(labels.allSatisfy { Int($0) < classNames.count }, "a label is not below \(classNames.count)")
        self.pixels = pixels
        self.labels = labels
        self.classNames = classNames
        self.width = width
        self.height = height
        self.name = name
        self.normalization = normalization
        Self.check(normalization, featureCount: width * height)
    }

    public var count: Int { labels.count }
    public var featureCount: Int { width * height }
    public var classCount: Int { classNames.count }

    /// The labels as Ints.
    public var labelList: [Int] { labels.map { Int($0) } }

    /// How many images each class has.
    public var classCounts: [Int] {
        var counts = [Int](repeating: 0, count: classNames.count)
        for label in labels { counts[Int(label)] += 1 }
        return counts
    }

    /// The bytes of image `i`.
    public func image(_ i: Int) -> ArraySlice<UInt8> { pixels[(i * featureCount)..<((i + 1) * featureCount)] }

    /// The classes of the images at `indices`, as Ints. (`batch` comes from RowwiseBatchSource:
    /// these labels, and the images written by `write`.)
    public func labels(of indices: ArraySlice<Int>) -> [Int] { indices.map { Int(labels[$0]) } }

    /// Writes the normalised images at `indices` into `out`, one image per row of featureCount
    /// values.
    ///
    /// A mini-batch's images lie scattered over the whole data set (47 MB for Fashion-MNIST's
    /// training images), so reading them waits on main memory. The bytes of a few images are first
    /// copied side by side into a small block (a copy keeps many cache lines in flight at once, a
    /// converting loop only one or two), and then converted from there. The two halves of a batch
    /// of 16 images or more are done at the same time (see Pieces), and the training loop has its
    /// batches written a few rows at a time on the helper thread (see BatchAhead); every pixel is
    /// converted on its own, so how the rows are shared out changes no bit.
    public func write(_ indices: ArraySlice<Int>, into out: UnsafeMutableBufferPointer<Float>) {
        let n = featureCount, imagesPerBlock = 16
        precondition(out.count == indices.count * n, "\(indices.count) images need \(indices.count * n) values, got \(out.count)")
        // Each value y = f(byte, pixel j), written in terms of row pointers, which keeps index
        // arithmetic (and its overflow checks) out of the inner loops so that the compiler converts
        // several pixels at a time.
        func rows(_ convertRow: (_ image: UnsafePointer<UInt8>, _ row: UnsafeMutablePointer<Float>) -> Void) {
            pixels.withUnsafeBufferPointer { src in
                Pieces.inHalves(indices.count, minimum: 16) { range in
                    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: imagesPerBlock * n) { block in
                        for first in stride(from: range.lowerBound, to: range.upperBound, by: imagesPerBlock) {
                            let last = min(first + imagesPerBlock, range.upperBound)
                            for r in first..<last {
                                let i = indices[indices.startIndex + r]
                                precondition(i >= 0 && i < count, "image \(i) is outside 0..<\(count)")
                                (block.baseAddress! + (r - first) * n).update(from: src.baseAddress! + i * n, count: n)
                            }
                            for r in first..<last { convertRow(block.baseAddress! + (r - first) * n, out.baseAddress! + r * n) }
                        }
                    }
                }
            }
        }
        switch normalization {
        case .scale:
            rows { image, row in for j in 0..<n { row[j] = Self.over255(image[j]) } }
        case let .standardize(mean, std):
            let means = mean.count == 1 ? [Float](repeating: mean[0], count: n) : mean
            let stds = std.count == 1 ? [Float](repeating: std[0], count: n) : std
            means.withUnsafeBufferPointer { m in
                stds.withUnsafeBufferPointer { s in
                    rows { image, row in for j in 0..<n { row[j] = (Self.over255(image[j]) - m[j]) / s[j] } }
                }
            }
        }
    }

    /// byte/255, the same Float as the division gives (a test checks all 256 bytes), without
    /// dividing, which costs several times a multiply. In base 256, b/255 = 0.bbbb… (b repeated
    /// forever); x = b·(2¹⁶ + 2⁸ + 1) holds three copies of b exactly, and x·2⁻²⁴ + x·2⁻⁴⁸ = 0.bbbbbb,
    /// both products exact, is rounded once. What the 48 bits leave out cannot change that rounding:
    /// it would take a run of 15 equal bits where the Float's last bit is decided, and a byte
    /// repeated has none, except 0 and 255 (0 and 1 exactly, either way).
    @inline(__always) static func over255(_ byte: UInt8) -> Float {
        let x = Float(byte) * 65793
        return x * 0x1p-24 + x * 0x1p-48
    }

    /// Every image, normalised, as one matrix (count × featureCount).
    public func allInputs() -> (x: Matrix, labels: [Int]) { batch(Array(0..<count)) }

    /// The images at `indices`, in that order, as a new data set (same class names and normalisation).
    public func subset(_ indices: [Int]) -> ImageDataset {
        let n = featureCount
        var out = [UInt8](repeating: 0, count: indices.count * n)
        out.withUnsafeMutableBufferPointer { dst in
            pixels.withUnsafeBufferPointer { src in
                for (r, i) in indices.enumerated() {
                    precondition(i >= 0 && i < count, "image \(i) is outside 0..<\(count)")
                    UnsafeMutableRawPointer(dst.baseAddress! + r * n)
                        .copyMemory(from: src.baseAddress! + i * n, byteCount: n)
                }
            }
        }
        return ImageDataset(pixels: out, labels: indices.map { labels[$0] }, classNames: classNames,
                            width: width, height: height, name: name, normalization: normalization)
    }

    /// The indices of the images of class `c`, in order.
    public func indices(ofClass c: Int) -> [Int] { (0..<count).filter { Int(labels[$0]) == c } }

    /// Only the images of `classes`, relabelled 0, 1, 2, … in that order (digits 5–9 become classes 0–4).
    public func selecting(classes: [Int]) -> ImageDataset {
        precondition(classes.allSatisfy { (0..<classCount).contains($0) } && Set(classes).count == classes.count,
                     "classes \(classes) must be different classes of 0..<\(classCount)")
        let keep = (0..<count).filter { classes.contains(Int(labels[$0])) }
        var selected = subset(keep)
        selected.labels = selected.labels.map { UInt8(classes.firstIndex(of: Int($0))!) }
        selected.classNames = classes.map { classNames[$0] }
        return selected
    }

    /// `perClass` images of every class, picked with a seeded shuffle (the labelled examples of a
    /// few-label experiment). Asking for more images of a class than it has is refused.
    public func sampling(perClass: Int, rng: inout SeededRandom) throws -> ImageDataset {
        guard perClass >= 1 else {
            throw WorkbookError(Text(en: "cannot pick \(perClass) images per class: pick at least 1",
                                     zh: "不能每类选 \(perClass) 张图像：每类至少选 1 张"))
        }
        var picks: [Int] = []
        for c in 0..<classCount {
            var ofClass = indices(ofClass: c)
            guard ofClass.count >= perClass else {
                let className = ClassNames.text(of: classNames[c])
                throw WorkbookError(Text(en: """
                    cannot pick \(perClass) images of class \(className.en): \(name) has only \(ofClass.count) of them
                    """, zh: """
                    无法从类别“\(className.in(.zh))”中选出 \(perClass) 张图像：\(name) 里这一类只有 \(ofClass.count) 张
                    """))
            }
            rng.shuffle(&ofClass)
            picks += ofClass.prefix(perClass)
        }
        return subset(picks)
    }

    /// The same images with another normalisation.
    public func normalized(_ normalization: Normalization) -> ImageDataset {
        var copy = self
        Self.check(normalization, featureCount: featureCount)
        copy.normalization = normalization
        return copy
    }

    /// Standardisation statistics from the images at `rows` (all images when nil), on the x/255 scale:
    /// a mean per pixel (or one shared mean when `perPixelMean` is false) and ONE standard deviation
    /// over all pixels of those images around those means. Pass the training rows only.
    public func standardization(rows: [Int]? = nil, perPixelMean: Bool = true) -> Normalization {
        let rows = rows ?? Array(0..<count)
        precondition(!rows.isEmpty, "need at least one image to compute statistics")
        let n = featureCount
        var sums = [Double](repeating: 0, count: n)
        pixels.withUnsafeBufferPointer { src in
            for i in rows {
                precondition(i >= 0 && i < count, "image \(i) is outside 0..<\(count)")
                for j in 0..<n { sums[j] += Double(src[i * n + j]) }
            }
        }
        let total = Double(rows.count)
        var means = sums.map { $0 / 255 / total }
        if !perPixelMean { means = [means.reduce(0, +) / Double(n)] }
        var squares = 0.0
        means.withUnsafeBufferPointer { m in
            pixels.withUnsafeBufferPointer { src in
                for i in rows {
                    for j in 0..<n {
                        let d = Double(src[i * n + j]) / 255 - m[m.count == 1 ? 0 : j]
                        squares += d * d
                    }
                }
            }
        }
        var std = (squares / (total * Double(n))).squareRoot()
        if !(std > 1e-6) { std = 1 }      // all images identical: centre only
        return .standardize(mean: means.map { Float($0) }, std: [Float(std)])
    }

    private static func check(_ normalization: Normalization, featureCount n: Int) {
        if case let .standardize(mean, std) = normalization {
            precondition(mean.count == 1 || mean.count == n, "standardize needs 1 or \(n) means, got \(mean.count)")
            precondition(std.count == 1 || std.count == n, "standardize needs 1 or \(n) standard deviations, got \(std.count)")
            precondition(std.allSatisfy { $0 > 0 && $0.isFinite }, "standard deviations must be positive")
        }
    }
}
