// Gnuplot: draws Figures by piping a script into `gnuplot /dev/stdin`.
//
// Reading the script from /dev/stdin (rather than from an interactive pipe) makes gnuplot stop at
// the first error; its stderr is captured and reported with the figure's name. SIGPIPE is ignored
// so a gnuplot that exits early cannot kill the chapter. A PNG is drawn into a temporary file
// and renamed into place, so an interrupted run never leaves a half-written figure.

import Engine
import Foundation

public enum Gnuplot {
    /// What to tell a reader whose machine has no gnuplot.
    public static let installHint =
        "gnuplot is not installed, so no figures were drawn. Install it with: " +
        "sudo apt-get install --no-install-recommends gnuplot-nox (or run scripts/setup)"

    /// The gnuplot executable on PATH, or nil. Setting NN_GNUPLOT overrides the search (tests use it).
    public static func executable() -> String? {
        let env = ProcessInfo.processInfo.environment
        if let forced = env["NN_GNUPLOT"] {
            return FileManager.default.isExecutableFile(atPath: forced) ? forced : nil
        }
        for dir in (env["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/gnuplot"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Runs `script` through gnuplot. Throws a WorkbookError naming `figure` if gnuplot is missing or fails.
    public static func run(_ script: String, figure: String) throws {
        guard let gnuplot = executable() else { throw WorkbookError(installHint) }
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: gnuplot)
        process.arguments = ["/dev/stdin"]
        let input = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        do { try process.run() } catch {
            throw WorkbookError("could not start gnuplot (\(gnuplot)) for figure '\(figure)': \(error.localizedDescription)")
        }
        // Read stderr on another thread so a chatty gnuplot can never block the writer.
        final class Box: @unchecked Sendable { var data = Data() }
        let stderrBox = Box()
        let done = DispatchSemaphore(value: 0)
        let reader = Thread {
            stderrBox.data = errors.fileHandleForReading.readDataToEndOfFile()
            done.signal()
        }
        reader.start()
        try? input.fileHandleForWriting.write(contentsOf: Data(script.utf8))
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        done.wait()
        let message = String(decoding: stderrBox.data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if process.terminationStatus != 0 {
            throw WorkbookError("gnuplot could not draw figure '\(figure)':\n\(message.isEmpty ? "exit status \(process.terminationStatus)" : message)")
        }
    }

    /// Draws `figure` as a PNG in `directory` (created if needed) and returns the file's path.
    @discardableResult
    public static func renderPNG(_ figure: Figure, in directory: String) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let final = (directory as NSString).appendingPathComponent("\(figure.name).png")
        let temporary = AtomicFile.temporaryPath(for: final)
        defer { unlink(temporary) }
        try run(GnuplotScript.make(figure, target: .png(path: temporary)), figure: figure.name)
        try AtomicFile.moveIntoPlace(temporary, final)
        return final
    }

    /// Draws `figure` as text for a terminal, with gnuplot's `dumb` terminal.
    public static func renderText(_ figure: Figure, columns: Int = 100, lines: Int = 30) throws -> String {
        let temporary = NSTemporaryDirectory() + "nn-\(getpid())-\(figure.name).txt"
        defer { unlink(temporary) }
        try run(GnuplotScript.make(figure, target: .terminal(columns: columns, lines: lines, path: temporary)),
                figure: figure.name)
        return (try? String(contentsOfFile: temporary, encoding: .utf8)) ?? ""
    }
}
