// PlatformMathsLintTests: no number on a page comes from the platform's exp, log, cos, tanh, pow…
//
// Those differ in the last bit between C libraries, their versions and the processor they run on;
// the workbook's own (Elementary, in Sources/Engine/Maths/ElementaryFunctions.swift) do not. This
// test reads the Swift sources of the engine, the workbook layer, the chapters and the benchmark
// and fails, naming file and line, at any call of a platform transcendental function that does not
// go through `Elementary.`. Comments and the text inside string literals are skipped (the
// chapters' prose says "−log p"), but code inside a string's interpolation \( … ) is checked.

import Foundation
import Testing

@Suite struct PlatformMathsLintTests {
    /// The functions whose results the platform does not pin down to the bit.
    static let names = ["exp", "exp2", "exp10", "expm1", "log", "log2", "log10", "log1p", "pow",
                        "cos", "sin", "tan", "acos", "asin", "atan", "atan2", "cosh", "sinh", "tanh",
                        "acosh", "asinh", "atanh", "erf", "erfc", "lgamma", "tgamma", "cbrt", "hypot",
                        "expf", "logf", "powf", "cosf", "sinf", "tanhf"]

    /// The package's root folder, from this file's path (Tests/EngineTests/…).
    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// `text` with comments and the contents of string literals replaced by spaces (line breaks
    /// kept, so line numbers stay right); interpolations inside strings are kept as code.
    static func codeOnly(_ text: String) -> String {
        let c = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        // A stack of what we are in: code (with its open parentheses, to find the end of an
        // interpolation) or a string (multi-line or not, and its number of # for raw strings).
        enum Context { case code(parens: Int), string(multiline: Bool, hashes: Int) }
        var stack: [Context] = [.code(parens: 0)]
        var i = 0
        func at(_ j: Int, _ s: String) -> Bool {
            let t = Array(s.unicodeScalars)
            return j + t.count <= c.count && Array(c[j..<(j + t.count)]) == t
        }
        func blank(_ n: Int) {
            for k in i..<min(i + n, c.count) { out.append(c[k] == "\n" ? "\n" : " ") }
            i += n
        }
        while i < c.count {
            switch stack[stack.count - 1] {
            case .code(let parens):
                if at(i, "//") {
                    while i < c.count && c[i] != "\n" { blank(1) }
                } else if at(i, "/*") {
                    blank(2)
                    while i < c.count && !at(i, "*/") { blank(1) }
                    blank(2)
                } else if c[i] == "#" || c[i] == "\"" {
                    var hashes = 0
                    while i + hashes < c.count && c[i + hashes] == "#" { hashes += 1 }
                    let quote = i + hashes
                    if quote < c.count && c[quote] == "\"" {
                        let multiline = at(quote, "\"\"\"")
                        blank(hashes + (multiline ? 3 : 1))
                        stack.append(.string(multiline: multiline, hashes: hashes))
                    } else {
                        out.append(c[i]); i += 1
                    }
                } else if c[i] == "(" {
                    stack[stack.count - 1] = .code(parens: parens + 1)
                    out.append(c[i]); i += 1
                } else if c[i] == ")" && parens == 0 && stack.count > 1 {
                    stack.removeLast()                       // the end of an interpolation
                    blank(1)
                } else {
                    if c[i] == ")" { stack[stack.count - 1] = .code(parens: parens - 1) }
                    out.append(c[i]); i += 1
                }
            case .string(let multiline, let hashes):
                let closing = (multiline ? "\"\"\"" : "\"") + String(repeating: "#", count: hashes)
                let escape = "\\" + String(repeating: "#", count: hashes)
                if at(i, escape + "(") {
                    blank(escape.unicodeScalars.count + 1)
                    stack.append(.code(parens: 0))
                } else if at(i, escape) {
                    blank(escape.unicodeScalars.count + 1)   // an escaped character, such as \" or \\
                } else if at(i, closing) {
                    blank(closing.unicodeScalars.count)
                    stack.removeLast()
                } else {
                    blank(1)
                }
            }
        }
        return String(out)
    }

    /// The calls of platform functions in `text`, as (line number, line).
    static func platformCalls(in text: String) -> [(line: Int, text: String)] {
        let alternatives = names.joined(separator: "|")
        // A name followed by "(", not part of a longer identifier, not a member (x.log(…) is some
        // type's own method) unless the member of a C library module, and not a declaration.
        let pattern = "(?:(?<![\\w.])|(?<=\\b(?:Foundation|Darwin|Glibc|Musl)\\.))(?<!func )(\(alternatives))\\s*\\("
        let regex = try! NSRegularExpression(pattern: pattern)
        let codeLines = codeOnly(text).components(separatedBy: "\n")
        let lines = text.components(separatedBy: "\n")
        var found: [(Int, String)] = []
        for (n, line) in codeLines.enumerated()
        where regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil {
            found.append((n + 1, lines[n].trimmingCharacters(in: .whitespaces)))
        }
        return found
    }

    @Test func scannerSkipsCommentsAndStringsButNotInterpolations() {
        let sample = #"""
            let a = Elementary.exp(x) // exp(x) in a comment
            /* log(y) */ let b = "−log(p) in prose"
            let c = """
                tanh(z) in a multi-line string, with "quotes" and \(Elementary.cos(1))
                """
            let d = exp(1)
            let e = "\(fixed(log(2), 4))"
            let f = Foundation.pow(2, 3) + x.log(3) + sigmoid(y) + exponent(4)
            func log(_ x: Double) -> Double { Elementary.log(x) }
            """#
        let lines = Self.platformCalls(in: sample).map(\.line)
        #expect(lines == [6, 7, 8])
    }

    @Test func noPlatformTranscendentalFunctions() throws {
        let folders = ["Sources/Engine", "Sources/Workbook", "Chapters", "Benchmarks"]
        var offences: [String] = []
        var filesRead = 0
        for folder in folders {
            let base = Self.root.appendingPathComponent(folder)
            let files = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil)?
                .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
            for file in files.sorted(by: { $0.path < $1.path }) {
                let relative = String(file.path.dropFirst(Self.root.path.count + 1))
                let text = try String(contentsOf: file, encoding: .utf8)
                filesRead += 1
                if file.lastPathComponent == "ElementaryFunctions.swift" {
                    // It defines the functions, so its own calls are to Elementary's; it must not
                    // be able to reach the platform's.
                    for module in ["Foundation", "Darwin", "Glibc", "Musl"] where text.contains("import \(module)") {
                        offences.append("\(relative): imports \(module)")
                    }
                    continue
                }
                for (line, code) in Self.platformCalls(in: text) {
                    offences.append("\(relative):\(line): \(code)")
                }
            }
        }
        #expect(filesRead > 50)
        #expect(offences.isEmpty, """
            Platform maths functions differ in the last bit from machine to machine; call Elementary.exp, \
            .log, .cos, .sin, .tanh, .expm1, .power instead:
            \(offences.joined(separator: "\n"))
            """)
    }
}
