// Pieces: runs the two fixed pieces of a job (the two row blocks of a product, the two halves of a
// batch) at the same time, one on the calling thread and one on a helper thread that stays alive.
//
// Starting threads for every product would cost more than the smaller products themselves (a
// training step has five of them, some of only 80,000 multiply-adds), so the helper is made once
// and waits for work: it spins for a short while after each piece, since the next one usually
// follows within microseconds, and then sleeps until woken. How the work is cut never depends on
// the number of threads: with one thread, or while the helper is busy with another caller's piece,
// the calling thread does both pieces one after the other, and every bit comes out the same.

import Foundation
#if os(Linux)
import Synchronization
#endif

enum Pieces {
    /// Calls `body(0)` … `body(count − 1)`, each exactly once, on BLASSettings.threads threads, and
    /// returns when all have finished. Each call must write memory that no other piece touches.
    static func run(_ count: Int, _ body: (Int) -> Void) {
        #if os(Linux)
        if count == 2 && BLASSettings.threads > 1 && Helper.shared.run(body) { return }
        #endif
        for piece in 0..<count { body(piece) }
    }

    /// Runs `body` on the two halves 0..<count/2 and count/2..<count at the same time, or on the
    /// whole range when `count` is below `minimum`. For work where each element is computed on its
    /// own, so how the range is shared out changes no bit.
    static func inHalves(_ count: Int, minimum: Int, _ body: (Range<Int>) -> Void) {
        guard count >= minimum else { return body(0..<count) }
        let half = count / 2
        run(2) { body($0 == 0 ? 0..<half : half..<count) }
    }

    /// Runs `body` over a rows × cols matrix stored row after row, cut as a matrix product of that
    /// shape is cut (Matrix.pieceCut), each piece's elements handed to `body` as runs of consecutive
    /// indices (whole rows, or a piece's columns of each row). An optimiser's step on a layer's
    /// weights then updates, on each thread, the part of dW = Xᵀ·dZ that this thread computed and
    /// still holds in its cache. A matrix of fewer than `minimum` elements is done in one run.
    /// For element-by-element work only.
    static func inPiecesOf(rows: Int, cols: Int, minimum: Int, _ body: (Range<Int>) -> Void) {
        guard rows * cols >= minimum else { return body(0..<(rows * cols)) }
        let cut = Matrix.pieceCut(rows: rows, cols: cols, work: .max)
        let bounds = cut.boundaries
        run(bounds.count - 1) { piece in
            let (lower, upper) = (bounds[piece], bounds[piece + 1])
            if cut.byRows { return body(lower * cols..<upper * cols) }
            for r in 0..<rows { body(r * cols + lower..<r * cols + upper) }
        }
    }
}

#if os(Linux)
/// One helper thread that runs piece 1 while the caller runs piece 0.
private final class Helper: Sendable {
    static let shared = Helper()

    /// Taken by the caller whose pieces are being run; another caller meanwhile runs its own pieces
    /// alone (tests run in parallel, and a piece could itself ask for pieces).
    private let busy = Atomic<Bool>(false)
    /// Jobs posted and jobs finished so far; the helper has work while they differ.
    private let posted = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)
    /// The last job whose piece 1 the helper or the caller has taken on.
    private let claimed = Atomic<Int>(0)
    /// True while the helper sleeps (or is about to) on `wake`.
    private let sleeping = Atomic<Bool>(false)
    private let wake = DispatchSemaphore(value: 0)
    /// The piece the helper runs next: written by the caller before it posts the job, read by the
    /// helper only after it sees the job posted, and cleared before the job counts as finished.
    private let job = JobSlot()

    private init() {
        let thread = Thread { [self] in work() }
        thread.name = "engine pieces"
        thread.start()
    }

    /// Runs body(0) here and body(1) on the helper; false (nothing run) if another caller holds it.
    /// When the helper has not started piece 1 by the time piece 0 is done (the other core is busy
    /// with another program), the caller takes piece 1 back and runs it itself.
    func run(_ body: (Int) -> Void) -> Bool {
        guard busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else { return false }
        withoutActuallyEscaping(body) { body in
            job.body = body
            let ticket = posted.add(1, ordering: .sequentiallyConsistent).newValue
            if sleeping.exchange(false, ordering: .sequentiallyConsistent) { wake.signal() }
            body(0)
            if claimed.compareExchange(expected: ticket - 1, desired: ticket, ordering: .sequentiallyConsistent).exchanged {
                job.body = nil
                body(1)
            } else {
                var spins = 0
                while finished.load(ordering: .acquiring) != ticket {
                    spins += 1
                    if spins > 1_000 { sched_yield() }
                }
            }
        }
        busy.store(false, ordering: .releasing)
        return true
    }

    private func work() {
        var seen = 0
        while true {
            var spins = 0
            while posted.load(ordering: .acquiring) == seen {
                spins += 1
                if spins < 50_000 { continue }
                // Nothing for a while: sleep until the next job is posted.
                sleeping.store(true, ordering: .sequentiallyConsistent)
                if posted.load(ordering: .sequentiallyConsistent) != seen {
                    // A job came in meanwhile; if its caller already saw us asleep, it signalled:
                    // take that signal so the semaphore stays balanced.
                    if !sleeping.exchange(false, ordering: .sequentiallyConsistent) { wake.wait() }
                    break
                }
                wake.wait()
                spins = 0
            }
            seen += 1
            // Piece 1 of job `seen` is run by whoever claims it first, the helper or the caller.
            guard claimed.compareExchange(expected: seen - 1, desired: seen, ordering: .sequentiallyConsistent).exchanged
            else { continue }
            do {
                // Let go of the closure before saying the job is done: the caller checks that
                // nobody holds it any more when it returns.
                let body = job.body!
                job.body = nil
                body(1)
            }
            finished.store(seen, ordering: .releasing)
        }
    }
}

/// The closure handed from the caller to the helper.
private final class JobSlot: @unchecked Sendable {
    // @unchecked: `body` is written by the caller before it raises `posted`, and afterwards touched
    // only by the one thread that claims piece 1 (the compare-exchange on `claimed` lets exactly one
    // win); when the helper wins, the caller waits for `finished` before it writes `body` again.
    // The atomics' sequentially consistent and acquire/release orderings order these accesses.
    var body: ((Int) -> Void)?
}
#endif
