// Benchmark: how fast the engine trains the Chapter 06 network, 784-H-10 with a ReLU hidden layer,
// softmax cross-entropy and He initialisation, on the 60,000 Fashion-MNIST training images.
//
//     swift run -c release Benchmark [--epochs 5] [--config 128-sgd-64] [--synthetic]
//
// One line per configuration, in the same shape as Benchmarks/peers/mlp_peer.py prints, so the two
// can be compared side by side: seconds per epoch (the median of epochs 2...N, since the first epoch
// warms caches), samples per second, effective GFLOP/s, peak resident memory, the BLAS in use and
// the test accuracy after training (speed work must never quietly break learning).
//
// Effective GFLOP/s counts the arithmetic the network needs per training sample:
//     forward X·W₁ (2·784·H), backward Xᵀ·dZ₁ (2·784·H)      = 4·784·H
//     forward H·W₂, backward Hᵀ·dZ₂ and dZ₂·W₂ᵀ (3 · 2·H·10) = 6·H·10
// The gradient with respect to the images themselves is not needed, and is not counted.
//
// Under each line, the machine's own limit (ProductFloor): the same epoch's matrix products alone,
// timed on one thread and on two, and the epoch's share of it (floor seconds / epoch seconds, on
// the threads the epoch used), so the gap between the engine and the floor shows on any machine.

import ArgumentParser
import Engine
import Workbook
import Foundation

/// One network and training setting to time.
struct Configuration {
    let hidden: Int
    let batchSize: Int
    let optimizer: OptimizerChoice
    let learningRate: Float

    var name: String { "\(hidden)-\(optimizer)-\(batchSize)" }
    var flopsPerSample: Double { Double(4 * 784 * hidden + 6 * hidden * 10) }

    static let all = [
        Configuration(hidden: 128, batchSize: 32, optimizer: .sgd, learningRate: 0.1),
        Configuration(hidden: 128, batchSize: 64, optimizer: .sgd, learningRate: 0.1),
        Configuration(hidden: 128, batchSize: 256, optimizer: .sgd, learningRate: 0.1),
        Configuration(hidden: 256, batchSize: 64, optimizer: .adam, learningRate: 0.001),
    ]
}

