import ArgumentParser
import Engine
import Foundation
import Testing
@testable import Workbook

/// A numeric flag's range is declared once: the help shows it in both languages, and the check
/// refuses what lies outside it with the same numbers.
@Suite struct NumericOptionTests {
    @Test func theHelpShowsTheRangeInBothLanguages() {
        let epochs = NumericOption("--epochs", 1...1000, Text(en: "Epochs of training", zh: "训练的轮数"))
        #expect(epochs.helpText == Text(en: "Epochs of training (1–1000).", zh: "训练的轮数（1–1000）。"))
        let shift = NumericOption("--max-shift", 0...8, Text(en: "Random shift, in pixels", zh: "随机平移的像素数"),
                                  note: Text(en: "0 turns it off", zh: "0 表示不做"))
        #expect(shift.helpText == Text(en: "Random shift, in pixels (0–8; 0 turns it off).",
                                       zh: "随机平移的像素数（0–8；0 表示不做）。"))
        let decay = NumericOption("--weight-decay", 0.0...0.5, Text(en: "L2 penalty", zh: "L2 惩罚"))
        #expect(decay.helpText.en == "L2 penalty (0–0.5).")
        let rate = NumericOption<Double>.learningRate(Text(en: "Learning rate", zh: "学习率"), maximum: 1)
        #expect(rate.helpText == Text(en: "Learning rate (up to 1).", zh: "学习率（最大 1）。"))
        #expect(rate.flag == "--learning-rate")
    }

    @Test func theCheckRefusesWhatLiesOutsideTheRange() throws {
        let epochs = NumericOption("--epochs", 1...1000, Text(en: "Epochs of training"))
        try epochs.check(1)
        try epochs.check(1000)
        #expect(message { try epochs.check(0) } == "--epochs must be between 1 and 1000, got 0.")
        #expect(message { try epochs.check(1001) } == "--epochs must be between 1 and 1000, got 1001.")
        #expect(message { try epochs.check([1, 5, 2000]) } == "--epochs must be between 1 and 1000, got 2000.")
        #expect(message { try epochs.check([Int]()) } == "--epochs needs at least one number.")
    }

    @Test func aLearningRateMustBeAPositiveStepAFloatCanTake() throws {
        let rate = NumericOption<Double>.learningRate(Text(en: "Learning rate"), maximum: 10)
        try rate.check(0.001)
        try rate.check(10)
        #expect(message { try rate.check(0) } == "--learning-rate must be a positive number up to 10.0, got 0.0. Try 0.1.")
        #expect(message { try rate.check(11) } == "--learning-rate must be a positive number up to 10.0, got 11.0. Try 0.1.")
        #expect(message { try rate.check(1e-50) }?.contains("too small to move any weight") == true)
    }

    /// The message of the ValidationError `body` throws, or nil if it throws none.
    func message(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as ValidationError {
            return error.message
        } catch {
            return "\(error)"
        }
    }
}
