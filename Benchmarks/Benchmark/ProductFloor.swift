// ProductFloor: the machine's own limit for an epoch, measured in the same run as the epoch.
//
// An epoch of the 784-H-10 network cannot be faster than its matrix products alone. This times
// exactly those products, on the shapes training uses, through the engine's own Matrix.gemm (the
// same pieces, the same single-threaded kernel calls), with nothing else around them: for each of the
// epoch's batches
//     X·W₁ (B×784 · 784×H),  Xᵀ·dZ₁ (784×B · B×H),
//     H·W₂ (B×H · H×10),     Hᵀ·dZ₂ (H×B · B×10),  dZ₂·W₂ᵀ (B×10 · 10×H)
// on one thread and on two, best of three rounds. The epoch's share of the floor is floor / epoch:
// 1 would mean that nothing but the products takes any time.

import Engine

struct ProductFloor {
    /// Seconds for one epoch's products on 1 and on 2 threads.
    let seconds: [Int: Double]

    /// Times one epoch's products (`samples` samples in batches of `batchSize`) on 1 and 2 threads.
    static func measure(hidden h: Int, batchSize b: Int, samples: Int) -> ProductFloor {
        var rng = SeededRandom(seed: 7)
        func random(_ rows: Int, _ cols: Int) -> Matrix { rng.uniformMatrix(rows: rows, cols: cols, low: -1, high: 1) }
        let x = random(b, 784), dZ1 = random(b, h), hidden = random(b, h), dZ2 = random(b, 10)
        let w1 = random(784, h), w2 = random(h, 10)
        var z1 = Matrix(rows: b, cols: h), dW1 = Matrix(rows: 784, cols: h)
        var z2 = Matrix(rows: b, cols: 10), dW2 = Matrix(rows: h, cols: 10), dH = Matrix(rows: b, cols: h)
        let batches = (samples + b - 1) / b
        let saved = MatrixKernel.threads
        defer { MatrixKernel.threads = saved }
        var seconds: [Int: Double] = [:]
        for threads in 1...MatrixKernel.pieces {
            MatrixKernel.threads = threads
            var best = Double.infinity
            for _ in 0..<3 {
                let start = ContinuousClock.now
                for _ in 0..<batches {
                    Matrix.gemm(x, w1, into: &z1)
                    Matrix.gemm(hidden, w2, into: &z2)
                    Matrix.gemm(dZ2, w2, transposeB: true, into: &dH)
                    Matrix.gemm(hidden, transposeA: true, dZ2, into: &dW2)
                    Matrix.gemm(x, transposeA: true, dZ1, into: &dW1)
                }
                best = min(best, start.secondsUntilNow)
            }
            seconds[threads] = best
        }
        return ProductFloor(seconds: seconds)
    }

    /// "floor_1t_s=0.201 floor_1t_gflops=61.0 floor_2t_s=0.105 floor_2t_gflops=116.8 share_of_floor=0.82"
    /// for an epoch of `epochSeconds` run on `threads` threads doing `flops` arithmetic.
    func summary(flops: Double, epochSeconds: Double, threads: Int) -> String {
        var words: [String] = []
        for (t, s) in seconds.sorted(by: { $0.key < $1.key }) {
            words.append("floor_\(t)t_s=\(String(format: "%.3f", s)) floor_\(t)t_gflops=\(String(format: "%.1f", flops / s / 1e9))")
        }
        if let floor = seconds[threads] {
            words.append("share_of_floor=\(String(format: "%.2f", floor / epochSeconds))")
        }
        return words.joined(separator: " ")
    }
}
