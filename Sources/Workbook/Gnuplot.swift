// Gnuplot: draws Figures by running gnuplot on a script, in a private folder.
//
// No path a user gives ever reaches gnuplot. Each figure gets a fresh private folder (mkdtemp, in
// the system's temporary folder); the script is written there as figure.gp and gnuplot runs in
// that folder, writing to the fixed names figure.png or figure.txt. Only when gnuplot has finished
// in time and its file checks out (a whole PNG of the figure's size, see PNGFile) is the file
// copied into place with AtomicFile: a full disk, a crash or an interrupted run never replaces a good
// figure with a broken one.
//
// gnuplot reads its script from a file, so it stops at the first error; its stderr is captured and
// reported with the figure's name. Each figure has a time limit (60 s; NN_GNUPLOT_TIMEOUT sets
// another, in seconds); a gnuplot that does not finish in time is ended and the figure named. If the
// chapter is ended by SIGINT, SIGTERM or SIGHUP while gnuplot draws, gnuplot is ended with it.

import Engine
import Foundation

public enum Gnuplot {
    /// What to tell a reader whose machine has no gnuplot.
    public static let installHint =
        "gnuplot is not installed, so no figures were drawn. Install it with: " +
        "sudo apt-get install --no-install-recommends gnuplot-nox (or run scripts/setup)"

    /// How long one figure may take, in seconds: NN_GNUPLOT_TIMEOUT, or 60.
    public static var timeLimit: Double {
        if let text = ProcessInfo.processInfo.environment["NN_GNUPLOT_TIMEOUT"], let seconds = Double(text),
           seconds > 0, seconds.isFinite {
            return seconds
        }
        return 60
    }

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

    /// Runs `script` through gnuplot in a private folder of its own. Throws a WorkbookError naming
    /// `figure` if gnuplot is missing, fails, or does not finish within `timeLimit` seconds.
    public static func run(_ script: String, figure: String) throws {
        let folder = try PrivateFolder()
        defer { folder.remove() }
        try run(script, figure: figure, in: folder)
    }

    /// Draws `figure` as a PNG in `directory` (created if needed) and returns the file's path.
    /// The file at that path is replaced only by a whole PNG of the figure's size.
    @discardableResult
    public static func renderPNG(_ figure: Figure, in directory: String) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let final = (directory as NSString).appendingPathComponent("\(figure.name).png")
        let folder = try PrivateFolder()
        defer { folder.remove() }
        try run(GnuplotScript.make(figure, target: .png(path: PrivateFolder.png)), figure: figure.name, in: folder)
        let bytes = try folder.read(PrivateFolder.png, figure: figure.name)
        do {
            let drawing = Text(en: "gnuplot's drawing of figure '\(figure.name)'", zh: "gnuplot 画出的图 '\(figure.name)'")
            let size = try PNGFile.check(bytes, name: drawing)
            guard size.width == figure.width && size.height == figure.height else {
                throw WorkbookError(Text(en: "\(drawing.en) is \(size.width)×\(size.height) "
                    + "pixels, but the figure asks for \(figure.width)×\(figure.height)",
                    zh: "\(drawing.in(.zh)) 是 \(size.width)×\(size.height) 像素的，但这幅图要的是 \(figure.width)×\(figure.height)"))
            }
        } catch let error as WorkbookError {
            let hint = folder.diskFullHint
            throw WorkbookError(Text(en: "\(error.message.en).\(hint.en.isEmpty ? "" : " \(hint.en)") \(final) was left as it was.",
                                     zh: "\(error.message.in(.zh))。\(hint.in(.zh))\(final) 保持原样。"))
        }
        try AtomicFile.write(Data(bytes), to: final, advice: Text(en: "\(final) was left as it was.", zh: "\(final) 保持原样。"))
        return final
    }

    /// Draws `figure` as text for a terminal, with gnuplot's `dumb` terminal.
    public static func renderText(_ figure: Figure, columns: Int = 100, lines: Int = 30) throws -> String {
        let folder = try PrivateFolder()
        defer { folder.remove() }
        try run(GnuplotScript.make(figure, target: .terminal(columns: columns, lines: lines, path: PrivateFolder.text)),
                figure: figure.name, in: folder)
        let bytes = try folder.read(PrivateFolder.text, figure: figure.name)
        guard let text = String(bytes: bytes, encoding: .utf8), text.split(separator: "\n").count >= lines / 2 else {
            throw WorkbookError("gnuplot's terminal drawing of figure '\(figure.name)' is incomplete "
                + "(\(bytes.count) bytes).\(folder.diskFullHint.en.isEmpty ? "" : " \(folder.diskFullHint.en)")")
        }
        return text
    }

    // MARK: Running gnuplot

    private static func run(_ script: String, figure: String, in folder: PrivateFolder) throws {
        guard let gnuplot = executable() else { throw WorkbookError(installHint) }
        try folder.write(PrivateFolder.script, Data(script.utf8), figure: figure)
        ChildGuard.install()
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: gnuplot)
        process.arguments = [PrivateFolder.script]
        process.currentDirectoryURL = URL(fileURLWithPath: folder.path)
        let errors = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do { try process.run() } catch {
            throw WorkbookError("could not start gnuplot (\(gnuplot)) for figure '\(figure)': \(error.localizedDescription)")
        }
        ChildGuard.child = process.processIdentifier
        defer { ChildGuard.child = 0 }
        // Read stderr on another thread so a chatty gnuplot can never block.
        let stderr = DrainedOutput(errors.fileHandleForReading)
        let limit = timeLimit
        if finished.wait(timeout: .now() + limit) == .timedOut {
            // Foundation starts gnuplot in a process group of its own: end the whole group.
            let pid = process.processIdentifier
            if kill(-pid, SIGTERM) != 0 { kill(pid, SIGTERM) }
            if finished.wait(timeout: .now() + 2) == .timedOut, kill(-pid, SIGKILL) != 0 { kill(pid, SIGKILL) }
            process.waitUntilExit()
            throw WorkbookError("""
                gnuplot did not finish figure '\(figure)' within \(String(format: "%g", limit)) seconds and was \
                stopped. Check that `\(gnuplot)` runs on its own (it should draw and exit); the figure was not \
                changed.
                """)
        }
        process.waitUntilExit()
        let message = String(decoding: stderr.wait(atMost: 2), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if process.terminationReason == .uncaughtSignal {
            throw WorkbookError("gnuplot was ended by signal \(process.terminationStatus) while drawing figure '\(figure)'"
                + (message.isEmpty ? "" : ":\n\(message)"))
        }
        if process.terminationStatus != 0 {
            throw WorkbookError("gnuplot could not draw figure '\(figure)':\n"
                + (message.isEmpty ? "exit status \(process.terminationStatus)" : message))
        }
    }
}

