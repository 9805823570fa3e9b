// TrainingDiverged: the error that stops training when the loss or a weight stops being a finite number.

import Foundation

/// Training stopped because the loss or a weight stopped being a finite number.
///
/// The engine says what happened; a chapter that knows its flags adds what to change.
public struct TrainingDiverged: Error, CustomStringConvertible, Equatable {
    /// 1 for the first epoch.
    public let epoch: Int
    /// Where in the epoch ("batch 3 of 47", "its last batch"), when it is worth saying.
    public let place: String?
    /// The learning rate at that moment.
    public let learningRate: Double
    /// What stopped being finite: "the softmax cross-entropy loss became NaN".
    public let what: String
    /// The same in Chinese ("softmax 交叉熵损失变成了 NaN"), for a chapter that talks Chinese.
    public let whatChinese: String?

    public init(epoch: Int, place: String? = nil, learningRate: Double, what: String, whatChinese: String? = nil) {
        self.epoch = epoch
        self.place = place
        self.learningRate = learningRate
        self.what = what
        self.whatChinese = whatChinese
    }

    public var description: String {
        "Training diverged in epoch \(epoch)\(place.map { ", \($0)," } ?? ""), with learning rate "
            + "\(String(format: "%g", learningRate)): \(what)."
    }
}

extension TrainingDiverged {
    /// The loss of `lossFunction` became `loss`, NaN or infinite, said in English and in Chinese.
    static func loss(_ loss: Float, of lossFunction: LossFunction, epoch: Int, place: String,
                     learningRate: Float) -> TrainingDiverged {
        let became = loss.isNaN ? (en: "NaN", zh: " NaN") : (en: "infinite", zh: "无穷大")
        return TrainingDiverged(epoch: epoch, place: place, learningRate: Double(learningRate),
                                what: "the \(lossFunction.name) loss became \(became.en)",
                                whatChinese: "\(lossFunction.chineseName ?? lossFunction.name)损失变成了\(became.zh)")
    }
}
