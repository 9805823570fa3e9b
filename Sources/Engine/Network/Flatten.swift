// Flatten: where a network stops seeing images and starts seeing lists of numbers.
//
// Every layer of the workbook already holds a sample as one row: a convolution's output is
// channels × height × width read channel after channel. So flattening moves no number: forward and
// backward hand their input on unchanged. It is a layer of its own so that a network reads like
// its diagram (conv, pool, conv, pool, flatten, dense), as PyTorch's nn.Flatten does.

public final class Flatten: Layer {
    public let channels: Int
    public let height: Int
    public let width: Int
    /// Numbers per sample, before and after: channels·height·width.
    public var count: Int { channels * height * width }

    public init(channels: Int, height: Int, width: Int) {
        precondition(channels > 0 && height > 0 && width > 0, "Flatten needs a positive shape")
        self.channels = channels
        self.height = height
        self.width = width
    }

    public var parameters: [Parameter] { [] }

    public func forward(_ x: Matrix) -> Matrix {
        precondition(x.cols == count, "each sample must have \(count) numbers (\(channels)×\(height)×\(width)), got \(x.cols)")
        return x
    }

    public func backward(_ dOutput: Matrix) -> Matrix { dOutput }
}
