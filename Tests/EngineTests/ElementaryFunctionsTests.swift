// ElementaryFunctionsTests: the workbook's own exp, expm1, log, cos, sin and tanh give the same
// bits everywhere (tables of exact bit patterns, run on every machine) and are accurate (maximum
// error in ulps against glibc's long double functions, on x86-64 where Float80 exists).

import Foundation
import Testing
@testable import Engine

@Suite struct ElementaryFunctionsTests {

    // MARK: Same bits on every machine

    /// Arguments and the exact bits every machine must produce. Each is also the correctly rounded
    /// value (checked against 120-digit arithmetic when the table was made).
    static var exactValues: [(name: String, f: (Double) -> Double, x: Double, bits: UInt64)] { [
        ("exp", Elementary.exp, 0, 0x3ff0000000000000),
        ("exp", Elementary.exp, 1, 0x4005bf0a8b145769),
        ("exp", Elementary.exp, -1, 0x3fd78b56362cef38),
        ("exp", Elementary.exp, 0.5, 0x3ffa61298e1e069c),
        ("exp", Elementary.exp, 10, 0x40d5829dcf950560),
        ("exp", Elementary.exp, -20, 0x3e21b48655f37267),
        ("exp", Elementary.exp, 700, 0x7f0d945df4f8ec8e),
        ("exp", Elementary.exp, -740, 0x0000000000000055),
        ("expm1", Elementary.expm1, 1e-10, 0x3ddb7cdfd9dda4e3),
        ("expm1", Elementary.expm1, 1, 0x3ffb7e151628aed3),
        ("expm1", Elementary.expm1, -1, 0xbfe43a54e4e98864),
        ("log", Elementary.log, 1, 0x0000000000000000),
        ("log", Elementary.log, 2, 0x3fe62e42fefa39ef),
        ("log", Elementary.log, 10, 0x40026bb1bbb55516),
        ("log", Elementary.log, 0.5, 0xbfe62e42fefa39ef),
        ("log", Elementary.log, 1e-7, 0xc0301e3b843eaa73),
        ("log", Elementary.log, 0x1p-1074, 0xc0874385446d71c3),
        ("cos", Elementary.cos, 0, 0x3ff0000000000000),
        ("cos", Elementary.cos, 1, 0x3fe14a280fb5068c),
        ("cos", Elementary.cos, 3, 0xbfefae04be85e5d2),
        ("cos", Elementary.cos, 1000, 0x3fe1ff026793f1bb),
        ("sin", Elementary.sin, 1, 0x3feaed548f090cee),
        ("sin", Elementary.sin, 3, 0x3fc210386db6d55b),
        ("tanh", Elementary.tanh, 0.5, 0x3fdd9353d7568af3),
        ("tanh", Elementary.tanh, 1, 0x3fe85efab514f394),
        ("tanh", Elementary.tanh, -3, 0xbfefd77d111a0b00),
    ] }

