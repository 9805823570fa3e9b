// ChapterOptions: the command-line flags every chapter shares (swift-argument-parser).
//
//   --seed N            the random seed (same seed, same numbers and figures)
//   --plots-dir DIR     where figures are written (default: plots)
//   --no-plots          draw no PNG files
//   --terminal-plots    also draw each chart in the terminal
//   --step              pause after each section until Enter (for a class); ignored without a terminal
//   --require-plots     fail when a figure cannot be drawn (the regenerate command uses it)
//   --markdown          also write the chapter as a Markdown page, README.md beside its source
//   --pages-dir DIR     write that page into DIR instead (implies --markdown; tests use it)
//   --lang en|zh        the language the chapter prints in (a translated chapter's pages are written
//                       in both languages either way)

import ArgumentParser
import Engine
import Foundation

public struct ChapterOptions: ParsableArguments {
    @Option(help: "Random seed: the same seed gives the same numbers and figures on every machine.")
    public var seed: UInt64 = 1

    @Option(help: "Folder for the figures (created if missing).")
    public var plotsDir: String = "plots"

    @Flag(help: "Do not write figure files.")
    public var noPlots = false

    @Flag(help: "Also draw each chart in the terminal (gnuplot's dumb terminal).")
    public var terminalPlots = false

    @Flag(help: "Pause after each section until Enter is pressed (only when reading from a terminal).")
    public var step = false

    @Flag(help: "Fail instead of skipping figures when gnuplot is missing.")
    public var requirePlots = false

    @Flag(help: "Also write this chapter as a Markdown tutorial page: README.md beside the chapter's source.")
    public var markdown = false

    @Option(help: "Write the Markdown page into this folder instead of beside the source (implies --markdown).")
    public var pagesDir: String?

    @Option(help: "Language of the chapter's text in the terminal: en (English) or zh (简体中文). A chapter not yet translated prints English.")
    public var lang: Language = .en

    /// Whether the chapter writes its Markdown page when it finishes.
    public var writesPage: Bool { markdown || pagesDir != nil }

    public init() {}

    public mutating func validate() throws {
        if noPlots && requirePlots {
            throw ValidationError("--no-plots and --require-plots contradict each other: pick one.")
        }
        if let pagesDir {
            try Self.checkWritableFolder(pagesDir, flag: "--pages-dir", alternative: "")
        }
        if !noPlots {
            try Self.checkWritableFolder(plotsDir, flag: "--plots-dir", alternative: ", or pass --no-plots")
        }
    }

    /// Creates `folder` if it is missing and checks that files can be written into it. Something that
    /// is there but is not a folder (a file, a FIFO) is reported as such.
    public static func checkWritableFolder(_ folder: String, flag: String, alternative: String) throws {
        let advice = "Pick another folder with \(flag)\(alternative)."
        if let kind = kind(of: folder), kind != "a folder" {
            throw ValidationError("'\(folder)' given to \(flag) is not a folder (it is \(kind)). \(advice)")
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            var blocking = (folder as NSString).deletingLastPathComponent
            while !blocking.isEmpty && blocking != "/" && kind(of: blocking) == nil {
                blocking = (blocking as NSString).deletingLastPathComponent
            }
            if let kind = kind(of: blocking), kind != "a folder" {
                throw ValidationError("cannot create the folder '\(folder)' given to \(flag): '\(blocking)' is "
                    + "not a folder (it is \(kind)). \(advice)")
            }
            throw ValidationError("cannot create the folder '\(folder)' given to \(flag) "
                + "(\(String(cString: strerror(errno)))). \(advice)")
        }
        guard access(folder, W_OK | X_OK) == 0 else {
            throw ValidationError("the folder '\(folder)' given to \(flag) is not writable. \(advice)")
        }
    }

    /// Checks, before any work, that a file can be written at `path` (given to `flag`): its folder is
    /// created if missing and must be writable, and `path` itself must not be a folder.
    public static func checkWritableFile(_ path: String, flag: String) throws {
        guard !path.isEmpty, !path.hasSuffix("/"), !["", ".", ".."].contains((path as NSString).lastPathComponent) else {
            throw ValidationError("'\(path)' given to \(flag) names no file. "
                + "Give a file name, e.g. \(flag) models/my-model.safetensors.")
        }
        if let kind = kind(of: path), kind != "a regular file" {
            throw ValidationError("'\(path)' given to \(flag) is \(kind), not a file that can be written. "
                + "Give a file name, e.g. \(flag) models/my-model.safetensors.")
        }
        let folder = (path as NSString).deletingLastPathComponent
        try checkWritableFolder(folder.isEmpty ? "." : folder, flag: flag, alternative: "")
    }

    /// What is at `path` ("a folder", "a regular file", "a FIFO (named pipe)", …), or nil if nothing is.
    static func kind(of path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return "a folder"
        case S_IFREG: return "a regular file"
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFSOCK: return "a socket"
        case S_IFCHR, S_IFBLK: return "a device"
        default: return "something else"
        }
    }
}
