import Foundation
import TestSupport

/// One run of a chapter, shared by every test in this process that checks what it printed or the pages
/// it wrote: a training chapter runs at full length (its default settings, those of its pages) once
/// per `swift test`, not once for each property, and so does each shorter run that several tests read.
///
/// The run works in a temporary folder, as its working directory, and writes its pages there
/// (--pages-dir); a chapter that saves a model saves it there under its default path, models/…, which
/// the pages print. Pages and model are read back at once, before the folder goes.
struct SharedRun: Sendable {
    let run: ProcessRun
    /// The pages the run wrote, README.md and README.zh.md (nil if it wrote none).
    let english: String?, chinese: String?
    /// The model file the run saved into models/ (Chapters 06 and 08), nil if it saved none.
    let model: Data?

    /// The run of `chapter` with `flags` (besides --no-plots and --pages-dir), started by the
    /// first test that asks for it; the others wait for it. No flags: the chapter's default settings.
    static func of(_ chapter: String, _ flags: [String] = []) throws -> SharedRun {
        let key = ([chapter] + flags).joined(separator: " ")
        entriesLock.lock()
        let entry = entries[key] ?? Entry()
        entries[key] = entry
        entriesLock.unlock()
        return try entry.value { try SharedRun(chapter, flags) }
    }

    private init(_ chapter: String, _ flags: [String]) throws {
        let folder = TemporaryFolder()
        run = try ChapterRunner.run(chapter, ["--no-plots", "--pages-dir", folder.path] + flags, directory: folder.path)
        english = try? String(contentsOfFile: folder.file("README.md"), encoding: .utf8)
        chinese = try? String(contentsOfFile: folder.file("README.zh.md"), encoding: .utf8)
        let models = (try? FileManager.default.contentsOfDirectory(atPath: folder.file("models"))) ?? []
        model = models.first.flatMap { FileManager.default.contents(atPath: folder.file("models/" + $0)) }
    }

    // Touched only while `entriesLock` is held.
    nonisolated(unsafe) private static var entries: [String: Entry] = [:]
    private static let entriesLock = NSLock()

    /// A value computed once, by whichever caller comes first.
    private final class Entry: @unchecked Sendable {
        // @unchecked: `result` is read and written only while `lock` is held.
        private let lock = NSLock()
        private var result: Result<SharedRun, any Error>?

        func value(_ make: () throws -> SharedRun) throws -> SharedRun {
            lock.lock()
            defer { lock.unlock() }
            if result == nil { result = Result { try make() } }
            return try result!.get()
        }
    }
}
