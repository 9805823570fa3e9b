// PiecesTests: how large products are cut, and that running the pieces on two threads gives the
// same bits as running them one after the other.

import Foundation
import Testing
@testable import Engine

@Suite struct PiecesTests {
    @Test func cutsFollowTheShapeOnly() {
        // X·W₁ of a batch of 64 (64×128): cut between columns, at 64.
        #expect(Matrix.pieceCut(rows: 64, cols: 128, work: 64 * 128 * 784) == (false, [0, 64, 128]))
        // Xᵀ·dZ₁ (784×128): cut between rows, at 392.
        #expect(Matrix.pieceCut(rows: 784, cols: 128, work: 784 * 128 * 64) == (true, [0, 400, 784]))
        // A first convolution's dW (16 filters × 25 weights): narrower than 32, cut at a multiple of 8.
        #expect(Matrix.pieceCut(rows: 16, cols: 25, work: 16 * 25 * 36_864) == (false, [0, 16, 25]))
        #expect(Matrix.pieceCut(rows: 20, cols: 20, work: 1 << 20) == (true, [0, 16, 20]))
        // Under 2¹⁸ multiply-adds, or fewer than 8 per piece: one piece. The top layer of a
        // 784-256-10 network, batch 64: H·W₂ (64×10), dY·W₂ᵀ (64×256), Hᵀ·dY (256×10).
        #expect(Matrix.pieceCut(rows: 64, cols: 10, work: 64 * 256 * 10) == (true, [0, 64]))
        #expect(Matrix.pieceCut(rows: 64, cols: 256, work: 64 * 256 * 10) == (true, [0, 64]))
        #expect(Matrix.pieceCut(rows: 256, cols: 10, work: 64 * 256 * 10) == (true, [0, 256]))
        // The same layer with a batch of 256 is cut.
        #expect(Matrix.pieceCut(rows: 256, cols: 256, work: 256 * 256 * 10) == (true, [0, 128, 256]))
        #expect(Matrix.pieceCut(rows: 15, cols: 15, work: 1 << 20) == (true, [0, 15]))
    }

    @Test func everyPieceRunsOnceWhateverTheThreads() {
        withEveryThreadCount { _ in
            for _ in 0..<1_000 {
                let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: 2)
                counts.initialize(repeating: 0)
                Pieces.run(2) { counts[$0] += 1 }
                #expect(Array(counts) == [1, 1])
                counts.deallocate()
            }
        }
    }

    /// Background work: every chunk exactly once, whoever takes it, and all done when `finish`
    /// returns, or when the starting thread next runs pieces.
    @Test func backgroundChunksRunOnceAndAreDoneWhenJoined() {
        withEveryThreadCount { threads in
            for round in 0..<200 {
                let chunks = 1 + round % 12
                let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: chunks)
                defer { counts.deallocate() }
                counts.initialize(repeating: 0)
                nonisolated(unsafe) let shared = counts
                // Some chunks take a while, so the caller often arrives while the helper is busy.
                let background = Pieces.inBackground(chunks: chunks) { c in
                    if c % 3 == 0 { usleep(50) }
                    shared[c] += 1
                }
                if round % 2 == 0 {
                    background.finish()
                } else {
                    // Pieces run by the starting thread wait for its background work first.
                    Pieces.run(2) { piece in
                        if piece == 0 { #expect(Array(shared) == [Int](repeating: 1, count: chunks)) }
                    }
                    background.finish()   // already done: returns at once
                }
                #expect(Array(counts) == [Int](repeating: 1, count: chunks), "\(threads) threads, \(chunks) chunks")
            }
        }
    }

    /// An optimiser's step walks a parameter in the pieces its gradient's product was cut into:
    /// every element exactly once, in runs of whole rows or of one piece's columns of a row.
    @Test func matrixPiecesCoverEveryElementOnce() {
        withEveryThreadCount { threads in
            // W₁ (784×128: rows 0..<400 and 400..<784), a wide one (32×400: columns 0..<208 and
            // 208..<400 of each row), and one under the minimum (one run).
            var columnRuns = Set<Range<Int>>()
            for row in 0..<32 {
                let start = row * 400
                columnRuns.insert(start..<(start + 208))
                columnRuns.insert((start + 208)..<(start + 400))
            }
            let cases: [(rows: Int, cols: Int, runs: Set<Range<Int>>)] = [
                (784, 128, [0..<51_200, 51_200..<100_352]),
                (32, 400, columnRuns),
                (10, 10, [0..<100]),
            ]
            for (rows, cols, expected) in cases {
                let lock = NSLock()
                nonisolated(unsafe) var runs: [Range<Int>] = []
                Pieces.inPiecesOf(rows: rows, cols: cols, minimum: 4096) { range in
                    lock.lock(); runs.append(range); lock.unlock()
                }
                #expect(runs.count == expected.count && Set(runs) == expected, "\(rows)×\(cols), \(threads) threads")
            }
        }
    }

    @Test func oneThreadOrTwoGiveTheSameBits() {
        var rng = SeededRandom(seed: 3)
        // Cut by columns, by rows, with transposes, a narrow one (at 16), and one too small to cut.
        for (m, k, n, ta, tb) in [(64, 784, 128, false, false), (784, 64, 128, true, false),
                                  (64, 128, 784, false, true), (48, 100, 200, true, true), (16, 4608, 25, false, true),
                                  (8, 8, 8, false, false)] {
            let a = ta ? rng.normalMatrix(rows: k, cols: m) : rng.normalMatrix(rows: m, cols: k)
            let b = tb ? rng.normalMatrix(rows: n, cols: k) : rng.normalMatrix(rows: k, cols: n)
            let start = rng.normalMatrix(rows: m, cols: n)
            var results: [[UInt32]] = []
            withEveryThreadCount { _ in
                var c = start
                Matrix.gemm(a, transposeA: ta, b, transposeB: tb, beta: 1, into: &c)
                results.append(c.data.map(\.bitPattern))
            }
            #expect(results.allSatisfy { $0 == results[0] }, "\(m)×\(k)·\(k)×\(n)")
            // And the product is right: the definition's bits.
            var definition = start
            Matrix.productByDefinition(a, transposeA: ta, b, transposeB: tb, beta: 1, into: &definition)
            #expect(results[0] == definition.data.map(\.bitPattern), "\(m)×\(k)·\(k)×\(n)")
        }
    }
}
