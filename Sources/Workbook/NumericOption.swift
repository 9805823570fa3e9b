// NumericOption: a numeric flag's range, declared once. The same declaration writes the range into the
// flag's help, in the reader's language, and checks the value against it before any work starts.
//
//     static let epochs = NumericOption("--epochs", 1...1000, Text(en: "Epochs of training", zh: "训练的轮数"))
//
//     @Option(help: Self.epochs.help) var epochs = 30
//     func validate() throws { try Self.epochs.check(epochs) }
//
// `--help` then says "Epochs of training (1–1000)." (「训练的轮数（1–1000）。」with --lang zh), and
// `--epochs 0` is refused with "--epochs must be between 1 and 1000, got 0."

import ArgumentParser
import Engine
import Foundation

public struct NumericOption<Value: Comparable & Sendable>: Sendable {
    /// The flag as the reader types it ("--epochs").
    public let flag: String
    public let range: ClosedRange<Value>
    /// What the value means, without its range: "Epochs of training".
    public let meaning: Text
    /// Said after the range, inside the same brackets: "0 turns it off".
    public let note: Text?
    private let isLearningRate: Bool

    public init(_ flag: String, _ range: ClosedRange<Value>, _ meaning: Text, note: Text? = nil) {
        self.init(flag, range, meaning, note: note, isLearningRate: false)
    }

    private init(_ flag: String, _ range: ClosedRange<Value>, _ meaning: Text, note: Text?, isLearningRate: Bool) {
        self.flag = flag
        self.range = range
        self.meaning = meaning
        self.note = note
        self.isLearningRate = isLearningRate
    }

    /// The flag's help: its meaning, its range and its note, in the reader's language.
    public var help: ArgumentHelp { helpText.help }

    /// The help before it is wrapped for the terminal, in both languages.
    public var helpText: Text {
        let bounds = isLearningRate
            ? Text(en: "up to \(Self.shown(range.upperBound))", zh: "最大 \(Self.shown(range.upperBound))")
            : Text("\(Self.shown(range.lowerBound))–\(Self.shown(range.upperBound))")
        return Text(en: "\(meaning.en) (\(bounds.en)\(note.map { "; " + $0.en } ?? "")).",
                    zh: "\(meaning.in(.zh))（\(bounds.in(.zh))\(note.map { "；" + $0.in(.zh) } ?? "")）。")
    }

    /// Refuses `value` unless it lies in the range (for a learning rate: unless it is a positive step
    /// up to the maximum that Float arithmetic can take).
    public func check(_ value: Value) throws {
        if isLearningRate, let rate = value as? Double, let maximum = range.upperBound as? Double {
            try OptionCheck.checkLearningRate(rate, flag: flag, maximum: maximum)
        } else {
            try OptionCheck.check(value, in: range, flag: flag)
        }
    }

    /// Refuses an empty list, or any value of the list outside the range.
    public func check(_ values: [Value]) throws {
        guard !values.isEmpty else {
            throw ValidationError(Text(en: "\(flag) needs at least one number.", zh: "\(flag) 至少要给一个数。"))
        }
        for value in values { try check(value) }
    }

    /// A bound as the help shows it: 4096, 0.5, 1 (not 1.0).
    static func shown(_ bound: Value) -> String {
        if let number = bound as? Double { return String(format: "%g", number) }
        return "\(bound)"
    }
}

extension NumericOption where Value == Double {
    /// A learning rate: a positive number up to `maximum`, large enough to move a Float weight.
    public static func learningRate(_ meaning: Text, maximum: Double = 10, note: Text? = nil,
                                    flag: String = "--learning-rate") -> NumericOption {
        NumericOption(flag, 0...maximum, meaning, note: note, isLearningRate: true)
    }
}
