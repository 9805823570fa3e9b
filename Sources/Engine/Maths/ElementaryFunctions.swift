// ElementaryFunctions: exp, expm1, log, cos, sin, tanh and integer powers, written with nothing but
// +, −, ×, ÷, fused multiply-add, square root and bit operations.
//
// Why not the platform's? IEEE 754 specifies those operations exactly: every machine rounds
// them to the same bits. It does not do so for exp, log, cos or tanh, and the C libraries do not
// agree to the last bit: glibc picks a different code path (with or without FMA) depending on the
// processor, its versions have changed their results, and Apple's library is another
// implementation again. A workbook that promises every reader the numbers printed on its pages
// cannot leave a single one of them to the platform. These functions are ordinary Swift code built
// only from the exactly specified operations, so they give the same bits on every machine.
//
// They are not correctly rounded (that costs far more work), but close to it. Largest errors
// measured against glibc's long double functions (64-bit significand), in units in the last place
// of a Double, on 100 000 seeded random arguments in each range listed plus the edges (0, ±tiny,
// subnormals, the overflow and underflow thresholds, ±∞, NaN), by
//   swift build --build-tests && swift test --skip-build --filter ElementaryFunctionsTests
// on x86-64 (the reference needs Float80; the tables of exact bits run everywhere):
//   exp    0.539 ulp  on [−708.39, 709.78], [−1, 1], [−10⁻⁸, 10⁻⁸]
//          0.749 ulp  where the result is subnormal, [−745.13, −708.4] (rounded twice: to 53 bits,
//                     then to the subnormal's fewer)
//   expm1  0.635 ulp  on [−40, 709.7], [−1, 1], [−10⁻⁵, 10⁻⁵], [30, 45] and both sides of ±ln2/2
//   log    0.611 ulp  on 300 000 random positive bit patterns (every binade, subnormals included),
//                     [0.5, 2], [1 − 10⁻³, 1 + 10⁻³] and both sides of √½ and √2
//   cos    0.670 ulp  on [−2π, 2π], [−2²⁰·π/2, 2²⁰·π/2], [0.78, 0.79], [−10⁻³, 10⁻³]
//   sin    0.663 ulp  on the same ranges
//   tanh   0.573 ulp  on [−25, 25], [−1, 1], [−10⁻⁴, 10⁻⁴], [0.5, 0.6], [18, 23]
//   power  0.16·n ulp for βⁿ, β in {0.9, 0.99, 0.999, 0.9999}, n ≤ 20 000 (repeated squaring:
//                     2 494 ulp at most, 2⁻⁴² relative, far below a Float's last place)
// The Float versions compute in Double and round once; on 100 000 random arguments each, every
// one was the correctly rounded Float (within 1 ulp is what the test asks), and so was every Float
// βⁿ above.
//
// Each function follows the classic plan of fdlibm (Sun, 1993), kept simple and written out in
// full: reduce the argument to a small interval exactly (or with its error carried along), evaluate
// a polynomial there, and put the pieces back together, the last additions done so that only the
// final one rounds noticeably.

/// Elementary functions that give the same bits on every machine (see the file's header).
public enum Elementary {

    // MARK: Exact two-term sums

    /// a + b as an unevaluated sum hi + lo with hi = fl(a + b), exactly (Knuth's TwoSum: six
    /// operations, no condition on the sizes of a and b).
    @inline(__always)
    static func twoSum(_ a: Double, _ b: Double) -> (hi: Double, lo: Double) {
        let s = a + b
        let bb = s - a
        return (s, (a - (s - bb)) + (b - bb))
    }

    /// a + b = hi + lo exactly, when |a| ≥ |b| (Dekker's Fast2Sum: three operations).
    @inline(__always)
    static func fastTwoSum(_ a: Double, _ b: Double) -> (hi: Double, lo: Double) {
        let s = a + b
        return (s, (a - s) + b)
    }

    /// 2ⁿ for n in −1022…1023, built from its exponent bits (exact).
    @inline(__always)
    static func twoToThe(_ n: Int) -> Double { Double(bitPattern: UInt64(1023 + n) << 52) }

    // MARK: Constants (exact hex literals; ElementaryFunctionsTests checks the splits)

