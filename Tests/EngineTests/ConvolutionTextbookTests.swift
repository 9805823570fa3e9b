import Testing
@testable import Engine

/// The convolution's textbook code (the definition's loops, im2col and col2im as plain loops,
/// Conv2D's and MaxPool2D's forward and backward as the textbook writes them) against the fast
/// code the networks train with: the same bits, on the chapter's shapes and on odd ones, on one
/// thread and on two.
@Suite struct ConvolutionTextbookTests {
    /// A convolution's shape: input channels and size, filters, kernel, padding, images in the batch.
    struct Shape: CustomStringConvertible, Sendable {
        var channels: Int, height: Int, width: Int, filters: Int, kernel: Int, padding: Int, images: Int
        var description: String { "\(images) × \(channels)×\(height)×\(width), \(filters) filters \(kernel)×\(kernel), padding \(padding)" }
    }

    static let shapes = [
        Shape(channels: 1, height: 28, width: 28, filters: 6, kernel: 5, padding: 0, images: 64),   // Chapter 8's first layer
        Shape(channels: 6, height: 12, width: 12, filters: 16, kernel: 5, padding: 0, images: 64),  // its second layer
        Shape(channels: 1, height: 28, width: 28, filters: 2, kernel: 3, padding: 1, images: 1),    // its edge filters
        Shape(channels: 1, height: 28, width: 28, filters: 6, kernel: 5, padding: 0, images: 4),    // its worked example
        Shape(channels: 2, height: 7, width: 5, filters: 3, kernel: 3, padding: 1, images: 5),      // odd sizes, odd batch
        Shape(channels: 3, height: 9, width: 11, filters: 5, kernel: 4, padding: 3, images: 3),     // padding near the kernel
        Shape(channels: 2, height: 18, width: 17, filters: 5, kernel: 2, padding: 0, images: 7),    // one product per image
    ]

    static func layer(_ s: Shape, rng: inout SeededRandom) -> Conv2D {
        let conv = Conv2D(inChannels: s.channels, outChannels: s.filters, kernel: s.kernel, height: s.height, width: s.width,
                          padding: s.padding, rng: &rng)
        conv.bias.value = rng.normalMatrix(rows: 1, cols: s.filters, std: 0.5)
        return conv
    }

    static func bits(_ m: Matrix) -> [UInt32] { m.data.map(\.bitPattern) }

    static func largestDifference(_ a: Matrix, _ b: Matrix) -> Float {
        precondition(a.rows == b.rows && a.cols == b.cols)
        return zip(a.data, b.data).map { abs($0 - $1) }.max() ?? 0
    }

    @Test func theOutputSizeRule() {
        #expect(convolutionOutputSize(28, kernel: 5) == 24)
        #expect(convolutionOutputSize(12, kernel: 5) == 8)
        #expect(convolutionOutputSize(28, kernel: 3, padding: 1) == 28)
        #expect(convolutionOutputSize(28, kernel: 5, padding: 2, stride: 2) == 14)
        #expect(convolutionOutputSize(7, kernel: 3, stride: 2) == 3)
        #expect(convolutionOutputSize(8, kernel: 3, stride: 2) == 3)       // the last window must fit: (8 − 3)/2 + 1
    }

    @Test func theDefinitionByHand() {
        // One 2×2 filter on a 3×3 image, not flipped: output (0, 0) = 1·1 + 2·2 + 0·4 − 1·5 + 0.5.
        let y = crossCorrelation(Matrix([[1, 2, 3, 4, 5, 6, 7, 8, 9]]), filters: Matrix([[1, 2, 0, -1]]), bias: Matrix(row: [0.5]),
                                 channels: 1, height: 3, width: 3, kernel: 2)
        #expect(y.data == [0.5, 2.5, 6.5, 8.5])
        // Padding 1, stride 2: windows at (−1, −1), (−1, 1), (1, −1), (1, 1), reading 0 outside.
        let padded = crossCorrelation(Matrix([[1, 2, 3, 4, 5, 6, 7, 8, 9]]), filters: Matrix([[1, 2, 0, -1]]), bias: Matrix(row: [0]),
                                      channels: 1, height: 3, width: 3, kernel: 2, padding: 1, stride: 2)
        let expected: [Float] = [-1, -3, 2 * 4 - 7, 5 + 2 * 6 - 9]    // e.g. (−1, 1): 0 + 0 + 0·2 − 1·3
        #expect(padded.data == expected)
    }

