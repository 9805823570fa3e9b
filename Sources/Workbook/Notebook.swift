// Notebook: what a chapter shows, recorded: sections, narrative, results, tables, figures, code.
//
// A chapter never calls print() itself: it tells the notebook what it is showing. The notebook records
// each block in both languages, for the pages, and hands it on as it comes to the sinks that consume
// it: the terminal (Terminal: wrapping, printing, --step pauses), the figures (FigureSink: gnuplot) and,
// when the chapter finishes, the pages (PageSink, MarkdownPage: --markdown writes them).
//
// The chapter's words are `Text` values, English with Simplified Chinese beside it. The terminal shows
// the language of --lang; the blocks are kept in both, so one run writes README.md and README.zh.md
// with the same numbers.

import Engine
import Foundation

public final class Notebook {
    public enum Block: Equatable {
        case title(String)
        case section(String)
        case text(String)
        case result(label: String, value: String)
        case table(headers: [String], rows: [[String]])
        case figure(name: String, title: String)
        case output(String)
        /// A code region; `file` is nil for the chapter's own source, else a path from the package
        /// root ("Sources/Engine/Network/Dense.swift").
        case code(region: String, file: String?)
    }

    public let options: ChapterOptions
    /// The chapter as recorded, in English, and in Chinese (English wherever a text has no Chinese).
    public private(set) var blocks: [Block] = []
    public private(set) var chineseBlocks: [Block] = []
    /// The language of the terminal output (--lang).
    public var language: Language { options.lang }
    /// The sinks the blocks go to.
    public let terminal: Terminal
    public let figures: FigureSink
    public let pages: PageSink

    /// - Parameters:
    ///   - source: the chapter's own source file. The default, `#filePath`, is filled in where the
    ///     chapter calls this, so a chapter passes nothing; its page is written beside that file.
    ///   - release: the chapter trains long enough to want a release build; its page says so.
    ///   - write: where the terminal's lines go; standard output unless a test captures them.
    public convenience init(chapter number: Int, title: Text, options: ChapterOptions, release: Bool = false,
                            source: String = #filePath, write: @escaping (String) -> Void = { print($0) }) {
        self.init(part: .chapter(number), title: title, options: options, release: release, source: source, write: write)
    }

    /// The notebook of an appendix (Chapters/AppendixA/AppendixA.swift): `Notebook(appendix: "A", …)`.
    /// Its pages come after the last chapter's; the rest is as for a chapter.
    public convenience init(appendix letter: Character, title: Text, options: ChapterOptions, release: Bool = false,
                            source: String = #filePath, write: @escaping (String) -> Void = { print($0) }) {
        self.init(part: .appendix(letter), title: title, options: options, release: release, source: source, write: write)
    }

    init(part: MarkdownPage.Part, title: Text, options: ChapterOptions, release: Bool,
         source: String, write: @escaping (String) -> Void) {
        self.options = options
        terminal = Terminal(language: options.lang, step: options.step, write: write)
        if case .appendix = part { terminal.closing = Text(en: "End of appendix.", zh: "本附录完。") }
        figures = FigureSink(options: options)
        pages = PageSink(part: part, source: source, release: release, folder: options.pagesDir)
        let (en, zh) = (part.label(.en), part.label(.zh))
        record(.title("\(en): \(title.en)"), .title("\(zh)　\(title.in(.zh))"),
               shown: .title(options.lang == .zh ? "\(zh) · \(title.in(.zh))" : "\(en) · \(title.en)"))
    }

    /// Records a block for each page (nil: none on that page) and shows the terminal its own:
    /// by default the page's block in the reader's language.
    private func record(_ english: Block?, _ chinese: Block?, shown: Block? = nil) {
        if let english { blocks.append(english) }
        if let chinese { chineseBlocks.append(chinese) }
        if let block = shown ?? (language == .zh ? chinese : english) { terminal.show(block) }
    }

    private func record(_ block: Block) { record(block, block) }

    /// The blocks of the page in `language`.
    public func blocks(in language: Language) -> [Block] { language == .zh ? chineseBlocks : blocks }

    /// Starts a section. With --step, the terminal first waits for Enter.
    public func section(_ title: Text) {
        record(.section(title.en), .section(title.in(.zh)))
    }

    /// A paragraph of narrative.
    public func text(_ paragraph: Text) {
        record(.text(paragraph.en), .text(paragraph.in(.zh)))
    }

    /// A paragraph in English only (a string the chapter has built).
    public func text(_ paragraph: String) { text(Text(en: paragraph)) }

    /// A paragraph for Chinese readers only: a note on the Chinese source notes where they are loose
    /// or mistaken, beside the idea it is about. The English page and an English run leave it out.
    public func chineseNote(_ paragraph: String) {
        record(nil, .text(paragraph))
    }

