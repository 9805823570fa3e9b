// SharedFolderTests: two runs that cannot see each other's processes (separate PID namespaces, as
// in two containers sharing a mounted work folder and /tmp) draw into one plots folder at once.
// Each is process 1 of its namespace, so temporary names or leftovers judged by process id alone
// would collide; every figure must still come out whole, and neither run may remove the other's
// temporary files.

import Foundation
import Testing
import Engine
import TestSupport
import Workbook

@Suite struct SharedFolderTests {
    /// `unshare` can make PID namespaces here (it needs root, as in CI).
    static let canUnshare: Bool = {
        guard getuid() == 0, let run = try? ProcessRun(URL(fileURLWithPath: "/usr/bin/unshare"), ["--pid", "--fork", "true"])
        else { return false }
        return run.status == 0
    }()
    static let gnuplotPresent = Gnuplot.executable() != nil

    @Test(.enabled(if: canUnshare && gnuplotPresent, "needs root, unshare and gnuplot"))
    func twoRunsInSeparatePIDNamespacesShareAPlotsFolder() throws {
        let folder = TemporaryFolder()
        let plots = folder.file("plots"), temporary = folder.file("tmp")
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        let chapter = ChapterRunner.buildFolder.appendingPathComponent("Chapter01").path
        for round in 0..<3 {
            // Both runs start together and write the same figures through the same folders.
            let runs = (0..<2).map { _ in
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
                process.arguments = ["--pid", "--fork", chapter, "--plots-dir", plots]
                process.environment = ProcessInfo.processInfo.environment.merging(["TMPDIR": temporary]) { $1 }
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                process.standardInput = FileHandle.nullDevice
                return process
            }
            for run in runs { try run.run() }
            for run in runs { run.waitUntilExit() }
            #expect(runs.allSatisfy { $0.terminationStatus == 0 }, "round \(round)")
            let figures = try FileManager.default.contentsOfDirectory(atPath: plots).filter { $0.hasSuffix(".png") }
            #expect(!figures.isEmpty)
            for figure in figures {
                let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: (plots as NSString).appendingPathComponent(figure))))
                #expect((try? PNGFile.check(bytes, name: Text(en: figure))) != nil, "round \(round): \(figure) is not a whole PNG")
            }
            // Nothing is left behind: no temporary file beside the figures, no gnuplot folder.
            #expect(try FileManager.default.contentsOfDirectory(atPath: plots).allSatisfy { $0.hasSuffix(".png") })
            #expect(try FileManager.default.contentsOfDirectory(atPath: temporary).isEmpty)
        }
    }
}
