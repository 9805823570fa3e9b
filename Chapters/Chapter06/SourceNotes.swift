// SourceNotes: where the beginner's overview among the Chinese notes this chapter teaches from is
// loose or mistaken, said beside the idea it is about, with the numbers of this run.

import Engine
import Foundation
import Workbook

extension Chapter06 {
    /// The overview calls standardisation a squeeze into a small fixed interval; it is not one.
    func standardisationIsNotARange(_ nb: Notebook, _ standardised: Matrix) throws {
        nb.text(Text(en: """
            A caution about the beginner's overview among the notes: it describes standardisation as scaling \
            the data "so that it falls into a small, specific interval", and then as turning it into a \
            standard normal distribution, with mean 0 and variance 1. Only the second is standardisation. A \
            fixed interval is what normalisation gives: after /255 every pixel lies in [0, 1], whatever the \
            images. Standardisation fixes the mean and the spread, not the ends:
            """, zh: """
            读入门综述时要留意：它说标准化是“將數據按比例縮放，使之落入一個小的特定區間”，接着又说\
            “將數據轉化為標準的正態分布，均值為0，方差為1”。只有后一句说的是标准化。落入固定区间的是\
            归一化：除以 255 之后，不管是什么图像，每个像素都在 [0, 1] 里。标准化固定的是均值和标准差，\
            而不是两端：
            """))
        nb.result(Text(en: "smallest pixel after standardising (train)", zh: "标准化之后最小的像素值（训练集）"),
                  fixed(standardised.data.min()!, 4))
        nb.result(Text(en: "largest pixel after standardising (train)", zh: "标准化之后最大的像素值（训练集）"),
                  fixed(standardised.data.max()!, 4))
        nb.text(Text(en: """
            These ends come from these particular images; other images would give others. A value k \
            standard deviations from the mean becomes k, however large k is.
            """, zh: """
            这两个端点来自这一批图像，换一批图像就会不同。离均值 k 个标准差的值，标准化之后就是 k，\
            不管 k 有多大。
            """))
    }

    /// The overview's one-hot vector for the third of seven days has six entries.
    func oneHotForSevenDays(_ nb: Notebook) {
        nb.text(Text(en: """
            The beginner's overview shows one-hot encoding on the seven days of a week: the third day "can \
            be encoded as [0,0,1,0,0,00]". Its last two zeros have run together, so the vector shows six \
            entries; seven days need seven numbers, one per day:
            """, zh: """
            入门综述用一周七天举独热编码的例子：“一周七天，第三天可以編碼為 [0,0,1,0,0,00]”。最后两个 0 \
            粘在了一起，向量只剩下六个分量；七天要用七个数，每天一个：
            """))
        nb.result(Text(en: "day 3 of 7 as one-hot", zh: "一周七天中第 3 天的独热编码"),
                  "(" + oneHot([2], classes: 7).data.map { fixed($0, 0) }.joined(separator: ", ") + ")")
    }

    /// The overview says training drives the loss to 0; the overfitting experiment shows what a
    /// training loss near 0 means.
    func lossNearZero(_ nb: Notebook, images: Int, epochs: Int, trainLoss: Double, bestValidation: Double,
                      bestEpoch: Int, finalValidation: Double) {
        nb.text(Text(en: """
            The beginner's overview says the aim of training is a loss that finally reaches 0. Without the \
            penalty the training loss here came close: \(fixed(trainLoss, 4)) after \(epochs) epochs. But \
            that was the network memorising its \(images) images: on the validation images the loss was \
            lowest at epoch \(bestEpoch), \(fixed(bestValidation, 4)), and ended at \(fixed(finalValidation, 4)). \
            The aim is a loss as small as possible on images the network has not seen; a training loss near \
            0 is, as here, more often a sign of overfitting than of success.
            """, zh: """
            入门综述说，训练的目的是“讓損失函數值最終為0”。不加惩罚时，这里的训练损失确实接近了 0：\
            \(epochs) 轮之后是 \(fixed(trainLoss, 4))。可那是网络把这 \(images) 张图像背了下来：验证损失在\
            第 \(bestEpoch) 轮最低（\(fixed(bestValidation, 4))），最后是 \(fixed(finalValidation, 4))。训练真正\
            要的，是在没见过的图像上损失尽可能小；像这里这样把训练损失压到接近 0，往往是过拟合的信号，\
            而不是成功的标志。
            """))
    }
}
