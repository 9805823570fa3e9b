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
import Foundation

public struct ChapterOptions: ParsableArguments {
    @Option(help: "Random seed: the same seed gives the same numbers and figures on every machine.")
    public var seed: UInt64 = 1

    @Option(name: .customLong("plots-dir"), help: "Folder for the figures (created if missing).")
    public var plotsDir: String = "plots"

    @Flag(name: .customLong("no-plots"), help: "Do not write figure files.")
    public var noPlots = false

    @Flag(name: .customLong("terminal-plots"), help: "Also draw each chart in the terminal (gnuplot's dumb terminal).")
    public var terminalPlots = false

    @Flag(help: "Pause after each section until Enter is pressed (only when reading from a terminal).")
    public var step = false

    @Flag(name: .customLong("require-plots"), help: "Fail instead of skipping figures when gnuplot is missing.")
    public var requirePlots = false

    @Flag(help: "Also write this chapter as a Markdown tutorial page: README.md beside the chapter's source.")
    public var markdown = false

    @Option(name: .customLong("pages-dir"),
            help: "Write the Markdown page into this folder instead of beside the source (implies --markdown).")
    public var pagesDir: String?

    /// Whether the chapter writes its Markdown page when it finishes.
    public var writesPage: Bool { markdown || pagesDir != nil }

    public init() {}

    public mutating func validate() throws {
        if noPlots && requirePlots {
            throw ValidationError("--no-plots and --require-plots contradict each other: pick one.")
        }
        if let pagesDir {
            do {
                try FileManager.default.createDirectory(atPath: pagesDir, withIntermediateDirectories: true)
            } catch {
                throw ValidationError("cannot create the pages folder '\(pagesDir)'. Pick another folder with --pages-dir.")
            }
            guard access(pagesDir, W_OK) == 0 else {
                throw ValidationError("the pages folder '\(pagesDir)' is not writable. Pick another folder with --pages-dir.")
            }
        }
        guard !noPlots else { return }
        do {
            try FileManager.default.createDirectory(atPath: plotsDir, withIntermediateDirectories: true)
        } catch {
            throw ValidationError("cannot create the plots folder '\(plotsDir)'. "
                + "Pick another folder with --plots-dir, or pass --no-plots.")
        }
        guard access(plotsDir, W_OK) == 0 else {
            throw ValidationError("the plots folder '\(plotsDir)' is not writable. "
                + "Pick another folder with --plots-dir, or pass --no-plots.")
        }
    }
}

/// Checks shared by the chapters that train: call from a command's `validate()`.
public enum TrainingFlags {
    public static func checkLearningRate(_ rate: Double, flag: String = "--learning-rate") throws {
        guard rate.isFinite, rate > 0 else {
            throw ValidationError("\(flag) must be a positive number, got \(rate). Try 0.1.")
        }
    }

    public static func checkCount(_ value: Int, flag: String, minimum: Int = 1) throws {
        guard value >= minimum else {
            throw ValidationError("\(flag) must be at least \(minimum), got \(value).")
        }
    }
}
