// Pieces: runs the two fixed pieces of a job (the two row blocks of a product, the two halves of a
// batch) at the same time, one on the calling thread and one on a helper thread that stays alive.
//
// Starting threads for every product would cost more than the smaller products themselves (a
// piece of one can take a few microseconds), so the helper is made once
// and waits for work: it spins for a while after each piece, since the next one usually
// follows within microseconds, and then sleeps until woken. How the work is cut never depends on
// the number of threads: with one thread, or while the helper is busy with another caller's piece,
// the calling thread does both pieces one after the other, and every bit comes out the same.
//
// The helper can also be handed work to do in the background (`inBackground`): chunks that it
// starts on while the calling thread goes on with something else, such as turning the next
// mini-batch into floats while the current one computes its loss. Each chunk is done exactly once,
// by whichever thread takes it first, so this too changes no bit.

import Foundation
#if os(Linux)
import Synchronization
#endif

public enum Pieces {
    /// Calls `body(0)` … `body(count − 1)`, each exactly once, on MatrixKernel.threads threads, and
    /// returns when all have finished. Each call must write memory that no other piece touches.
    public static func run(_ count: Int, _ body: (Int) -> Void) {
        #if os(Linux)
        if count == 2 && MatrixKernel.threads > 1 && Helper.shared.run(body) { return }
        #endif
        for piece in 0..<count { body(piece) }
    }

    /// Starts chunks 0..<count of `body` on the helper thread and returns at once; the calling
    /// thread joins in on the chunks still left, and waits for the rest, when it calls `finish()`
    /// on the result, or when it next runs pieces (`run`), since the helper then finishes this
    /// first. Each chunk must write memory that no other chunk touches. With one thread, or while
    /// another caller holds the helper, every chunk is done here before this returns.
    static func inBackground(chunks count: Int, _ body: @escaping @Sendable (Int) -> Void) -> Background {
        let background = Background(chunks: count, body)
        #if os(Linux)
        if MatrixKernel.threads > 1 && Helper.shared.start(background) { return background }
        #endif
        background.work()
        return background
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

/// Chunks of work started by `Pieces.inBackground`.
final class Background: @unchecked Sendable {
    // @unchecked: on macOS, where no helper runs, `taken` is only ever touched by the starting thread.
    private let count: Int
    private let body: @Sendable (Int) -> Void
    /// How many chunks have been taken: the next chunk is the one nobody has taken yet.
    #if os(Linux)
    private let taken = Atomic<Int>(0)
    private func take() -> Int { taken.add(1, ordering: .relaxed).oldValue }
    #else
    private var taken = 0
    private func take() -> Int { defer { taken += 1 }; return taken }
    #endif

    fileprivate init(chunks count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        self.count = count
        self.body = body
    }

    /// Takes chunks until none is left (on whichever thread calls it; both may at once).
    fileprivate func work() {
        while true {
            let chunk = take()
            guard chunk < count else { return }
            body(chunk)
        }
    }

    /// Returns once every chunk is done, doing those nobody has taken yet. Call it from the thread
    /// that started the work.
    func finish() {
        #if os(Linux)
        Helper.shared.join(self)
        #endif
    }
}

#if os(Linux)
/// One helper thread that runs piece 1 while the caller runs piece 0.
private final class Helper: Sendable {
    static let shared = Helper()

    /// Taken by the caller whose pieces (or background work) are being run; another caller
    /// meanwhile runs its own pieces alone (tests run in parallel, and a piece could itself ask for
    /// pieces).
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
    /// The thread whose background work the helper has (pthread_self), or 0.
    private let backgroundOwner = Atomic<UInt>(0)
    /// That work and its job number: touched only by the thread that started it.
    nonisolated(unsafe) private var background: (work: Background, ticket: Int)?

    private init() {
        let thread = Thread { [self] in work() }
        thread.name = "engine pieces"
        thread.start()
    }

    /// Runs body(0) here and body(1) on the helper; false (nothing run) if another caller holds it.
    /// When the helper has not started piece 1 by the time piece 0 is done (the other core is busy
    /// with another program), the caller takes piece 1 back and runs it itself.
    func run(_ body: (Int) -> Void) -> Bool {
        // This thread's background work comes first; it is usually done by the time the next
        // pieces come (and if not, this thread helps with what is left).
        if let started = ownBackground { join(started) }
        guard busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else { return false }
        withoutActuallyEscaping(body) { body in
            let ticket = post(body)
            body(0)
            if takeBack(ticket) { body(1) } else { waitUntilFinished(ticket) }
        }
        busy.store(false, ordering: .releasing)
        return true
    }

    /// Hands `work` to the helper and returns at once; false (nothing started) if another caller
    /// holds the helper or this thread already has background work.
    func start(_ work: Background) -> Bool {
        guard ownBackground == nil,
              busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else { return false }
        background = (work, post { _ in work.work() })
        backgroundOwner.store(UInt(pthread_self()), ordering: .releasing)
        return true
    }

    /// This thread's background work, if the helper has it.
    private var ownBackground: Background? {
        backgroundOwner.load(ordering: .acquiring) == UInt(pthread_self()) ? background?.work : nil
    }

    /// Finishes `work`, if it is this thread's background work: takes the chunks left, waits for
    /// the helper's, and lets go of the helper.
    func join(_ work: Background) {
        guard ownBackground === work, let ticket = background?.ticket else { return }
        // No longer background work from here on: chunks that run pieces of their own run them alone.
        background = nil
        backgroundOwner.store(0, ordering: .releasing)
        // If the helper never started, everything is left to do here; else take the chunks left.
        let helperStarted = !takeBack(ticket)
        work.work()
        if helperStarted { waitUntilFinished(ticket) }
        busy.store(false, ordering: .releasing)
    }

    /// Gives the helper `body(1)` to run as the next job, waking it if it sleeps; returns the job's number.
    private func post(_ body: @escaping (Int) -> Void) -> Int {
        job.body = body
        let ticket = posted.add(1, ordering: .sequentiallyConsistent).newValue
        if sleeping.exchange(false, ordering: .sequentiallyConsistent) { wake.signal() }
        return ticket
    }

    /// Claims job `ticket` for the calling thread, if the helper has not started it: true, and the
    /// caller runs it.
    private func takeBack(_ ticket: Int) -> Bool {
        guard claimed.compareExchange(expected: ticket - 1, desired: ticket, ordering: .sequentiallyConsistent).exchanged
        else { return false }
        job.body = nil
        return true
    }

    /// Waits for the helper to finish job `ticket`.
    private func waitUntilFinished(_ ticket: Int) {
        var spins = 0
        while finished.load(ordering: .acquiring) != ticket {
            spins += 1
            if spins > 1_000 { sched_yield() }
        }
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
