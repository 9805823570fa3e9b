// Im2Col: turns a convolution into one matrix product, and back.
//
// A convolution slides a kh×kw window over every channel of an image and, at each position, takes
// the dot product of the window with a filter. im2col ("image to columns") copies every window
// into a column of its own: for a batch of N images of C channels, the patch matrix has one row per
// (channel, ky, kx), C·kh·kw rows, and one column per (image, output position), N·outH·outW
// columns, as in Caffe. Then every filter at every position of every image is ONE product:
//     W (filters × C·kh·kw) · patches (C·kh·kw × N·outH·outW).
// col2im goes the other way for the backward pass: each patch entry's gradient is added back to
// the pixel it was copied from (pixels covered by several windows collect several contributions).
//
// Images are rows of a Matrix read channel after channel, each channel row after row (C-major,
// the order PyTorch gives when it flattens an N×C×H×W tensor). Padding adds `padding` zero pixels
// on every side; the copies read zeros there and col2im drops their gradients.

/// The shape of one convolution: input channels and size, kernel size and padding (stride 1).
public struct Im2Col: Equatable, Sendable {
    public let channels: Int
    public let height: Int
    public let width: Int
    public let kernelHeight: Int
    public let kernelWidth: Int
    public let padding: Int

    public init(channels: Int, height: Int, width: Int, kernelHeight: Int, kernelWidth: Int, padding: Int = 0) {
        precondition(channels > 0 && height > 0 && width > 0, "an image needs at least one channel and one pixel")
        precondition(kernelHeight > 0 && kernelWidth > 0 && padding >= 0, "a kernel needs a positive size and padding ≥ 0")
        precondition(kernelHeight <= height + 2 * padding && kernelWidth <= width + 2 * padding,
                     "a \(kernelHeight)×\(kernelWidth) kernel does not fit a \(height)×\(width) image with padding \(padding)")
        self.channels = channels
        self.height = height
        self.width = width
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
        self.padding = padding
    }

    public var outputHeight: Int { height + 2 * padding - kernelHeight + 1 }
    public var outputWidth: Int { width + 2 * padding - kernelWidth + 1 }
    /// Output positions per image: outH·outW.
    public var positions: Int { outputHeight * outputWidth }
    /// Numbers in one patch: C·kh·kw.
    public var patchSize: Int { channels * kernelHeight * kernelWidth }
    /// Numbers in one input image: C·H·W.
    public var imageSize: Int { channels * height * width }

    /// Writes the patch matrix of `images` (N × C·H·W) into `patches` (C·kh·kw × N·outH·outW): row
    /// (channel, ky, kx) holds, for every image and output position, the pixel that kernel offset
    /// sees there. Image i's block of columns is written by `patches(ofImage:into:rowStride:)`, and
    /// the two halves of the batch, which fill different columns, are written at the same time (see
    /// Pieces).
    public func patches(of images: Matrix, into patches: inout Matrix) {
        precondition(images.cols == imageSize, "each image must have \(imageSize) numbers (\(channels)×\(height)×\(width)), got \(images.cols)")
        let n = images.rows
        patches.reuse(rows: patchSize, cols: n * positions)
        let (image, columns) = (imageSize, n * positions)
        patches.data.withUnsafeMutableBufferPointer { patches in
            images.data.withUnsafeBufferPointer { images in
                let (dst, src) = (patches.baseAddress!, images.baseAddress!)
                Pieces.inHalves(n, minimum: 2) { batch in
                    for i in batch { self.patches(ofImage: src + i * image, into: dst + i * positions, rowStride: columns) }
                }
            }
        }
    }

