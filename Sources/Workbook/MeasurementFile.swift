// MeasurementFile: the small data files that keep measurements taken once (the benchmark's sitting,
// Appendix A's speeds), so that pages and figures are drawn from them byte for byte without timing
// anything again.
//
//     # Any first line of comment.
//     # date: 2026-12-03 19:32 UTC          "# key: value" lines before the header say when and how
//     configuration,runner,threads,epoch_s   the header
//     128-sgd-64,engine,2,0.249              one measurement per line, comma-separated
//
// This reads the layout; each kind of file checks its own fields (`wrong(_:)` gives the message).

import Engine

public struct MeasurementFile {
    /// The "# key: value" lines before the header, in order (a key holds no space).
    public private(set) var about: [(key: String, value: String)] = []
    /// The lines after the header: their number in the file (from 1), their text and their fields.
    public private(set) var lines: [(number: Int, text: Substring, fields: [String])] = []

    public let source: String
    public let header: String
    /// A line of data as it should look, for messages.
    public let example: String

    /// Reads `text` (from `source`, named in messages), whose header line is `header`, followed by
    /// lines like `example`; a line of data before the header is refused.
    public init(_ text: String, header: String, example: String, source: String) throws {
        self.source = source
        self.header = header
        self.example = example
        var sawHeader = false
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty { continue }
            if line.hasPrefix("# ") {
                if !sawHeader, let colon = line.firstIndex(of: ":") {
                    let key = line[line.index(line.startIndex, offsetBy: 2)..<colon]
                    if !key.contains(" ") {
                        about.append((String(key), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
                    }
                }
                continue
            }
            if line == header { sawHeader = true; continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard sawHeader else { throw wrong((n + 1, line, fields)) }
            lines.append((n + 1, line, fields))
        }
    }

    /// The value of "# key: value", if the file has it.
    public func value(_ key: String) -> String? { about.first { $0.key == key }?.value }

    /// The message for a line that is not what the file should hold: which line, what was expected
    /// (the header, then lines like the example), what was found.
    public func wrong(_ line: (number: Int, text: Substring, fields: [String])) -> WorkbookError {
        WorkbookError("\(source), line \(line.number): expected \"\(header)\" and then lines such as "
            + "\"\(example)\", found \"\(line.text)\"")
    }
}
