// Notebook: the one way a chapter prints. Sections, narrative, results, tables and figures.
//
// A chapter never calls print() itself: it tells the notebook what it is showing, and the notebook
// decides how it looks. Everything is also kept as a list of blocks, so the same chapter can be
// rendered as a Markdown page without being rewritten (MarkdownPage.swift; --markdown writes it).

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
    public private(set) var blocks: [Block] = []
    private var sectionCount = 0
    private var warnedAboutGnuplot = false
    private let write: (String) -> Void

    /// - Parameters:
    ///   - source: the chapter's own source file. The default, `#filePath`, is filled in where the
    ///     chapter calls this, so a chapter passes nothing; its page is written beside that file.
    ///   - release: the chapter trains long enough to want a release build; its page says so.
    ///   - write: where text goes; standard output unless a test captures it.
    public init(chapter number: Int, title: String, options: ChapterOptions, release: Bool = false,
                source: String = #filePath, write: @escaping (String) -> Void = { print($0) }) {
        Notebook.openStandardDescriptors()
        self.options = options
        self.chapter = number
        self.source = source
        self.release = release
        self.write = write
        record(.title("Chapter \(number): \(title)"))
        let line = "Chapter \(number) · \(title)"
        write(String(repeating: "═", count: line.count + 4))
        write("  \(line)")
        write(String(repeating: "═", count: line.count + 4))
    }

    private func record(_ block: Block) { blocks.append(block) }

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
    public func section(_ title: String) {
        if sectionCount > 0 && options.step && isatty(STDIN_FILENO) == 1 {
            write("\n[Enter: next section]")
            _ = readLine()
        }
        sectionCount += 1
        record(.section(title))
        write("\n\(sectionCount). \(title)")
        write(String(repeating: "─", count: title.count + 3 + String(sectionCount).count))
    }

    /// A paragraph of narrative, wrapped for the terminal.
    public func text(_ paragraph: String) {
        if case .result = blocks.last { write("") }
        if case .output = blocks.last { write("") }
        record(.text(paragraph))
        write(Notebook.wrap(paragraph, width: 92))
        write("")
    }

    /// A named result: `σ(7) = 0.9990889`. A value that changes from run to run (a timing) is
    /// marked `stable: false`: it is printed, but a rendered page says so instead of showing it.
    public func result(_ label: String, _ value: String, stable: Bool = true) {
        record(.result(label: label, value: stable ? value : Notebook.varies))
        write("  \(label) = \(value)")
    }

    /// A result printed with a fixed number of decimals.
    public func result(_ label: String, _ value: Double, decimals: Int) {
        result(label, fixed(value, decimals))
    }

    public func result(_ label: String, _ value: Float, decimals: Int) {
        result(label, fixed(Double(value), decimals))
    }

    /// Free-form program output (a training log line). `page` is the same line without anything
    /// that changes from run to run (timings), for rendered pages; by default the line itself.
    public func output(_ line: String, page: String? = nil) {
        record(.output(page ?? line))
        write(line)
    }

    /// What a page shows in place of a value that changes from run to run.
    public static let varies = "(varies from run to run)"

    /// Marks where a region of source code belongs (rendered in Markdown pages): of the chapter's own
    /// source, or, with `file`, of a file of the package, given from its root
    /// (`nb.code("backward", file: "Sources/Engine/Network/Dense.swift")`), so a page can show the
    /// engine's code where the work happens there.
    public func code(_ region: String, file: String? = nil) { record(.code(region: region, file: file)) }

    /// A table with aligned columns.
    public func table(_ headers: [String], _ rows: [[String]]) {
        record(.table(headers: headers, rows: rows))
        let widths = headers.indices.map { c in ([headers[c]] + rows.map { c < $0.count ? $0[c] : "" }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            "  " + cells.enumerated().map { c, cell in
                cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        write(line(headers))
        write("  " + widths.map { String(repeating: "─", count: $0) }.joined(separator: "  "))
        for row in rows { write(line(row)) }
        write("")
    }

    /// Draws a figure: a PNG in the plots folder and, with --terminal-plots, a chart in the terminal.
    /// Without gnuplot the chapter goes on (saying once how to install it) unless --require-plots is set.
    public func figure(_ figure: Figure) throws {
        record(.figure(name: figure.name, title: figure.title))
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
            write("  [figure] \(path): \(figure.title)")
        }
        if options.terminalPlots {
            if figure.imageGrid != nil {
                write("  (an image figure: open the PNG to see it)")
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
            let path = try writePage()
            write("  [page] \(path)")
        }
        write("")
        write("End of chapter.")
    }

    /// The chapter as a Markdown page (see MarkdownPage), with its code cut from `source`.
    public func markdownPage() throws -> String {
        let text: String
        do {
            text = try String(contentsOfFile: source, encoding: .utf8)
        } catch {
            throw WorkbookError("cannot read the chapter's source \(source) to cut its code into the page. "
                + "Pages are written from a source checkout: run the chapter there, or leave out --markdown.")
        }
        let root = packageRoot
        return try MarkdownPage.render(blocks: blocks, chapter: chapter, source: text, sourcePath: source,
                                       neighbours: neighbours(), release: release) { file in
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
        return MarkdownPage.Neighbours(previous: exists(chapter - 1), next: exists(chapter + 1))
    }

    /// Writes README.md beside the source (or into --pages-dir) through a temporary file and a rename,
    /// so a reader never sees half a page. Returns the page's path.
    @discardableResult
    public func writePage() throws -> String {
        let page = try markdownPage()
        let folder = options.pagesDir ?? URL(fileURLWithPath: source).deletingLastPathComponent().path
        let path = URL(fileURLWithPath: folder).appendingPathComponent("README.md").path
        try AtomicFile.write(Data(page.utf8), to: path, advice: "Pick another folder with --pages-dir.")
        return path
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
