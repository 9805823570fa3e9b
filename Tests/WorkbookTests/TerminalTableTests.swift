import Testing
@testable import Workbook

/// Tables in the terminal: columns line up in display columns, a table wider than the terminal is
/// narrowed with its cells wrapped, and one that cannot be narrowed readably becomes records.
@Suite struct TerminalTableTests {
    let headers = ["优化器", "更新规则", "默认值"]
    let rows = [["SGD", "w ← w − η·g", ""],
                ["AdaGrad", "h ← h + g²;  w ← w − η·g / (√h + ε)", "ε = 1e-7"],
                ["Adam", "m ← β₁·m + (1 − β₁)·g;  v ← β₂·v + (1 − β₂)·g²;  w ← w − η·M / (√V + ε)", "β₁ = 0.9, β₂ = 0.999"]]

    @Test func aTableThatFitsIsLaidOutAtItsNaturalWidths() {
        let lines = TerminalTable.lines(headers: ["类别", "n"], rows: [["T 恤", "6000"], ["包", "12"]])
        #expect(lines == ["  类别  n", "  ────  ────", "  T 恤  6000", "  包    12"])
    }

    @Test func aWideTableIsNarrowedToTheTerminalAndStillLinesUp() {
        let natural = TerminalTable.lines(headers: headers, rows: rows)
        #expect(natural.map(DisplayWidth.of).max()! > 80)
        let fitted = TerminalTable.lines(headers: headers, rows: rows, width: 80)
        #expect(fitted.allSatisfy { DisplayWidth.of($0) <= 80 }, "\(fitted)")
        #expect(fitted.count > natural.count)                      // Adam's rule takes more lines
        // Every column starts where its underline starts.
        let underline = fitted[1]
        let starts = underline.indices.filter { i in underline[i] == "─" && (i == underline.startIndex || underline[underline.index(before: i)] == " ") }
            .map { DisplayWidth.of(String(underline[..<$0])) }
        let adam = fitted.first { $0.hasPrefix("  Adam") }!
        #expect(starts.count == 3)
        #expect(DisplayWidth.of(String(adam[..<adam.range(of: "m ←")!.lowerBound])) == starts[1])
        // Nothing is lost: the words of Adam's rule are all there, in order.
        #expect(fitted.joined(separator: " ").split(separator: " ").joined(separator: " ")
                    .contains("m ← β₁·m + (1 − β₁)·g;"))
    }

    @Test func aTableWithALongLinkBecomesRecords() {
        let lines = TerminalTable.lines(headers: ["读物", "在哪里找"],
                                        rows: [["《动手学深度学习》", "https://d2l.ai/chapter_optimization/index.html"]], width: 50)
        #expect(lines == ["  读物      《动手学深度学习》", "  在哪里找  https://d2l.ai/chapter_optimization/index.html"])
    }

    @Test func narrowingTakesFromTheWidestColumnFirst() {
        #expect(TerminalTable.fitted([10, 40, 20], into: 60, minimums: [3, 5, 5]) == [10, 30, 20])
        #expect(TerminalTable.fitted([10, 40, 20], into: 50, minimums: [3, 5, 5]) == [10, 20, 20])
        #expect(TerminalTable.fitted([10, 40], into: 20, minimums: [3, 30]) == [8, 30])   // stops at the minimums
    }
}