    /// One image's block of the patch matrix: patchSize rows of outH·outW numbers, row r starting at
    /// `block + r·rowStride` (the stride of the whole batch's patch matrix, or any other). Each row
    /// is filled a whole output line at a time, a contiguous run of outW pixels of the input, so
    /// the copies are long and simple.
    func patches(ofImage src: UnsafePointer<Float>, into block: UnsafeMutablePointer<Float>, rowStride: Int) {
        let (h, w, kh, kw, p) = (height, width, kernelHeight, kernelWidth, padding)
        let (oh, ow) = (outputHeight, outputWidth)
        for ch in 0..<channels {
            for ky in 0..<kh {
                for kx in 0..<kw {
                    let row = block + ((ch * kh + ky) * kw + kx) * rowStride
                    // The output columns first..<last see input columns inside the image.
                    let first = min(ow, max(0, p - kx)), last = max(first, min(ow, w + p - kx))
                    for oy in 0..<oh {
                        let out = row + oy * ow                             // line oy of the image's positions
                        let y = oy + ky - p                                 // the input line it sees
                        guard y >= 0 && y < h else {
                            for ox in 0..<ow { out[ox] = 0 }
                            continue
                        }
                        let line = src + (ch * h + y) * w + (first + kx - p)
                        for ox in 0..<first { out[ox] = 0 }
                        Im2Col.copy(last - first, from: line, to: out + first)
                        for ox in last..<ow { out[ox] = 0 }
                    }
                }
            }
        }
    }

    // A window's line is short (8 pixels in a second layer), and there are hundreds of thousands
    // of them in a batch: these copy and add eight at a time with plain vector loads and stores,
    // without the checks a general loop makes before it dares to (do the two lines overlap? is
    // it long enough?), then the rest one by one.

    /// to[0..<count] = from[0..<count].
    @inline(__always)
    static func copy(_ count: Int, from: UnsafePointer<Float>, to: UnsafeMutablePointer<Float>) {
        var i = 0
        while i + 8 <= count {
            UnsafeMutableRawPointer(to + i).storeBytes(of: UnsafeRawPointer(from + i).loadUnaligned(as: SIMD8<Float>.self),
                                                       as: SIMD8<Float>.self)
            i += 8
        }
        while i < count { to[i] = from[i]; i += 1 }
    }

    /// to[0..<count] += from[0..<count], each element on its own.
    @inline(__always)
    static func add(_ count: Int, from: UnsafePointer<Float>, to: UnsafeMutablePointer<Float>) {
        var i = 0
        while i + 8 <= count {
            let sum = UnsafeRawPointer(to + i).loadUnaligned(as: SIMD8<Float>.self)
                + UnsafeRawPointer(from + i).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(to + i).storeBytes(of: sum, as: SIMD8<Float>.self)
            i += 8
        }
        while i < count { to[i] += from[i]; i += 1 }
    }

    /// col2im: adds every entry of `patchGradient` (C·kh·kw × N·outH·outW) back onto the pixel it was
    /// copied from, writing the image gradient (N × C·H·W) into `images`. Padding's zeros have no
    /// pixel: their gradients are dropped. Each image is done by `image(fromBlock:rowStride:into:)`,
    /// the two halves of the batch at the same time.
    public func accumulateImages(from patchGradient: Matrix, into images: inout Matrix) {
        precondition(patchGradient.rows == patchSize && patchGradient.cols % positions == 0,
                     "the patch gradient must be \(patchSize) × (N·\(positions)), got \(patchGradient.rows)×\(patchGradient.cols)")
        let n = patchGradient.cols / positions
        images.reuse(rows: n, cols: imageSize)
        let (image, columns) = (imageSize, n * positions)
        images.data.withUnsafeMutableBufferPointer { images in
            patchGradient.data.withUnsafeBufferPointer { patchGradient in
                let (dst, src) = (images.baseAddress!, patchGradient.baseAddress!)
                Pieces.inHalves(n, minimum: 2) { batch in
                    for i in batch { self.image(fromBlock: src + i * positions, rowStride: columns, into: dst + i * image) }
                }
            }
        }
    }

