// DataSet: where the training, validation and test images come from.
//
//   .embedded        the 5,000 MNIST digits that scripts/setup fetches (EmbeddedDigits), split 6:2:2
//                    by class (3,000 / 1,000 / 1,000, exactly 300 / 100 / 100 of every digit);
//   .folder(DIR)     the four MNIST IDX files in DIR: the 60,000 training images minus a stratified
//                    hold-out of 5,000 for validation; test = the 10,000 t10k images;
//   .fashion         Fashion-MNIST from Debian's dataset-fashion-mnist package, split the same way.
// Every split is drawn from the seeded generator, so the same seed gives the same sets.

import Bilingual
import Foundation

public enum DataSet: Equatable, Sendable {
    case embedded
    case folder(String)
    case fashion

    /// Where Debian's dataset-fashion-mnist package (installed by scripts/setup) puts the files.
    public static let fashionFolder = "/usr/share/datasets/fashion-mnist"
    /// How many of the 60,000 training images a folder data set holds out for validation.
    public static let validationHoldOut = 5_000

    /// The three sets of a data set, and a sentence saying where they came from.
    public struct Splits: Sendable {
        public let train: ImageDataset
        public let validation: ImageDataset
        public let test: ImageDataset
        public let description: String

        /// The same images with another normalisation.
        public func normalized(_ normalization: Normalization) -> Splits {
            Splits(train: train.normalized(normalization), validation: validation.normalized(normalization),
                   test: test.normalized(normalization), description: description)
        }
    }

    /// Training, validation and test sets, with `.scale` normalisation. For standardisation, compute
    /// the statistics from `train` only: `splits.normalized(splits.train.standardization())`.
    public func load(rng: inout SeededRandom) throws -> Splits {
        switch self {
        case .embedded:
            let all = try EmbeddedDigits.load()
            let parts = DataSplit.stratified(labels: all.labelList, fractions: [0.6, 0.2, 0.2], rng: &rng)
            let (train, validation, test) = (all.subset(parts[0]), all.subset(parts[1]), all.subset(parts[2]))
            return Splits(train: train, validation: validation, test: test, description: """
                MNIST digits: the \(all.count) images that scripts/setup fetched, split 6:2:2 by class into \
                \(train.count) training, \(validation.count) validation and \(test.count) test images
                """)
        case .folder(let folder):
            return try Self.loadFolder(folder, classNames: ClassNames.digits, name: "MNIST-style images", rng: &rng)
        case .fashion:
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: Self.fashionFolder, isDirectory: &isDirectory),
                  isDirectory.boolValue else {
                throw WorkbookError(Text(en: """
                    Fashion-MNIST is not installed (expected in \(Self.fashionFolder)). Run scripts/setup, \
                    or install Debian's dataset-fashion-mnist package.
                    """, zh: """
                    没有安装 Fashion-MNIST（应在 \(Self.fashionFolder)）。请运行 scripts/setup，\
                    或者安装 Debian 的 dataset-fashion-mnist 软件包。
                    """))
            }
            return try Self.loadFolder(Self.fashionFolder, classNames: ClassNames.fashion, name: "Fashion-MNIST",
                                       rng: &rng)
        }
    }

    private static func loadFolder(_ folder: String, classNames: [String], name: String,
                                   rng: inout SeededRandom) throws -> Splits {
        let full = try IDXReader.loadPair(folder: folder, prefix: "train", classNames: classNames, name: name)
        let test = try IDXReader.loadPair(folder: folder, prefix: "t10k", classNames: classNames, name: name)
        // Hold out 5,000 of 60,000; smaller folders (as in tests) hold out a twelfth.
        let held = min(validationHoldOut, max(1, full.count / 12))
        guard full.count > held else {
            throw WorkbookError(Text(en: "\(folder): the training files hold only \(full.count) images, too few to split",
                                     zh: "\(folder)：训练文件里只有 \(full.count) 张图像，太少了，分不出验证集"))
        }
        let split = DataSplit.holdOut(labels: full.labelList, validationCount: held, rng: &rng)
        let (train, validation) = (full.subset(split.train), full.subset(split.validation))
        return Splits(train: train, validation: validation, test: test, description: """
            \(name) from \(folder): \(full.count) training images split by class into \(train.count) training \
            and \(validation.count) validation images; \(test.count) test images
            """)
    }
}

/// The names of the classes of the workbook's data sets.
public enum ClassNames {
    /// "0" … "9", the same in both languages.
    public static let digits = (0...9).map { String($0) }
    /// Fashion-MNIST's ten kinds of clothing, in label order, in English and Chinese.
    public static let fashionInBothLanguages = [
        Text(en: "T-shirt/top", zh: "T 恤/上衣"), Text(en: "Trouser", zh: "裤子"), Text(en: "Pullover", zh: "套头衫"),
        Text(en: "Dress", zh: "连衣裙"), Text(en: "Coat", zh: "外套"), Text(en: "Sandal", zh: "凉鞋"),
        Text(en: "Shirt", zh: "衬衫"), Text(en: "Sneaker", zh: "运动鞋"), Text(en: "Bag", zh: "包"),
        Text(en: "Ankle boot", zh: "短靴"),
    ]
    /// The same in English, as data sets and model files carry them: "T-shirt/top" … "Ankle boot".
    public static let fashion = fashionInBothLanguages.map(\.en)

    /// A class name in both languages: one of Fashion-MNIST's in Chinese too; any other (a digit, a
    /// name read from a model file) is the same in both.
    public static func text(of name: String) -> Text {
        fashionInBothLanguages.first { $0.en == name } ?? Text(en: name, zh: name)
    }
}
