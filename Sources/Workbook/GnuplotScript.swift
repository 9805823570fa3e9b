// GnuplotScript: turns a Figure into the text of a gnuplot script.
//
// Data travels inline as named data blocks ($d0 << EOD … EOD), so one script holds the whole
// figure and nothing is written beside it. Numbers are printed with a fixed format, so the same
// figure always gives the same script and, with pngcairo, the same PNG bytes.

import Engine
import Foundation

enum GnuplotScript {
    enum Target { case png(path: String), terminal(columns: Int, lines: Int, path: String) }

    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]

    static func make(_ f: Figure, target: Target) -> String {
        var s: [String] = []
        let isTerminal: Bool
        switch target {
        case .png(let path):
            isTerminal = false
            s.append("set terminal pngcairo size \(f.width),\(f.height) noenhanced font 'Sans,11' linewidth 1")
            s.append("set output \(quote(path))")
        case .terminal(let columns, let lines, let path):
            isTerminal = true
            s.append("set terminal dumb size \(columns),\(lines) noenhanced")
            s.append("set output \(quote(path))")
        }
        s.append("set encoding utf8")
        s.append("set title \(quote(f.title))")
        if let diagram = f.diagram {
            s += DiagramScript.lines(diagram)
            return s.joined(separator: "\n") + "\n"
        }
        if let grid = f.imageGrid {
            s += imageGridScript(grid)
            return s.joined(separator: "\n") + "\n"
        }
        if let map = f.heatMap {
            s += heatMapScript(map, xLabel: f.xLabel, yLabel: f.yLabel, terminal: isTerminal)
            return s.joined(separator: "\n") + "\n"
        }
        s.append("set xlabel \(quote(f.xLabel))")
        s.append("set ylabel \(quote(f.yLabel))")
        if let y2 = f.y2Label {
            s.append("set y2label \(quote(y2))")
            s.append("set y2tics")
            s.append("set ytics nomirror")
        }
        s.append("set grid lc rgb '#dddddd'")
        s.append(f.legend == .none ? "unset key" : "set key \(f.legend.rawValue) box opaque")
        if f.logX { s.append("set logscale x") }
        if f.logY { s.append("set logscale y") }
        if let r = f.xRange { s.append("set xrange [\(num(r.lowerBound)):\(num(r.upperBound))]") }
        if let r = f.yRange { s.append("set yrange [\(num(r.lowerBound)):\(num(r.upperBound))]") }
        if let r = f.y2Range { s.append("set y2range [\(num(r.lowerBound)):\(num(r.upperBound))]") }
        if f.equalAxes { s.append("set size ratio -1") }
        if let ticks = f.xTicks {
            s.append("set xtics (" + ticks.map { "\(quote($0.label)) \(num($0.position))" }.joined(separator: ", ") + ")")
        }

        var plots: [String] = []
        if let surface = f.surface {
            s += surfaceScript(surface)
            if surface.colorMap && !isTerminal {
                s.append("set palette defined (0 '#ffffff', 1 '#deebf7', 2 '#9ecae1', 3 '#4292c6')")
                s.append("set cblabel 'cost'")
                plots.append("$grid using 1:2:3 with image notitle")
            }
            plots.append("$contours using 1:2 with lines lc rgb '#888888' lw 1 notitle")
        }
        for (i, series) in f.series.enumerated() {
            s.append(dataBlock("$d\(i)", series))
            let color = series.color ?? palette[i % palette.count]
            let style: String
            switch series.style {
            case .lines: style = "with lines lw \(num(series.lineWidth))"
            case .dashed: style = "with lines lw \(num(series.lineWidth)) dt 2"
            case .points: style = "with points pt 7 ps 1.2"
            case .linesPoints: style = "with linespoints lw \(num(series.lineWidth)) pt 7 ps 0.8"
            case .impulses: style = "with impulses lw \(num(series.lineWidth))"
            case .bars: style = "with boxes fs solid 0.85 noborder"
            }
            let axes = series.axis == .right ? " axes x1y2" : ""
            let using: String
            if case .bars(let width) = series.style { using = "1:2:(\(num(width)))" } else { using = "1:2" }
            let title = series.title.isEmpty ? "notitle" : "title \(quote(series.title))"
            if series.yError != nil {
                plots.append("$d\(i) using 1:2:3 with yerrorbars lc rgb '\(color)' pt 7 ps 0.6 notitle\(axes)")
                plots.append("$d\(i) using \(using) \(style) lc rgb '\(color)' \(title)\(axes)")
            } else {
                plots.append("$d\(i) using \(using) \(style) lc rgb '\(color)' \(title)\(axes)")
            }
        }
        for (i, a) in f.annotations.enumerated() {
            s.append("set label \(i + 1) \(quote(a.text)) at \(num(a.x)),\(num(a.y)) offset 1,1 front"
                + (a.marker ? " point pt 7 ps 1.5 lc rgb 'black'" : ""))
        }
        s.append("plot " + plots.joined(separator: ", \\\n     "))
        return s.joined(separator: "\n") + "\n"
    }

    // MARK: Pieces

    private static func surfaceScript(_ surface: Surface) -> [String] {
        var s: [String] = ["$grid << EOD"]
        for (j, y) in surface.ys.enumerated() {
            for (i, x) in surface.xs.enumerated() { s.append("\(num(x)) \(num(y)) \(num(surface.z[j][i]))") }
            s.append("")
        }
        s.append("EOD")
        s.append("set contour base")
        s.append("unset surface")
        s.append("set view map")
        if let levels = surface.levels, !levels.isEmpty {
            s.append("set cntrparam levels discrete " + levels.map(num).joined(separator: ","))
        } else {
            s.append("set cntrparam levels auto 12")
        }
        s.append("set table $contours")
        s.append("splot $grid using 1:2:3 with lines")
        s.append("unset table")
        s.append("unset contour")
        return s
    }

    private static func heatMapScript(_ map: HeatMap, xLabel: String, yLabel: String, terminal: Bool) -> [String] {
        let rows = map.values.count, cols = map.values.first?.count ?? 0
        let largest = map.values.flatMap { $0 }.max() ?? 1
        var s: [String] = [
            "set xlabel \(quote(xLabel))", "set ylabel \(quote(yLabel))",
            "set xrange [-0.5:\(num(Double(cols) - 0.5))]", "set yrange [\(num(Double(rows) - 0.5)):-0.5]",
            "set size ratio -1", "unset key", "set tics scale 0",
            "set xtics (" + map.columnLabels.enumerated().map { "\(quote($1)) \($0)" }.joined(separator: ", ") + ")",
            "set ytics (" + map.rowLabels.enumerated().map { "\(quote($1)) \($0)" }.joined(separator: ", ") + ")",
            "set palette defined (0 '#ffffff', 1 '#6baed6', 2 '#08306b')",
            "set cbrange [0:\(num(max(largest, 1)))]",
        ]
        var label = 1
        for r in 0..<rows {
            for c in 0..<cols {
                let v = map.values[r][c]
                let color = v > largest * 0.55 ? "white" : "black"
                s.append("set label \(label) \(quote(String(format: map.cellFormat, v))) at \(c),\(r) center front tc rgb '\(color)'")
                label += 1
            }
        }
        s.append("$m << EOD")
        for row in map.values { s.append(row.map(num).joined(separator: " ")) }
        s.append("EOD")
        s.append(terminal ? "plot $m matrix with points pt '#' notitle" : "plot $m matrix with image notitle")
        return s
    }

    /// Tiles every image into one matrix (with gaps and room for captions) and draws it as one image.
    private static func imageGridScript(_ g: ImageGrid) -> [String] {
        let gap = 2, captionSpace = g.captions.isEmpty ? 0 : 9
        let columns = max(1, min(g.columns, g.images.count))
        let gridRows = (g.images.count + columns - 1) / columns
        let pitchX = g.width + gap, pitchY = g.height + gap + captionSpace
        let totalW = columns * pitchX - gap, totalH = gridRows * pitchY - gap
        var canvas = [[Double]](repeating: [Double](repeating: 0, count: totalW), count: totalH)
        for (k, image) in g.images.enumerated() {
            let top = (k / columns) * pitchY, left = (k % columns) * pitchX
            let scale: Double
            switch g.palette {
            case .gray: scale = Double(image.max() ?? 1) > 0 ? Double(image.max() ?? 1) : 1
            case .diverging: scale = max(Double(image.map { abs($0) }.max() ?? 1), 1e-12)
            }
            for y in 0..<g.height { for x in 0..<g.width {
                canvas[top + y][left + x] = Double(image[y * g.width + x]) / scale
            } }
        }
        var s: [String] = ["unset key", "unset xtics", "unset ytics", "unset border", "unset colorbox",
                           "set size ratio -1", "set margins 1,1,1,3",
                           "set xrange [-0.5:\(num(Double(totalW) - 0.5))]",
                           "set yrange [\(num(Double(totalH) - 0.5)):-0.5]"]
        switch g.palette {
        case .gray: s += ["set palette defined (0 '#ffffff', 1 '#000000')", "set cbrange [0:1]"]
        case .diverging: s += ["set palette defined (-1 '#2166ac', 0 '#ffffff', 1 '#b2182b')", "set cbrange [-1:1]"]
        }
        for (k, caption) in g.captions.enumerated() where k < g.images.count {
            let cx = Double((k % columns) * pitchX) + Double(g.width) / 2 - 0.5
            let cy = Double((k / columns) * pitchY + g.height) + Double(captionSpace) / 2
            s.append("set label \(k + 1) \(quote(caption)) at \(num(cx)),\(num(cy)) center front font ',9'")
        }
        s.append("$img << EOD")
        for row in canvas { s.append(row.map(num).joined(separator: " ")) }
        s.append("EOD")
        s.append("plot $img matrix with image notitle")
        return s
    }

    private static func dataBlock(_ name: String, _ series: Series) -> String {
        var lines = ["\(name) << EOD"]
        for i in series.x.indices {
            var line = "\(num(series.x[i])) \(num(series.y[i]))"
            if let e = series.yError { line += " \(num(e[i]))" }
            // A non-finite value breaks the line instead of stopping gnuplot.
            lines.append(series.y[i].isFinite ? line : "")
        }
        lines.append("EOD")
        return lines.joined(separator: "\n")
    }

    /// A number as gnuplot reads it, the same on every machine.
    static func num(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
        return String(format: "%.9g", v)
    }

    /// A string as a gnuplot double-quoted literal. A backquote is written as the octal escape \140:
    /// gnuplot runs whatever stands between backquotes in a line, even inside double quotes.
    static func quote(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "`", with: "\\140") + "\""
    }
}
