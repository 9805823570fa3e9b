// Language: the language a chapter prints in (--lang). English is the default; a chapter whose text
// gives no Chinese prints its English.

import ArgumentParser

public enum Language: String, CaseIterable, ExpressibleByArgument, Sendable {
    case en
    case zh

    /// The file name of a chapter's page in this language: README.md, README.zh.md.
    public var pageName: String {
        switch self {
        case .en: "README.md"
        case .zh: "README.zh.md"
        }
    }
}
