// Benchmark: how fast the engine trains the Chapter 06 network, 784-H-10 with a ReLU hidden layer,
// softmax cross-entropy and He initialisation, on the 60,000 Fashion-MNIST training images.
//
//     swift run -c release Benchmark [--epochs 5] [--config 128-sgd-64] [--synthetic]
//
// One line per configuration, in the same shape as ../shared/peers/mlp_peer.py prints, so the two
// can be compared side by side: seconds per epoch (the median of epochs 2...N, since the first epoch
// warms caches), samples per second, effective GFLOP/s, peak resident memory, the BLAS in use and
// the test accuracy after training (speed work must never quietly break learning).
//
// Effective GFLOP/s counts the arithmetic the network needs per training sample:
//     forward X·W₁ (2·784·H), backward Xᵀ·dZ₁ (2·784·H)      = 4·784·H
//     forward H·W₂, backward Hᵀ·dZ₂ and dZ₂·W₂ᵀ (3 · 2·H·10) = 6·H·10
// The gradient with respect to the images themselves is not needed, and is not counted.

import ArgumentParser
import Engine
import Foundation

/// One network and training setting to time.
struct Configuration {
    let hidden: Int
    let batchSize: Int
    let optimizer: String
    let learningRate: Float

    var name: String { "\(hidden)-\(optimizer)-\(batchSize)" }
    var flopsPerSample: Double { Double(4 * 784 * hidden + 6 * hidden * 10) }

    func makeOptimizer() -> Optimizer {
        optimizer == "adam" ? Adam(learningRate: learningRate) : SGD(learningRate: learningRate)
    }

    static let all = [
        Configuration(hidden: 128, batchSize: 32, optimizer: "sgd", learningRate: 0.1),
        Configuration(hidden: 128, batchSize: 64, optimizer: "sgd", learningRate: 0.1),
        Configuration(hidden: 128, batchSize: 256, optimizer: "sgd", learningRate: 0.1),
        Configuration(hidden: 256, batchSize: 64, optimizer: "adam", learningRate: 0.001),
    ]
}

