import Foundation
import Testing
import Engine
import TestSupport

/// Appendix A on small shapes (--quick): every faster way of multiplying gives exactly the
/// definition's bits, and summing in reverse order does not, by the count the appendix prints.
@Suite struct AppendixATests {
    static let shapes = [(m: 8, n: 32, k: 40), (m: 16, n: 16, k: 24)]

    static func label(_ shape: (m: Int, n: Int, k: Int)) -> String { "\(shape.m)×\(shape.n)×\(shape.k)" }

    @Test func everyStepGivesTheDefinitionsBits() throws {
        let run = try ChapterRunner.run("AppendixA", ["--quick", "--no-plots", "--repetitions", "1"])
        #expect(run.status == 0, "\(run.errors)")
        for step in ["loop order i-p-j", "4×16 tiles, packed panel", "SIMD16 tiles"] {
            for shape in Self.shapes {
                #expect(run.result("\(step): elements unlike the definition's, \(Self.label(shape))") == "0 of \(shape.m * shape.n)")
            }
        }
        for step in ["SIMD16 tiles, two threads", "the engine's Matrix.gemm"] {
            for shape in Self.shapes {
                #expect(run.result("\(step): elements unlike the definition's, \(Self.label(shape))") == "0 of \(shape.m * shape.n)")
            }
        }
        #expect(run.output.contains("Matrix.gemm on this machine runs: \(MatrixKernel.summary)"), "\(run.output)")
        #expect(run.output.hasSuffix("End of appendix.\n"))
    }

    @Test func reversedOrderChangesTheBitsOfAsManyElementsAsPrinted() throws {
        let run = try ChapterRunner.run("AppendixA", ["--quick", "--no-plots", "--repetitions", "1"])
        #expect(run.status == 0, "\(run.errors)")
        for shape in Self.shapes {
            // The appendix's operands (seed 1) and both sums, computed here.
            var rng = SeededRandom(seed: 1)
            let a = rng.uniformMatrix(rows: shape.m, cols: shape.k, low: -1, high: 1)
            let b = rng.uniformMatrix(rows: shape.k, cols: shape.n, low: -1, high: 1)
            var differing = 0
            for i in 0..<shape.m {
                for j in 0..<shape.n {
                    var forward: Float = 0, backward: Float = 0
                    for p in 0..<shape.k { forward = forward.addingProduct(a[i, p], b[p, j]) }
                    for p in (0..<shape.k).reversed() { backward = backward.addingProduct(a[i, p], b[p, j]) }
                    if forward.bitPattern != backward.bitPattern { differing += 1 }
                }
            }
            #expect(differing > 0)
            #expect(run.result("reversed order: elements unlike the definition's, \(Self.label(shape))")
                    == "\(differing) of \(shape.m * shape.n)")
        }
    }

    @Test func refusesToWritePagesOfTheSmallShapes() throws {
        let folder = TemporaryFolder()
        let run = try ChapterRunner.run("AppendixA", ["--quick", "--no-plots", "--pages-dir", folder.path])
        #expect(run.status != 0)
        #expect(run.errors.contains("--quick"), "\(run.errors)")
    }

    #if DEBUG
    @Test func refusesToMeasureInADebugBuild() throws {
        let folder = TemporaryFolder()
        let run = try ChapterRunner.run("AppendixA", ["--no-plots", "--measure-into", folder.file("speeds.csv")])
        #expect(run.status != 0)
        #expect(run.errors.contains("release build"), "\(run.errors)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("speeds.csv")))
    }
    #endif
}
