import Foundation
import Testing
import TestSupport
@testable import Workbook

/// The bilingual text of a chapter: Text's fallback, terminal columns, Chinese wrapping, and one run
/// recording both pages.
@Suite struct BilingualTests {
    @Test func textFallsBackToEnglish() {
        let both = Text(en: "bias", zh: "偏置"), english: Text = "cost \(1 + 1)"
        #expect(both.in(.en) == "bias" && both.in(.zh) == "偏置")
        #expect(english.en == "cost 2" && english.zh == nil && english.in(.zh) == "cost 2")
    }

    @Test func chineseCharactersTakeTwoColumns() {
        #expect(DisplayWidth.of("σ(7) = 0.99") == 11)
        #expect(DisplayWidth.of("偏置") == 4)
        #expect(DisplayWidth.of("（Float），") == 11)         // full-width brackets and comma: 2 each
        #expect(DisplayWidth.of("x̄") == 1)                    // a combining mark takes no column
        #expect(DisplayWidth.pad("类别", to: 6) == "类别  ")
    }

    @Test func chineseParagraphsWrapBetweenCharactersWithinTheWidth() {
        let paragraph = "每个神经元都把输入乘上权重，加上偏置，再经过激活函数。训练调整的正是这些权重和偏置。"
        let lines = DisplayWidth.wrap(paragraph, width: 20).split(separator: "\n").map(String.init)
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 20 })
        #expect(lines.joined() == paragraph)                  // nothing added, nothing lost
        for line in lines.dropFirst() {
            #expect(!DisplayWidth.noLineStart.contains(line.first!), "\(line)")
        }
    }

    @Test func closingPunctuationNeverStartsALineAndOpeningNeverEndsOne() {
        // At width 8 the "，" would fall at the start of the second line: the character before it comes along.
        let wrapped = DisplayWidth.wrap("一二三四，五六七八", width: 8)
        #expect(wrapped == "一二三\n四，五六\n七八")
        let opening = DisplayWidth.wrap("一二三（四五）六", width: 8)
        #expect(opening.split(separator: "\n").allSatisfy { $0.last != "（" && $0.first != "）" }, "\(opening)")
    }

    @Test func latinWordsStayWholeAndSpacesGoAtBreaks() {
        let wrapped = DisplayWidth.wrap("激活函数用 sigmoid 函数 σ(z) = 1 / (1 + e^(−z))。", width: 16)
        let lines = wrapped.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains("sigmoid") })
        #expect(lines.allSatisfy { !$0.hasPrefix(" ") && !$0.hasSuffix(" ") })
        #expect(lines.joined(separator: " ").replacingOccurrences(of: "  ", with: " ")
                    .filter { $0 != " " } == "激活函数用 sigmoid 函数 σ(z) = 1 / (1 + e^(−z))。".filter { $0 != " " })
    }

    /// A notebook with a translated section, an untranslated paragraph and a Chinese-only note.
    static func notebook(language: Language, lines: Box) throws -> Notebook {
        let nb = Notebook(chapter: 9, title: Text(en: "Testing", zh: "测试"),
                          options: try ChapterOptions.parse(["--no-plots", "--lang", language.rawValue]),
                          write: { lines.items.append($0) })
        nb.section(Text(en: "Costs", zh: "代价函数"))
        nb.text(Text(en: "The cost is small.", zh: "代价很小。"))
        nb.result(Text(en: "cost", zh: "代价"), "0.25")
        nb.chineseNote("笔记说损失会降到 0，其实不会。")
        nb.text("Only in English.")
        nb.table([Text(en: "class", zh: "类别"), "p"], [["0", "0.5"]])
        try nb.figure(Figure(name: "ch09-x", title: "A figure"), zh: "一幅图")
        return nb
    }

    final class Box {
        var items: [String] = []
    }

    @Test func oneRunRecordsBothLanguages() throws {
        let nb = try Self.notebook(language: .en, lines: Box())
        #expect(nb.blocks.contains(.section("Costs")) && nb.chineseBlocks.contains(.section("代价函数")))
        #expect(nb.blocks.contains(.result(label: "cost", value: "0.25")))
        #expect(nb.chineseBlocks.contains(.result(label: "代价", value: "0.25")))
        // The note is on the Chinese page only; an untranslated paragraph is English on both.
        #expect(!nb.blocks.contains(.text("笔记说损失会降到 0，其实不会。")))
        #expect(nb.chineseBlocks.contains(.text("笔记说损失会降到 0，其实不会。")))
        #expect(nb.chineseBlocks.contains(.text("Only in English.")))
        #expect(nb.chineseBlocks.contains(.figure(name: "ch09-x", title: "一幅图")))
        #expect(nb.chineseBlocks.contains(.table(headers: ["类别", "p"], rows: [["0", "0.5"]])))
    }

    @Test func theTerminalShowsTheChosenLanguageLinedUp() throws {
        let english = Box(), chinese = Box()
        _ = try Self.notebook(language: .en, lines: english)
        _ = try Self.notebook(language: .zh, lines: chinese)
        #expect(english.items.contains("  cost = 0.25") && !english.items.contains { $0.contains("笔记") })
        #expect(chinese.items.contains("  代价 = 0.25") && chinese.items.contains("笔记说损失会降到 0，其实不会。"))
        #expect(chinese.items.contains("  第 9 章 · 测试"))
        // Underlines and table rules are measured in columns: a heading's rule runs one column past
        // it, as in English.
        let heading = try #require(chinese.items.firstIndex(of: "\n1. 代价函数"))
        #expect(chinese.items[heading + 1] == String(repeating: "─", count: DisplayWidth.of("1. 代价函数") + 1))
        let header = try #require(chinese.items.firstIndex { $0.hasPrefix("  类别") })
        #expect(chinese.items[header] == "  类别  p" && chinese.items[header + 1] == "  ────  ───")
        #expect(chinese.items[header + 2] == "  0     0.5")
    }

    @Test func pagesLinkEachOtherAndNeighboursByLanguage() throws {
        let blocks: [Notebook.Block] = [.title("第 2 章　代价"), .section("一节"), .text("正文。")]
        let page = try MarkdownPage.render(blocks: blocks, chapter: 2, source: "", sourcePath: "Chapter02.swift",
                                           neighbours: .init(previous: 1, next: 3), language: .zh)
        #expect(page.hasPrefix("# 第 2 章　代价\n\n[English](README.md) | 中文\n"))
        #expect(page.contains("[← 第 1 章](../Chapter01/README.zh.md)"))
        #expect(page.contains("[第 3 章 →](../Chapter03/README.zh.md)"))
        #expect(page.contains("../../README.zh.md#各章通用的参数"))
        let english = try MarkdownPage.render(blocks: [.title("Chapter 2: Costs")], chapter: 2, source: "",
                                              sourcePath: "Chapter02.swift", neighbours: .init(previous: 1, next: 3))
        #expect(english.hasPrefix("# Chapter 2: Costs\n\nEnglish | [中文](README.zh.md)\n"))
        #expect(english.contains("[← Chapter 1](../Chapter01/README.md)") && english.contains("[Chapter 3 →](../Chapter03/README.md)"))
    }

    @Test func everyChapterWritesBothPages() throws {
        let folder = TemporaryFolder(), plain = TemporaryFolder()
        let source = folder.file("Chapter09.swift")
        try "// no regions\n".write(toFile: source, atomically: true, encoding: .utf8)
        let nb = Notebook(chapter: 9, title: Text(en: "Testing", zh: "测试"),
                          options: try ChapterOptions.parse(["--no-plots", "--pages-dir", folder.path]),
                          source: source, write: { _ in })
        nb.text(Text(en: "Hello.", zh: "你好。"))
        try nb.finish()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
                == ["Chapter09.swift", "README.md", "README.zh.md"])
        let zh = try String(contentsOfFile: folder.file("README.zh.md"), encoding: .utf8)
        #expect(zh.contains("你好。") && zh.contains("[English](README.md) | 中文"))
        let english = Notebook(chapter: 9, title: "Testing",
                               options: try ChapterOptions.parse(["--no-plots", "--pages-dir", plain.path]),
                               source: source, write: { _ in })
        english.text("Hello.")
        try english.finish()
        // A text without Chinese is shown in English on the Chinese page.
        #expect(try FileManager.default.contentsOfDirectory(atPath: plain.path).sorted() == ["README.md", "README.zh.md"])
        #expect(try String(contentsOfFile: plain.file("README.zh.md"), encoding: .utf8).contains("Hello."))
    }

    @Test func langRefusesALanguageItDoesNotHave() {
        let message = errorMessage { try ChapterOptions.parse(["--lang", "fr"]) }
        #expect(message?.contains("fr") == true)
    }
}
