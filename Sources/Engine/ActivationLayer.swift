// ActivationLayer: an activation function as a layer of its own, with no parameters.
//
// forward: Y = f(X) element by element. backward: dX = dY ⊙ f'(X), with f' computed from the
// cached input and output (σ' = Y(1 − Y), tanh' = 1 − Y², relu' = [X > 0]).

public final class ActivationLayer: Layer {
    public let activation: Activation
    private var input = Matrix(rows: 0, cols: 0)
    private var output = Matrix(rows: 0, cols: 0)

    public init(_ activation: Activation) { self.activation = activation }

    public var parameters: [Parameter] { [] }

    public func forward(_ x: Matrix) -> Matrix {
        input = x
        output = activation.apply(x)
        return output
    }

    public func backward(_ dOutput: Matrix) -> Matrix {
        precondition(dOutput.rows == output.rows && dOutput.cols == output.cols,
                     "dOutput must be \(output.rows)×\(output.cols), got \(dOutput.rows)×\(dOutput.cols)")
        if activation == .identity { return dOutput }
        var d_L_d_x = dOutput
        let f = activation
        d_L_d_x.data.withUnsafeMutableBufferPointer { d in
            input.data.withUnsafeBufferPointer { x in
                output.data.withUnsafeBufferPointer { y in
                    for i in d.indices { d[i] *= f.derivative(input: x[i], output: y[i]) }
                }
            }
        }
        return d_L_d_x
    }
}
