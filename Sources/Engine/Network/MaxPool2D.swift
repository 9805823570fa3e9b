// MaxPool2D: keeps the largest value of every size×size block of every channel (stride = size).
//
// Each sample is a row read as channels × height × width (C-major); the output is
// channels × (height/size) × (width/size) in the same order (a last row or column that does not
// fill a block is dropped, as in PyTorch). Backward: the gradient of each output goes to the one
// input that was the largest in its block (the first one on a tie); every other input gets 0.
// MaxPool2DTextbook.swift writes both passes out plainly; ConvolutionTextbookTests holds this layer to
// their exact bits.

public final class MaxPool2D: Layer {
    public let channels: Int
    public let height: Int
    public let width: Int
    public let size: Int
    public var outputHeight: Int { height / size }
    public var outputWidth: Int { width / size }
    public var outputCount: Int { channels * outputHeight * outputWidth }

    /// For each output of the last batch, the index (within its sample) of the input it copied.
    private var winners: [Int32] = []
    private var output = Matrix(rows: 0, cols: 0)
    private var inputGradient = Matrix(rows: 0, cols: 0)

    public init(channels: Int, height: Int, width: Int, size: Int = 2) {
        precondition(channels > 0 && size > 0 && height >= size && width >= size,
                     "a \(size)×\(size) pool needs an image at least that large, got \(height)×\(width)")
        self.channels = channels
        self.height = height
        self.width = width
        self.size = size
    }

    public var parameters: [Parameter] { [] }

    public func forward(_ x: Matrix) -> Matrix {
        precondition(x.cols == channels * height * width,
                     "each sample must have \(channels * height * width) numbers (\(channels)×\(height)×\(width)), got \(x.cols)")
        let (n, c, h, w, s, oh, ow) = (x.rows, channels, height, width, size, outputHeight, outputWidth)
        output.reuse(rows: n, cols: outputCount)
        if winners.count != n * outputCount { winners = [Int32](repeating: 0, count: n * outputCount) }
        let outCount = outputCount
        output.data.withUnsafeMutableBufferPointer { y in
            winners.withUnsafeMutableBufferPointer { winners in
                x.data.withUnsafeBufferPointer { x in
                    let (y, winners, x) = (y.baseAddress!, winners.baseAddress!, x.baseAddress!)
                    Pieces.inHalves(n, minimum: 2) { images in      // both halves of the batch at once
                        for i in images {
                            let planes = (x: x + i * c * h * w, y: y + i * outCount, winners: winners + i * outCount)
                            for ch in 0..<c {
                                let input = planes.x + ch * h * w, first = Int32(ch * h * w)
                                let (out, won) = (planes.y + ch * oh * ow, planes.winners + ch * oh * ow)
                                if s == 2 {
                                    MaxPool2D.pool2x2(input, width: w, lines: oh, columns: ow, first: first, into: out, winners: won)
                                } else {
                                    MaxPool2D.pool(input, width: w, size: s, lines: oh, columns: ow, first: first, into: out, winners: won)
                                }
                            }
                        }
                    }
                }
            }
        }
        return output
    }

    /// Pools one channel of one image: `lines` × `columns` blocks of size×size from `input` (a plane
    /// `width` wide), each block's largest value into `out` and its index, counted from `first`,
    /// into `winners`. The first of equal values wins, and so does the block's first value over
    /// a NaN (a NaN is never larger).
    private static func pool(_ input: UnsafePointer<Float>, width w: Int, size s: Int, lines: Int, columns: Int,
                             first: Int32, into out: UnsafeMutablePointer<Float>, winners: UnsafeMutablePointer<Int32>) {
        for oy in 0..<lines {
            for ox in 0..<columns {
                var best = oy * s * w + ox * s
                var bestValue = input[best]
                for dy in 0..<s {
                    for dx in 0..<s {
                        let j = (oy * s + dy) * w + ox * s + dx
                        if input[j] > bestValue { bestValue = input[j]; best = j }
                    }
                }
                out[oy * columns + ox] = bestValue
                winners[oy * columns + ox] = first + Int32(best)
            }
        }
    }

