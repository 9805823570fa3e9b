// FingerprintTests: making the engine faster must not change what it computes.
//
// `Benchmark --fingerprint` trains a short pinned run (PinnedRun.swift: 512 synthetic images, a
// 784-128-10 ReLU network, 2 epochs of batch 64, with SGD and with Adam) and prints every epoch
// loss and the test loss as Float bit patterns, and a hash of the bits of every final weight. The
// numbers below were recorded once per BLAS kernel and thread count, and are compared bit for bit.
// The runs happen in child processes, so changing the BLAS thread count (a setting of the whole
// process) can never disturb another test.
//
// The last bits of a BLAS product depend on the kernel and on how the product is split between
// threads: each kernel has its own numbers, and a kernel without recorded numbers is held to a
// tolerance. If a change alters the order of floating-point operations on purpose, say why in the
// commit and record the numbers again (`swift run Benchmark --fingerprint --blas-threads N`, and
// with OPENBLAS_CORETYPE=Haswell for the Haswell kernel).

import Foundation
import Testing
import Engine
import TestSupport

@Suite struct FingerprintTests {
    struct Fingerprint: Equatable {
        var kernel: String
        var losses: [UInt32]
        var testLoss: UInt32
        var weights: UInt64
    }

    /// Recorded with OpenBLAS 0.3.21 (Debian 12), keyed "kernel, optimiser, threads".
    static let recorded: [String: (losses: [UInt32], testLoss: UInt32, weights: UInt64)] = [
        "Haswell, sgd, 1": ([0x3fee0a51, 0x3f5c0955], 0x3f03f57a, 0x77bf980c0f03ea48),
        "Haswell, adam, 1": ([0x3f8d06fd, 0x3c953952], 0x3ba7179b, 0xf899a021253ac3d6),
        "Haswell, sgd, 2": ([0x3fee0a50, 0x3f5c0955], 0x3f03f579, 0x73990c71ce8880f2),
        "Haswell, adam, 2": ([0x3f8d06fe, 0x3c953953], 0x3ba7179b, 0xb04205e0cfecc537),
        "Cooperlake, sgd, 1": ([0x3fee0a50, 0x3f5c0954], 0x3f03f579, 0x7cc36963a98f3ad9),
        "Cooperlake, adam, 1": ([0x3f8d06fe, 0x3c953952], 0x3ba71798, 0xebb3927d880752bb),
        "Cooperlake, sgd, 2": ([0x3fee0a51, 0x3f5c0954], 0x3f03f579, 0xb7f5936af2af3bf4),
        "Cooperlake, adam, 2": ([0x3f8d06fe, 0x3c953951], 0x3ba7179d, 0xab88e6d6f35c3b17),
    ]

    /// Runs the fingerprint with `threads` BLAS threads; its lines by optimiser name.
    static func fingerprints(threads: Int, savingWeightsIn folder: String? = nil) throws -> [String: Fingerprint] {
        var arguments = ["--fingerprint", "--blas-threads", "\(threads)"]
        if let folder { arguments += ["--save-weights", folder] }
        let run = try ChapterRunner.run("Benchmark", arguments)
        #expect(run.status == 0, "\(run.errors)")
        var result: [String: Fingerprint] = [:]
        for line in run.output.split(separator: "\n") where line.hasPrefix("fingerprint ") {
            let words = line.split(separator: " ")
            var fields: [String: String] = [:]
            for word in words.dropFirst(2) {
                let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
                if parts.count == 2 { fields[parts[0]] = parts[1] }
            }
            func number<T: FixedWidthInteger>(_ text: String?) -> T? { text.flatMap { T($0.dropFirst(2), radix: 16) } }
            result[String(words[1])] = Fingerprint(
                kernel: fields["kernel"] ?? "",
                losses: (fields["losses"] ?? "").split(separator: ",").compactMap { number(String($0)) },
                testLoss: number(fields["test_loss"]) ?? 0, weights: number(fields["weights"]) ?? 0)
        }
        return result
    }

    @Test(arguments: [1, 2])
    func pinnedRunsAreUnchanged(threads: Int) throws {
        let found = try Self.fingerprints(threads: threads)
        #expect(found.keys.sorted() == ["adam", "sgd"])
        for (optimizer, fingerprint) in found {
            if let expected = Self.recorded["\(fingerprint.kernel), \(optimizer), \(threads)"] {
                #expect(fingerprint.losses == expected.losses, "\(optimizer), \(threads) threads")
                #expect(fingerprint.testLoss == expected.testLoss, "\(optimizer), \(threads) threads")
                #expect(fingerprint.weights == expected.weights, "\(optimizer), \(threads) threads")
            } else {
                // Another kernel: the same run up to rounding.
                let expected = try #require(Self.recorded["Haswell, \(optimizer), \(threads)"])
                for (got, want) in zip(fingerprint.losses, expected.losses) {
                    let (x, y) = (Float(bitPattern: got), Float(bitPattern: want))
                    #expect(abs(x - y) <= 1e-4 * abs(y) + 1e-6, "\(optimizer): \(x) against \(y)")
                }
            }
        }
    }

    /// One thread instead of two changes the order in which BLAS adds up some products, so the
    /// weights differ in their last bits; after 16 steps the change is far below anything that
    /// shows in a loss or an accuracy.
    @Test func threadCountChangesOnlyLastBits() throws {
        let one = TemporaryFolder(), two = TemporaryFolder()
        let first = try Self.fingerprints(threads: 1, savingWeightsIn: one.path)
        let second = try Self.fingerprints(threads: 2, savingWeightsIn: two.path)
        for optimizer in ["sgd", "adam"] {
            let (a, b) = (try #require(first[optimizer]), try #require(second[optimizer]))
            for (x, y) in zip(a.losses + [a.testLoss], b.losses + [b.testLoss]).map({ (Float(bitPattern: $0), Float(bitPattern: $1)) }) {
                #expect(abs(x - y) <= 1e-5 * max(abs(x), abs(y)), "\(optimizer): losses \(x) and \(y)")
            }
            let weightsOne = try loadSafeTensors(one.file("\(optimizer).safetensors")).tensors
            let weightsTwo = try loadSafeTensors(two.file("\(optimizer).safetensors")).tensors
            #expect(weightsOne.keys.sorted() == weightsTwo.keys.sorted() && weightsOne.count == 4)
            var largest: Float = 0
            for (name, w) in weightsOne {
                for (x, y) in zip(w.data, weightsTwo[name]!.data) { largest = max(largest, abs(x - y)) }
            }
            #expect(largest <= 1e-4, "\(optimizer)")   // a tenth of Adam's step η = 0.001
        }
    }
}
