// ProgressBar: a one-line bar that redraws itself on a terminal while an epoch runs.
//
// On anything that is not a terminal (a pipe, a log file, CI) it draws nothing, so logs keep
// only the one line per epoch.

import Engine
import Foundation

public final class ProgressBar {
    private let total: Int
    private let enabled: Bool
    private let width = 30
    private var shown = -1

    public init(total: Int, enabled: Bool = isatty(STDOUT_FILENO) == 1) {
        self.total = max(total, 1)
        self.enabled = enabled
    }

    /// Shows `done` of `total` steps.
    public func update(_ done: Int) {
        guard enabled else { return }
        let filled = min(width, done * width / total)
        guard filled != shown else { return }
        shown = filled
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        FileHandle.standardOutput.write(Data("\r  [\(bar)] \(done)/\(total)".utf8))
    }

    /// Clears the bar so the next line starts clean.
    public func finish() {
        guard enabled, shown >= 0 else { return }
        shown = -1
        FileHandle.standardOutput.write(Data(("\r" + String(repeating: " ", count: width + 20) + "\r").utf8))
    }
}
