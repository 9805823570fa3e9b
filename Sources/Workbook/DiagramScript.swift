// DiagramScript: the gnuplot commands that draw a Diagram.
//
// Nodes are gnuplot objects (circles and rectangles) drawn in front of the arrows, edges are arrows
// from rim to rim, and every text is a label. Nothing is plotted but an empty function, so the
// axes, tics and border are switched off and one unit is the same length on both axes.

enum DiagramScript {
    static func lines(_ d: Diagram) -> [String] {
        let num = GnuplotScript.num, quote = GnuplotScript.quote
        var s: [String] = [
            "unset key", "unset border", "unset xtics", "unset ytics", "unset grid", "unset colorbox",
            "set size ratio -1", "set margins 1,1,1,3",
            "set xrange [\(num(d.xRange.lowerBound)):\(num(d.xRange.upperBound))]",
            "set yrange [\(num(d.yRange.lowerBound)):\(num(d.yRange.upperBound))]",
            "set style textbox opaque noborder margins 1,1",
        ]
        var label = 0, object = 0, arrow = 0
        for edge in d.edges {
            let (a, b) = d.ends(of: edge)
            arrow += 1
            s.append("set arrow \(arrow) from \(num(a.x)),\(num(a.y)) to \(num(b.x)),\(num(b.y)) "
                + "head filled size screen 0.012,20 lw 1.5 lc rgb '\(edge.color)' back")
            if let text = edge.label {
                let x = a.x + (b.x - a.x) * edge.labelAt, y = a.y + (b.y - a.y) * edge.labelAt
                label += 1
                s.append("set label \(label) \(quote(text)) at \(num(x)),\(num(y)) center front boxed "
                    + "tc rgb '\(edge.color)'")
            }
        }
        for node in d.nodes {
            object += 1
            let style = "fc rgb '\(node.fill)' fs solid 1 border lc rgb '#333333' lw 1.5 front"
            switch node.shape {
            case .circle(let radius):
                s.append("set object \(object) circle at \(num(node.x)),\(num(node.y)) size \(num(radius)) \(style)")
            case .box(let width, let height):
                s.append("set object \(object) rectangle center \(num(node.x)),\(num(node.y)) "
                    + "size \(num(width)),\(num(height)) \(style)")
            }
            label += 1
            s.append("set label \(label) \(quote(node.text)) at \(num(node.x)),\(num(node.y)) center front")
        }
        for text in d.texts {
            label += 1
            s.append("set label \(label) \(quote(text.text)) at \(num(text.x)),\(num(text.y)) "
                + "\(text.alignment.rawValue) front tc rgb '\(text.color)'")
        }
        s.append("plot NaN notitle")
        return s
    }
}
