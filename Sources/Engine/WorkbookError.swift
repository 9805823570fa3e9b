// WorkbookError: the one error type a reader ever sees.
//
// Every problem the user can fix (a missing file, a bad flag, gnuplot not installed, training that
// diverged) is reported as a WorkbookError whose message says what was wrong, where, and what to do,
// in English and in Simplified Chinese. Chapters print the message in the reader's language (--lang)
// and exit non-zero; nothing else reaches the user as a crash.

import Bilingual

public struct WorkbookError: Error, CustomStringConvertible, Equatable {
    /// What went wrong and what to do, in both languages.
    public let message: Text

    public init(_ message: Text) { self.message = message }

    /// The message in English.
    public var description: String { message.en }
}
