// FigureSink: draws a chapter's figures with gnuplot: a PNG in the plots folder (unless --no-plots)
// and, with --terminal-plots, a chart in the terminal. Without gnuplot the chapter goes on (saying
// once how to install it) unless --require-plots is set.

import Engine
import Foundation

public final class FigureSink {
    private let options: ChapterOptions
    private var warnedAboutGnuplot = false

    public init(options: ChapterOptions) {
        self.options = options
    }

    /// Draws `figure`, whose caption in the reader's language is `caption`; returns what the reader
    /// should be told (the PNG's path, the terminal chart), line by line.
    public func draw(_ figure: Figure, caption: String) throws -> [String] {
        let wantsFile = !options.noPlots
        guard wantsFile || options.terminalPlots else { return [] }
        guard Gnuplot.executable() != nil else {
            if options.requirePlots { throw WorkbookError(Gnuplot.installHint) }
            defer { warnedAboutGnuplot = true }
            return warnedAboutGnuplot ? [] : ["  [figures skipped] \(Gnuplot.installHint)"]
        }
        var lines: [String] = []
        if wantsFile {
            let path = try Gnuplot.renderPNG(figure, in: options.plotsDir)
            lines.append("  [figure] \(path): \(caption)")
        }
        if options.terminalPlots {
            if figure.imageGrid != nil {
                lines.append(options.lang == .zh ? "  （这是一幅图像，请打开 PNG 文件查看）" : "  (an image figure: open the PNG to see it)")
            } else {
                lines.append(try Gnuplot.renderText(figure))
            }
        }
        return lines + [""]
    }
}
