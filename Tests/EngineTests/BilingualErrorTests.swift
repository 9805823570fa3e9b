import Bilingual
import Foundation
import Testing
import TestSupport
@testable import Engine

/// The engine's errors in both languages: each path a reader can trip over gives its English as it
/// always read, and a Chinese message that is Chinese throughout (file names, numbers, flags and the
/// system's own quoted words aside).
@Suite struct BilingualErrorTests {
    /// Whether `text` holds a Chinese character.
    static func hasChinese(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
    }

    /// The English words left in a Chinese message once the words that are not prose are taken out:
    /// paths and names with a slash, dot, dash, underscore or digit, the system's and zlib's own words
    /// quoted in it (“…”, 系统提示：…）), and quoted names ("…", '…'). Two English words in a row are
    /// a sentence that was not translated.
    static func englishRuns(in text: String) -> [String] {
        var prose = text
        for pattern in [#"“[^”]*”"#, #"系统提示：[^）]*）"#, #""[^"]*""#, #"'[^']*'"#] {
            prose = prose.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        var runs: [String] = [], run: [String] = []
        func close() { if run.count >= 2 { runs.append(run.joined(separator: " ")) }; run = [] }
        // Chinese characters and punctuation end a run as a space does.
        let words = prose.split(whereSeparator: { $0 == " " || !$0.isASCII })
        var previousEnd = prose.startIndex
        for token in words {
            let between = prose[previousEnd..<token.startIndex]
            if between.contains(where: { !$0.isASCII || $0 != " " }) || between.count > 1 { close() }
            previousEnd = token.endIndex
            // A word with the punctuation around it taken off ("swapped?" is "swapped").
            let word = token.trimmingCharacters(in: CharacterSet(charactersIn: ".,;:?!()[]"))
            if word.allSatisfy({ $0.isLetter && $0.isASCII }) && word.count >= 2 { run.append(word) } else { close() }
        }
        close()
        return runs
    }

    /// Checks one error: its English is `english`, and its Chinese is Chinese.
    static func check(_ text: Text?, english: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let text else {
            Issue.record("expected a WorkbookError", sourceLocation: sourceLocation)
            return
        }
        #expect(text.en == english, sourceLocation: sourceLocation)
        guard let chinese = text.zh else {
            Issue.record("no Chinese for: \(text.en)", sourceLocation: sourceLocation)
            return
        }
        #expect(hasChinese(chinese), "\(chinese)", sourceLocation: sourceLocation)
        #expect(englishRuns(in: chinese).isEmpty, "English in: \(chinese)", sourceLocation: sourceLocation)
    }

    @Test func theDetectorFindsEnglishAndLetsNamesThrough() {
        #expect(Self.englishRuns(in: "无法读取 /tmp/a.gz：the file is empty") == ["the file is empty"])
        #expect(Self.englishRuns(in: "没有安装 Fashion-MNIST（应在 /usr/share/datasets/fashion-mnist）。请运行 scripts/setup。").isEmpty)
        #expect(Self.englishRuns(in: "压缩数据无效：zlib 报告“incorrect header check”").isEmpty)
        #expect(Self.englishRuns(in: "softmax 交叉熵损失变成了 NaN").isEmpty)
        #expect(Self.englishRuns(in: "它是 IDX 图像文件; were the image and label files swapped?") == ["were the image and label files swapped"])
    }

    @Test func dataFoldersAndIDXFiles() throws {
        let files = "train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte"
        Self.check(errorText {
            try IDXReader.loadPair(folder: "/no/such/mnist", prefix: "train", classNames: ClassNames.digits, name: "t")
        }, english: "data folder /no/such/mnist does not exist. It should hold the four MNIST-style files \(files) "
            + "(each optionally .gz); check the path.")

        let folder = TemporaryFolder()
        Self.check(errorText {
            try IDXReader.loadPair(folder: folder.path, prefix: "train", classNames: ClassNames.digits, name: "t")
        }, english: "\(folder.path) has no train-images-idx3-ubyte (or train-images-idx3-ubyte.gz). An MNIST-style data "
            + "folder needs these four files, each optionally gzip-compressed (.gz): \(files).")

        // Images and labels that disagree in number, then a label outside 0–9.
        let images = folder.write("train-images-idx3-ubyte", IDXBytes.images(count: 2))
        let labels = folder.write("train-labels-idx1-ubyte", IDXBytes.labels([1, 2, 3]))
        Self.check(errorText {
            try IDXReader.loadPair(folder: folder.path, prefix: "train", classNames: ClassNames.digits, name: "t")
        }, english: "\(images) holds 2 images but \(labels) holds 3 labels; they must come from the same release. "
            + "Download both files again.")
        folder.write("train-labels-idx1-ubyte", IDXBytes.labels([1, 12]))
        Self.check(errorText {
            try IDXReader.loadPair(folder: folder.path, prefix: "train", classNames: ClassNames.digits, name: "t")
        }, english: "\(labels): label 2 is 12, outside 0–9. This is not an MNIST-style label file; download it again.")
        folder.write("train-images-idx3-ubyte", IDXBytes.images(count: 2, rows: 14, cols: 14))
        Self.check(errorText {
            try IDXReader.loadPair(folder: folder.path, prefix: "train", classNames: ClassNames.digits, name: "t")
        }, english: "\(images) holds 14×14 images, but the workbook's networks take 28×28 (MNIST or Fashion-MNIST). "
            + "Use a folder of 28×28 images.")

        let whole = IDXBytes.images(count: 2)
        Self.check(errorText { try IDXReader.parseImages(bytes: Array(whole.prefix(26)), name: "cut") },
                   english: "cut is truncated: its header promises 2 images of 28×28 pixels (1568 bytes of data) but only "
                    + "10 bytes follow. Download it again.")
        Self.check(errorText { try IDXReader.parseImages(bytes: whole + [0, 0], name: "long") },
                   english: "long has 2 bytes more than its header promises (2 images of 28×28 pixels); the file is "
                    + "damaged. Download it again.")
        Self.check(errorText { try IDXReader.parseImages(bytes: IDXBytes.images(count: 1, rows: 2000), name: "tall") },
                   english: "tall says its images are 2000×28 pixels; an IDX image file of the workbook has images of 1 "
                    + "to 1024 pixels a side (MNIST: 28×28). The file is damaged or not an image file.")
        Self.check(errorText { try IDXReader.parseLabels(bytes: [0, 0, 8], name: "stub") },
                   english: "stub is too short to be an IDX label file (3 bytes, the header alone needs 8); it is "
                    + "truncated. Download it again.")
        Self.check(errorText { try IDXReader.parseLabels(bytes: IDXBytes.labels([]), name: "empty") },
                   english: "empty holds no labels (its header says 0); a data file needs at least one. The file is "
                    + "damaged or incomplete: download it again.")
        Self.check(errorText { try IDXReader.parseLabels(bytes: IDXBytes.images(count: 1), name: "swapped") },
                   english: "swapped starts with magic number 0x00000803, but an IDX label file starts with 0x00000801: "
                    + "it is an IDX image file; were the image and label files swapped? Check the file names, or "
                    + "download the file again.")
        Self.check(errorText { try IDXReader.parseImages(bytes: IDXBytes.images(count: 1, magic: 0x1234), name: "odd") },
                   english: "odd starts with magic number 0x00001234, but an IDX image file starts with 0x00000803: "
                    + "it is not an IDX image file. Check the file names, or download the file again.")
        Self.check(errorText { try IDXReader.parseImages(bytes: IDXBytes.word(0x803) + IDXBytes.word(1 << 30)
                                                          + IDXBytes.word(1024) + IDXBytes.word(1024), name: "huge") },
                   english: "huge has a header that promises 1073741824 images of 1024×1024 pixels, more than the "
                    + "\(IDXReader.maxDataBytes) bytes an IDX file of the workbook may hold. The file is damaged or not "
                    + "an MNIST-style file.")
    }

    @Test func gzipAndPlainFiles() throws {
        let compressed = [UInt8](try Gzip.compress(IDXBytes.labels([1, 2, 3, 4, 5, 6, 7, 8, 9])))
        Self.check(errorText { try Gzip.decompress(Data(compressed.prefix(compressed.count - 12)), name: "cut.gz") },
                   english: "cut.gz is corrupt or incomplete (the compressed data ends too early). Delete it and download "
                    + "it again (for the embedded digits: run scripts/setup).")
        Self.check(errorText { try Gzip.decompress(Data([0x1f, 0x8b, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), name: "bad.gz") },
                   english: "bad.gz is corrupt or incomplete (unknown compression method). Delete it and download it "
                    + "again (for the embedded digits: run scripts/setup).")
        Self.check(errorText { try Gzip.decompress(Data(), name: "none.gz") },
                   english: "none.gz is corrupt or incomplete (the file is empty). Delete it and download it again (for "
                    + "the embedded digits: run scripts/setup).")
        Self.check(errorText { try Gzip.decompress(Data(compressed + [1, 2, 3]), name: "tail.gz") },
                   english: "tail.gz is corrupt or incomplete (unexpected bytes after the end of the compressed data). "
                    + "Delete it and download it again (for the embedded digits: run scripts/setup).")
        Self.check(errorText { try Gzip.decompress(Data(compressed), name: "big.gz", expectedSize: { _ in 4 }) },
                   english: "big.gz decompresses to more than the 4 bytes the header of its contents promises; the file "
                    + "is damaged. Delete it and download it again.")

        let folder = TemporaryFolder()
        Self.check(errorText { try Gzip.readFile(folder.file("nothing")) }, english: "no file at \(folder.file("nothing"))")
        Self.check(errorText { try Gzip.readFile(folder.path) }, english: "\(folder.path) is a folder, not a file")
    }

    @Test func safetensorsAndModelFiles() throws {
        Self.check(errorText { try SafeTensors.decode([1, 2, 3], name: "m") },
                   english: "m is not a valid safetensors file: it is only 3 bytes long. It may be truncated or damaged; save it again.")
        Self.check(errorText { try SafeTensors.decode([2, 0, 0, 0, 0, 0, 0, 0] + Array("[]".utf8), name: "m") },
                   english: "m is not a valid safetensors file: its header is not a JSON object. It may be truncated or "
                    + "damaged; save it again.")
        Self.check(errorText { try SafeTensors.decode([64, 0, 0, 0, 0, 0, 0, 0, 123], name: "m") },
                   english: "m is not a valid safetensors file: the header should be 64 bytes but the file ends after 1. "
                    + "It may be truncated or damaged; save it again.")
        Self.check(errorText { try SafeTensors.encode([("w", Matrix(rows: 1, cols: 1)), ("w", Matrix(rows: 1, cols: 1))]) },
                   english: "cannot save two tensors named \"w\"")

        let folder = TemporaryFolder()
        let missing = folder.file("missing.safetensors")
        Self.check(errorText { try SavedModel.load(from: missing) },
                   english: "no safetensors file at \(missing); train and save a model first, or check the path")
        Self.check(errorText { try ConvNetFile.load(from: missing) },
                   english: "no model file at \(missing); train and save a network first, or check the path")
        Self.check(errorText { try saveSafeTensors([], to: folder.file("no/such/folder/m.safetensors")) },
                   english: "cannot save \(folder.file("no/such/folder/m.safetensors")): the folder "
                    + "\(folder.file("no/such/folder")) does not exist")

        // A model of one kind read as the other.
        var rng = SeededRandom(seed: 1)
        let mlp = folder.file("mlp.safetensors")
        try SavedModel(network: Sequential(mlp: [4, 3, 2], rng: &rng), normalization: .scale, classNames: ["a", "b"]).save(to: mlp)
        Self.check(errorText { try ConvNetFile.load(from: mlp) },
                   english: "\(mlp) is not a convolutional network this workbook can read: its metadata does not name the "
                    + "format \"\(ConvNetFile.format)\". Run Chapter08 again to write a fresh one.")
        let convolutional = folder.file("conv.safetensors")
        try ConvNetFile(network: Sequential(mlp: [4, 2], rng: &rng), normalization: .scale, classNames: ["a", "b"]).save(to: convolutional)
        Self.check(errorText { try SavedModel.load(from: convolutional) },
                   english: "\(convolutional) is not a model this workbook can use: its metadata does not name the "
                    + "workbook's MLP format. Run Chapter06 again to write a fresh one.")
    }

    @Test func atomicWritesPicturesAndSmallRequests() throws {
        let folder = TemporaryFolder()
        let path = folder.file("no-such-folder/page.md")
        let system = String(cString: strerror(ENOENT))
        Self.check(errorText { try AtomicFile.write(Data("x".utf8), to: path, advice: Text(en: "Pick another folder.", zh: "请换一个文件夹。")) },
                   english: "cannot write \(path): \(system); is the folder \(folder.file("no-such-folder")) there and "
                    + "writable? Pick another folder.")
        Self.check(errorText { try PNGFile.check([0x89, 0x50], name: Text(en: "figure 'a'", zh: "图 'a'")) },
                   english: "figure 'a' is not a whole PNG image (the file is only 2 bytes long)")
        Self.check(errorText { try PCA(Matrix(rows: 1, cols: 3)) },
                   english: "PCA needs at least two points to measure a spread, got 1")
        Self.check(errorText { try PCA(Matrix(rows: 5, cols: 1)) },
                   english: "PCA cannot find 2 directions in points of 1 dimension; it needs at least 2 numbers per point")
        let tiny = ImageDataset(pixels: [0, 0, 0], labels: [0, 0, 1], classNames: ClassNames.fashion, width: 1, height: 1, name: "tiny")
        var rng = SeededRandom(seed: 1)
        Self.check(errorText { try tiny.sampling(perClass: 2, rng: &rng) },
                   english: "cannot pick 2 images of class Trouser: tiny has only 1 of them")
        #expect(errorText { try tiny.sampling(perClass: 2, rng: &rng) }?.zh?.contains("“裤子”") == true)
        Self.check(errorText { try tiny.sampling(perClass: 0, rng: &rng) },
                   english: "cannot pick 0 images per class: pick at least 1")
    }

    @Test func classNamesAndLossNamesAreWrittenOnceInBothLanguages() {
        #expect(ClassNames.fashion == ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
                                       "Bag", "Ankle boot"])
        #expect(ClassNames.fashionInBothLanguages.map { $0.in(.zh) }
                == ["T 恤/上衣", "裤子", "套头衫", "连衣裙", "外套", "凉鞋", "衬衫", "运动鞋", "包", "短靴"])
        #expect(ClassNames.text(of: "Ankle boot") == Text(en: "Ankle boot", zh: "短靴"))
        #expect(ClassNames.text(of: "7").in(.zh) == "7")
        #expect(LossFunction.softmaxWithCrossEntropy.name == Text(en: "softmax cross-entropy", zh: "softmax 交叉熵"))
        #expect(LossFunction.meanSquaredErrorOneHot.name.in(.zh) == "均方误差")
    }
}
