// OptionCheck: every numeric option has a range, checked before any work starts.
//
// A value outside its range is refused with a message that names the flag, the value and the range,
// so the reader knows what to type instead. A chapter declares each range once, as a NumericOption,
// which writes it into the flag's help and calls these from the chapter's `validate()`.

import ArgumentParser
import Engine
import Foundation

public enum OptionCheck {
    /// Refuses `value` unless it lies in `range`.
    public static func check<T: Comparable>(_ value: T, in range: ClosedRange<T>, flag: String) throws {
        guard range.contains(value) else {
            throw ValidationError(Text(en: "\(flag) must be between \(range.lowerBound) and \(range.upperBound), got \(value).",
                                       zh: "\(flag) 必须在 \(range.lowerBound) 到 \(range.upperBound) 之间，收到的是 \(value)。"))
        }
    }

    /// Refuses a learning rate that is not a positive number up to `maximum`, or that is too small to
    /// be a step at all once it is a Float (the engine computes in Float).
    public static func checkLearningRate(_ rate: Double, flag: String = "--learning-rate", maximum: Double = 10)
        throws {
        guard rate.isFinite, rate > 0, rate <= maximum else {
            throw ValidationError(Text(en: "\(flag) must be a positive number up to \(maximum), got \(rate). Try 0.1.",
                                       zh: "\(flag) 必须是不超过 \(maximum) 的正数，收到的是 \(rate)。试试 0.1。"))
        }
        guard Float(rate).isNormal else {
            throw ValidationError(Text(en: "\(flag) \(rate) is too small to move any weight in Float arithmetic. Try 0.001.",
                                       zh: "\(flag) \(rate) 太小了：在 Float 运算里它挪不动任何权重。试试 0.001。"))
        }
    }
}

extension TrainingDiverged {
    /// The engine's account of what happened, with what to change: a learning rate ten times smaller.
    public func advising(flag: String = "--learning-rate") -> WorkbookError {
        let smaller = String(format: "%g", learningRate / 10)
        return WorkbookError(Text(en: "\(message.en) The learning rate is probably too large: try \(flag) \(smaller).",
                                  zh: "\(message.in(.zh))学习率多半太大了：试试 \(flag) \(smaller)。"))
    }
}

/// Runs `body`; if training diverges, says which flag to change (see TrainingDiverged.advising).
public func advisingOnDivergence<T>(flag: String = "--learning-rate", _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let diverged as TrainingDiverged {
        throw diverged.advising(flag: flag)
    }
}
