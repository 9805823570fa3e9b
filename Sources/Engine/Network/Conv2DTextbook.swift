// Conv2DTextbook: the convolutional layer's forward and backward passes as the textbook writes them.
//
// Forward: the patch matrix P of the batch (im2col), then every filter at every position of every
// image in one product, and the biases:
//     Z = W·P + b         (filters × N·positions)
// Image i's block of columns of Z, filter after filter, is image i's output row.
// Backward, for dZ (dL/dY with its blocks put back in Z's order):
//     dW = dZ·Pᵀ,   db = the sum of each row of dZ,   dP = Wᵀ·dZ,   then col2im: dX.
// Conv2D.forward and backward compute exactly these bits faster (the patches copied with vector
// loads, each image's block of P multiplied as soon as it is written and straight into its output
// row, dW and db from one product with P read where it lies, dP turned back into pixels one image at
// a time, the two halves of a batch on two threads, buffers kept from batch to batch; Conv2D.swift
// says why each gives the same bits); ConvolutionTextbookTests holds them to it, and Chapter 8 shows
// these.

extension Conv2D {
    /// The gradients of one backward pass: the input's, the filters' and the biases'.
    public struct Gradients: Sendable {
        public let input: Matrix
        public let weights: Matrix
        public let bias: Matrix
    }

    /// The output (N × filters·positions) of the images `x` (N × C·H·W), as the textbook computes it.
    public func textbookForward(_ x: Matrix) -> Matrix {
        let (n, positions) = (x.rows, geometry.positions)
        // #region product-forward
        let P = geometry.textbookPatches(of: x)                 // C·K·K × N·positions
        let Z = weights.value * P                               // filters × N·positions: one product
        var output = Matrix(rows: n, cols: outChannels * positions)
        for i in 0..<n {
            for f in 0..<outChannels {
                for p in 0..<positions {                        // image i's block, filter f's row: + its bias
                    output[i, f * positions + p] = Z[f, i * positions + p] + bias.value[0, f]
                }
            }
        }
        // #endregion
        return output
    }

    /// The gradients of a loss whose gradient with respect to the output of `x` is `dOutput`, as
    /// the textbook computes them. Leaves the layer's own gradients alone.
    public func textbookBackward(_ dOutput: Matrix, input x: Matrix) -> Gradients {
        let (n, positions) = (x.rows, geometry.positions)
        precondition(dOutput.rows == n && dOutput.cols == outChannels * positions,
                     "dOutput must be \(n)×\(outChannels * positions), got \(dOutput.rows)×\(dOutput.cols)")
        // #region product-backward
        let P = geometry.textbookPatches(of: x)
        var dZ = Matrix(rows: outChannels, cols: n * positions)  // dY's blocks back in Z's order
        for i in 0..<n {
            for f in 0..<outChannels {
                for p in 0..<positions { dZ[f, i * positions + p] = dOutput[i, f * positions + p] }
            }
        }
        let dW = dZ.multiplied(by: P, transposeOther: true)    // dZ·Pᵀ: filters × C·K·K
        var db = Matrix(rows: 1, cols: outChannels)             // each filter's row of dZ, summed
        for f in 0..<outChannels {
            for j in 0..<dZ.cols { db[0, f] += dZ[f, j] }
        }
        let dP = weights.value.multiplied(by: dZ, transposeSelf: true)   // Wᵀ·dZ: C·K·K × N·positions
        let dX = geometry.textbookImages(from: dP)              // col2im
        // #endregion
        return Gradients(input: dX, weights: dW, bias: db)
    }
}
