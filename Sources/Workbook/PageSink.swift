// PageSink: writes a chapter's recorded blocks as its Markdown pages, README.md and README.zh.md,
// beside the chapter's source (or into --pages-dir), with the code cut from the chapter's source and
// the package's files (MarkdownPage renders them).

import Engine
import Foundation

public struct PageSink {
    /// The chapter (or appendix) the pages belong to, and the path of its source file (where its code
    /// regions are marked).
    public let part: MarkdownPage.Part
    public let source: String
    /// Whether the chapter should be run from a release build (its page says `swift run -c release`).
    public let release: Bool
    /// The folder the pages go into; nil: beside the source.
    public let folder: String?

    public init(chapter: Int, source: String, release: Bool, folder: String?) {
        self.init(part: .chapter(chapter), source: source, release: release, folder: folder)
    }

    public init(part: MarkdownPage.Part, source: String, release: Bool, folder: String?) {
        self.part = part
        self.source = source
        self.release = release
        self.folder = folder
    }

    /// The page of `blocks` (recorded in `language`), with its code cut from `source`.
    public func render(_ blocks: [Notebook.Block], in language: Language) throws -> String {
        let text: String
        do {
            text = try String(contentsOfFile: source, encoding: .utf8)
        } catch {
            throw WorkbookError("cannot read the chapter's source \(source) to cut its code into the page. "
                + "Pages are written from a source checkout: run the chapter there, or leave out --markdown.")
        }
        let root = packageRoot
        return try MarkdownPage.render(blocks: blocks, part: part, source: text, sourcePath: source,
                                       neighbours: neighbours(), release: release, language: language) { file in
            let path = root.appendingPathComponent(file).path
            do {
                return try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw WorkbookError("cannot read \(path) to cut its code into the page: the chapter names a file "
                    + "that is not in the package. Correct the path given to nb.code(_:file:).")
            }
        }
    }

    /// Writes the page in every language through a temporary file and a rename each, so a reader
    /// never sees half a page. Every page is rendered before any is written, so a failure leaves
    /// none half-updated. Returns the pages' paths.
    public func write(_ blocks: (Language) -> [Notebook.Block]) throws -> [String] {
        let pages = try Language.allCases.map { ($0, try render(blocks($0), in: $0)) }
        let folder = folder ?? URL(fileURLWithPath: source).deletingLastPathComponent().path
        return try pages.map { language, page in
            let path = URL(fileURLWithPath: folder).appendingPathComponent(language.pageName).path
            try AtomicFile.write(Data(page.utf8), to: path, advice: "Pick another folder with --pages-dir.")
            return path
        }
    }

    /// The package's root folder: the chapter's source is Chapters/ChapterNN/ChapterNN.swift under it
    /// (an appendix's Chapters/AppendixX/AppendixX.swift).
    var packageRoot: URL {
        URL(fileURLWithPath: source).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The previous and next chapters that exist beside this one (Chapters/ChapterNN/ChapterNN.swift);
    /// an appendix comes after the last chapter.
    func neighbours() -> MarkdownPage.Neighbours {
        let chapters = URL(fileURLWithPath: source).deletingLastPathComponent().deletingLastPathComponent()
        func exists(_ number: Int) -> Int? {
            guard number >= 1 else { return nil }
            let name = MarkdownPage.chapterName(number)
            let file = chapters.appendingPathComponent(name).appendingPathComponent("\(name).swift").path
            return FileManager.default.fileExists(atPath: file) ? number : nil
        }
        switch part {
        case .chapter(let chapter):
            return MarkdownPage.Neighbours(previous: exists(chapter - 1), next: exists(chapter + 1))
        case .appendix:
            return MarkdownPage.Neighbours(previous: (1...99).reversed().lazy.compactMap(exists).first)
        }
    }
}
