// Conv2D: the convolutional layer, every filter slid over every position of the image (stride 1).
//
// Each sample is a row read as inChannels × height × width (C-major); the output row is
// outChannels × outH × outW in the same order, so the next layer reads it the same way. With the
// patch matrix P of the batch (Im2Col: one row per channel and kernel offset, one column per image
// and output position) and the filters W as one row each (outChannels × inChannels·kh·kw,
// PyTorch's weight[out][in][kh][kw] row after row), the whole batch is one product:
//     Z = W·P + b         (outChannels × N·outH·outW; each image's block of columns is then copied
//                          into its row, filter after filter)
// Backward, for dZ = dL/dZ (dL/dY with its blocks put back in Z's order):
//     dW = dZ·Pᵀ          (outChannels × inChannels·kh·kw)
//     db = Σ columns of dZ, for each filter
//     dP = Wᵀ·dZ, then col2im adds each patch entry back onto its pixel: dX.
// The same as Dense, with patches in place of samples: a filter is a dense unit that sees one
// window at a time and is shared by every window.

public final class Conv2D: Layer {
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

    // #region forward
    public func forward(_ x: Matrix) -> Matrix {
        geometry.patches(of: x, into: &patches)                     // C·kh·kw × N·positions
        z.reuse(rows: outChannels, cols: patches.cols)
        Matrix.gemm(weights.value, patches, into: &z)               // every filter at every position
        // Z holds filter f of image i at row f, columns i·positions ..< (i+1)·positions: copy each
        // such block into image i's row, adding the filter's bias.
        let (n, positions, filters) = (x.rows, geometry.positions, outChannels)
        output.reuse(rows: n, cols: filters * positions)
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
        return output
    }
    // #endregion

    // #region backward
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
    // #endregion

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
