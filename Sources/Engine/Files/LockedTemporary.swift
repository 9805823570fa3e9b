// LockedTemporary: temporary files and folders that no other process can take over or take away.
//
// A name is random (twelve letters and digits from the system's random generator), so nobody can
// plant a link at it in advance; a file is created exclusively and never through a link (O_EXCL,
// O_NOFOLLOW), and if something is already at the name another one is drawn. The names are short
// (the prefix, twelve characters and the suffix), so a valid final name never fails for the length
// of its temporary one. While a temporary lives, its maker holds a lock on it (flock). A leftover of
// a run that was killed is one that nobody holds a lock on: the next run removes it once it is a
// minute old (a run takes its lock right after making the name, far sooner than that). Locks belong
// to open files, not to process ids, so two runs in different PID namespaces that share a folder
// (containers with a mounted work folder, a shared /tmp) never take each other's files for leftovers.

import Foundation

public enum LockedTemporary {
    /// Why a temporary could not be made: the system's error number (errno).
    public struct Failure: Error {
        public let code: Int32
    }

    /// How old an unlocked temporary must be before it counts as a leftover.
    static let leftoverAge: TimeInterval = 60

    /// `prefix`, twelve random letters and digits, `suffix`.
    static func randomName(prefix: String, suffix: String) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return prefix + String((0..<12).map { _ in alphabet.randomElement(using: &generator)! }) + suffix
    }

    /// A new file in `folder`, open for writing and locked: its descriptor and path. Each name comes
    /// from `names` (random ones unless a test gives others) until one is free.
    /// - Throws: the system's error number, when the file cannot be made (a missing or read-only folder).
    public static func makeFile(in folder: String, prefix: String, suffix: String,
                                names: () -> String? = { nil }) throws(Failure) -> (fd: Int32, path: String) {
        for _ in 0..<100 {
            let path = (folder as NSString).appendingPathComponent(names() ?? randomName(prefix: prefix, suffix: suffix))
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if fd < 0 {
                if errno == EEXIST || errno == ELOOP { continue }
                throw Failure(code: errno)
            }
            flock(fd, LOCK_EX)
            return (fd, path)
        }
        throw Failure(code: EEXIST)
    }

    /// A new folder in `parent`, readable by this user only, and locked: an open descriptor of it
    /// (close it after removing the folder) and its path.
    public static func makeFolder(in parent: String, prefix: String) throws(Failure) -> (fd: Int32, path: String) {
        var template = Array((parent as NSString).appendingPathComponent(prefix + "XXXXXXXXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw Failure(code: errno)
        }
        let path = String(cString: made)
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            rmdir(path)
            throw Failure(code: code)
        }
        flock(fd, LOCK_EX)
        return (fd, path)
    }

    /// Removes the entries of `folder` named `prefix…suffix` that nobody holds a lock on and that are
    /// at least a minute old: files and folders left by runs that were killed. A link is never followed.
    public static func removeLeftovers(in folder: String, prefix: String, suffix: String = "") {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(suffix) && name.count > prefix.count + suffix.count {
            let path = (folder as NSString).appendingPathComponent(name)
            let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            var info = stat()
            guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG || (info.st_mode & S_IFMT) == S_IFDIR,
                  info.st_uid == getuid() else { continue }
            #if canImport(Darwin)
            let modified = info.st_mtimespec.tv_sec
            #else
            let modified = info.st_mtim.tv_sec
            #endif
            let age = Date().timeIntervalSince1970 - Double(modified)
            guard age >= leftoverAge, flock(fd, LOCK_EX | LOCK_NB) == 0 else { continue }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                try? FileManager.default.removeItem(atPath: path)
            } else {
                unlink(path)
            }
        }
    }
}
