// Notebook: the one way a chapter prints. Sections, narrative, results, tables and figures.
//
// A chapter never calls print() itself: it tells the notebook what it is showing, and the notebook
// decides how it looks. Everything is also kept as a list of blocks, so the same chapter can be
// rendered as a Markdown page without being rewritten (MarkdownPage.swift; --markdown writes it).
//
// The chapter's words are `Text` values, English with Simplified Chinese beside it where the chapter
// has been translated. The terminal shows the language of --lang; the blocks are kept in both, so one
// run writes README.md and, for a chapter with Chinese text, README.zh.md with the same numbers.

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
    /// The chapter's number, and the path of its source file (where its code regions are marked).
    public let chapter: Int
    public let source: String
    /// Whether the chapter should be run from a release build (its page says `swift run -c release`).
    public let release: Bool
    /// The chapter as recorded, in English, and in Chinese (English wherever a text has no Chinese).
    public private(set) var blocks: [Block] = []
    public private(set) var chineseBlocks: [Block] = []
    /// Whether any of the chapter's text has Chinese: then it has a Chinese page too.
    public private(set) var hasChinese = false
    /// The language of the terminal output (--lang).
    public var language: Language { options.lang }
    private var sectionCount = 0
    private var warnedAboutGnuplot = false
    private let write: (String) -> Void

    /// - Parameters:
    ///   - source: the chapter's own source file. The default, `#filePath`, is filled in where the
    ///     chapter calls this, so a chapter passes nothing; its page is written beside that file.
    ///   - release: the chapter trains long enough to want a release build; its page says so.
    ///   - write: where text goes; standard output unless a test captures it.
    public init(chapter number: Int, title: Text, options: ChapterOptions, release: Bool = false,
                source: String = #filePath, write: @escaping (String) -> Void = { print($0) }) {
        Notebook.openStandardDescriptors()
        self.options = options
        self.chapter = number
        self.source = source
        self.release = release
        self.write = write
        record(.title("Chapter \(number): \(title.en)"), .title("第 \(number) 章　\(title.in(.zh))"), title)
        let line = language == .zh ? "第 \(number) 章 · \(title.in(.zh))" : "Chapter \(number) · \(title.en)"
        write(String(repeating: "═", count: DisplayWidth.of(line) + 4))
        write("  \(line)")
        write(String(repeating: "═", count: DisplayWidth.of(line) + 4))
        if language == .zh && title.zh == nil {
            write("  （本章尚未译成中文，以下为英文原文。）")
        }
    }

    private func record(_ block: Block) { record(block, block) }

    /// Records a block in both languages; `texts` are the chapter's words in it (for `hasChinese`).
    private func record(_ english: Block, _ chinese: Block, _ texts: Text...) { record(english, chinese, texts) }

    private func record(_ english: Block, _ chinese: Block, _ texts: [Text]) {
        blocks.append(english)
        chineseBlocks.append(chinese)
        if texts.contains(where: { $0.zh != nil }) { hasChinese = true }
    }

    /// The blocks of the page in `language`.
    public func blocks(in language: Language) -> [Block] { language == .zh ? chineseBlocks : blocks }

    /// Opens /dev/null onto any of descriptors 0, 1 and 2 that is closed (`Chapter01 >&-`), so that
    /// a file or pipe the chapter opens later never lands on standard output or error by accident.
    static func openStandardDescriptors() {
        for descriptor in Int32(0)...2 where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
            let opened = open("/dev/null", O_RDWR)     // the lowest free descriptor: this one
            if opened >= 0 && opened != descriptor {
                dup2(opened, descriptor)
                close(opened)
            }
        }
    }

    /// Starts a section. With --step, first waits for Enter (only on a terminal).
    public func section(_ title: Text) {
        if sectionCount > 0 && options.step && isatty(STDIN_FILENO) == 1 {
            write(language == .zh ? "\n[按回车键：下一节]" : "\n[Enter: next section]")
            _ = readLine()
        }
        sectionCount += 1
        record(.section(title.en), .section(title.in(.zh)), title)
        let shown = title.in(language)
        write("\n\(sectionCount). \(shown)")
        write(String(repeating: "─", count: DisplayWidth.of(shown) + 3 + String(sectionCount).count))
    }

    /// A paragraph of narrative, wrapped for the terminal.
    public func text(_ paragraph: Text) {
        if case .result = blocks(in: language).last { write("") }
        if case .output = blocks(in: language).last { write("") }
        record(.text(paragraph.en), .text(paragraph.in(.zh)), paragraph)
        switch language {
        case .en: write(Notebook.wrap(paragraph.en, width: Notebook.textWidth))
        case .zh: write(DisplayWidth.wrap(paragraph.in(.zh), width: Notebook.textWidth))
        }
        write("")
    }

    /// A paragraph in English only (a string the chapter has built).
    public func text(_ paragraph: String) { text(Text(en: paragraph)) }

    /// A paragraph for Chinese readers only: a note on the Chinese source notes where they are loose
    /// or mistaken, beside the idea it is about. The English page and an English run leave it out.
    public func chineseNote(_ paragraph: String) {
        if language == .zh {
            if case .result = chineseBlocks.last { write("") }
            if case .output = chineseBlocks.last { write("") }
        }
        chineseBlocks.append(.text(paragraph))
        hasChinese = true
        if language == .zh {
            write(DisplayWidth.wrap(paragraph, width: Notebook.textWidth))
            write("")
        }
    }

    /// The width paragraphs are wrapped to: the terminal's, up to 92 columns.
    static let textWidth: Int = terminalColumns.map { min(92, $0 - 2) } ?? 92

    /// The columns of the terminal the chapter prints to; nil when the output goes to a file or a pipe.
    static let terminalColumns: Int? = {
        var size = winsize()
        if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 {
            return Int(size.ws_col)
        }
        return nil
    }()

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
               .result(label: label.in(.zh), value: stable ? value.in(.zh) : Notebook.variesInChinese), label, value)
        write("  \(label.in(language)) = \(value.in(language))")
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
        let shown = page ?? line
        record(.output(shown.en), .output(shown.in(.zh)), line, shown)
        write(line.in(language))
    }

    /// What a page shows in place of a value that changes from run to run.
    public static let varies = "(varies from run to run)"
    public static let variesInChinese = "（每次运行都不同）"

    /// Marks where a region of source code belongs (rendered in Markdown pages): of the chapter's own
    /// source, or, with `file`, of a file of the package, given from its root
    /// (`nb.code("backward", file: "Sources/Engine/Network/Dense.swift")`), so a page can show the
    /// engine's code where the work happens there.
    public func code(_ region: String, file: String? = nil) { record(.code(region: region, file: file)) }

    /// A table with aligned columns.
    /// Columns are measured in terminal columns, so Chinese cells line up too.
    public func table(_ headers: [Text], _ rows: [[Text]]) {
        record(.table(headers: headers.map(\.en), rows: rows.map { $0.map(\.en) }),
               .table(headers: headers.map { $0.in(.zh) }, rows: rows.map { $0.map { $0.in(.zh) } }),
               headers + Array(rows.joined()))
        for line in TerminalTable.lines(headers: headers.map { $0.in(language) },
                                        rows: rows.map { $0.map { $0.in(language) } }, width: Notebook.terminalColumns) {
            write(line)
        }
        write("")
    }

    /// A table in English only.
    public func table(_ headers: [String], _ rows: [[String]]) {
        table(headers.map { Text(en: $0) }, rows.map { $0.map { Text(en: $0) } })
    }

    /// A table whose cells are the same in both languages (numbers), under headers that may differ.
    public func table(_ headers: [Text], _ rows: [[String]]) {
        table(headers, rows.map { $0.map { Text(en: $0) } })
    }

    /// Draws a figure: a PNG in the plots folder and, with --terminal-plots, a chart in the terminal.
    /// Without gnuplot the chapter goes on (saying once how to install it) unless --require-plots is set.
    /// `zh` is the figure's caption (and alt text) on the Chinese page and in a Chinese run; the
    /// figure itself, axis labels included, is the same in both languages.
    public func figure(_ figure: Figure, zh caption: String? = nil) throws {
        let title = Text(en: figure.title, zh: caption)
        record(.figure(name: figure.name, title: title.en), .figure(name: figure.name, title: title.in(.zh)), title)
        let wantsFile = !options.noPlots
        guard wantsFile || options.terminalPlots else { return }
        guard Gnuplot.executable() != nil else {
            if options.requirePlots { throw WorkbookError(Gnuplot.installHint) }
            if !warnedAboutGnuplot { write("  [figures skipped] \(Gnuplot.installHint)") }
            warnedAboutGnuplot = true
            return
        }
        if wantsFile {
            let path = try Gnuplot.renderPNG(figure, in: options.plotsDir)
            write("  [figure] \(path): \(title.in(language))")
        }
        if options.terminalPlots {
            if figure.imageGrid != nil {
                write(language == .zh ? "  （这是一幅图像，请打开 PNG 文件查看）" : "  (an image figure: open the PNG to see it)")
            } else {
                write(try Gnuplot.renderText(figure))
            }
        }
        write("")
    }

    /// Ends the chapter. Every chapter calls it last, after its final section.
    /// With --markdown (or --pages-dir) it also writes the chapter's Markdown page.
    public func finish() throws {
        if options.writesPage {
            for path in try writePages() { write("  [page] \(path)") }
        }
        write("")
        write(language == .zh ? "本章完。" : "End of chapter.")
    }

    /// The chapter as a Markdown page (see MarkdownPage), with its code cut from `source`.
    public func markdownPage(in language: Language = .en) throws -> String {
        let text: String
        do {
            text = try String(contentsOfFile: source, encoding: .utf8)
        } catch {
            throw WorkbookError("cannot read the chapter's source \(source) to cut its code into the page. "
                + "Pages are written from a source checkout: run the chapter there, or leave out --markdown.")
        }
        let root = packageRoot
        return try MarkdownPage.render(blocks: blocks(in: language), chapter: chapter, source: text, sourcePath: source,
                                       neighbours: neighbours(), release: release, language: language,
                                       hasTwin: hasChinese) { file in
            let path = root.appendingPathComponent(file).path
            do {
                return try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw WorkbookError("cannot read \(path) to cut its code into the page: the chapter names a file "
                    + "that is not in the package. Correct the path given to nb.code(_:file:).")
            }
        }
    }

    /// The package's root folder: the chapter's source is Chapters/ChapterNN/ChapterNN.swift under it.
    var packageRoot: URL {
        URL(fileURLWithPath: source).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The previous and next chapters that exist beside this one (Chapters/ChapterNN/ChapterNN.swift).
    func neighbours() -> MarkdownPage.Neighbours {
        let chapters = URL(fileURLWithPath: source).deletingLastPathComponent().deletingLastPathComponent()
        func exists(_ number: Int) -> Int? {
            guard number >= 1 else { return nil }
            let name = MarkdownPage.chapterName(number)
            let file = chapters.appendingPathComponent(name).appendingPathComponent("\(name).swift").path
            return FileManager.default.fileExists(atPath: file) ? number : nil
        }
        // A neighbour has a Chinese page when its source gives Chinese text (`zh:`).
        func translated(_ number: Int?) -> Bool {
            guard let number else { return false }
            let name = MarkdownPage.chapterName(number)
            let file = chapters.appendingPathComponent(name).appendingPathComponent("\(name).swift").path
            return (try? String(contentsOfFile: file, encoding: .utf8))?.contains("zh: \"") ?? false
        }
        let previous = exists(chapter - 1), next = exists(chapter + 1)
        return MarkdownPage.Neighbours(previous: previous, next: next,
                                       translated: Set([previous, next].compactMap { $0 }.filter(translated)))
    }

    /// Writes README.md beside the source (or into --pages-dir) through a temporary file and a rename,
    /// so a reader never sees half a page. Returns the page's path.
    @discardableResult
    public func writePage(in language: Language = .en) throws -> String {
        let page = try markdownPage(in: language)
        let folder = options.pagesDir ?? URL(fileURLWithPath: source).deletingLastPathComponent().path
        let path = URL(fileURLWithPath: folder).appendingPathComponent(language.pageName).path
        try AtomicFile.write(Data(page.utf8), to: path, advice: "Pick another folder with --pages-dir.")
        return path
    }

    /// Writes the chapter's pages: README.md, and README.zh.md when the chapter has Chinese text.
    /// Both are rendered before either is written, so a failure leaves neither half-updated.
    public func writePages() throws -> [String] {
        let languages: [Language] = hasChinese ? [.en, .zh] : [.en]
        for language in languages { _ = try markdownPage(in: language) }
        return try languages.map { try writePage(in: $0) }
    }

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

/// `x` with exactly `decimals` digits after the point: fixed(0.99908894, 7) == "0.9990889".
public func fixed(_ x: Double, _ decimals: Int) -> String {
    let s = String(format: "%.\(decimals)f", x)
    return s.hasPrefix("-") && Double(s) == 0 ? String(s.dropFirst()) : s   // no "-0.000"
}

public func fixed(_ x: Float, _ decimals: Int) -> String { fixed(Double(x), decimals) }