    /// ln 2 in two parts. The high part keeps only 32 significant bits (its last 21 are zero), so
    /// n·ln2Hi is exact for every |n| < 2²¹, more than the 1 076 that exp and log ever need;
    /// ln2Hi + ln2Lo equals ln 2 to about 2⁻⁸⁵.
    static let ln2Hi: Double = 0x1.62e42fee00000p-1
    static let ln2Lo: Double = 0x1.a39ef35793c76p-33
    /// 1/ln 2, rounded: only used to pick n, so its rounding does not matter.
    static let inverseLn2: Double = 0x1.71547652b82fep+0
    /// Beyond this exp(x) is larger than the largest Double: the Double just below ln(2¹⁰²⁴·(1 − 2⁻⁵⁴)).
    static let expOverflow: Double = 0x1.62e42fefa39efp+9

    /// π/2 in three parts. The first two keep at most 33 significant bits, so n·piOver2A and
    /// n·piOver2B are exact for |n| ≤ 2²⁰; the third is the next 53 bits. Their sum equals π/2 to
    /// about 2⁻¹²⁴ (relative error 6·10⁻³⁸).
    static let piOver2A: Double = 0x1.921fb54400000p+0
    static let piOver2B: Double = 0x1.0b4611a600000p-34
    static let piOver2C: Double = 0x1.3198a2e037073p-69
    /// 2/π, rounded: only used to pick n.
    static let twoOverPi: Double = 0x1.45f306dc9c883p-1
    /// π/4 rounded down: arguments this small need no reduction.
    static let piOver4: Double = 0x1.921fb54442d18p-1
    /// The largest |x| that cos and sin reduce: 2²⁰·π/2 ≈ 1.65·10⁶, so that n ≤ 2²⁰.
    public static let trigonometricLimit: Double = 0x1.921fb54442d18p+20

    /// √2 rounded to a Double: log splits x = 2ᵉ·m with m in [√½, √2).
    static let sqrt2: Double = 0x1.6a09e667f3bcdp+0

    // MARK: exp and expm1

    /// x = n·ln 2 + r with n an integer and |r| ≤ ln2/2 (about 0.347, a little more when the
    /// rounding of x/ln 2 is near a half), returned as r + rLo to about 2⁻¹⁰⁵ relative to 1.
    @inline(__always)
    static func reduceByLn2(_ x: Double) -> (n: Int, r: Double, rLo: Double) {
        let n = (x * inverseLn2).rounded(.toNearestOrEven)
        // n·ln2Hi is exact (n has at most 11 bits, ln2Hi 32), and x − n·ln2Hi is exact too: for
        // n ≠ 0 the two are within a factor of two of each other (Sterbenz's lemma).
        let hi = x - n * ln2Hi
        // n·ln2Lo is not exact: its rounding error is carried along as loLo.
        let lo = n * ln2Lo
        let loLo = (-lo).addingProduct(n, ln2Lo)
        // r = hi − lo, with the rounding error of that subtraction kept in rLo.
        let (r, rLo) = twoSum(hi, -lo)
        return (Int(n), r, rLo - loLo)
    }

    /// eʳ⁺ʳᴸᵒ − 1 for |r| ≤ 0.35, |rLo| ≤ 2⁻⁵⁰·|r|, as hi + lo (accurate to about 2⁻⁶⁰ relative).
    ///
    /// Taylor series: eʳ − 1 = r + r²/2 + r³·P(r), P(r) = 1/3! + r/4! + … + r¹⁰/13!. The first
    /// term left out, r¹⁴/14!, is below 4.2·10⁻¹⁸ ≈ 2⁻⁵⁷·⁷ on |r| ≤ 0.3466. The two large terms
    /// r + r²/2 are added exactly (r² split into z + zLo by an fma), so the rounding errors that
    /// remain are those of the small terms, each a fraction of an ulp of the result.
    @inline(__always)
    static func expMinusOneKernel(_ r: Double, _ rLo: Double) -> (hi: Double, lo: Double) {
        let z = r * r
        let zLo = (-z).addingProduct(r, r)           // r² = z + zLo exactly
        let half = 0.5 * z                           // exact
        let (s, e) = fastTwoSum(r, half)             // |r| ≥ r²/2 since |r| < 2
        // Horner's rule for P(r), one fma per coefficient (1/k! rounded to the nearest Double).
        var p: Double = 0x1.6124613a86d09p-33        // 1/13!
        p = (0x1.1eed8eff8d898p-29 as Double).addingProduct(r, p)  // 1/12!
        p = (0x1.ae64567f544e4p-26 as Double).addingProduct(r, p)  // 1/11!
        p = (0x1.27e4fb7789f5cp-22 as Double).addingProduct(r, p)  // 1/10!
        p = (0x1.71de3a556c734p-19 as Double).addingProduct(r, p)  // 1/9!
        p = (0x1.a01a01a01a01ap-16 as Double).addingProduct(r, p)  // 1/8!
        p = (0x1.a01a01a01a01ap-13 as Double).addingProduct(r, p)  // 1/7!
        p = (0x1.6c16c16c16c17p-10 as Double).addingProduct(r, p)  // 1/6!
        p = (0x1.1111111111111p-7 as Double).addingProduct(r, p)   // 1/5!
        p = (0x1.5555555555555p-5 as Double).addingProduct(r, p)   // 1/4!
        p = (0x1.5555555555555p-3 as Double).addingProduct(r, p)   // 1/3!
        // The small terms: r³·P(r), the rounding errors e and zLo/2, and the part of the argument
        // left in rLo, whose effect is rLo·eʳ ≈ rLo·(1 + r).
        let small = ((e + 0.5 * zLo) + rLo.addingProduct(rLo, r)).addingProduct(z * r, p)
        return (s, small)
    }

