// Results: how Chapter 6's model does on the test set, where it goes wrong, and what its hidden
// units look at.

import Engine
import Foundation
import Workbook

extension Chapter06 {
    // MARK: - Results

    func results(_ nb: Notebook, _ network: Sequential, _ test: ImageDataset, _ history: History) throws -> Evaluation {
        nb.section(Text(en: "Results on the test set", zh: "测试集上的结果"))
        let result = network.evaluate(on: test)
        nb.result(Text(en: "test accuracy", zh: "测试准确率"), String(format: "%.2f%%", 100 * result.accuracy))
        nb.result(Text(en: "test loss", zh: "测试损失"), fixed(result.loss, 4))
        let best = history.validationAccuracy.max()!
        let bestEpoch = history.epoch[history.validationAccuracy.firstIndex(of: best)!]
        nb.result(Text(en: "best validation accuracy", zh: "最好的验证准确率"),
                  Text(en: String(format: "%.2f%% (epoch %d)", 100 * best, bestEpoch),
                       zh: String(format: "%.2f%%（第 %d 轮）", 100 * best, bestEpoch)))
        let p = Double(result.accuracy), n = Double(test.count)
        let standardError = (p * (1 - p) / n).squareRoot()
        nb.result(Text(en: "spread of an accuracy of \(String(format: "%.2f%%", 100 * p)) on \(test.count) images, √(p(1 − p)/n)",
                       zh: "在 \(test.count) 张图像上测得 \(String(format: "%.2f%%", 100 * p)) 的准确率，其波动 √(p(1 − p)/n)"),
                  Text(en: String(format: "%.2f points", 100 * standardError), zh: String(format: "%.2f 个百分点", 100 * standardError)))
        let gap = p - history.validationAccuracy.last!
        let differenceSpread = String(format: "%.2f", 100 * 2.squareRoot() * standardError)
        let beyondChance = abs(gap) > 2 * 2.squareRoot() * standardError
        nb.text(Text(en: """
            The test accuracy can come out above the best validation accuracy although the test images were \
            never used for any choice: each is a percentage of a different set of images, and a percentage \
            measured on \(test.count) images has a spread of about √(p(1 − p)/n), the standard error printed \
            above; the difference of two such percentages, about √2 times that, \
            \(String(format: "%.2f", 100 * 2.squareRoot() * standardError)) points. The final network scores \
            \(String(format: "%.2f", 100 * abs(gap))) points \(gap >= 0 ? "higher" : "lower") on the test images \
            than on the validation images\(beyondChance ? ", more than twice that spread: chance alone rarely gives so much, so these validation images are probably harder than the test images too" : ", within what chance alone gives").
            """, zh: """
            测试准确率可能比最好的验证准确率还高，尽管测试图像从没参与过任何选择：两者是在不同的图像上\
            算出的百分比，而在 \(test.count) 张图像上测得的百分比，有大约 √(p(1 − p)/n) 的波动，也就是上面\
            打印的标准误；两个这样的百分比之差，波动约为它的 √2 倍，即 \(differenceSpread) 个百分点。最终的\
            网络在测试图像上的得分比在验证图像上\(gap >= 0 ? "高" : "低") \(String(format: "%.2f", 100 * abs(gap))) 个百分点\
            \(beyondChance ? "，超过了这个波动的两倍：单凭偶然很少会差这么多，所以这批验证图像多半本身也比测试图像难" : "，在偶然波动的范围之内")。
            """))

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
        try nb.figure(curves, zh: "训练曲线：损失（左轴）和准确率（右轴）")
        try writeMetricsCSV(nb, history)

        let classes = test.classCount
        let confusion = ConfusionMatrix(truth: result.labels, predicted: result.predictions, classes: classes)
        nb.section(Text(en: "The confusion matrix", zh: "混淆矩阵"))
        nb.text(Text(en: """
            Row = the true class, column = the network's answer; the diagonal holds the correct answers. \
            The cells off the diagonal show which classes the network mixes up. A class's recall is the share \
            of its images that the network recognised: the diagonal cell divided by the row's total.
            """, zh: """
            行是真实类别，列是网络的回答；对角线上是答对的数目。对角线以外的格子显示网络把哪些类别弄混了。\
            一个类别的召回率，是它的图像中被网络认对的比例：对角线上的格子除以这一行的总数。
            """))
        let names = test.classNames.map(Self.className)
        nb.table([Text(en: "true \\ predicted", zh: "真实 \\ 预测")] + names + [Text(en: "recall", zh: "召回率")], (0..<classes).map { t in
            [names[t]] + confusion.counts[t].map { Text(en: String($0)) } + [Text(en: String(format: "%.1f%%", 100 * confusion.recall(t)))]
        })
        for m in confusion.mostCommonMistakes(3) {
            nb.result(Text(en: "\(names[m.truth].en) taken for \(names[m.predicted].en)",
                           zh: Self.chineseJoin([names[m.truth].in(.zh), "被认成", names[m.predicted].in(.zh)])), Text(en: "\(m.count) times", zh: "\(m.count) 次"))
        }
        var heat = Figure(name: "ch06-confusion", title: "Confusion matrix on the \(test.count) test images",
                          xLabel: "predicted class", yLabel: "true class")
        heat.heatMap = HeatMap(values: confusion.counts.map { $0.map(Double.init) }, rowLabels: test.classNames, columnLabels: test.classNames)
        heat.width = 640
        heat.height = 600
        try nb.figure(heat, zh: "\(test.count) 张测试图像上的混淆矩阵")
        return result
    }

