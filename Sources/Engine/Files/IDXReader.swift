// IDXReader: the MNIST "IDX" file format, read with strict checks.
//
// An IDX file is a big-endian header followed by raw bytes:
//   images: magic 0x00000803, count, rows, cols (four UInt32), then count·rows·cols pixels (0–255)
//   labels: magic 0x00000801, count (two UInt32), then count labels (0–9)
// MNIST and Fashion-MNIST ship four of them (train-… and t10k-…), usually gzip-compressed (.gz);
// both forms are accepted. Anything unexpected (a missing file, a wrong magic number, a file cut
// short, counts that disagree, images that are not 28×28, labels outside 0–9) is a WorkbookError
// naming the file and saying what to do.

import Bilingual
import Foundation

public enum IDXReader {
    public static let imageMagic: UInt32 = 0x0000_0803
    public static let labelMagic: UInt32 = 0x0000_0801

    /// The four files of an MNIST-style folder, without the optional `.gz`.
    public static let expectedFiles = [
        "train-images-idx3-ubyte", "train-labels-idx1-ubyte",
        "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
    ]

    /// The largest image side accepted (MNIST's are 28; the networks take only 28×28 anyway).
    public static let maxSide = 1024
    /// The most pixel or label bytes an IDX file may hold: 128 MiB, well above MNIST's 47,040,000.
    public static let maxDataBytes = Gzip.defaultMaxSize - 16

    /// Images from an IDX image file (gzip or not): pixels row after row, count·rows·cols bytes.
    public static func readImages(_ path: String) throws -> (count: Int, rows: Int, cols: Int, pixels: [UInt8]) {
        let bytes = try Gzip.readFile(path, expectedSize: { expectedFileSize($0) })
        return try parseImages(bytes: bytes, name: path)
    }

    /// Labels from an IDX label file (gzip or not).
    public static func readLabels(_ path: String) throws -> [UInt8] {
        let bytes = try Gzip.readFile(path, expectedSize: { expectedFileSize($0) })
        return try parseLabels(bytes: bytes, name: path)
    }

    /// Images from the bytes of an (uncompressed) IDX image file; `name` is used in error messages.
    /// Every size is checked with overflow-safe arithmetic before anything is allocated.
    public static func parseImages(bytes: [UInt8], name: String) throws -> (count: Int, rows: Int, cols: Int, pixels: [UInt8]) {
        let header = try readHeader(bytes, path: name, magic: imageMagic, kind: .images, dimensions: 3)
        let (count, rows, cols) = (header[0], header[1], header[2])
        guard (1...maxSide).contains(rows), (1...maxSide).contains(cols) else {
            throw WorkbookError(Text(en: """
                \(name) says its images are \(rows)×\(cols) pixels; an IDX image file of the workbook has images \
                of 1 to \(maxSide) pixels a side (MNIST: 28×28). The file is damaged or not an image file.
                """, zh: """
                \(name) 说它的图像是 \(rows)×\(cols) 像素；本书读的 IDX 图像文件，图像每边 1 到 \(maxSide) 个像素\
                （MNIST 是 28×28）。文件损坏了，或者不是图像文件。
                """))
        }
        let what = Text(en: "\(count) images of \(rows)×\(cols) pixels", zh: "\(count) 张 \(rows)×\(cols) 像素的图像")
        let expected = try dataSize(count, rows * cols, kind: .images, name: name, what: what)
        try checkLength(bytes.count - 16, expected: expected, path: name, what: what)
        return (count, rows, cols, Array(bytes[16...]))
    }

    /// Labels from the bytes of an (uncompressed) IDX label file; `name` is used in error messages.
    public static func parseLabels(bytes: [UInt8], name: String) throws -> [UInt8] {
        let count = try readHeader(bytes, path: name, magic: labelMagic, kind: .labels, dimensions: 1)[0]
        let what = Text(en: "\(count) labels", zh: "\(count) 个标签")
        let expected = try dataSize(count, 1, kind: .labels, name: name, what: what)
        try checkLength(bytes.count - 8, expected: expected, path: name, what: what)
        return Array(bytes[8...])
    }

