// CSVDigits: the 5,000 MNIST digits that ship with the workbook (data/mnist_5k.csv.gz).
//
// scripts/setup places the file; it is checked against a pinned SHA-256 every time it is loaded.
// Each line holds 785 integers: the 784 pixels of a 28×28 image (0–255, row after row), then the
// label (0–9). There is no header. The file is found without flags: first ./data/, then the
// package's own data/ folder (located from this source file's path, so `swift run` from another
// folder still works). The CSV is parsed byte by byte: 9 MB of text takes a fraction of a second.

import Foundation

public enum CSVDigits {
    /// The SHA-256 of data/mnist_5k.csv.gz (the compressed file), as pinned in scripts/setup.
    public static let sha256 = "846f6cad587fea3877f6e0fe0a1968dfc68867ce170d3bc9fc2dccdbed17961d"
    /// Where scripts/setup puts the file, relative to the package root.
    public static let relativePath = "data/mnist_5k.csv.gz"
    public static let width = 28, height = 28
    public static let classNames = (0...9).map { String($0) }

    /// The places searched, in order: ./data/ in the current folder, then the package root's data/.
    public static var searchPaths: [String] {
        let cwd = FileManager.default.currentDirectoryPath
        let packageRoot = URL(fileURLWithPath: #filePath)       // …/Sources/Engine/CSVDigits.swift
            .deletingLastPathComponent()                         // …/Sources/Engine
            .deletingLastPathComponent()                         // …/Sources
            .deletingLastPathComponent()                         // the package root
        var paths = [(cwd as NSString).appendingPathComponent(relativePath)]
        let fromSource = packageRoot.appendingPathComponent(relativePath).path
        if !paths.contains(fromSource) { paths.append(fromSource) }
        return paths
    }

    /// The path of the embedded digits, or a WorkbookError saying to run scripts/setup.
    public static func locate() throws -> String { try locate(in: searchPaths) }

    /// The first of `paths` that exists, or a WorkbookError saying to run scripts/setup.
    static func locate(in paths: [String]) throws -> String {
        if let found = paths.first(where: { FileManager.default.fileExists(atPath: $0) }) { return found }
        throw WorkbookError("""
            the embedded MNIST digits (\(relativePath)) are missing; looked in \(paths.joined(separator: " and ")); \
            run scripts/setup from the package folder to fetch them (or pass --data DIR with the MNIST IDX files).
            """)
    }

    /// The embedded digits as one data set of 5,000 images, after checking the file's SHA-256.
    /// `path` defaults to `locate()`; `expectedSHA256: nil` skips the check (for tests on small files).
    public static func load(path: String? = nil, expectedSHA256: String? = CSVDigits.sha256) throws -> ImageDataset {
        let path = try path ?? locate()
        let raw = try Gzip.readRaw(path)
        if let expected = expectedSHA256 {
            let actual = SHA256.hexDigest(of: raw)
            guard actual == expected.lowercased() else {
                throw WorkbookError("""
                    \(path) is not the expected file: its SHA-256 is \(actual), expected \(expected). \
                    It is damaged or a different version; delete it and run scripts/setup again.
                    """)
            }
        }
        let text = Gzip.isGzip(raw) ? try Gzip.decompress(raw, name: path) : [UInt8](raw)
        let parsed = try parse(text, name: path)
        return ImageDataset(pixels: parsed.pixels, labels: parsed.labels, classNames: classNames,
                            width: width, height: height, name: "MNIST digits")
    }

    /// Parses CSV text of `pixelCount` pixels then a label per line. Empty lines are skipped;
    /// a line may end in "\n" or "\r\n". `name` is used in error messages.
    public static func parse(_ text: [UInt8], name: String, pixelCount: Int = 784) throws -> (pixels: [UInt8], labels: [UInt8]) {
        let columns = pixelCount + 1
        var pixels: [UInt8] = []
        var labels: [UInt8] = []
        pixels.reserveCapacity(text.count / 2)       // a pixel takes 2 to 4 bytes of text

        let comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        let zero = UInt8(ascii: "0"), nine = UInt8(ascii: "9")

        try text.withUnsafeBufferPointer { buf in
            let n = buf.count
            var i = 0
            var line = 0
            var row = [UInt8](repeating: 0, count: pixelCount)
            while i < n {
                line += 1
                // Find the end of the line.
                var end = i
                while end < n && buf[end] != newline { end += 1 }
                var stop = end
                if stop > i && buf[stop - 1] == cr { stop -= 1 }
                if stop == i { i = end + 1; continue }      // empty line

                var column = 0
                var p = i
                while true {
                    // One field: from p to the next comma or the end of the line.
                    var q = p
                    while q < stop && buf[q] != comma { q += 1 }
                    column += 1
                    if column <= columns {
                        var value = 0
                        var ok = q > p && q - p <= 9
                        var negative = false
                        var k = p
                        if ok && buf[k] == UInt8(ascii: "-") && q - p > 1 { negative = true; k += 1 }
                        while ok && k < q {
                            let c = buf[k]
                            if c < zero || c > nine { ok = false; break }
                            value = value * 10 + Int(c - zero)
                            k += 1
                        }
                        if !ok {
                            let field = String(decoding: UnsafeBufferPointer(rebasing: buf[p..<q]).prefix(20), as: UTF8.self)
                            throw WorkbookError("""
                                \(name), line \(line), column \(column): "\(field)" is not a whole number. \
                                The file is damaged; delete it and run scripts/setup again.
                                """)
                        }
                        if negative { value = -value }
                        if column <= pixelCount {
                            guard (0...255).contains(value) else {
                                throw WorkbookError("""
                                    \(name), line \(line), column \(column): pixel value \(value) is outside 0–255. \
                                    The file is damaged; delete it and run scripts/setup again.
                                    """)
                            }
                            row[column - 1] = UInt8(value)
                        } else {
                            guard (0...9).contains(value) else {
                                throw WorkbookError("""
                                    \(name), line \(line): label \(value) (column \(column)) is outside 0–9. \
                                    The file is damaged; delete it and run scripts/setup again.
                                    """)
                            }
                            labels.append(UInt8(value))
                        }
                    }
                    if q >= stop { break }
                    p = q + 1
                }
                guard column == columns else {
                    throw WorkbookError("""
                        \(name), line \(line) has \(column) columns, expected \(columns) \
                        (\(pixelCount) pixels and a label). The file is damaged or not the workbook's digits; \
                        delete it and run scripts/setup again.
                        """)
                }
                pixels.append(contentsOf: row)
                i = end + 1
            }
        }
        guard !labels.isEmpty else {
            throw WorkbookError("\(name) holds no digits; delete it and run scripts/setup again.")
        }
        return (pixels, labels)
    }
}
