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
    /// sees there. Each row is filled a whole output line at a time, a contiguous run of outW pixels
    /// of the input, so the copies are long and simple.
    public func patches(of images: Matrix, into patches: inout Matrix) {
        precondition(images.cols == imageSize, "each image must have \(imageSize) numbers (\(channels)×\(height)×\(width)), got \(images.cols)")
        let n = images.rows
        patches.reuse(rows: patchSize, cols: n * positions)
        let (h, w, kh, kw, p) = (height, width, kernelHeight, kernelWidth, padding)
        let (oh, ow, image, columns) = (outputHeight, outputWidth, imageSize, n * positions)
        patches.data.withUnsafeMutableBufferPointer { dst in
            images.data.withUnsafeBufferPointer { src in
                for ch in 0..<channels {
                    for ky in 0..<kh {
                        for kx in 0..<kw {
                            let row = ((ch * kh + ky) * kw + kx) * columns
                            // The output columns whose input column ox + kx − p lies inside the image.
                            let first = max(0, p - kx), last = min(ow, w + p - kx)
                            for i in 0..<n {
                                for oy in 0..<oh {
                                    let out = row + i * oh * ow + oy * ow
                                    let y = oy + ky - p
                                    if y < 0 || y >= h || first >= last {
                                        for ox in 0..<ow { dst[out + ox] = 0 }
                                        continue
                                    }
                                    let line = i * image + (ch * h + y) * w + kx - p
                                    for ox in 0..<first { dst[out + ox] = 0 }
                                    for ox in first..<last { dst[out + ox] = src[line + ox] }
                                    for ox in last..<ow { dst[out + ox] = 0 }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// col2im: adds every entry of `patchGradient` (C·kh·kw × N·outH·outW) back onto the pixel it was
    /// copied from, writing the image gradient (N × C·H·W) into `images`. Padding's zeros have no
    /// pixel: their gradients are dropped.
    public func accumulateImages(from patchGradient: Matrix, into images: inout Matrix) {
        precondition(patchGradient.rows == patchSize && patchGradient.cols % positions == 0,
                     "the patch gradient must be \(patchSize) × (N·\(positions)), got \(patchGradient.rows)×\(patchGradient.cols)")
        let n = patchGradient.cols / positions
        images.reuse(rows: n, cols: imageSize)
        let (h, w, kh, kw, p) = (height, width, kernelHeight, kernelWidth, padding)
        let (oh, ow, image, columns) = (outputHeight, outputWidth, imageSize, n * positions)
        images.data.withUnsafeMutableBufferPointer { dst in
            for k in dst.indices { dst[k] = 0 }
            patchGradient.data.withUnsafeBufferPointer { src in
                for ch in 0..<channels {
                    for ky in 0..<kh {
                        for kx in 0..<kw {
                            let row = ((ch * kh + ky) * kw + kx) * columns
                            let first = max(0, p - kx), last = min(ow, w + p - kx)
                            if first >= last { continue }
                            for i in 0..<n {
                                for oy in 0..<oh {
                                    let y = oy + ky - p
                                    if y < 0 || y >= h { continue }
                                    let out = row + i * oh * ow + oy * ow
                                    let line = i * image + (ch * h + y) * w + kx - p
                                    for ox in first..<last { dst[line + ox] += src[out + ox] }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
