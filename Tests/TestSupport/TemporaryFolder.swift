// TemporaryFolder: a fresh folder for one test's files, removed when the value is released.

import Foundation

public final class TemporaryFolder: @unchecked Sendable {
    // @unchecked: `path` is a constant; the folder's contents are the only shared state, and the
    // file system is what the tests exercise.
    public let path: String

    public init() {
        path = (NSTemporaryDirectory() as NSString)
            .appendingPathComponent("nn-tests-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// The path of `name` inside the folder.
    public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// Writes `bytes` to `name` inside the folder and returns its path.
    @discardableResult
    public func write(_ name: String, _ bytes: [UInt8]) -> String {
        let p = file(name)
        precondition(FileManager.default.createFile(atPath: p, contents: Data(bytes)), "cannot write \(p)")
        return p
    }

    @discardableResult
    public func write(_ name: String, _ text: String) -> String { write(name, Array(text.utf8)) }
}
