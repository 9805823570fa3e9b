// FingerprintTests: making the engine faster must not change what it computes, and neither may the
// processor, the product kernel or the number of cores.
//
// `Benchmark fingerprint` trains a short pinned run (PinnedRun.swift: 512 synthetic images, a
// 784-128-10 ReLU network, 2 epochs of batch 64, with SGD and with Adam) and prints every epoch
// loss and the test loss as Float bit patterns, and a hash of the bits of every final weight. The
// numbers below were recorded once and are compared bit for bit with every product kernel this
// processor runs (the portable one, AVX2 + FMA, AVX-512), on one thread and on two. The runs happen
// in child processes.
//
// If a change alters the order of floating-point operations on purpose, say why in the commit and
// record the numbers again (`swift run Benchmark fingerprint`).

import Foundation
import Testing
import Engine
import TestSupport

@Suite struct FingerprintTests {
    struct Fingerprint: Equatable {
        var losses: [UInt32]
        var testLoss: UInt32
        var weights: UInt64
    }

    /// The same on every machine, keyed by optimiser.
    static let recorded: [String: Fingerprint] = [
        "sgd": Fingerprint(losses: [0x3fee0a50, 0x3f5c0953], testLoss: 0x3f03f579, weights: 0xcbe8a800ef802a6e),
        "adam": Fingerprint(losses: [0x3f8d06fe, 0x3c953952], testLoss: 0x3ba7179a, weights: 0x161a04f5231760d9),
    ]

    /// The kernels this processor runs, as `--kernel` names them.
    static let kernels = MatrixKernel.Kind.allCases.filter(\.isAvailable).map(\.identifier)

    /// Runs the fingerprint with `threads` threads and `kernel`; its lines by optimiser name.
    static func fingerprints(threads: Int, kernel: String) throws -> [String: Fingerprint] {
        let run = try ChapterRunner.run("Benchmark", ["fingerprint", "--threads", "\(threads)", "--kernel", kernel])
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
                losses: (fields["losses"] ?? "").split(separator: ",").compactMap { number(String($0)) },
                testLoss: number(fields["test_loss"]) ?? 0, weights: number(fields["weights"]) ?? 0)
        }
        return result
    }

    @Test(arguments: kernels, [1, 2])
    func pinnedRunsAreTheRecordedBits(kernel: String, threads: Int) throws {
        let found = try Self.fingerprints(threads: threads, kernel: kernel)
        #expect(found == Self.recorded, "\(kernel) kernel, \(threads) threads")
    }

    /// NN_MATRIX_KERNEL chooses the kernel of a whole run (CI regenerates the pages with the AVX2
    /// one too): the same bits; a name this processor has no kernel for is refused with both languages.
    @Test func theEnvironmentChoosesAKernelForAWholeRun() throws {
        for kernel in Self.kernels where kernel != "portable" {
            let run = try ChapterRunner.run("Benchmark", ["fingerprint"], environment: ["NN_MATRIX_KERNEL": kernel])
            #expect(run.output.contains("kernel=\(kernel) "), "\(run.output)")
        }
        let wrong = try ChapterRunner.run("Benchmark", ["fingerprint"], environment: ["NN_MATRIX_KERNEL": "sse"])
        #expect(wrong.status != 0)
        #expect(wrong.errors.contains("NN_MATRIX_KERNEL=sse: this processor has no such kernel"), "\(wrong.errors)")
        #expect(wrong.errors.contains("此处理器没有这个内核"), "\(wrong.errors)")
    }

    @Test func anUnknownKernelIsRefused() throws {
        let run = try ChapterRunner.run("Benchmark", ["fingerprint", "--kernel", "sse"])
        #expect(run.status != 0)
        #expect(run.errors.contains("--kernel"), "\(run.errors)")
    }
}
