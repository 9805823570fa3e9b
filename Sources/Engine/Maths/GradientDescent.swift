// Gradient descent on a function we can write down: xₖ₊₁ = xₖ − η·∇f(xₖ).
//
// Chapter 3 walks these paths by hand before any network appears: one variable, two variables,
// and the closed-form least-squares line that gradient descent on a linear model approaches.

/// The points visited by `steps` steps of gradient descent on a function of one variable,
/// starting point included (so the path has steps + 1 points).
public func gradientDescentPath(from start: Double, learningRate: Double, steps: Int,
                                gradient: (Double) -> Double) -> [Double] {
    var path = [start]
    var x = start
    for _ in 0..<steps {
        x -= learningRate * gradient(x)
        path.append(x)
    }
    return path
}

/// The same for a function of several variables; `gradient` returns ∂f/∂xᵢ for each i.
public func gradientDescentPath(from start: [Double], learningRate: Double, steps: Int,
                                gradient: ([Double]) -> [Double]) -> [[Double]] {
    var path = [start]
    var x = start
    for _ in 0..<steps {
        let g = gradient(x)
        x = zip(x, g).map { $0 - learningRate * $1 }
        path.append(x)
    }
    return path
}

/// The least-squares line y = slope·x + intercept through the points (the normal equations).
public func leastSquaresLine(x: [Double], y: [Double]) -> (slope: Double, intercept: Double) {
    precondition(x.count == y.count && x.count >= 2, "need at least two (x, y) pairs")
    let n = Double(x.count)
    let meanX = x.reduce(0, +) / n, meanY = y.reduce(0, +) / n
    var sxy = 0.0, sxx = 0.0
    for (xi, yi) in zip(x, y) {
        sxy += (xi - meanX) * (yi - meanY)
        sxx += (xi - meanX) * (xi - meanX)
    }
    let slope = sxy / sxx
    return (slope, meanY - slope * meanX)
}