    /// The same for 2×2 blocks (every pool of the workbook), four blocks at a time: two lines of
    /// eight values are split into the four blocks' top-left, top-right, bottom-left and
    /// bottom-right values, compared in that order, as above. A line's last blocks (fewer than four)
    /// go through the general loop.
    private static func pool2x2(_ input: UnsafePointer<Float>, width w: Int, lines: Int, columns: Int,
                                first: Int32, into out: UnsafeMutablePointer<Float>, winners: UnsafeMutablePointer<Int32>) {
        let offsets = SIMD4<Int32>(0, 2, 4, 6)
        let vectorColumns = columns / 4 * 4
        for oy in 0..<lines {
            var top = input + 2 * oy * w, bottom = top + w
            var out = out + oy * columns, winners = winners + oy * columns
            var corner = offsets &+ (first &+ Int32(truncatingIfNeeded: 2 * oy * w))   // indices of the top-left values
            let (right, below, belowRight) = (Int32(1), Int32(truncatingIfNeeded: w), Int32(truncatingIfNeeded: w + 1))
            for _ in stride(from: 0, to: vectorColumns, by: 4) {
                let upper = UnsafeRawPointer(top).loadUnaligned(as: SIMD8<Float>.self)
                let lower = UnsafeRawPointer(bottom).loadUnaligned(as: SIMD8<Float>.self)
                var value = upper.evenHalf, index = corner
                // In the order top right, bottom left, bottom right; false for a NaN candidate.
                var larger = upper.oddHalf .> value
                value.replace(with: upper.oddHalf, where: larger)
                index.replace(with: corner &+ right, where: larger)
                larger = lower.evenHalf .> value
                value.replace(with: lower.evenHalf, where: larger)
                index.replace(with: corner &+ below, where: larger)
                larger = lower.oddHalf .> value
                value.replace(with: lower.oddHalf, where: larger)
                index.replace(with: corner &+ belowRight, where: larger)
                UnsafeMutableRawPointer(out).storeBytes(of: value, as: SIMD4<Float>.self)
                UnsafeMutableRawPointer(winners).storeBytes(of: index, as: SIMD4<Int32>.self)
                (top, bottom, out, winners) = (top + 8, bottom + 8, out + 4, winners + 4)
                corner &+= 8
            }
        }
        if vectorColumns < columns {
            for oy in 0..<lines {
                pool(input + 2 * oy * w + 2 * vectorColumns, width: w, size: 2, lines: 1, columns: columns - vectorColumns,
                     first: first + Int32(2 * oy * w + 2 * vectorColumns),
                     into: out + oy * columns + vectorColumns, winners: winners + oy * columns + vectorColumns)
            }
        }
    }

    public func backward(_ dOutput: Matrix) -> Matrix {
        precondition(dOutput.rows == output.rows && dOutput.cols == outputCount,
                     "dOutput must be \(output.rows)×\(outputCount), got \(dOutput.rows)×\(dOutput.cols)")
        let inCount = channels * height * width, outCount = outputCount
        inputGradient.reuse(rows: dOutput.rows, cols: inCount)
        inputGradient.data.withUnsafeMutableBufferPointer { dx in
            winners.withUnsafeBufferPointer { winners in
                dOutput.data.withUnsafeBufferPointer { dy in
                    let (dx, winners, dy) = (dx.baseAddress!, winners.baseAddress!, dy.baseAddress!)
                    Pieces.inHalves(dOutput.rows, minimum: 2) { images in
                        (dx + images.lowerBound * inCount).update(repeating: 0, count: images.count * inCount)
                        for i in images {
                            for o in 0..<outCount { dx[i * inCount + Int(winners[i * outCount + o])] += dy[i * outCount + o] }
                        }
                    }
                }
            }
        }
        return inputGradient
    }
}
