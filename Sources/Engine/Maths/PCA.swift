// PCA: the directions along which a cloud of points spreads the most.
//
// Used to look at a network's hidden representation: 256 numbers per image, projected onto the
// two directions of largest variance so they can be drawn on a page. The directions are the top
// eigenvectors of the covariance matrix, found by power iteration (repeatedly multiplying a
// vector by the covariance until it stops turning), each new one kept orthogonal to the previous.

import Bilingual
import Foundation

public struct PCA: Sendable {
    public let mean: [Double]
    /// Unit vectors, largest variance first.
    public let components: [[Double]]
    /// The variance along each component.
    public let variances: [Double]
    /// The fraction of all variance each component explains.
    public let explained: [Double]

    /// Fits `count` components to the rows of `points`. Fewer than two points, or fewer dimensions
    /// than components (a hidden layer of 1 unit has no second direction), is a WorkbookError.
    public init(_ points: Matrix, components count: Int = 2, iterations: Int = 300) throws {
        let n = points.rows, d = points.cols
        guard n >= 2 else {
            throw WorkbookError(Text(en: "PCA needs at least two points to measure a spread, got \(n)",
                                     zh: "主成分分析至少要两个点才能量出分散程度，收到的是 \(n) 个"))
        }
        guard count >= 1, d >= count else {
            throw WorkbookError(Text(en: "PCA cannot find \(count) directions in points of \(d) dimension\(d == 1 ? "" : "s"); "
                + "it needs at least \(count) numbers per point",
                zh: "主成分分析无法在 \(d) 维的点里找出 \(count) 个方向；每个点至少要有 \(count) 个数"))
        }
        var mean = [Double](repeating: 0, count: d)
        for i in 0..<n { for j in 0..<d { mean[j] += Double(points[i, j]) } }
        mean = mean.map { $0 / Double(n) }
        // Covariance C = XcᵀXc / (n − 1), in Double.
        var covariance = [Double](repeating: 0, count: d * d)
        var row = [Double](repeating: 0, count: d)
        for i in 0..<n {
            for j in 0..<d { row[j] = Double(points[i, j]) - mean[j] }
            for a in 0..<d where row[a] != 0 {
                for b in a..<d { covariance[a * d + b] += row[a] * row[b] }
            }
        }
        for a in 0..<d { for b in a..<d {
            covariance[a * d + b] /= Double(n - 1)
            covariance[b * d + a] = covariance[a * d + b]
        } }
        let total = (0..<d).map { covariance[$0 * d + $0] }.reduce(0, +)

        var found: [[Double]] = [], variances: [Double] = []
        for k in 0..<count {
            // A fixed, deterministic start that is not orthogonal to anything in particular.
            var v = (0..<d).map { 1 + Double(($0 * 7 + k * 13) % 11) / 10 }
            var lambda = 0.0
            for _ in 0..<iterations {
                for u in found {                      // stay orthogonal to earlier components
                    let dot = zip(u, v).map(*).reduce(0, +)
                    v = zip(v, u).map { $0 - dot * $1 }
                }
                var w = [Double](repeating: 0, count: d)
                for a in 0..<d {
                    var s = 0.0
                    for b in 0..<d { s += covariance[a * d + b] * v[b] }
                    w[a] = s
                }
                let norm = w.map { $0 * $0 }.reduce(0, +).squareRoot()
                guard norm > 0 else { break }
                lambda = norm
                v = w.map { $0 / norm }
            }
            // Fix the sign so the result does not depend on the start vector.
            if let largest = v.indices.max(by: { abs(v[$0]) < abs(v[$1]) }), v[largest] < 0 { v = v.map { -$0 } }
            found.append(v)
            variances.append(lambda)
        }
        self.mean = mean
        self.components = found
        self.variances = variances
        self.explained = variances.map { total > 0 ? $0 / total : 0 }
    }

    /// The coordinates of each row of `points` along the components.
    public func project(_ points: Matrix) -> [[Double]] {
        (0..<points.rows).map { i in
            components.map { c in
                var s = 0.0
                for j in 0..<points.cols { s += (Double(points[i, j]) - mean[j]) * c[j] }
                return s
            }
        }
    }
}
