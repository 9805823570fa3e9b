import Foundation
import Testing
@testable import Engine
import TestSupport
@testable import Workbook

/// A chapter rendered as a Markdown page: sections, the source's own code regions, results and figures.
@Suite struct MarkdownPageTests {
    /// A small chapter source with two regions, the way a chapter marks them.
    static let source = """
        func run(_ nb: Notebook) {
            nb.code("add")
            // #region add
            let a = 1
            let b = a + 1   // b = 2
            // #endregion
            for _ in 0..<3 {
                nb.code("loop")
                // #region loop
                    step()
                // #endregion
            }
        }
        """

    /// Where the sources live while the tests run (removed when the process ends).
    static let sources = TemporaryFolder()

    /// Writes `text` to a temporary chapter source file and returns its path.
    static func sourceFile(_ text: String = source) throws -> String {
        let dir = sources.file(UUID().uuidString)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/Chapter09.swift"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A notebook that shows one of everything, as a chapter would.
    static func notebook(source: String, options: ChapterOptions? = nil) throws -> Notebook {
        let nb = Notebook(chapter: 9, title: "Testing pages", options: try options ?? ChapterOptions.parse(["--no-plots"]),
                          source: source, write: { _ in })
        nb.section("Adding: a + 1")
        nb.text("We add *one* to a; see [the code] below.")
        nb.code("add")
        nb.result("a", "1")
        nb.result("b", "2")
        nb.output("epoch 1  loss 0.5  (12 ms)", page: "epoch 1  loss 0.5")
        nb.result("time per epoch", "12 ms", stable: false)
        nb.table(["x", "a | b"], [["1", "2"], ["3", "4"]])
        try nb.figure(Figure(name: "ch09-test", title: "A test figure", xLabel: "x", yLabel: "y"))
        nb.section("Looping")
        for _ in 0..<3 { nb.code("loop") }
        nb.text("Done.")
        return nb
    }

    @Test func pageHasTitleSectionsCodeResultsTablesAndFigures() throws {
        let path = try Self.sourceFile()
        let page = try Self.notebook(source: path).markdownPage()
        #expect(page.hasPrefix("# Chapter 9: Testing pages\n"))
        #expect(page.contains("`swift run Chapter09`"))
        #expect(page.contains("(../../README.md"))
        #expect(page.contains("\n## 1. Adding: a + 1\n"))
        #expect(page.contains("\n## 2. Looping\n"))
        #expect(page.contains("We add \\*one\\* to a; see \\[the code\\] below."))
        // The region's real source text, de-indented, between the markers (which are not shown).
        #expect(page.contains("```swift\nlet a = 1\nlet b = a + 1   // b = 2\n```"))
        #expect(!page.contains("#region") && !page.contains("#endregion"))
        // Consecutive results and outputs form one text block, with run-dependent values replaced.
        #expect(page.contains("```text\na = 1\nb = 2\nepoch 1  loss 0.5\ntime per epoch = \(Notebook.varies)\n```"))
        #expect(!page.contains("12 ms"))
        #expect(page.contains("| x | a \\| b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |"))
        #expect(page.contains("![A test figure](../../plots/ch09-test.png)"))
        // A region marked inside a loop is shown once.
        #expect(page.components(separatedBy: "step()").count == 2)
        // Narrative, code, result, figure: in the order the chapter showed them.
        let order = ["## 1.", "We add", "```swift", "```text", "| x |", "![A test figure]", "## 2.", "step()", "Done."]
        let positions = order.map { page.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        // Nothing that depends on where the files are.
        #expect(!page.contains(path))
        #expect(!page.contains(NSTemporaryDirectory()))
    }

    @Test func renderingIsDeterministic() throws {
        let path = try Self.sourceFile()
        let first = try Self.notebook(source: path)
        let second = try Self.notebook(source: path)
        let page = try first.markdownPage()
        #expect(try first.markdownPage() == page)
        #expect(try second.markdownPage() == page)
        #expect(Data(page.utf8) == Data(try second.markdownPage().utf8))
    }

    @Test func missingRegionIsAnErrorNamingTheRegionAndTheFile() throws {
        let path = try Self.sourceFile()
        let nb = try Self.notebook(source: path)
        nb.code("no-such-region")
        let error = #expect(throws: WorkbookError.self) { try nb.markdownPage() }
        #expect(error?.message.en.contains("'no-such-region'") == true)
        #expect(error?.message.en.contains(path) == true)
        #expect(error?.message.en.contains("// #region no-such-region") == true)
    }

    @Test func unclosedOrRepeatedRegionsAreErrors() throws {
        let unclosed = "// #region open\nlet x = 1\n"
        let error = #expect(throws: WorkbookError.self) {
            try SourceRegion.extract("open", from: unclosed, path: "Chapter09.swift")
        }
        #expect(error?.message.en.contains("never closed") == true)
        let twice = "// #region a\nx\n// #endregion\n// #region a\ny\n// #endregion\n"
        #expect(throws: WorkbookError.self) { try SourceRegion.extract("a", from: twice, path: "Chapter09.swift") }
    }

    @Test func regionsMayNestAndKeepRelativeIndentation() throws {
        let text = """
                // #region outer
                if ok {
                    // #region inner
                    go()
                    // #endregion
                }
                // #endregion
            """
        #expect(try SourceRegion.extract("outer", from: text, path: "x.swift") == "if ok {\n    go()\n}")
        #expect(try SourceRegion.extract("inner", from: text, path: "x.swift") == "go()")
    }

    @Test func pageIsWrittenAtomicallyIntoThePagesFolder() throws {
        let path = try Self.sourceFile()
        let pagesFolder = TemporaryFolder()
        let pages = pagesFolder.path
        let nb = try Self.notebook(source: path, options: ChapterOptions.parse(["--no-plots", "--pages-dir", pages]))
        try nb.finish()
        let written = try String(contentsOfFile: pages + "/README.md", encoding: .utf8)
        #expect(written == (try nb.markdownPage()))
        #expect(try FileManager.default.contentsOfDirectory(atPath: pages).sorted() == ["README.md", "README.zh.md"])   // no temporary file left
        // Without --pages-dir the page goes beside the source.
        let beside = try Self.notebook(source: path, options: ChapterOptions.parse(["--no-plots", "--markdown"]))
        try beside.finish()
        #expect(FileManager.default.fileExists(atPath: (path as NSString).deletingLastPathComponent + "/README.md"))
    }

    @Test func repeatedMarksKeepResultsTogetherAndAdjacentRegionsShareABlock() throws {
        let blocks: [Notebook.Block] = [
            .title("Chapter 9: Loops"), .section("Walks"),
            .code(region: "add", file: nil), .code(region: "loop", file: nil),
            .code(region: "loop", file: nil), .result(label: "first", value: "1"),
            .code(region: "loop", file: nil), .result(label: "second", value: "2"),
        ]
        let page = try MarkdownPage.render(blocks: blocks, chapter: 9, source: Self.source, sourcePath: "Chapter09.swift")
        #expect(page.contains("```swift\nlet a = 1\nlet b = a + 1   // b = 2\n\nstep()\n```"))
        #expect(page.contains("```text\nfirst = 1\nsecond = 2\n```"))
    }

    @Test func engineRegionsAreShownWithTheFileTheyComeFrom() throws {
        let engineFile = "Sources/Engine/Network/Toy.swift"
        let engineSource = """
            func backward() {
                // #region backward
                let dX = dY * w
                // #endregion
            }
            """
        let blocks: [Notebook.Block] = [
            .title("Chapter 9: Engine code"), .section("Backward"),
            .code(region: "add", file: nil), .code(region: "backward", file: engineFile),
            .code(region: "backward", file: engineFile),
        ]
        var asked: [String] = []
        let page = try MarkdownPage.render(blocks: blocks, chapter: 9, source: Self.source, sourcePath: "Chapter09.swift") {
            asked.append($0)
            return engineSource
        }
        #expect(asked == [engineFile])       // shown once, where it is first marked
        #expect(page.contains("From [Toy.swift](../../Sources/Engine/Network/Toy.swift), the engine's own code:\n\n"
            + "```swift\nlet dX = dY * w\n```"))
        // The chapter's own region stays a block of its own, before it.
        #expect(page.contains("```swift\nlet a = 1\nlet b = a + 1   // b = 2\n```\n\nFrom [Toy.swift]"))
        // Another file of the chapter's folder is named and linked, but not called the engine's.
        let chapterFile = "Chapters/Chapter09/Toy.swift"
        let own = try MarkdownPage.render(blocks: [.title("Chapter 9: x"), .code(region: "backward", file: chapterFile)],
                                          chapter: 9, source: Self.source, sourcePath: "Chapter09.swift") { _ in engineSource }
        #expect(own.contains("From [Toy.swift](../../Chapters/Chapter09/Toy.swift):\n\n```swift\nlet dX = dY * w\n```"))
        #expect(!own.contains("engine's own code"))
        // A chapter that wants a release build says so in its run command.
        let release = try MarkdownPage.render(blocks: [.title("Chapter 9: x")], chapter: 9, source: Self.source,
                                              sourcePath: "Chapter09.swift", release: true)
        #expect(release.contains("Run this chapter with `swift run -c release Chapter09`"))
        // A region the engine file does not mark is an error that names the file.
        let missing: [Notebook.Block] = [.title("Chapter 9: x"), .code(region: "forward", file: engineFile)]
        #expect {
            try MarkdownPage.render(blocks: missing, chapter: 9, source: Self.source, sourcePath: "Chapter09.swift") { _ in
                engineSource
            }
        } throws: { error in
            let message = (error as? WorkbookError)?.message.en ?? ""
            return message.contains(engineFile) && message.contains("forward")
        }
    }

    @Test func narrativeCannotStartMarkdownBlocks() {
        #expect(MarkdownPage.prose("# not a heading") == "\\# not a heading")
        #expect(MarkdownPage.prose("1. not a list") == "1\\. not a list")
        #expect(MarkdownPage.prose("y_pred and _x_") == "y_pred and \\_x\\_")
        #expect(MarkdownPage.prose("one\ntwo") == "one\\\ntwo")
        #expect(MarkdownPage.prose("0 < η < 1, <b>") == "0 < η < 1, \\<b>")
    }

    /// The repository's root, from this file's path.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test func chapter01WritesItsPageFromItsOwnSource() throws {
        let pagesAFolder = TemporaryFolder(), pagesBFolder = TemporaryFolder()
        let pagesA = pagesAFolder.path, pagesB = pagesBFolder.path
        let first = try ChapterRunner.run("Chapter01", ["--no-plots", "--markdown", "--pages-dir", pagesA])
        let second = try ChapterRunner.run("Chapter01", ["--no-plots", "--markdown", "--pages-dir", pagesB])
        #expect(first.status == 0, "\(first.errors)")
        #expect(second.status == 0, "\(second.errors)")
        let page = try Data(contentsOf: URL(fileURLWithPath: pagesA + "/README.md"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: pagesB + "/README.md")) == page)
        let text = String(decoding: page, as: UTF8.self)
        #expect(text.hasPrefix("# Chapter 1: Neurons\n"))
        #expect(text.contains("`swift run Chapter01`"))
        #expect(text.contains("## 1. A neuron: w·x + b through an activation"))
        #expect(text.contains("## 5. A 2-2-1 network: feed-forward"))
        // The code block is the region as it stands in Chapter01.swift.
        let source = try String(contentsOf: Self.repository.appendingPathComponent("Chapters/Chapter01/Chapter01.swift"),
                                encoding: .utf8)
        let neuron = try SourceRegion.extract("neuron", from: source, path: "Chapter01.swift")
        #expect(neuron.contains("let y = sigmoid(total)"))
        #expect(text.contains("```swift\n\(neuron)\n```"))
        #expect(text.contains("```text\nw·x + b = 7.0\nσ(7) = 0.9990889\n```"))
        #expect(text.contains("![Activation functions](../../plots/ch01-activations.png)"))
        #expect(text.contains("[Chapter 2 →](../Chapter02/README.md)"))
        #expect(!text.contains(pagesA) && !text.contains(Self.repository.path))
    }

    @Test(arguments: 1...5) func everyChapterRendersItsPage(chapter: Int) throws {
        let pagesFolder = TemporaryFolder()
        let pages = pagesFolder.path
        let name = MarkdownPage.chapterName(chapter)
        let run = try ChapterRunner.run(name, ["--no-plots", "--pages-dir", pages])
        #expect(run.status == 0, "\(run.errors)")
        let page = try String(contentsOfFile: pages + "/README.md", encoding: .utf8)
        #expect(page.hasPrefix("# Chapter \(chapter): "))
        #expect(page.contains("## 1. ") && page.contains("```swift\n") && page.contains("```text\n"))
        #expect(!page.contains(Self.repository.path) && !page.contains(pages))
    }
}

extension Notebook {
    /// The page the notebook's page sink renders from its blocks in `language`.
    func markdownPage(in language: Language = .en) throws -> String {
        try pages.render(blocks(in: language), in: language)
    }
}
