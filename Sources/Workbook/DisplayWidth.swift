// DisplayWidth: how many terminal columns text takes, and Chinese paragraphs wrapped to a width.
//
// A terminal gives a Chinese character (and full-width punctuation such as ，。（）) two columns and
// most other characters one; combining marks take none. Tables, underlines and wrapped paragraphs are
// measured in columns, not characters, so they line up in either language. Chinese has no spaces
// between words: a paragraph may break between any two characters, except that a line never starts
// with closing punctuation (，。、）：；！？ …) and never ends with opening punctuation (（“《 …).

public enum DisplayWidth {
    /// Columns taken by one character: 0, 1 or 2.
    public static func of(_ character: Character) -> Int {
        guard let scalar = character.unicodeScalars.first else { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        return isWide(scalar) ? 2 : 1
    }

    /// Columns taken by `text` (one line).
    public static func of(_ text: String) -> Int { text.reduce(0) { $0 + of($1) } }

    /// `text` followed by spaces up to `width` columns.
    public static func pad(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - of(text)))
    }

    /// East Asian wide and full-width characters (Unicode's East_Asian_Width W and F).
    static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// Punctuation a line must not start with.
    static let noLineStart: Set<Character> = Set("。，、．：；！？）」』》〉】〕”’…—·%,.:;!?)]}")
    /// Punctuation a line must not end with.
    static let noLineEnd: Set<Character> = Set("（「『《〈【〔“‘([{")

    /// Wraps text that may hold Chinese at `width` columns, keeping explicit line breaks. Latin words
    /// and numbers stay whole; a space between two pieces is dropped where the line breaks.
    public static func wrap(_ text: String, width: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { wrapLine(String($0), width: width) }
            .joined(separator: "\n")
    }

    /// A piece that cannot be broken: a Latin word or number, or one wide character.
    private struct Piece {
        var text: String
        var spaceBefore: Bool
        var width: Int { DisplayWidth.of(text) }
    }

    private static func pieces(of line: String) -> [Piece] {
        var pieces: [Piece] = [], word = "", space = false
        func endWord() {
            if !word.isEmpty { pieces.append(Piece(text: word, spaceBefore: space)); space = false }
            word = ""
        }
        for character in line {
            if character == " " {
                endWord()
                space = true
            } else if of(character) == 2 {
                endWord()
                pieces.append(Piece(text: String(character), spaceBefore: space))
                space = false
            } else if noLineStart.contains(character) && word.isEmpty && !pieces.isEmpty && !space {
                // closing punctuation right after a wide character stays with it
                pieces[pieces.count - 1].text.append(character)
            } else {
                word.append(character)
            }
        }
        endWord()
        return pieces
    }

    private static func wrapLine(_ line: String, width: Int) -> String {
        var lines: [[Piece]] = [], current: [Piece] = [], used = 0
        func lineWidth(_ pieces: [Piece]) -> Int {
            pieces.enumerated().reduce(0) { $0 + $1.element.width + ($1.offset > 0 && $1.element.spaceBefore ? 1 : 0) }
        }
        for piece in pieces(of: line) {
            let extra = piece.width + (current.isEmpty || !piece.spaceBefore ? 0 : 1)
            if current.isEmpty || used + extra <= width {
                current.append(piece)
                used += extra
                continue
            }
            // Break before `piece`. A closing mark may not start the next line and an opening mark
            // may not end this one: carry pieces over until neither is true (keeping one on the line).
            var carried: [Piece] = []
            func startsBadly(_ p: Piece) -> Bool { p.text.first.map { noLineStart.contains($0) } ?? false }
            func endsBadly(_ p: Piece) -> Bool { p.text.last.map { noLineEnd.contains($0) } ?? false }
            while current.count > 1,
                  startsBadly(carried.first ?? piece) || endsBadly(current[current.count - 1]) {
                carried.insert(current.removeLast(), at: 0)
            }
            lines.append(current)
            current = carried + [piece]
            used = lineWidth(current)
        }
        lines.append(current)
        return lines.map { pieces in
            pieces.enumerated().map { ($0.offset > 0 && $0.element.spaceBefore ? " " : "") + $0.element.text }.joined()
        }.joined(separator: "\n")
    }
}
