// Stopwatch: how many seconds something took, on the monotonic clock (never set back or forward
// while it runs), for the times the chapters and the benchmark print beside their numbers.

extension ContinuousClock.Instant {
    /// Seconds from this instant to now: `let start = ContinuousClock.now; …; start.secondsUntilNow`.
    public var secondsUntilNow: Double {
        let elapsed = duration(to: .now).components
        return Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
    }
}
