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

    /// Creates `folder` if it is missing and checks that files can be written into it.
    static func checkWritableFolder(_ folder: String, flag: String, alternative: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw ValidationError("cannot create the folder '\(folder)' given to \(flag). "
                + "Pick another folder with \(flag)\(alternative).")
        }
        guard access(folder, W_OK) == 0 else {
            throw ValidationError("the folder '\(folder)' given to \(flag) is not writable. "
                + "Pick another folder with \(flag)\(alternative).")
        }
    }
}
