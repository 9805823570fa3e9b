// MaxPool2D: keeps the largest value of every size×size block of every channel (stride = size).
//
// Each sample is a row read as channels × height × width (C-major); the output is
// channels × (height/size) × (width/size) in the same order (a last row or column that does not
// fill a block is dropped, as in PyTorch). Backward: the gradient of each output goes to the one
// input that was the largest in its block (the first one on a tie); every other input gets 0.

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
                            let image = x + i * c * h * w                   // sample i's input
                            for ch in 0..<c {
                                for oy in 0..<oh {
                                    for ox in 0..<ow {
                                        var best = ch * h * w + oy * s * w + ox * s
                                        var bestValue = image[best]
                                        for dy in 0..<s {
                                            for dx in 0..<s {
                                                let j = ch * h * w + (oy * s + dy) * w + ox * s + dx
                                                if image[j] > bestValue { bestValue = image[j]; best = j }
                                            }
                                        }
                                        let o = i * outCount + (ch * oh + oy) * ow + ox
                                        y[o] = bestValue
                                        winners[o] = Int32(best)
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