@main
struct Benchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Times training of the Chapter 06 network (784-H-10) on Fashion-MNIST.",
        discussion: "Configurations: \(Configuration.all.map(\.name).joined(separator: ", ")).")

    @Option(help: "Epochs per configuration (2–100); the time per epoch is the median of epochs 2 to N.")
    var epochs = 5

    @Option(help: "Time only this configuration (e.g. 128-sgd-64); all of them when omitted.")
    var config: String?

    @Option(help: "Threads that run the pieces of each matrix product (1–2); the results are the same with either.")
    var threads: Int?

    @Flag(help: "Time the convolutional network of Benchmarks/peers/cnn_peer.py instead of the MLP configurations.")
    var convolutional = false

    @Flag(help: "Train on seeded synthetic images even when Fashion-MNIST is installed.")
    var synthetic = false

    @Option(help: "Seed for the weights, the shuffles and the synthetic images.")
    var seed: UInt64 = 1

    @Flag(help: "Print the name of the BLAS kernel in use (e.g. Haswell) and stop.")
    var blasKernel = false

    @Flag(help: "Print the fingerprint of a short pinned run (every loss and a hash of every weight) instead of timing.")
    var fingerprint = false

    @Flag(help: "Time every configuration on the engine and on the Python peers in one sitting, write the times to Benchmarks/sitting.csv and draw plots/benchmark-sitting.png (needs Fashion-MNIST, python3 with numpy, and torch for the PyTorch peer).")
    var sitting = false

    @Option(help: "Rounds of a sitting (1–5); each runner's time is its best round.")
    var rounds = 2

    @Flag(help: "Redraw plots/benchmark-sitting.png from Benchmarks/sitting.csv, without timing anything.")
    var drawSitting = false

    @Option(help: "Folder for the sitting's figure.")
    var plotsDir = "plots"

    func validate() throws {
        try OptionCheck.check(epochs, in: 2...100, flag: "--epochs")
        if let config, !Configuration.all.contains(where: { $0.name == config }) {
            throw ValidationError(
                "Unknown configuration \"\(config)\"; choose one of \(Configuration.all.map(\.name).joined(separator: ", ")).")
        }
        if let threads { try OptionCheck.check(threads, in: 1...BLASSettings.pieces, flag: "--threads") }
        try OptionCheck.check(rounds, in: 1...5, flag: "--rounds")
        if sitting && (synthetic || convolutional || threads != nil) {
            throw ValidationError("--sitting times every configuration on Fashion-MNIST on one and two threads; "
                + "leave out --synthetic, --convolutional and --threads.")
        }
    }

    func run() throws {
        if let threads { BLASSettings.threads = threads }
        if blasKernel {
            print(BLASSettings.kernel)
            return
        }
        if fingerprint {
            for run in PinnedRun.allCases { print(try run.fingerprint()) }
            return
        }
        if drawSitting {
            guard let text = try? String(contentsOfFile: Sitting.file, encoding: .utf8) else {
                throw WorkbookError("Cannot read \(Sitting.file): run the benchmark from the project's folder, "
                    + "or measure a sitting first with `swift run -c release Benchmark --sitting`.")
            }
            return try draw(try Sitting(csv: text, source: Sitting.file))
        }
        if sitting && !FileManager.default.fileExists(atPath: DataSet.fashionFolder) {
            throw ValidationError("A sitting compares the engine with the peers on Fashion-MNIST, which is not installed in "
                + "\(DataSet.fashionFolder): run scripts/setup (or apt-get install dataset-fashion-mnist) first.")
        }
        let (train, test, source) = try loadData()
        print("# \(Date()) · \(Machine.description)")
        print("# \(source)")
        print("# \(epochs) epochs per configuration; epoch_s is the median of epochs 2...\(epochs)")
        if convolutional { return try ConvolutionalRun.time(epochs: epochs, seed: seed, train: train, test: test) }
        if sitting {
            let chosen = Configuration.all.filter { config == nil || $0.name == config }
            let result = try Sitting.measure(chosen, epochs: epochs, rounds: rounds, data: source) { configuration, threads in
                BLASSettings.threads = threads
                return try measure(configuration, train: train, test: test)
            }
            try result.csv.write(toFile: Sitting.file, atomically: true, encoding: .utf8)
            print("# wrote \(Sitting.file)")
            // Drawn from the file as written (times to the millisecond), so that --draw-sitting, and
            // so scripts/regenerate, draws the same figure byte for byte.
            return try draw(try Sitting(csv: result.csv, source: Sitting.file))
        }
        for configuration in Configuration.all where config == nil || configuration.name == config {
            try time(configuration, train: train, test: test)
        }
    }

    /// Fashion-MNIST's 60,000 training and 10,000 test images when installed, else synthetic ones.
    func loadData() throws -> (train: ImageDataset, test: ImageDataset, source: String) {
        let folder = DataSet.fashionFolder
        if !synthetic, FileManager.default.fileExists(atPath: folder) {
            let train = try IDXReader.loadPair(folder: folder, prefix: "train", classNames: ClassNames.fashion,
                                               name: "Fashion-MNIST")
            let test = try IDXReader.loadPair(folder: folder, prefix: "t10k", classNames: ClassNames.fashion,
                                              name: "Fashion-MNIST")
            return (train, test, "Fashion-MNIST from \(folder): \(train.count) training, \(test.count) test images")
        }
        let why = synthetic ? "--synthetic" : "Fashion-MNIST is not installed in \(folder)"
        let train = SyntheticImages.make(count: 60_000, seed: seed)
        let test = SyntheticImages.make(count: 10_000, seed: seed &+ 1)
        return (train, test, "SYNTHETIC images (\(why)): \(train.count) training, \(test.count) test, seed \(seed); "
                    + "times are comparable, accuracies are not")
    }

    /// Trains `configuration` for `epochs` epochs and measures the product floor of the same shapes.
    func measure(_ configuration: Configuration, train data: ImageDataset, test: ImageDataset) throws -> EngineTiming {
        PeakMemory.reset()
        var rng = SeededRandom(seed: seed)
        let network = Sequential(mlp: [784, configuration.hidden, 10], activation: .relu, rng: &rng)
        let optimizer = configuration.optimizer.make(learningRate: configuration.learningRate)
        let reports = try network.train(on: data, optimizer: optimizer,
                                        config: TrainingConfig(epochs: epochs, batchSize: configuration.batchSize),
                                        rng: &rng)
        let peak = PeakMemory.megabytes
        return EngineTiming(seconds: median(reports.dropFirst().map(\.seconds)), accuracy: Double(network.evaluate(on: test).accuracy),
                            peakMegabytes: peak,
                            floor: ProductFloor.measure(hidden: configuration.hidden, batchSize: configuration.batchSize,
                                                        samples: data.count))
    }

    func time(_ configuration: Configuration, train data: ImageDataset, test: ImageDataset) throws {
        let timing = try measure(configuration, train: data, test: test)
        let seconds = timing.seconds
        let samplesPerSecond = Double(data.count) / seconds
        let gflops = configuration.flopsPerSample * samplesPerSecond / 1e9
        print("hidden=\(configuration.hidden) batch=\(configuration.batchSize) opt=\(configuration.optimizer) "
              + "lr=\(configuration.learningRate) epoch_s=\(String(format: "%.3f", seconds)) "
              + "samples_per_s=\(Int(samplesPerSecond.rounded())) gflops=\(String(format: "%.1f", gflops)) "
              + "peak_mb=\(String(format: "%.0f", timing.peakMegabytes)) blas=\"\(BLASSettings.summary)\" "
              + "test_acc=\(String(format: "%.4f", timing.accuracy))")
        print("  sgemm limit on the same shapes: "
              + timing.floor.summary(flops: configuration.flopsPerSample * Double(data.count), epochSeconds: seconds,
                                     threads: BLASSettings.threads))
    }

    /// Draws the sitting's figure into --plots-dir.
    func draw(_ sitting: Sitting) throws {
        let path = try Gnuplot.renderPNG(sitting.figure, in: plotsDir)
        print("# drew \(path)")
    }
}

/// What one configuration's training run measured.
struct EngineTiming {
    /// Seconds per epoch: the median of epochs 2...N.
    let seconds: Double
    let accuracy: Double
    let peakMegabytes: Double
    let floor: ProductFloor
}