    /// A stride of S keeps every S-th output of stride 1, in both directions: the same sums.
    @Test func aStrideKeepsEverySthOutput() {
        var rng = SeededRandom(seed: 40)
        let (c, h, w, k, p) = (2, 9, 8, 3, 1)
        let x = rng.normalMatrix(rows: 2, cols: c * h * w)
        let filters = rng.normalMatrix(rows: 3, cols: c * k * k), bias = rng.normalMatrix(rows: 1, cols: 3)
        let full = crossCorrelation(x, filters: filters, bias: bias, channels: c, height: h, width: w, kernel: k, padding: p)
        let strided = crossCorrelation(x, filters: filters, bias: bias, channels: c, height: h, width: w, kernel: k, padding: p, stride: 2)
        let (oh, ow) = (h + 2 * p - k + 1, w + 2 * p - k + 1)
        let (sh, sw) = (convolutionOutputSize(h, kernel: k, padding: p, stride: 2), convolutionOutputSize(w, kernel: k, padding: p, stride: 2))
        #expect(strided.cols == 3 * sh * sw && (sh, sw) == (5, 4))
        for i in 0..<2 { for f in 0..<3 { for oy in 0..<sh { for ox in 0..<sw {
            #expect(strided[i, (f * sh + oy) * sw + ox].bitPattern == full[i, (f * oh + 2 * oy) * ow + 2 * ox].bitPattern)
        } } } }
    }

    /// The engine's product adds each window's terms in the order of the definition's loops (channel,
    /// then kernel row, then kernel column), each with one rounding, and the bias after them, as the
    /// definition does: the same bits, on every processor.
    @Test(arguments: shapes)
    func theDefinitionGivesTheProductsNumbers(_ s: Shape) {
        var rng = SeededRandom(seed: 41)
        let conv = Self.layer(s, rng: &rng)
        let x = rng.normalMatrix(rows: s.images, cols: s.channels * s.height * s.width)
        let definition = crossCorrelation(x, filters: conv.weights.value, bias: conv.bias.value, channels: s.channels,
                                          height: s.height, width: s.width, kernel: s.kernel, padding: s.padding)
        let textbook = conv.textbookForward(x)
        #expect(definition.rows == textbook.rows && definition.cols == textbook.cols)
        #expect(Self.bits(definition) == Self.bits(textbook), "\(s)")
    }

    @Test(arguments: shapes)
    func im2colAndCol2imGiveThePlainLoopsBits(_ s: Shape) throws {
        var rng = SeededRandom(seed: 42)
        let g = Im2Col(channels: s.channels, height: s.height, width: s.width, kernelHeight: s.kernel, kernelWidth: s.kernel + 1,
                       padding: s.padding)
        let x = rng.normalMatrix(rows: s.images, cols: g.imageSize)
        let gradient = rng.normalMatrix(rows: g.patchSize, cols: s.images * g.positions)
        withEveryThreadCount { threads in
            var patches = Matrix(rows: 0, cols: 0), images = Matrix(rows: 0, cols: 0)
            g.patches(of: x, into: &patches)
            #expect(patches == g.textbookPatches(of: x), "\(s), \(threads) threads")
            g.accumulateImages(from: gradient, into: &images)
            #expect(Self.bits(images) == Self.bits(g.textbookImages(from: gradient)), "\(s), \(threads) threads")
        }
    }