    @Test func exactBitsOnEveryMachine() {
        for (name, f, x, bits) in Self.exactValues {
            let y = f(x)
            #expect(y.bitPattern == bits,
                    "\(name)(\(x)) = \(y) = 0x\(String(y.bitPattern, radix: 16)), expected 0x\(String(bits, radix: 16))")
        }
    }

    /// The Float versions, bit for bit (each the correctly rounded Float).
    @Test func exactFloatBitsOnEveryMachine() {
        let cases: [(String, (Float) -> Float, Float, UInt32)] = [
            ("exp", Elementary.exp, 1, 0x402df854), ("exp", Elementary.exp, -7, 0x3a6f0b5d),
            ("log", Elementary.log, 10, 0x40135d8e), ("log", Elementary.log, 1e-7, 0xc180f1dc),
            ("tanh", Elementary.tanh, 0.5, 0x3eec9a9f), ("cos", Elementary.cos, 1, 0x3f0a5140),
            ("sin", Elementary.sin, 2, 0x3f68c7b7),
        ]
        for (name, f, x, bits) in cases {
            #expect(f(x).bitPattern == bits, "\(name)(\(x)) = \(f(x)), expected 0x\(String(bits, radix: 16))")
        }
    }

    @Test func specialValues() {
        typealias E = Elementary
        let inf = Double.infinity, nan = Double.nan, tiny = Double.leastNonzeroMagnitude
        let zero = 0.0, minusZero = -0.0
        #expect(E.exp(zero) == 1 && E.exp(minusZero) == 1)
        #expect(E.exp(inf) == inf && E.exp(-inf) == 0)
        #expect(E.exp(710.0) == inf && E.exp(-746.0) == 0)
        #expect(E.exp(709.78) < inf && E.exp(709.78) > 1e308)
        #expect(E.exp(-745.0) == tiny)                  // e⁻⁷⁴⁵ ≈ 4.94·10⁻³²⁴: the smallest subnormal
        #expect(E.exp(nan).isNaN && E.expm1(nan).isNaN && E.log(nan).isNaN)
        #expect(E.exp(1e-300) == 1 && E.expm1(1e-300) == 1e-300)
        #expect(E.expm1(zero).bitPattern == zero.bitPattern && E.expm1(minusZero).bitPattern == minusZero.bitPattern)
        #expect(E.expm1(inf) == inf && E.expm1(-inf) == -1 && E.expm1(-50.0) == -1)
        #expect(E.log(1.0) == 0 && E.log(zero) == -inf && E.log(minusZero) == -inf)
        #expect(E.log(inf) == inf && E.log(-1.0).isNaN && E.log(-inf).isNaN)
        #expect(E.log(Double.greatestFiniteMagnitude) == 709.782712893384)
        #expect(E.cos(zero) == 1 && E.cos(inf).isNaN && E.cos(nan).isNaN)
        #expect(E.sin(zero).bitPattern == zero.bitPattern && E.sin(minusZero).bitPattern == minusZero.bitPattern)
        #expect(E.sin(tiny) == tiny && E.sin(-inf).isNaN)
        #expect(E.tanh(zero).bitPattern == zero.bitPattern && E.tanh(minusZero).bitPattern == minusZero.bitPattern)
        #expect(E.tanh(30.0) == 1 && E.tanh(-30.0) == -1 && E.tanh(inf) == 1 && E.tanh(-inf) == -1)
        #expect(E.tanh(nan).isNaN && E.tanh(1e-300) == 1e-300)
        #expect(E.power(0.9, 0) == 1.0 && E.power(2.0, 10) == 1024 && E.power(2.0, -3) == 0.125)
        #expect(E.power(-3.0, 3) == -27 && E.power(Float(0.5), 4) == 0.0625)
        // Float versions keep the special values.
        #expect(E.exp(Float(0)) == 1 && E.exp(Float(100)) == .infinity && E.log(Float(0)) == -.infinity)
        #expect(E.tanh(Float(-40)) == -1 && E.cos(Float(0)) == 1)
    }

    // MARK: Error measured against long double (x86-64 only)

    #if arch(x86_64)
    /// The constants' splits: ln2Hi + ln2Lo and piOver2A + B + C agree with ln 2 and π/2 in long
    /// double, and the high parts have the trailing zero bits that make n·hi exact.
    @Test func splitsAgreeWithLongDouble() {
        let ln2 = Foundation.log(Float80(2))
        let ln2Split = Float80(Elementary.ln2Hi) + Float80(Elementary.ln2Lo)
        #expect(abs(ln2Split - ln2) <= ln2.ulp)
        #expect(Elementary.ln2Hi.significandBitPattern.trailingZeroBitCount >= 21)
        let halfPi = Float80.pi / 2
        let piSplit = Float80(Elementary.piOver2A) + Float80(Elementary.piOver2B) + Float80(Elementary.piOver2C)
        #expect(abs(piSplit - halfPi) <= halfPi.ulp)
        #expect(Elementary.piOver2A.significandBitPattern.trailingZeroBitCount >= 52 - 32)
        #expect(Elementary.piOver2B.significandBitPattern.trailingZeroBitCount >= 52 - 32)
        #expect(abs(Float80(Elementary.inverseLn2) - 1 / ln2) <= Float80(Elementary.inverseLn2.ulp))
        #expect(abs(Float80(Elementary.twoOverPi) - 2 / Float80.pi) <= Float80(Elementary.twoOverPi.ulp))
        #expect(Float80(Elementary.expOverflow) < Foundation.log(Float80(Double.greatestFiniteMagnitude)) + Float80(Double.greatestFiniteMagnitude.ulp) / Float80(Double.greatestFiniteMagnitude) / 2)
    }

    /// Error of y against the long double reference, in ulps of the Double nearest the reference.
    static func ulps(_ y: Double, _ reference: Float80) -> Double {
        if reference.isNaN { return y.isNaN ? 0 : .infinity }
        if reference.isInfinite || Double(reference).isInfinite {
            return Double(reference) == y ? 0 : .infinity
        }
        let nearest = Double(reference)
        let ulp = nearest == 0 ? Double.leastNonzeroMagnitude
            : max(Float80(nearest).magnitude < Float80(Double.leastNormalMagnitude)
                  ? Double.leastNonzeroMagnitude : nearest.magnitude.nextDown.ulp, Double.leastNonzeroMagnitude)
        // nextDown.ulp: at a power of two the ulp below, the stricter of the two.
        return Double(abs(Float80(y) - reference) / Float80(ulp))
    }

    struct Measure {
        var worst = 0.0, at = 0.0, count = 0
        mutating func add(_ error: Double, _ x: Double) {
            count += 1
            if error > worst || error.isNaN { (worst, at) = (error, x) }
        }
    }

    /// Largest error of f against reference on `count` seeded uniform arguments in low...high, and
    /// on the given edges.
    static func measure(_ f: (Double) -> Double, _ reference: (Float80) -> Float80,
                        ranges: [(Double, Double)], edges: [Double], seed: UInt64,
                        count: Int = 100_000) -> Measure {
        var m = Measure()
        var rng = SeededRandom(seed: seed)
        for (low, high) in ranges {
            for _ in 0..<count {
                let x = low + (high - low) * rng.nextDouble()
                m.add(ulps(f(x), reference(Float80(x))), x)
            }
        }
        for x in edges { m.add(ulps(f(x), reference(Float80(x))), x) }
        return m
    }

    /// Float version against the correctly rounded Float (rounded from long double): never more than
    /// 1 ulp off, and off at all for at most `rareMisses` of the arguments.
    static func checkFloat(_ name: String, _ f: (Float) -> Float, _ reference: (Float80) -> Float80,
                           low: Float, high: Float, seed: UInt64, rareMisses: Int) {
        var rng = SeededRandom(seed: seed)
        var misses = 0
        for _ in 0..<100_000 {
            let x = rng.uniform(low, high)
            let y = f(x), correct = Float(reference(Float80(x)))
            if y != correct {
                misses += 1
                #expect(y == correct.nextUp || y == correct.nextDown, "\(name)(\(x)) = \(y), correct \(correct)")
            }
        }
        print("\(name): \(misses) of 100 000 results on [\(low), \(high)] not the correctly rounded Float")
        #expect(misses <= rareMisses, "\(name): \(misses) of 100 000 Float results not correctly rounded")
    }

    var nan: Double { .nan }
    var inf: Double { .infinity }
    var tiny: Double { .leastNonzeroMagnitude }

    // The bounds asserted below are the largest errors measured (ElementaryFunctions.swift's
    // header lists them), with a little room.

    @Test func exp() {
        let m = Self.measure(Elementary.exp, { Foundation.exp($0) },
                             ranges: [(-708.39, 709.78), (-1, 1), (-1e-8, 1e-8)],
                             edges: [0, -0.0, tiny, -tiny, 1e-300, 0x1p-54, -0x1p-54, 709.78, 709.782712893384,
                                     710, -708.39, inf, nan, 1, -1],
                             seed: 1)
        // Results below 2⁻¹⁰²² (x < −708.4) are subnormal: rounded twice (to 53 bits, then to the
        // subnormal's fewer), so within 1 ulp rather than about half of one.
        let subnormal = Self.measure(Elementary.exp, { Foundation.exp($0) }, ranges: [(-745.13, -708.4)],
                                     edges: [-745.13, -745.14, -708.4, -746, -inf], seed: 8)
        print("exp: max \(m.worst) ulp at \(m.at) over \(m.count) arguments; subnormal results max \(subnormal.worst) ulp at \(subnormal.at)")
        #expect(m.worst < 0.55)
        #expect(subnormal.worst < 0.8)
        Self.checkFloat("exp(Float)", Elementary.exp, { Foundation.exp($0) }, low: -103, high: 88.7, seed: 11, rareMisses: 5)
    }

    @Test func expm1() {
        let m = Self.measure(Elementary.expm1, { Foundation.expm1($0) },
                             ranges: [(-40, 709.7), (-1, 1), (-1e-5, 1e-5), (0.3, 0.4), (-0.4, -0.3), (30, 45)],
                             edges: [0, -0.0, tiny, -tiny, 0x1p-54, -0x1p-54, 709.78, -38, -37, -50, inf, -inf, nan],
                             seed: 2)
        print("expm1: max \(m.worst) ulp at \(m.at) over \(m.count) arguments")
        #expect(m.worst < 0.7)
        Self.checkFloat("expm1(Float)", Elementary.expm1, { Foundation.expm1($0) }, low: -20, high: 20, seed: 12, rareMisses: 5)
    }

    @Test func log() {
        // Every binade: x = m·2ᵉ with random m and e, subnormals included.
        var rng = SeededRandom(seed: 3)
        var m = Measure()
        for _ in 0..<300_000 {
            let x = Double(bitPattern: rng.next() & 0x7fef_ffff_ffff_ffff)
            m.add(Self.ulps(Elementary.log(x), Foundation.log(Float80(x))), x)
        }
        let dense = Self.measure(Elementary.log, { Foundation.log($0) },
                                 ranges: [(0.5, 2), (1 - 1e-3, 1 + 1e-3), (0.7, 0.71), (1.41, 1.42)],
                                 edges: [1, 1.nextUp, 1.nextDown, 2, 0.5, tiny, .leastNormalMagnitude,
                                         .greatestFiniteMagnitude, 0, -0.0, -1, inf, -inf, nan],
                                 seed: 4)
        m.add(dense.worst, dense.at)
        print("log: max \(m.worst) ulp at \(m.at) over \(m.count + dense.count) arguments")
        #expect(m.worst < 0.65)
        Self.checkFloat("log(Float)", Elementary.log, { Foundation.log($0) }, low: 1e-30, high: 1e30, seed: 13, rareMisses: 5)
        Self.checkFloat("log(Float)", Elementary.log, { Foundation.log($0) }, low: 0.5, high: 2, seed: 14, rareMisses: 5)
    }

    @Test func cosAndSin() {
        let limit = Elementary.trigonometricLimit
        let edges = [0, -0.0, tiny, 1e-300, 0x1p-26, Double.pi / 4, Double.pi / 2, Double.pi, 2 * Double.pi,
                     limit, -limit, inf, -inf, nan, 1e6, 355, 103_993]
        let ranges = [(-2 * Double.pi, 2 * Double.pi), (-limit, limit), (0.78, 0.79), (-1e-3, 1e-3)]
        let c = Self.measure(Elementary.cos, { Foundation.cos($0) }, ranges: ranges, edges: edges, seed: 5)
        let s = Self.measure(Elementary.sin, { Foundation.sin($0) }, ranges: ranges, edges: edges, seed: 6)
        print("cos: max \(c.worst) ulp at \(c.at) over \(c.count) arguments")
        print("sin: max \(s.worst) ulp at \(s.at) over \(s.count) arguments")
        #expect(c.worst < 0.7)
        #expect(s.worst < 0.7)
        Self.checkFloat("cos(Float)", Elementary.cos, { Foundation.cos($0) }, low: -7, high: 7, seed: 15, rareMisses: 5)
        Self.checkFloat("sin(Float)", Elementary.sin, { Foundation.sin($0) }, low: -7, high: 7, seed: 16, rareMisses: 5)
    }

    @Test func tanh() {
        let m = Self.measure(Elementary.tanh, { Foundation.tanh($0) },
                             ranges: [(-25, 25), (-1, 1), (-1e-4, 1e-4), (0.5, 0.6), (18, 23)],
                             edges: [0, -0.0, tiny, -tiny, 0x1p-27, -0x1p-27, 22, -22, 22.000001, inf, -inf, nan],
                             seed: 7)
        print("tanh: max \(m.worst) ulp at \(m.at) over \(m.count) arguments")
        #expect(m.worst < 0.6)
        Self.checkFloat("tanh(Float)", Elementary.tanh, { Foundation.tanh($0) }, low: -10, high: 10, seed: 17, rareMisses: 5)
    }

    /// βᵗ by repeated squaring, against long double: the Double within t ulps (far less in
    /// practice), the Float (what Adam uses) the correctly rounded βᵗ for every step count tried.
    @Test func power() {
        var worst = 0.0, largest = 0.0, misses = 0
        for beta in [0.9, 0.99, 0.999, 0.9999] as [Float] {
            for t in 1...20_000 {
                let reference = Foundation.pow(Float80(beta), Float80(t))
                // In ulps per step: repeated squaring can lose up to about one ulp per step.
                let error = Self.ulps(Elementary.power(Double(beta), t), reference)
                (worst, largest) = (max(worst, error / Double(t)), max(largest, error))
                if Elementary.power(beta, t) != Float(reference) { misses += 1 }
            }
        }
        print("power: max \(worst)·t ulp and \(largest) ulp in all (Double), \(misses) of 80 000 Float results not correctly rounded")
        #expect(worst < 1)
        #expect(misses <= 2)
    }
    #endif
}
