// AtomicFile: writes a file so that nobody ever sees half of it.
//
// The bytes go to a temporary file in the same folder, which is flushed to disk and then renamed
// over the target: on one file system a rename is atomic, so the target is either the old file or
// the whole new one, even if the program is interrupted or the disk fills up. Figures, pages, model
// files and CSVs all go this way.
//
// The temporary file is made by LockedTemporary: a hidden, random, short name beside the target
// (`.nn-XXXXXXXXXXXX.tmp`), created exclusively and never through a link, and locked while it is
// written. If the program is killed before the rename, a later write into the same folder removes
// the leftover once nobody holds its lock, so an interrupted run never litters the folder for good.

import Bilingual
import Foundation

public enum AtomicFile {
    /// Writes `data` to `path`. `advice` is added to an error message (what the user can do).
    /// When the disk is full the message says so, and the file that was at `path` stays as it was.
    public static func write(_ data: Data, to path: String, advice: Text = "") throws {
        try write(data, to: path, advice: advice, writing: Foundation.write)
    }

    /// The prefix and suffix of the temporary names.
    static let prefix = ".nn-", suffix = ".tmp"

    /// `write`, with the system call that writes bytes given, so that a test can make it fail as
    /// on a full disk; `names` gives the temporary names to try first (a test plants links there).
    static func write(_ data: Data, to path: String, advice: Text = "",
                      writing: (Int32, UnsafeRawPointer, Int) -> Int, names: () -> String? = { nil }) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        LockedTemporary.removeLeftovers(in: folder, prefix: prefix, suffix: suffix)
        func failure(_ code: Int32) -> WorkbookError {
            let full = code == ENOSPC || code == EDQUOT, system = String(cString: strerror(code))
            let reason = full
                ? Text(en: "the disk is full (\(system)); free some space and run again.",
                       zh: "磁盘满了（系统提示：\(system)）；请腾出一些空间再运行。")
                : Text(en: "\(system); is the folder \(folder) there and writable?",
                       zh: "文件夹 \(folder) 存在并且可写吗？（系统提示：\(system)）")
            return WorkbookError(Text(en: "cannot write \(path): \(reason.en)" + (advice.en.isEmpty ? "" : " \(advice.en)"),
                                      zh: "无法写入 \(path)：\(reason.in(.zh))" + advice.in(.zh)))
        }
        let fd: Int32, temporary: String
        do {
            (fd, temporary) = try LockedTemporary.makeFile(in: folder, prefix: prefix, suffix: suffix, names: names)
        } catch {
            throw failure(error.code)
        }
        // The lock goes with the descriptor: closed only once the file is in place or removed.
        defer { close(fd) }
        var failed: Int32 = 0
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = writing(fd, raw.baseAddress! + offset, raw.count - offset)
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
        if failed != 0 {
            unlink(temporary)
            throw failure(failed)
        }
        try moveIntoPlace(temporary, path, advice: advice)
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