    /// The whole size of the IDX file whose first bytes are `prefix`, as its header promises; nil when
    /// `prefix` is not the start of an IDX image or label file, or promises more than `maxDataBytes`.
    /// Gzip uses it to stop a compressed file from expanding past what its contents can need.
    public static func expectedFileSize(_ prefix: [UInt8]) -> Int? {
        func word(_ at: Int) -> Int? {
            guard prefix.count >= at + 4 else { return nil }
            return Int(prefix[at]) << 24 | Int(prefix[at + 1]) << 16 | Int(prefix[at + 2]) << 8 | Int(prefix[at + 3])
        }
        switch word(0).map(UInt32.init) {
        case imageMagic:
            guard let count = word(4), let rows = word(8), let cols = word(12) else { return nil }
            let (pixels, o1) = rows.multipliedReportingOverflow(by: cols)
            let (all, o2) = count.multipliedReportingOverflow(by: pixels)
            return o1 || o2 || all > maxDataBytes ? nil : 16 + all
        case labelMagic:
            guard let count = word(4), count <= maxDataBytes else { return nil }
            return 8 + count
        default:
            return nil
        }
    }

    /// count·perItem bytes, refused when there is nothing (0 items), or when the product overflows
    /// or exceeds `maxDataBytes`.
    private static func dataSize(_ count: Int, _ perItem: Int, kind: Kind, name: String, what: Text) throws -> Int {
        guard count > 0 else {
            throw WorkbookError(Text(en: """
                \(name) holds no \(kind.items.en) (its header says 0); a data file needs at least one. \
                The file is damaged or incomplete: download it again.
                """, zh: """
                \(name) 里没有\(kind.items.in(.zh))（文件头写的是 0）；数据文件至少要有一个。\
                文件损坏了或者不完整：请重新下载。
                """))
        }
        let (size, overflow) = count.multipliedReportingOverflow(by: perItem)
        guard !overflow, size <= maxDataBytes else {
            throw WorkbookError(Text(en: """
                \(name) has a header that promises \(what.en), more than the \(maxDataBytes) bytes an IDX file \
                of the workbook may hold. The file is damaged or not an MNIST-style file.
                """, zh: """
                \(name) 的文件头声称有 \(what.in(.zh))，超过了本书的 IDX 文件最多能有的 \(maxDataBytes) 字节。\
                文件损坏了，或者不是 MNIST 格式的文件。
                """))
        }
        return size
    }

    /// One half of an MNIST-style folder as a data set: `prefix` is "train" or "t10k".
    /// Images must be 28×28, labels 0–9, and the two files must hold the same number of samples.
    public static func loadPair(folder: String, prefix: String, classNames: [String], name: String) throws -> ImageDataset {
        try checkFolder(folder)
        let imagePath = try locate(folder: folder, base: "\(prefix)-images-idx3-ubyte")
        let labelPath = try locate(folder: folder, base: "\(prefix)-labels-idx1-ubyte")
        let images = try readImages(imagePath)
        guard images.rows == 28 && images.cols == 28 else {
            throw WorkbookError(Text(en: """
                \(imagePath) holds \(images.rows)×\(images.cols) images, but the workbook's networks take 28×28 \
                (MNIST or Fashion-MNIST). Use a folder of 28×28 images.
                """, zh: """
                \(imagePath) 里的图像是 \(images.rows)×\(images.cols) 的，但本书的网络只接受 28×28 的图像\
                （MNIST 或 Fashion-MNIST）。请换一个 28×28 图像的文件夹。
                """))
        }
        let labels = try readLabels(labelPath)
        guard labels.count == images.count else {
            throw WorkbookError(Text(en: """
                \(imagePath) holds \(images.count) images but \(labelPath) holds \(labels.count) labels; \
                they must come from the same release. Download both files again.
                """, zh: """
                \(imagePath) 里有 \(images.count) 张图像，\(labelPath) 里却有 \(labels.count) 个标签；\
                两个文件必须来自同一个版本。请把两个文件都重新下载。
                """))
        }
        if let bad = labels.firstIndex(where: { Int($0) >= classNames.count }) {
            throw WorkbookError(Text(en: """
                \(labelPath): label \(bad + 1) is \(labels[bad]), outside 0–\(classNames.count - 1). \
                This is not an MNIST-style label file; download it again.
                """, zh: """
                \(labelPath)：第 \(bad + 1) 个标签是 \(labels[bad])，不在 0–\(classNames.count - 1) 之内。\
                这不是 MNIST 格式的标签文件；请重新下载。
                """))
        }
        return ImageDataset(pixels: images.pixels, labels: labels, classNames: classNames,
                            width: images.cols, height: images.rows, name: name)
    }

