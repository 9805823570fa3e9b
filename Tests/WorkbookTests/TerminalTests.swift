import Testing
@testable import Workbook

/// The terminal consumes the blocks a chapter records, one at a time, in the reader's language.
@Suite struct TerminalTests {
    @Test func blocksAreShownAsTheyComeWithSectionsNumberedAndCodeLeftOut() {
        var lines: [String] = []
        let terminal = Terminal(language: .en, write: { lines.append($0) })
        terminal.show(.title("Chapter 9 · Testing"))
        terminal.show(.section("Adding"))
        terminal.show(.code(region: "add", file: nil))
        terminal.show(.result(label: "a", value: "1"))
        terminal.show(.text("After a result, a blank line."))
        terminal.show(.figure(name: "ch09-x", title: "A figure"))
        terminal.show(.text("After a figure, none."))
        terminal.show(.section("Next"))
        terminal.finish()
        #expect(lines == [
            "═══════════════════════", "  Chapter 9 · Testing", "═══════════════════════",
            "\n1. Adding", "──────────",
            "  a = 1",
            "", "After a result, a blank line.", "",
            "After a figure, none.", "",
            "\n2. Next", "────────",
            "", "End of chapter.",
        ])
    }
}
