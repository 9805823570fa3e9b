// Diagram: boxes and circles joined by labelled arrows, for drawing a network or a computational graph.
//
// A chapter places nodes at coordinates of its choosing (x to the right, y up, one unit the same
// length on both axes), joins them with edges and writes labels beside them. A Figure with a
// diagram is drawn by gnuplot's objects, arrows and labels (see DiagramScript.swift); the nodes
// cover the ends of the arrows, so an arrow runs from the rim of one node to the rim of the next.

public struct Diagram: Sendable {
    public enum Shape: Sendable, Equatable {
        /// A circle of the given radius (a neuron).
        case circle(radius: Double)
        /// A rectangle of the given width and height (an input, an operation, a loss).
        case box(width: Double, height: Double)
    }

    public struct Node: Sendable {
        /// The name edges use to refer to this node.
        public var id: String
        /// The text written inside the node.
        public var text: String
        public var x: Double
        public var y: Double
        public var shape: Shape
        /// Fill colour, "#rrggbb".
        public var fill: String
        public init(_ id: String, _ text: String, x: Double, y: Double, shape: Shape = .circle(radius: 0.45),
                    fill: String = "#ffffff") {
            self.id = id
            self.text = text
            self.x = x
            self.y = y
            self.shape = shape
            self.fill = fill
        }
    }

    public struct Edge: Sendable {
        public var from: String
        public var to: String
        /// Written on the edge (on an opaque background, so crossing edges stay readable).
        public var label: String?
        /// Where along the edge the label sits: 0 at the start, 1 at the end.
        public var labelAt: Double
        public var color: String
        public init(_ from: String, _ to: String, label: String? = nil, labelAt: Double = 0.5,
                    color: String = "#555555") {
            self.from = from
            self.to = to
            self.label = label
            self.labelAt = labelAt
            self.color = color
        }
    }

    /// Free text at a point: a value beside a node, a heading over a column of nodes.
    public struct Text: Sendable {
        public enum Alignment: String, Sendable { case left, center, right }
        public var text: String
        public var x: Double
        public var y: Double
        public var color: String
        public var alignment: Alignment
        public init(_ text: String, x: Double, y: Double, color: String = "#000000", alignment: Alignment = .center) {
            self.text = text
            self.x = x
            self.y = y
            self.color = color
            self.alignment = alignment
        }
    }

    public var nodes: [Node]
    public var edges: [Edge]
    public var texts: [Text]
    /// The part of the plane that is drawn.
    public var xRange: ClosedRange<Double>
    public var yRange: ClosedRange<Double>

    public init(nodes: [Node], edges: [Edge], texts: [Text] = [], xRange: ClosedRange<Double>,
                yRange: ClosedRange<Double>) {
        let ids = nodes.map(\.id)
        precondition(Set(ids).count == ids.count, "diagram: two nodes share an id (\(ids))")
        for edge in edges {
            precondition(ids.contains(edge.from) && ids.contains(edge.to),
                         "diagram: the edge \(edge.from) → \(edge.to) names a node that is not in the diagram")
        }
        self.nodes = nodes
        self.edges = edges
        self.texts = texts
        self.xRange = xRange
        self.yRange = yRange
    }

    public func node(_ id: String) -> Node? { nodes.first { $0.id == id } }

    /// Where the straight line from `node`'s centre towards (tx, ty) leaves the node.
    static func rim(of node: Node, towards tx: Double, _ ty: Double) -> (x: Double, y: Double) {
        let dx = tx - node.x, dy = ty - node.y
        let length = (dx * dx + dy * dy).squareRoot()
        guard length > 0 else { return (node.x, node.y) }
        let distance: Double
        switch node.shape {
        case .circle(let radius):
            distance = radius
        case .box(let width, let height):
            // The smaller of the distances to the vertical and the horizontal sides.
            let toSide = dx == 0 ? Double.infinity : (width / 2) / abs(dx / length)
            let toTop = dy == 0 ? Double.infinity : (height / 2) / abs(dy / length)
            distance = min(toSide, toTop)
        }
        return (node.x + dx / length * distance, node.y + dy / length * distance)
    }

    /// The two ends of an edge: from the rim of its first node to the rim of its second.
    func ends(of edge: Edge) -> (from: (x: Double, y: Double), to: (x: Double, y: Double)) {
        let a = node(edge.from)!, b = node(edge.to)!
        return (Diagram.rim(of: a, towards: b.x, b.y), Diagram.rim(of: b, towards: a.x, a.y))
    }
}
