// TrainingOptions: the flags of a training run that recur from chapter to chapter, each with its
// range declared once (NumericOption), under the defaults the chapter gives:
//
//   --epochs N        epochs of training (1–1000)
//   --batch-size N    samples per mini-batch (1–4096)
//
//     enum Defaults: TrainingDefaults { static let epochs = 30 }
//     @OptionGroup var training: TrainingOptions<Defaults>

import ArgumentParser

/// A chapter's defaults for its TrainingOptions.
public protocol TrainingDefaults {
    static var epochs: Int { get }
    /// 64 unless the chapter says otherwise.
    static var batchSize: Int { get }
}

extension TrainingDefaults {
    public static var batchSize: Int { 64 }
}

public struct TrainingOptions<Defaults: TrainingDefaults>: ParsableArguments {
    public static var epochsOption: NumericOption<Int> {
        NumericOption("--epochs", 1...1000, Text(en: "Epochs of training", zh: "训练的轮数"))
    }

    public static var batchSizeOption: NumericOption<Int> {
        NumericOption("--batch-size", 1...4096, Text(en: "Samples per mini-batch", zh: "每个小批量的样本数"))
    }

    @Option(help: Self.epochsOption.help)
    public var epochs: Int = Defaults.epochs

    @Option(help: Self.batchSizeOption.help)
    public var batchSize: Int = Defaults.batchSize

    public init() {}

    public func validate() throws {
        try Self.epochsOption.check(epochs)
        try Self.batchSizeOption.check(batchSize)
    }
}
