// Results: how Chapter 6's model does on the test set, where it goes wrong, and what its hidden
// units look at.

import Engine
import Foundation
import Workbook

extension Chapter06 {
    // MARK: - Results

    func results(_ nb: Notebook, _ network: Sequential, _ test: ImageDataset, _ history: History) throws -> Evaluation {
        nb.section("Results on the test set")
        let result = network.evaluate(on: test)
        nb.result("test accuracy", String(format: "%.2f%%", 100 * result.accuracy))
        nb.result("test loss", fixed(result.loss, 4))
        let best = history.validationAccuracy.max()!
        nb.result("best validation accuracy",
                  String(format: "%.2f%% (epoch %d)", 100 * best, history.epoch[history.validationAccuracy.firstIndex(of: best)!]))
        let p = Double(result.accuracy), n = Double(test.count)
        let standardError = (p * (1 - p) / n).squareRoot()
        nb.result("spread of an accuracy of \(String(format: "%.2f%%", 100 * p)) on \(test.count) images, √(p(1 − p)/n)",
                  String(format: "%.2f points", 100 * standardError))
        let gap = p - history.validationAccuracy.last!
        nb.text("""
            The test accuracy can come out above the best validation accuracy although the test images were \
            never used for any choice: each is a percentage of a different set of images, and a percentage \
            measured on \(test.count) images has a spread of about √(p(1 − p)/n), the standard error printed \
            above; the difference of two such percentages, about √2 times that, \
            \(String(format: "%.2f", 100 * 2.squareRoot() * standardError)) points. The final network scores \
            \(String(format: "%.2f", 100 * abs(gap))) points \(gap >= 0 ? "higher" : "lower") on the test images \
            than on the validation images\(abs(gap) > 2 * 2.squareRoot() * standardError ? ", more than twice that spread: chance alone rarely gives so much, so these validation images are probably harder than the test images too" : ", within what chance alone gives").
            """)

        var curves = Figure(name: "ch06-curves", title: "Training curves: loss (left axis) and accuracy (right axis)",
                            xLabel: "epoch", yLabel: "loss (cross-entropy)")
        let epochs = history.epoch.map(Double.init)
        curves.y2Label = "accuracy (%)"
        curves.series = [
            Series("train loss", x: epochs, y: history.trainLoss, color: "#1f77b4"),
            Series("validation loss", x: epochs, y: history.validationLoss, style: .dashed, color: "#1f77b4"),
            Series("train accuracy", x: epochs, y: history.trainAccuracy.map { 100 * $0 }, axis: .right, color: "#d62728"),
            Series("validation accuracy", x: epochs, y: history.validationAccuracy.map { 100 * $0 }, style: .dashed,
                   axis: .right, color: "#d62728"),
        ]
        curves.legend = .outside
        curves.width = 900
        try nb.figure(curves)
        try writeMetricsCSV(nb, history)

        let classes = test.classCount
        let confusion = ConfusionMatrix(truth: result.labels, predicted: result.predictions, classes: classes)
        nb.section("The confusion matrix")
        nb.text("""
            Row = the true class, column = the network's answer; the diagonal holds the correct answers. \
            The cells off the diagonal show which classes the network mixes up. A class's recall is the share \
            of its images that the network recognised: the diagonal cell divided by the row's total.
            """)
        let names = test.classNames
        nb.table(["true \\ predicted"] + names + ["recall"], (0..<classes).map { t in
            [names[t]] + confusion.counts[t].map(String.init) + [String(format: "%.1f%%", 100 * confusion.recall(t))]
        })
        for m in confusion.mostCommonMistakes(3) {
            nb.result("\(names[m.truth]) taken for \(names[m.predicted])", "\(m.count) times")
        }
        var heat = Figure(name: "ch06-confusion", title: "Confusion matrix on the \(test.count) test images",
                          xLabel: "predicted class", yLabel: "true class")
        heat.heatMap = HeatMap(values: confusion.counts.map { $0.map(Double.init) }, rowLabels: names, columnLabels: names)
        heat.width = 640
        heat.height = 600
        try nb.figure(heat)
        return result
    }

    /// The per-epoch numbers, for readers who want to draw their own charts.
    func writeMetricsCSV(_ nb: Notebook, _ history: History) throws {
        guard !options.noPlots else { return }
        var csv = "epoch,train_loss,train_accuracy,validation_loss,validation_accuracy\n"
        for i in history.epoch.indices {
            csv += String(format: "%d,%.6f,%.6f,%.6f,%.6f\n", history.epoch[i], history.trainLoss[i],
                          history.trainAccuracy[i], history.validationLoss[i], history.validationAccuracy[i])
        }
        let path = (options.plotsDir as NSString).appendingPathComponent("ch06-metrics.csv")
        try AtomicFile.write(Data(csv.utf8), to: path)
        nb.output("  [data] \(path): the numbers behind the curves", page: "  [data] plots/ch06-metrics.csv")
    }

    // MARK: - Mistakes

    func mistakes(_ nb: Notebook, _ test: ImageDataset, _ result: Evaluation) throws {
        nb.section("The mistakes")
        let wrong = result.labels.indices.filter { result.labels[$0] != result.predictions[$0] }
        nb.text("""
            \(wrong.count) of \(test.count) test images are misclassified. Here are the first ones, with the \
            true label and the network's answer. Many are hard for people too.
            """)
        let shown = Array(wrong.prefix(30))
        var grid = Figure(name: "ch06-mistakes", title: "Misclassified test images: true → predicted")
        grid.imageGrid = ImageGrid(images: shown.map { test.image($0).map { Float($0) } }, columns: 10,
                                   captions: shown.map { "\(test.classNames[result.labels[$0]]) → \(test.classNames[result.predictions[$0]])" })
        grid.width = 760
        grid.height = 300
        try nb.figure(grid)
    }

    // MARK: - Hidden units

    func hiddenUnits(_ nb: Notebook, _ network: Sequential) throws {
        nb.section("What the hidden units look at")
        nb.text("""
            Each hidden unit has one weight per pixel, so its 784 weights can be drawn as a 28×28 image: \
            red where ink raises the unit's output, blue where ink lowers it. 3Blue1Brown hoped for neat \
            strokes and loops; real units learn blurrier, partly random patterns that only make sense together.
            """)
        let w = network.denseLayers[0].weights.value   // 784 × hidden
        let units = Array(0..<min(24, w.cols))
        var figure = Figure(name: "ch06-hidden-weights", title: "Weights of the first \(units.count) hidden units")
        figure.imageGrid = ImageGrid(images: units.map { w.column($0) }, columns: 12,
                                     captions: units.map { "unit \($0)" }, palette: .diverging)
        figure.width = 860
        figure.height = 230
        try nb.figure(figure)
    }
}
