// Benchmark: how fast the engine trains the Chapter 06 network, 784-H-10 with a ReLU hidden layer,
// softmax cross-entropy and He initialisation, on the 60,000 Fashion-MNIST training images.
//
//     swift run -c release Benchmark [run] [--epochs 5] [--config 128-sgd-64] [--threads 1] [--synthetic]
//     swift run -c release Benchmark convolutional      the network of Benchmarks/peers/cnn_peer.py
//     swift run -c release Benchmark sitting            the engine and both peers in one sitting, drawn
//     swift run Benchmark draw-sitting                  redraws the sitting's figure from its data file
//     swift run Benchmark fingerprint                   the bits of a short pinned run
//     swift run -c release Benchmark products           the engine's product beside OpenBLAS's, shape by shape
//
// `run` prints one line per configuration, in the same shape as Benchmarks/peers/mlp_peer.py prints,
// so the two can be compared side by side: seconds per epoch (the median of epochs 2...N, since the
// first epoch warms caches), samples per second, effective GFLOP/s, peak resident memory, the product
// kernel in use and the test accuracy after training (speed work must never quietly break learning).
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

@main
struct Benchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Times training of the Chapter 06 network (784-H-10) on Fashion-MNIST.",
        subcommands: [RunCommand.self, ConvolutionalCommand.self, SittingCommand.self, DrawSittingCommand.self,
                      FingerprintCommand.self, ProductsCommand.self],
        defaultSubcommand: RunCommand.self)
}
