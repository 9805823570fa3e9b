// DataTestSupport: temporary folders and small files for the data-set tests.

import Foundation
@testable import Engine

/// A fresh temporary folder, removed when the value is released.
final class DataTempFolder {
    let path: String
    init() {
        path = (NSTemporaryDirectory() as NSString)
            .appendingPathComponent("engine-data-tests-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) -> String {
        let p = file(name)
        precondition(FileManager.default.createFile(atPath: p, contents: Data(bytes)), "cannot write \(p)")
        return p
    }

    @discardableResult
    func write(_ name: String, _ text: String) -> String { write(name, Array(text.utf8)) }
}

/// The WorkbookError message thrown by `body`, or nil when it does not throw one.
func dataErrorMessage<T>(_ body: () throws -> T) -> String? {
    do {
        _ = try body()
        return nil
    } catch let error as WorkbookError {
        return error.message
    } catch {
        return "unexpected error type: \(error)"
    }
}

/// IDX files in memory.
enum IDXBytes {
    static func word(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8((v >> 16) & 0xff), UInt8((v >> 8) & 0xff), UInt8(v & 0xff)] }

    static func images(count: Int, rows: Int = 28, cols: Int = 28, magic: UInt32 = 0x803, pixel: (Int, Int) -> UInt8 = { i, j in UInt8((i * 7 + j) % 256) }) -> [UInt8] {
        var out = word(magic) + word(UInt32(count)) + word(UInt32(rows)) + word(UInt32(cols))
        for i in 0..<count { for j in 0..<(rows * cols) { out.append(pixel(i, j)) } }
        return out
    }

    static func labels(_ labels: [UInt8], magic: UInt32 = 0x801) -> [UInt8] {
        word(magic) + word(UInt32(labels.count)) + labels
    }
}
