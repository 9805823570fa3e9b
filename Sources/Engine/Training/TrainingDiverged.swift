// TrainingDiverged: the error that stops training when the loss or a weight stops being a finite number.

import Bilingual
import Foundation

/// Training stopped because the loss or a weight stopped being a finite number.
///
/// The engine says what happened, in English and in Chinese; a chapter that knows its flags adds what
/// to change (see the workbook's `advising(flag:)`).
public struct TrainingDiverged: Error, CustomStringConvertible, Equatable {
    /// Where in an epoch training stopped.
    public enum Place: Equatable, Sendable {
        /// Mini-batch `batch` (1 for the first) of `count`.
        case batch(Int, of: Int)
        /// After the epoch's last mini-batch (a weight overflowed in the last step).
        case afterLastBatch

        /// "batch 3 of 47", "its last batch"; "第 3 个小批量（共 47 个）", "最后一个小批量之后".
        public var text: Text {
            switch self {
            case .batch(let b, let count): Text(en: "batch \(b) of \(count)", zh: "第 \(b) 个小批量（共 \(count) 个）")
            case .afterLastBatch: Text(en: "its last batch", zh: "最后一个小批量之后")
            }
        }
    }

    /// 1 for the first epoch.
    public let epoch: Int
    /// Where in the epoch, when it is worth saying.
    public let place: Place?
    /// The learning rate at that moment.
    public let learningRate: Double
    /// What stopped being finite: "the softmax cross-entropy loss became NaN".
    public let what: Text

    public init(epoch: Int, place: Place? = nil, learningRate: Double, what: Text) {
        self.epoch = epoch
        self.place = place
        self.learningRate = learningRate
        self.what = what
    }

    /// What happened, in both languages: "Training diverged in epoch 2, batch 3 of 47, with learning
    /// rate 10: the softmax cross-entropy loss became NaN."
    public var message: Text {
        let rate = String(format: "%g", learningRate)
        return Text(
            en: "Training diverged in epoch \(epoch)\(place.map { ", \($0.text.en)" } ?? ""), with learning rate "
                + "\(rate): \(what.en).",
            zh: "训练在第 \(epoch) 轮\(place.map { "的\($0.text.in(.zh))" } ?? "")发散了（学习率 \(rate)）：\(what.in(.zh))。")
    }

    public var description: String { message.en }
}

extension TrainingDiverged {
    /// The loss of `lossFunction` became `loss`, NaN or infinite.
    static func loss(_ loss: Float, of lossFunction: LossFunction, epoch: Int, place: Place,
                     learningRate: Float) -> TrainingDiverged {
        let became = loss.isNaN ? Text(en: "NaN", zh: " NaN") : Text(en: "infinite", zh: "无穷大")
        return TrainingDiverged(epoch: epoch, place: place, learningRate: Double(learningRate),
                                what: Text(en: "the \(lossFunction.name.en) loss became \(became.en)",
                                           zh: "\(lossFunction.name.in(.zh))损失变成了\(became.in(.zh))"))
    }

    /// The parameter `name` stopped being finite in the epoch's last step.
    static func parameter(_ name: String, epoch: Int, learningRate: Float) -> TrainingDiverged {
        TrainingDiverged(epoch: epoch, place: .afterLastBatch, learningRate: Double(learningRate),
                         what: Text(en: "\(name) stopped being finite", zh: "\(name) 不再是有限的数"))
    }
}
