// AtomicFile: writes a file so that nobody ever sees half of it.
//
// The bytes go to a temporary file in the same folder, which is then renamed over the target:
// on one file system a rename is atomic, so the target is either the old file or the whole new
// one, even if the program is interrupted. Figures, pages, model files and CSVs all go this way.

import Foundation

public enum AtomicFile {
    /// Writes `data` to `path`. `advice` is added to an error message (what the user can do).
    public static func write(_ data: Data, to path: String, advice: String = "") throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let temporary = temporaryPath(for: path)
        guard FileManager.default.createFile(atPath: temporary, contents: data) else {
            throw WorkbookError("cannot write \(path): is the folder \(folder) there and writable?"
                + (advice.isEmpty ? "" : " \(advice)"))
        }
        try moveIntoPlace(temporary, path, advice: advice)
    }

    /// A hidden temporary name beside `path`, unique to this process.
    public static func temporaryPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp").path
    }

    /// Renames a finished temporary file over `path`; on failure the temporary file is removed.
    public static func moveIntoPlace(_ temporary: String, _ path: String, advice: String = "") throws {
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw WorkbookError("cannot move \(temporary) into place at \(path) (\(reason))." + (advice.isEmpty ? "" : " \(advice)"))
        }
    }
}
