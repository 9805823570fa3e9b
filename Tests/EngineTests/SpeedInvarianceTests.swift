// SpeedInvarianceTests: making the engine faster must not change what it computes.
//
// A short seeded training run (512 synthetic 28×28 images, a 784-128-10 ReLU network, 2 epochs,
// batch 64) with SGD and with Adam. The expected numbers below were printed by the engine BEFORE
// the speed work (buffer reuse, the skipped input gradient, the pixel lookup table, Adam's state
// kept in place) and are compared bit for bit: every epoch loss, the test loss, and a hash of the
// bit patterns of every final weight.
//
// The last bits of a BLAS product depend on how it is split between threads, so there is one set
// of numbers per thread count. The speed work also made the engine use one BLAS thread by default
// where it used one per core (two on the machine the numbers come from); `threadCountChangesOnlyLastBits`
// bounds what that changes. The exact numbers hold for OpenBLAS's Haswell kernel (0.3.21, as
// Debian 12 ships it); another kernel or Accelerate sums in another order, and is held to a tolerance.
// If a change alters the order of floating-point operations on purpose, say why in the commit
// and update the numbers here.

import Foundation
import Testing
@testable import Engine

// Serialized: the tests change the BLAS thread count, which is global.
@Suite(.serialized) struct SpeedInvarianceTests {
    /// 512 (or `count`) images whose bright band depends on the label, plus noise, so the run learns.
    static func images(count: Int, seed: UInt64) -> ImageDataset {
        var rng = SeededRandom(seed: seed)
        var pixels = [UInt8](repeating: 0, count: count * 784)
        var labels = [UInt8](repeating: 0, count: count)
        for i in 0..<count {
            let label = rng.int(below: 10)
            labels[i] = UInt8(label)
            for j in 0..<784 {
                let row = j / 28
                let band = (row / 3) % 10 == label ? 160 : 0
                pixels[i * 784 + j] = UInt8(min(255, band + rng.int(below: 96)))
            }
        }
        return ImageDataset(pixels: pixels, labels: labels, classNames: DataSets.digitNames, name: "synthetic")
    }

