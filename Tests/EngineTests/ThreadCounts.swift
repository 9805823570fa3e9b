// ThreadCounts: runs a test's body once for each number of threads that may run the pieces of a
// product (1 and 2), and puts the setting back afterwards.

import Engine

/// Calls `body(threads)` with BLASSettings.threads set to each of 1...BLASSettings.pieces in turn.
func withEveryThreadCount(_ body: (_ threads: Int) throws -> Void) rethrows {
    let saved = BLASSettings.threads
    defer { BLASSettings.threads = saved }
    for threads in 1...BLASSettings.pieces {
        BLASSettings.threads = threads
        try body(threads)
    }
}
