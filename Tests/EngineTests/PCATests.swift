// PCATests: PCA finds the axes of a known ellipse, and how much of the spread each explains.

import Foundation
import Testing
@testable import Engine

@Suite struct PCATests {
    /// 360 points evenly around an ellipse with semi-axes 3 and 1, turned by 30°, centred at (5, −2).
    /// Along its long axis the variance is 3²/2 = 4.5, along the short one 1²/2 = 0.5 (times n/(n−1)).
    static func ellipse() -> Matrix {
        let angle = Double.pi / 6
        let rows = (0..<360).map { k -> [Float] in
            let t = 2 * Double.pi * Double(k) / 360
            let (u, v) = (3 * cos(t), sin(t))
            return [Float(5 + u * cos(angle) - v * sin(angle)), Float(-2 + u * sin(angle) + v * cos(angle))]
        }
        return Matrix(rows)
    }

    @Test func findsTheAxesOfAnEllipse() throws {
        let pca = try PCA(Self.ellipse(), components: 2)
        let n = 360.0
        #expect(abs(pca.mean[0] - 5) < 1e-5 && abs(pca.mean[1] + 2) < 1e-5)
        // The long axis (cos 30°, sin 30°), the short one at right angles (signs fixed: largest entry > 0).
        #expect(abs(pca.components[0][0] - cos(Double.pi / 6)) < 1e-4)
        #expect(abs(pca.components[0][1] - sin(Double.pi / 6)) < 1e-4)
        #expect(abs(abs(pca.components[1][0]) - sin(Double.pi / 6)) < 1e-4)
        #expect(abs(abs(pca.components[1][1]) - cos(Double.pi / 6)) < 1e-4)
        #expect(abs(pca.variances[0] - 4.5 * n / (n - 1)) < 1e-3)
        #expect(abs(pca.variances[1] - 0.5 * n / (n - 1)) < 1e-3)
        #expect(abs(pca.explained[0] - 0.9) < 1e-4 && abs(pca.explained[1] - 0.1) < 1e-4)
    }

    @Test func projectionGivesCoordinatesAlongTheAxes() throws {
        let pca = try PCA(Self.ellipse(), components: 2)
        let points = pca.project(Self.ellipse())
        // The first point (t = 0) lies at the end of the long axis: 3 along it, 0 across.
        #expect(abs(abs(points[0][0]) - 3) < 1e-4)
        #expect(abs(points[0][1]) < 1e-4)
    }
}