    /// A named result: `σ(7) = 0.9990889`. A value that changes from run to run (a timing) is
    /// marked `stable: false`: it is printed, but a rendered page says so instead of showing it.
    /// The English label is the result's id: tests find it by that (`run.result("σ(7)")`), and
    /// `--lang zh` prints the Chinese label in the same place.
    public func result(_ label: Text, _ value: String, stable: Bool = true) {
        result(label, Text(en: value), stable: stable)
    }

    /// A result whose value holds words as well as numbers ("10 of 10", "yes"): the words are
    /// translated, the numbers are the same in both languages.
    public func result(_ label: Text, _ value: Text, stable: Bool = true) {
        record(.result(label: label.en, value: stable ? value.en : Notebook.varies),
               .result(label: label.in(.zh), value: stable ? value.in(.zh) : Notebook.variesInChinese),
               shown: .result(label: label.in(language), value: value.in(language)))
    }

    public func result(_ label: String, _ value: String, stable: Bool = true) {
        result(Text(en: label), value, stable: stable)
    }

    /// A result printed with a fixed number of decimals.
    public func result(_ label: Text, _ value: Double, decimals: Int) {
        result(label, fixed(value, decimals))
    }

    public func result(_ label: Text, _ value: Float, decimals: Int) {
        result(label, fixed(Double(value), decimals))
    }

    /// Free-form program output (a training log line). `page` is the same line without anything
    /// that changes from run to run (timings), for rendered pages; by default the line itself.
    public func output(_ line: String, page: String? = nil) {
        output(Text(en: line), page: page.map { Text(en: $0) })
    }

    /// Program output in the reader's language (a log's header in Chinese); each page gets its own.
    public func output(_ line: Text, page: Text? = nil) {
        let onPage = page ?? line
        record(.output(onPage.en), .output(onPage.in(.zh)), shown: .output(line.in(language)))
    }

    /// What a page shows in place of a value that changes from run to run.
    public static let varies = "(varies from run to run)"
    public static let variesInChinese = "（每次运行都不同）"

    /// Marks where a region of source code belongs (rendered in Markdown pages): of the chapter's own
    /// source, or, with `file`, of a file of the package, given from its root
    /// (`nb.code("backward-input", file: "Sources/Engine/Network/Dense.swift")`), so a page can show the
    /// engine's code where the work happens there.
    public func code(_ region: String, file: String? = nil) { record(.code(region: region, file: file)) }

    /// A table with aligned columns.
    /// Columns are measured in terminal columns, so Chinese cells line up too.
    public func table(_ headers: [Text], _ rows: [[Text]]) {
        record(.table(headers: headers.map(\.en), rows: rows.map { $0.map(\.en) }),
               .table(headers: headers.map { $0.in(.zh) }, rows: rows.map { $0.map { $0.in(.zh) } }))
    }

    /// A table in English only.
    public func table(_ headers: [String], _ rows: [[String]]) {
        table(headers.map { Text(en: $0) }, rows.map { $0.map { Text(en: $0) } })
    }

    /// A table whose cells are the same in both languages (numbers), under headers that may differ.
    public func table(_ headers: [Text], _ rows: [[String]]) {
        table(headers, rows.map { $0.map { Text(en: $0) } })
    }

    /// Draws a figure (see FigureSink). `zh` is the figure's caption (and alt text) on the Chinese page
    /// and in a Chinese run; the figure itself, axis labels included, is the same in both languages.
    public func figure(_ figure: Figure, zh caption: String? = nil) throws {
        let title = Text(en: figure.title, zh: caption)
        record(.figure(name: figure.name, title: title.en), .figure(name: figure.name, title: title.in(.zh)))
        for line in try figures.draw(figure, caption: title.in(language)) { terminal.notice(line) }
    }

    /// Draws a figure in two languages: `figure` for the English page, `chinese` (its own name, title
    /// and labels, a Chinese title being the Chinese page's caption) for the Chinese one. Both files
    /// are drawn, so that one run writes every figure its pages show.
    public func figure(_ figure: Figure, chinese: Figure) throws {
        record(.figure(name: figure.name, title: figure.title), .figure(name: chinese.name, title: chinese.title))
        let (shown, other) = language == .zh ? (chinese, figure) : (figure, chinese)
        for line in try figures.draw(shown, caption: shown.title) { terminal.notice(line) }
        _ = try figures.draw(other, caption: other.title)
    }

    /// Ends the chapter. Every chapter calls it last, after its final section.
    /// With --markdown (or --pages-dir) it also writes the chapter's Markdown pages.
    public func finish() throws {
        if options.writesPage {
            for path in try pages.write(blocks(in:)) { terminal.notice("  [page] \(path)") }
        }
        terminal.finish()
    }
}

/// `x` with exactly `decimals` digits after the point: fixed(0.99908894, 7) == "0.9990889".
public func fixed(_ x: Double, _ decimals: Int) -> String {
    let s = String(format: "%.\(decimals)f", x)
    return s.hasPrefix("-") && Double(s) == 0 ? String(s.dropFirst()) : s   // no "-0.000"
}

public func fixed(_ x: Float, _ decimals: Int) -> String { fixed(Double(x), decimals) }