    /// The path of `base` or `base.gz` in `folder`, or a WorkbookError listing what was expected.
    public static func locate(folder: String, base: String) throws -> String {
        let fm = FileManager.default
        for candidate in [base, base + ".gz"] {
            let path = (folder as NSString).appendingPathComponent(candidate)
            if fm.fileExists(atPath: path) { return path }
        }
        throw WorkbookError(Text(en: """
            \(folder) has no \(base) (or \(base).gz). An MNIST-style data folder needs these four files, \
            each optionally gzip-compressed (.gz): \(expectedFiles.joined(separator: ", ")).
            """, zh: """
            \(folder) 里没有 \(base)（也没有 \(base).gz）。MNIST 格式的数据文件夹需要这四个文件，\
            每个都可以用 gzip 压缩（.gz）：\(expectedFiles.joined(separator: "、"))。
            """))
    }

    static func checkFolder(_ folder: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw WorkbookError(Text(en: """
                data folder \(folder) does not exist. It should hold the four MNIST-style files \
                \(expectedFiles.joined(separator: ", ")) (each optionally .gz); check the path.
                """, zh: """
                数据文件夹 \(folder) 不存在。它应当包含四个 MNIST 格式的文件 \
                \(expectedFiles.joined(separator: "、"))（每个都可以是 .gz）；请检查路径。
                """))
        }
    }

    /// The two kinds of IDX file, as the messages name them.
    private enum Kind {
        case images, labels

        /// "an IDX image file", in both languages.
        var file: Text {
            switch self {
            case .images: Text(en: "an IDX image file", zh: "IDX 图像文件")
            case .labels: Text(en: "an IDX label file", zh: "IDX 标签文件")
            }
        }

        /// What such a file holds: "images", "labels".
        var items: Text {
            switch self {
            case .images: Text(en: "images", zh: "图像")
            case .labels: Text(en: "labels", zh: "标签")
            }
        }
    }

    /// The header's dimension sizes, after checking the magic number.
    private static func readHeader(_ bytes: [UInt8], path: String, magic: UInt32, kind: Kind, dimensions: Int) throws -> [Int] {
        let headerSize = 4 + 4 * dimensions
        guard bytes.count >= headerSize else {
            throw WorkbookError(Text(en: """
                \(path) is too short to be \(kind.file.en) (\(bytes.count) bytes, the header alone needs \
                \(headerSize)); it is truncated. Download it again.
                """, zh: """
                \(path) 太短，不可能是 \(kind.file.in(.zh))（只有 \(bytes.count) 字节，光文件头就要 \
                \(headerSize) 字节）；文件被截断了。请重新下载。
                """))
        }
        func word(_ at: Int) -> UInt32 {
            UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
        }
        let found = word(0)
        guard found == magic else {
            let swapped = Text(en: "; were the image and label files swapped?", zh: "；是不是把图像文件和标签文件弄反了？")
            let hint = found == imageMagic ? Text(en: "it is an IDX image file\(swapped.en)", zh: "它是 IDX 图像文件\(swapped.in(.zh))")
                : found == labelMagic ? Text(en: "it is an IDX label file\(swapped.en)", zh: "它是 IDX 标签文件\(swapped.in(.zh))")
                : Text(en: "it is not \(kind.file.en).", zh: "它不是 \(kind.file.in(.zh))。")
            throw WorkbookError(Text(en: """
                \(path) starts with magic number \(hex(found)), but \(kind.file.en) starts with \(hex(magic)): \
                \(hint.en) Check the file names, or download the file again.
                """, zh: """
                \(path) 开头的魔数是 \(hex(found))，而 \(kind.file.in(.zh))应以 \(hex(magic)) 开头：\
                \(hint.in(.zh))请检查文件名，或者重新下载这个文件。
                """))
        }
        return (0..<dimensions).map { Int(word(4 + 4 * $0)) }
    }

    private static func checkLength(_ have: Int, expected: Int, path: String, what: Text) throws {
        if have < expected {
            throw WorkbookError(Text(en: """
                \(path) is truncated: its header promises \(what.en) (\(expected) bytes of data) but only \
                \(have) bytes follow. Download it again.
                """, zh: """
                \(path) 被截断了：文件头声称有 \(what.in(.zh))（\(expected) 字节的数据），后面却只有 \
                \(have) 字节。请重新下载。
                """))
        }
        if have > expected {
            throw WorkbookError(Text(en: """
                \(path) has \(have - expected) bytes more than its header promises (\(what.en)); \
                the file is damaged. Download it again.
                """, zh: """
                \(path) 比文件头声称的（\(what.in(.zh))）多出 \(have - expected) 字节；\
                文件损坏了。请重新下载。
                """))
        }
    }

    private static func hex(_ v: UInt32) -> String {
        let digits = String(v, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }
}
