// Conv2D: the convolutional layer, every filter slid over every position of the image (stride 1).
//
// Each sample is a row read as inChannels × height × width (C-major); the output row is
// outChannels × outH × outW in the same order, so the next layer reads it the same way. With the
// patch matrix P of the batch (Im2Col: one row per channel and kernel offset, one column per image
// and output position) and the filters W as one row each (outChannels × inChannels·kh·kw,
// PyTorch's weight[out][in][kh][kw] row after row), the whole batch is one product:
//     Z = W·P + b         (outChannels × N·outH·outW)
// Image i's block of columns of Z, read filter after filter, is image i's output row.
// Backward, for dZ = dL/dZ (dL/dY with its blocks put back in Z's order):
//     dW = dZ·Pᵀ          (outChannels × inChannels·kh·kw)
//     db = Σ columns of dZ, for each filter
//     dP = Wᵀ·dZ, then col2im adds each patch entry back onto its pixel: dX.
// The same as Dense, with patches in place of samples: a filter is a dense unit that sees one
// window at a time and is shared by every window.
// Conv2DTextbook.swift writes both passes out plainly (and ConvolutionDefinition.swift the loops
// of the definition); ConvolutionTextbookTests holds this layer to their exact bits.
//
// How this computes the same bits sooner. The engine's product computes every element of C as one
// sum in the order p = 0, 1, 2, …, one fused multiply-add at a time (ProductDefinition.swift): an
// element's bits depend only on its own row of op(A), its own column of op(B) and β·C, never on how
// the product is cut into blocks or calls. So this layer may compute the textbook's products in
// whatever pieces suit the caches, as long as each element keeps its own sum in its own order:
//   - forward, image by image: image i's block of P is written (im2col) and at once multiplied by W,
//     straight into image i's output row (W times that block of columns is that block of Z), while
//     it is still in the cache; the two halves of the batch at the same time;
//   - dW as (dWᵀ) = P·dZᵀ: element (r, f) is the same terms P[r][j]·dZ[f][j] in the same order of j
//     (a product and a fused multiply-add do not depend on the order of their two factors), but
//     the large operand P is read where it lies and only the small dZᵀ is rearranged; the biases'
//     gradient rides along as one more row of P, all ones: fma(1, dZ[f][j], s) is s + dZ[f][j]
//     rounded once, the textbook's running sum, term by term;
//   - dP = Wᵀ·dZ image by image, each block turned back into its image (col2im) while it is in the
//     cache, never the whole patch gradient at once: image i's block of dZ is image i's row of dY,
//     read where it is.

public final class Conv2D: SkipsInputGradient {
    public let weights: Parameter
    public let bias: Parameter
    public let geometry: Im2Col
    public var inChannels: Int { geometry.channels }
    public var outChannels: Int { weights.value.rows }
    /// Numbers per output sample: outChannels·outH·outW.
    public var outputCount: Int { outChannels * geometry.positions }

