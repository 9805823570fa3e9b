// FingerprintTests: making the engine faster must not change what it computes, and neither may the
// number of cores.
//
// `Benchmark fingerprint` trains a short pinned run (PinnedRun.swift: 512 synthetic images, a
// 784-128-10 ReLU network, 2 epochs of batch 64, with SGD and with Adam) and prints every epoch
// loss and the test loss as Float bit patterns, and a hash of the bits of every final weight. The
// numbers below were recorded once per BLAS kernel and are compared bit for bit, with the matrix
// products run on one thread and on two: the engine cuts each product into the same pieces either
// way (MatrixProduct.swift), so the bits must not move. The runs happen in child processes.
//
// The last bits of a BLAS product depend on the kernel OpenBLAS picks for the processor: each
// kernel has its own numbers, and a kernel without recorded numbers is held to a tolerance. If a
// change alters the order of floating-point operations on purpose, say why in the commit and record
// the numbers again (`swift run Benchmark fingerprint`, and with OPENBLAS_CORETYPE=Haswell).

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

    /// Recorded with OpenBLAS 0.3.21 (Debian 12), keyed "kernel, optimiser".
    static let recorded: [String: (losses: [UInt32], testLoss: UInt32, weights: UInt64)] = [
        "Haswell, sgd": ([0x3fee0a50, 0x3f5c0954], 0x3f03f57a, 0x052076b5e6286e7f),
        "Haswell, adam": ([0x3f8d06fd, 0x3c953952], 0x3ba7179b, 0x3647cb924be7e9b9),
        "Cooperlake, sgd": ([0x3fee0a50, 0x3f5c0955], 0x3f03f579, 0xf9cc511f07f0bc24),
        "Cooperlake, adam": ([0x3f8d06fe, 0x3c953951], 0x3ba71798, 0xd2f767294949d3bf),
    ]

    /// Runs the fingerprint with `threads` BLAS threads; its lines by optimiser name.
    static func fingerprints(threads: Int) throws -> [String: Fingerprint] {
        let run = try ChapterRunner.run("Benchmark", ["fingerprint", "--threads", "\(threads)"])
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
            if let expected = Self.recorded["\(fingerprint.kernel), \(optimizer)"] {
                #expect(fingerprint.losses == expected.losses, "\(optimizer), \(threads) threads")
                #expect(fingerprint.testLoss == expected.testLoss, "\(optimizer), \(threads) threads")
                #expect(fingerprint.weights == expected.weights, "\(optimizer), \(threads) threads")
            } else {
                // Another kernel: the same run up to rounding.
                let expected = try #require(Self.recorded["Haswell, \(optimizer)"])
                for (got, want) in zip(fingerprint.losses, expected.losses) {
                    let (x, y) = (Float(bitPattern: got), Float(bitPattern: want))
                    #expect(abs(x - y) <= 1e-4 * abs(y) + 1e-6, "\(optimizer): \(x) against \(y)")
                }
            }
        }
    }

    /// One thread or two: every bit the same, on any kernel.
    @Test func threadCountChangesNoBit() throws {
        let one = try Self.fingerprints(threads: 1), two = try Self.fingerprints(threads: 2)
        #expect(one.count == 2)
        #expect(one == two)
    }
}