    /// One image's gradient (C·H·W numbers, overwritten) from its block of the patch gradient
    /// (patchSize rows of outH·outW, row r starting at `block + r·rowStride`). Every pixel collects
    /// its entries in the textbook's order: channel, ky, kx (its oy and ox follow from those).
    func image(fromBlock block: UnsafePointer<Float>, rowStride: Int, into dst: UnsafeMutablePointer<Float>) {
        let (h, w, kh, kw, p) = (height, width, kernelHeight, kernelWidth, padding)
        let (oh, ow) = (outputHeight, outputWidth)
        dst.update(repeating: 0, count: imageSize)
        for ch in 0..<channels {
            for ky in 0..<kh {
                for kx in 0..<kw {
                    let row = block + ((ch * kh + ky) * kw + kx) * rowStride
                    let first = min(ow, max(0, p - kx)), last = max(first, min(ow, w + p - kx))
                    for oy in 0..<oh {
                        let y = oy + ky - p
                        if y < 0 || y >= h { continue }
                        let line = dst + (ch * h + y) * w + (first + kx - p)
                        Im2Col.add(last - first, from: row + oy * ow + first, to: line)
                    }
                }
            }
        }
    }
}

// The same two, as the textbook writes them: plain loops over every entry of the patch matrix.
// patches(of:into:) and accumulateImages(from:into:) above give exactly these bits faster
// (ConvolutionTextbookTests holds them to it); Chapter 8 shows these.
extension Im2Col {
    /// im2col: the patch matrix of `images` (N × C·H·W), C·kh·kw × N·outH·outW. Row (c, ky, kx),
    /// column (image i, oy, ox) holds the pixel that kernel offset sees at that position, or 0 in
    /// the padding.
    public func textbookPatches(of images: Matrix) -> Matrix {
        precondition(images.cols == imageSize, "each image must have \(imageSize) numbers (\(channels)×\(height)×\(width)), got \(images.cols)")
        // #region im2col
        var patches = Matrix(rows: patchSize, cols: images.rows * positions)     // zeros
        for i in 0..<images.rows {
            for c in 0..<channels {
                for ky in 0..<kernelHeight {
                    for kx in 0..<kernelWidth {
                        let row = (c * kernelHeight + ky) * kernelWidth + kx          // which weight of the filter
                        for oy in 0..<outputHeight {
                            for ox in 0..<outputWidth {
                                let column = (i * outputHeight + oy) * outputWidth + ox  // which image and position
                                let y = oy + ky - padding, x = ox + kx - padding
                                if y >= 0 && y < height && x >= 0 && x < width {        // else it stays 0: padding
                                    patches[row, column] = images[i, (c * height + y) * width + x]
                                }
                            }
                        }
                    }
                }
            }
        }
        // #endregion
        return patches
    }

    /// col2im: the image gradient (N × C·H·W) from the patch matrix's gradient, each entry added
    /// back onto the pixel it was copied from; the padding's entries have no pixel and are dropped.
    public func textbookImages(from patchGradient: Matrix) -> Matrix {
        precondition(patchGradient.rows == patchSize && patchGradient.cols % positions == 0,
                     "the patch gradient must be \(patchSize) × (N·\(positions)), got \(patchGradient.rows)×\(patchGradient.cols)")
        // #region col2im
        var images = Matrix(rows: patchGradient.cols / positions, cols: imageSize)   // zeros
        for i in 0..<images.rows {
            for c in 0..<channels {
                for ky in 0..<kernelHeight {
                    for kx in 0..<kernelWidth {
                        let row = (c * kernelHeight + ky) * kernelWidth + kx
                        for oy in 0..<outputHeight {
                            for ox in 0..<outputWidth {
                                let column = (i * outputHeight + oy) * outputWidth + ox
                                let y = oy + ky - padding, x = ox + kx - padding
                                if y >= 0 && y < height && x >= 0 && x < width {        // a pixel seen by several
                                    images[i, (c * height + y) * width + x] += patchGradient[row, column]  // windows adds them all
                                }
                            }
                        }
                    }
                }
            }
        }
        // #endregion
        return images
    }
}