    /// y·2ⁿ for y in [0.7, 1.5) and n in −1076…1024, rounded once.
    @inline(__always)
    static func scale(_ y: Double, by n: Int) -> Double {
        if n > 1023 { return (y * 2) * 0x1p1023 }    // y·2 is exact; the product may overflow to +∞
        if n >= -1022 { return y * twoToThe(n) }     // exact: the result is a normal number
        // The result is subnormal. Multiplying by 2ⁿ⁺¹⁰⁰⁰ (a normal number) is exact, and the second
        // product rounds once into the subnormals. (2ⁿ itself is not a Double here.)
        return (y * twoToThe(n + 1000)) * 0x1p-1000
    }

    /// eˣ.
    ///
    /// x = n·ln 2 + r (Cody–Waite), eʳ from its Taylor series, then eˣ = 2ⁿ·eʳ by adding n to the
    /// exponent. NaN gives NaN, +∞ and anything past ln(greatest Double) give +∞, −∞ and anything
    /// below −746 give 0, and results below 2⁻¹⁰²² go through the subnormals, rounded once.
    public static func exp(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x > expOverflow { return .infinity }
        if x < -746 { return 0 }                     // eˣ < 2⁻¹⁰⁷⁶: rounds to zero
        if x.magnitude < 0x1p-54 { return 1 + x }    // 1 + x + x²/2: the x² term is below half an ulp
        let (n, r, rLo) = reduceByLn2(x)
        let (q, t) = expMinusOneKernel(r, rLo)       // eʳ − 1 = q + t
        let (s, e) = fastTwoSum(1, q)                // 1 + q exactly (|q| < 0.42)
        return scale(s + (e + t), by: n)
    }

    /// eˣ − 1, accurate also where it is tiny: expm1(1e-10) = 1.00000000005e-10, where
    /// exp(1e-10) − 1 would have lost six digits.
    public static func expm1(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x > 709 { return exp(x) }                 // eˣ > 2¹⁰²²: the −1 is far below its last place
        if x < -36 { return exp(x) - 1 }             // eˣ < 2⁻⁵¹: one rounding, of the sum
        if x.magnitude < 0x1p-54 { return x }        // x + x²/2 rounds to x (and keeps −0)
        let (hi, lo) = expMinusOneParts(x)
        return hi + lo
    }

    /// eˣ − 1 as hi + lo, to about 2⁻⁶⁰ relative, for 2⁻⁵⁴ ≤ |x| and −36 ≤ x ≤ 709 (shared by
    /// expm1 and tanh).
    static func expMinusOneParts(_ x: Double) -> (hi: Double, lo: Double) {
        if x.magnitude <= 0x1.62e42fefa39efp-2 {     // |x| ≤ ln2/2: no reduction needed
            return expMinusOneKernel(x, 0)
        }
        let (n, r, rLo) = reduceByLn2(x)             // n in −52…1023
        let (q, t) = expMinusOneKernel(r, rLo)       // eʳ − 1 = q + t
        let scaled = twoToThe(n)
        // eˣ − 1 = 2ⁿ·(1 + q + t) − 1 = (2ⁿ − 1) + 2ⁿ·q + 2ⁿ·t.
        if n <= 53 {
            // 2ⁿ − 1 is exact for |n| ≤ 53, and so are 2ⁿ·q and 2ⁿ·t: only the sums round,
            // and the first keeps its error.
            let (u, e) = twoSum(scaled - 1, scaled * q)
            return (u, e + scaled * t)
        }
        // 2ⁿ − 1 is no longer exact, but the −1 is now small: it joins the small terms.
        let (s, e) = fastTwoSum(1, q)                // eʳ = s + (e + t), s·2ⁿ exact
        return (scaled * s, scaled * (e + t) - 1)
    }

