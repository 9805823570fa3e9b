// Terminal: how a chapter's blocks look on the reader's terminal, in the language of --lang, as they
// are recorded: framed title, numbered and underlined sections, paragraphs wrapped to the terminal's
// width, results, program output, tables lined up by display width; with --step, a pause for Enter
// before each section after the first.

import Engine
import Foundation

public final class Terminal {
    private let language: Language
    private let step: Bool
    private let write: (String) -> Void
    private var sectionCount = 0
    /// The last block shown, for the blank line a paragraph wants after results and output.
    private var last: Notebook.Block?

    /// - Parameters:
    ///   - step: pause before each section after the first, until Enter (only when reading from a terminal).
    ///   - write: where lines go; standard output unless a test captures them.
    public init(language: Language, step: Bool = false, write: @escaping (String) -> Void = { print($0) }) {
        self.language = language
        self.step = step
        self.write = write
    }

    /// Shows `block`, already in the reader's language and with this run's values. A code region
    /// shows nothing: the terminal reader has the source.
    public func show(_ block: Notebook.Block) {
        defer { last = block }
        switch block {
        case .title(let line):
            write(String(repeating: "═", count: DisplayWidth.of(line) + 4))
            write("  \(line)")
            write(String(repeating: "═", count: DisplayWidth.of(line) + 4))
        case .section(let title):
            if sectionCount > 0 && step && isatty(STDIN_FILENO) == 1 {
                write(language == .zh ? "\n[按回车键：下一节]" : "\n[Enter: next section]")
                _ = readLine()
            }
            sectionCount += 1
            write("\n\(sectionCount). \(title)")
            write(String(repeating: "─", count: DisplayWidth.of(title) + 3 + String(sectionCount).count))
        case .text(let paragraph):
            switch last {
            case .result, .output: write("")
            default: break
            }
            switch language {
            case .en: write(Terminal.wrap(paragraph, width: Terminal.textWidth))
            case .zh: write(DisplayWidth.wrap(paragraph, width: Terminal.textWidth))
            }
            write("")
        case .result(let label, let value):
            write("  \(label) = \(value)")
        case .output(let line):
            write(line)
        case .table(let headers, let rows):
            for line in TerminalTable.lines(headers: headers, rows: rows, width: Terminal.columns) { write(line) }
            write("")
        case .figure, .code:
            break
        }
    }

    /// A line that is not part of the chapter's page: what a sink did ("[figure] …", "[page] …").
    public func notice(_ line: String) { write(line) }

    /// The last words of a chapter (or of an appendix).
    public var closing = Text(en: "End of chapter.", zh: "本章完。")

    public func finish() {
        write("")
        write(closing.in(language))
    }

    /// The width paragraphs are wrapped to: the terminal's, up to 92 columns.
    static let textWidth: Int = columns.map { min(92, $0 - 2) } ?? 92

    /// The columns of the terminal the chapter prints to; nil when the output goes to a file or a pipe.
    static let columns: Int? = {
        var size = winsize()
        if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 {
            return Int(size.ws_col)
        }
        return nil
    }()

    /// Wraps a paragraph at `width` columns, keeping explicit line breaks.
    static func wrap(_ text: String, width: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var out: [String] = [], current = ""
            for word in line.split(separator: " ") {
                if !current.isEmpty && current.count + 1 + word.count > width {
                    out.append(current)
                    current = ""
                }
                current += (current.isEmpty ? "" : " ") + word
            }
            out.append(current)
            return out.joined(separator: "\n")
        }.joined(separator: "\n")
    }
}
