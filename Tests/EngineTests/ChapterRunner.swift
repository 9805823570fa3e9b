// Runs a chapter executable the way a reader does and captures what it printed.
//
// `swift test` builds the chapters beside the test bundle, so they are found next to this process.

import Foundation

struct ChapterRun {
    let status: Int32
    let output: String
    let errors: String

    /// The value printed as "  label = value", or nil.
    func result(_ label: String) -> String? {
        for line in output.split(separator: "\n") where line.hasPrefix("  \(label) = ") {
            return String(line.dropFirst(label.count + 5))
        }
        return nil
    }
}

enum ChapterRunner {
    static var buildFolder: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    }

    /// Runs `chapter` (e.g. "Chapter03") with `arguments`; `environment` entries are added to this process's.
    static func run(_ chapter: String, _ arguments: [String] = ["--no-plots"], environment: [String: String] = [:],
                    directory: String? = nil) throws -> ChapterRun {
        let process = Process()
        process.executableURL = buildFolder.appendingPathComponent(chapter)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Drain both pipes while the chapter runs.
        final class Box: @unchecked Sendable { var data = Data() }
        let errBox = Box()
        let group = DispatchGroup()
        group.enter()
        Thread { errBox.data = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        group.wait()
        return ChapterRun(status: process.terminationStatus,
                          output: String(decoding: outData, as: UTF8.self),
                          errors: String(decoding: errBox.data, as: UTF8.self))
    }

    static func temporaryFolder() -> String {
        let dir = NSTemporaryDirectory() + "nn-test-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }
}
