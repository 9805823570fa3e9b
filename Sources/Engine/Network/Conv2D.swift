// Conv2D: the convolutional layer, every filter slid over every position of the image (stride 1).
//
// Each sample is a row read as inChannels × height × width (C-major); the output row is
// outChannels × outH × outW in the same order, so the next layer reads it the same way. With the
// patch matrix P of the batch (Im2Col: one row per channel and kernel offset, one column per image
// and output position) and the filters W as one row each (outChannels × inChannels·kh·kw,
// PyTorch's weight[out][in][kh][kw] row after row), the whole batch is one product:
//     Z = W·P + b         (outChannels × N·outH·outW)
// Image i's block of columns of Z, read filter after filter, is image i's output row: the forward
// pass either computes Z one block per image, each written straight into its row, or all of Z in
// one product and then copies the blocks into the rows (whichever is faster for the shape).
// Backward, for dZ = dL/dZ (dL/dY with its blocks put back in Z's order):
//     dW = dZ·Pᵀ          (outChannels × inChannels·kh·kw)
//     db = Σ columns of dZ, for each filter
//     dP = Wᵀ·dZ, then col2im adds each patch entry back onto its pixel: dX.
// The same as Dense, with patches in place of samples: a filter is a dense unit that sees one
// window at a time and is shared by every window.
// Conv2DTextbook.swift writes both passes out plainly (and ConvolutionDefinition.swift the loops
// of the definition); ConvolutionTextbookTests holds this layer to their exact bits.

public final class Conv2D: SkipsInputGradient {
    public let weights: Parameter
    public let bias: Parameter
    public let geometry: Im2Col
    public var inChannels: Int { geometry.channels }
    public var outChannels: Int { weights.value.rows }
    /// Numbers per output sample: outChannels·outH·outW.
    public var outputCount: Int { outChannels * geometry.positions }

    /// The patches of the last forward batch (needed for dW), and Z, Y, dZ, dP, dX of the last
    /// batch, written in place for the next batch of the same size (see Matrix.reuse).
    private var patches = Matrix(rows: 0, cols: 0)
    private var z = Matrix(rows: 0, cols: 0)
    private var output = Matrix(rows: 0, cols: 0)
    private var dZ = Matrix(rows: 0, cols: 0)
    private var patchGradient = Matrix(rows: 0, cols: 0)
    private var inputGradient = Matrix(rows: 0, cols: 0)

    /// A layer of `outChannels` filters of kernel×kernel over `inChannels` channels of height×width
    /// images, with `padding` zeros around each; weights drawn by `initializer` (fan-in
    /// inChannels·kernel²), zero biases.
    public init(inChannels: Int, outChannels: Int, kernel: Int, height: Int, width: Int, padding: Int = 0,
                initializer: Initializer = .he, rng: inout SeededRandom, name: String = "conv") {
        precondition(outChannels > 0, "a convolution needs at least one filter")
        let geometry = Im2Col(channels: inChannels, height: height, width: width,
                              kernelHeight: kernel, kernelWidth: kernel, padding: padding)
        self.geometry = geometry
        let w = initializer.matrix(fanIn: geometry.patchSize, fanOut: outChannels, rng: &rng).transposed
        weights = Parameter(name: "\(name).weights", value: w)
        bias = Parameter(name: "\(name).bias", value: Matrix(rows: 1, cols: outChannels), appliesWeightDecay: false)
    }

    /// A layer with the given filters (outChannels × inChannels·kh·kw, one filter per row, PyTorch's
    /// order) and bias (1 × outChannels).
    public init(weights: Matrix, bias: Matrix, geometry: Im2Col, name: String = "conv") {
        precondition(weights.cols == geometry.patchSize,
                     "each filter needs \(geometry.patchSize) weights (\(geometry.channels)×\(geometry.kernelHeight)×\(geometry.kernelWidth)), got \(weights.cols)")
        precondition(bias.rows == 1 && bias.cols == weights.rows,
                     "bias must be 1×\(weights.rows), got \(bias.rows)×\(bias.cols)")
        self.geometry = geometry
        self.weights = Parameter(name: "\(name).weights", value: weights)
        self.bias = Parameter(name: "\(name).bias", value: bias, appliesWeightDecay: false)
    }

    public var parameters: [Parameter] { [weights, bias] }

    public func forward(_ x: Matrix) -> Matrix {
        geometry.patches(of: x, into: &patches)                     // C·kh·kw × N·positions
        let (n, positions, filters) = (x.rows, geometry.positions, outChannels)
        output.reuse(rows: n, cols: filters * positions)
        if positions >= Self.positionsPerImageProduct {
            imageByImage(images: n)
        } else {
            wholeBatch(images: n)
        }
        return output
    }

    /// Z = W·P for the whole batch, then each image's block of columns of Z copied into its row,
    /// filter after filter, adding the filter's bias.
    private func wholeBatch(images n: Int) {
        let (positions, filters) = (geometry.positions, outChannels)
        z.reuse(rows: filters, cols: patches.cols)
        Matrix.gemm(weights.value, patches, into: &z)               // every filter at every position
        output.data.withUnsafeMutableBufferPointer { y in
            z.data.withUnsafeBufferPointer { z in
                bias.value.data.withUnsafeBufferPointer { b in
                    let (y, z) = (y.baseAddress!, z.baseAddress!)
                    Pieces.inHalves(n, minimum: 2) { images in         // both halves of the batch at once
                        for i in images {
                            for f in 0..<filters {
                                let dst = y + (i * filters + f) * positions, src = z + (f * n + i) * positions
                                for p in 0..<positions { dst[p] = src[p] + b[f] }
                            }
                        }
                    }
                }
            }
        }
    }

