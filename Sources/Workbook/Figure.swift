// Figure: a small description of a chart, independent of how it is drawn.
//
// A chapter builds a Figure (series of lines and points, titles, axis labels, log axes, a contour
// or heat map of a 2-D function, a labelled matrix, a grid of images, a diagram of nodes and
// arrows) and hands it to the notebook, which renders it with gnuplot (see Gnuplot.swift) to a PNG
// in plots/ and, when asked, to the terminal.

public struct Figure: Sendable {
    /// File name without extension: `ch03-learning-rates` → plots/ch03-learning-rates.png.
    public var name: String
    public var title: String
    public var xLabel: String
    public var yLabel: String
    /// A label for a second y axis on the right (series with `axis: .right` use it).
    public var y2Label: String? = nil
    public var series: [Series] = []
    public var logX = false
    public var logY = false
    public var xRange: ClosedRange<Double>? = nil
    public var yRange: ClosedRange<Double>? = nil
    public var y2Range: ClosedRange<Double>? = nil
    /// Contour lines (and optionally a colour map) of z = f(x, y), drawn under the series.
    public var surface: Surface? = nil
    /// A matrix drawn as coloured cells with its values written in them (a confusion matrix).
    public var heatMap: HeatMap? = nil
    /// A grid of small grey-scale images with captions (digits, learned weights).
    public var imageGrid: ImageGrid? = nil
    /// Nodes joined by labelled arrows (a network, a computational graph), drawn instead of axes.
    public var diagram: Diagram? = nil
    /// Text placed at data coordinates.
    public var annotations: [Annotation] = []
    public var legend: Legend = .topRight
    /// Named tick marks on the x axis instead of numbers: [(0, "cat"), (1, "dog")].
    public var xTicks: [(position: Double, label: String)]? = nil
    /// Keep x and y on the same scale (for 2-D descent paths on contours).
    public var equalAxes = false
    public var width = 800
    public var height = 520

    public init(name: String, title: String, xLabel: String = "", yLabel: String = "") {
        self.name = name
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    public enum Legend: String, Sendable {
        case topRight = "top right", topLeft = "top left", bottomRight = "bottom right",
             bottomLeft = "bottom left", outside = "outside right top", none
    }
}

public struct Series: Sendable {
    public enum Style: Sendable { case lines, points, linesPoints, dashed, impulses, bars(width: Double) }
    public enum Axis: Sendable { case left, right }
    public var title: String
    public var x: [Double]
    public var y: [Double]
    public var style: Style
    public var axis: Axis
    /// A gnuplot colour name or "#rrggbb"; nil picks the next colour of the palette.
    public var color: String?
    public var lineWidth: Double
    /// Optional error bars (± spread) for each point.
    public var yError: [Double]?

    public init(_ title: String, x: [Double], y: [Double], style: Style = .lines, axis: Axis = .left,
                color: String? = nil, lineWidth: Double = 2, yError: [Double]? = nil) {
        precondition(x.count == y.count, "series '\(title)': \(x.count) x values but \(y.count) y values")
        self.title = title
        self.x = x
        self.y = y
        self.style = style
        self.axis = axis
        self.color = color
        self.lineWidth = lineWidth
        self.yError = yError
    }

    /// A series from y values at x = 0, 1, 2, …
    public init(_ title: String, y: [Double], style: Style = .lines, axis: Axis = .left, color: String? = nil) {
        self.init(title, x: y.indices.map(Double.init), y: y, style: style, axis: axis, color: color)
    }

    /// A series sampling f on [from, to] at `samples` evenly spaced points.
    public init(_ title: String, from: Double, to: Double, samples: Int = 200, style: Style = .lines,
                color: String? = nil, _ f: (Double) -> Double) {
        let xs = (0..<samples).map { from + (to - from) * Double($0) / Double(samples - 1) }
        self.init(title, x: xs, y: xs.map(f), style: style, color: color)
    }
}

public struct Surface: Sendable {
    public var xs: [Double]
    public var ys: [Double]
    /// z[j][i] = f(xs[i], ys[j]).
    public var z: [[Double]]
    /// Contour levels; nil lets gnuplot choose.
    public var levels: [Double]?
    /// Fill the background with a colour map of z as well as drawing contour lines.
    public var colorMap: Bool

    public init(x: ClosedRange<Double>, y: ClosedRange<Double>, samples: Int = 81, levels: [Double]? = nil,
                colorMap: Bool = true, _ f: (Double, Double) -> Double) {
        xs = (0..<samples).map { x.lowerBound + (x.upperBound - x.lowerBound) * Double($0) / Double(samples - 1) }
        ys = (0..<samples).map { y.lowerBound + (y.upperBound - y.lowerBound) * Double($0) / Double(samples - 1) }
        let xs = self.xs
        z = ys.map { yv in xs.map { xv in f(xv, yv) } }
        self.levels = levels
        self.colorMap = colorMap
    }
}

public struct HeatMap: Sendable {
    /// values[row][col]; row 0 is drawn at the top.
    public var values: [[Double]]
    public var rowLabels: [String]
    public var columnLabels: [String]
    /// How each cell's value is written (e.g. "%.0f").
    public var cellFormat: String

    public init(values: [[Double]], rowLabels: [String], columnLabels: [String], cellFormat: String = "%.0f") {
        self.values = values
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.cellFormat = cellFormat
    }
}

public struct ImageGrid: Sendable {
    public enum Palette: Sendable { case gray, diverging }
    /// Each image is width·height values, row-major, top row first.
    public var images: [[Float]]
    public var width: Int
    public var height: Int
    public var columns: Int
    public var captions: [String]
    /// `.gray`: 0 is white, the largest value black (ink on paper). `.diverging`: blue < 0 < red,
    /// each image scaled by its own largest magnitude (learned weights).
    public var palette: Palette

    public init(images: [[Float]], width: Int = 28, height: Int = 28, columns: Int, captions: [String] = [],
                palette: Palette = .gray) {
        self.images = images
        self.width = width
        self.height = height
        self.columns = columns
        self.captions = captions
        self.palette = palette
    }
}

public struct Annotation: Sendable {
    public var text: String
    public var x: Double
    public var y: Double
    /// Draw a point marker at (x, y) as well.
    public var marker: Bool
    public init(_ text: String, x: Double, y: Double, marker: Bool = true) {
        self.text = text
        self.x = x
        self.y = y
        self.marker = marker
    }
}