    @Test(arguments: shapes)
    func conv2DGivesTheTextbookBits(_ s: Shape) {
        var rng = SeededRandom(seed: 43)
        let conv = Self.layer(s, rng: &rng)
        let x = rng.normalMatrix(rows: s.images, cols: s.channels * s.height * s.width)
        let dY = rng.normalMatrix(rows: s.images, cols: conv.outputCount)
        let forward = conv.textbookForward(x)
        let backward = conv.textbookBackward(dY, input: x)
        #expect(backward.input.rows == s.images && backward.weights.rows == s.filters && backward.bias.cols == s.filters)
        withEveryThreadCount { threads in
            #expect(Self.bits(conv.forward(x)) == Self.bits(forward), "\(s), \(threads) threads")
            let dX = conv.backward(dY)
            #expect(Self.bits(dX) == Self.bits(backward.input), "\(s), \(threads) threads")
            #expect(Self.bits(conv.weights.gradient) == Self.bits(backward.weights), "\(s), \(threads) threads")
            #expect(Self.bits(conv.bias.gradient) == Self.bits(backward.bias), "\(s), \(threads) threads")
        }
        // The textbook gradients are the gradients: a few entries against central differences of
        // the loss Σ dY ⊙ Y (linear in the weights, so the difference quotient is exact up to rounding).
        let loss = { (c: Conv2D) -> Double in
            zip(c.textbookForward(x).data, dY.data).reduce(0) { $0 + Double($1.0) * Double($1.1) }
        }
        for j in [0, conv.weights.value.cols - 1] {
            let saved = conv.weights.value[0, j]
            conv.weights.value[0, j] = saved + 0.01
            let up = loss(conv)
            conv.weights.value[0, j] = saved - 0.01
            let down = loss(conv)
            conv.weights.value[0, j] = saved
            let numerical = (up - down) / 0.02
            #expect(abs(numerical - Double(backward.weights[0, j])) <= 1e-3 * max(1, abs(numerical)), "\(s), weight \(j)")
        }
    }

    /// Pooling shapes: the chapter's two, odd sizes (a last row and column that fill no block), 3×3
    /// blocks, and a line of 2×2 blocks whose count is not a multiple of four.
    static let pools: [(channels: Int, height: Int, width: Int, size: Int, images: Int)] = [
        (2, 28, 28, 2, 1), (6, 24, 24, 2, 64), (16, 8, 8, 2, 64), (3, 5, 7, 2, 5), (2, 9, 10, 3, 3), (3, 6, 22, 2, 2),
    ]

    @Test(arguments: 0..<pools.count)
    func maxPoolingGivesTheTextbookBits(_ k: Int) {
        let (c, h, w, size, n) = Self.pools[k]
        var rng = SeededRandom(seed: 44)
        let pool = MaxPool2D(channels: c, height: h, width: w, size: size)
        // Few distinct values, so that ties are common, and a few NaNs.
        var values = (0..<(n * c * h * w)).map { _ in Float(rng.next() % 4) - 1.5 }
        for i in stride(from: 5, to: values.count, by: 37) { values[i] = .nan }
        let x = Matrix(rows: n, cols: c * h * w, data: values)
        let dY = rng.normalMatrix(rows: n, cols: pool.outputCount)
        let forward = pool.textbookForward(x), backward = pool.textbookBackward(dY, input: x)
        withEveryThreadCount { threads in
            #expect(Self.bits(pool.forward(x)) == Self.bits(forward), "pool \(k), \(threads) threads")
            #expect(Self.bits(pool.backward(dY)) == Self.bits(backward), "pool \(k), \(threads) threads")
        }
    }

    @Test func maxPoolingBackwardByHand() {
        // The gradient goes only to each block's maximum; on a tie, to the first of the equal values.
        let pool = MaxPool2D(channels: 1, height: 2, width: 4, size: 2)
        let x = Matrix([[1, 5, 7, 7,
                         3, 4, 7, 2]])
        #expect(pool.textbookForward(x).data == [5, 7])
        #expect(pool.textbookBackward(Matrix([[10, 20]]), input: x).data == [0, 10, 20, 0, 0, 0, 0, 0])
    }
}
