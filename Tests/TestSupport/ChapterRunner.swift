// ChapterRunner: runs a chapter (or the benchmark) the way a reader does and reads what it printed.
//
// `swift test` builds the chapters beside the test bundle, so they are found next to this process.

import Foundation

public enum ChapterRunner {
    /// The folder of the built products (the chapters, the benchmark, the test bundle).
    public static var buildFolder: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    }

    /// Runs `program` (e.g. "Chapter03") with `arguments`; `environment` entries are added to this process's.
    public static func run(_ program: String, _ arguments: [String] = ["--no-plots"],
                           environment: [String: String] = [:], directory: String? = nil) throws -> ProcessRun {
        try ProcessRun(buildFolder.appendingPathComponent(program), arguments, environment: environment,
                       directory: directory)
    }
}

extension ProcessRun {
    /// The value printed as "  label = value", or nil.
    public func result(_ label: String) -> String? {
        for line in output.split(separator: "\n") where line.hasPrefix("  \(label) = ") {
            return String(line.dropFirst(label.count + 5))
        }
        return nil
    }
}