@main
struct Benchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Times training of the Chapter 06 network (784-H-10) on Fashion-MNIST.",
        discussion: "Configurations: \(Configuration.all.map(\.name).joined(separator: ", ")).")

    @Option(help: "Epochs per configuration; the time per epoch is the median of epochs 2 to N.")
    var epochs = 5

    @Option(help: "Time only this configuration (e.g. 128-sgd-64); all of them when omitted.")
    var config: String?

    @Option(help: "Threads BLAS may use; the engine's choice when omitted.")
    var blasThreads: Int?

    @Flag(help: "Train on seeded synthetic images even when Fashion-MNIST is installed.")
    var synthetic = false

    @Option(help: "Seed for the weights, the shuffles and the synthetic images.")
    var seed: UInt64 = 1

    func validate() throws {
        try TrainingFlags.checkCount(epochs, flag: "--epochs", minimum: 2)
        if let config, !Configuration.all.contains(where: { $0.name == config }) {
            throw ValidationError(
                "Unknown configuration \"\(config)\"; choose one of \(Configuration.all.map(\.name).joined(separator: ", ")).")
        }
        if let blasThreads, blasThreads < 1 {
            throw ValidationError("--blas-threads must be at least 1, got \(blasThreads).")
        }
    }

    func run() throws {
        if let blasThreads { BLASSettings.threadCount = blasThreads }
        let (train, test, source) = try loadData()
        print("# \(Date()) · \(Machine.description)")
        print("# \(source)")
        print("# \(epochs) epochs per configuration; epoch_s is the median of epochs 2...\(epochs)")
        for configuration in Configuration.all where config == nil || configuration.name == config {
            try time(configuration, train: train, test: test)
        }
    }

    /// Fashion-MNIST's 60,000 training and 10,000 test images when installed, else synthetic ones.
    func loadData() throws -> (train: ImageDataset, test: ImageDataset, source: String) {
        let folder = DataSetChoice.fashionFolder
        if !synthetic, FileManager.default.fileExists(atPath: folder) {
            let train = try IDXReader.loadPair(folder: folder, prefix: "train", classNames: DataSets.fashionNames,
                                               name: "Fashion-MNIST")
            let test = try IDXReader.loadPair(folder: folder, prefix: "t10k", classNames: DataSets.fashionNames,
                                              name: "Fashion-MNIST")
            return (train, test, "Fashion-MNIST from \(folder): \(train.count) training, \(test.count) test images")
        }
        let why = synthetic ? "--synthetic" : "Fashion-MNIST is not installed in \(folder)"
        let train = SyntheticImages.make(count: 60_000, seed: seed)
        let test = SyntheticImages.make(count: 10_000, seed: seed &+ 1)
        return (train, test, "SYNTHETIC images (\(why)): \(train.count) training, \(test.count) test, seed \(seed); "
                    + "times are comparable, accuracies are not")
    }

    func time(_ configuration: Configuration, train data: ImageDataset, test: ImageDataset) throws {
        PeakMemory.reset()
        var rng = SeededRandom(seed: seed)
        let network = Sequential([
            Dense(inputs: 784, outputs: configuration.hidden, initializer: .he, rng: &rng, name: "dense1"),
            ActivationLayer(.relu),
            Dense(inputs: configuration.hidden, outputs: 10, initializer: .he, rng: &rng, name: "dense2"),
        ])
        let reports = try train(network, on: data, optimizer: configuration.makeOptimizer(),
                                config: TrainingConfig(epochs: epochs, batchSize: configuration.batchSize), rng: &rng)
        let peak = PeakMemory.megabytes
        let accuracy = evaluate(network, on: test).accuracy
        let seconds = median(reports.dropFirst().map(\.seconds))
        let samplesPerSecond = Double(data.count) / seconds
        let gflops = configuration.flopsPerSample * samplesPerSecond / 1e9
        print("hidden=\(configuration.hidden) batch=\(configuration.batchSize) opt=\(configuration.optimizer) "
              + "lr=\(configuration.learningRate) epoch_s=\(String(format: "%.3f", seconds)) "
              + "samples_per_s=\(Int(samplesPerSecond.rounded())) gflops=\(String(format: "%.1f", gflops)) "
              + "peak_mb=\(String(format: "%.0f", peak)) blas=\"\(BLASSettings.summary)\" "
              + "test_acc=\(String(format: "%.4f", accuracy))")
    }
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/// Peak resident memory of this process (the high-water mark of its resident set).
enum PeakMemory {
    /// On Linux, writing 5 to /proc/self/clear_refs resets the high-water mark, so each
    /// configuration reports its own peak (the data set, loaded once, is counted in every one).
    static func reset() {
        #if os(Linux)
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
        #endif
    }

    /// VmHWM from /proc/self/status on Linux, else getrusage's ru_maxrss (bytes on macOS).
    static var megabytes: Double {
        #if os(Linux)
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
           let kb = Double(line.split(separator: " ").dropFirst().first ?? "") {
            return kb / 1024
        }
        #endif
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024          // kilobytes
        #else
        getrusage(RUSAGE_SELF, &usage)
        return Double(usage.ru_maxrss) / 1024 / 1024   // bytes
        #endif
    }
}

/// The CPU model and core count, for the header line.
enum Machine {
    static var description: String {
        var model = "unknown CPU"
        if let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
           let line = info.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
           let colon = line.firstIndex(of: ":") {
            model = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let coreType = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"].map { ", OPENBLAS_CORETYPE=\($0)" } ?? ""
        return "\(model), \(ProcessInfo.processInfo.activeProcessorCount) cores\(coreType)"
    }
}

/// Seeded stand-ins for Fashion-MNIST: each class lights up its own band of rows, plus noise.
enum SyntheticImages {
    static func make(count: Int, seed: UInt64) -> ImageDataset {
        var rng = SeededRandom(seed: seed)
        var pixels = [UInt8](repeating: 0, count: count * 784)
        var labels = [UInt8](repeating: 0, count: count)
        for i in 0..<count {
            let label = rng.int(below: 10)
            labels[i] = UInt8(label)
            for j in 0..<784 {
                let band = (j / 28 / 3) % 10 == label ? 128 : 0
                pixels[i * 784 + j] = UInt8(band + Int(rng.next() >> 57))
            }
        }
        return ImageDataset(pixels: pixels, labels: labels, classNames: DataSets.fashionNames, name: "synthetic")
    }
}
