// ReaderLanguage: the language the reader asked for with --lang, known before the arguments are parsed,
// so that --help, the refusals of bad flags and the errors a chapter throws can speak it too.
//
//     @Option(help: Text(en: "Epochs of training (1–1000).", zh: "训练的轮数（1–1000）。").help)
//     throw ValidationError(Text(en: "…", zh: "…"))

import ArgumentParser
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
        return ArgumentHelp(DisplayWidth.of(text) == text.count ? text : DisplayWidth.wrap(text, width: Self.helpWidth))
    }

    /// The columns left for an option's help in an 80-column terminal, beside the option's name.
    static let helpWidth = 52
}

extension ValidationError {
    /// A refusal of a flag's value, in the language the reader asked for.
    public init(_ text: Text) { self.init(text.forReader) }
}

extension WorkbookError {
    /// An error the reader acts on, in the language the reader asked for.
    public init(_ text: Text) { self.init(text.forReader) }
}
