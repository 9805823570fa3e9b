// AtomicFile: writes a file so that nobody ever sees half of it.
//
// The bytes go to a temporary file in the same folder, which is flushed to disk and then renamed
// over the target: on one file system a rename is atomic, so the target is either the old file or
// the whole new one, even if the program is interrupted or the disk fills up. Figures, pages, model
// files and CSVs all go this way.
//
// The temporary file is named `.NAME.PID.tmp` (hidden, beside the target). If the program is killed
// before the rename, the next write of the same file removes every such leftover whose process is
// no longer running, so an interrupted run never litters the folder for good.

import Bilingual
import Foundation

public enum AtomicFile {
    /// Writes `data` to `path`. `advice` is added to an error message (what the user can do).
    /// When the disk is full the message says so, and the file that was at `path` stays as it was.
    public static func write(_ data: Data, to path: String, advice: Text = "") throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        removeStaleTemporaries(for: path)
        let temporary = temporaryPath(for: path)
        func failure(_ code: Int32) -> WorkbookError {
            unlink(temporary)
            let full = code == ENOSPC || code == EDQUOT, system = String(cString: strerror(code))
            let reason = full
                ? Text(en: "the disk is full (\(system)); free some space and run again.",
                       zh: "磁盘满了（系统提示：\(system)）；请腾出一些空间再运行。")
                : Text(en: "\(system); is the folder \(folder) there and writable?",
                       zh: "文件夹 \(folder) 存在并且可写吗？（系统提示：\(system)）")
            return WorkbookError(Text(en: "cannot write \(path): \(reason.en)" + (advice.en.isEmpty ? "" : " \(advice.en)"),
                                      zh: "无法写入 \(path)：\(reason.in(.zh))" + advice.in(.zh)))
        }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure(errno) }
        var failed: Int32 = 0
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failed = errno
                    return
                }
                if n == 0 { failed = ENOSPC; return }
                offset += n
            }
        }
        if failed == 0 && fsync(fd) != 0 && errno != EINVAL { failed = errno }
        if close(fd) != 0 && failed == 0 { failed = errno }
        if failed != 0 { throw failure(failed) }
        try moveIntoPlace(temporary, path, advice: advice)
    }

    /// A hidden temporary name beside `path`, unique to this process: `.NAME.PID.tmp`.
    public static func temporaryPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp").path
    }

    /// Removes the `.NAME.PID.tmp` files beside `path` left by processes that are no longer running
    /// (a run that was killed before it could rename its file into place).
    public static func removeStaleTemporaries(for path: String) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let prefix = ".\(url.lastPathComponent)."
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(".tmp") {
            let middle = name.dropFirst(prefix.count).dropLast(4)
            guard let pid = Int32(middle), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                unlink((folder as NSString).appendingPathComponent(name))
            }
        }
    }

    /// Renames a finished temporary file over `path`; on failure the temporary file is removed.
    public static func moveIntoPlace(_ temporary: String, _ path: String, advice: Text = "") throws {
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw WorkbookError(Text(en: "cannot move \(temporary) into place at \(path) (\(reason))." + (advice.en.isEmpty ? "" : " \(advice.en)"),
                                     zh: "无法把 \(temporary) 移到 \(path)（系统提示：\(reason)）。" + advice.in(.zh)))
        }
    }
}
