import Foundation
import Testing
import TestSupport
import Workbook

/// Every translated chapter (its source gives Chinese text) has both pages, README.md and
/// README.zh.md, carrying the same numbers, current with the chapter's code; and `--lang zh` prints
/// the same results as English, under Chinese labels.
@Suite struct ChinesePagesTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The chapters whose source gives Chinese text, from the sources themselves.
    static var translated: [String] {
        let chapters = repository.appendingPathComponent("Chapters")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: chapters.path)) ?? []
        return names.filter { name in
            let source = chapters.appendingPathComponent("\(name)/\(name).swift")
            return (try? String(contentsOf: source, encoding: .utf8))?.contains("zh: \"") ?? false
        }.sorted()
    }

    /// The pieces of a page that must agree between the languages: every value printed as a result
    /// ("label = value" in a text block), every code block, and every table cell that holds a number.
    static func numbers(of page: String) -> [String] {
        var out: [String] = [], fence: String?
        for line in page.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("```") {
                fence = fence == nil ? String(line.dropFirst(3)) : nil
                continue
            }
            if fence == "text", let range = line.range(of: " = ", options: .backwards) {
                out.append(numbersIn(String(line[range.upperBound...])))
            } else if fence == "swift" {
                out.append(line)
            } else if fence == nil, line.hasPrefix("| "), !line.hasPrefix("|---") {
                out += line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { cell in cell.contains { $0.isNumber } && cell.allSatisfy { "0123456789.,-−+e()% ".contains($0) } }
            }
        }
        return out
    }

    /// The numbers in a printed value, in order: a value may hold words ("10 of 10", "10 个里有 10 个"),
    /// which differ between the languages, around numbers, which must not.
    static func numbersIn(_ value: String) -> String {
        // Digits 0–9 only: Chinese numerals (百, 个) are words here.
        value.split(whereSeparator: { !($0.isASCII && $0.isNumber || ".,e%−-+".contains($0)) })
            .filter { $0.contains(where: { $0.isASCII && $0.isNumber }) }
            .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ".,")) }
            .joined(separator: " ")
    }

    @Test func numbersInAWordedValueAreThoseOfTheEnglish() {
        #expect(Self.numbersIn("10 of 10") == Self.numbersIn("10 个里有 10 个"))
        #expect(Self.numbersIn("0.948 to 0.969") == "0.948 0.969")
        #expect(Self.numbersIn("−0.5, 1e-6 and 97.60%") == "−0.5 1e-6 97.60%")
        #expect(Self.numbersIn("9 of 10") != Self.numbersIn("10 个里有 10 个"))
        #expect(Self.numbersIn("0.53 points") == Self.numbersIn("0.53 个百分点"))
    }

    @Test func atLeastOneChapterIsTranslated() {
        #expect(Self.translated.contains("Chapter01"))
    }

    @Test func everyPageInChineseHasAChapterThatWritesIt() throws {
        let chapters = Self.repository.appendingPathComponent("Chapters")
        for name in try FileManager.default.contentsOfDirectory(atPath: chapters.path).sorted()
        where FileManager.default.fileExists(atPath: chapters.appendingPathComponent("\(name)/README.zh.md").path) {
            #expect(Self.translated.contains(name), "\(name)/README.zh.md is left over: its chapter has no Chinese text")
        }
    }

    /// The pages come from the chapter's run with its default settings, which the chapter's own tests
    /// read too (SharedRun): each chapter runs at full length once.
    @Test(arguments: translated) func bothPagesAreCurrentAndCarryTheSameNumbers(chapter: String) throws {
        let shared = try SharedRun.of(chapter)
        #expect(shared.run.status == 0, "\(shared.run.errors)")
        let english = try #require(shared.english), chinese = try #require(shared.chinese)
        // Current: the committed pages are what the chapter writes now.
        let committed = Self.repository.appendingPathComponent("Chapters/\(chapter)")
        #expect(try String(contentsOf: committed.appendingPathComponent("README.md"), encoding: .utf8) == english,
                "Chapters/\(chapter)/README.md is out of date: run scripts/regenerate")
        #expect(try String(contentsOf: committed.appendingPathComponent("README.zh.md"), encoding: .utf8) == chinese,
                "Chapters/\(chapter)/README.zh.md is out of date: run scripts/regenerate")
        // The same numbers, code and figures, and links to each other.
        let numbers = Self.numbers(of: english)
        #expect(!numbers.isEmpty)
        #expect(Self.numbers(of: chinese) == numbers)
        // A figure drawn in Chinese for the Chinese page (NAME.zh.png) stands for the English one (NAME.png).
        let figures = { (page: String) in page.split(separator: "\n").filter { $0.hasPrefix("![") }
            .map { $0[$0.range(of: "](")!.upperBound...].replacingOccurrences(of: ".zh.png)", with: ".png)") } }
        #expect(figures(chinese) == figures(english))
        #expect(english.contains("English | [中文](README.zh.md)"))
        #expect(chinese.contains("[English](README.md) | 中文"))
        // Translated: every section title is Chinese.
        let sections = chinese.split(separator: "\n").filter { $0.hasPrefix("## ") }
        #expect(!sections.isEmpty && sections.allSatisfy { $0.contains { DisplayWidth.of($0) == 2 } }, "\(sections)")
    }

    /// Settings that make a training chapter's run short, for a check that does not depend on how long
    /// it trains: the same flags in both languages. (The full-length run's results in Chinese are
    /// checked on its pages: bothPagesAreCurrentAndCarryTheSameNumbers.) Only where the pair of short
    /// runs costs much less than one more run at full length, the English one being shared: Chapter
    /// 08's pair takes about 4 s of processor time against 39 s; Chapter 06's would take 11 s against
    /// 13 s, so Chapter 06 runs in Chinese with its defaults.
    static let shortRuns: [String: [String]] = [
        "Chapter08": ["--epochs", "1", "--labels-per-class", "1", "--seeds", "1", "--pretrain-images", "1000",
                      "--pretrain-epochs", "1"],
    ]

    /// The English run is the chapter's shared run with its default settings (which the pages come
    /// from), or the shared run with its short settings.
    @Test(arguments: translated) func langZhPrintsTheSameResultsInChinese(chapter: String) throws {
        let flags = Self.shortRuns[chapter] ?? []
        let english = try SharedRun.of(chapter, flags).run
        let chinese = try SharedRun.of(chapter, flags + ["--lang", "zh"]).run
        #expect(chinese.status == 0, "\(chinese.errors)")
        // "  label = value"; table rows also start with two spaces, but have wider gaps between cells.
        let results = { (run: ProcessRun) in
            run.output.split(separator: "\n").filter { $0.hasPrefix("  ") && $0.contains(" = ") && !$0.dropFirst(2).contains("  ") }
                .map { (label: String($0.dropFirst(2).components(separatedBy: " = ").first!),
                        value: Self.numbersIn($0.components(separatedBy: " = ").last!)) }
        }
        // Results that change from run to run (timings) are those the English page does not show.
        let page = try String(contentsOf: Self.repository.appendingPathComponent("Chapters/\(chapter)/README.md"), encoding: .utf8)
        let varying = Set(page.split(separator: "\n").filter { $0.hasSuffix(" = \(Notebook.varies)") }
            .map { String($0.dropLast(Notebook.varies.count + 3)) })
        let inEnglish = results(english), inChinese = results(chinese)
        #expect(!inEnglish.isEmpty && inEnglish.count == inChinese.count)
        let steady = inEnglish.indices.filter { !varying.contains(inEnglish[$0].label) }
        #expect(steady.map { inChinese[$0].value } == steady.map { inEnglish[$0].value })
        let closing = chapter.hasPrefix("Appendix") ? ("本附录完。", "End of appendix.") : ("本章完。", "End of chapter.")
        #expect(chinese.output.contains(closing.0) && !chinese.output.contains(closing.1))
    }
}
