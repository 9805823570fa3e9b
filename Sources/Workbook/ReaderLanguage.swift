// ReaderLanguage: the language the reader asked for with --lang, known before the arguments are parsed,
// so that --help, the refusals of bad flags and the errors a chapter throws can speak it too.
//
//     @Option(help: Text(en: "Epochs of training (1–1000).", zh: "训练的轮数（1–1000）。").help)
//     throw ValidationError(Text(en: "…", zh: "…"))

import ArgumentParser
import Foundation
import Engine

extension Language {
    /// The language of `--lang zh` or `--lang=zh` on this process's command line; English otherwise.
    public static let requested: Language = requested(in: CommandLine.arguments)

    /// The value of the last `--lang` in `arguments` (as the parser reads it), or English.
    public static func requested(in arguments: [String]) -> Language {
        var found = Language.en
        for (i, argument) in arguments.enumerated() {
            if argument == "--" { break }
            if argument == "--lang", i + 1 < arguments.count, let language = Language(rawValue: arguments[i + 1]) {
                found = language
            } else if argument.hasPrefix("--lang="), let language = Language(rawValue: String(argument.dropFirst(7))) {
                found = language
            }
        }
        return found
    }
}

extension Text {
    /// This text in the language the reader asked for.
    public var forReader: String { self.in(.requested) }

    /// This text as an option's help, in the language the reader asked for.
    ///
    /// The parser wraps help at spaces and counts characters, not columns; Chinese has no spaces and
    /// takes two columns a character, so Chinese help comes wrapped already, to fit 80 columns.
    public var help: ArgumentHelp {
        let text = forReader
        guard DisplayWidth.of(text) != text.count else { return ArgumentHelp(text) }
        // The parser adds " (default: …)" after the last line, so the last line is kept short: a long
        // one is cut in two.
        var lines = DisplayWidth.wrap(text, width: Self.helpWidth).split(separator: "\n").map(String.init)
        if let last = lines.last, DisplayWidth.of(last) > Self.lastLineWidth {
            lines.removeLast()
            lines += DisplayWidth.wrap(last, width: max(Self.lastLineWidth, (DisplayWidth.of(last) + 1) / 2))
                .split(separator: "\n").map(String.init)
        }
        return ArgumentHelp(lines.joined(separator: "\n"))
    }

    /// This text as a command's discussion in `--help`, in the language the reader asked for; Chinese
    /// comes wrapped to 78 columns, since the parser would count its characters as one column each.
    public var discussion: String {
        let text = forReader
        return DisplayWidth.of(text) == text.count ? text : DisplayWidth.wrap(text, width: 78)
    }

    /// The columns left for an option's help in an 80-column terminal, beside the option's name.
    static let helpWidth = 52

    /// The columns of the last line of Chinese help, leaving room for " (default: …)" after it.
    static let lastLineWidth = 26
}

extension ValidationError {
    /// A refusal of a flag's value, in the language the reader asked for.
    public init(_ text: Text) { self.init(text.forReader) }
}

extension WorkbookError {
    /// An error of the workbook layer whose message has no Chinese yet (gnuplot, pages, the benchmark):
    /// a reader who asked for Chinese gets the English. The engine's errors always give both.
    public init(_ english: String) { self.init(Text(en: english)) }
}

/// A chapter's command. Its `main` is ArgumentParser's, except that the process is set up first
/// (StandardDescriptors) and a reader who asked for Chinese gets the parser's own words around an
/// error (Error:, Usage:, See … --help) in Chinese too.
public protocol ChapterCommand: ParsableCommand {}

extension ChapterCommand {
    public static func main() {
        StandardDescriptors.repair()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            guard Language.requested == .zh, code != .success else { exit(withError: error) }
            let message = (error as? WorkbookError).map { "错误：" + $0.message.in(.zh) } ?? chineseFrame(fullMessage(for: error))
            FileHandle.standardError.write(Data((message + "\n").utf8))
            Foundation.exit(code.rawValue)
        }
    }

    /// The parser's English frame of an error message, in Chinese; the message inside is already
    /// in the reader's language.
    static func chineseFrame(_ message: String) -> String {
        message.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            if line.hasPrefix("Error: ") { return "错误：" + line.dropFirst(7) }
            if line.hasPrefix("Usage: ") { return "用法：" + line.dropFirst(7) }
            if line.hasPrefix("  See '"), line.hasSuffix("' for more information.") {
                return "  更多说明见 '" + line.dropFirst(7).dropLast(23) + "'。"
            }
            return String(line)
        }.joined(separator: "\n")
    }
}
