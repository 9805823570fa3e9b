// MaxPool2DTextbook: max pooling's forward and backward passes as the textbook writes them.
//
// Forward: each size×size block of each channel gives its largest value. Backward: the output's
// gradient goes only to the input that was the largest in its block (the first one on a tie);
// every other input had no effect on the output, and gets 0. MaxPool2D.forward and backward
// compute exactly these bits faster (four 2×2 blocks at a time, the winners kept from the forward
// pass); ConvolutionTextbookTests holds them to it, and Chapter 8 shows these.

extension MaxPool2D {
    /// Where the largest value of block (oy, ox) of channel c lies in one image row of `x`: its
    /// index within the image (the first one on a tie; a NaN never wins over the block's first value).
    // #region pool-winner
    func winner(in x: Matrix, image i: Int, channel c: Int, block oy: Int, _ ox: Int) -> Int {
        var best = (c * height + oy * size) * width + ox * size
        for dy in 0..<size {
            for dx in 0..<size {
                let j = (c * height + oy * size + dy) * width + ox * size + dx
                if x[i, j] > x[i, best] { best = j }
            }
        }
        return best
    }
    // #endregion

    /// The pooled images of `x` (N × C·H·W): N × C·(H/size)·(W/size).
    public func textbookForward(_ x: Matrix) -> Matrix {
        precondition(x.cols == channels * height * width,
                     "each sample must have \(channels * height * width) numbers (\(channels)×\(height)×\(width)), got \(x.cols)")
        var output = Matrix(rows: x.rows, cols: outputCount)
        for i in 0..<x.rows {
            for c in 0..<channels {
                for oy in 0..<outputHeight {
                    for ox in 0..<outputWidth {
                        output[i, (c * outputHeight + oy) * outputWidth + ox] = x[i, winner(in: x, image: i, channel: c, block: oy, ox)]
                    }
                }
            }
        }
        return output
    }

    /// The gradient with respect to `x` of a loss whose gradient with respect to the pooled output
    /// is `dOutput`.
    public func textbookBackward(_ dOutput: Matrix, input x: Matrix) -> Matrix {
        precondition(dOutput.rows == x.rows && dOutput.cols == outputCount,
                     "dOutput must be \(x.rows)×\(outputCount), got \(dOutput.rows)×\(dOutput.cols)")
        // #region pool-backward
        var dX = Matrix(rows: x.rows, cols: x.cols)             // 0 for every input that did not win
        for i in 0..<x.rows {
            for c in 0..<channels {
                for oy in 0..<outputHeight {
                    for ox in 0..<outputWidth {
                        let best = winner(in: x, image: i, channel: c, block: oy, ox)   // the block's maximum
                        dX[i, best] += dOutput[i, (c * outputHeight + oy) * outputWidth + ox]
                    }
                }
            }
        }
        // #endregion
        return dX
    }
}