    /// The per-epoch numbers, for readers who want to draw their own charts.
    func writeMetricsCSV(_ nb: Notebook, _ history: History) throws {
        // The page shows the file whether or not this run writes it, as it shows the figures.
        let page = "  [data] plots/ch06-metrics.csv"
        guard !options.noPlots else {
            nb.output(Text(en: "  [data] ch06-metrics.csv not written (--no-plots)", zh: "  [data] 没有写出 ch06-metrics.csv（--no-plots）"),
                      page: Text(en: page, zh: page))
            return
        }
        var csv = "epoch,train_loss,train_accuracy,validation_loss,validation_accuracy\n"
        for i in history.epoch.indices {
            csv += String(format: "%d,%.6f,%.6f,%.6f,%.6f\n", history.epoch[i], history.trainLoss[i],
                          history.trainAccuracy[i], history.validationLoss[i], history.validationAccuracy[i])
        }
        let path = (options.plotsDir as NSString).appendingPathComponent("ch06-metrics.csv")
        try AtomicFile.write(Data(csv.utf8), to: path)
        nb.output(Text(en: "  [data] \(path): the numbers behind the curves", zh: "  [data] \(path)：画这些曲线所用的数据"),
                  page: Text(en: page, zh: page))
    }

    // MARK: - Mistakes

    func mistakes(_ nb: Notebook, _ test: ImageDataset, _ result: Evaluation) throws {
        nb.section(Text(en: "The mistakes", zh: "分错的图像"))
        let wrong = result.labels.indices.filter { result.labels[$0] != result.predictions[$0] }
        nb.text(Text(en: """
            \(wrong.count) of \(test.count) test images are misclassified. Here are the first ones, with the \
            true label and the network's answer. Many are hard for people too.
            """, zh: """
            \(test.count) 张测试图像中有 \(wrong.count) 张分错了。下面是最前面的一些，标出了真实标签和\
            网络的回答。其中不少连人也很难认。
            """))
        let shown = Array(wrong.prefix(30))
        var grid = Figure(name: "ch06-mistakes", title: "Misclassified test images: true → predicted")
        grid.imageGrid = ImageGrid(images: shown.map { test.image($0).map { Float($0) } }, columns: 10,
                                   captions: shown.map { "\(test.classNames[result.labels[$0]]) → \(test.classNames[result.predictions[$0]])" })
        grid.width = 760
        grid.height = 300
        try nb.figure(grid, zh: "分错的测试图像：真实 → 预测")
    }

    // MARK: - Hidden units

    func hiddenUnits(_ nb: Notebook, _ network: Sequential) throws {
        nb.section(Text(en: "What the hidden units look at", zh: "隐藏单元在看什么"))
        nb.text(Text(en: """
            Each hidden unit has one weight per pixel, so its 784 weights can be drawn as a 28×28 image: \
            red where ink raises the unit's output, blue where ink lowers it. 3Blue1Brown hoped for neat \
            strokes and loops; real units learn blurrier, partly random patterns that only make sense together.
            """, zh: """
            每个隐藏单元对每个像素有一个权重，所以它的 784 个权重可以画成一幅 28×28 的图：红色是有墨迹\
            就让这个单元的输出变大的地方，蓝色是有墨迹就让输出变小的地方。3Blue1Brown 曾希望看到整齐的\
            笔画和圆圈；真实的单元学到的是更模糊、带几分随机的图案，只有合在一起才说得通。
            """))
        let w = network.denseLayers[0].weights.value   // 784 × hidden
        let units = Array(0..<min(24, w.cols))
        var figure = Figure(name: "ch06-hidden-weights", title: "Weights of the first \(units.count) hidden units")
        figure.imageGrid = ImageGrid(images: units.map { w.column($0) }, columns: 12,
                                     captions: units.map { "unit \($0)" }, palette: .diverging)
        figure.width = 860
        figure.height = 230
        try nb.figure(figure, zh: "前 \(units.count) 个隐藏单元的权重")
    }
}