    /// FNV-1a over the bit patterns of every parameter value, in layer order.
    static func weightHash(_ network: Sequential) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for p in network.parameters {
            for v in p.value.data {
                h ^= UInt64(v.bitPattern)
                h &*= 0x0000_0100_0000_01b3
            }
        }
        return h
    }

    struct Outcome: Equatable, CustomStringConvertible {
        var epochLosses: [UInt32]
        var testLoss: UInt32
        var weights: UInt64
        var description: String {
            "epochLosses: \(epochLosses.map { "0x" + String($0, radix: 16) }), "
                + "testLoss: 0x\(String(testLoss, radix: 16)), weights: 0x\(String(weights, radix: 16))"
        }
    }

    /// Trains with `threads` BLAS threads (restoring the count afterwards); the outcome and the weights.
    static func run(_ makeOptimizer: () -> Optimizer, standardize: Bool, threads: Int) throws -> (Outcome, [Matrix]) {
        let threadsBefore = BLASSettings.threadCount
        BLASSettings.threadCount = threads
        defer { BLASSettings.threadCount = threadsBefore }
        var trainSet = images(count: 512, seed: 11)
        var test = images(count: 200, seed: 12)
        if standardize {
            let n = trainSet.standardization()
            trainSet = trainSet.normalized(n)
            test = test.normalized(n)
        }
        var rng = SeededRandom(seed: 2024)
        let network = Sequential([
            Dense(inputs: 784, outputs: 128, initializer: .he, rng: &rng, name: "dense1"),
            ActivationLayer(.relu),
            Dense(inputs: 128, outputs: 10, initializer: .he, rng: &rng, name: "dense2"),
        ])
        let reports = try train(network, on: trainSet, optimizer: makeOptimizer(),
                                config: TrainingConfig(epochs: 2, batchSize: 64), rng: &rng)
        let evaluation = evaluate(network, on: test, batchSize: 64)
        let outcome = Outcome(epochLosses: reports.map(\.loss.bitPattern), testLoss: evaluation.loss.bitPattern,
                              weights: weightHash(network))
        return (outcome, network.parameters.map(\.value))
    }

    /// Printed by the engine before the speed work, with OpenBLAS 0.3.21's Haswell kernel.
    static let expected: [String: Outcome] = [
        "sgd, 1 thread": Outcome(epochLosses: [0x3fc8ac35, 0x3ef33c70], testLoss: 0x3e81ad12,
                                 weights: 0xbf7752bebc07a23d),
        "sgd, 2 threads": Outcome(epochLosses: [0x3fc8ac35, 0x3ef33c6f], testLoss: 0x3e81ad12,
                                  weights: 0xe3b76d523f582211),
        // Adam's numbers were printed again after its bias corrections were folded into two per-step
        // constants (one division per element instead of three): `foldedAdamMatchesTextbookAdam`
        // bounds what that changed against the textbook form.
        "adam, 1 thread": Outcome(epochLosses: [0x3f5ea457, 0x3b87a4a5], testLoss: 0x3a485e6d,
                                  weights: 0xdcebd48514ffebd8),
        "adam, 2 threads": Outcome(epochLosses: [0x3f5ea457, 0x3b87a4a6], testLoss: 0x3a485e63,
                                   weights: 0xc8de390b719f82de),
    ]

    static let optimizers: [String: (make: () -> Optimizer, standardize: Bool)] = [
        "sgd": ({ SGD(learningRate: 0.1) }, false),
        "adam": ({ Adam(learningRate: 0.001) }, true),
    ]

    @Test(arguments: ["sgd", "adam"], [1, 2])
    func runIsUnchanged(optimizer: String, threads: Int) throws {
        let setting = Self.optimizers[optimizer]!
        let (outcome, _) = try Self.run(setting.make, standardize: setting.standardize, threads: threads)
        let expected = Self.expected["\(optimizer), \(threads) thread\(threads == 1 ? "" : "s")"]!
        if BLASSettings.kernel == "Haswell" {
            #expect(outcome == expected, "got \(outcome)")
        } else {
            // Another kernel: the same run up to rounding.
            for (got, want) in zip(outcome.epochLosses, expected.epochLosses) {
                #expect(abs(Float(bitPattern: got) - Float(bitPattern: want)) <= 1e-4 * Float(bitPattern: want) + 1e-6)
            }
        }
    }

    /// One thread instead of two changes the order in which BLAS adds up some products, so the
    /// weights differ in their last bits; after 16 steps the change is far below anything that
    /// shows in a loss or an accuracy.
    @Test(arguments: ["sgd", "adam"])
    func threadCountChangesOnlyLastBits(optimizer: String) throws {
        let setting = Self.optimizers[optimizer]!
        let (one, weightsOne) = try Self.run(setting.make, standardize: setting.standardize, threads: 1)
        let (two, weightsTwo) = try Self.run(setting.make, standardize: setting.standardize, threads: 2)
        for (a, b) in zip(one.epochLosses + [one.testLoss], two.epochLosses + [two.testLoss]) {
            let (x, y) = (Float(bitPattern: a), Float(bitPattern: b))
            #expect(abs(x - y) <= 1e-5 * max(abs(x), abs(y)), "losses \(x) and \(y)")
        }
        var largest: Float = 0
        for (a, b) in zip(weightsOne, weightsTwo) {
            for (x, y) in zip(a.data, b.data) { largest = max(largest, abs(x - y)) }
        }
        print("\(optimizer): largest weight difference between 1 and 2 BLAS threads: \(largest)")
        #expect(largest <= 1e-4)   // a tenth of Adam's step η = 0.001
    }

    /// Adam exactly as Kingma & Ba write it, with m̂ and v̂ computed per element: the reference for
    /// the engine's Adam, which folds the two bias corrections into per-step constants.
    final class TextbookAdam: Optimizer {
        var learningRate: Float = 0.001
        let b1: Float = 0.9, b2: Float = 0.999, eps: Float = 1e-8
        var state: [ObjectIdentifier: (m: [Float], v: [Float], t: Int)] = [:]
        func step(_ parameters: [Parameter]) {
            for p in parameters where !p.isFrozen {
                var s = state[ObjectIdentifier(p)] ?? ([Float](repeating: 0, count: p.value.count),
                                                       [Float](repeating: 0, count: p.value.count), 0)
                s.t += 1
                let c1 = 1 - Float(pow(Double(b1), Double(s.t))), c2 = 1 - Float(pow(Double(b2), Double(s.t)))
                for i in 0..<p.value.count {
                    let g = p.gradient.data[i]
                    s.m[i] = b1 * s.m[i] + (1 - b1) * g
                    s.v[i] = b2 * s.v[i] + (1 - b2) * g * g
                    p.value.data[i] -= learningRate * (s.m[i] / c1) / ((s.v[i] / c2).squareRoot() + eps)
                }
                state[ObjectIdentifier(p)] = s
            }
        }
    }

    /// Folding the corrections changes the rounding of each step, not the algorithm: after 16 steps
    /// the losses agree to about 6 digits and no weight moves by more than a tenth of one step.
    @Test func foldedAdamMatchesTextbookAdam() throws {
        let (engine, engineWeights) = try Self.run({ Adam(learningRate: 0.001) }, standardize: true, threads: 1)
        let (textbook, textbookWeights) = try Self.run({ TextbookAdam() }, standardize: true, threads: 1)
        for (a, b) in zip(engine.epochLosses + [engine.testLoss], textbook.epochLosses + [textbook.testLoss]) {
            let (x, y) = (Float(bitPattern: a), Float(bitPattern: b))
            #expect(abs(x - y) <= 1e-5 * max(abs(x), abs(y)), "losses \(x) and \(y)")
        }
        var largest: Float = 0
        for (a, b) in zip(engineWeights, textbookWeights) {
            for (x, y) in zip(a.data, b.data) { largest = max(largest, abs(x - y)) }
        }
        #expect(largest <= 1e-4)   // a tenth of Adam's step η = 0.001
    }
}
