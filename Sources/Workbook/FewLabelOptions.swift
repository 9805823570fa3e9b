// FewLabelOptions: the flags of a transfer experiment that learns a new task from a few labelled
// examples per class, averaged over several seeds (`@OptionGroup var fewLabels: FewLabelOptions`):
//
//   --labels-per-class K …   the numbers of labelled examples per class to try (each 1–1000)
//   --seeds N                seeds to average over (1–20)
//   --steps N                optimiser steps every approach is given (1–10000)

import ArgumentParser

public struct FewLabelOptions: ParsableArguments {
    public static let labelsPerClassOption = NumericOption(
        "--labels-per-class", 1...1000, Text(en: "Labelled examples per class to try, each", zh: "要试的每类带标签样本数，每个"),
        note: Text(en: "e.g. --labels-per-class 1 5 10", zh: "例如 --labels-per-class 1 5 10"))

    public static let seedsOption = NumericOption(
        "--seeds", 1...20, Text(en: "How many seeds (different labelled examples and starts) to average over",
                                zh: "对多少个种子取平均，每个种子换一批带标签的样本和初值"))

    public static let stepsOption = NumericOption(
        "--steps", 1...10000, Text(en: "Training budget of every approach: optimiser steps on the few labelled examples",
                                   zh: "每种做法的训练预算：在这些少量带标签的样本上，优化器走多少步"))

    @Option(parsing: .upToNextOption, help: Self.labelsPerClassOption.help)
    public var labelsPerClass: [Int] = [1, 2, 5, 10, 50]

    @Option(help: Self.seedsOption.help)
    public var seeds = 5

    @Option(help: Self.stepsOption.help)
    public var steps = 150

    public init() {}

    public func validate() throws {
        try Self.labelsPerClassOption.check(labelsPerClass)
        try Self.seedsOption.check(seeds)
        try Self.stepsOption.check(steps)
    }
}
