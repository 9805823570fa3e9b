// ChineseNames: the words of Chapter 6 that come from the data (the data set's description; its
// class names come from the engine, ClassNames, in both languages), for the Chinese page and a
// Chinese run.

import Engine
import Foundation
import Workbook

extension Chapter06 {
    /// `words` joined as Chinese is written: a space between Chinese and a Latin word or a number,
    /// none between two Chinese words ("0 被认成 6", "短靴被认成运动鞋").
    static func chineseJoin(_ words: [String]) -> String {
        words.dropFirst().reduce(words.first ?? "") { text, word in
            let wide = { (c: Character?) in c.map { DisplayWidth.of($0) == 2 } ?? true }
            return text + (wide(text.last) && wide(word.first) ? "" : " ") + word
        }
    }

    /// A name set in a Chinese sentence: in quotation marks if it is Chinese ("“包”"), so that it stands
    /// apart from the words around it; a digit or Latin name between spaces (" 9 ").
    static func quoted(_ name: String) -> String { DisplayWidth.of(name) > name.count ? "“\(name)”" : " \(name) " }

    /// The class name in English and Chinese (Fashion-MNIST's clothes in Chinese, digits as they are).
    static func className(_ name: String) -> Text { ClassNames.text(of: name) }

    /// The data set's name in Chinese (the engine's ImageDataset.name).
    var chineseDataName: String {
        dataOptions.folder != nil ? "MNIST 格式的图像" : dataOptions.dataset == .mnist ? "MNIST 手写数字" : "Fashion-MNIST"
    }

    /// The engine's description of the loaded data (DataSet.load), in Chinese, from the same counts.
    func chineseDescription(of data: DataSet.Splits) -> String {
        let (train, validation, test) = (data.train.count, data.validation.count, data.test.count)
        if dataOptions.folder == nil && dataOptions.dataset == .mnist {
            return """
                MNIST 手写数字：scripts/setup 取来的 \(train + validation + test) 张图像，按类别以 6:2:2 分成 \
                \(train) 张训练图像、\(validation) 张验证图像和 \(test) 张测试图像。
                """
        }
        return """
            \(chineseDataName)，取自 \(dataOptions.folder ?? DataSet.fashionFolder)：训练文件中的 \(train + validation) 张图像按类别分成 \
            \(train) 张训练图像和 \(validation) 张验证图像；另有 \(test) 张测试图像。
            """
    }
}
