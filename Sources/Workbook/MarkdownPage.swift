// MarkdownPage: a chapter's notebook blocks rendered as a GitHub Markdown tutorial page.
//
// The page reads like the terminal run: a `#` title, a `##` heading per section, the narrative as
// paragraphs, the section's code as ```swift blocks cut from the chapter's own source file (between
// `// #region NAME` and `// #endregion`), printed results grouped into ```text blocks, tables as
// Markdown tables and figures as images linked relative to the page (`../../plots/NAME.png`).
// Rendering is a pure function of the blocks and the source text, so the same run gives the same bytes.

import Engine
import Foundation

public enum MarkdownPage {
    /// What a page belongs to: a numbered chapter (Chapters/Chapter03) or a lettered appendix
    /// (Chapters/AppendixA), whose folder, program and source file all carry its `name`.
    public enum Part: Equatable, Sendable {
        case chapter(Int)
        case appendix(Character)

        /// "Chapter03", "AppendixA".
        public var name: String {
            switch self {
            case .chapter(let number): chapterName(number)
            case .appendix(let letter): "Appendix\(letter)"
            }
        }

        /// "Chapter 3" or "第 3 章", "Appendix A" or "附录 A".
        public func label(_ language: Language) -> String {
            switch (self, language) {
            case (.chapter(let number), .en): "Chapter \(number)"
            case (.chapter(let number), .zh): "第 \(number) 章"
            case (.appendix(let letter), .en): "Appendix \(letter)"
            case (.appendix(let letter), .zh): "附录 \(letter)"
            }
        }

        /// What the page calls itself: "chapter" / "本章", "appendix" / "本附录".
        func this(_ language: Language) -> String {
            switch (self, language) {
            case (.chapter, .en): "chapter"
            case (.chapter, .zh): "本章"
            case (.appendix, .en): "appendix"
            case (.appendix, .zh): "本附录"
            }
        }
    }

    /// Where a page's neighbours are, for the "previous / next chapter" links (nil: no link).
    public struct Neighbours: Equatable, Sendable {
        public var previous: Int?
        public var next: Int?
        public init(previous: Int? = nil, next: Int? = nil) {
            self.previous = previous
            self.next = next
        }
    }

    /// The page for one chapter.
    /// - Parameters:
    ///   - blocks: what the chapter's notebook recorded, in order.
    ///   - chapter: the chapter number (for the run command and the links).
    ///   - source: the text of the chapter's source file, where the code regions are.
    ///   - sourcePath: that file's path, named in errors; the page itself only shows its file name.
    ///   - neighbours: the chapters to link as previous and next.
    ///   - release: the page's run command builds in release mode (`swift run -c release`).
    ///   - language: the language of the page's own words (its blocks are already in it). Every
    ///     chapter has a page in each language, and each links to the other at the top.
    ///   - packageFile: the text of a package file named by a `code` block (a path from the package root).
    /// - Throws: a `WorkbookError` naming the region and the file when a `code` block names a region
    ///   the source does not mark.
    public static func render(blocks: [Notebook.Block], chapter: Int, source: String, sourcePath: String,
                              neighbours: Neighbours = Neighbours(), release: Bool = false,
                              language: Language = .en,
                              packageFile: (String) throws -> String = { file in
                                  throw WorkbookError("no package file \(file) is available to this page")
                              }) throws -> String {
        try render(blocks: blocks, part: .chapter(chapter), source: source, sourcePath: sourcePath,
                   neighbours: neighbours, release: release, language: language, packageFile: packageFile)
    }

