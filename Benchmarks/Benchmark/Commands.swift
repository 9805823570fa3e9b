// Commands: the benchmark's subcommands, each with only the flags that apply to it.

import ArgumentParser
import Engine
import Foundation
import Workbook

/// `Benchmark run` (the default): times every configuration, or one, on the MLP.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Time the MLP configurations.",
        discussion: "Configurations: \(Configuration.all.map(\.name).joined(separator: ", ")).")

    @OptionGroup var timing: TimingOptions
    @OptionGroup var configurations: ConfigurationOption
    @OptionGroup var threads: ThreadOption
    @OptionGroup var images: ImageOption

    func run() throws {
        threads.apply()
        let (train, test, source) = try images.load(seed: timing.seed)
        timing.printHeader(source: source)
        for configuration in configurations.chosen {
            try configuration.time(epochs: timing.epochs, seed: timing.seed, train: train, test: test)
        }
    }
}

/// `Benchmark convolutional`: the convolutional network of Benchmarks/peers/cnn_peer.py.
struct ConvolutionalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convolutional",
        abstract: "Time the convolutional network of Benchmarks/peers/cnn_peer.py.")

    @OptionGroup var timing: TimingOptions
    @OptionGroup var threads: ThreadOption
    @OptionGroup var images: ImageOption

    func run() throws {
        threads.apply()
        let (train, test, source) = try images.load(seed: timing.seed)
        timing.printHeader(source: source)
        try ConvolutionalRun.time(epochs: timing.epochs, seed: timing.seed, train: train, test: test)
    }
}

/// `Benchmark sitting`: the engine beside its peers, in one sitting, written and drawn.
struct SittingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sitting",
        abstract: "Time every configuration on the engine (one and two threads) and on the Python peers in one sitting, "
            + "write the times to \(Sitting.file) and draw plots/\(Sitting.figureName).png.",
        discussion: "Needs Fashion-MNIST, python3 with numpy, and torch for the PyTorch peer.")

    static let roundsOption = NumericOption("--rounds", 1...5, Text("Rounds of the sitting; each runner's time is its best round"))

    @OptionGroup var timing: TimingOptions
    @OptionGroup var configurations: ConfigurationOption

    @Option(help: Self.roundsOption.help)
    var rounds = 2

    @OptionGroup var plots: PlotsOption

    func validate() throws {
        try Self.roundsOption.check(rounds)
        guard FileManager.default.fileExists(atPath: DataSet.fashionFolder) else {
            throw ValidationError("A sitting compares the engine with the peers on Fashion-MNIST, which is not installed in "
                + "\(DataSet.fashionFolder): run scripts/setup (or apt-get install dataset-fashion-mnist) first.")
        }
    }

    func run() throws {
        let (train, test, source) = try ImageOption.fashion()
        timing.printHeader(source: source)
        let result = try Sitting.measure(configurations.chosen, epochs: timing.epochs, rounds: rounds, data: source) {
            configuration, threads in
            MatrixKernel.threads = threads
            return try configuration.measure(epochs: timing.epochs, seed: timing.seed, train: train, test: test)
        }
        try result.csv.write(toFile: Sitting.file, atomically: true, encoding: .utf8)
        print("# wrote \(Sitting.file)")
        // Drawn from the file as written (times to the millisecond), so that draw-sitting, and so
        // scripts/regenerate, draws the same figure byte for byte.
        try plots.draw(try Sitting(csv: result.csv, source: Sitting.file))
    }
}

/// `Benchmark draw-sitting`: the sitting's figure again, from its data file, timing nothing.
struct DrawSittingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "draw-sitting",
        abstract: "Redraw plots/\(Sitting.figureName).png from \(Sitting.file), without timing anything.")

    @OptionGroup var plots: PlotsOption

    func run() throws {
        guard let text = try? String(contentsOfFile: Sitting.file, encoding: .utf8) else {
            throw WorkbookError("Cannot read \(Sitting.file): run the benchmark from the project's folder, "
                + "or measure a sitting first with `swift run -c release Benchmark sitting`.")
        }
        try plots.draw(try Sitting(csv: text, source: Sitting.file))
    }
}

/// `Benchmark products`: the engine's matrix product beside OpenBLAS's, shape by shape.
struct ProductsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "products",
        abstract: "Time the engine's matrix product against OpenBLAS's sgemm (through numpy) on the shapes training uses.",
        discussion: "Needs python3 with numpy for the OpenBLAS column.")

    @Option(help: SittingCommand.roundsOption.help)
    var rounds = 2

    @OptionGroup var kernel: KernelOption

    func validate() throws { try SittingCommand.roundsOption.check(rounds) }

    func run() throws {
        kernel.apply()
        ProductComparison.measure(rounds: rounds)
    }
}

/// `Benchmark fingerprint`: the bits of a short pinned run (PinnedRun).
struct FingerprintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fingerprint",
        abstract: "Print the fingerprint of a short pinned run (every loss and a hash of every weight) instead of timing.")

    @OptionGroup var threads: ThreadOption
    @OptionGroup var kernel: KernelOption

    func run() throws {
        threads.apply()
        kernel.apply()
        for run in PinnedRun.allCases { print(try run.fingerprint()) }
    }
}
