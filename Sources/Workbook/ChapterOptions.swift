// ChapterOptions: the command-line flags every chapter shares (swift-argument-parser).
//
//   --seed N            the random seed (same seed, same numbers and figures)
//   --plots-dir DIR     where figures are written (default: plots)
//   --no-plots          draw no PNG files
//   --terminal-plots    also draw each chart in the terminal
//   --step              pause after each section until Enter (for a class); ignored without a terminal
//   --require-plots     fail when a figure cannot be drawn (the regenerate command uses it)
//   --markdown          also write the chapter's Markdown pages, README.md and README.zh.md beside its source
//   --pages-dir DIR     write those pages into DIR instead (implies --markdown; tests use it)
//   --lang en|zh        the language the chapter prints in (its pages are written in both languages
//                       either way)

import ArgumentParser
import Engine
import Foundation

public struct ChapterOptions: ParsableArguments {
    @Option(help: Text(en: "Random seed: the same seed gives the same numbers and figures on every machine.",
                      zh: "随机种子：同一个种子在任何机器上都给出同样的数字和图。").help)
    public var seed: UInt64 = 1

    @Option(help: Text(en: "Folder for the figures (created if missing).", zh: "存放图的文件夹（不存在就新建）。").help)
    public var plotsDir: String = "plots"

    @Flag(help: Text(en: "Do not write figure files.", zh: "不写出图像文件。").help)
    public var noPlots = false

    @Flag(help: Text(en: "Also draw each chart in the terminal (gnuplot's dumb terminal).",
                    zh: "同时在终端里画出每张曲线图（gnuplot 的 dumb 终端）。").help)
    public var terminalPlots = false

    @Flag(help: Text(en: "Pause after each section until Enter is pressed (only when reading from a terminal).",
                    zh: "每节结束后暂停，按回车键继续（仅在终端中有效）。").help)
    public var step = false

    @Flag(help: Text(en: "Fail instead of skipping figures when gnuplot is missing.",
                    zh: "找不到 gnuplot 时报错退出，而不是跳过画图。").help)
    public var requirePlots = false

    @Flag(help: Text(en: "Also write this chapter's Markdown tutorial pages: README.md and README.zh.md beside the chapter's source.",
                    zh: "同时把本章写成 Markdown 教程页：章节源码旁的 README.md 和 README.zh.md。").help)
    public var markdown = false

    @Option(help: Text(en: "Write the Markdown pages into this folder instead of beside the source (implies --markdown).",
                      zh: "把 Markdown 页写进这个文件夹，而不是源码旁边（隐含 --markdown）。").help)
    public var pagesDir: String?

    @Option(help: Text(en: "Language of the chapter's text in the terminal, its help and its errors: en (English) or zh (简体中文).",
                      zh: "终端里正文、帮助和错误信息所用的语言：en（English）或 zh（简体中文）。").help)
    public var lang: Language = .en

    /// Whether the chapter writes its Markdown pages when it finishes.
    public var writesPage: Bool { markdown || pagesDir != nil }

    public init() {}

    public mutating func validate() throws {
        if noPlots && requirePlots {
            throw ValidationError(Text(en: "--no-plots and --require-plots contradict each other: pick one.",
                                       zh: "--no-plots 和 --require-plots 互相矛盾：只能选一个。"))
        }
        if let pagesDir {
            try Self.checkWritableFolder(pagesDir, flag: "--pages-dir")
        }
        if !noPlots {
            try Self.checkWritableFolder(plotsDir, flag: "--plots-dir", alternative: Text(en: ", or pass --no-plots", zh: "，或者加上 --no-plots"))
        }
    }

    /// Creates `folder` if it is missing and checks that files can be written into it. Something that
    /// is there but is not a folder (a file, a FIFO) is reported as such.
    public static func checkWritableFolder(_ folder: String, flag: String, alternative: Text = "") throws {
        let advice = Text(en: "Pick another folder with \(flag)\(alternative.en).",
                          zh: "请用 \(flag) 换一个文件夹\(alternative.in(.zh))。")
        if let kind = kind(of: folder), kind.en != "a folder" {
            throw ValidationError(Text(en: "'\(folder)' given to \(flag) is not a folder (it is \(kind.en)). \(advice.en)",
                                       zh: "传给 \(flag) 的「\(folder)」不是文件夹（而是\(kind.in(.zh))）。\(advice.in(.zh))"))
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            var blocking = (folder as NSString).deletingLastPathComponent
            while !blocking.isEmpty && blocking != "/" && kind(of: blocking) == nil {
                blocking = (blocking as NSString).deletingLastPathComponent
            }
            if let kind = kind(of: blocking), kind.en != "a folder" {
                throw ValidationError(Text(
                    en: "cannot create the folder '\(folder)' given to \(flag): '\(blocking)' is not a folder (it is \(kind.en)). \(advice.en)",
                    zh: "无法新建传给 \(flag) 的文件夹「\(folder)」：「\(blocking)」不是文件夹（而是\(kind.in(.zh))）。\(advice.in(.zh))"))
            }
            let reason = String(cString: strerror(errno))
            throw ValidationError(Text(en: "cannot create the folder '\(folder)' given to \(flag) (\(reason)). \(advice.en)",
                                       zh: "无法新建传给 \(flag) 的文件夹「\(folder)」（\(reason)）。\(advice.in(.zh))"))
        }
        guard access(folder, W_OK | X_OK) == 0 else {
            throw ValidationError(Text(en: "the folder '\(folder)' given to \(flag) is not writable. \(advice.en)",
                                       zh: "传给 \(flag) 的文件夹「\(folder)」不可写。\(advice.in(.zh))"))
        }
    }

    /// Checks, before any work, that a file can be written at `path` (given to `flag`): its folder is
    /// created if missing and must be writable, and `path` itself must not be a folder.
    public static func checkWritableFile(_ path: String, flag: String) throws {
        let example = Text(en: "Give a file name, e.g. \(flag) models/my-model.safetensors.",
                           zh: "请给出一个文件名，例如 \(flag) models/my-model.safetensors。")
        guard !path.isEmpty, !path.hasSuffix("/"), !["", ".", ".."].contains((path as NSString).lastPathComponent) else {
            throw ValidationError(Text(en: "'\(path)' given to \(flag) names no file. \(example.en)",
                                       zh: "传给 \(flag) 的「\(path)」不是文件名。\(example.in(.zh))"))
        }
        if let kind = kind(of: path), kind.en != "a regular file" {
            throw ValidationError(Text(en: "'\(path)' given to \(flag) is \(kind.en), not a file that can be written. \(example.en)",
                                       zh: "传给 \(flag) 的「\(path)」是\(kind.in(.zh))，不是可以写入的文件。\(example.in(.zh))"))
        }
        let folder = (path as NSString).deletingLastPathComponent
        try checkWritableFolder(folder.isEmpty ? "." : folder, flag: flag)
    }

    /// What is at `path` ("a folder", "a regular file", "a FIFO (named pipe)", …), or nil if nothing is.
    static func kind(of path: String) -> Text? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return Text(en: "a folder", zh: "文件夹")
        case S_IFREG: return Text(en: "a regular file", zh: "普通文件")
        case S_IFIFO: return Text(en: "a FIFO (named pipe)", zh: "FIFO（命名管道）")
        case S_IFSOCK: return Text(en: "a socket", zh: "套接字")
        case S_IFCHR, S_IFBLK: return Text(en: "a device", zh: "设备文件")
        default: return Text(en: "something else", zh: "其他类型的文件")
        }
    }
}
