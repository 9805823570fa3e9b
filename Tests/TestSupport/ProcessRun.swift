// ProcessRun: runs a program to the end and captures what it printed on both streams.
//
// Both pipes are drained while the program runs (standard error on a second thread), so a
// program that prints a lot can never block on a full pipe.

import Foundation

public struct ProcessRun: Sendable {
    public let status: Int32
    public let output: String
    public let errors: String

    /// Runs `executable` with `arguments`; `environment` entries are added to this process's.
    /// Standard input is empty, as in CI.
    public init(_ executable: URL, _ arguments: [String], environment: [String: String] = [:],
                directory: String? = nil) throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let errorData = DrainedPipe(err)
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        status = process.terminationStatus
        output = String(decoding: outData, as: UTF8.self)
        errors = String(decoding: errorData.wait(), as: UTF8.self)
    }
}

/// Reads a pipe to its end on a thread of its own; `wait()` returns everything it read.
final class DrainedPipe: @unchecked Sendable {
    // @unchecked: `data` is written by the reading thread only, and read only after `done` has
    // been signalled by that thread, so the two never touch it at the same time.
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ pipe: Pipe) {
        Thread { [self] in
            data = pipe.fileHandleForReading.readDataToEndOfFile()
            done.signal()
        }.start()
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