    /// The page for one chapter or appendix (`part`); the other arguments as for a chapter's.
    public static func render(blocks: [Notebook.Block], part: Part, source: String, sourcePath: String,
                              neighbours: Neighbours = Neighbours(), release: Bool = false,
                              language: Language = .en,
                              packageFile: (String) throws -> String = { file in
                                  throw WorkbookError("no package file \(file) is available to this page")
                              }) throws -> String {
        let name = part.name
        let fileName = (sourcePath as NSString).lastPathComponent
        var parts: [String] = []            // each part is one Markdown block; joined by blank lines
        var pendingOutput: [String] = []    // consecutive results and outputs, shown as one text block
        var shownRegions: Set<String> = []      // "file#region", file empty for the chapter's own
        var lastCode: String?               // the code of the part just added, if it was code
        var lastFileCode: (file: String, code: String)?   // the same, for code of another file
        var sectionNumber = 0

        func flushOutput() {
            guard !pendingOutput.isEmpty else { return }
            parts.append(fenced(pendingOutput.joined(separator: "\n"), language: "text"))
            pendingOutput = []
            lastCode = nil
            lastFileCode = nil
        }

        for block in blocks {
            switch block {
            case .result(let label, let value):
                pendingOutput.append("\(label) = \(value)")
                continue
            case .output(let line):
                pendingOutput.append(line)
                continue
            case .code(let region, let file) where shownRegions.contains("\(file ?? "")#\(region)"):
                // A region marked inside a loop is shown once, where it is first marked; the results
                // printed around its later marks stay together.
                continue
            default:
                flushOutput()
            }
            switch block {
            case .title(let title):
                parts.append("# \(inline(title))")
                parts.append(languageLinks(language))
                parts.append(intro(part: part, fileName: fileName, neighbours: neighbours,
                                   release: release, language: language))
                parts.append(language == .zh
                    ? "<!-- 由 `\(name) --markdown`（scripts/regenerate）根据 \(fileName) 生成：请修改章节源码，不要手工编辑本页。 -->"
                    : "<!-- Generated by `\(name) --markdown` (scripts/regenerate) from \(fileName): "
                    + "edit the \(part.this(.en)), not this page. -->")
            case .section(let title):
                sectionNumber += 1
                parts.append("## \(sectionNumber). \(inline(title))")
            case .text(let paragraph):
                parts.append(prose(paragraph))
            case .code(let region, nil):
                shownRegions.insert("#\(region)")
                var code = try SourceRegion.extract(region, from: source, path: sourcePath)
                if let previous = lastCode {        // regions shown one after another share a block
                    parts.removeLast()
                    code = previous + "\n\n" + code
                }
                parts.append(fenced(code, language: "swift"))
                lastCode = code
                lastFileCode = nil
                continue
            case .code(let region, let file?):
                // Code of another file of the package (the engine's own, or another file of the
                // chapter), with the file it comes from, linked from the page.
                shownRegions.insert("\(file)#\(region)")
                var code = try SourceRegion.extract(region, from: try packageFile(file), path: file)
                if let previous = lastFileCode, previous.file == file {   // regions of one file shown one after another share a block
                    parts.removeLast()
                    code = previous.code + "\n\n" + code
                } else {
                    let name = (file as NSString).lastPathComponent
                    let link = "[\(inline(name))](../../\(file))"
                    let engine = file.hasPrefix("Sources/Engine/") || file.hasPrefix("Sources/CMatrixKernel/")
                    switch language {
                    case .en: parts.append("From \(link)\(engine ? ", the engine's own code:" : ":")")
                    case .zh: parts.append("摘自\(engine ? "引擎自己的代码 " : " ")\(link)：")
                    }
                }
                let isC = [".c", ".h", ".inc"].contains { file.hasSuffix($0) }
                parts.append(fenced(code, language: isC ? "c" : "swift"))
                lastCode = nil
                lastFileCode = (file, code)
                continue
            case .table(let headers, let rows):
                parts.append(table(headers, rows))
            case .figure(let figureName, let title):
                parts.append("![\(inline(title))](../../plots/\(figureName).png)")
            case .result, .output:
                break
            }
            lastCode = nil
            lastFileCode = nil
        }
        flushOutput()
        if neighbours.previous != nil || neighbours.next != nil {
            parts.append("---")
            parts.append(navigation(neighbours, language: language))
        }
        return parts.joined(separator: "\n\n") + "\n"
    }

    /// "Chapter03" for 3.
    public static func chapterName(_ number: Int) -> String {
        number < 10 ? "Chapter0\(number)" : "Chapter\(number)"
    }

    // MARK: - Pieces of the page

    static func intro(part: Part, fileName: String, neighbours: Neighbours,
                      release: Bool = false, language: Language = .en) -> String {
        let name = part.name
        if language == .zh {
            let this = part.this(.zh)
            var line = "运行\(this)：`swift run \(release ? "-c release " : "")\(name)`（各章通用的参数见"
                + "[中文版 README](../../README.zh.md#各章通用的参数)；加 `--lang zh` 即在终端以中文输出）。"
                + "\(this)代码在 [\(fileName)](\(fileName))，本页展示它运行时的输出。"
            if neighbours.previous != nil || neighbours.next != nil {
                line += "\\\n" + navigation(neighbours, language: language)
            }
            return line
        }
        var line = "Run this \(part.this(.en)) with `swift run \(release ? "-c release " : "")\(name)` (the flags are listed in the "
            + "[workbook's README](../../README.md#flags-every-chapter-takes)). "
            + "Its code is [\(fileName)](\(fileName)); this page shows what it prints."
        if neighbours.previous != nil || neighbours.next != nil { line += "\\\n" + navigation(neighbours) }
        return line
    }

    /// "English | 中文" at the top of a chapter that has both pages, linking to the other one.
    static func languageLinks(_ language: Language) -> String {
        switch language {
        case .en: "English | [中文](README.zh.md)"
        case .zh: "[English](README.md) | 中文"
        }
    }

    static func navigation(_ neighbours: Neighbours, language: Language = .en) -> String {
        if language == .zh {
            var links: [String] = []
            if let previous = neighbours.previous {
                links.append("[← 第 \(previous) 章](../\(chapterName(previous))/README.zh.md)")
            }
            links.append("[全部章节](../../README.zh.md#章节)")
            links.append("[术语表](../../docs/术语表.md)")
            if let next = neighbours.next { links.append("[第 \(next) 章 →](../\(chapterName(next))/README.zh.md)") }
            return links.joined(separator: " · ")
        }
        var links: [String] = []
        if let previous = neighbours.previous {
            links.append("[← Chapter \(previous)](../\(chapterName(previous))/README.md)")
        }
        links.append("[All chapters](../../README.md#the-chapters)")
        links.append("[Glossary and notation](../../docs/glossary.md)")
        if let next = neighbours.next {
            links.append("[Chapter \(next) →](../\(chapterName(next))/README.md)")
        }
        return links.joined(separator: " · ")
    }

    /// A fenced block, with a fence longer than any run of backticks inside it.
    static func fenced(_ body: String, language: String) -> String {
        var longest = 0, run = 0
        for character in body {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return "\(fence)\(language)\n\(body)\n\(fence)"
    }

    /// A paragraph of narrative. Explicit line breaks stay line breaks (a trailing backslash).
    static func prose(_ paragraph: String) -> String {
        paragraph.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in
                var escaped = inline(String(line))
                // Characters that would start a heading, quote, list or rule at the beginning of a line.
                if let first = escaped.first, "#>-+=".contains(first) { escaped = "\\" + escaped }
                // "1. " or "1) " at the start of a line would begin a numbered list.
                let digits = escaped.prefix { $0.isASCII && $0.isNumber }
                if !digits.isEmpty, let mark = escaped.dropFirst(digits.count).first, mark == "." || mark == ")" {
                    escaped = String(digits) + "\\" + String(escaped.dropFirst(digits.count))
                }
                return escaped
            }
            .joined(separator: "\\\n")
    }

    /// Text that Markdown must show literally: emphasis, code, link and HTML characters are escaped.
    /// An underscore inside a word (y_pred) needs no escape on GitHub and keeps the source readable.
    static func inline(_ text: String) -> String {
        let characters = Array(text)
        var out = ""
        for (i, character) in characters.enumerated() {
            switch character {
            case "\\", "`", "*", "[", "]", "|", "~":
                out += "\\\(character)"
            case "<":   // only where it could open an HTML tag: "0 < η" stays as it is
                let next = i + 1 < characters.count ? characters[i + 1] : " "
                out += next.isLetter || "/!?".contains(next) ? "\\<" : "<"
            case "_":
                let before = i > 0 && (characters[i - 1].isLetter || characters[i - 1].isNumber)
                let after = i + 1 < characters.count && (characters[i + 1].isLetter || characters[i + 1].isNumber)
                out += before && after ? "_" : "\\_"
            default:
                out.append(character)
            }
        }
        return out
    }

    static func table(_ headers: [String], _ rows: [[String]]) -> String {
        func line(_ cells: [String]) -> String {
            let padded = cells + Array(repeating: "", count: max(0, headers.count - cells.count))
            return "| " + padded.map(inline).joined(separator: " | ") + " |"
        }
        return ([line(headers), "|" + headers.map { _ in "---|" }.joined()] + rows.map(line))
            .joined(separator: "\n")
    }
}

/// The code between `// #region NAME` and `// #endregion` in a chapter's source, de-indented.
public enum SourceRegion {
    public static func extract(_ name: String, from source: String, path: String) throws -> String {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let marker = "// #region \(name)"
        let starts = lines.indices.filter { lines[$0].trimmingCharacters(in: .whitespaces) == marker }
        guard let start = starts.first else {
            throw WorkbookError("\(path) has no code region '\(name)': the chapter calls nb.code(\"\(name)\") "
                + "but its source marks no '// #region \(name)' … '// #endregion'. "
                + "Put those two comment lines around the code the page should show, or correct the name.")
        }
        guard starts.count == 1 else {
            throw WorkbookError("\(path) marks the code region '\(name)' \(starts.count) times "
                + "(lines \(starts.map { String($0 + 1) }.joined(separator: ", "))): give each region its own name.")
        }
        // The matching #endregion: regions may nest, so count the openings on the way.
        var depth = 0, end: Int?
        for i in (start + 1)..<lines.count {
            let trimmed = lines[i].trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("// #region ") { depth += 1 }
            if trimmed == "// #endregion" {
                if depth == 0 { end = i; break }
                depth -= 1
            }
        }
        guard let end else {
            throw WorkbookError("\(path): the code region '\(name)' opened on line \(start + 1) is never closed. "
                + "Add a '// #endregion' line after its last line of code.")
        }
        // The body without nested markers, trailing spaces and surrounding blank lines.
        var body = lines[(start + 1)..<end]
            .filter { line in
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                return !trimmed.hasPrefix("// #region ") && trimmed != "// #endregion"
            }
            .map { line -> String in
                var line = line
                while line.last == " " || line.last == "\t" { line.removeLast() }
                return line
            }
        while body.first?.isEmpty == true { body.removeFirst() }
        while body.last?.isEmpty == true { body.removeLast() }
        guard !body.isEmpty else {
            throw WorkbookError("\(path): the code region '\(name)' (line \(start + 1)) is empty: "
                + "put the code the page should show between its markers.")
        }
        let indent = body.filter { !$0.isEmpty }.map { $0.prefix { $0 == " " || $0 == "\t" }.count }.min() ?? 0
        return body.map { $0.isEmpty ? $0 : String($0.dropFirst(indent)) }.joined(separator: "\n")
    }
}