    /// From this many output positions per image on, each image's block of Z is computed straight
    /// into its output row; below it, one product over the whole batch, copied into the rows after.
    /// Both compute the same sums, and the choice depends on the layer's shape only, so a seed
    /// gives the same numbers on every run (BLAS may round a last bit differently between the two
    /// ways on some processors). They differ in speed: a first layer (24×24 = 576 positions) would
    /// spend more time copying Z (2.4 MB for 64 images of 16 filters) than computing it, while a
    /// second layer's 8×8 = 64 positions make products too small for BLAS to run at full speed.
    static let positionsPerImageProduct = 256

    /// Image i's output row, read as filters × positions, is W times image i's block of columns of
    /// the patch matrix: one product per image, written straight into the row, then the biases.
    private func imageByImage(images n: Int) {
        let (positions, filters, patchSize) = (geometry.positions, outChannels, geometry.patchSize)
        output.data.withUnsafeMutableBufferPointer { y in
            patches.data.withUnsafeBufferPointer { p in
                weights.value.data.withUnsafeBufferPointer { w in
                    bias.value.data.withUnsafeBufferPointer { b in
                        let (y, p, w, b) = (y.baseAddress!, p.baseAddress!, w.baseAddress!, b.baseAddress!)
                        Pieces.inHalves(n, minimum: 2) { images in         // both halves of the batch at once
                            for i in images {
                                let row = y + i * filters * positions
                                Matrix.blockProduct(m: filters, n: positions, k: patchSize, w, lda: patchSize,
                                                    p + i * positions, ldb: n * positions,
                                                    beta: 0, into: row, ldc: positions)
                                for f in 0..<filters {
                                    let line = row + f * positions
                                    for q in 0..<positions { line[q] += b[f] }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    public func backward(_ dOutput: Matrix) -> Matrix {
        prepareOutputGradient(dOutput)
        if !(weights.isFrozen && bias.isFrozen) { parameterGradients() }
        // d_L_d_P = Wᵀ·dZ, then col2im puts every patch entry's gradient back on its pixel.
        patchGradient.reuse(rows: geometry.patchSize, cols: dZ.cols)
        Matrix.gemm(weights.value, transposeA: true, dZ, into: &patchGradient)
        geometry.accumulateImages(from: patchGradient, into: &inputGradient)
        return inputGradient
    }

    public func backwardParametersOnly(_ dOutput: Matrix) {
        prepareOutputGradient(dOutput)
        parameterGradients()
    }

    private func parameterGradients() {
        // d_L_d_W = dZ·Pᵀ
        Matrix.gemm(dZ, patches, transposeB: true, into: &weights.gradient)
        // d_L_d_b = for each filter, the sum of its row of dZ, added from left to right. Four rows
        // are summed side by side (a last group short of four repeats its last row and drops it),
        // so that no sum waits for another; the groups are shared between the two threads.
        let (columns, filters) = (dZ.cols, outChannels)
        bias.gradient.data.withUnsafeMutableBufferPointer { db in
            dZ.data.withUnsafeBufferPointer { dz in
                let (db, dz) = (db.baseAddress!, dz.baseAddress!)
                Pieces.inHalves((filters + 3) / 4, minimum: 2) { groups in
                    for group in groups {
                        let f = 4 * group
                        let rows = (0..<4).map { dz + min(f + $0, filters - 1) * columns }
                        let (r0, r1, r2, r3) = (rows[0], rows[1], rows[2], rows[3])
                        var sums = SIMD4<Float>()
                        for j in 0..<columns { sums += SIMD4(r0[j], r1[j], r2[j], r3[j]) }
                        for k in 0..<min(4, filters - f) { db[f + k] = sums[k] }
                    }
                }
            }
        }
    }

    /// dL/dY with its blocks put back in Z's order (filter, image, position), into dZ.
    private func prepareOutputGradient(_ dOutput: Matrix) {
        let (positions, filters) = (geometry.positions, outChannels)
        let n = patches.cols / positions
        precondition(dOutput.rows == n && dOutput.cols == filters * positions,
                     "dOutput must be \(n)×\(filters * positions), got \(dOutput.rows)×\(dOutput.cols)")
        dZ.reuse(rows: filters, cols: n * positions)
        dZ.data.withUnsafeMutableBufferPointer { dz in
            dOutput.data.withUnsafeBufferPointer { dy in
                let (dz, dy) = (dz.baseAddress!, dy.baseAddress!)
                Pieces.inHalves(n, minimum: 2) { images in
                    for i in images {
                        for f in 0..<filters {
                            let src = dy + (i * filters + f) * positions, dst = dz + (f * n + i) * positions
                            for p in 0..<positions { dst[p] = src[p] }
                        }
                    }
                }
            }
        }
    }
}