    /// The patch matrix of the last forward batch, needed for dW: patchSize rows and one more of
    /// ones (see parameterGradients), N·positions columns, rows `patchStride` numbers apart.
    private var patches = Matrix(rows: 0, cols: 0)
    private var patchStride = 0
    /// Y, dZᵀ, (dW | db)ᵀ, each half-batch's block of dP, and dX of the last batch, written in
    /// place for the next batch of the same size (see Matrix.reuse).
    private var output = Matrix(rows: 0, cols: 0)
    private var dZt = Matrix(rows: 0, cols: 0)
    private var parameterGradientsT = Matrix(rows: 0, cols: 0)
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
        precondition(x.cols == geometry.imageSize,
                     "each image must have \(geometry.imageSize) numbers (\(inChannels)×\(geometry.height)×\(geometry.width)), got \(x.cols)")
        let (n, positions, filters, patchSize, imageSize) = (x.rows, geometry.positions, outChannels, geometry.patchSize, geometry.imageSize)
        let stride = Self.rowStride(columns: n * positions)
        patchStride = stride
        patches.reuse(rows: patchSize + 1, cols: stride)
        output.reuse(rows: n, cols: filters * positions)
        let geometry = geometry
        output.data.withUnsafeMutableBufferPointer { y in
            patches.data.withUnsafeMutableBufferPointer { p in
                x.data.withUnsafeBufferPointer { x in
                    weights.value.data.withUnsafeBufferPointer { w in
                        bias.value.data.withUnsafeBufferPointer { b in
                            let (y, p, x, w, b) = (y.baseAddress!, p.baseAddress!, x.baseAddress!, w.baseAddress!, b.baseAddress!)
                            Pieces.inHalves(n, minimum: 2) { images in         // both halves of the batch at once
                                for i in images {
                                    // Image i's block of P, its row of ones, then W times the block:
                                    // image i's block of Z, filter after filter, written as its output row.
                                    let block = p + i * positions, row = y + i * filters * positions
                                    geometry.patches(ofImage: x + i * imageSize, into: block, rowStride: stride)
                                    (block + patchSize * stride).update(repeating: 1, count: positions)
                                    Matrix.blockProduct(m: filters, n: positions, k: patchSize, w, lda: patchSize,
                                                        block, ldb: stride, beta: 0, into: row, ldc: positions)
                                    for f in 0..<filters {                      // Z + b
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
        return output
    }

    /// The patch matrix's row stride for `columns` columns: a whole number of 64-byte cache lines,
    /// and an odd one. The products read a dozen rows of P side by side; rows a power of two apart
    /// (4,096 floats for a second layer's 64 images of 8×8 positions) would all fall in the same
    /// few places of the cache and push each other out.
    static func rowStride(columns: Int) -> Int { ((columns + 15) / 16 | 1) * 16 }

    public func backward(_ dOutput: Matrix) -> Matrix {
        checkShape(of: dOutput)
        if !(weights.isFrozen && bias.isFrozen) { parameterGradients(dOutput) }
        inputGradients(dOutput)
        return inputGradient
    }

    public func backwardParametersOnly(_ dOutput: Matrix) {
        checkShape(of: dOutput)
        parameterGradients(dOutput)
    }

    /// dY must have one row per image of the last forward pass and one column per output.
    private func checkShape(of dOutput: Matrix) {
        let n = output.rows
        precondition(dOutput.rows == n && dOutput.cols == outputCount,
                     "dOutput must be \(n)×\(outputCount), got \(dOutput.rows)×\(dOutput.cols)")
    }

    /// dW = dZ·Pᵀ and db = the sum of each row of dZ, both from one product:
    /// (dW | db)ᵀ = (P with a row of ones)·dZᵀ, cut between the two threads as any product is.
    private func parameterGradients(_ dOutput: Matrix) {
        let (n, positions, filters, patchSize) = (dOutput.rows, geometry.positions, outChannels, geometry.patchSize)
        let (rows, k, stride) = (patchSize + 1, n * positions, patchStride)
        transposeOutputGradient(dOutput)
        parameterGradientsT.reuse(rows: rows, cols: filters)
        parameterGradientsT.data.withUnsafeMutableBufferPointer { g in
            patches.data.withUnsafeBufferPointer { p in
                dZt.data.withUnsafeBufferPointer { dzt in
                    let (g, p, dzt) = (g.baseAddress!, p.baseAddress!, dzt.baseAddress!)
                    let cut = Matrix.pieceCut(rows: rows, cols: filters, work: rows * filters * k)
                    let bounds = cut.boundaries
                    Pieces.run(bounds.count - 1) { piece in                    // rows (or columns) lower..<upper
                        let (lower, upper) = (bounds[piece], bounds[piece + 1])
                        if cut.byRows {
                            Matrix.blockProduct(m: upper - lower, n: filters, k: k, p + lower * stride, lda: stride,
                                                dzt, ldb: filters, beta: 0, into: g + lower * filters, ldc: filters)
                        } else {
                            Matrix.blockProduct(m: rows, n: upper - lower, k: k, p, lda: stride,
                                                dzt + lower, ldb: filters, beta: 0, into: g + lower, ldc: filters)
                        }
                    }
                }
            }
        }
        // Back from (dW | db)ᵀ: row r < patchSize is column r of dW, the last row is db.
        weights.gradient.reuse(rows: filters, cols: patchSize)
        bias.gradient.reuse(rows: 1, cols: filters)
        parameterGradientsT.data.withUnsafeBufferPointer { g in
            weights.gradient.data.withUnsafeMutableBufferPointer { dw in
                bias.gradient.data.withUnsafeMutableBufferPointer { db in
                    for f in 0..<filters {
                        for r in 0..<patchSize { dw[f * patchSize + r] = g[r * filters + f] }
                        db[f] = g[patchSize * filters + f]
                    }
                }
            }
        }
    }

    /// dZᵀ, (N·positions) × filters: row (i, q) holds every filter's dL/dY at image i's position q.
    private func transposeOutputGradient(_ dOutput: Matrix) {
        let (n, positions, filters) = (dOutput.rows, geometry.positions, outChannels)
        dZt.reuse(rows: n * positions, cols: filters)
        dZt.data.withUnsafeMutableBufferPointer { dzt in
            dOutput.data.withUnsafeBufferPointer { dy in
                let (dzt, dy) = (dzt.baseAddress!, dy.baseAddress!)
                Pieces.inHalves(n, minimum: 2) { images in
                    for i in images {
                        let (src, dst) = (dy + i * filters * positions, dzt + i * positions * filters)
                        for q in 0..<positions {
                            for f in 0..<filters { dst[q * filters + f] = src[f * positions + q] }
                        }
                    }
                }
            }
        }
    }

    /// dX: for each image, its block of dP = Wᵀ·dZ (image i's block of dZ is its row of dY, filters
    /// × positions), then col2im from that block into image i's row of dX. Each half of the batch
    /// has a block of its own to write dP into.
    private func inputGradients(_ dOutput: Matrix) {
        let (n, positions, filters, patchSize, imageSize) = (dOutput.rows, geometry.positions, outChannels, geometry.patchSize, geometry.imageSize)
        inputGradient.reuse(rows: n, cols: imageSize)
        patchGradient.reuse(rows: 2 * patchSize, cols: positions)
        let geometry = geometry
        inputGradient.data.withUnsafeMutableBufferPointer { dx in
            patchGradient.data.withUnsafeMutableBufferPointer { dp in
                dOutput.data.withUnsafeBufferPointer { dy in
                    weights.value.data.withUnsafeBufferPointer { w in
                        let (dx, dp, dy, w) = (dx.baseAddress!, dp.baseAddress!, dy.baseAddress!, w.baseAddress!)
                        Pieces.inHalves(n, minimum: 2) { images in
                            let block = dp + (images.lowerBound == 0 ? 0 : patchSize * positions)
                            for i in images {
                                Matrix.blockProduct(m: patchSize, n: positions, k: filters, w, lda: patchSize, transposeA: true,
                                                    dy + i * filters * positions, ldb: positions,
                                                    beta: 0, into: block, ldc: positions)
                                geometry.image(fromBlock: block, rowStride: positions, into: dx + i * imageSize)
                            }
                        }
                    }
                }
            }
        }
    }
}
