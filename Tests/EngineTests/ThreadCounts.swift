// ThreadCounts: runs a test's body once for each number of threads that may run the pieces of a
// product (1 and 2), and puts the setting back afterwards.

import Engine

/// Calls `body(threads)` with MatrixKernel.threads set to each of 1...MatrixKernel.pieces in turn.
func withEveryThreadCount(_ body: (_ threads: Int) throws -> Void) rethrows {
    let saved = MatrixKernel.threads
    defer { MatrixKernel.threads = saved }
    for threads in 1...MatrixKernel.pieces {
        MatrixKernel.threads = threads
        try body(threads)
    }
}
