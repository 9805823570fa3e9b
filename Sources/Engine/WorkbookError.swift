// WorkbookError: the one error type a reader ever sees.
//
// Every problem the user can fix (a missing file, a bad flag, gnuplot not installed, training that
// diverged) is reported as a WorkbookError whose message says what was wrong, where, and what to do.
// Chapters print the message and exit non-zero; nothing else reaches the user as a crash.

public struct WorkbookError: Error, CustomStringConvertible, Equatable {
    public let message: String
    /// The same message in Simplified Chinese, where the engine gives one (a chapter run with
    /// `--lang zh` prints it instead of the English).
    public let chinese: String?
    public init(_ message: String, zh chinese: String? = nil) {
        self.message = message
        self.chinese = chinese
    }
    public var description: String { message }
}
