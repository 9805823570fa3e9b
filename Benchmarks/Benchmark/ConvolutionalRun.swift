// ConvolutionalRun: the benchmark's convolutional configuration, the network of
// Benchmarks/peers/cnn_peer.py built from the engine's layers, so the two lines can be compared:
//     conv 5×5 (1→16) ReLU, max-pool 2, conv 5×5 (16→32) ReLU, max-pool 2, dense 512→128 ReLU, dense 128→10
// with softmax cross-entropy and Adam (0.001), mini-batches of 64, pixels scaled to [0, 1].

import Engine
import Workbook

enum ConvolutionalRun {
    static func network(rng: inout SeededRandom) -> Sequential {
        Sequential([
            Conv2D(inChannels: 1, outChannels: 16, kernel: 5, height: 28, width: 28, rng: &rng, name: "layers.0"),
            ActivationLayer(.relu),
            MaxPool2D(channels: 16, height: 24, width: 24),
            Conv2D(inChannels: 16, outChannels: 32, kernel: 5, height: 12, width: 12, rng: &rng, name: "layers.3"),
            ActivationLayer(.relu),
            MaxPool2D(channels: 32, height: 8, width: 8),
            Flatten(channels: 32, height: 4, width: 4),
            Dense(inputs: 512, outputs: 128, initializer: .he, rng: &rng, name: "layers.7"),
            ActivationLayer(.relu),
            Dense(inputs: 128, outputs: 10, initializer: .xavier, rng: &rng, name: "layers.9"),
        ])
    }

    /// Trains for `epochs` epochs and prints one line in the peer's shape.
    static func time(epochs: Int, seed: UInt64, train: ImageDataset, test: ImageDataset) throws {
        PeakMemory.reset()
        var rng = SeededRandom(seed: seed)
        let network = network(rng: &rng)
        let reports = try network.train(on: train, optimizer: Adam(learningRate: 0.001),
                                        config: TrainingConfig(epochs: epochs, batchSize: 64), rng: &rng)
        let peak = PeakMemory.megabytes
        let accuracy = network.evaluate(on: test).accuracy
        let seconds = median(reports.dropFirst().map(\.seconds))
        print("network=cnn-16-32-128 batch=64 opt=adam lr=0.001 epoch_s=\(String(format: "%.3f", seconds)) "
              + "samples_per_s=\(Int((Double(train.count) / seconds).rounded())) peak_mb=\(String(format: "%.0f", peak)) "
              + "kernel=\"\(MatrixKernel.summary)\" test_acc=\(String(format: "%.4f", accuracy))")
    }
}
