// Language as the workbook uses it: the value of --lang, and the page a chapter writes in it.
// (Text and Language themselves live in Bilingual, below the engine, so that the engine's messages
// are bilingual too; every chapter that imports Workbook sees them.)

@_exported import Bilingual
import ArgumentParser

extension Language: ExpressibleByArgument {
    /// The file name of a chapter's page in this language: README.md, README.zh.md.
    public var pageName: String {
        switch self {
        case .en: "README.md"
        case .zh: "README.zh.md"
        }
    }
}
