// TerminalTable: a table laid out for the terminal, in display columns (a Chinese character takes
// two), and fitted to the terminal's width: when the table is wider, its widest columns are narrowed
// and their cells wrap onto more lines, so every column still lines up.

public enum TerminalTable {
    /// The lines of the table (headers, an underline, rows), each starting with two spaces. With a
    /// `width`, the table is fitted into that many columns where its words allow.
    public static func lines(headers: [String], rows: [[String]], width: Int? = nil) -> [String] {
        let columns = headers.count
        let table = [headers] + rows.map { row in (0..<columns).map { $0 < row.count ? row[$0] : "" } }
        var widths = (0..<columns).map { c in table.map { DisplayWidth.of($0[c]) }.max() ?? 0 }
        if let width {
            // A column is never narrower than its widest unbreakable piece (a word, a number, a link).
            let minimums = (0..<columns).map { c in
                table.flatMap { DisplayWidth.wrap($0[c], width: 1).split(separator: "\n") }
                    .map { DisplayWidth.of(String($0)) }.max() ?? 0
            }
            let natural = widths
            widths = fitted(widths, into: width - 2 - 2 * (columns - 1), minimums: minimums)
            // Too wide to fit with readable columns (a long link, say): one record per row instead.
            if widths.reduce(0, +) > width - 2 - 2 * (columns - 1)
                || widths.indices.contains(where: { widths[$0] < min(natural[$0], readable) }) {
                return records(headers: headers, rows: Array(table.dropFirst()), width: width)
            }
        }
        // Wrap every cell to its column; a word wider than its column widens the column.
        let wrapped = table.map { row in
            row.enumerated().map { c, cell in
                DisplayWidth.wrap(cell, width: max(1, widths[c])).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            }
        }
        for c in 0..<columns {
            widths[c] = wrapped.flatMap { $0[c] }.map(DisplayWidth.of).max() ?? 0
        }
        func render(_ cells: [[String]]) -> [String] {
            (0..<(cells.map(\.count).max() ?? 1)).map { k in
                let line = cells.enumerated().map { c, lines in
                    DisplayWidth.pad(k < lines.count ? lines[k] : "", to: widths[c])
                }.joined(separator: "  ")
                return "  " + line.trimmingTrailingSpaces
            }
        }
        return render(wrapped[0]) + ["  " + widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")]
            + wrapped.dropFirst().flatMap(render)
    }

    /// The narrowest a column may become before the table is printed as records instead.
    static let readable = 12

    /// Each row as a record: every header beside its cell, the cell wrapped to the width; rows are
    /// separated by an empty line.
    static func records(headers: [String], rows: [[String]], width: Int) -> [String] {
        let label = headers.map(DisplayWidth.of).max() ?? 0
        let indent = String(repeating: " ", count: 2 + label + 2)
        return rows.enumerated().flatMap { r, row in
            (r == 0 ? [] : [""]) + headers.indices.flatMap { c -> [String] in
                let lines = DisplayWidth.wrap(row[c], width: max(readable, width - indent.count))
                    .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                return lines.enumerated().map { k, line in
                    (k == 0 ? "  " + DisplayWidth.pad(headers[c], to: label) + "  " : indent) + line
                }.map(\.trimmingTrailingSpaces)
            }
        }
    }

    /// Column widths narrowed, widest first, until they add up to `available` or no column can be
    /// narrowed further: not below its minimum, nor below `narrowest`.
    static func fitted(_ widths: [Int], into available: Int, minimums: [Int], narrowest: Int = 8) -> [Int] {
        var widths = widths
        while widths.reduce(0, +) > available,
              let c = widths.indices.filter({ widths[$0] > max(narrowest, minimums[$0]) })
                .max(by: { widths[$0] < widths[$1] }) {
            widths[c] -= 1
        }
        return widths
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