    // MARK: log

    /// The natural logarithm ln x.
    ///
    /// x = 2ᵉ·m with m in [√½, √2) (subnormal x scaled by 2⁵⁴ first), f = m − 1, and
    /// ln x = e·ln 2 + ln(1 + f), where with s = f/(2 + f):
    ///   ln(1 + f) = 2·atanh(s) = 2s + s·R(s²),   R(z) = 2z/3 + 2z²/5 + … + 2z¹⁰/21,
    /// rearranged as f − f²/2 + s·(f²/2 + R), so that the large terms f and f²/2 are exact and s,
    /// which is rounded (its error kept and used), only enters a small correction. |s| ≤ 0.1716, so z ≤ 0.0295 and the
    /// first term left out, 2z¹¹/23 (relative to 2s), is below 2⁻⁶⁰.
    /// Negative x and NaN give NaN, 0 gives −∞, +∞ gives +∞; ln 1 = 0 exactly.
    public static func log(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x < 0 { return .nan }
        if x == 0 { return -.infinity }
        if x == .infinity { return x }
        var bits = x.bitPattern
        var e = -1023
        if x < .leastNormalMagnitude {               // subnormal: make it normal, exactly
            bits = (x * 0x1p54).bitPattern
            e -= 54
        }
        e += Int((bits >> 52) & 0x7ff)
        // m in [1, 2): the same significand with the exponent of 1.
        var m = Double(bitPattern: (bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000)
        if m >= sqrt2 { m *= 0.5; e += 1 }           // now m in [√½, √2); halving is exact
        let f = m - 1                                // exact (Sterbenz: m and 1 within a factor 2)
        // s = f/(2 + f) with its rounding error: 2 + f = d + dLo exactly, s = f/d rounded, and
        // sLo the first-order correction (f − s·d is exact by an fma).
        let (d, dLo) = fastTwoSum(2, f)
        let s = f / d
        let sLo = (f.addingProduct(-s, d) - s * dLo) / d
        let z = s * s
        var rz: Double = 0x1.8618618618618p-4        // 2/21
        rz = (0x1.af286bca1af28p-4 as Double).addingProduct(z, rz)  // 2/19
        rz = (0x1.e1e1e1e1e1e1ep-4 as Double).addingProduct(z, rz)  // 2/17
        rz = (0x1.1111111111111p-3 as Double).addingProduct(z, rz)  // 2/15
        rz = (0x1.3b13b13b13b14p-3 as Double).addingProduct(z, rz)  // 2/13
        rz = (0x1.745d1745d1746p-3 as Double).addingProduct(z, rz)  // 2/11
        rz = (0x1.c71c71c71c71cp-3 as Double).addingProduct(z, rz)  // 2/9
        rz = (0x1.2492492492492p-2 as Double).addingProduct(z, rz)  // 2/7
        rz = (0x1.999999999999ap-2 as Double).addingProduct(z, rz)  // 2/5
        rz = (0x1.5555555555555p-1 as Double).addingProduct(z, rz)  // 2/3
        let r = z * rz
        // f²/2 = halfSquare + halfSquareLo exactly.
        let square = f * f
        let halfSquare = 0.5 * square
        let halfSquareLo = 0.5 * (-square).addingProduct(f, f)
        let exponent = Double(e)
        // e·ln2Hi (exact) + f − f²/2, added exactly as u + (e1 + e2), then the small terms.
        let (u1, e1) = twoSum(exponent * ln2Hi, f)
        let (u, e2) = twoSum(u1, -halfSquare)
        let t = halfSquare + r
        let small = s * t + ((sLo * t - halfSquareLo) + exponent * ln2Lo)
        return u + ((e1 + e2) + small)
    }

    // MARK: cos and sin

    /// x = n·π/2 + r with |r| ≤ π/4 (a hair more at the rounding of x·2/π), as r + rLo, and n mod 4.
    ///
    /// Cody–Waite in three parts: n·piOver2A and n·piOver2B are exact (n ≤ 2²⁰), so is
    /// x − n·piOver2A (Sterbenz), n·piOver2C is split exactly by an fma, and every subtraction
    /// keeps its rounding error. What is left is n·(π/2 − A − B − C) ≤ 2²⁰·2⁻¹²⁴, far below the
    /// last place of r unless x is within 2⁻⁴⁰ or so of a multiple of π/2.
    static func reduceByHalfPi(_ x: Double) -> (quadrant: Int, r: Double, rLo: Double) {
        if x.magnitude <= piOver4 { return (0, x, 0) }
        precondition(x.magnitude <= trigonometricLimit,
                     "Elementary.cos and sin reduce arguments up to 2²⁰·π/2 ≈ 1.65e6 in magnitude; got \(x)")
        let n = (x * twoOverPi).rounded(.toNearestOrEven)
        let a = x.addingProduct(-n, piOver2A)        // exact
        let (r1, e1) = twoSum(a, -(n * piOver2B))    // n·piOver2B exact
        let c = n * piOver2C
        let cLo = (-c).addingProduct(n, piOver2C)    // n·piOver2C = c + cLo exactly
        let (r2, e2) = twoSum(r1, -c)
        let (r, rLo) = fastTwoSum(r2, (e1 + e2) - cLo)
        return (Int(n) & 3, r, rLo)                  // two's complement: also right for n < 0
    }

    /// sin(r + rLo) for |r| ≤ 0.786: r + r³·S(r²), S(z) = −1/3! + z/5! − … + z⁷/17!. The first term
    /// left out, r¹⁹/19!, is below 1.1·10⁻¹⁹ (2⁻⁶³) relative to sin r. r³ is kept as two terms
    /// (the roundings of r·r and r²·r recovered by fma), so r³·S, up to a tenth of the result,
    /// carries only the rounding of S and of one product. rLo adds rLo·cos r ≈ rLo·(1 − r²/2).
    @inline(__always)
    static func sinKernel(_ r: Double, _ rLo: Double) -> Double {
        let z = r * r
        let zLo = (-z).addingProduct(r, r)                           // r² = z + zLo exactly
        let cube = z * r
        let cubeLo = ((-cube).addingProduct(z, r)).addingProduct(zLo, r)  // r³ ≈ cube + cubeLo
        var p: Double = 0x1.952c77030ad4ap-49                        // 1/17!
        p = (-0x1.ae7f3e733b81fp-41 as Double).addingProduct(z, p)   // −1/15!
        p = (0x1.6124613a86d09p-33 as Double).addingProduct(z, p)    // 1/13!
        p = (-0x1.ae64567f544e4p-26 as Double).addingProduct(z, p)   // −1/11!
        p = (0x1.71de3a556c734p-19 as Double).addingProduct(z, p)    // 1/9!
        p = (-0x1.a01a01a01a01ap-13 as Double).addingProduct(z, p)   // −1/7!
        p = (0x1.1111111111111p-7 as Double).addingProduct(z, p)     // 1/5!
        p = (-0x1.5555555555555p-3 as Double).addingProduct(z, p)    // −1/3!
        let small = (rLo * (1 - 0.5 * z)).addingProduct(cubeLo, p).addingProduct(cube, p)  // ≤ 0.11·|r|
        return r + small
    }

    /// cos(r + rLo) for |r| ≤ 0.786: 1 − r²/2 + r⁴·C(r²), C(z) = 1/4! − z/6! + … + z⁶/16!. The
    /// first term left out, r¹⁸/18!, is below 2.1·10⁻¹⁸ (2⁻⁵⁸). 1 − r²/2 is added exactly (r² split
    /// by an fma); rLo adds −rLo·sin r ≈ −rLo·r.
    @inline(__always)
    static func cosKernel(_ r: Double, _ rLo: Double) -> Double {
        let z = r * r
        let zLo = (-z).addingProduct(r, r)
        let (w, e) = fastTwoSum(1, -0.5 * z)
        var p: Double = 0x1.ae7f3e733b81fp-45                        // 1/16!
        p = (-0x1.93974a8c07c9dp-37 as Double).addingProduct(z, p)   // −1/14!
        p = (0x1.1eed8eff8d898p-29 as Double).addingProduct(z, p)    // 1/12!
        p = (-0x1.27e4fb7789f5cp-22 as Double).addingProduct(z, p)   // −1/10!
        p = (0x1.a01a01a01a01ap-16 as Double).addingProduct(z, p)    // 1/8!
        p = (-0x1.6c16c16c16c17p-10 as Double).addingProduct(z, p)   // −1/6!
        p = (0x1.5555555555555p-5 as Double).addingProduct(z, p)     // 1/4!
        let small = ((e - 0.5 * zLo) - r * rLo).addingProduct(z * z, p)
        return w + small
    }

    /// cos x, for |x| ≤ 2²⁰·π/2 (a precondition: nothing in the workbook comes near it).
    /// ±∞ and NaN give NaN; cos 0 = 1 exactly.
    public static func cos(_ x: Double) -> Double {
        if !x.isFinite { return x - x }
        let (quadrant, r, rLo) = reduceByHalfPi(x)
        switch quadrant {
        case 0: return cosKernel(r, rLo)
        case 1: return -sinKernel(r, rLo)
        case 2: return -cosKernel(r, rLo)
        default: return sinKernel(r, rLo)
        }
    }

    /// sin x, for |x| ≤ 2²⁰·π/2 (a precondition, as for cos). ±∞ and NaN give NaN; sin(±0) = ±0.
    public static func sin(_ x: Double) -> Double {
        if !x.isFinite { return x - x }
        if x.magnitude < 0x1p-26 { return x }        // x − x³/6: the cube is below half an ulp
        let (quadrant, r, rLo) = reduceByHalfPi(x)
        switch quadrant {
        case 0: return sinKernel(r, rLo)
        case 1: return cosKernel(r, rLo)
        case 2: return -sinKernel(r, rLo)
        default: return -cosKernel(r, rLo)
        }
    }

    // MARK: tanh

    /// The hyperbolic tangent: with T = e²ˡˣˡ − 1 (from expm1's parts, accurate for small x too),
    /// tanh|x| = T/(T + 2), and the sign of x. Past |x| = 22, tanh is within 2⁻⁶² of ±1 and
    /// rounds to it. T is kept as two terms and the division is corrected for the rounding of
    /// T + 2 and for its own rounding (the remainder T − q·d is exact by an fma), so the last
    /// rounding is nearly the only one.
    public static func tanh(_ x: Double) -> Double {
        if x.isNaN { return x }
        let a = x.magnitude
        if a > 22 { return x > 0 ? 1 : -1 }
        if a < 0x1p-27 { return x }                  // x − x³/3: the cube is below half an ulp
        let parts = expMinusOneParts(2 * a)
        let (t, tLo) = fastTwoSum(parts.hi, parts.lo) // T = t + tLo, tLo below half an ulp of t
        let (d, dHiLo) = twoSum(t, 2)
        let dLo = dHiLo + tLo                        // T + 2 = d + dLo
        let q = t / d
        let remainder = t.addingProduct(-q, d)       // t − q·d, exact
        // T/(d + dLo) = q + (T − q·d − q·dLo)/(d + dLo), the correction to first order.
        let y = q + ((remainder + tLo) - q * dLo) / d
        return x < 0 ? -y : y
    }

    // MARK: Integer powers

    /// baseⁿ by repeated squaring: at most 2·log₂|n| products, each rounded. Squaring doubles the
    /// relative error carried so far, so the error can grow to about n ulps (in practice far less:
    /// see ElementaryFunctionsTests), but it is the same on every machine. For Adam's βᵗ in Float,
    /// computed here in Double, that is still far below the last place of a Float (2²⁹ Double
    /// ulps) for any step count a run reaches. power(b, 0) = 1; a negative n gives 1/power(b, −n).
    public static func power(_ base: Double, _ n: Int) -> Double {
        var result: Double = 1
        var square = base
        var k = n.magnitude
        while k > 0 {
            if k & 1 == 1 { result *= square }
            k >>= 1
            if k > 0 { square *= square }
        }
        return n < 0 ? 1 / result : result
    }

    // MARK: Float versions: computed in Double, rounded once

    /// eˣ in Float.
    public static func exp(_ x: Float) -> Float { Float(exp(Double(x))) }
    /// eˣ − 1 in Float.
    public static func expm1(_ x: Float) -> Float { Float(expm1(Double(x))) }
    /// ln x in Float.
    public static func log(_ x: Float) -> Float { Float(log(Double(x))) }
    /// cos x in Float.
    public static func cos(_ x: Float) -> Float { Float(cos(Double(x))) }
    /// sin x in Float.
    public static func sin(_ x: Float) -> Float { Float(sin(Double(x))) }
    /// tanh x in Float.
    public static func tanh(_ x: Float) -> Float { Float(tanh(Double(x))) }
    /// baseⁿ in Float (repeated squaring in Double).
    public static func power(_ base: Float, _ n: Int) -> Float { Float(power(Double(base), n)) }
}
