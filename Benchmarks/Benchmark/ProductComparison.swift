// ProductComparison: the engine's matrix product beside OpenBLAS's sgemm (through numpy), shape by
// shape, on one thread and on two, as a ratio taken in one sitting.
//
//     swift run -c release Benchmark products
//
// The shapes are the ones training computes: the 784-128-10 network's step on a batch of 64, and the
// convolutional network's two layers on a batch of 64 as Conv2D computes them (Chapter 08,
// Benchmarks/peers/cnn_peer.py): the forward product and the input gradient image by image, the
// weights' and biases' gradients in one product over the batch.
// Each is timed in rounds that alternate between the engine and the peer; each keeps its best.

import Engine
import Foundation

struct ProductComparison {
    /// op(A) is m×k, op(B) is k×n; what the product is for.
    struct Shape {
        let m, n, k: Int
        let transposeA, transposeB: Bool
        let role: String
        var flops: Double { 2 * Double(m) * Double(n) * Double(k) }
        var name: String { "\(m)x\(n)x\(k)" }
        var transposes: String { (transposeA ? "t" : "n") + (transposeB ? "t" : "n") }
    }

    static let shapes = [
        Shape(m: 64, n: 128, k: 784, transposeA: false, transposeB: false, role: "X·W₁, dense forward"),
        Shape(m: 784, n: 128, k: 64, transposeA: true, transposeB: false, role: "Xᵀ·dZ₁, dense dW₁"),
        Shape(m: 64, n: 10, k: 128, transposeA: false, transposeB: false, role: "H·W₂, top layer forward"),
        Shape(m: 128, n: 10, k: 64, transposeA: true, transposeB: false, role: "Hᵀ·dZ₂, top layer dW₂"),
        Shape(m: 64, n: 128, k: 10, transposeA: false, transposeB: true, role: "dZ₂·W₂ᵀ, top layer dH"),
        Shape(m: 16, n: 576, k: 25, transposeA: false, transposeB: false, role: "W·P, first convolution, one image"),
        Shape(m: 26, n: 16, k: 36864, transposeA: false, transposeB: false, role: "(P | 1)·dZᵀ, first convolution (dW | db)ᵀ"),
        Shape(m: 32, n: 64, k: 400, transposeA: false, transposeB: false, role: "W·P, second convolution, one image"),
        Shape(m: 401, n: 32, k: 4096, transposeA: false, transposeB: false, role: "(P | 1)·dZᵀ, second convolution (dW | db)ᵀ"),
        Shape(m: 400, n: 64, k: 32, transposeA: true, transposeB: false, role: "Wᵀ·dY, second convolution dP, one image"),
    ]

    /// GFLOP/s of the engine's Matrix.gemm on `shape` with `threads` threads: the best of 5 runs of
    /// about 0.1 s each.
    static func engine(_ shape: Shape, threads: Int) -> Double {
        var rng = SeededRandom(seed: 1)
        let a = shape.transposeA ? rng.normalMatrix(rows: shape.k, cols: shape.m) : rng.normalMatrix(rows: shape.m, cols: shape.k)
        let b = shape.transposeB ? rng.normalMatrix(rows: shape.n, cols: shape.k) : rng.normalMatrix(rows: shape.k, cols: shape.n)
        var c = Matrix(rows: shape.m, cols: shape.n)
        let saved = MatrixKernel.threads
        defer { MatrixKernel.threads = saved }
        MatrixKernel.threads = threads
        func product() { Matrix.gemm(a, transposeA: shape.transposeA, b, transposeB: shape.transposeB, into: &c) }
        product()
        let repetitions = max(1, Int(0.1 * 50e9 / shape.flops))
        var best = Double.infinity
        for _ in 0..<5 {
            let start = ContinuousClock.now
            for _ in 0..<repetitions { product() }
            best = min(best, start.secondsUntilNow / Double(repetitions))
        }
        return shape.flops / best / 1e9
    }

    /// GFLOP/s of numpy's matmul (OpenBLAS's sgemm) on every shape with `threads` threads, by
    /// Benchmarks/peers/sgemm_peer.py; nil with the reason when the peer cannot run.
    static func openBLAS(threads: Int) -> (gflops: [String: Double]?, problem: String?) {
        let script = "Benchmarks/peers/sgemm_peer.py"
        guard FileManager.default.fileExists(atPath: script) else {
            return (nil, "\(script) not found: run the benchmark from the project's folder")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--threads", "\(threads)"] + shapes.map { "\($0.name):\($0.transposes)" }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return (nil, "python3 could not be started: \(error)") }
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        var result: [String: Double] = [:]
        for line in printed.split(separator: "\n") {
            let words = line.split(separator: " ")
            guard let shape = words.first(where: { $0.hasPrefix("shape=") })?.dropFirst(6),
                  let transposes = words.first(where: { $0.hasPrefix("transpose=") })?.dropFirst(10),
                  let gflops = PeerRun.value("gflops", in: String(line)) else { continue }
            result["\(shape):\(transposes)"] = gflops
        }
        guard process.terminationStatus == 0, result.count == shapes.count else {
            return (nil, "the numpy sgemm peer failed (exit \(process.terminationStatus)); is numpy installed?")
        }
        return (result, nil)
    }

    /// Best GFLOP/s per shape and thread count, for the engine and for OpenBLAS, over `rounds`
    /// alternating rounds; prints the table.
    static func measure(rounds: Int) {
        var engineBest: [String: Double] = [:], blasBest: [String: Double] = [:]
        var problem: String?
        for round in 1...rounds {
            print("# round \(round) of \(rounds)")
            for threads in [1, MatrixKernel.pieces] {
                for shape in shapes {
                    let key = "\(shape.name):\(shape.transposes) \(threads)"
                    engineBest[key] = max(engineBest[key] ?? 0, engine(shape, threads: threads))
                }
                let (peer, trouble) = openBLAS(threads: threads)
                problem = problem ?? trouble
                for (shape, gflops) in peer ?? [:] {
                    blasBest["\(shape) \(threads)"] = max(blasBest["\(shape) \(threads)"] ?? 0, gflops)
                }
            }
        }
        if let problem { print("# \(problem); the engine's column stands alone") }
        print("# GFLOP/s, best of \(rounds) rounds; engine: the \(MatrixKernel.kind) kernel; OpenBLAS: numpy's matmul")
        print("shape (m×n×k, op)      threads  engine  OpenBLAS  ratio   what")
        for threads in [1, MatrixKernel.pieces] {
            for shape in shapes {
                let key = "\(shape.name):\(shape.transposes) \(threads)"
                let ours = engineBest[key] ?? 0, theirs = blasBest[key]
                let ratio = theirs.map { String(format: "%5.2f×", ours / $0) } ?? "    –"
                let blas = theirs.map { String(format: "%8.1f", $0) } ?? "       –"
                print("\(shape.name.padding(toLength: 14, withPad: " ", startingAt: 0)) \(shape.transposes)  "
                      + "\(String(format: "%9d", threads))  \(String(format: "%6.1f", ours))  \(blas)  \(ratio)  \(shape.role)")
            }
        }
    }
}
