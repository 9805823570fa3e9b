// BenchmarkOptions: the flags that several of the benchmark's commands share, each declared once.

import ArgumentParser
import Engine
import Foundation
import Workbook

/// --epochs and --seed: how long each configuration trains, and from which seed.
struct TimingOptions: ParsableArguments {
    static let epochsOption = NumericOption(
        "--epochs", 2...100, Text("Epochs per configuration; the time per epoch is the median of epochs 2 to N"))

    @Option(help: Self.epochsOption.help)
    var epochs = 5

    @Option(help: "Seed for the weights, the shuffles and the synthetic images.")
    var seed: UInt64 = 1

    func validate() throws { try Self.epochsOption.check(epochs) }

    /// The lines above the timings: when, on what, on which images, for how long.
    func printHeader(source: String) {
        print("# \(Date()) · \(Machine.description)")
        print("# \(source)")
        print("# \(epochs) epochs per configuration; epoch_s is the median of epochs 2...\(epochs)")
    }
}

/// --threads: the threads that run the pieces of each matrix product.
struct ThreadOption: ParsableArguments {
    static let threadsOption = NumericOption(
        "--threads", 1...MatrixKernel.pieces,
        Text("Threads that run the pieces of each matrix product; the results are the same with either"))

    @Option(help: Self.threadsOption.help)
    var threads: Int?

    func validate() throws {
        if let threads { try Self.threadsOption.check(threads) }
    }

    /// Sets the engine's thread count when --threads was given.
    func apply() {
        if let threads { MatrixKernel.threads = threads }
    }
}

/// The kernels by the names `MatrixKernel.Kind.identifier` gives them: "portable", "avx2", "avx512".
extension MatrixKernel.Kind: ExpressibleByArgument {
    public init?(argument: String) { self.init(identifier: argument) }

    public static var allValueStrings: [String] { allCases.map(\.identifier) }
}

/// --kernel: which of the engine's product kernels to use (they give the same bits).
struct KernelOption: ParsableArguments {
    @Option(help: "The product kernel (\(MatrixKernel.Kind.allValueStrings.joined(separator: ", "))); the widest this processor runs when omitted. Every kernel gives the same bits.")
    var kernel: MatrixKernel.Kind?

    func validate() throws {
        if let kernel, !kernel.isAvailable {
            throw ValidationError("--kernel \(kernel.identifier): this processor cannot run the \(kernel) kernel; "
                + "choose one of \(MatrixKernel.Kind.allCases.filter(\.isAvailable).map(\.identifier).joined(separator: ", "))")
        }
    }

    /// Sets the engine's kernel when --kernel was given.
    func apply() {
        if let kernel { MatrixKernel.kind = kernel }
    }
}

/// --config: one configuration, or all of them.
struct ConfigurationOption: ParsableArguments {
    @Option(help: "Time only this configuration (\(Configuration.all.map(\.name).joined(separator: ", "))); all of them when omitted.")
    var config: String?

    func validate() throws {
        if let config, !Configuration.all.contains(where: { $0.name == config }) {
            throw ValidationError(
                "Unknown configuration \"\(config)\"; choose one of \(Configuration.all.map(\.name).joined(separator: ", ")).")
        }
    }

    var chosen: [Configuration] { Configuration.all.filter { config == nil || $0.name == config } }
}

/// --synthetic, and the images it chooses between.
struct ImageOption: ParsableArguments {
    @Flag(help: "Train on seeded synthetic images even when Fashion-MNIST is installed.")
    var synthetic = false

    /// Fashion-MNIST's 60,000 training and 10,000 test images when installed (and not --synthetic),
    /// else synthetic ones made from `seed`; with a line that says which.
    func load(seed: UInt64) throws -> (train: ImageDataset, test: ImageDataset, source: String) {
        let folder = DataSet.fashionFolder
        if !synthetic, FileManager.default.fileExists(atPath: folder) {
            return try Self.fashion()
        }
        let why = synthetic ? "--synthetic" : "Fashion-MNIST is not installed in \(folder)"
        let train = SyntheticImages.make(count: 60_000, seed: seed)
        let test = SyntheticImages.make(count: 10_000, seed: seed &+ 1)
        return (train, test, "SYNTHETIC images (\(why)): \(train.count) training, \(test.count) test, seed \(seed); "
                    + "times are comparable, accuracies are not")
    }

    /// Fashion-MNIST's training and test images, with a line that says where they come from.
    static func fashion() throws -> (train: ImageDataset, test: ImageDataset, source: String) {
        let folder = DataSet.fashionFolder
        let train = try IDXReader.loadPair(folder: folder, prefix: "train", classNames: ClassNames.fashion,
                                           name: "Fashion-MNIST")
        let test = try IDXReader.loadPair(folder: folder, prefix: "t10k", classNames: ClassNames.fashion,
                                          name: "Fashion-MNIST")
        return (train, test, "Fashion-MNIST from \(folder): \(train.count) training, \(test.count) test images")
    }
}

/// --plots-dir: where a sitting's figure is drawn.
struct PlotsOption: ParsableArguments {
    @Option(help: "Folder for the sitting's figure.")
    var plotsDir = "plots"

    func validate() throws { try ChapterOptions.checkWritableFolder(plotsDir, flag: "--plots-dir") }

    /// Draws the sitting's figure into the folder.
    func draw(_ sitting: Sitting) throws {
        let path = try Gnuplot.renderPNG(sitting.figure, in: plotsDir)
        print("# drew \(path)")
    }
}
