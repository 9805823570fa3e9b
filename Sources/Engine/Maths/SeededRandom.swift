// SeededRandom: the workbook's own random generator, so every number and figure is reproducible.
//
// SplitMix64 (Steele, Lea & Flood, 2014) produces the same 64-bit stream on every machine and
// every Swift version, which the standard library's generators do not promise. Uniform floats use
// the top 24 (Float) or 53 (Double) bits; normal variates use the Box–Muller transform.


public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits (SplitMix64).
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func nextDouble() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in [low, high).
    public mutating func uniform(_ low: Float, _ high: Float) -> Float {
        low + (high - low) * Float(next() >> 40) * 0x1.0p-24
    }

    /// Standard normal (mean 0, variance 1) by Box–Muller, computed in Double with the workbook's own
    /// log and cos (Elementary), for the same result everywhere.
    public mutating func normal() -> Float {
        let u1 = 1 - nextDouble()          // (0, 1], so log(u1) is finite
        let u2 = nextDouble()
        return Float((-2 * Elementary.log(u1)).squareRoot() * Elementary.cos(2 * Double.pi * u2))
    }

    /// Normal with the given mean and standard deviation.
    public mutating func normal(mean: Float, std: Float) -> Float { mean + std * normal() }

    /// Uniform integer in 0..<n, without modulo bias (Lemire's method).
    public mutating func int(below n: Int) -> Int {
        precondition(n > 0, "need a positive bound")
        let bound = UInt64(n)
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold { product = next().multipliedFullWidth(by: bound) }
        }
        return Int(product.high)
    }

    /// Fisher–Yates shuffle driven by this generator.
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            array.swapAt(i, int(below: i + 1))
        }
    }

    /// A matrix of normal variates with the given standard deviation.
    public mutating func normalMatrix(rows: Int, cols: Int, std: Float = 1) -> Matrix {
        var m = Matrix(rows: rows, cols: cols)
        for i in 0..<m.data.count { m.data[i] = std * normal() }
        return m
    }

    /// A matrix of uniform variates in [low, high).
    public mutating func uniformMatrix(rows: Int, cols: Int, low: Float, high: Float) -> Matrix {
        var m = Matrix(rows: rows, cols: cols)
        for i in 0..<m.data.count { m.data[i] = uniform(low, high) }
        return m
    }
}
