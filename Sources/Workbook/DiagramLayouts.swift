// DiagramLayouts: ready-made diagrams that several chapters draw.

extension Diagram {
    /// The 2-2-1 network of Chapters 1, 4 and 5: inputs x₁, x₂ (boxes: they hold numbers, they are
    /// not neurons), hidden neurons h₁, h₂ and the output neuron o₁, with w₁…w₆ on the edges and
    /// b₁…b₃ beside the neurons. `weights` and `biases` are the labels written there, so a chapter
    /// can write "w₁" or "w₁ = 1".
    public static func twoTwoOne(weights: [String] = ["w₁", "w₂", "w₃", "w₄", "w₅", "w₆"],
                                 biases: [String] = ["b₁", "b₂", "b₃"],
                                 inputs: [String] = ["x₁", "x₂"]) -> Diagram {
        precondition(weights.count == 6 && biases.count == 3 && inputs.count == 2,
                     "a 2-2-1 network has 2 inputs, 6 weights and 3 biases")
        let inputWidth = inputs.map(\.count).max()! > 3 ? 1.5 : 0.9
        let input = Shape.box(width: inputWidth, height: 0.7), neuron = Shape.circle(radius: 0.45)
        let hiddenFill = "#deebf7", outputFill = "#fde0c5"
        let nodes = [
            Node("x1", inputs[0], x: 0, y: 2, shape: input, fill: "#eeeeee"),
            Node("x2", inputs[1], x: 0, y: 0, shape: input, fill: "#eeeeee"),
            Node("h1", "h₁", x: 3.4, y: 2, shape: neuron, fill: hiddenFill),
            Node("h2", "h₂", x: 3.4, y: 0, shape: neuron, fill: hiddenFill),
            Node("o1", "o₁", x: 6.6, y: 1, shape: neuron, fill: outputFill),
            Node("out", "y_pred", x: 8.8, y: 1, shape: .box(width: 1.2, height: 0.6), fill: "#ffffff"),
        ]
        // Labels near the start of each input edge, where the crossing edges are still apart.
        let edges = [
            Edge("x1", "h1", label: weights[0], labelAt: 0.3), Edge("x2", "h1", label: weights[1], labelAt: 0.3),
            Edge("x1", "h2", label: weights[2], labelAt: 0.3), Edge("x2", "h2", label: weights[3], labelAt: 0.3),
            Edge("h1", "o1", label: weights[4], labelAt: 0.45), Edge("h2", "o1", label: weights[5], labelAt: 0.45),
            Edge("o1", "out"),
        ]
        let bias = "#8c564b"
        let texts = [
            Text("+ " + biases[0], x: 3.4, y: 2.75, color: bias), Text("+ " + biases[1], x: 3.4, y: -0.75, color: bias),
            Text("+ " + biases[2], x: 6.6, y: 0.25, color: bias),
            Text("input layer", x: 0, y: 3.4), Text("(numbers, not neurons)", x: 0, y: 3.0, color: "#555555"),
            Text("hidden layer", x: 3.4, y: 3.4), Text("output layer", x: 6.6, y: 3.4),
        ]
        return Diagram(nodes: nodes, edges: edges, texts: texts, xRange: -1.2...9.8, yRange: -1.3...3.8)
    }
}
