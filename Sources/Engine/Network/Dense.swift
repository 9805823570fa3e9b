// Dense: the fully connected layer, Y = X·W + b.
//
// X is batch × inputs, W is inputs × outputs, b is 1 × outputs and is added to every row.
// Backward, for dY = dL/dY:
//     dW = Xᵀ·dY        (inputs × outputs)
//     db = Σ rows of dY  (1 × outputs)
//     dX = dY·Wᵀ        (batch × inputs)
// All three products go through the engine's matrix product with the transposes folded into the
// call. A network skips dX for its lowest layer that learns (backwardParametersOnly): nobody needs
// the gradient of the data.

public final class Dense: SkipsInputGradient {
    public let weights: Parameter
    public let bias: Parameter
    public var inputCount: Int { weights.value.rows }
    public var outputCount: Int { weights.value.cols }

    /// The input of the last forward pass, needed for dW.
    private var input = Matrix(rows: 0, cols: 0)
    /// Y and dX of the last batch. Kept so the next batch of the same size can be written into the
    /// same memory rather than into freshly allocated matrices (see Matrix.reuse).
    private var output = Matrix(rows: 0, cols: 0)
    private var inputGradient = Matrix(rows: 0, cols: 0)

    /// A layer with weights drawn by `initializer` and zero biases.
    public init(inputs: Int, outputs: Int, initializer: Initializer = .he, rng: inout SeededRandom,
                name: String = "dense") {
        weights = Parameter(name: "\(name).weights", value: initializer.matrix(fanIn: inputs, fanOut: outputs, rng: &rng))
        bias = Parameter(name: "\(name).bias", value: Matrix(rows: 1, cols: outputs), appliesWeightDecay: false)
    }

    /// A layer with the given weights (inputs × outputs) and bias (1 × outputs), for worked examples.
    public init(weights: Matrix, bias: Matrix, name: String = "dense") {
        precondition(bias.rows == 1 && bias.cols == weights.cols,
                     "bias must be 1×\(weights.cols) for \(weights.rows)×\(weights.cols) weights, got \(bias.rows)×\(bias.cols)")
        self.weights = Parameter(name: "\(name).weights", value: weights)
        self.bias = Parameter(name: "\(name).bias", value: bias, appliesWeightDecay: false)
    }

    public var parameters: [Parameter] { [weights, bias] }

    public func forward(_ x: Matrix) -> Matrix {
        precondition(x.cols == inputCount, "this layer takes \(inputCount) inputs per sample, got \(x.cols)")
        input = x
        // Start every row at b, then add X·W on top (gemm with beta = 1).
        output.reuse(rows: x.rows, cols: outputCount)
        let n = outputCount
        output.data.withUnsafeMutableBufferPointer { y in
            bias.value.data.withUnsafeBufferPointer { b in
                guard n > 0 else { return }
                for i in 0..<x.rows { (y.baseAddress! + i * n).update(from: b.baseAddress!, count: n) }
            }
        }
        Matrix.gemm(x, weights.value, beta: 1, into: &output)
        return output
    }

    public func backward(_ dOutput: Matrix) -> Matrix {
        if !(weights.isFrozen && bias.isFrozen) { backwardParametersOnly(dOutput) }
        return inputGradient(of: dOutput)
    }

    /// dX for dY = dOutput.
    private func inputGradient(of dOutput: Matrix) -> Matrix {
        // #region backward-input
        // d_L_d_X = dY·Wᵀ
        inputGradient.reuse(rows: dOutput.rows, cols: inputCount)
        Matrix.gemm(dOutput, weights.value, transposeB: true, into: &inputGradient)
        // #endregion
        return inputGradient
    }

    /// dY must have one row per input row of the last forward pass and one column per output.
    private func checkShape(of dOutput: Matrix) {
        precondition(dOutput.rows == input.rows && dOutput.cols == outputCount,
                     "dOutput must be \(input.rows)×\(outputCount), got \(dOutput.rows)×\(dOutput.cols)")
    }

    /// dW and db without dX. The first layer of a network only needs these: its input is the data,
    /// and dX would cost as much arithmetic as the forward product, for nothing.
    public func backwardParametersOnly(_ dOutput: Matrix) {
        checkShape(of: dOutput)
        // #region backward-parameters
        // d_L_d_W = Xᵀ·dY
        Matrix.gemm(input, transposeA: true, dOutput, into: &weights.gradient)
        // d_L_d_b = column sums of dY
        dOutput.columnSums(into: &bias.gradient)
        // #endregion
    }
}
