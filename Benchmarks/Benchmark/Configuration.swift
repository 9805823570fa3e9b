// Configuration: one network and training setting the benchmark times, and its timing.

import Engine
import Foundation
import Workbook

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

    /// Trains for `epochs` epochs from `seed` and measures the product floor of the same shapes.
    func measure(epochs: Int, seed: UInt64, train data: ImageDataset, test: ImageDataset) throws -> EngineTiming {
        PeakMemory.reset()
        var rng = SeededRandom(seed: seed)
        let network = Sequential(mlp: [784, hidden, 10], activation: .relu, rng: &rng)
        let optimizer = optimizer.make(learningRate: learningRate)
        let reports = try network.train(on: data, optimizer: optimizer,
                                        config: TrainingConfig(epochs: epochs, batchSize: batchSize), rng: &rng)
        let peak = PeakMemory.megabytes
        return EngineTiming(seconds: median(reports.dropFirst().map(\.seconds)), accuracy: Double(network.evaluate(on: test).accuracy),
                            peakMegabytes: peak,
                            floor: ProductFloor.measure(hidden: hidden, batchSize: batchSize, samples: data.count))
    }

    /// Measures, then prints one line in the peer's shape and the product floor under it.
    func time(epochs: Int, seed: UInt64, train data: ImageDataset, test: ImageDataset) throws {
        let timing = try measure(epochs: epochs, seed: seed, train: data, test: test)
        let seconds = timing.seconds
        let samplesPerSecond = Double(data.count) / seconds
        let gflops = flopsPerSample * samplesPerSecond / 1e9
        print("hidden=\(hidden) batch=\(batchSize) opt=\(optimizer) "
              + "lr=\(learningRate) epoch_s=\(String(format: "%.3f", seconds)) "
              + "samples_per_s=\(Int(samplesPerSecond.rounded())) gflops=\(String(format: "%.1f", gflops)) "
              + "peak_mb=\(String(format: "%.0f", timing.peakMegabytes)) kernel=\"\(MatrixKernel.summary)\" "
              + "test_acc=\(String(format: "%.4f", timing.accuracy))")
        print("  matrix products alone on the same shapes: "
              + timing.floor.summary(flops: flopsPerSample * Double(data.count), epochSeconds: seconds,
                                     threads: MatrixKernel.threads))
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