/// A folder of our own for one figure: `nn-gnuplot-XXXXXXXXXXXX` in the temporary folder, made by
/// mkdtemp (readable by us only) and locked while we use it (LockedTemporary). Folders left by runs
/// that were killed are removed by a later run, once nobody holds their lock.
private final class PrivateFolder {
    static let script = "figure.gp", png = "figure.png", text = "figure.txt"
    static let prefix = "nn-gnuplot-"
    let path: String
    /// The open folder, which holds its lock until `remove`.
    private let descriptor: Int32

    init() throws {
        let temporary = NSTemporaryDirectory()
        LockedTemporary.removeLeftovers(in: temporary, prefix: Self.prefix)
        do {
            (descriptor, path) = try LockedTemporary.makeFolder(in: temporary, prefix: Self.prefix)
        } catch {
            throw WorkbookError("cannot make a temporary folder for gnuplot in \(temporary) "
                + "(\(String(cString: strerror(error.code)))). Is the disk full, or TMPDIR wrong?")
        }
    }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    func write(_ name: String, _ data: Data, figure: String) throws {
        guard FileManager.default.createFile(atPath: file(name), contents: data) else {
            throw WorkbookError("cannot write the gnuplot script of figure '\(figure)' into \(path)."
                + (diskFullHint.en.isEmpty ? "" : " \(diskFullHint.en)"))
        }
    }

    func read(_ name: String, figure: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: file(name)) else {
            throw WorkbookError("gnuplot finished figure '\(figure)' without writing it.\(diskFullHint.en.isEmpty ? "" : " \(diskFullHint.en)")")
        }
        return [UInt8](data)
    }

    /// "The disk is full…" when the temporary folder's disk has (almost) no room left, else nothing.
    var diskFullHint: Text {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return "" }
        let free = UInt64(info.f_bavail) * UInt64(info.f_frsize)
        return free < 1 << 20
            ? Text(en: "The disk is full (\(free) bytes free where \(path) is): free some space and run again.",
                   zh: "磁盘满了（\(path) 所在的磁盘只剩 \(free) 字节）：请腾出一些空间再运行。")
            : ""
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
        close(descriptor)
    }
}

/// Ends a running gnuplot when the chapter itself is ended by SIGINT, SIGTERM or SIGHUP.
private enum ChildGuard {
    // nonisolated(unsafe): `child` is written only by the thread that runs gnuplot (one figure at a
    // time) and read by the signal handler; a pid_t is a single aligned 32-bit word, read and written
    // whole on every platform Swift runs on, and a stale value names a process we started.
    nonisolated(unsafe) static var child: pid_t = 0
    nonisolated(unsafe) static var installed = false

    /// Installs the handlers once (only chapters that draw figures need them).
    static func install() {
        guard !installed else { return }
        installed = true
        // A program started from a thread that blocks these signals inherits the block (test runners
        // do this): unblock them here, or the chapter could not be ended while gnuplot draws.
        var signals = sigset_t()
        sigemptyset(&signals)
        for sig in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&signals, sig) }
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig) { received in
                let pid = ChildGuard.child
                if pid > 0, kill(-pid, SIGKILL) != 0 { kill(pid, SIGKILL) }   // gnuplot's process group, or gnuplot
                signal(received, SIG_DFL)                 // then end as the signal asks
                raise(received)
            }
        }
    }
}

/// Reads a pipe to its end on a thread of its own.
private final class DrainedOutput: @unchecked Sendable {
    // @unchecked: `data` is written by the reading thread only, and read only after `done` has
    // been signalled by that thread, so the two never touch it at the same time.
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }.start()
    }

    /// What was read, or nothing if the pipe is still open after `seconds` (a process gnuplot
    /// started that outlived it).
    func wait(atMost seconds: Double) -> Data {
        done.wait(timeout: .now() + seconds) == .success ? data : Data()
    }
}
