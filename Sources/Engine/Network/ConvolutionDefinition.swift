// ConvolutionDefinition: a convolution computed as it is defined, by loops over output positions.
//
// Deep learning's "convolution" is cross-correlation: the kernel is laid over the image as it is,
// not flipped. Output (f, oy, ox) of an image is the bias of filter f plus the sum, over channels c
// and kernel offsets (ky, kx), of weight (f, c, ky, kx) times the pixel (c, oy·S + ky − P,
// ox·S + kx − P), read as 0 outside the image (padding P, stride S). Along each side the output has
// (H + 2P − K)/S + 1 positions: the last window must still fit in the padded image.
//
// The layer the networks train with, Conv2D, computes the same numbers by im2col and one matrix
// product (see Conv2DTextbook.swift). Its sums run over the window in this order, (c, ky, kx), and
// the bias is added after them, as here. The engine's product adds a dot product's terms in that
// order, one after the other, each with one rounding (a fused multiply-add, as `addingProduct`
// does), on every processor (ProductDefinition.swift), so the two give the same bits.
// ConvolutionTextbookTests and Chapter 8 compare them.

/// How many positions a kernel of size `kernel` takes along a side of `size` pixels, with `padding`
/// zeros on each end and a step of `stride` between positions: (H + 2P − K)/S + 1.
public func convolutionOutputSize(_ size: Int, kernel: Int, padding: Int = 0, stride: Int = 1) -> Int {
    precondition(kernel > 0 && padding >= 0 && stride > 0, "a kernel needs a positive size and stride, and padding ≥ 0")
    precondition(kernel <= size + 2 * padding, "a \(kernel)-wide kernel does not fit \(size) pixels with padding \(padding)")
    // #region output-size
    return (size + 2 * padding - kernel) / stride + 1
    // #endregion
}

/// The convolution (cross-correlation) of a batch by its definition. `images` is N × C·H·W (each
/// image channel after channel, each channel row after row), `filters` F × C·K·K (one filter a
/// row, PyTorch's weight[f][c][ky][kx] order), `bias` 1 × F; the result is N × F·outH·outW, each
/// image's feature maps one after the other.
public func crossCorrelation(_ images: Matrix, filters: Matrix, bias: Matrix,
                             channels: Int, height: Int, width: Int, kernel: Int,
                             padding: Int = 0, stride: Int = 1) -> Matrix {
    precondition(images.cols == channels * height * width,
                 "each image must have \(channels * height * width) numbers (\(channels)×\(height)×\(width)), got \(images.cols)")
    precondition(filters.cols == channels * kernel * kernel,
                 "each filter needs \(channels * kernel * kernel) weights (\(channels)×\(kernel)×\(kernel)), got \(filters.cols)")
    precondition(bias.rows == 1 && bias.cols == filters.rows, "bias must be 1×\(filters.rows), got \(bias.rows)×\(bias.cols)")
    let outHeight = convolutionOutputSize(height, kernel: kernel, padding: padding, stride: stride)
    let outWidth = convolutionOutputSize(width, kernel: kernel, padding: padding, stride: stride)
    var output = Matrix(rows: images.rows, cols: filters.rows * outHeight * outWidth)
    // #region definition
    for i in 0..<images.rows {                              // every image
        for f in 0..<filters.rows {                         // every filter
            for oy in 0..<outHeight {                       // every output position
                for ox in 0..<outWidth {
                    var sum: Float = 0
                    for c in 0..<channels {                 // the window: every channel and kernel offset
                        for ky in 0..<kernel {
                            for kx in 0..<kernel {
                                let y = oy * stride + ky - padding, x = ox * stride + kx - padding
                                let inside = y >= 0 && y < height && x >= 0 && x < width
                                let pixel = inside ? images[i, (c * height + y) * width + x] : 0    // padding reads 0
                                let weight = filters[f, (c * kernel + ky) * kernel + kx]           // not flipped
                                sum = sum.addingProduct(weight, pixel)                            // sum + weight·pixel, rounded once
                            }
                        }
                    }
                    output[i, (f * outHeight + oy) * outWidth + ox] = sum + bias[0, f]
                }
            }
        }
    }
    // #endregion
    return output
}
