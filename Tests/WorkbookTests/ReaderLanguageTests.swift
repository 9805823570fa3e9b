import Engine
import Foundation
import Testing
@testable import Workbook

/// The reader's language before parsing: where --lang is found, help that fits 80 columns, and the
/// parser's frame around an error in Chinese.
@Suite struct ReaderLanguageTests {
    @Test func theLastLangOnTheCommandLineWins() {
        #expect(Language.requested(in: ["Chapter05"]) == .en)
        #expect(Language.requested(in: ["Chapter05", "--lang", "zh", "--epochs", "3"]) == .zh)
        #expect(Language.requested(in: ["Chapter05", "--lang=zh"]) == .zh)
        #expect(Language.requested(in: ["Chapter05", "--lang", "zh", "--lang", "en"]) == .en)
        #expect(Language.requested(in: ["Chapter05", "--lang", "fr"]) == .en)      // the parser refuses it later
        #expect(Language.requested(in: ["Chapter05", "--", "--lang", "zh"]) == .en)
    }

    @Test func chineseHelpComesWrappedToFitBesideTheOptionName() {
        let text = Text(en: "Random seed.", zh: "随机种子：同一个种子在任何机器上都给出同样的数字和图，所以每一幅图都能一模一样地重画出来。")
        let lines = DisplayWidth.wrap(text.in(.zh), width: Text.helpWidth).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { DisplayWidth.of(String($0)) <= Text.helpWidth })
        #expect(lines.joined() == text.in(.zh))
        #expect(26 + Text.helpWidth <= 80)                    // the parser starts help in column 26
    }

    @Test func theParsersFrameAroundAnErrorIsChinese() {
        let english = """
            Error: --epochs 必须在 1 到 100000 之间，收到的是 0。
            Usage: chapter05 [--epochs <epochs>]
              See 'chapter05 --help' for more information.
            """
        #expect(Chapter.chineseFrame(english) == """
            错误：--epochs 必须在 1 到 100000 之间，收到的是 0。
            用法：chapter05 [--epochs <epochs>]
              更多说明见 'chapter05 --help'。
            """)
    }

    @Test func aWorkbookErrorCarriesBothLanguages() {
        let error = WorkbookError(Text(en: "the model is missing", zh: "找不到模型"))
        #expect(error.description == "the model is missing" && error.message.in(.zh) == "找不到模型")
        // The workbook's own untranslated messages: English in both languages.
        #expect(WorkbookError("only English").message == Text(en: "only English", zh: nil))
        #expect(WorkbookError("only English").message.in(.zh) == "only English")
    }
}

/// A command to reach ChapterCommand's static helpers.
private struct Chapter: ChapterCommand {}
