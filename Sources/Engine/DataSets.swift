// DataSets: the one entry point chapters use to get training, validation and test images.
//
//   .embedded        the 5,000 MNIST digits in data/mnist_5k.csv.gz, split 6:2:2 by class
//                    (3,000 / 1,000 / 1,000, exactly 300 / 100 / 100 of every digit);
//   .folder(DIR)     the four MNIST IDX files in DIR (--data DIR): the 60,000 training images minus
//                    a stratified hold-out of 5,000 for validation; test = the 10,000 t10k images;
//   .fashion         Fashion-MNIST from Debian's dataset-fashion-mnist package, split the same way.
// Every split is drawn from the seeded generator, so the same seed gives the same sets.

import Foundation

public enum DataSetChoice: Equatable, Sendable {
    case embedded
    case folder(String)
    case fashion

    /// Where Debian's dataset-fashion-mnist package (installed by scripts/setup) puts the files.
    public static let fashionFolder = "/usr/share/datasets/fashion-mnist"

    /// From command-line flags: `--data DIR` wins; otherwise `--dataset mnist|digits|fashion` (default mnist).
    public init(dataset: String?, dataFolder: String?) throws {
        if let dataFolder {
            self = .folder(dataFolder)
            return
        }
        switch dataset?.lowercased() {
        case nil, "mnist", "digits", "embedded": self = .embedded
        case "fashion", "fashion-mnist": self = .fashion
        case let other?:
            throw WorkbookError("unknown data set \"\(other)\"; choose mnist or fashion, or pass --data DIR with MNIST IDX files")
        }
    }
}

public enum DataSets {
    public static let digitNames = (0...9).map { String($0) }
    public static let fashionNames = [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ]
    /// How many of the 60,000 training images a folder data set holds out for validation.
    public static let validationHoldOut = 5_000
}

/// Training, validation and test sets for `choice`, with a one-line description of where they came from.
/// The sets use `.scale` normalisation; for standardisation, compute the statistics from `train` only:
/// `let n = train.standardization()` then `train.normalized(n)`, `validation.normalized(n)`, `test.normalized(n)`.
public func loadDataSet(_ choice: DataSetChoice, rng: inout SeededRandom) throws
    -> (train: ImageDataset, validation: ImageDataset, test: ImageDataset, description: String)
{
    switch choice {
    case .embedded:
        let all = try CSVDigits.load()
        let parts = stratifiedSplit(labels: all.labelList, fractions: [0.6, 0.2, 0.2], rng: &rng)
        let (train, validation, test) = (all.subset(parts[0]), all.subset(parts[1]), all.subset(parts[2]))
        let description = """
            MNIST digits: \(all.count) embedded images (\(CSVDigits.relativePath)), split 6:2:2 by class \
            into \(train.count) training, \(validation.count) validation and \(test.count) test images
            """
        return (train, validation, test, description)
    case .folder(let folder):
        return try loadFolder(folder, classNames: DataSets.digitNames, name: "MNIST-style images")
    case .fashion:
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: DataSetChoice.fashionFolder, isDirectory: &isDirectory),
              isDirectory.boolValue else {
            throw WorkbookError("""
                Fashion-MNIST is not installed (expected in \(DataSetChoice.fashionFolder)). Run scripts/setup, \
                or install Debian's dataset-fashion-mnist package, or pass --data DIR with the IDX files.
                """)
        }
        return try loadFolder(DataSetChoice.fashionFolder, classNames: DataSets.fashionNames, name: "Fashion-MNIST")
    }

    func loadFolder(_ folder: String, classNames: [String], name: String) throws
        -> (train: ImageDataset, validation: ImageDataset, test: ImageDataset, description: String)
    {
        let full = try IDXReader.loadPair(folder: folder, prefix: "train", classNames: classNames, name: name)
        let test = try IDXReader.loadPair(folder: folder, prefix: "t10k", classNames: classNames, name: name)
        // Hold out 5,000 of 60,000; smaller folders (as in tests) hold out a twelfth.
        let held = min(DataSets.validationHoldOut, max(1, full.count / 12))
        guard full.count > held else {
            throw WorkbookError("\(folder): the training files hold only \(full.count) images, too few to split")
        }
        let split = DataSplit.holdOut(labels: full.labelList, validationCount: held, rng: &rng)
        let (train, validation) = (full.subset(split.train), full.subset(split.validation))
        let description = """
            \(name) from \(folder): \(full.count) training images split by class into \(train.count) training \
            and \(validation.count) validation images; \(test.count) test images
            """
        return (train, validation, test, description)
    }
}
