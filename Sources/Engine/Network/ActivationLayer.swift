// ActivationLayer: an activation function as a layer of its own, with no parameters.
//
// forward: Y = f(X) element by element. backward: dX = dY ⊙ f'(X), with f' computed from the
// cached output alone: σ' = Y(1 − Y), tanh' = 1 − Y², relu' = [X > 0] = [Y > 0] (relu leaves a
// positive input as it is and turns every other into 0 or keeps a NaN, which is not > 0 either).
// Not keeping the input lets the layer below write its next batch into the same memory.

public final class ActivationLayer: Layer {
    public let activation: Activation
    /// Y of the last batch (needed for f'), and dX of the last batch, which is written in place
    /// for the next batch of the same size (see Matrix.reuse).
    private var output = Matrix(rows: 0, cols: 0)
    private var inputGradient = Matrix(rows: 0, cols: 0)

    public init(_ activation: Activation) { self.activation = activation }

    public var parameters: [Parameter] { [] }

    public func forward(_ x: Matrix) -> Matrix {
        switch activation {
        case .relu:
            // New memory every batch, not written over the last output: the layer above usually
            // still holds that one (as the input it needs for its weights' gradient), so writing
            // into it would first copy it (see Matrix.reuse).
            output = Matrix(rows: x.rows, cols: x.cols) { y in
                x.data.withUnsafeBufferPointer { x in
                    Pieces.inHalves(x.count, minimum: Self.splitAbove) { Self.relu($0, x: x, y: y) }
                }
            }
        default:
            output = activation.apply(x)
        }
        return output
    }

    public func backward(_ dOutput: Matrix) -> Matrix {
        precondition(dOutput.rows == output.rows && dOutput.cols == output.cols,
                     "dOutput must be \(output.rows)×\(output.cols), got \(dOutput.rows)×\(dOutput.cols)")
        if activation == .identity { return dOutput }
        inputGradient.reuse(rows: output.rows, cols: output.cols)
        inputGradient.data.withUnsafeMutableBufferPointer { d_L_d_x in
            dOutput.data.withUnsafeBufferPointer { d_L_d_y in
                output.data.withUnsafeBufferPointer { y in
                    // One loop per function, each simple enough to vectorise; the derivatives are
                    // those of Activation.derivative(input:output:), written in terms of y.
                    switch activation {
                    case .relu:
                        Pieces.inHalves(y.count, minimum: Self.splitAbove) {
                            Self.reluBackward($0, y: y, d_L_d_y: d_L_d_y, d_L_d_x: d_L_d_x)
                        }
                    case .sigmoid:
                        for i in y.indices { d_L_d_x[i] = d_L_d_y[i] * (y[i] * (1 - y[i])) }
                    case .tanh:
                        for i in y.indices { d_L_d_x[i] = d_L_d_y[i] * (1 - y[i] * y[i]) }
                    case .identity:
                        break
                    }
                }
            }
        }
        return inputGradient
    }

    /// ReLU's two loops run on both halves of a matrix at once from this many elements on (a
    /// convolution's feature maps: 64 images of 16×24×24 are 589,824); below it, waking the second
    /// thread costs more than it saves.
    static let splitAbove = 1 << 15

    // The loops are functions of their own, not closures, so the compiler knows the pointers are
    // not changed by the stores and works on several elements at once.

    /// y = max(0, x) on `range`; a select rather than an `if`, so it can be done several at a time.
    private static func relu(_ range: Range<Int>, x: UnsafeBufferPointer<Float>, y: UnsafeMutableBufferPointer<Float>) {
        for i in range { y[i] = x[i] < 0 ? 0 : x[i] }
    }

    /// dL/dx = dL/dy · [y > 0] on `range`.
    private static func reluBackward(_ range: Range<Int>, y: UnsafeBufferPointer<Float>, d_L_d_y: UnsafeBufferPointer<Float>,
                                     d_L_d_x: UnsafeMutableBufferPointer<Float>) {
        for i in range { d_L_d_x[i] = d_L_d_y[i] * (y[i] > 0 ? 1 : 0) }
    }
}
